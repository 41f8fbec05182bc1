"""One wenquan write at a time per repository: an advisory lock (flock) on `.git/wenquan.lock`.

The kernel releases the lock when its holder ends, however it ends (kill -9 included), so a lock left by a
process that died never needs deleting by hand. The file is removed when the lock is released; a process
that locked a file someone removed meanwhile starts again on the new one.
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from wenquan.errors import UserError

NAME = "wenquan.lock"


def try_lock(git_dir: Path) -> int | None:
    """The open, locked lock file's descriptor, or None when a live process holds the lock."""
    path = git_dir / NAME
    while True:
        fd = os.open(path, os.O_CREAT | os.O_RDWR, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            return None
        except BaseException:
            os.close(fd)
            raise
        try:
            same = os.path.exists(path) and os.stat(path).st_ino == os.fstat(fd).st_ino
        except BaseException:
            os.close(fd)
            raise
        if same:
            os.ftruncate(fd, 0)
            os.write(fd, str(os.getpid()).encode())
            return fd
        os.close(fd)  # the file was removed by the holder that just released it: lock the new one


def unlock(git_dir: Path, fd: int) -> None:
    try:
        (git_dir / NAME).unlink(missing_ok=True)
    finally:
        os.close(fd)


def holder(git_dir: Path) -> str:
    try:
        return (git_dir / NAME).read_text(encoding="ascii", errors="replace").strip()
    except OSError:
        return ""


@contextmanager
def repository_lock(git_dir: Path) -> Iterator[None]:
    try:
        fd = try_lock(git_dir)
    except OSError as exc:
        raise UserError(f"无法在 {git_dir} 中建立 wenquan 的锁文件（{exc.strerror}）：仓库不可写，未做任何改动") from exc
    if fd is None:
        pid = holder(git_dir)
        raise UserError(f"另一个 wenquan 操作{f'（进程 {pid}）' if pid else ''}正在修改此仓库；请等它完成后重试")
    try:
        yield
    finally:
        unlock(git_dir, fd)
