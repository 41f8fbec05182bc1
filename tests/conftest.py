from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "tests" / "examples"
TODAY = dt.date(2026, 11, 21)
RECORDS = shutil.ignore_patterns("workflow.yaml", "review.yaml", "reports")


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A copy of this repository's data (not its code) in a temporary folder: a user's own repository.

    The dossiers come as submitted: the shipped examples' workflow and review records (their history in this
    repository) are left out, so every test starts each application from the beginning."""
    target = tmp_path / "repo"
    target.mkdir()
    for name in ("mkdocs.yml",):
        shutil.copy2(ROOT / name, target / name)
    for name in ("schemas", "registry", "dossiers", "site"):
        shutil.copytree(ROOT / name, target / name, symlinks=True, ignore=RECORDS)
    return target


def bench_script() -> Any:
    """tests/bench/bench.py, a script rather than a module of a package, loaded as a module (its history writers)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("wenquan_bench", ROOT / "tests" / "bench" / "bench.py")
    assert spec and spec.loader
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    return bench


def data_copy(target: Path, names: tuple[str, ...] = ("schemas", "registry", "dossiers", "site"), committed: bool = False) -> Path:
    """This repository's data folders (not its code) copied to `target`; `committed`: as a git repository with one commit."""
    target.mkdir(parents=True)
    shutil.copy2(ROOT / "mkdocs.yml", target / "mkdocs.yml")
    for name in names:
        shutil.copytree(ROOT / name, target / name, symlinks=True)
    if committed:
        git(target, "init", "-q", "-b", "main")
        git(target, "add", "-A")
        git(target, "-c", "user.name=测试", "-c", "user.email=t@example.cn", "commit", "-q", "-m", "示例")
    return target


def git(root: Path, *args: str) -> str:
    import subprocess

    return subprocess.run(["git", *args], cwd=root, check=True, capture_output=True, text=True).stdout


@pytest.fixture
def git_repo(repo: Path) -> Path:
    """The repository copy as a real git repository with one commit."""
    git(repo, "init", "-q", "-b", "main")
    git(repo, "config", "user.name", "测试秘书")
    git(repo, "config", "user.email", "secretary@example.org")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "初始")
    return repo


DATA = ("schemas", "registry", "dossiers", "site", "templates")


def shipped_copy(target: Path) -> Path:
    """This repository as a user would clone it: real history, plus the working tree's current data files."""
    git(ROOT.parent, "clone", "-q", "--no-hardlinks", str(ROOT), str(target))
    for name in DATA:
        shutil.copytree(ROOT / name, target / name, symlinks=True, dirs_exist_ok=True)
    for name in ("mkdocs.yml", "mkdocs.review.yml"):
        shutil.copy2(ROOT / name, target / name)
    return target


@pytest.fixture(scope="session")
def sites(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The shipped examples built once per test run: {"root", "public", "review"}."""
    from wenquan.site.build import build

    root = shipped_copy(tmp_path_factory.mktemp("shipped") / "repo")
    return {"root": root, "public": build(root, "public", on=TODAY), "review": build(root, "review", on=TODAY)}


@pytest.fixture(autouse=True, scope="session")
def _private_cache(tmp_path_factory: pytest.TempPathFactory) -> None:
    """wenquan remembers proven record states in the user's cache: the tests use their own, never the machine's."""
    import os

    os.environ["XDG_CACHE_HOME"] = str(tmp_path_factory.mktemp("cache"))


@pytest.fixture(autouse=True, scope="session")
def _fixed_today() -> None:
    """The tests' "today" is TODAY whatever the machine's clock says (wenquan's WENQUAN_TODAY): no date bombs."""
    import os

    os.environ["WENQUAN_TODAY"] = TODAY.isoformat()
