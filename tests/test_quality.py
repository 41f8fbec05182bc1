"""The code conventions of pyproject.toml hold: ruff's lint rules and mypy with disallow_untyped_defs."""

from __future__ import annotations

import subprocess
import sys

from conftest import ROOT


def test_ruff() -> None:
    result = subprocess.run([sys.executable, "-m", "ruff", "check", "scripts", "tests"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy() -> None:
    result = subprocess.run([sys.executable, "-m", "mypy"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
