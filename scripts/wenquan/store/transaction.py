"""A wenquan write: lock the repository, refuse unsafe states, write files, make exactly one commit.

Everything is read and decided inside the lock, so two writers cannot both act on the same state. If
anything fails after the files were written, they are put back as they were (and gitwrite leaves the
index as it was), so a refused or failed step changes no file and makes no commit.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from wenquan.errors import UserError
from wenquan.fsutil import write_text_atomic
from wenquan.store.lock import repository_lock
from wenquan.store.trees import object_id
from wenquan.store.writer import Git, Snapshot


class Transaction:
    def __init__(self, root: Path, git: Git, base: Snapshot) -> None:
        self.root = root
        self.git = git
        self.base = base
        self.sha: str | None = None
        self.committed: dict[str, str] = {}  # path -> the blob id of what this transaction committed

    def rel(self, path: Path) -> str:
        return os.path.relpath(path, self.root).replace(os.sep, "/")

    def head(self) -> str | None:
        return self.base.head

    def commit(self, files: dict[Path, str], message: str, when: str | None = None) -> str:
        if self.sha is not None:
            raise RuntimeError("a transaction makes exactly one commit")
        before = {p: p.read_bytes() if p.exists() else None for p in files}
        if all(content == text.encode("utf-8") for content, text in zip(before.values(), files.values(), strict=True)):
            # Recording exactly what is already committed (the same sheet twice, say): nothing to do.
            self.sha = self.base.head or ""
            return self.sha
        try:
            for path, text in files.items():
                write_text_atomic(path, text)
            self.sha = self.git.commit_paths([self.rel(p) for p in files], message, when, self.base)
            length = len(self.base.head or "0" * 40)
            self.committed = {self.rel(p): object_id("blob", text.encode("utf-8"), length) for p, text in files.items()}
        except BaseException:
            for path, content in before.items():
                if content is None:
                    path.unlink(missing_ok=True)
                else:
                    path.write_bytes(content)
            raise
        return self.sha


@contextmanager
def transaction(root: Path, guarded: list[Path]) -> Iterator[Transaction]:
    """Open a write on the repository at `root`; `guarded` files must carry no uncommitted edits."""
    git = Git(root)
    with repository_lock(git.git_dir):
        operation = git.operation_in_progress()
        if operation:
            raise UserError(f"仓库正在进行{operation}操作，请先完成或中止它（git status 可查看）")
        base = git.snapshot([os.path.relpath(p, root).replace(os.sep, "/") for p in guarded])
        dirty = git.dirty(base)
        if dirty:
            raise UserError("以下文件有未提交的修改，请先提交或撤销：" + "、".join(dirty))
        yield Transaction(root, git, base)
