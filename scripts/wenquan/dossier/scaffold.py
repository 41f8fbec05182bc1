"""`wenquan new`: a dossier with every key of format v1 present, null where unknown, titles as comments."""

from __future__ import annotations

import json
import re
from typing import Any

from wenquan.errors import UserError
from wenquan.fsutil import write_text_atomic
from wenquan.repo import Repository

MODELINE = "# yaml-language-server: $schema=../../schemas/dossier.schema.json"
_UNIT = re.compile(r"（单位：([^）]+)）")


def _comment(schema: dict[str, Any]) -> str:
    title = schema.get("title", "")
    unit = _UNIT.search(schema.get("description", ""))
    if unit:
        title += f"（{unit.group(1)}）"
    if "enum" in schema:
        title += "：" + " | ".join(str(v) for v in schema["enum"] if v is not None)
    if schema.get("format") == "date":
        title += "，YYYY-MM-DD"
    return f"  # {title}" if title else ""


def _types(schema: dict[str, Any]) -> list[str]:
    kind = schema.get("type", [])
    return [kind] if isinstance(kind, str) else list(kind)


def yaml_lines(schema: dict[str, Any], values: dict[str, Any], indent: str,
           sources: dict[str, str] | None = None, prefix: str = "") -> list[str]:
    """Every key of `schema`, with the value given in `values` (nested like the data) or null.

    `sources` names, by dotted key, where a pre-filled value came from; it is written as a comment on its line."""
    sources = sources or {}
    out: list[str] = []
    for key, sub in schema.get("properties", {}).items():
        comment, path = _comment(sub), prefix + key
        given = values.get(key)
        if "object" in _types(sub) and "properties" in sub and (given is None or isinstance(given, dict)):
            out.append(f"{indent}{key}:{comment}")
            out.extend(yaml_lines(sub, given or {}, indent + "  ", sources, path + "."))
        elif key in values:
            source = sources.get(path)
            if source:
                comment = (comment or "  #") + f"；预填自{source}"
            out.append(f"{indent}{key}: {json.dumps(values[key], ensure_ascii=False)}{comment}")
        elif "array" in _types(sub):
            items = sub.get("items", {})
            if "properties" in items:
                out.append(f"{indent}{key}:{comment}")
                row = yaml_lines(items, {}, indent + "    ")
                out.append(f"{indent}  - " + row[0].lstrip())
                out.extend(row[1:])
            elif sub.get("minItems") == 2 and sub.get("maxItems") == 2:
                out.append(f"{indent}{key}: [null, null]{comment}")
            else:
                out.append(f"{indent}{key}: []{comment}")
        else:
            out.append(f"{indent}{key}: null{comment}")
    return out


def scaffold_text(schema: dict[str, Any], level: str, place: str, values: dict[str, Any] | None = None) -> str:
    """The new dossier's text; `values` (nested as the data) fill the keys they name, as an issue form does."""
    header = [MODELINE, f"# {place} 申报“中国温泉之{level}”的申报材料（格式 v1）。不知道的项写 null，不要写 0。",
              "# 每个键的含义、单位和可选值见行尾注释；写完后运行 wenquan validate 检查。"]
    body = yaml_lines(schema, {**(values or {}), "schema_version": 1, "level": level, "place": place}, "")
    return "\n".join(header + body) + "\n"


def create(repo: Repository, dossier_id: str, level: str, place: str, values: dict[str, Any] | None = None) -> str:
    folder = repo.dossier_dir(dossier_id)  # refuses what is not a dossier id
    if not place.strip():
        raise UserError("地点（--place）不能为空")
    target = folder / "dossier.yaml"
    if folder.exists():
        raise UserError(f"{folder}: 已存在，不会覆盖；请换一个编号")
    schema = json.loads((repo.schemas / "dossier.schema.json").read_text(encoding="utf-8"))
    text = scaffold_text(schema, level, place.strip(), values)
    (folder / "materials").mkdir(parents=True)
    write_text_atomic(target, text)
    return str(target.relative_to(repo.root))
