"""A new user's first day (issue 16): each trap found by people who did not build wenquan, held closed."""

from __future__ import annotations

import json
import os
import re
import stat
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import git
from workflow_helpers import GOOD, ID, members, ok, to_inspection, to_notice, wq


def named_then_restored(root: Path) -> None:
    to_notice(root)
    ok(root, "advance", ID, "命名", "--date", "2026-05-11")
    ok(root, "advance", ID, "整改", "--date", "2026-06-01", "--deadline", "2026-09-01", "--note", "监测点不足")
    ok(root, "advance", ID, "命名", "--date", "2026-08-20", "--note", "整改完成")


def test_a_restored_place_keeps_its_certificate_and_naming_date(git_repo: Path, tmp_path: Path) -> None:
    named_then_restored(git_repo)
    application = ok(git_repo, "export", ID, "application", "-o", "-").stdout
    assert "证书编号 中矿联温泉〔2026〕乡字第001号" in application
    out = tmp_path / "文书" / "全部"  # a folder that does not exist yet is made
    written = ok(git_repo, "export", "--all", "application", "-o", str(out)).stdout.split()
    assert len(written) == len(list((git_repo / "dossiers").glob("*/dossier.yaml")))
    stele = ok(git_repo, "export", ID, "stele", "-o", "-").stdout
    assert "二〇二六年五月" in stele and "八月" not in stele
    site = tmp_path / "site"
    ok(git_repo, "build", "--out", str(site))
    places = json.loads((site / "dossiers.json").read_text(encoding="utf-8"))
    entry = next(p for p in (places if isinstance(places, list) else places["places"]) if p["id"] == ID)
    assert entry["named"] == "2026-05-11"


@pytest.mark.parametrize("command", [["status"], ["log", ID], ["check", ID], ["due"], ["panel", "show", ID],
                                     ["calendar", "notice-end", "2026-11-02"], ["export", ID, "application", "-o", "-"],
                                     ["diff", "HEAD", "HEAD"]])
def test_a_closed_pipe_ends_quietly(git_repo: Path, command: list[str]) -> None:
    to_inspection(git_repo)
    proc = subprocess.Popen([sys.executable, "-m", "wenquan", "-C", str(git_repo), *command], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.close()  # the reader is gone before anything is written, as `| head -0` leaves it
    err = proc.stderr.read()
    proc.stderr.close()
    assert proc.wait() == 0 and err == b""


def test_objection_dates_received_and_registered_are_separate(git_repo: Path) -> None:
    to_notice(git_repo)  # notice 2026-04-27 … 2026-05-08
    ok(git_repo, "object", ID, "--received", "2026-05-06", "--date", "2026-05-06", "--summary", "甲")
    ok(git_repo, "resolve", ID, "1", "--decision", "不成立", "--note", "不成立", "--date", "2026-05-09")
    # received inside the period, registered after a later event: accepted, registered today
    inside = ok(git_repo, "object", ID, "--received", "2026-05-07", "--date", "2026-05-10", "--summary", "乙")
    assert "逾期" not in inside.output
    late = ok(git_repo, "object", ID, "--received", "2026-05-12", "--summary", "丙")  # registered the day received
    assert "逾期" in late.output
    record = yaml.safe_load((git_repo / "dossiers" / ID / "workflow.yaml").read_text(encoding="utf-8"))
    assert [o["received"] for o in record["objections"]] == ["2026-05-06", "2026-05-07", "2026-05-12"]
    early = wq(git_repo, "object", ID, "--received", "2026-04-20", "--summary", "丁")
    assert early.exit_code == 1 and "早于公示开始日期" in early.output
    assert ok(git_repo, "audit").exit_code == 0


def test_status_next_step_follows_what_is_missing(git_repo: Path) -> None:
    def next_step() -> str:
        rows = json.loads(ok(git_repo, "status", "--format", "json").stdout)
        return str(next(r for r in rows if r["id"] == ID)["next"])

    ok(git_repo, "advance", ID, "申报", "--date", "2026-03-02")
    ok(git_repo, "advance", ID, "推荐", "--date", "2026-03-10")
    assert "panel draw" in next_step()
    ok(git_repo, "panel", "draw", ID, "--date", "2026-03-12", "--provincial", "王推荐,李推荐", "--seed", "s1")
    assert "panel approve" in next_step()
    ok(git_repo, "panel", "approve", ID, "--date", "2026-03-13")
    assert "advance hebei-xiongxian 考察" in next_step()
    ok(git_repo, "advance", ID, "考察", "--date", "2026-03-14")
    assert "inspect" in next_step()
    ok(git_repo, "inspect", ID, "--date", "2026-04-01", "--opinion", "好")
    first, *rest = members(git_repo)
    ok(git_repo, "score", ID, "--expert", first, "--date", "2026-04-20", *GOOD)
    assert "尚缺" in next_step() and first not in next_step() and rest[0] in next_step()
    for expert in rest:
        ok(git_repo, "score", ID, "--expert", expert, "--date", "2026-04-20", *GOOD)
    assert "advance hebei-xiongxian 评审" in next_step()


def test_rescoring_says_so_and_the_history_keeps_the_earlier_sheet(git_repo: Path) -> None:
    to_inspection(git_repo)
    expert = members(git_repo)[0]
    ok(git_repo, "score", ID, "--expert", expert, "--date", "2026-04-20", *GOOD)
    again = [s.replace("1.1=7", "1.1=4") for s in GOOD]
    result = ok(git_repo, "score", ID, "--expert", expert, "--date", "2026-04-21", *again, "--reason", "1.1=勘查报告未经评审")
    assert "替换" in result.output and "总分 75" in result.output and "总分 72" in result.output
    old = git(git_repo, "show", f"HEAD~1:dossiers/{ID}/review.yaml")
    assert "'1.1': 7" in old or "1.1: 7" in old


def test_messages_are_chinese_and_the_log_is_in_date_order(git_repo: Path) -> None:
    dossier = git_repo / "dossiers" / ID / "dossier.yaml"
    data = dossier.read_text(encoding="utf-8")
    dossier.write_text(data.replace("  recommendation_letter: materials/推荐意见函.md", "  recommendation_letter: null"), encoding="utf-8")
    git(git_repo, "commit", "-qam", "删去推荐函")
    refusal = wq(git_repo, "advance", ID, "申报", "--date", "2026-03-02")
    assert refusal.exit_code == 1 and "推荐意见函" in refusal.output and "recommendation_letter," not in refusal.output
    dossier.write_text(data, encoding="utf-8")
    git(git_repo, "commit", "-qam", "补上推荐函")
    to_inspection(git_repo)
    ok(git_repo, "score", ID, "--expert", members(git_repo)[0], "--date", "2026-04-20", *GOOD)
    lines = ok(git_repo, "log", ID).stdout.splitlines()
    assert [line[:10] for line in lines] == sorted(line[:10] for line in lines)
    text = "\n".join(lines)
    assert "抽取专家组" in text and "实地考察" in text and "评审表" in text
    assert not any(word in text for word in ("panel-draw", "inspection", "score", "->"))
    from wenquan.cli.help_text import columns

    where = [re.search(r"  ([0-9a-f]{10})  ", line) for line in lines]  # each line's commit, as wide as the terminal shows
    assert all(where) and len({columns(line[:found.start()]) for line, found in zip(lines, where, strict=True) if found}) == 1, text


def test_untitled_list_items_and_empty_dates_are_named_in_chinese(git_repo: Path) -> None:
    dossier = git_repo / "dossiers" / ID / "dossier.yaml"
    data = yaml.safe_load(dossier.read_text(encoding="utf-8"))
    data["location"]["longitude"] = ["东", 116.3]
    data["permits"][0]["valid_from"] = None
    dossier.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    output = wq(git_repo, "validate", str(dossier)).output
    assert "东经第 1 项" in output
    assert "应为日期" in output and "应为文本" not in output


def test_full_width_punctuation_is_named_where_it_is(git_repo: Path) -> None:
    dossier = git_repo / "dossiers" / ID / "dossier.yaml"
    lines = dossier.read_text(encoding="utf-8").splitlines()
    at = next(i for i, line in enumerate(lines) if line.strip().startswith("tds_mg_per_l:"))
    lines[at] = lines[at].replace("tds_mg_per_l:", "tds_mg_per_l：", 1).replace("： ", "：")
    dossier.write_text("\n".join(lines) + "\n", encoding="utf-8")
    output = wq(git_repo, "validate", str(dossier)).output
    assert f"dossier.yaml:{at + 1}:" in output and "全角冒号" in output


def test_a_printed_warning_is_a_counted_warning(git_repo: Path) -> None:
    dossier = git_repo / "dossiers" / "henan-kaifeng" / "dossier.yaml"
    data = yaml.safe_load(dossier.read_text(encoding="utf-8"))
    data["resources"]["exploitable_m3_per_day"] = int(data["resources"]["exploitable_m3_per_day"] * 1.5)
    dossier.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    checked = ok(git_repo, "check", "henan-kaifeng").stdout
    printed = checked.count("相差超过 1%")
    assert printed >= 1 and f"{printed} 个警告" in checked
    validated = wq(git_repo, "validate", str(dossier))
    assert validated.output.count("[D214]") == printed and f"{printed} 个警告" in validated.output


def test_exports_follow_the_umask_and_never_overwrite_a_source_file(git_repo: Path, tmp_path: Path) -> None:
    target = tmp_path / "申报表.md"
    ok(git_repo, "export", ID, "application", "-o", str(target))
    mask = os.umask(0)
    os.umask(mask)
    assert stat.S_IMODE(target.stat().st_mode) == 0o666 & ~mask
    before = (git_repo / "dossiers" / ID / "dossier.yaml").read_bytes()
    refused = wq(git_repo, "export", ID, "application", "-o", str(git_repo / "dossiers" / ID / "dossier.yaml"))
    assert refused.exit_code == 1 and "源文件" in refused.output
    assert (git_repo / "dossiers" / ID / "dossier.yaml").read_bytes() == before


def test_an_unfinished_new_dossier_breaks_no_build(git_repo: Path, tmp_path: Path) -> None:
    ok(git_repo, "new", "ceshi-xiang", "--level", "乡", "--place", "测试县")
    ok(git_repo, "build", "--out", str(tmp_path / "public"))
    assert not list((tmp_path / "public").rglob("ceshi-xiang*"))
    ok(git_repo, "build", "--audience", "review", "--out", str(tmp_path / "review"))
    board = (tmp_path / "review" / "index.html").read_text(encoding="utf-8")
    assert "尚未完成的申报材料" in board and "ceshi-xiang" in board and "S100" in board


def test_on_a_later_day_reads_the_records_dated_up_to_that_day(git_repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # "in the future" is judged against the later of today and --on: with today pinned before the example's
    # dates, the commands that evaluate as of --on read the dossier and its records; without --on they refuse.
    to_inspection(git_repo)  # workflow and review records dated 2026
    monkeypatch.setenv("WENQUAN_TODAY", "2019-06-17")
    refused = wq(git_repo, "check", ID)
    assert refused.exit_code == 1 and "[D206] resources.filing.date" in refused.stderr
    assert ok(git_repo, "check", ID, "--on", "2026-11-21").exit_code == 0
    assert "雄县" in ok(git_repo, "export", ID, "application", "-o", "-", "--on", "2026-11-21").stdout
    ok(git_repo, "build", "--on", "2026-11-21", "--out", str(tmp_path / "site"))
    assert (tmp_path / "site" / "places" / "index.html").is_file()
    refused = wq(git_repo, "build", "--out", str(tmp_path / "site2"))
    assert refused.exit_code == 1 and "D206" in refused.stderr


# A file broken by hand: not YAML at all, YAML that is not a mapping, a record whose shape is not a record's. The
# overviews still show every other dossier, name the broken file where `wenquan validate` would, and exit with 1.
BROKEN = [
    ("henan-kaifeng/dossier.yaml", "place: 开封市\nlevel: [城\n", "dossiers/henan-kaifeng/dossier.yaml:2:8:", "方括号列表缺少"),
    ("shaanxi-xian/workflow.yaml", "- 1\n", "dossiers/shaanxi-xian/workflow.yaml:1:1:", "文件顶层必须是“键: 值”映射"),
    ("shaanxi-xian/workflow.yaml", "schema_version: 1\ndossier: shaanxi-xian\nstate: 公示\nevents: 3\nnotice: null\nobjections: []\n", "dossiers/shaanxi-xian/workflow.yaml:4:9:",
     "应为列表"),
]


@pytest.mark.parametrize(("rel", "text", "where", "why"), BROKEN)
def test_status_and_due_show_the_others_and_name_a_file_broken_by_hand(git_repo: Path, rel: str, text: str, where: str,
                                                                        why: str) -> None:
    from workflow_helpers import snapshot

    (git_repo / "dossiers" / rel).write_text(text, encoding="utf-8")
    before = snapshot(git_repo)
    broken = rel.split("/")[0]
    others = sorted(p.name for p in (git_repo / "dossiers").iterdir() if p.name != broken)
    status = wq(git_repo, "status")
    assert status.exit_code == 1, status.output
    assert all(f"{other}  " in status.stdout for other in others)
    assert f"{broken}  文件无法读取" in status.stdout and where in status.stdout and why in status.stdout
    assert "内部错误" not in status.output and f"无法读取（{broken}）" in status.stderr
    rows = json.loads(wq(git_repo, "status", "--format", "json").stdout)
    assert [r["id"] for r in rows if r["problem"]] == [broken] and len(rows) == len(others) + 1
    due = wq(git_repo, "due", "--on", "2026-11-20")
    assert due.exit_code == 1 and "内部错误" not in due.output
    assert f"{broken}  {broken}  文件无法读取，到期事项无从计算：{where}" in due.stdout
    assert snapshot(git_repo) == before


def test_export_all_writes_nothing_when_one_dossier_is_broken(git_repo: Path, tmp_path: Path) -> None:
    (git_repo / "dossiers" / "henan-kaifeng" / "dossier.yaml").write_text("place: [\n", encoding="utf-8")
    out = tmp_path / "文书"
    result = wq(git_repo, "export", "--all", "application", "-o", str(out))
    assert result.exit_code == 1 and "dossiers/henan-kaifeng/dossier.yaml:1:8:" in result.stderr
    assert not out.exists()  # not one document, not even the folder


def test_a_pull_request_that_breaks_a_record_is_reported_not_a_crash(git_repo: Path) -> None:
    to_inspection(git_repo)
    base = git(git_repo, "rev-parse", "HEAD").strip()
    (git_repo / "dossiers" / ID / "workflow.yaml").write_text("state: [\n", encoding="utf-8")
    gone = wq(git_repo, "audit")
    assert gone.exit_code == 1 and f"dossiers/{ID}/workflow.yaml: 工作区中的文件不是可以读取的 YAML 记录" in gone.stdout
    git(git_repo, "commit", "-qam", "手工改")
    for args in (["audit"], ["audit", "--since", base]):
        found = wq(git_repo, *args)
        assert found.exit_code == 1 and found.stdout.count("\n") == 1, found.output  # one finding for the whole file
        assert "文件不是可以读取的 YAML 记录（整个文件被改坏）" in found.stdout
    assert wq(git_repo, "diff", base, "HEAD").exit_code == 0
    comment = wq(git_repo, "review-comment", "--base", base)
    assert comment.exit_code in (0, 1) and "内部错误" not in comment.output
    assert "整个文件被改坏" in comment.stdout
