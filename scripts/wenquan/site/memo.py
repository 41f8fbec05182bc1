"""Pages kept between builds of a long-running process (`mkdocs serve`): a place's pages are rendered again only
when what they are made of changed (issue 20 goal 4) — the place's source digest (its folder's files, the
registry, the schemas, the day: workflow/places.py), its commits, the templates' digest, and whatever else the
caller names. Digests of bytes, never file times.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol

from wenquan.workflow.places import Place, SiteData


class _Output(Protocol):
    pages: dict[str, str]
    files: dict[str, str]


# uri → (key, page, files it added), the texts compressed: at 1000 dossiers the review site's pages are some 30 MB
# of text, held through every build of `mkdocs serve` (issue 20 goal 5); compressed, a few MB
_PAGES: dict[str, tuple[str, bytes, dict[str, bytes]]] = {}
_TEMPLATES: dict[Path, str] = {}                             # root → the templates' digest at this build


def templates_changed(root: Path, digest: str) -> None:
    """The templates' digest for this build (taken afresh by each render)."""
    _TEMPLATES[root] = digest


def inputs_key(data: SiteData, place: Place, *parts: Any) -> str:
    """What one place's pages are made of; "" (never kept) for a place read outside SiteData.load."""
    if not place.source:
        return ""
    return "|".join([place.source, ",".join(c.sha for c in place.timeline), _TEMPLATES.get(data.root, ""), *map(str, parts)])


class Pages:
    """The pages of one build that are each made from one place: added with what they are made of (`key`) and how
    to make them; `make` takes each from the memo, or produces it — in two or more processes when there are many
    (forked: they share what is loaded), since a big site's pages are most of the plugin's work (issue 20 goal 3).
    The files a page adds to `out.files` (its charts) come with it."""

    def __init__(self, out: _Output) -> None:
        self.out = out
        self.wanted: list[tuple[str, str, Callable[[], str]]] = []

    def add(self, uri: str, key: str, produce: Callable[[], str]) -> None:
        self.wanted.append((uri, key, produce))

    def make(self) -> None:
        missing = [i for i, (uri, key, _) in enumerate(self.wanted) if not (key and _PAGES.get(uri, ("",))[0] == key)]
        made = dict(zip(missing, _produce([self.wanted[i][2] for i in missing], self.out), strict=True))
        for i, (uri, key, _) in enumerate(self.wanted):
            if i in made:
                page, files = made[i]
                if key:
                    _PAGES[uri] = (key, _pack(page), {name: _pack(text) for name, text in files.items()})
            else:
                _, packed, packed_files = _PAGES[uri]
                page, files = _unpack(packed), {name: _unpack(text) for name, text in packed_files.items()}
            self.out.pages[uri] = page
            self.out.files.update(files)
        self.wanted = []


def _pack(text: str) -> bytes:
    return zlib.compress(text.encode("utf-8"), 1)


def _unpack(packed: bytes) -> str:
    return zlib.decompress(packed).decode("utf-8")


_JOBS: list[tuple[list[Callable[[], str]], _Output]] = []  # what forked workers find (a closure cannot be sent to them)


def _one(produce: Callable[[], str], out: _Output) -> tuple[str, dict[str, str]]:
    """A page and the files it adds (into an empty `out.files`, the build's own put back after)."""
    kept, out.files = out.files, {}
    try:
        return produce(), out.files
    finally:
        out.files = kept


def _job(i: int) -> tuple[str, dict[str, str]]:
    produces, out = _JOBS[-1]
    return _one(produces[i], out)


def _produce(produces: list[Callable[[], str]], out: _Output) -> list[tuple[str, dict[str, str]]]:
    from wenquan.workers import forked_map

    _JOBS.append((produces, out))
    try:
        return forked_map(_job, range(len(produces)), chunksize=8)
    finally:
        _JOBS.pop()


def forget() -> None:
    """Let go of the pages kept for the next build (a single build has none)."""
    _PAGES.clear()
