"""git run directly for what a write needs: is a record clean, is an operation half done, read objects.

History is read through GitPython (store/history.py) and store/log.py. A write such as `wenquan advance` is
measured against a plain `git add` + `git commit` (tests/bench/bench.py) and importing GitPython alone costs
most of that, so the write side runs git's own commands: one `git cat-file --batch` reads, under the
wenquan lock, HEAD, each record's blob in HEAD and in the index, and HEAD's trees on the way to the records;
a record is clean when those agree with the file's own blob id, computed here and confirmed by
`git hash-object` (which applies the repository's filters) only when it differs. The commit itself is
store/commit.py.
"""

from __future__ import annotations

import os
import re
import subprocess
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from wenquan.errors import UserError
from wenquan.store import background
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

    def spooled(self, *args: str) -> background.Spooled:
        """A git command running in the background with its output going into a temporary file, for a large
        output (`collect` reads it back): the same command started early for this folder where there is one."""
        return background.take(self.root, args) or background.Spooled(self.root, args)

    def collect(self, spooled: background.Spooled) -> bytes:
        code, out, err = spooled.wait()
        if code != 0:
            raise _failed(_subcommand(spooled.args), out[:2000], err)
        return out

    def pieces(self, spooled: background.Spooled, idle: Callable[[], bool] = lambda: False) -> Iterator[bytes]:
        """`collect` in pieces as git writes them (`Spooled.pieces`, with `idle`): a failure is raised after the
        last piece."""
        code, err = yield from spooled.pieces(idle)
        if code != 0:
            raise _failed(_subcommand(spooled.args), b"", err)

    def finish(self, proc: subprocess.Popen[bytes], stdin: bytes | None = None) -> bytes:
        out, err = proc.communicate(stdin)
        if proc.returncode != 0:
            command = proc.args if isinstance(proc.args, list) else ["git", "?"]
            raise _failed(str(command[1]), out, err)
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
                        trees_of(folders, found[1 + 2 * n:]) if head else {})

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

    def index_file(self) -> Path:
        """The index git uses here (GIT_INDEX_FILE, or the repository's own)."""
        override = os.environ.get("GIT_INDEX_FILE")
        return self.root / override if override else self.git_dir / "index"

    def has_identity(self) -> bool:
        try:
            self.run("var", "GIT_COMMITTER_IDENT")
            self.run("var", "GIT_AUTHOR_IDENT")
        except GitFailed:
            return False
        return True

    def symbolic_head(self) -> str | None:
        """The branch HEAD names (refs/heads/…), or None when HEAD is detached."""
        text = (self.git_dir / "HEAD").read_text(encoding="utf-8", errors="replace").strip()
        return text.removeprefix("ref:").strip() if text.startswith("ref:") else None


def check_revision(text: str) -> str:
    """A revision named by the user (`HEAD~2`, a branch, a commit id), refused before git sees it when it could
    be read as an option or cannot be a revision at all (empty, spaces, control characters, not UTF-8)."""
    printable = text.isprintable() and not any(0xD800 <= ord(c) <= 0xDFFF for c in text)
    if not text or text.startswith("-") or not printable or any(c.isspace() for c in text) or len(text) > 256:
        shown = text if printable and len(text) <= 80 else repr(text[:80])
        raise UserError(f"“{shown}”不是 git 版本（提交编号、分支名或 HEAD~2 之类）")
    return text


def clean_message(message: str) -> str:
    """The message as `git commit --cleanup=whitespace` would store it."""
    lines = [line.rstrip() for line in message.strip("\n").splitlines()]
    out: list[str] = []
    for line in lines:
        if line or (out and out[-1]):
            out.append(line)
    return "\n".join(out).strip("\n") + "\n"


def _subcommand(args: tuple[str, ...]) -> str:
    """The git command these arguments run, past git's own options (`-c name=value`, `--no-optional-locks`)."""
    at = 0
    while at < len(args) and args[at].startswith("-"):
        at += 2 if args[at] == "-c" else 1
    return args[at] if at < len(args) else "?"


def _failed(command: str, out: bytes, err: bytes) -> GitFailed:
    """A git command's failure, in what git said: its error output, else its output."""
    said = err.decode("utf-8", "replace").strip() or out.decode("utf-8", "replace").strip()
    return GitFailed(f"git {command} 失败：{said}")


def outcome(git: Git, proc: subprocess.Popen[bytes]) -> bytes | GitFailed:
    """What a background git command printed, or how it failed; it has ended either way."""
    try:
        return git.finish(proc)
    except GitFailed as exc:
        return exc


def trees_of(folders: list[str], found: list[tuple[str, str, bytes] | None]) -> dict[str, bytes | None]:
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
