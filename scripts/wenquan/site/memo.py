"""Pages kept between builds of a long-running process (`mkdocs serve`): a place's pages are rendered again only
when what they are made of changed (issue 20 goal 4) — the place's source digest (its folder's files, the
registry, the schemas, the day: workflow/places.py), its commits, the templates' digest, and whatever else the
caller names. Digests of bytes, never file times.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol

from wenquan.workflow.places import Place, SiteData


class _Output(Protocol):
    pages: dict[str, str]
    files: dict[str, str]


_PAGES: dict[str, tuple[str, str, dict[str, str]]] = {}      # uri → (key, page, files it added)
_TEMPLATES: dict[Path, str] = {}                             # root → the templates' digest at this build


def templates_changed(root: Path, digest: str) -> None:
    """The templates' digest for this build (taken afresh by each render)."""
    _TEMPLATES[root] = digest


def inputs_key(data: SiteData, place: Place, *parts: Any) -> str:
    """What one place's pages are made of; "" (never kept) for a place read outside SiteData.load."""
    if not place.source:
        return ""
    return "|".join([place.source, ",".join(c.sha for c in place.timeline), _TEMPLATES.get(data.root, ""), *map(str, parts)])


def remembered(out: _Output, uri: str, key: str, produce: Callable[[], str]) -> None:
    """`out.pages[uri]` from `produce()`, or as last produced for the same `key`; the files the page adds to
    `out.files` (its charts) come with it."""
    found = _PAGES.get(uri)
    if key and found is not None and found[0] == key:
        out.pages[uri] = found[1]
        out.files.update(found[2])
        return
    before = dict(out.files)
    page = produce()
    if key:
        _PAGES[uri] = (key, page, {k: v for k, v in out.files.items() if before.get(k) != v})
    out.pages[uri] = page
