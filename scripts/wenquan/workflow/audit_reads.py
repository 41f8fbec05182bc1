"""What the full audit reads from git before anything else, in a module that imports nothing: the command line
starts these while Python is still loading the audit (`store.background.start_early`), and the audit takes
them over (`Git.spooled`) by these very arguments."""

from __future__ import annotations

# Every commit's message, newest first (`proof.Chains`).
LOG = ("log", "HEAD", "--no-color", "--format=%x1e%H%x1f%P%x1f%as%x1f%B")
# The blob id of every record in HEAD (`proof.head_records`).
TREE = ("ls-tree", "-r", "--full-tree", "HEAD", "--", "dossiers")
# The tracked records that differ on disk from HEAD: changed, staged or deleted (untracked ones: `audit._not_in_head`).
# One thread: git's threads that read file status ahead (core.preloadIndex) cost a third more CPU in all, taken
# from git log and Python, which keep both cores of a small machine busy meanwhile.
STATUS = ("-c", "core.preloadIndex=false", "--no-optional-locks", "status", "--porcelain=v1", "-z", "--untracked-files=no", "--no-renames", "--",
          ":(glob)dossiers/*/workflow.yaml", ":(glob)dossiers/*/review.yaml")

FIRST = [LOG, TREE, STATUS]
