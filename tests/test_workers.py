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


# The full audit's lighter form: one plain fork, the child working the first half of the list.
HALVES = """
import os, sys
from wenquan import workers
from wenquan.errors import UserError
workers.WORKERS = 2
def squares(items):
    return [(n * n, os.getpid()) for n in items]
items = list(range(workers.PARALLEL_FROM + 11))
results = workers.in_halves(squares, items)
assert [r for r, _ in results] == [n * n for n in items], results
pids = [pid for _, pid in results]
half = len(items) // 2
assert set(pids[half:]) == {os.getpid()} and len(set(pids[:half])) == 1 and pids[0] != os.getpid(), pids
def failing(items):
    if items[0] == 0 and os.getpid() != PARENT:
        raise UserError("子进程中的错误")
    return [n for n in items]
PARENT = os.getpid()
try:
    workers.in_halves(failing, items)
except UserError as exc:
    print("raised:", exc)
def unpicklable(items):
    if os.getpid() != PARENT:
        raise ValueError(lambda: None)
    return items
try:
    workers.in_halves(unpicklable, items)
except RuntimeError as exc:
    print("as text:", "ValueError" in str(exc))
def dies(items):
    if os.getpid() != PARENT:
        os._exit(3)
    return items
try:
    workers.in_halves(dies, items)
except RuntimeError as exc:
    print("died:", "意外退出" in str(exc))
"""


def test_in_halves_forks_once_keeps_the_order_and_raises_the_childs_error_here() -> None:
    out = subprocess.run([sys.executable, "-c", HALVES], capture_output=True, text=True, check=True).stdout
    assert out.splitlines() == ["raised: 子进程中的错误", "as text: True", "died: True"]


def test_in_halves_stays_here_with_few_items_or_other_threads(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(workers, "WORKERS", 2)

    def pids(items: list[int]) -> list[int]:
        return [os.getpid() for _ in items]

    assert set(workers.in_halves(pids, list(range(workers.PARALLEL_FROM - 1)))) == {os.getpid()}
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert set(workers.in_halves(pids, list(range(workers.PARALLEL_FROM + 10)))) == {os.getpid()}
    finally:
        stop.set()
        thread.join()


@pytest.mark.parametrize(("work", "cut"), [([1, 1, 1, 1], 2), ([10, 1, 1, 1], 1), ([1, 1, 1, 10], 3), ([1, 1], 1), ([4, 1, 1, 1, 1], 1),
                                           ([1, 1, 1, 1, 4], 4), ([0, 0, 0], 2), ([3, 5, 2, 6, 4], 3), ([7], 0)])
def test_the_middle_leaves_two_parts_of_most_nearly_equal_work(work: list[int], cut: int) -> None:
    assert workers.middle(work) == cut
    best = min(abs(sum(work[:k]) - sum(work[k:])) for k in range(1, len(work))) if len(work) > 1 else 0
    assert len(work) < 2 or abs(sum(work[:cut]) - sum(work[cut:])) == best


WEIGHED = """
import os
from wenquan import workers
workers.WORKERS = 2
items = list(range(workers.PARALLEL_FROM + 11))
work = [60] + [1] * (len(items) - 1)  # the first item weighs as much as sixty others
pids = workers.in_halves(lambda part: [os.getpid() for _ in part], items, work)
print(sum(pid != os.getpid() for pid in pids))
"""


def test_in_halves_given_the_work_cuts_where_the_parts_weigh_the_same() -> None:
    out = subprocess.run([sys.executable, "-c", WEIGHED], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["8"]  # the heavy item and seven others in the child: 67 against 67
