from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

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
