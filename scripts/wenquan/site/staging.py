"""The sites as files: every generated page, the nav and the hand-written pages in a staging docs folder that any
renderer reads (issue 20 goal 6). MkDocs (the wenquan plugin points docs_dir here) and Zensical (`wenquan build
--renderer zensical`, which runs no MkDocs plugin) render the same folder.

A file is rewritten only when its content changed, so its modification time says whether its inputs did: `mkdocs
serve --dirty` rebuilds only those pages (goal 4), and a renderer's own cache stays valid for the rest.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from wenquan.fsutil import write_bytes_atomic
from wenquan.site.pages import Output

STAGING = Path("build") / "staging"         # under the repository (git ignores build/), one folder per audience
REVIEW_PAGES = ("banfa.md",)                # the review site's only hand-written page: the rules


@dataclass
class Staged:
    docs: Path
    written: list[str] = field(default_factory=list)     # new or changed since the last build
    removed: list[str] = field(default_factory=list)     # no longer part of the site


def folder(root: Path, audience: str) -> Path:
    return root / STAGING / audience / "docs"


def _hand_written(docs_src: Path, audience: str) -> dict[str, Path]:
    """The hand-written files of the site by their path in docs (the review site keeps only the rules among the
    pages)."""
    files: dict[str, Path] = {}
    if docs_src.is_dir():
        for path in sorted(docs_src.rglob("*")):
            rel = path.relative_to(docs_src).as_posix()
            if path.is_file() and not (audience == "review" and rel.endswith(".md") and rel not in REVIEW_PAGES):
                files[rel] = path
    return files


def _contents(hand: dict[str, Path], output: Output) -> Iterator[tuple[str, bytes]]:
    """Every file of the site and its content, one at a time: the hand-written ones, then the generated ones, which
    win over a hand-written file of the same name. Each generated text leaves `output` as it is given: at 1000
    dossiers the review site's pages are some 30 MB of text, not to be held twice (issue 20 goal 5)."""
    for rel, path in hand.items():
        if rel not in output.pages and rel not in output.files:
            yield rel, path.read_bytes()
    for texts in (output.pages, output.files):
        while texts:
            uri = next(iter(texts))
            yield uri, texts.pop(uri).encode("utf-8")


def materialise(root: Path, audience: str, output: Output, docs_src: Path) -> Staged:
    """Write the site's files into its staging folder, each only when its content differs; remove the rest. The
    pages and files are taken out of `output` (its nav stays)."""
    target = folder(root, audience)
    hand = _hand_written(docs_src, audience)
    wanted = set(hand) | output.pages.keys() | output.files.keys()
    staged = Staged(target)
    for rel, content in _contents(hand, output):
        path = target / rel
        if path.is_file() and path.read_bytes() == content:
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        write_bytes_atomic(path, content)
        staged.written.append(rel)
    if target.is_dir():
        for path in sorted(target.rglob("*"), reverse=True):        # files first, then folders left empty
            rel = path.relative_to(target).as_posix()
            if path.is_file() and rel not in wanted:
                path.unlink()
                staged.removed.append(rel)
            elif path.is_dir() and not any(path.iterdir()):
                os.rmdir(path)
    return staged
