"""The record of a wenquan commit in progress, kept in `.git/wenquan-journal` while it runs.

It names HEAD before the commit, each file the commit writes (its content before, the blob id of its
content after) and, once the commit object exists, that commit. With it, whatever moment a write is stopped
at, the next wenquan command can tell whether the commit reached HEAD (then the index is brought up to it)
or not (then the files are put back as they were): see store/commit.py.
"""

from __future__ import annotations

import base64
import json
import os
from dataclasses import dataclass, field
from pathlib import Path

NAME = "wenquan-journal"
PREFIX = "wenquan-"  # every file wenquan keeps in .git starts so: the journal, the lock, the private index


@dataclass(frozen=True)
class Written:
    before: bytes | None  # the file's content before the write, None where there was no file
    after: str  # the blob id of what the write puts there


@dataclass
class Journal:
    head: str
    files: dict[str, Written] = field(default_factory=dict)
    commit: str | None = None


def path(git_dir: Path) -> Path:
    return git_dir / NAME


def write(git_dir: Path, journal: Journal) -> None:
    data = {"head": journal.head, "commit": journal.commit,
            "files": {p: {"before": None if w.before is None else base64.b64encode(w.before).decode("ascii"), "after": w.after}
                      for p, w in journal.files.items()}}
    tmp = git_dir / (NAME + ".tmp")
    # Written whole (a rename) but not synced to disk: it guards against the process being stopped, which
    # leaves the page cache intact, as git's own index and refs are by default.
    tmp.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    os.replace(tmp, path(git_dir))


def read(git_dir: Path) -> Journal | None:
    try:
        data = json.loads(path(git_dir).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    files = {p: Written(None if w["before"] is None else base64.b64decode(w["before"]), w["after"]) for p, w in data["files"].items()}
    return Journal(data["head"], files, data.get("commit"))


def leftovers(git_dir: Path) -> list[Path]:
    """wenquan's files in .git other than the lock: none once a write has ended or been repaired."""
    return sorted(p for p in git_dir.glob(PREFIX + "*") if p.name != "wenquan.lock")
