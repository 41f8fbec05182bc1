"""A wenquan write: lock the repository, refuse unsafe states, write files, make exactly one commit.

Everything is read and decided inside the lock, so two writers cannot both act on the same state. If
anything fails after the files were written, they are put back as they were and the index is restored,
so a refused or failed step changes no file and makes no commit.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import git

from wenquan import gitio
from wenquan.errors import UserError
from wenquan.fsutil import write_text_atomic
from wenquan.lock import repository_lock


class Transaction:
    def __init__(self, root: Path, repo: git.Repo) -> None:
        self.root = root
        self.repo = repo
        self.sha: str | None = None

    def rel(self, path: Path) -> str:
        return os.path.relpath(path, self.root).replace(os.sep, "/")

    def commit(self, files: dict[Path, str], message: str, when: str | None = None) -> str:
        if self.sha is not None:
            raise RuntimeError("a transaction makes exactly one commit")
        rels = [self.rel(p) for p in files]
        before = {p: p.read_bytes() if p.exists() else None for p in files}
        if all(content == text.encode("utf-8") for content, text in zip(before.values(), files.values(), strict=True)):
            # Recording exactly what is already committed (the same sheet twice, say): nothing to do.
            self.sha = gitio.head(self.repo) or ""
            return self.sha
        try:
            for path, text in files.items():
                write_text_atomic(path, text)
            self.sha = gitio.commit_paths(self.repo, rels, message, when)
        except BaseException:
            for path, content in before.items():
                if content is None:
                    path.unlink(missing_ok=True)
                else:
                    path.write_bytes(content)
            tracked = [r for r, c in zip(rels, before.values(), strict=True) if c is not None]
            untracked = [r for r, c in zip(rels, before.values(), strict=True) if c is None]
            if gitio.has_commits(self.repo) and tracked:
                self.repo.git.reset("-q", "--", *tracked)
            if untracked:
                self.repo.git.rm("-q", "--cached", "--ignore-unmatch", "--", *untracked)
            raise
        return self.sha


@contextmanager
def transaction(root: Path, guarded: list[Path]) -> Iterator[Transaction]:
    """Open a write on the repository at `root`; `guarded` files must carry no uncommitted edits."""
    repo = gitio.open_repo(root)
    with repository_lock(Path(repo.git_dir)):
        operation = gitio.in_progress(repo)
        if operation:
            raise UserError(f"仓库正在进行{operation}操作，请先完成或中止它（git status 可查看）")
        tx = Transaction(root, repo)
        existing = [tx.rel(p) for p in guarded if p.exists()]
        dirty = gitio.dirty(repo, existing) if existing else []
        if dirty:
            raise UserError("以下文件有未提交的修改，请先提交或撤销：" + "、".join(dirty))
        yield tx
