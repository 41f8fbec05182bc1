"""Forked workers for work over many dossiers: the same results as one process, and never a fork while other
threads run (a lock held by one of them at the fork would stay held in the child)."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from wenquan import workers


def _square_with_pid(n: int) -> tuple[int, int]:
    return n * n, os.getpid()


# In a fresh interpreter (no other threads, as in `wenquan build`): many items are worked by forked processes.
FORKED = """
import os
from wenquan import workers
workers.WORKERS = 2  # even on a one-CPU machine
def square(n):
    return n * n, os.getpid()
items = list(range(workers.PARALLEL_FROM + 10))
results = workers.forked_map(square, items, chunksize=4)
assert [r for r, _ in results] == [n * n for n in items]
print(len({pid for _, pid in results} - {os.getpid()}))
"""


def test_many_items_are_worked_in_forked_processes_with_the_same_results() -> None:
    out = subprocess.run([sys.executable, "-c", FORKED], capture_output=True, text=True, check=True).stdout
    assert int(out) >= 1


def test_few_items_or_other_threads_keep_the_work_in_this_process(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(workers, "WORKERS", 2)
    few = workers.forked_map(_square_with_pid, range(workers.PARALLEL_FROM - 1))
    assert {pid for _, pid in few} == {os.getpid()}
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        many = workers.forked_map(_square_with_pid, range(workers.PARALLEL_FROM + 10))
    finally:
        stop.set()
        thread.join()
    assert {pid for _, pid in many} == {os.getpid()} and [r for r, _ in many][:3] == [0, 1, 4]


# Both sites of 70 dossiers made with forked workers (places read, pages made) and in one process: the same pages,
# the same charts, the same nav.
SITES = """
import datetime as dt, shutil, sys
from pathlib import Path
from wenquan import workers
from wenquan.site import memo
from wenquan.site.pages import render
from wenquan.workflow import place_cache, places
workers.WORKERS = 2
def build(kept=False):
    if not kept:
        memo._PAGES.clear()
        shutil.rmtree(place_cache.folder(), ignore_errors=True)  # every place read by this build
    data = places.SiteData.load(Path(sys.argv[1]), dt.date(2026, 11, 21), timeline=True)
    return [(o.pages, o.files, o.nav) for o in (render(data, "public"), render(data, "review"))]
forked = build()
workers.PARALLEL_FROM = 10**9
alone = build()
# mkdocs serve's next build: every place's pages taken from the memo, which keeps them compressed
again = build(kept=True)
packed = [v for _, page, files in memo._PAGES.values() for v in (page, *files.values())]
texts = [t for o in alone for t in (*o[0].values(), *o[1].values())]
print(forked == alone == again, len(forked[1][0]), len(packed) > 70 and all(type(v) is bytes for v in packed),
      sum(map(len, packed)) * 2 < sum(len(t.encode()) for t in texts))
"""


def test_sites_made_by_forked_workers_are_the_sites_made_in_one_process(tmp_path: Path) -> None:
    import shutil

    from conftest import data_copy

    root = data_copy(tmp_path / "repo", committed=True)
    for i in range(70):
        shutil.copytree(root / "dossiers" / "hebei-xiongxian", root / "dossiers" / f"copy-{i:03d}")
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}
    out = subprocess.run([sys.executable, "-c", SITES, str(root)], env=env, capture_output=True, text=True, check=True).stdout
    same, review_pages, packed, smaller = out.split()
    assert same == "True" and int(review_pages) >= 74 and packed == smaller == "True"


# The full audit's lighter form: plain forks, one for each other CPU, all the processes taking runs of the list in
# turn. The parent's first run waits until every child has started one, and each child's first run until the
# parent has seen them all (pipes: conditions, not times), so that every process surely works.
SHARED = """
import os, sys
from wenquan import workers
from wenquan.errors import UserError
workers.WORKERS = int(sys.argv[1])
CHILDREN = workers.WORKERS - 1
PARENT = os.getpid()
def both_work(fn):
    started, say = os.pipe()
    go, let = os.pipe()
    waited = []
    def run(items):
        if os.getpid() != PARENT and not waited:
            waited.append(os.write(say, b"x"))
            os.read(go, 1)
        elif os.getpid() == PARENT and not waited:
            waited.append(b"".join(os.read(started, 1) for _ in range(CHILDREN)))
            os.write(let, b"x" * CHILDREN)
        return fn(items)
    return run
def squares(items):
    return [(n * n, os.getpid()) for n in items]
items = list(range(workers.PARALLEL_FROM + 11))
results = workers.in_processes(both_work(squares), items)
assert [r for r, _ in results] == [n * n for n in items], results
pids = [pid for _, pid in results]
assert PARENT in pids and len(set(pids)) == workers.WORKERS, pids
print("all:", len(set(pids)))
def failing(items):
    if os.getpid() != PARENT:
        raise UserError("子进程中的错误")
    return [n for n in items]
try:
    workers.in_processes(both_work(failing), items)
except UserError as exc:
    print("raised:", exc)
def unpicklable(items):
    if os.getpid() != PARENT:
        raise ValueError(lambda: None)
    return items
try:
    workers.in_processes(both_work(unpicklable), items)
except RuntimeError as exc:
    print("as text:", "ValueError" in str(exc))
def dies(items):
    if os.getpid() != PARENT:
        os._exit(3)
    return items
try:
    workers.in_processes(both_work(dies), items)
except RuntimeError as exc:
    print("died:", "意外退出" in str(exc))
def fails_here(items):
    if os.getpid() == PARENT:
        raise UserError("本进程中的错误")
    return items
try:
    workers.in_processes(both_work(fails_here), items)
except UserError as exc:
    print("raised:", exc)
told, tell = os.pipe()
def tells(items):
    if os.getpid() != PARENT:
        os.write(tell, b"x")
    return squares(items)
beside = []
def meanwhile():
    os.close(tell)  # the children hold their own end: should they die first, the read below ends rather than waits
    beside.append((os.getpid(), os.read(told, 1)))  # done once a child has started on a run
results = workers.in_processes(tells, items, meanwhile=meanwhile)
assert [r for r, _ in results] == [n * n for n in items], results  # the children may have taken every run meanwhile
print("meanwhile:", beside == [(PARENT, b"x")])
try:
    os.waitpid(-1, os.WNOHANG)
except ChildProcessError:
    print("no child left")
"""


@pytest.mark.parametrize("processes", [2, 3])
def test_in_processes_forks_a_child_a_cpu_keeps_the_order_and_raises_a_childs_error_here(processes: int) -> None:
    out = subprocess.run([sys.executable, "-c", SHARED, str(processes)], capture_output=True, text=True, check=True).stdout
    assert out.splitlines() == [f"all: {processes}", "raised: 子进程中的错误", "as text: True", "died: True", "raised: 本进程中的错误",
                                "meanwhile: True", "no child left"]


def test_in_processes_stays_here_with_few_items_or_other_threads(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(workers, "WORKERS", 2)

    def pids(items: list[int]) -> list[int]:
        return [os.getpid() for _ in items]

    beside: list[int] = []
    assert set(workers.in_processes(pids, list(range(workers.PARALLEL_FROM - 1)), meanwhile=lambda: beside.append(os.getpid()))) == {os.getpid()}
    assert beside == [os.getpid()]  # the other work is done here all the same, once
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert set(workers.in_processes(pids, list(range(workers.PARALLEL_FROM + 10)))) == {os.getpid()}
    finally:
        stop.set()
        thread.join()


@pytest.mark.parametrize(("work", "parts", "bounds"), [
    ([1] * 8, 4, [(0, 2), (2, 4), (4, 6), (6, 8)]),
    ([1, 1, 1, 10], 2, [(0, 3), (3, 4)]),  # the heavy item alone: nearer the middle than all four together
    ([10, 1, 1, 1, 1], 4, [(0, 1), (1, 2), (2, 3), (3, 5)]),
    ([1] * 5, 16, [(0, 1), (1, 2), (2, 3), (3, 4), (4, 5)]),  # never more runs than items
    ([7], 16, [(0, 1)]), ([0, 0, 0], 4, [(0, 3)]),
])
def test_runs_cut_the_work_into_parts_of_about_equal_cost(work: list[int], parts: int, bounds: list[tuple[int, int]]) -> None:
    assert workers.runs(work, parts) == bounds


def test_runs_cover_every_item_once_in_order_and_are_near_equal() -> None:
    import random

    rng = random.Random(7)
    for _ in range(200):
        work = [rng.choice([1, 1, 2, 3, 8, 40]) for _ in range(rng.randint(1, 300))]
        parts = rng.choice([2, 4, 16])
        bounds = workers.runs(work, parts)
        assert bounds[0][0] == 0 and bounds[-1][1] == len(work) and len(bounds) <= parts
        assert all(a < b == c for (a, b), (c, _) in zip(bounds, [*bounds[1:], (len(work), None)], strict=True))
        # each run ends within one item of its share of the work
        assert all(sum(work[a:b]) <= sum(work) / parts + 2 * max(work) for a, b in bounds)


def test_the_workers_are_as_many_as_the_cpus_this_process_may_use() -> None:
    """A process limited to one CPU (a container's cpuset, `taskset`) works alone, whatever the machine has."""
    code = "import os; os.sched_setaffinity(0, {min(os.sched_getaffinity(0))}); from wenquan import workers; print(workers.WORKERS)"
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout == "1\n"
