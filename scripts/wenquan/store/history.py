"""Reading git history: commits with their trailers, files as they were, and record changes in one streaming pass. Writes: writer.py."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import git

from wenquan.store.writer import Git, not_a_repository

TRAILER = re.compile(r"^([A-Z][A-Za-z-]+): (.+)$")


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


ZERO_ID = re.compile(r"^0+$")


@dataclass(frozen=True)
class Change:
    """One file a commit changed: its blob before and after (None where the file was absent)."""

    path: str
    old: str | None
    new: str | None


@dataclass(frozen=True)
class LoggedCommit:
    sha: str
    parents: tuple[str, ...]
    date: str  # the author date, YYYY-MM-DD: wenquan writes the recorded act's date there
    message: str
    trailers: dict[str, str]
    changes: tuple[Change, ...]  # for a merge: only the files whose result differs from every parent


def _blob(oid: str) -> str | None:
    return None if ZERO_ID.match(oid) else oid


def logged(git: Git, pathspecs: list[str], since: str | None = None) -> list[LoggedCommit]:
    """Every commit since `since` (or all) that changed a file matching `pathspecs`, oldest first, in one `git log`.

    Merges are shown as git's dense combined diff: a merge is listed only for a file it left different from
    all of its parents, which is a change made in the merge itself.
    """
    if git.head() is None:
        return []
    revision = [f"{since}..HEAD"] if since else ["HEAD"]
    raw = git.run("log", *revision, "--reverse", "--no-renames", "--raw", "--no-abbrev", "--cc", "--no-color",
                  "--format=%x1e%H%x1f%P%x1f%as%x1f%B%x1f", "--", *pathspecs)
    out = []
    for record in raw.split("\x1e")[1:]:
        sha, parents, date, body, tail = record.split("\x1f", 4)
        changes = []
        for line in tail.splitlines():
            if not line.startswith(":"):
                continue
            meta, _, path = line.partition("\t")
            fields = meta.lstrip(":").split()
            count = len(meta) - len(meta.lstrip(":"))  # one colon a parent
            ids = fields[count + 1:2 * count + 2]
            changes.append(Change(path, _blob(ids[0]) if count == 1 else None, _blob(ids[-1])))
        out.append(LoggedCommit(sha, tuple(parents.split()), date, body, trailers_of(body), tuple(changes)))
    return out
