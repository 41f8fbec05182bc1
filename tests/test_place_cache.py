"""Loaded places kept in the user's cache between processes (issue 20 goal 3): the review build reuses what the
public build read, and an entry is used only for exactly the input that made it. Each load runs in its own
process, as `wenquan build` and `wenquan build --audience review` do."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import data_copy

# Loads the places of the repository in argv[1] and prints how many there are and which ones were read from the files.
LOAD = """
import datetime as dt, sys
from pathlib import Path
from wenquan.workflow import places
read = []
real = places.load_place
def counted(repo, rules, folder, *rest, **options):
    read.append(folder.name)
    return real(repo, rules, folder, *rest, **options)
places.load_place = counted
data = places.SiteData.load(Path(sys.argv[1]), dt.date(2026, 11, 21), timeline=False)
print(len(data.places), ",".join(sorted(read)))
"""


def _load(root: Path, cache: Path, today: str = "2026-11-21") -> tuple[int, list[str]]:
    env = {**os.environ, "XDG_CACHE_HOME": str(cache), "WENQUAN_TODAY": today}
    out = subprocess.run([sys.executable, "-c", LOAD, str(root)], env=env, capture_output=True, text=True, check=True).stdout
    count, read = out.split()[0], out.split()[1] if len(out.split()) > 1 else ""
    return int(count), [r for r in read.split(",") if r]


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return data_copy(tmp_path / "repo")


def test_the_second_process_reads_no_dossier_again(root: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    count, read = _load(root, cache)
    assert count == 4 and len(read) == 4
    entries = list((cache / "wenquan" / "places").glob("*.pickle"))
    assert len(entries) == 4 and {e.stat().st_mode & 0o777 for e in entries} == {0o600}   # dossiers hold contacts
    assert _load(root, cache) == (4, [])


def test_a_changed_dossier_is_read_again_and_only_it(root: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    _load(root, cache)
    path = root / "dossiers" / "henan-kaifeng" / "dossier.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "\n# 一行注释\n", encoding="utf-8")
    assert _load(root, cache) == (4, ["henan-kaifeng"])
    registry = root / "registry" / "rules.yaml"
    registry.write_text(registry.read_text(encoding="utf-8") + "\n# 一行注释\n", encoding="utf-8")
    assert len(_load(root, cache)[1]) == 4                      # the registry: every place


def test_another_day_another_folder_or_a_broken_entry_is_a_miss(root: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    _load(root, cache)
    assert len(_load(root, cache, today="2026-11-22")[1]) == 4  # "in the future" is judged against the real day
    twin = tmp_path / "twin"
    shutil.copytree(root, twin)
    assert len(_load(twin, cache)[1]) == 4                      # the same bytes elsewhere: its own entries
    for entry in (cache / "wenquan" / "places").glob("*.pickle"):
        entry.write_bytes(b"not a pickle")
    assert len(_load(root, cache)[1]) == 4


def test_a_cached_place_is_the_place_read_from_the_files(root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import datetime as dt
    import pickle

    from wenquan.workflow import place_cache, places

    _load(root, tmp_path / "cache")
    entries = sorted((tmp_path / "cache" / "wenquan" / "places").glob("*.pickle"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "empty"))      # read from the files here
    fresh = places.SiteData.load(root, dt.date(2026, 11, 21), timeline=False).places
    assert len(list((tmp_path / "empty" / "wenquan" / "places").glob("*.pickle"))) == 4

    cached = {p.id: p for p in (pickle.loads(e.read_bytes()) for e in entries)}
    assert sorted(cached) == sorted(p.id for p in fresh)
    for place in fresh:
        assert cached[place.id] == place
    assert place_cache.code() == place_cache.code()


def test_prune_keeps_the_newest(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from wenquan.workflow import place_cache

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    for i in range(5):
        place_cache.save(f"key-{i}", {"n": i})
        os.utime(place_cache._path(f"key-{i}"), ns=(i * 10**9, i * 10**9))
    place_cache.prune(keep=2)
    assert [place_cache.load(f"key-{i}") for i in range(5)] == [None, None, None, {"n": 3}, {"n": 4}]


# Places read (first) and taken from the cache (second): equal strings across places are one object, and the
# data is what the files say.
SHARED = """
import datetime as dt, sys
from pathlib import Path
from wenquan.workflow import places
data = places.SiteData.load(Path(sys.argv[1]), dt.date(2026, 11, 21), timeline=False)
first, second = data.places[0], data.places[1]
key = next(k for k in first.dossier if k in second.dossier and k == "schema_version")
keys_shared = next(k for k in first.dossier if k == key) is next(k for k in second.dossier if k == key)
states = [p.workflow["state"] for p in data.places if p.workflow]
same_state = [a for a in states if a == "命名"]
print(keys_shared, len(same_state) >= 2 and same_state[0] is same_state[1])
"""


def test_places_share_their_repeated_strings_whether_read_or_cached(root: Path, tmp_path: Path) -> None:
    from wenquan.workflow.shared_strings import share

    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache"), "WENQUAN_TODAY": "2026-11-21"}
    for _ in ("read", "cached"):
        out = subprocess.run([sys.executable, "-c", SHARED, str(root)], env=env, capture_output=True, text=True, check=True).stdout
        assert out.split() == ["True", "True"]
    table: dict[str, str] = {}
    value = {"a": ["x" * 3, ("y", 1, None)], "b": {"c": 2.5}}
    again = share({"a": ["xxx", ("y", 1, None)], "b": {"c": 2.5}}, table)
    first = share(value, {})
    assert again == value == first and again["a"][0] is share("".join(["x", "xx"]), table)
