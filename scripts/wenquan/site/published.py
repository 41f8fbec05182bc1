"""A published notice on the sites: the frozen text (workflow.frozen), checked against its SHA-256, with the
commit that stored it."""

from __future__ import annotations

from typing import Any

from wenquan.errors import UserError
from wenquan.store.writer import Git, GitFailed
from wenquan.workflow import frozen
from wenquan.workflow.places import Place


def frozen_notice(place: Place) -> dict[str, Any] | None:
    """The notice's text as published (二、5), checked against its recorded SHA-256; None for a notice published before
    texts were frozen. A text changed after publication stops the build: `wenquan audit` names the change."""
    notice = place.notice or {}
    if not notice.get("sha256"):
        return None
    text, problem = frozen.read(place.folder, notice)
    if problem is not None:
        raise UserError(f"{place.id}：{problem}（wenquan audit 会列出改动）")
    commit = None
    try:
        root = place.folder.parent.parent       # dossiers/<id>/ in the repository
        path = (place.folder / str(notice["text"])).relative_to(root).as_posix()
        commit = Git(root).run("log", "-1", "--diff-filter=A", "--format=%H", "--", path).strip() or None
    except (GitFailed, UserError):
        pass
    return {"text": text, "sha256": notice["sha256"], "commit": commit, "published": place.entered("公示")}
