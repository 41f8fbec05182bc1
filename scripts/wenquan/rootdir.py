"""Where a wenquan repository's root is: the folder holding both mkdocs.yml and dossiers/.

A module of its own, importing nothing of wenquan's: the command line asks it before anything else is loaded,
so that a full audit can have git start at once (`cli/entry.py`)."""

from __future__ import annotations

from pathlib import Path


def is_root(folder: Path) -> bool:
    return (folder / "mkdocs.yml").is_file() and (folder / "dossiers").is_dir()


def find_root(start: Path) -> Path | None:
    start = start.resolve()
    for folder in (start, *start.parents):
        if is_root(folder):
            return folder
    return None
