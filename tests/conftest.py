from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "tests" / "examples"
TODAY = dt.date(2026, 11, 21)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A copy of this repository's data (not its code) in a temporary folder: a user's own repository."""
    target = tmp_path / "repo"
    target.mkdir()
    for name in ("mkdocs.yml",):
        shutil.copy2(ROOT / name, target / name)
    for name in ("schemas", "registry", "dossiers", "site"):
        shutil.copytree(ROOT / name, target / name, symlinks=True)
    return target
