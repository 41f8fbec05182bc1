"""Atomic file writes: a reader sees the old file or the new one, never half of either."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from wenquan.errors import UserError


def write_text_atomic(path: Path, text: str) -> None:
    write_bytes_atomic(path, text.encode("utf-8"))


def write_new_file(path: Path, text: str) -> Path:
    """Create `path` with `text`, whole or not at all, never over an existing file (a template is a starting
    point: what someone has begun to fill in is theirs). The link is the atomic "create if absent"."""
    if path.exists() or path.is_symlink():
        raise UserError(f"{path} 已存在，不会覆盖；请换一个文件名或先移走它")
    staging = path.with_name(f".{path.name}.new")
    write_text_atomic(staging, text)
    try:
        os.link(staging, path)
    except FileExistsError:
        raise UserError(f"{path} 已存在，不会覆盖；请换一个文件名或先移走它") from None
    except OSError as exc:
        raise UserError(f"无法写入 {path}：{exc.strerror or exc}") from exc
    finally:
        staging.unlink(missing_ok=True)
    return path


def write_bytes_atomic(path: Path, data: bytes) -> None:
    """Write through a temporary file `.NAME.*.tmp` beside `path`, renamed over it once complete and on disk.

    A place that cannot be written (no such folder, no permission, a read-only or full disk) is the user's
    to fix: a UserError naming the file, with nothing left behind."""
    with atomic_writer(path) as handle:
        handle.write(data)


@contextlib.contextmanager
def atomic_writer(path: Path, sync: bool = True, mode: int | None = None) -> Iterator[BinaryIO]:
    """A handle on a temporary file `.NAME.*.tmp` beside `path`, renamed over it when the block ends (flushed to
    the disk first when `sync`; a cache need not be), removed when the block fails. The file gets `mode`, or the
    permissions a plain write would give. A place that cannot be written is a UserError naming the file."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise UserError(f"无法写入 {path}：{exc.strerror or exc}") from exc
    except UnicodeEncodeError as exc:  # a name no file system can hold (a lone surrogate)
        raise UserError(f"无法写入 {ascii(str(path))}：文件名含有无法编码的字符") from exc
    try:
        with os.fdopen(fd, "wb") as handle:
            yield handle
            if sync:
                handle.flush()
                os.fsync(handle.fileno())
        os.chmod(tmp, _mode_for(path) if mode is None else mode)
        os.replace(tmp, path)
    except BaseException as exc:
        if os.path.exists(tmp):
            os.unlink(tmp)
        if isinstance(exc, OSError):
            raise UserError(f"无法写入 {path}：{exc.strerror or exc}") from exc
        raise


def _mode_for(path: Path) -> int:
    """The permissions a plain write would give: the existing file's, else 0666 less the umask (the
    temporary file is created 0600, which must not become the document's)."""
    try:
        return os.stat(path).st_mode & 0o7777
    except FileNotFoundError:
        mask = os.umask(0)
        os.umask(mask)
        return 0o666 & ~mask


def cache_home() -> Path:
    """The user's cache folder for wenquan (`$XDG_CACHE_HOME/wenquan`): anything in it may be deleted at any time."""
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "wenquan"
