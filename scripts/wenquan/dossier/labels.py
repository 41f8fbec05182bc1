"""Chinese labels and units of dossier fields, read from the schema's titles and descriptions."""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

from wenquan.dossier.schemas import subschema_at
from wenquan.repo import schemas_dir

UNIT = re.compile(r"（单位：([^）]+)）")
NO_UNIT = {"无量纲"}


@lru_cache(maxsize=8)
def _schema(path: Path, mtime_ns: int) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


class Labels:
    """`label(("resources", "exploitable_m3_per_day"))` → "可采热流体量"; `unit(...)` → "立方米/天"."""

    def __init__(self, root: Path | None, kind: str = "dossier") -> None:
        path = schemas_dir(root) / f"{kind}.schema.json"
        self.schema = _schema(path, path.stat().st_mtime_ns)

    def node(self, path: tuple[Any, ...]) -> dict[str, Any]:
        return subschema_at(self.schema, path) or {}

    def label(self, path: tuple[Any, ...]) -> str:
        return str(self.node(path).get("title") or path[-1])

    def unit(self, path: tuple[Any, ...]) -> str:
        match = UNIT.search(str(self.node(path).get("description", "")))
        return match.group(1) if match and match.group(1) not in NO_UNIT else ""

    def fields(self, path: tuple[Any, ...], data: dict[str, Any]) -> list[tuple[tuple[Any, ...], Any]]:
        """The leaves under `path` in schema order, with their values (objects flattened, lists kept whole)."""
        node = self.node(path)
        out: list[tuple[tuple[Any, ...], Any]] = []
        for key, sub in node.get("properties", {}).items():
            if key not in data:
                continue
            value = data[key]
            if isinstance(value, dict) and "properties" in sub:
                out.extend(self.fields((*path, key), value))
            else:
                out.append(((*path, key), value))
        return out
