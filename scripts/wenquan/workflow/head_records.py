"""HEAD's records as the full audit reads them: the blob id of every `workflow.yaml` and `review.yaml` in HEAD,
and which of them the index or the work tree has changed, from two git commands that list records only.

`git ls-files --stage` (audit_reads.INDEX) gives the index's blob id of each record, and `git status --porcelain=v2`
(audit_reads.STATUS) every record whose index or work tree differs from HEAD, with HEAD's mode and blob id. So a
record status does not name has HEAD's blob in the index; one it names has the blob status gives, or is not in
HEAD where status gives mode 000000 (added, or intent-to-add). A record in a merge conflict has no blob of its
own in the index and status does not give HEAD's for it: that one is asked of git by name (`at_head`).

`git ls-tree -r HEAD -- dossiers`, which this replaces, lists every file of every dossier (its attachments and
notices too) and reads every dossier's tree to do so: about three times what the index costs git.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from wenquan.store.writer import Git, GitFailed
from wenquan.workflow.audit_reads import INDEX, STATUS

AtHead = Callable[[list[str]], list[str | None]]  # each path's blob id in HEAD, or None where HEAD has none


@dataclass(frozen=True)
class HeadRecords:
    blobs: dict[tuple[str, str], str]  # (dossier, kind) -> HEAD's blob id, for every record in HEAD
    changed: frozenset[str]  # the records (paths) whose index or work tree differs from HEAD


def of(git: Git) -> HeadRecords:
    """HEAD's records in `git`'s repository (from the commands the command line may have started early)."""
    index, status = git.spooled(*INDEX), git.spooled(*STATUS)
    try:
        listed = git.collect(index)
    except GitFailed:
        status.stop()
        raise
    return read(listed, git.collect(status), lambda paths: _blob_ids(git, paths))


def _blob_ids(git: Git, paths: list[str]) -> list[str | None]:
    """Each path's blob id in HEAD, or None where HEAD has no such file."""
    return [o[0] if o and o[1] == "blob" else None for o in git.objects([f"HEAD:{p}" for p in paths])]


# An entry of `git ls-files --stage -z` at stage 0 (not in a conflict) whose path is a record, `dossiers/<id>/<kind>.yaml`:
# its blob id, dossier and kind. A path has no NUL, and a dossier's name no slash, so no match starts inside a path.
_STAGED = re.compile(r"[0-7]{6} ([0-9a-f]+) 0\tdossiers/([^/\0]+)/(workflow|review)\.yaml\0")


def read(index: bytes, status: bytes, at_head: AtHead) -> HeadRecords:
    """HEAD's records from `git ls-files --stage -z` and `git status --porcelain=v2 -z` of the records."""
    blobs = {(dossier, kind): blob for blob, dossier, kind in _STAGED.findall(index.decode("utf-8", "replace"))}
    changed: set[str] = set()
    conflicted: list[str] = []
    for entry in status.decode("utf-8", "replace").split("\0"):
        if entry.startswith("1 "):  # 1 XY sub mH mI mW hH hI path
            _, _, _, mode, _, _, blob, _, path = entry.split(" ", 8)
            changed.add(path)
            _set(blobs, path, None if mode == "000000" else blob)
        elif entry.startswith("u "):  # u XY sub m1 m2 m3 mW h1 h2 h3 path
            path = entry.split(" ", 10)[10]
            changed.add(path)
            conflicted.append(path)
    if conflicted:
        for path, found in zip(conflicted, at_head(conflicted), strict=True):
            _set(blobs, path, found)
    return HeadRecords(blobs, frozenset(changed))


def _set(blobs: dict[tuple[str, str], str], path: str, blob: str | None) -> None:
    """The record at `path` has this blob in HEAD, or none there (None)."""
    parts = path.split("/")
    if len(parts) == 3 and parts[0] == "dossiers" and parts[2] in ("workflow.yaml", "review.yaml"):
        if blob is None:
            blobs.pop((parts[1], parts[2][:-5]), None)
        else:
            blobs[(parts[1], parts[2][:-5])] = blob
