"""Work over many dossiers spread over forked worker processes: validating them, reading them for a site, making
their pages. Forked, the workers share what the parent has loaded; each result comes back pickled.

Below PARALLEL_FROM items, starting workers costs more than it saves, and a process with other threads running
(`mkdocs serve` has its server's) is never forked: a lock another thread held at the fork would stay held in
the child for ever. Both then work in this process, one item after another, with the same results.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterable
from typing import TypeVar

PARALLEL_FROM = 64
WORKERS = min(os.cpu_count() or 1, 4)

Item = TypeVar("Item")
Result = TypeVar("Result")


def can_fork() -> bool:
    """Whether this process may fork: more than one CPU, and no other thread running."""
    return WORKERS > 1 and threading.active_count() == 1


def in_child(fn: Callable[[], Result]) -> Result:
    """`fn()` in one forked process when this process may fork, so that whatever `fn` reads and makes on the way
    to its (small, pickled) result never adds to this process's memory; else here. Its errors are raised here."""
    if not can_fork():
        return fn()
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("fork")) as pool:
        return pool.submit(fn).result()


def forked_map(fn: Callable[[Item], Result], items: Iterable[Item], chunksize: int = 16) -> list[Result]:
    """`[fn(item) for item in items]`, in worker processes when that pays. `fn` and the items are pickled (a
    module-level function, or a partial of one); what a closure needs, put where the fork will find it."""
    items = list(items)
    if len(items) < PARALLEL_FROM or not can_fork():
        return [fn(item) for item in items]
    import multiprocessing  # here: a one-file command does not pay for importing it
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(max_workers=WORKERS, mp_context=multiprocessing.get_context("fork")) as pool:
        return list(pool.map(fn, items, chunksize=chunksize))
