"""What a command leaves to the end of its process.

A command line that ends without freeing its objects (the full audit: `cli/entry._leave`) says so first
(`ending_without_teardown`), before its code is loaded. Whatever its code then hands to `keep` is held to the end
of the process instead of being freed as it goes out of use: the few hundred thousand small objects of a pass over
the whole history cost some twenty milliseconds to free one by one, which `_leave` then spares.

Such a process also runs without the cycle collector. What it makes (modules, commits, records, findings) is freed
by reference counts or held to the end; the collector would only walk it again each time enough new objects have
been made: some five milliseconds while the command's modules load alone, more during the pass. Where the
collector is on again (a caller that turned it on), what `keep` holds is set aside from it (`gc.freeze`).

Anywhere else (any other command, a test, `mkdocs serve`) `keep` does nothing, and what it was handed is freed
as usual.
"""

from __future__ import annotations

import gc

_kept: list[object] = []
_ending = False


def ending_without_teardown() -> None:
    """This process will end without freeing its objects: from now on, `keep` keeps, and the cycle collector rests."""
    global _ending
    _ending = True
    gc.disable()


def keep(obj: object) -> None:
    """Hold `obj` to the end of the process where that ends without teardown; else nothing."""
    if _ending:
        _kept.append(obj)
        gc.freeze()
