"""The write side of git: is a record clean, is an operation half done, and commit exactly these files.

History is read through GitPython (gitio.py). Writes run git's own commands directly, because a write such
as `wenquan advance` is measured against a plain `git add` + `git commit` (tests/bench/bench.py) and
importing GitPython alone costs most of that. Everything here is a handful of short git processes:

- one `git cat-file --batch` reads, under the wenquan lock, HEAD, each record's blob in HEAD and in the
  index, and HEAD's trees on the way to the records; a record is clean when those agree with the file's
  own blob id, computed here and confirmed by `git hash-object` (which applies the repository's filters)
  only when it differs;
- a commit of exactly some paths is what `git commit --only` makes, built without refreshing every entry
  of the index or writing trees from it: the files' blobs are stored (`git hash-object`, with the
  repository's filters), the few trees on their paths are rebuilt from HEAD's (store/trees.py) and stored,
  the commit is made with `commit-tree` (signed when commit.gpgSign says so). Meanwhile, under git's own
  index lock, the paths are updated in a copy of the index (keeping the index's time, which git's
  racy-entry check relies on). Then HEAD is moved with `update-ref` (only if it has not moved since the
  snapshot) and the copy renamed over the index. Anything else staged stays staged and out of the commit.
  Before the first commit, plain `git commit --only` is used.

On any failure the index and HEAD are left as they were (objects already stored are unreferenced, and
git's garbage collection removes them).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from wenquan.errors import UserError
from wenquan.store import trees as gittrees

FALLBACK_IDENTITY = {"GIT_AUTHOR_NAME": "wenquan", "GIT_AUTHOR_EMAIL": "wenquan@localhost",
                     "GIT_COMMITTER_NAME": "wenquan", "GIT_COMMITTER_EMAIL": "wenquan@localhost"}
_OBJECT_ID = re.compile(r"^(?:[0-9a-f]{40}|[0-9a-f]{64})$")
_OPERATIONS = (("MERGE_HEAD", "合并"), ("rebase-merge", "变基"), ("rebase-apply", "变基"), ("CHERRY_PICK_HEAD", "拣选"),
               ("REVERT_HEAD", "还原"))


class GitFailed(UserError):
    """A git command wenquan ran failed: its words are passed on."""


@dataclass(frozen=True)
class Snapshot:
    """HEAD's commit; for each path its blob in HEAD and in the index; the trees of the folders on the way
    to them, as HEAD has them (None: not there)."""

    head: str | None
    in_head: dict[str, str | None]
    in_index: dict[str, str | None]
    trees: dict[str, bytes | None]


class Git:
    """git run in the work tree `root`, whose `.git` (a folder, or a file naming one) is right there."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.git_dir = _git_dir(root)

    def run(self, *args: str, stdin: str | None = None, env: dict[str, str] | None = None) -> str:
        return self.call(*args, stdin=stdin.encode("utf-8") if stdin is not None else None, env=env).decode("utf-8")

    def call(self, *args: str, stdin: bytes | None = None, env: dict[str, str] | None = None) -> bytes:
        return self.finish(self.start(*args, env=env), stdin)

    def start(self, *args: str, env: dict[str, str] | None = None) -> subprocess.Popen[bytes]:
        """A git command running in the background, for `finish` to collect."""
        return subprocess.Popen(["git", *args], cwd=self.root, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                env={**os.environ, **env} if env else None)

    def finish(self, proc: subprocess.Popen[bytes], stdin: bytes | None = None) -> bytes:
        out, err = proc.communicate(stdin)
        if proc.returncode != 0:
            said = err.decode("utf-8", "replace").strip() or out.decode("utf-8", "replace").strip()
            command = proc.args if isinstance(proc.args, list) else ["git", "?"]
            raise GitFailed(f"git {command[1]!s} 失败：{said}")
        return out

    def operation_in_progress(self) -> str | None:
        """The name of an unfinished merge, rebase, cherry-pick or revert, if any."""
        return next((name for marker, name in _OPERATIONS if (self.git_dir / marker).exists()), None)

    def snapshot(self, paths: list[str]) -> Snapshot:
        folders = gittrees.ancestors(paths)
        found = self.objects(["HEAD", *(f"HEAD:{p}" for p in paths), *(f":{p}" for p in paths),
                               *(f"HEAD:{d}" if d else "HEAD^{tree}" for d in folders)])
        n = len(paths)
        oid = [o[0] if o else None for o in found]
        head = oid[0]
        return Snapshot(head, dict(zip(paths, oid[1:1 + n], strict=True)), dict(zip(paths, oid[1 + n:1 + 2 * n], strict=True)),
                        _trees(folders, found[1 + 2 * n:]) if head else {})

    def objects(self, names: list[str]) -> list[tuple[str, str, bytes] | None]:
        """Each named object's id, type and content (`git cat-file --batch`), or None where there is none."""
        out, at = self.call("cat-file", "--batch", stdin=("\n".join(names) + "\n").encode("utf-8")), 0
        found: list[tuple[str, str, bytes] | None] = []
        for _ in names:
            end = out.index(b"\n", at)
            header = out[at:end].split(b" ")
            at = end + 1
            if len(header) != 3 or not _OBJECT_ID.match(header[0].decode("ascii", "replace")):
                found.append(None)  # "<name> missing" or "<name> ambiguous"
                continue
            size = int(header[2])
            found.append((header[0].decode("ascii"), header[1].decode("ascii"), out[at:at + size]))
            at += size + 1
        return found

    def dirty(self, snap: Snapshot) -> list[str]:
        """Of the snapshot's paths, those with uncommitted changes, staged or not, or untracked, or deleted."""
        return [p for p in snap.in_head if not self._clean(p, snap.in_head[p], snap.in_index[p])]

    def _clean(self, path: str, in_head: str | None, in_index: str | None) -> bool:
        file = self.root / path
        if in_index != in_head:
            return False
        if in_index is None or not file.is_file():
            return in_index is None and not file.exists()
        return gittrees.object_id("blob", file.read_bytes(), len(in_index)) == in_index or self.run("hash-object", "--", path).strip() == in_index

    def head(self) -> str | None:
        return self.snapshot([]).head

    def last_commit(self, path: str) -> str | None:
        if self.head() is None:
            return None
        return self.run("log", "-1", "--format=%H", "--", path).strip() or None

    def commit_paths(self, paths: list[str], message: str, when: str | None = None, base: Snapshot | None = None) -> str:
        """Commit exactly `paths` (their work-tree content), whatever else is staged. Returns the commit id.

        `when` (YYYY-MM-DD) becomes the author date: the day the recorded act happened, in Beijing time.
        `base` is a snapshot taken earlier under the same lock; the commit is refused if HEAD moved since.
        """
        env = {"GIT_AUTHOR_DATE": f"{when}T12:00:00+08:00"} if when else {}
        base = base or self.snapshot([])
        head = base.head
        index = self.root / os.environ["GIT_INDEX_FILE"] if os.environ.get("GIT_INDEX_FILE") else self.git_dir / "index"
        if head is None or not index.is_file():
            return self._commit_only(paths, message, env)
        lock = self._index_copy(index)
        try:
            # The index copy is brought up to date while the commit is built: the two do not depend on each other.
            staging = self.start("update-index", "--add", "--", *paths, env={"GIT_INDEX_FILE": str(lock)})
            try:
                commit = self._build_commit(base, head, paths, message, env)
            finally:
                staged = _outcome(self, staging)
            if isinstance(staged, GitFailed):
                raise staged
            self.run("update-ref", "-m", "commit: " + message.splitlines()[0], "HEAD", commit, head)
            os.replace(lock, index)
        except BaseException:
            lock.unlink(missing_ok=True)
            raise
        return commit

    def _index_copy(self, index: Path) -> Path:
        """The index copied to `index.lock`, taken as git takes it (refused if another git process holds it)."""
        lock = index.with_name(index.name + ".lock")
        try:
            fd = os.open(lock, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o666)
        except FileExistsError as exc:
            raise GitFailed(f"另一个 git 进程正在使用此仓库（{lock} 存在）；请等它结束后重试") from exc
        try:
            with os.fdopen(fd, "wb") as copy, index.open("rb") as source:
                copy.write(source.read())
                read = os.fstat(source.fileno())
            # The copy keeps the index's time: git tells a racily clean entry (a file changed in the same
            # second the index was written) by comparing with that time, and a newer one would hide it.
            os.utime(lock, ns=(read.st_atime_ns, read.st_mtime_ns))
        except BaseException:
            lock.unlink(missing_ok=True)
            raise
        return lock

    def _build_commit(self, base: Snapshot, head: str, paths: list[str], message: str, env: dict[str, str]) -> str:
        """The commit of `paths` on `head`, stored but not yet on any branch."""
        # commit-tree ignores commit.gpgSign by design; git commit honours it, and so does wenquan
        signing = self.start("config", "--type=bool", "--get", "commit.gpgSign")
        try:
            blobs = self.run("hash-object", "-w", "--stdin-paths", stdin="\n".join(paths) + "\n").split()
            old = self._folders(base, head, gittrees.ancestors(paths))
            files = {p: (os.access(self.root / p, os.X_OK), b) for p, b in zip(paths, blobs, strict=True)}
            try:
                root, trees = gittrees.rebuild(old, files, len(head))
            except gittrees.PathConflict as exc:
                raise GitFailed(f"{exc} 在仓库中与已有的文件或文件夹冲突") from exc
            self._write_trees(trees, len(head))
        finally:
            sign = _outcome(self, signing) == b"true\n"
        return self._commit_tree(root, head, message, env, sign)

    def _folders(self, base: Snapshot, head: str, folders: list[str]) -> dict[str, bytes | None]:
        """HEAD's trees of `folders`: from the snapshot where it has them, else read now from the same commit."""
        unknown = [d for d in folders if d not in base.trees]
        read = _trees(unknown, self.objects([f"{head}:{d}" if d else f"{head}^{{tree}}" for d in unknown])) if unknown else {}
        return {d: base.trees[d] if d in base.trees else read[d] for d in folders}

    def _write_trees(self, trees: list[bytes], hex_length: int) -> None:
        """Store the new trees with `git hash-object -t tree`; the ids git computes must be the ones computed here."""
        folder = Path(tempfile.mkdtemp(prefix="wenquan-trees-", dir=self.git_dir))
        try:
            files = []
            for i, content in enumerate(trees):
                file = folder / str(i)
                file.write_bytes(content)
                files.append(str(file))
            ids = self.run("hash-object", "-t", "tree", "-w", "--stdin-paths", "--no-filters", stdin="\n".join(files) + "\n").split()
        finally:
            shutil.rmtree(folder, ignore_errors=True)
        ours = [gittrees.object_id("tree", content, hex_length) for content in trees]
        if ids != ours:
            raise RuntimeError(f"git 计算的树对象编号与 wenquan 不一致：{ids} / {ours}")

    def _commit_tree(self, tree: str, parent: str, message: str, env: dict[str, str], sign: bool) -> str:
        command = ["commit-tree", tree, "-p", parent, *(["-S"] if sign else []), "-F", "-"]
        try:
            return self.run(*command, stdin=clean_message(message), env=env).strip()
        except GitFailed:
            if self._has_identity():
                raise
            return self.run(*command, stdin=clean_message(message), env={**FALLBACK_IDENTITY, **env}).strip()

    def _has_identity(self) -> bool:
        try:
            self.run("var", "GIT_COMMITTER_IDENT")
            self.run("var", "GIT_AUTHOR_IDENT")
        except GitFailed:
            return False
        return True

    def _commit_only(self, paths: list[str], message: str, env: dict[str, str]) -> str:
        """Before the first commit (or without an index file): `git commit --only` itself."""
        snap = self.snapshot(paths)
        untracked = [p for p in paths if snap.in_index[p] is None]
        if untracked:
            self.run("add", "--", *untracked)
        if not self._has_identity():
            env = {**FALLBACK_IDENTITY, **env}
        try:
            self.run("commit", "--quiet", "--no-verify", "--cleanup=whitespace", "-F", "-", "--only", "--", *paths, stdin=message, env=env)
        except BaseException:
            if untracked:
                self.run("rm", "-q", "--cached", "--ignore-unmatch", "--", *untracked)
            raise
        head = self.head()
        assert head is not None
        return head


def clean_message(message: str) -> str:
    """The message as `git commit --cleanup=whitespace` would store it."""
    lines = [line.rstrip() for line in message.strip("\n").splitlines()]
    out: list[str] = []
    for line in lines:
        if line or (out and out[-1]):
            out.append(line)
    return "\n".join(out).strip("\n") + "\n"


def _outcome(git: Git, proc: subprocess.Popen[bytes]) -> bytes | GitFailed:
    """What a background git command printed, or how it failed; it has ended either way."""
    try:
        return git.finish(proc)
    except GitFailed as exc:
        return exc


def _trees(folders: list[str], found: list[tuple[str, str, bytes] | None]) -> dict[str, bytes | None]:
    trees: dict[str, bytes | None] = {}
    for folder, obj in zip(folders, found, strict=True):
        if obj is not None and obj[1] != "tree":
            raise GitFailed(f"{folder} 在仓库中是文件而不是文件夹")
        trees[folder] = obj[2] if obj else None
    return trees


def _git_dir(root: Path) -> Path:
    dotgit = root / ".git"
    if dotgit.is_dir():
        return dotgit
    if dotgit.is_file():
        text = dotgit.read_text(encoding="utf-8", errors="replace").strip()
        if text.startswith("gitdir:"):
            return (root / text.removeprefix("gitdir:").strip()).resolve()
    raise not_a_repository(root)


def not_a_repository(root: Path) -> UserError:
    return UserError(f"{root}: 不是 git 仓库；状态变更要以提交记录留痕，请先 git init")
