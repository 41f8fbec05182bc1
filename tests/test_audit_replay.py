"""`wenquan audit` proves every recorded fact by replaying the commits that wrote it (issue: records that cannot lie).

Each attack is made the way a person with push access would make it: an edit committed by hand, an amended
wenquan commit, an edit left uncommitted. Each must be found, named by dossier, file, field, recorded and
expected value, and must stop the next wenquan write on that dossier.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from conftest import git
from workflow_helpers import GOOD, ID, members, ok, snapshot, to_inspection, to_notice, wq

WORKFLOW = f"dossiers/{ID}/workflow.yaml"
REVIEW = f"dossiers/{ID}/review.yaml"


def _edit(root: Path, rel: str, change: object) -> None:
    path = root / rel
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)  # type: ignore[operator]
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def _amend(root: Path) -> None:
    """Fold the working tree's edit into the last commit, keeping its message (and so its trailers)."""
    git(root, "commit", "-q", "-a", "--amend", "--no-edit")


def _audit(root: Path) -> str:
    result = wq(root, "audit")
    assert result.exit_code == 1, result.output
    return result.stdout


def test_notice_end_shortened_in_an_amended_commit_is_found_and_blocks_naming(git_repo: Path) -> None:
    to_notice(git_repo)   # 公示 from 2026-04-27, seven working days to 2026-05-08 (五一 holidays)
    end = yaml.safe_load((git_repo / WORKFLOW).read_text(encoding="utf-8"))["notice"]["end"]
    _edit(git_repo, WORKFLOW, lambda d: d["notice"].update(end="2026-04-29"))
    _amend(git_repo)
    out = _audit(git_repo)
    assert WORKFLOW in out and "notice.end" in out and "2026-04-29" in out and end in out
    before = snapshot(git_repo)
    refused = wq(git_repo, "advance", ID, "命名", "--date", "2026-05-06")
    assert refused.exit_code == 1 and "未通过审计" in refused.output and "git revert" in refused.output
    assert snapshot(git_repo) == before


def test_notice_period_forged_everywhere_is_found_by_the_calendar(git_repo: Path) -> None:
    to_notice(git_repo)
    message = git(git_repo, "log", "-1", "--format=%B")
    notice = yaml.safe_load((git_repo / WORKFLOW).read_text(encoding="utf-8"))["notice"]

    def forge(d: dict) -> None:  # type: ignore[type-arg]
        d["notice"]["end"] = "2026-04-29"
        d["events"][-1]["notice"]["end"] = "2026-04-29"

    _edit(git_repo, WORKFLOW, forge)
    git(git_repo, "commit", "-q", "-a", "--amend", "-m", message.replace(f"Notice-End: {notice['end']}", "Notice-End: 2026-04-29"))
    out = _audit(git_repo)
    assert "应至 2026-05-08 结束" in out and "记录为 2026-04-29" in out


def test_a_score_changed_by_hand_is_found(git_repo: Path) -> None:
    to_inspection(git_repo)
    first = members(git_repo)[0]
    ok(git_repo, "score", ID, "--expert", first, "--date", "2026-04-20", *GOOD)
    ok(git_repo, "audit")

    def lower(d: dict) -> None:  # type: ignore[type-arg]
        sheet = d["scores"][0]
        sheet["scores"]["1.1"], sheet["total"] = 1, 69

    _edit(git_repo, REVIEW, lower)
    git(git_repo, "commit", "-q", "-am", "改分")   # committed without trailers
    out = _audit(git_repo)
    assert REVIEW in out and "没有 wenquan 的尾注" in out and "1.1" in out and "69" in out and "75" in out


def test_a_score_folded_into_the_score_commit_is_found(git_repo: Path) -> None:
    to_inspection(git_repo)
    first = members(git_repo)[0]
    ok(git_repo, "score", ID, "--expert", first, "--date", "2026-04-20", *GOOD)
    _edit(git_repo, REVIEW, lambda d: d["scores"][0].update(total=69))
    _amend(git_repo)
    out = _audit(git_repo)
    assert "total" in out and "69" in out and "75" in out


def test_a_panel_member_swapped_is_found_by_redrawing_the_seed(git_repo: Path) -> None:
    to_inspection(git_repo)
    git(git_repo, "reset", "-q", "--hard", "HEAD~3")   # back to the draw (before approve, 考察, inspect)
    _edit(git_repo, REVIEW, lambda d: d["panel"]["members"][0].update(id="e99", name="某某"))
    _amend(git_repo)
    out = _audit(git_repo)
    assert "panel.members" in out or "专家组名单" in out


def test_uncommitted_edits_of_objections_and_notice_are_reported(git_repo: Path) -> None:
    to_notice(git_repo)
    ok(git_repo, "object", ID, "--received", "2026-04-28", "--summary", "回灌数据不全")
    ok(git_repo, "audit")
    _edit(git_repo, WORKFLOW, lambda d: d["objections"][0].update(status="不成立"))
    out = _audit(git_repo)
    assert "未提交" in out and "异议 1.status" in out and "不成立" in out and "待处理" in out


def test_a_forged_actor_and_two_events_in_one_commit_are_found(git_repo: Path) -> None:
    """Mutation guards: the Actor trailer check and the one-event-per-commit rule each fail a test when disabled."""
    ok(git_repo, "advance", ID, "申报", "--date", "2026-03-02")
    message = git(git_repo, "log", "-1", "--format=%B")
    git(git_repo, "commit", "-q", "--amend", "-m", message.replace("Actor: ", "Actor: 别人"))
    out = _audit(git_repo)
    assert "尾注“Actor: 别人" in out
    git(git_repo, "commit", "-q", "--amend", "-m", message)
    ok(git_repo, "audit")

    def twice(d: dict) -> None:  # type: ignore[type-arg]
        second = {**d["events"][0], "seq": 2, "from": "申报", "to": "推荐", "actor": "河北省矿业协会", "date": "2026-03-02"}
        third = {**second, "seq": 3, "from": "推荐", "to": "考察", "actor": "中国矿业联合会秘书局"}
        d["events"] += [second, third]
        d["state"] = "考察"

    _edit(git_repo, WORKFLOW, twice)
    git(git_repo, "commit", "-q", "-a", "--date", "2026-03-02T12:00:00+08:00", "-m",
        f"推荐: x\n\nDossier: {ID}\nTransition: 申报 -> 推荐\nEvent: 2\nActor: 河北省矿业协会\n")
    out = _audit(git_repo)
    assert "一次提交只能新增一个事件" in out


def test_a_merge_that_changes_a_record_itself_is_found(git_repo: Path) -> None:
    ok(git_repo, "advance", ID, "申报", "--date", "2026-03-02")
    git(git_repo, "checkout", "-q", "-b", "side")
    (git_repo / "README.txt").write_text("side\n", encoding="utf-8")
    git(git_repo, "add", "README.txt")
    git(git_repo, "commit", "-qm", "side")
    git(git_repo, "checkout", "-q", "main")
    (git_repo / "OTHER.txt").write_text("main\n", encoding="utf-8")
    git(git_repo, "add", "OTHER.txt")
    git(git_repo, "commit", "-qm", "main")
    git(git_repo, "merge", "-q", "--no-ff", "--no-commit", "side")
    _edit(git_repo, WORKFLOW, lambda d: d["events"][0].update(actor="别人"))
    git(git_repo, "commit", "-q", "-am", "merge side")
    out = _audit(git_repo)
    assert "合并提交" in out
