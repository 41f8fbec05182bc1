"""Reading git history: commits with their trailers, files as they were, and record changes in one streaming pass. Writes: writer.py."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import git

from wenquan.store.log import trailers_of
from wenquan.store.writer import not_a_repository


def open_repo(root: Path) -> git.Repo:
    try:
        return git.Repo(root)
    except (git.InvalidGitRepositoryError, git.NoSuchPathError) as exc:
        raise not_a_repository(root) from exc


def head(repo: git.Repo) -> str | None:
    """HEAD's commit id, read from the refs (no git process), or None before the first commit."""
    try:
        return str(git.refs.SymbolicReference.dereference_recursive(repo, "HEAD"))
    except (ValueError, OSError):
        return None


def has_commits(repo: git.Repo) -> bool:
    return head(repo) is not None


@dataclass(frozen=True)
class Commit:
    sha: str
    date: str
    subject: str
    trailers: dict[str, str]


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

