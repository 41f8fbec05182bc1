"""Refusals that protect history (detached HEAD, unborn branch, uncommitted data the step reads), the
repository's own commit hooks run as git runs them, and "today" set for rehearsals and recorded as such."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from conftest import git
from workflow_helpers import ID, commits, ok, snapshot, wq


def refused(root: Path, *args: str, says: str, code: int = 1) -> str:
    before = snapshot(root)
    result = wq(root, *args)
    assert result.exit_code == code, result.output
    assert says in result.output
    assert snapshot(root) == before
    return result.output


def hook(root: Path, name: str, body: str) -> Path:
    folder = root / ".git" / "hooks"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text("#!/bin/sh\n" + body, encoding="utf-8")
    path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return path


def test_a_detached_head_is_refused(git_repo: Path) -> None:
    ok(git_repo, "advance", ID, "申报", "--date", "2026-03-02")
    git(git_repo, "checkout", "-q", "--detach")
    refused(git_repo, "advance", ID, "推荐", "--date", "2026-03-10", says="HEAD 处于分离状态")
    git(git_repo, "checkout", "-q", "main")
    ok(git_repo, "advance", ID, "推荐", "--date", "2026-03-10")


def test_an_unborn_branch_is_refused(repo: Path) -> None:
    git(repo, "init", "-q", "-b", "main")
    result = wq(repo, "advance", ID, "申报", "--date", "2026-03-02")
    assert result.exit_code == 1 and "还没有任何提交" in result.output
    assert git(repo, "status", "--porcelain", "--", f"dossiers/{ID}/workflow.yaml") == ""
    assert not (repo / "dossiers" / ID / "workflow.yaml").exists()


@pytest.mark.parametrize("change", ["edit", "new", "delete"])
def test_uncommitted_data_the_step_reads_is_refused(git_repo: Path, change: str) -> None:
    ok(git_repo, "advance", ID, "申报", "--date", "2026-03-02")
    if change == "edit":
        target = git_repo / "registry" / "rules.yaml"
        target.write_text(target.read_text(encoding="utf-8") + "\n# 未提交的改动\n", encoding="utf-8")
        name = "registry/rules.yaml"
    elif change == "new":
        (git_repo / "registry" / "overlays" / "shandong.yaml").write_text("province: 山东省\n", encoding="utf-8")
        name = "registry/overlays/shandong.yaml"
    else:
        (git_repo / "schemas" / "review.schema.json").unlink()
        name = "schemas/review.schema.json"
    output = refused(git_repo, "advance", ID, "推荐", "--date", "2026-03-10", says="未提交的修改")
    assert name in output and "只依据已提交的内容" in output
    if change == "new":
        (git_repo / name).unlink()  # an invalid overlay: the step would have read it
    else:
        git(git_repo, "add", "-A")
        git(git_repo, "commit", "-qm", "登记数据")
    ok(git_repo, "advance", ID, "推荐", "--date", "2026-03-10")


def test_a_failing_pre_commit_hook_refuses_and_no_verify_skips_it(git_repo: Path) -> None:
    hook(git_repo, "pre-commit", "echo 'pre-commit: 格式检查未通过' >&2\nexit 1\n")
    output = refused(git_repo, "advance", ID, "申报", "--date", "2026-03-02", says="pre-commit 拒绝了提交")
    assert "格式检查未通过" in output and "--no-verify" in output
    assert not (git_repo / "dossiers" / ID / "workflow.yaml").exists()
    ok(git_repo, "advance", ID, "申报", "--date", "2026-03-02", "--no-verify")
    assert commits(git_repo) == 2


def test_pre_commit_sees_exactly_what_is_committed(git_repo: Path, tmp_path: Path) -> None:
    seen = tmp_path / "seen.txt"
    (git_repo / "registry" / "notes.txt").write_text("暂存但不属于本次提交\n", encoding="utf-8")
    git(git_repo, "add", "registry/notes.txt")
    hook(git_repo, "pre-commit", f"git diff --cached --name-only > '{seen}'\n")
    ok(git_repo, "advance", ID, "申报", "--date", "2026-03-02")
    assert seen.read_text(encoding="utf-8").split() == [f"dossiers/{ID}/workflow.yaml"]
    assert git(git_repo, "diff", "--cached", "--name-only").split() == ["registry/notes.txt"]  # still staged, not committed


def test_commit_msg_may_add_but_not_alter_wenquans_trailers(git_repo: Path) -> None:
    hook(git_repo, "commit-msg", 'printf "Signed-off-by: 测试秘书 <secretary@example.org>\\n" >> "$1"\n')
    ok(git_repo, "advance", ID, "申报", "--date", "2026-03-02")
    body = git(git_repo, "log", "-1", "--format=%B")
    assert "Signed-off-by: 测试秘书" in body and f"Dossier: {ID}" in body
    assert wq(git_repo, "audit").exit_code == 0
    hook(git_repo, "commit-msg", 'sed -i "s/^Actor: .*/Actor: 别人/" "$1"\n')
    refused(git_repo, "advance", ID, "推荐", "--date", "2026-03-10", says="commit-msg 钩子")


def test_hooks_path_from_git_config_is_honoured(git_repo: Path) -> None:
    folder = git_repo / ".githooks"
    folder.mkdir()
    script = folder / "pre-commit"
    script.write_text("#!/bin/sh\necho 拒绝 >&2\nexit 3\n", encoding="utf-8")
    script.chmod(0o755)
    git(git_repo, "config", "core.hooksPath", ".githooks")
    git(git_repo, "add", ".githooks")
    git(git_repo, "commit", "-qm", "钩子", "--no-verify")
    refused(git_repo, "advance", ID, "申报", "--date", "2026-03-02", says="退出码 3")


def test_an_event_cannot_be_dated_after_today(git_repo: Path) -> None:
    refused(git_repo, "advance", ID, "申报", "--date", "2026-11-22", says="晚于今天（2026-11-21）")
    ok(git_repo, "advance", ID, "申报", "--date", "2026-11-21")


def test_today_for_a_rehearsal_is_recorded_in_the_commit(git_repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("WENQUAN_TODAY")  # the machine's own date: any day after this first event
    ok(git_repo, "advance", ID, "申报", "--date", "2025-12-01")
    assert "Recorded-As-Of" not in git(git_repo, "log", "-1", "--format=%B")
    ok(git_repo, "--today", "2027-01-10", "advance", ID, "推荐", "--date", "2027-01-10")
    assert "Recorded-As-Of: 2027-01-10" in git(git_repo, "log", "-1", "--format=%B")
    assert wq(git_repo, "audit").exit_code == 0
    monkeypatch.setenv("WENQUAN_TODAY", "2026-11-21")
    output = refused(git_repo, "advance", ID, "考察", "--date", "2026-11-21", says="早于上一次记录的日期 2027-01-10")
    assert "--today" in output


def test_the_environment_sets_today_and_a_bad_value_is_a_usage_error(git_repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WENQUAN_TODAY", "2030-01-01")
    ok(git_repo, "advance", ID, "申报", "--date", "2029-12-31")
    assert "Recorded-As-Of: 2030-01-01" in git(git_repo, "log", "-1", "--format=%B")
    monkeypatch.setenv("WENQUAN_TODAY", "明天")
    refused(git_repo, "status", says="WENQUAN_TODAY", code=2)
    monkeypatch.delenv("WENQUAN_TODAY")
    refused(git_repo, "--today", "2026-13-01", "status", says="--today", code=2)
    assert os.environ.get("WENQUAN_TODAY") is None
