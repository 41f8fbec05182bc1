"""Git tree objects in Python: read a tree, replace some of its files, and give the new trees and their ids.

A commit of a few records changes only the trees on their paths (`dossiers/<id>/`, `dossiers/`, the root).
Building just those here, from HEAD's trees, is what lets gitwrite commit without rewriting trees from the
whole index. The format (git's `tree` object): entries `<mode> <name>\\0<raw object id>`, sorted by name,
a directory's name compared as if it ended in "/". git checks every tree it is given (gitwrite writes
them with `git hash-object -t tree`) and the ids computed here must equal the ids git computes.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

TREE_MODE = b"40000"
FILE_MODE = b"100644"
EXEC_MODE = b"100755"


@dataclass(frozen=True)
class Entry:
    mode: bytes
    name: bytes
    oid: bytes  # raw: 20 bytes (SHA-1) or 32 (SHA-256)

    @property
    def is_tree(self) -> bool:
        return self.mode == TREE_MODE


def parse(content: bytes, oid_size: int) -> dict[bytes, Entry]:
    entries: dict[bytes, Entry] = {}
    at = 0
    while at < len(content):
        space = content.index(b" ", at)
        nul = content.index(b"\0", space)
        entry = Entry(content[at:space], content[space + 1:nul], content[nul + 1:nul + 1 + oid_size])
        entries[entry.name] = entry
        at = nul + 1 + oid_size
    return entries


def serialize(entries: dict[bytes, Entry]) -> bytes:
    ordered = sorted(entries.values(), key=lambda e: e.name + b"/" if e.is_tree else e.name)
    return b"".join(e.mode + b" " + e.name + b"\0" + e.oid for e in ordered)


def object_id(kind: str, content: bytes, hex_length: int) -> str:
    digest = hashlib.sha1 if hex_length == 40 else hashlib.sha256
    return digest(f"{kind} {len(content)}\0".encode() + content).hexdigest()


def ancestors(paths: list[str]) -> list[str]:
    """Every folder on the way to `paths`, root ("") first."""
    found = {""}
    for path in paths:
        parts = path.split("/")[:-1]
        found.update("/".join(parts[:i]) for i in range(1, len(parts) + 1))
    return sorted(found, key=lambda d: (d.count("/") + bool(d), d))


class PathConflict(Exception):
    """A file is to be written where the tree has a folder, or a folder where it has a file."""


def rebuild(old: dict[str, bytes | None], files: dict[str, tuple[bool, str]], hex_length: int) -> tuple[str, list[bytes]]:
    """The new root tree id and the contents of every new tree.

    `old` holds the current content of each folder in `ancestors(files)` (None: not in the tree yet);
    `files` maps a path to whether it is executable on disk and its new blob id. An executable file stays
    executable; everything else is a plain file.
    """
    oid_size = hex_length // 2
    folders = {d: parse(content, oid_size) if content is not None else {} for d, content in old.items()}
    for path, (executable, blob) in files.items():
        folder, _, name = path.rpartition("/")
        current = folders[folder].get(name.encode())
        if current is not None and current.is_tree:
            raise PathConflict(path)
        mode = EXEC_MODE if executable and current is not None and current.mode == EXEC_MODE else FILE_MODE
        folders[folder][name.encode()] = Entry(mode, name.encode(), bytes.fromhex(blob))
    written: list[bytes] = []
    root = ""
    for folder in sorted(folders, key=lambda d: -(d.count("/") + bool(d))):  # deepest first
        content = serialize(folders[folder])
        oid = object_id("tree", content, hex_length)
        written.append(content)
        if not folder:
            root = oid
            continue
        parent, _, name = folder.rpartition("/")
        current = folders[parent].get(name.encode())
        if current is not None and not current.is_tree:
            raise PathConflict(folder)
        folders[parent][name.encode()] = Entry(TREE_MODE, name.encode(), bytes.fromhex(oid))
    return root, written
