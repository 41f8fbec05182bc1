"""A wenquan write stopped at every step (Ctrl-C, SIGTERM, kill -9) leaves git consistent: the transition
happened completely or not at all, HEAD, the index and the working tree agree, an ordinary `git commit`
afterwards commits nothing of wenquan's, the next wenquan command repairs what a killed write left, and
nothing of wenquan's stays in .git. The writer is stopped by its test-only switch (store/commit.py), so
every step is hit deterministically, never by chance."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import git
from wenquan.store.commit import STEPS, STOP_SWITCH
from workflow_helpers import ID, ok

SIGNALS = ("INT", "TERM", "KILL")
HAPPENED_FROM = STEPS.index("head-moved")  # from this step on, the commit is on the branch


def wenquan(root: Path, *args: str, stop: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {key: value for key, value in os.environ.items() if key != STOP_SWITCH}
    if stop:
        env[STOP_SWITCH] = stop
    return subprocess.run([sys.executable, "-m", "wenquan", "-C", str(root), *args], capture_output=True, text=True, env=env)


def git_dir(root: Path) -> Path:
    return Path(git(root, "rev-parse", "--absolute-git-dir").strip())


def wenquan_files(root: Path) -> list[str]:
    return sorted(p.name for p in git_dir(root).iterdir() if p.name.startswith("wenquan") or p.name == "index.lock")


def state_in(root: Path, revision: str) -> str | None:
    shown = subprocess.run(["git", "show", f"{revision}:dossiers/{ID}/workflow.yaml"], cwd=root, capture_output=True, text=True)
    return yaml.safe_load(shown.stdout)["state"] if shown.returncode == 0 else None


def assert_consistent(root: Path) -> None:
    """HEAD, index and working tree agree, and nothing of wenquan's is left in .git."""
    assert git(root, "status", "--porcelain", "--untracked-files=all") == ""
    assert wenquan_files(root) == []
    probe = subprocess.run(["git", "commit", "-m", "一次普通的提交"], cwd=root, capture_output=True, text=True)
    assert probe.returncode != 0 and "nothing to commit" in probe.stdout, probe.stdout + probe.stderr


@pytest.mark.parametrize("first", [True, False], ids=["new-record", "changed-record"])
@pytest.mark.parametrize("how", SIGNALS)
@pytest.mark.parametrize("step", STEPS)
def test_a_write_stopped_at_any_step_is_whole_or_absent(git_repo: Path, step: str, how: str, first: bool) -> None:
    if not first:
        ok(git_repo, "advance", ID, "申报", "--date", "2026-03-02")
    command = ("advance", ID, "申报", "--date", "2026-03-02") if first else ("advance", ID, "推荐", "--date", "2026-03-10")
    before, target = git(git_repo, "rev-parse", "HEAD").strip(), "申报" if first else "推荐"
    stopped = wenquan(git_repo, *command, stop=f"{step}:{how}")
    happened = STEPS.index(step) >= HAPPENED_FROM
    if how == "KILL":
        assert stopped.returncode == -signal.SIGKILL
    else:  # Ctrl-C and SIGTERM: the write finishes or undoes itself on the way out
        assert stopped.returncode == (0 if happened else 130), stopped.stderr
        assert_consistent(git_repo)
    following = wenquan(git_repo, "status")  # the next command, whatever it is, repairs a killed write
    assert following.returncode == 0, following.stderr
    if how == "KILL" and STEPS.index(step) < len(STEPS) - 1:
        assert "上次被中断的 wenquan 操作" in following.stderr
    assert_consistent(git_repo)
    head = git(git_repo, "rev-parse", "HEAD").strip()
    if happened:
        assert git(git_repo, "rev-parse", "HEAD~1").strip() == before
        assert state_in(git_repo, "HEAD") == target
        assert f"Transition: {'-' if first else '申报'} -> {target}" in git(git_repo, "log", "-1", "--format=%B")
    else:
        assert head == before
        assert state_in(git_repo, "HEAD") == (None if first else "申报")
        assert (git_repo / "dossiers" / ID / "workflow.yaml").exists() is not first
    assert wenquan(git_repo, "audit").returncode == 0
    if not happened:  # nothing is in the way of doing it again
        ok(git_repo, *command)
        assert state_in(git_repo, "HEAD") == target


def test_another_git_process_cannot_commit_while_wenquan_writes(git_repo: Path) -> None:
    """The index is locked before any file is written: a `git commit -a` meanwhile is refused by git itself,
    so it can never capture wenquan's half-done files."""
    proc = subprocess.Popen([sys.executable, "-m", "wenquan", "-C", str(git_repo), "advance", ID, "申报", "--date", "2026-03-02"],
                            env={**os.environ, STOP_SWITCH: "files-written:STOP"}, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    _, status = os.waitpid(proc.pid, os.WUNTRACED)  # returns once the writer has stopped itself: a condition, not a time
    assert os.WIFSTOPPED(status)
    try:
        assert (git_repo / "dossiers" / ID / "workflow.yaml").exists()
        other = subprocess.run(["git", "commit", "-a", "-m", "别人的提交"], cwd=git_repo, capture_output=True, text=True)
        assert other.returncode != 0 and "index.lock" in other.stderr
        added = subprocess.run(["git", "add", "-A"], cwd=git_repo, capture_output=True, text=True)
        assert added.returncode != 0
    finally:
        os.kill(proc.pid, signal.SIGCONT)
    _, err = proc.communicate()
    assert proc.returncode == 0, err
    assert git(git_repo, "log", "-1", "--format=%s").startswith("申报")
    assert_consistent(git_repo)


def test_a_file_changed_by_hand_after_a_kill_is_kept_and_named(git_repo: Path) -> None:
    ok(git_repo, "advance", ID, "申报", "--date", "2026-03-02")
    killed = wenquan(git_repo, "advance", ID, "推荐", "--date", "2026-03-10", stop="files-written:KILL")
    assert killed.returncode == -signal.SIGKILL
    record = git_repo / "dossiers" / ID / "workflow.yaml"
    record.write_text(record.read_text(encoding="utf-8") + "# 手工改动\n", encoding="utf-8")
    following = wenquan(git_repo, "status")
    assert "中断后被改动过" in following.stderr and f"dossiers/{ID}/workflow.yaml" in following.stderr
    assert record.read_text(encoding="utf-8").endswith("# 手工改动\n")
    assert wenquan_files(git_repo) == []


def test_a_live_writer_is_not_repaired_under_its_feet(git_repo: Path) -> None:
    proc = subprocess.Popen([sys.executable, "-m", "wenquan", "-C", str(git_repo), "advance", ID, "申报", "--date", "2026-03-02"],
                            env={**os.environ, STOP_SWITCH: "commit-noted:STOP"}, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    _, status = os.waitpid(proc.pid, os.WUNTRACED)
    assert os.WIFSTOPPED(status)
    try:
        reader = wenquan(git_repo, "status")
        assert reader.returncode == 0 and "上次被中断" not in reader.stderr
        assert (git_dir(git_repo) / "wenquan-journal").exists()
    finally:
        os.kill(proc.pid, signal.SIGCONT)
    _, err = proc.communicate()
    assert proc.returncode == 0, err
    assert_consistent(git_repo)
