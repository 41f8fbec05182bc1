"""The history of the records in one streaming pass, without GitPython (it is on the write path's audit).

`logged` reads every commit that changed given paths, with its trailers and the blob ids before and after,
from one `git log --raw`; the blobs are then read in one `git cat-file --batch` (`Git.objects`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import NamedTuple

from wenquan.store.writer import Git

TRAILER = re.compile(r"^([A-Z][A-Za-z0-9-]+): (.+)$")


# The same lines found in one scan of the paragraph, where "\n" is its only line break: leading and trailing
# whitespace around a line, and around the value, as str.strip() takes it (`\s` is str.isspace()).
_TRAILER_LINES = re.compile(r"^[^\S\n]*([A-Z][A-Za-z0-9-]+): [^\S\n]*(\S(?:.*\S)?)[^\S\n]*$", re.MULTILINE)
_OTHER_BREAKS = re.compile("[\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")  # str.splitlines() breaks lines there too


def trailers_of(message: str) -> dict[str, str]:
    """Trailers: the `Key: value` lines of the message's last paragraph (when another paragraph precedes it)."""
    last = trailer_paragraph(message)
    if last is None:
        return {}
    if not _OTHER_BREAKS.search(last):  # the audit reads tens of thousands: one scan, not a match a line
        return dict(_TRAILER_LINES.findall(last))
    return trailers_by_line(last)


def trailer_paragraph(message: str) -> str | None:
    """The message's last paragraph, where trailers are, or None when no other paragraph precedes it (stripped,
    the message starts with something that is not a space, so a blank line after its start has one before it)."""
    stripped = message.strip()
    at = stripped.rfind("\n\n")
    return stripped[at + 2:] if at > 0 else None


def trailers_by_line(paragraph: str) -> dict[str, str]:
    """The rule itself, a line at a time: each line that is `Key: value` once stripped (the one scan must agree)."""
    found = {}
    for line in paragraph.splitlines():
        match = TRAILER.match(line.strip())
        if match:
            found[match.group(1)] = match.group(2).strip()
    return found


ZERO_ID = re.compile(r"^0+$")


@dataclass(frozen=True)
class Change:
    """One file a commit changed: its blob before and after (None where the file was absent)."""

    path: str
    old: str | None
    new: str | None


class LoggedCommit(NamedTuple):  # a tuple: thousands are made in one pass over the history
    sha: str
    parents: tuple[str, ...]
    date: str  # the author date, YYYY-MM-DD: wenquan writes the recorded act's date there
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
        out.append(LoggedCommit(sha, tuple(parents.split()), date, trailers_of(body), tuple(changes)))
    return out
