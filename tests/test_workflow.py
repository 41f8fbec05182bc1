"""The workflow on git, through the CLI: the whole path, every refusal, objections, veto, audit, concurrency."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import git
from workflow_helpers import GOOD, ID, POOR, commits, members, ok, snapshot, to_inspection, to_notice, to_review, why, wq


def workflow(root: Path, dossier_id: str = ID) -> dict:
    return yaml.safe_load((root / "dossiers" / dossier_id / "workflow.yaml").read_text(encoding="utf-8"))


def test_the_whole_path_to_naming(git_repo: Path) -> None:
    start = commits(git_repo)
    to_notice(git_repo)
    ok(git_repo, "advance", ID, "命名", "--date", "2026-05-11")
    data = workflow(git_repo)
    assert data["state"] == "命名"
    assert [e["to"] for e in data["events"]] == ["申报", "推荐", "考察", "评审", "公示", "命名"]
    notice = {k: data["notice"][k] for k in ("start", "end")}
    assert notice == {"start": "2026-04-27", "end": "2026-05-08"}   # 劳动节 5.1–5.5 skipped
    assert data["notice"]["text"] == "notices/2026-04-27.md"         # the text as published, frozen
    assert data["certificate"] == {"number": "中矿联温泉〔2026〕乡字第001号", "date": "2026-05-11"}
    # one commit per step: 6 transitions, draw, approve, inspection, 5 sheets
    assert commits(git_repo) - start == 6 + 3 + len(members(git_repo))
    body = git(git_repo, "log", "-1", "--format=%B", "HEAD~1")
    assert body.splitlines()[0] == "公示: 中国温泉之乡（雄县）"
    assert "Dossier: hebei-xiongxian\nTransition: 评审 -> 公示\nEvent: 5\nNotice-Start: 2026-04-27\nNotice-End: 2026-05-08\n" \
           f"Notice-SHA256: {data['notice']['sha256']}\nActor: 中国矿业联合会秘书局" in body
    assert git(git_repo, "log", "-1", "--format=%as", "HEAD").strip() == "2026-05-11"
    changed = git(git_repo, "show", "--name-only", "--format=", "HEAD").split()
    assert changed == ["dossiers/hebei-xiongxian/workflow.yaml"]
    ok(git_repo, "audit")
    assert ok(git_repo, "validate").exit_code == 0
    timeline = ok(git_repo, "log", ID).stdout
    assert "评审 → 公示" in timeline and "2026-05-11" in timeline


def test_ascii_aliases(git_repo: Path) -> None:
    ok(git_repo, "advance", ID, "submit", "--date", "2026-03-02")
    ok(git_repo, "advance", ID, "withdraw", "--date", "2026-03-03", "--note", "主动撤回")
    assert workflow(git_repo)["state"] == "撤回"
    refused = wq(git_repo, "advance", ID, "submit", "--date", "2026-03-04")
    assert refused.exit_code == 1 and "流程已结束" in refused.stderr
    assert wq(git_repo, "advance", ID, "finish").exit_code == 2


def refused(root: Path, *args: str, says: str) -> None:
    before = snapshot(root)
    result = wq(root, *args)
    assert result.exit_code == 1, result.output
    assert says in result.stderr, result.stderr
    assert "Traceback" not in result.output
    assert snapshot(root) == before


def test_guard_submit_needs_every_material(git_repo: Path) -> None:
    path = git_repo / "dossiers" / ID / "dossier.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("  plan: materials/勘查开发利用规划.md", "  plan: null"), encoding="utf-8")
    git(git_repo, "commit", "-qam", "去掉规划")
    refused(git_repo, "advance", ID, "申报", "--date", "2026-03-02", says="plan")
    assert not (git_repo / "dossiers" / ID / "workflow.yaml").exists()


def test_guard_submit_needs_a_valid_dossier(git_repo: Path) -> None:
    path = git_repo / "dossiers" / ID / "dossier.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("  lithology: 白云岩", "  lithology: 石灰岩"), encoding="utf-8")
    git(git_repo, "commit", "-qam", "改坏")
    refused(git_repo, "advance", ID, "申报", "--date", "2026-03-02", says="[S103]")


def test_guard_recommend_needs_the_conditions(git_repo: Path) -> None:
    ok(git_repo, "advance", ID, "申报", "--date", "2026-03-02")
    path = git_repo / "dossiers" / ID / "dossier.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("  temperature_c: 72", "  temperature_c: 24"), encoding="utf-8")
    git(git_repo, "commit", "-qam", "温度")
    refused(git_repo, "advance", ID, "推荐", "--date", "2026-03-10", says="一、5")


def test_guards_on_the_way_to_review(git_repo: Path) -> None:
    ok(git_repo, "advance", ID, "申报", "--date", "2026-03-02")
    refused(git_repo, "advance", ID, "命名", "--date", "2026-03-03", says="不能进入命名")
    ok(git_repo, "advance", ID, "推荐", "--date", "2026-03-10")
    refused(git_repo, "advance", ID, "考察", "--date", "2026-03-11", says="尚未抽取专家组")
    refused(git_repo, "panel", "draw", ID, "--date", "2026-03-12", "--provincial", "王推荐", "--seed", "s1", says="给了 1 名")
    refused(git_repo, "panel", "draw", ID, "--date", "2026-03-12", "--seed", "s1", says="省矿联推荐的 2 名专家")
    ok(git_repo, "panel", "draw", ID, "--date", "2026-03-12", "--provincial", "王推荐,李推荐", "--seed", "s1")
    refused(git_repo, "advance", ID, "考察", "--date", "2026-03-13", says="尚未经秘书局审核")
    refused(git_repo, "advance", ID, "考察", "--date", "2026-03-01", says="早于上一次记录的日期")
    ok(git_repo, "panel", "approve", ID, "--date", "2026-03-13")
    refused(git_repo, "panel", "draw", ID, "--date", "2026-03-13", says="已经秘书局审核，不能重新抽取")
    ok(git_repo, "advance", ID, "考察", "--date", "2026-03-14")
    refused(git_repo, "score", ID, "--expert", members(git_repo)[0], "--date", "2026-03-20", *GOOD, says="尚未记录实地考察")
    refused(git_repo, "advance", ID, "评审", "--date", "2026-03-20", says="尚未记录实地考察")
    ok(git_repo, "inspect", ID, "--date", "2026-04-01", "--opinion", "良好")
    first = members(git_repo)[0]
    ok(git_repo, "score", ID, "--expert", first, "--date", "2026-04-20", *GOOD)
    refused(git_repo, "advance", ID, "评审", "--date", "2026-04-20", says="尚未提交评审表")


def test_score_sheets_are_checked_against_the_rubric(git_repo: Path) -> None:
    to_inspection(git_repo)
    expert = members(git_repo)[0]
    refused(git_repo, "score", ID, "--expert", "e99", "--date", "2026-04-20", *GOOD, says="不是本专家组成员")
    refused(git_repo, "score", ID, "--expert", expert, "--date", "2026-04-20", *GOOD[:-1], says="缺少指标：5")
    bad = [s if not s.startswith("2.2=") else "2.2=4" for s in GOOD]
    refused(git_repo, "score", ID, "--expert", expert, "--date", "2026-04-20", *bad, says="只能给 5、3、1 分")
    eight = [s if s != "1.2=10" else "1.2=8" for s in GOOD]
    refused(git_repo, "score", ID, "--expert", expert, "--date", "2026-04-20", *eight, says="应为 10 分")
    result = ok(git_repo, "score", ID, "--expert", expert, "--date", "2026-04-20", *eight, "--reason", "1.2=抽水试验偏高")
    assert "指标 1.2 给了 8 分，按申报数据应为 10 分；理由已记入评审表：抽水试验偏高" in result.stderr


def test_recording_the_same_sheet_again_changes_nothing(git_repo: Path) -> None:
    to_inspection(git_repo)
    expert = members(git_repo)[0]
    ok(git_repo, "score", ID, "--expert", expert, "--date", "2026-04-20", *GOOD)
    before = snapshot(git_repo)
    ok(git_repo, "score", ID, "--expert", expert, "--date", "2026-04-20", *GOOD)
    assert snapshot(git_repo) == before
    ok(git_repo, "score", ID, "--expert", expert, "--date", "2026-04-20", *POOR, *why(POOR))
    assert commits(git_repo) == before[0] + 1


def test_panel_is_reproducible_and_avoids_conflicts(git_repo: Path) -> None:
    ok(git_repo, "advance", ID, "申报", "--date", "2026-03-02")
    ok(git_repo, "advance", ID, "推荐", "--date", "2026-03-10")
    ok(git_repo, "panel", "draw", ID, "--date", "2026-03-12", "--provincial", "甲,乙")
    seed = yaml.safe_load((git_repo / "dossiers" / ID / "review.yaml").read_text(encoding="utf-8"))["panel"]["seed"]
    assert seed == git(git_repo, "log", "-1", "--format=%H", "--", f"dossiers/{ID}/dossier.yaml").strip()
    first = members(git_repo)
    refused(git_repo, "panel", "draw", ID, "--date", "2026-03-12", "--provincial", "甲,乙", "--seed", "other", says="--reason")
    ok(git_repo, "panel", "draw", ID, "--date", "2026-03-12", "--provincial", "甲,乙", "--seed", seed, "--reason", "核对可复现")
    assert members(git_repo) == first
    shown = json.loads(ok(git_repo, "panel", "show", ID, "--format", "json").stdout)
    assert shown["seed"] == seed and shown["approved"] is None and shown["drawn"] == "2026-03-12"
    pool = {e["id"]: e for e in yaml.safe_load((git_repo / "registry/experts.yaml").read_text(encoding="utf-8"))["experts"]}
    drawn = [m for m in first if m in pool]
    assert len(drawn) == 3 and all(pool[m]["province"] != "河北省" and pool[m]["active"] for m in drawn)
    seen = set()
    for seed in map(str, range(40)):
        ok(git_repo, "panel", "draw", ID, "--date", "2026-03-12", "--provincial", "甲,乙", "--seed", seed, "--reason", "试抽")
        seen.update(m for m in members(git_repo) if m in pool)
    assert not {"e03", "e26"} & seen    # the two Hebei experts never sit on a Hebei panel
    assert len(seen) > 10


def test_veto_below_60(git_repo: Path) -> None:
    to_review(git_repo, POOR)
    refused(git_repo, "advance", ID, "公示", "--date", "2026-04-22", says="小于 60 分")
    ok(git_repo, "advance", ID, "否决", "--date", "2026-04-22")
    assert workflow(git_repo)["state"] == "否决"
    refused(git_repo, "advance", ID, "公示", "--date", "2026-04-23", says="流程已结束")


def test_no_veto_at_or_above_60(git_repo: Path) -> None:
    to_review(git_repo, GOOD)
    refused(git_repo, "advance", ID, "否决", "--date", "2026-04-22", says="不低于 60 分，不能否决")


def test_objections_block_naming_until_resolved(git_repo: Path) -> None:
    to_notice(git_repo)
    refused(git_repo, "advance", ID, "命名", "--date", "2026-05-08", says="命名日期须在其后")
    ok(git_repo, "object", ID, "--received", "2026-04-28", "--summary", "可采量偏高", "--channel", "邮件", "--objector", "某公司")
    ok(git_repo, "object", ID, "--received", "2026-04-29", "--summary", "监测点不足")
    refused(git_repo, "advance", ID, "命名", "--date", "2026-05-11", says="以下异议尚未处理：1、2")
    ok(git_repo, "resolve", ID, "1", "--decision", "不成立", "--note", "有备案依据", "--date", "2026-05-06")
    refused(git_repo, "resolve", ID, "1", "--decision", "成立", "--note", "再议", "--date", "2026-05-07", says="已处理")
    refused(git_repo, "advance", ID, "否决", "--date", "2026-05-07", says="没有成立（且未经重新公示了结）的异议")
    ok(git_repo, "resolve", ID, "2", "--decision", "不成立", "--note", "监测点齐全", "--date", "2026-05-07")
    ok(git_repo, "advance", ID, "命名", "--date", "2026-05-11")
    data = workflow(git_repo)
    assert [(o["number"], o["status"]) for o in data["objections"]] == [(1, "不成立"), (2, "不成立")]
    ok(git_repo, "audit")


def test_upheld_objection_leads_to_veto(git_repo: Path) -> None:
    to_notice(git_repo)
    ok(git_repo, "object", ID, "--received", "2026-04-28", "--summary", "资源数据不实")
    ok(git_repo, "resolve", ID, "1", "--decision", "成立", "--note", "经核实数据不实", "--date", "2026-05-06")
    refused(git_repo, "advance", ID, "命名", "--date", "2026-05-11", says="异议 1 成立，不能命名")
    ok(git_repo, "advance", ID, "否决", "--date", "2026-05-11")
    ok(git_repo, "audit")


def test_upheld_objection_corrected_and_noticed_anew(git_repo: Path) -> None:
    """释-06: the other path rules.yaml allows: correct, notice 7 working days again; the new notice settles it."""
    to_notice(git_repo)                                           # notice 2026-04-27 … 2026-05-08
    refused(git_repo, "advance", ID, "公示", "--date", "2026-05-11", "--start", "2026-05-12", "--note", "更正", says="没有成立")
    ok(git_repo, "object", ID, "--received", "2026-04-28", "--summary", "公示的可采量有误")
    ok(git_repo, "object", ID, "--received", "2026-04-30", "--summary", "另一事项")
    ok(git_repo, "resolve", ID, "1", "--decision", "成立", "--note", "公示数据录入有误", "--date", "2026-05-06")
    refused(git_repo, "advance", ID, "命名", "--date", "2026-05-11", says="否决（advance ID 否决）或更正后重新公示")
    refused(git_repo, "advance", ID, "公示", "--date", "2026-05-11", "--start", "2026-05-12", "--note", "更正", says="以下异议尚未处理：2")
    ok(git_repo, "resolve", ID, "2", "--decision", "不成立", "--note", "无依据", "--date", "2026-05-07")
    refused(git_repo, "advance", ID, "公示", "--date", "2026-05-11", "--start", "2026-05-12", says="--note")
    ok(git_repo, "advance", ID, "公示", "--date", "2026-05-11", "--start", "2026-05-12", "--note", "更正公示的可采量")
    data = workflow(git_repo)
    assert data["state"] == "公示" and (data["notice"]["start"], data["notice"]["end"]) == ("2026-05-12", "2026-05-20")  # 12–15, 18–20 May
    assert data["objections"][0]["closed_by"] == data["events"][-1]["seq"] and "closed_by" not in data["objections"][1]
    refused(git_repo, "advance", ID, "否决", "--date", "2026-05-13", says="没有成立（且未经重新公示了结）的异议")
    refused(git_repo, "advance", ID, "命名", "--date", "2026-05-20", says="公示期至 2026-05-20 结束")
    ok(git_repo, "advance", ID, "命名", "--date", "2026-05-21")
    ok(git_repo, "audit")


@pytest.mark.parametrize(("paths", "allowed", "refused_target"), [(["否决"], "否决", "公示"), (["重新公示"], "公示", "否决")])
def test_the_paths_after_an_upheld_objection_are_the_rules(git_repo: Path, paths: list[str], allowed: str, refused_target: str) -> None:
    rules_path = git_repo / "registry" / "rules.yaml"
    text = rules_path.read_text(encoding="utf-8")
    rules_path.write_text(text.replace("upheld_objection: [否决, 重新公示]", f"upheld_objection: [{', '.join(paths)}]"), encoding="utf-8")
    git(git_repo, "commit", "-qam", "秘书局规则")
    to_notice(git_repo)
    ok(git_repo, "object", ID, "--received", "2026-04-28", "--summary", "数据有误")
    ok(git_repo, "resolve", ID, "1", "--decision", "成立", "--note", "属实", "--date", "2026-05-06")
    extra = ["--start", "2026-05-12", "--note", "更正"]
    refused(git_repo, "advance", ID, refused_target, "--date", "2026-05-11", *(extra if refused_target == "公示" else []),
            says="rules.yaml notice.upheld_objection")
    ok(git_repo, "advance", ID, allowed, "--date", "2026-05-11", *(extra if allowed == "公示" else []))


def test_refuses_with_uncommitted_record_edits_or_a_merge_in_progress(git_repo: Path) -> None:
    ok(git_repo, "advance", ID, "申报", "--date", "2026-03-02")
    path = git_repo / "dossiers" / ID / "workflow.yaml"
    original = path.read_text(encoding="utf-8")
    path.write_text(original + "# 手工备注\n", encoding="utf-8")
    refused(git_repo, "advance", ID, "推荐", "--date", "2026-03-10", says="有未提交的修改")
    path.write_text(original, encoding="utf-8")
    (Path(git(git_repo, "rev-parse", "--absolute-git-dir").strip()) / "MERGE_HEAD").write_text(git(git_repo, "rev-parse", "HEAD"))
    refused(git_repo, "advance", ID, "推荐", "--date", "2026-03-10", says="正在进行合并")


HOLD_LOCK = """
import sys
from pathlib import Path
from wenquan.store.lock import try_lock
fd = try_lock(Path(sys.argv[1]))
print("locked" if fd is not None else "busy", flush=True)
sys.stdin.read()
"""


def test_a_held_lock_refuses_cleanly_and_a_dead_holders_lock_does_not_block(git_repo: Path) -> None:
    git_dir = Path(git(git_repo, "rev-parse", "--absolute-git-dir").strip())
    holder = subprocess.Popen([sys.executable, "-c", HOLD_LOCK, str(git_dir)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert holder.stdout is not None and holder.stdout.readline() == "locked\n"  # waits for the lock, not for time
    try:
        refused(git_repo, "advance", ID, "申报", "--date", "2026-03-02", says=f"另一个 wenquan 操作（进程 {holder.pid}）")
    finally:
        holder.kill()  # dies holding the lock, as kill -9 leaves it
        holder.communicate()
    assert (git_dir / "wenquan.lock").exists()
    ok(git_repo, "advance", ID, "申报", "--date", "2026-03-02")  # nobody deletes the file by hand
    assert not (git_dir / "wenquan.lock").exists()


def test_two_advances_at_once(git_repo: Path) -> None:
    ok(git_repo, "advance", ID, "申报", "--date", "2026-03-02")
    before = commits(git_repo)
    command = [sys.executable, "-m", "wenquan", "-C", str(git_repo), "advance", ID, "推荐", "--date", "2026-03-10"]
    runs = [subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    results = [(p.wait(timeout=120), *p.communicate()) for p in runs]
    codes = sorted(code for code, _, _ in results)
    assert codes == [0, 1], results
    loser = next(err for code, _, err in results if code == 1)
    assert "Traceback" not in loser and ("另一个 wenquan 操作" in loser or "不能进入推荐" in loser)
    assert commits(git_repo) == before + 1
    assert workflow(git_repo)["state"] == "推荐" and len(workflow(git_repo)["events"]) == 2
    assert git(git_repo, "status", "--porcelain") == ""
    ok(git_repo, "audit")


def test_audit_catches_hand_edits(git_repo: Path) -> None:
    ok(git_repo, "advance", ID, "申报", "--date", "2026-03-02")
    ok(git_repo, "advance", ID, "推荐", "--date", "2026-03-10")
    ok(git_repo, "audit")
    path = git_repo / "dossiers" / ID / "workflow.yaml"
    original = path.read_text(encoding="utf-8")
    path.write_text(original.replace("date: '2026-03-10'", "date: '2026-03-05'"), encoding="utf-8")
    result = wq(git_repo, "audit")               # uncommitted hand edit
    assert result.exit_code == 1 and "事件 2" in result.stdout and "被改动过" in result.stdout
    git(git_repo, "commit", "-qam", "手工改日期")   # the same edit, committed without trailers
    result = wq(git_repo, "audit")
    assert result.exit_code == 1 and "没有 wenquan 的尾注" in result.stdout
    path.write_text(original, encoding="utf-8")
    git(git_repo, "commit", "-qam", "改回")
    data = yaml.safe_load(original)
    data["events"].append({"seq": 3, "kind": "transition", "date": "2026-03-11", "actor": "某人", "from": "推荐", "to": "考察"})
    data["state"] = "考察"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    git(git_repo, "commit", "-qam", "考察: 伪造\n\nDossier: hebei-xiongxian\nTransition: 推荐 -> 评审\nEvent: 3\nActor: 某人")
    result = wq(git_repo, "audit")
    assert result.exit_code == 1 and "Transition: 推荐 -> 评审" in result.stdout


def test_audit_since_a_base(git_repo: Path) -> None:
    ok(git_repo, "advance", ID, "申报", "--date", "2026-03-02")
    base = git(git_repo, "rev-parse", "HEAD").strip()
    ok(git_repo, "advance", ID, "推荐", "--date", "2026-03-10")
    ok(git_repo, "audit", "--since", base)
    assert wq(git_repo, "audit", "--since", "no-such-rev").exit_code == 1


def test_naming_after_six_months_warns(git_repo: Path) -> None:
    to_notice(git_repo)
    late = wq(git_repo, "advance", ID, "命名", "--date", "2026-09-03")
    assert late.exit_code == 0 and "超过 6 个月" in late.stderr


def test_certificates_are_numbered_within_the_year(git_repo: Path) -> None:
    to_notice(git_repo)
    ok(git_repo, "advance", ID, "命名", "--date", "2026-05-11")
    to_notice(git_repo, "henan-kaifeng")
    ok(git_repo, "advance", "henan-kaifeng", "命名", "--date", "2026-05-12")
    assert workflow(git_repo, "henan-kaifeng")["certificate"]["number"] == "中矿联温泉〔2026〕城字第002号"


def test_status_and_due(git_repo: Path) -> None:
    to_notice(git_repo)
    ok(git_repo, "advance", "henan-kaifeng", "申报", "--date", "2026-01-05")
    rows = {r["id"]: r for r in json.loads(ok(git_repo, "status", "--format", "json").stdout)}
    assert rows[ID]["state"] == "公示" and rows[ID]["due"] == "2026-05-08"
    assert rows["henan-kaifeng"]["due"] == "2026-07-05" and rows["shaanxi-xian"]["state"] is None
    during = json.loads(ok(git_repo, "due", "--on", "2026-06-10", "--format", "json").stdout)
    assert [(i["id"], i["kind"], i["status"]) for i in during] == [(ID, "notice", "ended"), ("henan-kaifeng", "approval_limit", "upcoming")]
    late = wq(git_repo, "due", "--on", "2026-07-06", "--format", "json")
    assert late.exit_code == 1
    assert ("henan-kaifeng", "overdue") in [(i["id"], i["status"]) for i in json.loads(late.stdout)]


def test_not_a_git_repository(repo: Path) -> None:
    result = wq(repo, "advance", ID, "申报", "--date", "2026-03-02")
    assert result.exit_code == 1 and "不是 git 仓库" in result.stderr


@pytest.mark.parametrize("target", ["整改", "撤销"])
def test_after_naming_needs_its_parameters(git_repo: Path, target: str) -> None:
    to_notice(git_repo)
    ok(git_repo, "advance", ID, "命名", "--date", "2026-05-11")
    refused(git_repo, "advance", ID, target, "--date", "2026-06-01", says="--deadline" if target == "整改" else "--ground")
