"""One copy of each string a thousand places repeat (issue 20 goal 5).

Each place is read, or unpickled from the user's cache, on its own, so the keys of every dossier and record
("exploitable_m3_per_day", "events"), the states, dates and actors, and the rules engine's verdict texts are each
a separate string object per place: at 1000 dossiers some 40 MB of the places' memory. `share` rebuilds a
place's plain data (dicts, lists, tuples) with every string taken from one table for the build, so that
equal strings are one object. The values are unchanged (equal, in the same order).
"""

from __future__ import annotations

from typing import Any


def share(value: Any, table: dict[str, str]) -> Any:
    """`value` with each str in it (keys too) replaced by the equal one in `table`, added there if new."""
    kind = type(value)
    if kind is str:
        return table.setdefault(value, value)
    if kind is dict:
        return {table.setdefault(k, k) if type(k) is str else k: share(v, table) for k, v in value.items()}
    if kind is list:
        return [share(item, table) for item in value]
    if kind is tuple:
        return tuple(share(item, table) for item in value)
    return value
