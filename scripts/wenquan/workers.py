"""Work over many dossiers spread over forked worker processes: validating them, reading them for a site, making
their pages. Forked, the workers share what the parent has loaded; each result comes back pickled.

`in_child` and `in_processes` are the lightest forms, for one piece of work out of this process's memory (a site
build's data) or a command that lasts a fraction of a second (the full audit): plain forks, each result pickled
back through a pipe.

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
# The CPUs this process may run on (a container's or a `taskset`'s, where os.cpu_count counts the machine's), at most 4.
WORKERS = min(len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1, 4)

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


def in_processes(fn: Callable[[list[Item]], list[Result]], items: list[Item], work: list[int] | None = None,
                 parts: int = 16, meanwhile: Callable[[], None] = lambda: None) -> list[Result]:
    """`fn(items)`, which gives one result an item, worked by this process and a forked child for each other CPU it
    may use (WORKERS in all); with fewer than PARALLEL_FROM items, or where this process may not fork, all here.
    The items are cut into `parts` runs of about equal work (`work`: what each item is expected to cost; else all
    alike), and each process takes the next run no one has taken until none is left: a process whose core other
    work slows down takes fewer, and none waits long for the others at the end. The runs are handed out through a
    pipe, in which each index is two bytes that one read takes whole. `meanwhile` is this process's own other
    work, done first while the children start on the runs (it keeps what it finds where its caller reads it). An
    error in any process is raised here, once every child has been reaped."""
    if len(items) < PARALLEL_FROM or not can_fork():
        meanwhile()
        return fn(items)
    bounds = runs(work if work is not None else [1] * len(items), parts)
    queue, fill = os.pipe()
    try:
        os.write(fill, b"".join(i.to_bytes(2, "big") for i in range(len(bounds))))  # far less than a pipe holds
        os.close(fill)

        def take() -> list[tuple[int, list[Result]]]:
            done = []
            while len(taken := os.read(queue, 2)) == 2:
                run = int.from_bytes(taken, "big")
                start, end = bounds[run]
                done.append((run, fn(items[start:end])))
            return done

        children: list[Callable[[], list[tuple[int, list[Result]]]]] = []
        try:
            for _ in range(WORKERS - 1):
                children.append(_forked(take))
            meanwhile()
            mine = take()
        finally:  # every child is read and reaped, even when this process fails
            theirs = _gathered(children)
    finally:
        os.close(queue)
    found = dict([*theirs, *mine])
    return [result for i in range(len(bounds)) for result in found[i]]


def _gathered(children: list[Callable[[], list[Result]]]) -> list[Result]:
    """What each child gave (`_forked`), in turn, every one waited for; the first child's error raised after."""
    gathered: list[Result] = []
    failure: BaseException | None = None
    for child in children:
        try:
            gathered += child()
        except BaseException as exc:  # noqa: BLE001 - raised once the other children are reaped too
            failure = failure or exc
    if failure is not None:
        raise failure
    return gathered


def runs(work: list[int], parts: int) -> list[tuple[int, int]]:
    """(start, end) of at most `parts` consecutive runs of items that cost `work`, each of about equal cost: a run
    ends where the sum reaches the next of `parts` equal steps, before or after the item that reaches it,
    whichever is nearer."""
    total = max(sum(work), 1)
    ends: list[int] = []
    so_far = 0
    for at, cost in enumerate(work):
        before, so_far = so_far, so_far + cost
        step = (len(ends) + 1) * total / parts  # where the run now open should end
        if so_far >= step:
            cut = at if at > (ends[-1] if ends else 0) and step - before < so_far - step else at + 1
            if cut < len(work):
                ends.append(cut)
    starts = [0, *ends]
    return list(zip(starts, [*ends, len(work)], strict=True))


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
        # Waited for now, though its memory takes the system some milliseconds to free: until it has, every page this
        # process writes that the child still shares is copied first (left to exit instead, the audit was no faster).
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
