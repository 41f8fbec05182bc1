"""Published notices, frozen (管理办法 二、5): the text of a 公示 as it was published is written into the
dossier's records in the commit that starts the notice (`notices/<start>.md`, its SHA-256 in the event and in
workflow.yaml's `notice`), so the public page shows exactly what was published, whatever is amended later."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

FOLDER = "notices"


def relative(start: str) -> str:
    """Where the notice starting on `start` is kept, relative to the dossier's folder."""
    return f"{FOLDER}/{start}.md"


def digest(text: str | bytes) -> str:
    data = text.encode("utf-8") if isinstance(text, str) else text
    return hashlib.sha256(data).hexdigest()


def recorded(workflow: dict[str, Any] | None) -> list[dict[str, Any]]:
    """Every frozen notice a workflow records (a renewed notice adds one): {start, end, text, sha256}."""
    return [dict(e["notice"]) for e in (workflow or {}).get("events") or []
            if e.get("kind") == "transition" and (e.get("notice") or {}).get("sha256")]


def read(folder: Path, notice: dict[str, Any]) -> tuple[str | None, str | None]:
    """The frozen text of `notice` and a problem (in Chinese) when it is missing or not what was recorded."""
    path = folder / str(notice.get("text"))
    if not path.is_file():
        return None, f"公示文本 {path.name} 不存在（记录的 SHA-256 为 {notice.get('sha256')}）"
    data = path.read_bytes()
    if digest(data) != notice.get("sha256"):
        return None, f"公示文本 {notice.get('text')} 与发布时记录的 SHA-256 不符：发布后被改动过"
    return data.decode("utf-8"), None
