"""Work over many dossiers spread over forked worker processes: validating them, reading them for a site, making
their pages. Forked, the workers share what the parent has loaded; each result comes back pickled.

`in_child` and `in_halves` are the lightest forms, for one piece of work out of this process's memory (a site
build's data) or a command that lasts a fraction of a second (the full audit): one plain fork, its result
pickled back through a pipe.

Below PARALLEL_FROM items, starting workers costs more than it saves, and a process with other threads running
(`mkdocs serve` has its server's) is never forked: a lock another thread held at the fork would stay held in
the child for ever. Both then work in this process, one item after another, with the same results.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import sys
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
    return _forked(fn)()


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


def in_halves(fn: Callable[[list[Item]], list[Result]], items: list[Item], work: list[int] | None = None) -> list[Result]:
    """`fn(items)`, which gives one result an item, with the first part of the items worked by one forked child
    while this process works the rest; with fewer than PARALLEL_FROM items, or where this process may not fork,
    all here. The parts are halves of the list, or, given `work` (what each item is expected to cost), the two
    parts whose costs are nearest to equal. An error in either part is raised here."""
    if len(items) < PARALLEL_FROM or not can_fork():
        return fn(items)
    half = len(items) // 2 if work is None else middle(work)
    theirs = _forked(lambda: fn(items[:half]))
    try:
        mine = fn(items[half:])
    finally:  # the child is read and reaped even when this half fails
        first = theirs()
    return [*first, *mine]


def middle(work: list[int]) -> int:
    """Where to cut a list whose items cost `work` so that the two parts cost most nearly the same; never at either
    end of a list of two or more."""
    total, before = sum(work), 0
    for at, cost in enumerate(work):
        if 2 * (before + cost) > total:  # the item straddles the middle: it goes to the side that it evens up more
            cut = at + 1 if 2 * before + cost <= total else at
            return min(max(cut, 1), len(work) - 1)
        before += cost
    return max(len(work) - 1, 0)


def _forked(fn: Callable[[], Result]) -> Callable[[], Result]:
    """Start `fn()` in a forked child; the function returned waits for it and gives its result, which comes back
    pickled through a pipe, or raises its error (as its text where the error does not pickle)."""
    receive, send = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns, nor runs the parent's exit handlers; its own output is flushed
        os.close(receive)
        try:
            payload = pickle.dumps((True, fn()))
        except BaseException as exc:  # noqa: BLE001 - handed to the parent, which raises it
            payload = _pickled_error(exc)
        with os.fdopen(send, "wb") as out:
            out.write(payload)
        for stream in (sys.stdout, sys.stderr):
            with contextlib.suppress(Exception):
                stream.flush()
        os._exit(0)
    os.close(send)

    def result() -> Result:
        with os.fdopen(receive, "rb") as pipe:
            data = pipe.read()
        os.waitpid(pid, 0)
        if not data:
            raise RuntimeError("工作子进程意外退出，没有交回结果（程序缺陷或被系统终止）")
        done, value = pickle.loads(data)
        if not done:
            raise value
        return value
    return result


def _pickled_error(exc: BaseException) -> bytes:
    try:
        return pickle.dumps((False, exc))
    except Exception:  # noqa: BLE001 - an error that does not pickle is handed over as its text
        return pickle.dumps((False, RuntimeError(f"{type(exc).__name__}: {exc}")))
