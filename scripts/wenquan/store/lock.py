"""One wenquan write at a time per repository: a lock file created exclusively inside .git/."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from wenquan.errors import UserError


@contextmanager
def repository_lock(git_dir: Path) -> Iterator[None]:
    path = git_dir / "wenquan.lock"
    try:
        fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
    except FileExistsError as exc:
        raise UserError(f"另一个 wenquan 操作正在修改此仓库（{path} 存在）；请等它完成后重试。"
                        f"如确认没有其他操作在运行，可删除该文件") from exc
    try:
        os.write(fd, str(os.getpid()).encode())
        os.close(fd)
        yield
    finally:
        path.unlink(missing_ok=True)
