"""The benchmark script still runs end to end (tiny sizes; no timing is asserted here, only that every measured
command succeeded and a ratio came out)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent / "bench" / "bench.py"


def test_the_advance_benchmark_runs() -> None:
    result = subprocess.run([sys.executable, str(BENCH), "advance", "--n", "4", "--commits", "6", "--repeat", "1"],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert "4 dossiers, 6 commits" in result.stdout
    assert "exit [0]" in result.stdout and "ratio:" in result.stdout


def test_the_pull_request_benchmark_runs() -> None:
    result = subprocess.run([sys.executable, str(BENCH), "pr", "--n", "6", "--small", "2", "--repeat", "1"],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert "repositories of 2 and 6 dossiers" in result.stdout
    assert result.stdout.count("ratio:") == 2 and "exit 1" not in result.stdout


def test_the_audit_benchmark_runs_and_its_history_passes_audit() -> None:
    result = subprocess.run([sys.executable, str(BENCH), "audit", "--commits", "9", "--repeat", "1"],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr      # a failed audit (exit 1) measures nothing: no ratio
    assert "9 transition commits" in result.stdout and "ratio:" in result.stdout


def test_the_audit_benchmarks_index_is_settled_so_git_status_trusts_every_record(tmp_path: Path) -> None:
    """After `settle_index` the index was written in a later second than every record: git then trusts the times it
    cached for them, where a record from the index's own second is "racily clean" and every `git status
    --no-optional-locks` (the audit's) reads it again."""
    from conftest import bench_script, data_copy

    bench = bench_script()
    root = data_copy(tmp_path / "repo", names=("schemas", "registry"), committed=True)
    bench._history(root, 3 * 20)
    bench.settle_index(root)
    records = list((root / "dossiers").glob("bench-*/workflow.yaml"))
    assert len(records) == 20
    assert int((root / ".git" / "index").stat().st_mtime) > max(int(p.stat().st_mtime) for p in records)
    assert not (root / ".git" / "bench-clock").exists()
