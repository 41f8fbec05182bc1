"""A wenquan write: lock the repository, refuse unsafe states, write files, make exactly one commit.

Everything is read and decided inside the lock, so two writers cannot both act on the same state. A write
is refused, with nothing changed, when:

- HEAD is detached (during `git bisect`, say): the commit would be on no branch and lost on checkout;
- the branch has no commit yet;
- a merge, rebase, cherry-pick, revert or bisect is under way;
- anything the step reads has uncommitted changes: the dossier's files it names, and every file under
  `registry/` and `schemas/` (the rules, the expert pool, the calendar, the schemas). A step is judged on
  committed data only, so the commit it makes is explained by the history it stands on.

The commit itself is store/commit.py: if it is stopped at any point, it is finished or undone, here or by
the next wenquan command.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from wenquan.errors import UserError
from wenquan.store import commit as gitcommit
from wenquan.store import trees as gittrees
from wenquan.store.lock import repository_lock
from wenquan.store.writer import Git, Snapshot

READ_BY_EVERY_STEP = ("registry", "schemas")
DATA_SUFFIXES = (".yaml", ".yml", ".json")  # what wenquan reads there; editor backups and the like are not read


class Transaction:
    def __init__(self, root: Path, git: Git, base: Snapshot, verify: bool = True) -> None:
        self.root = root
        self.git = git
        self.base = base
        self.verify = verify
        self.sha: str | None = None
        self.committed: dict[str, str] = {}  # path -> the blob id of what this transaction committed

    def rel(self, path: Path) -> str:
        return os.path.relpath(path, self.root).replace(os.sep, "/")

    def head(self) -> str | None:
        return self.base.head

    def commit(self, files: dict[Path, str], message: str, when: str | None = None) -> str:
        if self.sha is not None:
            raise RuntimeError("a transaction makes exactly one commit")
        contents = {self.rel(p): text.encode("utf-8") for p, text in files.items()}
        if all(p.is_file() and p.read_bytes() == contents[self.rel(p)] for p in files):
            # Recording exactly what is already committed (the same sheet twice, say): nothing to do.
            self.sha = self.base.head or ""
            return self.sha
        self.sha = gitcommit.commit_paths(self.git, list(contents), message, when, self.base, contents, self.verify)
        length = len(self.base.head or "0" * 40)
        self.committed = {p: gittrees.object_id("blob", data, length) for p, data in contents.items()}
        return self.sha


def read_by_every_step(root: Path) -> list[Path]:
    """The files every step reads besides the dossier's own: everything under registry/ and schemas/."""
    return sorted(p for name in READ_BY_EVERY_STEP if (root / name).is_dir() for p in (root / name).rglob("*")
                  if p.suffix in DATA_SUFFIXES and p.is_file())


@contextmanager
def transaction(root: Path, guarded: list[Path], verify: bool = True) -> Iterator[Transaction]:
    """Open a write on the repository at `root`; `guarded` files (and registry/, schemas/) must be committed as they are.

    `verify=False` skips the repository's pre-commit and commit-msg hooks (`--no-verify`)."""
    git = Git(root)
    with repository_lock(git.git_dir):
        gitcommit.repair(git)
        if git.symbolic_head() is None:
            raise UserError("HEAD 处于分离状态（例如 git bisect 或检出了某个提交）：提交将不属于任何分支，切换分支后就会丢失。"
                            "请先 git switch 到分支（git bisect reset 结束二分查找）再操作；未做任何改动")
        operation = git.operation_in_progress()
        if operation:
            raise UserError(f"仓库正在进行{operation}操作，请先完成或中止它（git status 可查看）")
        paths = list(dict.fromkeys(_rel(root, p) for p in [*guarded, *read_by_every_step(root)]))
        base = git.snapshot(paths)
        if base.head is None:
            raise UserError("当前分支还没有任何提交：请先提交仓库的初始内容（git add -A && git commit），再记录流程；未做任何改动")
        dirty = git.dirty(base) + _deleted(base, paths)
        if dirty:
            raise UserError("以下文件有未提交的修改，请先提交或撤销（操作只依据已提交的内容判断）：" + "、".join(dirty))
        yield Transaction(root, git, base, verify)


def _rel(root: Path, path: Path) -> str:
    return os.path.relpath(path, root).replace(os.sep, "/")


def _deleted(base: Snapshot, paths: list[str]) -> list[str]:
    """Files of registry/ or schemas/ that HEAD has and the working tree no longer does."""
    size = len(base.head or "0" * 40) // 2
    top = base.trees.get("")
    if top is None:
        return []
    entries = gittrees.parse(top, size)
    gone: list[str] = []
    for folder in READ_BY_EVERY_STEP:
        entry = entries.get(folder.encode())
        if entry is not None and entry.is_tree:
            gone += _missing(base, folder, set(paths), size)
    return gone


def _missing(base: Snapshot, folder: str, present: set[str], size: int) -> list[str]:
    content = base.trees.get(folder)
    if content is None:  # HEAD has the folder; the working tree has nothing left of it
        return [folder + "/"]
    found: list[str] = []
    for name, entry in gittrees.parse(content, size).items():
        path = f"{folder}/{name.decode('utf-8', 'replace')}"
        if entry.is_tree:
            found += _missing(base, path, present, size)
        elif path not in present and Path(path).suffix in DATA_SUFFIXES:
            found.append(path)
    return found
