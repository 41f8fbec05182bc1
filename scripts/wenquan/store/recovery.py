"""Before a command reads a repository: finish or undo a wenquan write that was killed (store/commit.py).

Cheap when there is nothing to do (one look for wenquan's files in .git). When a live wenquan process holds
the lock, its write is not interrupted but under way, and is left alone.
"""

from __future__ import annotations

from pathlib import Path

from wenquan.errors import UserError
from wenquan.store import background, commit, journal, lock
from wenquan.store.writer import Git


def recover(root: Path) -> str | None:
    """What was done to an interrupted write, in Chinese, or None when there was none."""
    try:
        git = Git(root)
    except UserError:
        return None  # not a git repository: nothing wenquan wrote can be half done
    if not journal.leftovers(git.git_dir) and not (git.git_dir / lock.NAME).exists():
        return None
    background.stop_early(root)  # what git began reading before this repair may be from before it
    try:
        held = lock.try_lock(git.git_dir)
    except OSError:
        return None  # a read-only .git: a write will say so
    if held is None:
        return None
    try:
        done = commit.repair(git)
    finally:
        lock.unlock(git.git_dir, held)
    return done.message() if done else None
