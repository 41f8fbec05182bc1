"""Loaded places kept in the user's cache between processes, so that the second site build reads nothing twice.

`wenquan build` (the public site) and `wenquan build --audience review` run in two processes, and each would
read, validate and judge every dossier (issue 20 goal 3). A place is stored under a digest of everything it was
read from — its folder's files, the registry, the schemas, the build's day and the real day (which decides
"in the future"), where the folder is, and the wenquan code that read it — so an entry is used only for exactly
the input that made it, and a changed dossier simply misses. Entries live in `$XDG_CACHE_HOME/wenquan/places/`,
never in the repository (a pull request cannot bring one); an entry that does not read is a miss; the folder
is pruned to the newest entries.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
from functools import cache
from pathlib import Path
from typing import Any

from wenquan.errors import UserError
from wenquan.fsutil import atomic_writer, cache_home

KEEP = 20000  # entries kept: ten builds of two thousand dossiers


def folder() -> Path:
    return cache_home() / "places"


@cache
def code() -> str:
    """A digest of wenquan's own code: a new version reads every place again."""
    package = Path(__file__).resolve().parents[1]
    digest = hashlib.sha256()
    for path in sorted(package.rglob("*.py")):
        digest.update(path.relative_to(package).as_posix().encode("utf-8") + b"\0" + path.read_bytes())
    return digest.hexdigest()


def _path(key: str) -> Path:
    return folder() / f"{hashlib.sha256(f'{key}:{code()}'.encode()).hexdigest()}.pickle"


def load(key: str) -> Any | None:
    """The place stored under `key`, or None."""
    try:
        with _path(key).open("rb") as handle:
            return pickle.load(handle)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, IndexError, TypeError, ValueError):
        return None


def save(key: str, place: Any) -> None:
    """Store `place` under `key`, whole or not at all, readable by its owner only (a cache: no fsync; nothing
    when it cannot be written)."""
    try:
        data = pickle.dumps(place, protocol=pickle.HIGHEST_PROTOCOL)
        with atomic_writer(_path(key), sync=False, mode=0o600) as handle:
            handle.write(data)
    except (UserError, pickle.PicklingError, TypeError, AttributeError):
        pass


def prune(keep: int = KEEP) -> None:
    """Delete all but the `keep` newest entries."""
    try:
        entries = sorted(os.scandir(folder()), key=lambda e: e.stat().st_mtime_ns, reverse=True)
    except OSError:
        return
    for entry in entries[keep:]:
        with contextlib.suppress(OSError):
            os.unlink(entry.path)
