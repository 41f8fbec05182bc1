"""What the full audit reads from git before anything else, in a module that imports nothing: the command line
starts these while Python is still loading the audit (`store.background.start_early`), and the audit takes
them over (`Git.spooled`) by these very arguments."""

from __future__ import annotations

# Every commit's message, newest first (`proof.Chains`).
LOG = ("log", "HEAD", "--no-color", "--format=%x1e%H%x1f%P%x1f%as%x1f%B")
RECORD_PATHS = (":(glob)dossiers/*/workflow.yaml", ":(glob)dossiers/*/review.yaml")
# The index's blob id of every record (`head_records`: HEAD's, where STATUS names none different).
INDEX = ("ls-files", "--stage", "-z", "--", *RECORD_PATHS)
# The records whose index or work tree differs from HEAD (changed, staged, added or deleted), with HEAD's blob id
# (untracked ones: `audit._not_in_head`). One thread: git's threads that read file status ahead
# (core.preloadIndex) cost a third more CPU in all, taken from git log and Python, which keep both cores of a small
# machine busy meanwhile.
STATUS = ("-c", "core.preloadIndex=false", "--no-optional-locks", "status", "--porcelain=v2", "-z", "--untracked-files=no",
          "--no-renames", "--", *RECORD_PATHS)

FIRST = [LOG, INDEX, STATUS]
