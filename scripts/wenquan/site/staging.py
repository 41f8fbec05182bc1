"""The sites as files: every generated page, the nav and the hand-written pages in a staging docs folder that any
renderer reads (issue 20 goal 6). MkDocs (the wenquan plugin points docs_dir here) and Zensical (`wenquan build
--renderer zensical`, which runs no MkDocs plugin) render the same folder.

A file is rewritten only when its content changed, so its modification time says whether its inputs did: `mkdocs
serve --dirty` rebuilds only those pages (goal 4), and a renderer's own cache stays valid for the rest.
"""

from __future__ import annotations

import os
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


def _wanted(docs_src: Path, audience: str, output: Output) -> dict[str, bytes]:
    """Every file of the site by its path in docs: the hand-written ones (the review site keeps only the rules
    among the pages), then the generated ones, which win over a hand-written file of the same name."""
    files: dict[str, bytes] = {}
    if docs_src.is_dir():
        for path in sorted(docs_src.rglob("*")):
            if not path.is_file():
                continue
            rel = path.relative_to(docs_src).as_posix()
            if audience == "review" and rel.endswith(".md") and rel not in REVIEW_PAGES:
                continue
            files[rel] = path.read_bytes()
    for uri, text in {**output.pages, **output.files}.items():
        files[uri] = text.encode("utf-8")
    return files


def materialise(root: Path, audience: str, output: Output, docs_src: Path) -> Staged:
    """Write the site's files into its staging folder, each only when its content differs; remove the rest."""
    target = folder(root, audience)
    wanted = _wanted(docs_src, audience, output)
    staged = Staged(target)
    for rel, content in wanted.items():
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
