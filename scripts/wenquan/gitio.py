"""The git operations wenquan needs, through GitPython: state checks, one-commit writes, history with trailers."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

import git

from wenquan.errors import UserError

TRAILER = re.compile(r"^([A-Z][A-Za-z-]+): (.+)$")
FALLBACK_IDENTITY = {"GIT_AUTHOR_NAME": "wenquan", "GIT_AUTHOR_EMAIL": "wenquan@localhost",
                     "GIT_COMMITTER_NAME": "wenquan", "GIT_COMMITTER_EMAIL": "wenquan@localhost"}


def open_repo(root: Path) -> git.Repo:
    try:
        return git.Repo(root)
    except (git.InvalidGitRepositoryError, git.NoSuchPathError) as exc:
        raise UserError(f"{root}: 不是 git 仓库；状态变更要以提交记录留痕，请先 git init") from exc


def in_progress(repo: git.Repo) -> str | None:
    """The name of an unfinished merge, rebase, cherry-pick or revert, if any."""
    gitdir = Path(repo.git_dir)
    for marker, name in (("MERGE_HEAD", "合并"), ("rebase-merge", "变基"), ("rebase-apply", "变基"),
                         ("CHERRY_PICK_HEAD", "拣选"), ("REVERT_HEAD", "还原")):
        if (gitdir / marker).exists():
            return name
    return None


def dirty(repo: git.Repo, paths: list[str]) -> list[str]:
    """Of `paths` (relative to the root), those with uncommitted changes, staged or not, or untracked."""
    out = repo.git.status("--porcelain", "--untracked-files=all", "--", *paths)
    return [line[3:] for line in out.splitlines() if line.strip()]


def head(repo: git.Repo) -> str | None:
    """HEAD's commit id, read from the refs (no git process), or None before the first commit."""
    try:
        return str(git.refs.SymbolicReference.dereference_recursive(repo, "HEAD"))
    except (ValueError, OSError):
        return None


def has_commits(repo: git.Repo) -> bool:
    return head(repo) is not None


def _has_identity(repo: git.Repo) -> bool:
    reader = repo.config_reader()
    return bool(reader.get_value("user", "email", "")) if reader.has_section("user") else False


def commit_paths(repo: git.Repo, paths: list[str], message: str, when: str | None = None) -> str:
    """Commit exactly `paths` (their working-tree content), whatever else is staged. Returns the commit id.

    `when` (YYYY-MM-DD) becomes the author date: the day the recorded act happened, in Beijing time.
    """
    env: dict[str, str] = {}
    if not _has_identity(repo) and "GIT_AUTHOR_EMAIL" not in os.environ:
        env.update(FALLBACK_IDENTITY)
    if when:
        env["GIT_AUTHOR_DATE"] = f"{when}T12:00:00+08:00"
    untracked: list[str] = paths if head(repo) is None else repo.git.ls_files("--others", "--", *paths).split()
    if untracked:
        repo.git.add("--", *untracked)
    with repo.git.custom_environment(**env):
        repo.git.commit("--quiet", "--no-verify", "-m", message, "--only", "--", *paths)
    sha = head(repo)
    assert sha is not None
    return sha


def last_commit(repo: git.Repo, path: str) -> str | None:
    out = repo.git.log("-1", "--format=%H", "--", path) if has_commits(repo) else ""
    return out.strip() or None


@dataclass(frozen=True)
class Commit:
    sha: str
    date: str
    subject: str
    trailers: dict[str, str]


def trailers_of(message: str) -> dict[str, str]:
    """Trailers: the `Key: value` lines of the message's last paragraph."""
    paragraphs = [p for p in message.strip().split("\n\n") if p.strip()]
    if len(paragraphs) < 2:
        return {}
    found = {}
    for line in paragraphs[-1].splitlines():
        match = TRAILER.match(line.strip())
        if match:
            found[match.group(1)] = match.group(2).strip()
    return found


def history(repo: git.Repo, paths: list[str], since: str | None = None) -> list[Commit]:
    """Commits touching `paths`, oldest first, with their trailers."""
    if not has_commits(repo):
        return []
    revision = [f"{since}..HEAD"] if since else []
    raw = repo.git.log(*revision, "--reverse", "--format=%H%x1f%as%x1f%B%x1e", "--", *paths)
    out = []
    for record in raw.split("\x1e"):
        record = record.strip("\n")
        if not record:
            continue
        sha, date, body = record.split("\x1f", 2)
        out.append(Commit(sha, date, body.splitlines()[0] if body else "", trailers_of(body)))
    return out


def show(repo: git.Repo, sha: str, path: str) -> str | None:
    try:
        return str(repo.git.show(f"{sha}:{path}"))
    except git.GitCommandError:
        return None
