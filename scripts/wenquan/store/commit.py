"""A commit of exactly some files, safe against being stopped at any moment, and the repair of one that was.

The steps, each named for the test-only switch below:

1. `index.lock` is created, which is how git itself locks the index: from here on no other git command
   can commit or stage. It is made as a second name of wenquan's own file, so a lock found after a crash
   is known to be wenquan's (`index-locked`); the index is copied to `.git/wenquan-staged-index`;
2. the journal records HEAD, each file's content before and its blob id after (`journal-written`);
3. the files are written, each atomically (`files-written`);
4. the paths are staged in the copy while the blobs and the few trees on their paths
   are stored and the commit is made with `commit-tree`, after the repository's `pre-commit` and
   `commit-msg` hooks have run as `git commit` runs them (`commit-built`);
5. the journal records the commit (`commit-noted`);
6. HEAD is moved with `update-ref`, only if it has not moved since the snapshot (`head-moved`);
7. the copy is renamed over the index (`index-replaced`); the lock and the journal are removed (`done`).

Stopped before step 6, the write did not happen: `repair` puts the files back as they were and releases
the index. Stopped after it, the write happened: `repair` finishes it by putting the updated index in
place. Either way HEAD, the index and the working tree agree afterwards, and an ordinary `git commit`
commits nothing of wenquan's. A write interrupted by Ctrl-C or SIGTERM repairs itself on the way out; one
killed outright is repaired by the next wenquan command (store/transaction.py and cli/common.py).

Anything else staged stays staged and out of the commit, as with `git commit --only`. Before the first
commit, or without an index file, plain `git commit --only` is used.
"""

from __future__ import annotations

import os
import signal
import tempfile
from dataclasses import dataclass
from pathlib import Path

from wenquan.errors import UserError
from wenquan.fsutil import write_bytes_atomic
from wenquan.store import hooks, journal
from wenquan.store import trees as gittrees
from wenquan.store.writer import FALLBACK_IDENTITY, Git, GitFailed, Snapshot, clean_message, outcome, trees_of

LOCK_TWIN = "wenquan-index-lock"  # the same file as index.lock while wenquan holds it
STAGED_INDEX = "wenquan-staged-index"  # the index with the commit's paths staged, until it replaces the index
STEPS = ("index-locked", "journal-written", "files-written", "commit-built", "commit-noted", "head-moved", "index-replaced", "done")
# Test-only: "STEP:SIGNAL" (SIGNAL one of INT, TERM, KILL) makes the writer signal itself right after STEP,
# so that tests stop a write at each step deterministically (tests/test_crash_safety.py).
STOP_SWITCH = "WENQUAN_TEST_STOP_AFTER"


def _step(name: str) -> None:
    spec = os.environ.get(STOP_SWITCH)
    if spec and spec.partition(":")[0] == name:
        os.kill(os.getpid(), getattr(signal, "SIG" + (spec.partition(":")[2] or "KILL")))


def commit_paths(git: Git, paths: list[str], message: str, when: str | None = None, base: Snapshot | None = None,
                 contents: dict[str, bytes] | None = None, verify: bool = True) -> str:
    """Write `contents` (path -> bytes, if given) and commit exactly `paths`, whatever else is staged.

    `when` (YYYY-MM-DD) becomes the author date: the day the recorded act happened, in Beijing time.
    `base` is a snapshot taken earlier under the wenquan lock; the commit is refused if HEAD moved since.
    `verify=False` skips the pre-commit and commit-msg hooks, as `git commit --no-verify` does.
    """
    env = {"GIT_AUTHOR_DATE": f"{when}T12:00:00+08:00"} if when else {}
    base = base or git.snapshot([])
    head, index = base.head, git.index_file()
    if head is None or not index.is_file():
        for path, data in (contents or {}).items():
            write_bytes_atomic(git.root / path, data)
        return _commit_only(git, paths, message, env, verify)
    private, lock, staged = git.git_dir / LOCK_TWIN, _lock_of(index), git.git_dir / STAGED_INDEX
    _lock_index(private, lock)
    moved, record = False, journal.Journal(head)
    try:
        _step("index-locked")
        _copy_index(index, staged)
        for path, data in (contents or {}).items():
            file = git.root / path
            record.files[path] = journal.Written(file.read_bytes() if file.is_file() else None,
                                                 gittrees.object_id("blob", data, len(head)))
        journal.write(git.git_dir, record)
        _step("journal-written")
        for path, data in (contents or {}).items():
            write_bytes_atomic(git.root / path, data)
        _step("files-written")
        # The index copy is brought up to date while the commit is built: the two do not depend on each other.
        staging = git.start("update-index", "--add", "--", *paths, env={"GIT_INDEX_FILE": str(staged)})
        try:
            commit = _build_commit(git, base, head, paths, message, env, verify)
        finally:
            result = outcome(git, staging)
        if isinstance(result, GitFailed):
            raise result
        _step("commit-built")
        record.commit = commit
        journal.write(git.git_dir, record)
        _step("commit-noted")
        git.run("update-ref", "-m", "commit: " + message.splitlines()[0], "HEAD", commit, head)
        moved = True
        _step("head-moved")
        os.replace(staged, index)
        _step("index-replaced")
        _clean_up(git)
        _step("done")
    except BaseException:
        if moved:  # stopped too late to stop: the commit is on the branch, so the write is completed
            _roll_forward(git, record)
            return commit
        _roll_back(git, record)
        raise
    return commit


@dataclass(frozen=True)
class Repair:
    """What `repair` did to a write it found interrupted."""

    completed: bool  # True: the commit had reached HEAD and was finished; False: the write was undone
    commit: str | None
    kept: list[str]  # files changed by hand since the interruption, left as they are

    def message(self) -> str:
        if self.completed:
            said = f"上次被中断的 wenquan 操作已补完：提交 {(self.commit or '')[:10]} 已在分支上，暂存区已随之更新"
        else:
            said = "上次被中断的 wenquan 操作未生效，已撤销：文件恢复原状，暂存区锁已释放"
        if self.kept:
            said += "；以下文件在中断后被改动过，保持原样未恢复，请自行检查：" + "、".join(self.kept)
        return said


def repair(git: Git) -> Repair | None:
    """Finish or undo a write that was interrupted (call it holding the wenquan lock); None if there was none."""
    record = journal.read(git.git_dir)
    if record is None:  # stopped before the journal: nothing was written yet, at most the index locked
        if not journal.leftovers(git.git_dir):
            return None
        return _roll_back(git, journal.Journal(""))
    current = git.head()
    if record.commit and current == record.commit:
        return _roll_forward(git, record)
    if current != record.head:
        raise UserError(f"上次被中断的 wenquan 操作无法自动处理：HEAD 已从 {record.head[:10]} 变为 {(current or '无')[:10]}。"
                        f"请检查 git log 与 git status，确认后删除 {journal.path(git.git_dir)}")
    return _roll_back(git, record)


def _our_lock(git: Git) -> Path | None:
    """`index.lock`, if it is wenquan's (the same file as its private copy of the index)."""
    private, lock = git.git_dir / LOCK_TWIN, _lock_of(git.index_file())
    return lock if private.exists() and lock.exists() and os.path.samefile(private, lock) else None


def _roll_forward(git: Git, record: journal.Journal) -> Repair:
    """The commit is on the branch: put the index staged for it in place."""
    staged = git.git_dir / STAGED_INDEX
    if staged.exists():
        os.replace(staged, git.index_file())
    _clean_up(git)
    return Repair(True, record.commit, [])


def _roll_back(git: Git, record: journal.Journal) -> Repair:
    """The commit never reached the branch: the files as they were, the index released."""
    kept = []
    for path, written in record.files.items():
        file = git.root / path
        for stray in file.parent.glob(f".{file.name}.*.tmp"):
            stray.unlink(missing_ok=True)
        now = file.read_bytes() if file.is_file() else None
        if now == written.before:
            continue
        if now is not None and gittrees.object_id("blob", now, len(record.head)) == written.after:
            if written.before is None:
                file.unlink()
            else:
                write_bytes_atomic(file, written.before)
        else:
            kept.append(path)
    _clean_up(git)
    return Repair(False, None, kept)


def _lock_of(index: Path) -> Path:
    return index.with_name(index.name + ".lock")


def _clean_up(git: Git) -> None:
    """Release the index lock if it is wenquan's, and remove wenquan's other files from .git."""
    lock = _our_lock(git)
    if lock is not None:
        lock.unlink()
    for leftover in journal.leftovers(git.git_dir):
        leftover.unlink(missing_ok=True)


def _lock_index(private: Path, lock: Path) -> None:
    """Lock the index as git does, by creating `index.lock`: made as a second name of wenquan's own empty
    file `.git/wenquan-index-lock`, so that a `index.lock` found later is known to be wenquan's exactly when
    it is the same file as that one."""
    private.write_bytes(b"")
    try:
        os.link(private, lock)
    except FileExistsError as exc:
        private.unlink(missing_ok=True)
        raise GitFailed(f"另一个 git 进程正在使用此仓库（{lock} 存在）；请等它结束后重试") from exc
    except BaseException:
        private.unlink(missing_ok=True)
        raise


def _copy_index(index: Path, staged: Path) -> None:
    """The index copied to where the commit's paths are staged, before it replaces the index."""
    with staged.open("wb") as copy, index.open("rb") as source:
        copy.write(source.read())
        read = os.fstat(source.fileno())
    # The copy keeps the index's time: git tells a racily clean entry (a file changed in the same second the
    # index was written) by comparing with that time, and a newer one would hide it.
    os.utime(staged, ns=(read.st_atime_ns, read.st_mtime_ns))


def _build_commit(git: Git, base: Snapshot, head: str, paths: list[str], message: str, env: dict[str, str], verify: bool) -> str:
    """The commit of `paths` on `head`, stored but not yet on any branch."""
    reading = git.start("config", "-z", "--get-regexp", r"^(commit\.gpgsign|core\.hookspath)$")
    try:
        blobs = git.run("hash-object", "-w", "--stdin-paths", stdin="\n".join(paths) + "\n").split()
        old = _folders(git, base, head, gittrees.ancestors(paths))
        files = {p: (os.access(git.root / p, os.X_OK), b) for p, b in zip(paths, blobs, strict=True)}
        try:
            root, trees = gittrees.rebuild(old, files, len(head))
        except gittrees.PathConflict as exc:
            raise GitFailed(f"{exc} 在仓库中与已有的文件或文件夹冲突") from exc
        _write_trees(git, trees, len(head))
    finally:
        config = hooks.Config.parse(outcome(git, reading))
    if verify:
        message = hooks.verify(git, config, root, message)
    # commit-tree ignores commit.gpgSign by design; git commit honours it, and so does wenquan
    return _commit_tree(git, root, head, message, env, config.sign)


def _folders(git: Git, base: Snapshot, head: str, folders: list[str]) -> dict[str, bytes | None]:
    """HEAD's trees of `folders`: from the snapshot where it has them, else read now from the same commit."""
    unknown = [d for d in folders if d not in base.trees]
    read = trees_of(unknown, git.objects([f"{head}:{d}" if d else f"{head}^{{tree}}" for d in unknown])) if unknown else {}
    return {d: base.trees[d] if d in base.trees else read[d] for d in folders}


def _write_trees(git: Git, trees: list[bytes], hex_length: int) -> None:
    """Store the new trees with `git hash-object -t tree`; the ids git computes must be the ones computed here."""
    with tempfile.TemporaryDirectory(prefix="wenquan-trees-") as folder:
        files = []
        for i, content in enumerate(trees):
            file = Path(folder) / str(i)
            file.write_bytes(content)
            files.append(str(file))
        ids = git.run("hash-object", "-t", "tree", "-w", "--stdin-paths", "--no-filters", stdin="\n".join(files) + "\n").split()
    ours = [gittrees.object_id("tree", content, hex_length) for content in trees]
    if ids != ours:
        raise RuntimeError(f"git 计算的树对象编号与 wenquan 不一致：{ids} / {ours}")


def _commit_tree(git: Git, tree: str, parent: str, message: str, env: dict[str, str], sign: bool) -> str:
    command = ["commit-tree", tree, "-p", parent, *(["-S"] if sign else []), "-F", "-"]
    try:
        return git.run(*command, stdin=clean_message(message), env=env).strip()
    except GitFailed:
        if git.has_identity():
            raise
        return git.run(*command, stdin=clean_message(message), env={**FALLBACK_IDENTITY, **env}).strip()


def _commit_only(git: Git, paths: list[str], message: str, env: dict[str, str], verify: bool) -> str:
    """Before the first commit (or without an index file): `git commit --only` itself."""
    snap = git.snapshot(paths)
    untracked = [p for p in paths if snap.in_index[p] is None]
    if untracked:
        git.run("add", "--", *untracked)
    if not git.has_identity():
        env = {**FALLBACK_IDENTITY, **env}
    try:
        git.run("commit", "--quiet", *([] if verify else ["--no-verify"]), "--cleanup=whitespace", "-F", "-", "--only", "--", *paths,
                stdin=message, env=env)
    except BaseException:
        if untracked:
            git.run("rm", "-q", "--cached", "--ignore-unmatch", "--", *untracked)
        raise
    head = git.head()
    assert head is not None
    return head
