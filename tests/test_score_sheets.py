"""附录E score sheets against the data (issue 17 item 1): the range below the lowest bracket (释-19), a deviation
recorded with the expert's reason (释-20), and a sheet corrected after the review with its cause, every one of
them replayed by `wenquan audit`."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from conftest import git
from workflow_helpers import GOOD, ID, members, ok, snapshot, to_inspection, to_review, wq

WENTANG = "jiangxi-wentang"   # 之乡, 查明, 6500 m³/d (below 附录E 1.2's lowest bracket), 68 ℃, 320 mg/L → 10, 0–5, 4, 5


def sheet(**scores: int) -> list[str]:
    base = dict(s.split("=") for s in GOOD)
    base.update({k.replace("_", "."): str(v) for k, v in scores.items()})
    return [f"{k}={v}" for k, v in base.items()]


def review(root: Path, dossier_id: str) -> dict:
    return yaml.safe_load((root / "dossiers" / dossier_id / "review.yaml").read_text(encoding="utf-8"))


def refused(root: Path, *args: str, says: str) -> None:
    before = snapshot(root)
    result = wq(root, *args)
    assert result.exit_code == 1, result.output
    assert says in result.output, result.output
    assert snapshot(root) == before


def audit_clean(root: Path) -> None:
    result = wq(root, "audit")
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize(("score", "needs_reason"), [(0, False), (3, False), (5, False), (6, True), (8, True), (10, True)])
def test_below_the_lowest_bracket_the_range_of_rules_yaml_applies(git_repo: Path, score: int, needs_reason: bool) -> None:
    to_inspection(git_repo, WENTANG)
    expert = members(git_repo, WENTANG)[0]
    scores = sheet(**{"1_1": 10, "1_2": score, "1_3": 4, "1_4": 5})
    args = ("score", WENTANG, "--expert", expert, "--date", "2026-04-20", *scores)
    if needs_reason:
        refused(git_repo, *args, says=f"指标 1.2 给了 {score} 分，按申报数据（可采热流体量 6500 立方米/天，低于最低一档（大于 10000），释-19）应为 0–5 分")
        ok(git_repo, *args, "--reason", "1.2=外围新钻井已取得采矿权")
        assert review(git_repo, WENTANG)["scores"][0]["reasons"] == {"1.2": {"suggested": "0–5", "reason": "外围新钻井已取得采矿权"}}
    else:
        ok(git_repo, *args)
        assert "reasons" not in review(git_repo, WENTANG)["scores"][0]
    audit_clean(git_repo)


def test_only_the_levels_and_the_range_are_scores(git_repo: Path) -> None:
    to_inspection(git_repo, WENTANG)
    expert = members(git_repo, WENTANG)[0]
    refused(git_repo, "score", WENTANG, "--expert", expert, "--date", "2026-04-20", *sheet(**{"1_2": 7}),
            says="指标 1.2（可采地热流体量）只能给 10、8、6、5、4、3、2、1、0 分")
    refused(git_repo, "score", WENTANG, "--expert", expert, "--date", "2026-04-20", *sheet(**{"1_4": 2}),
            says="指标 1.4（地热流体质量条件）只能给 5、4、3 分")


def test_a_reason_belongs_to_a_deviation(git_repo: Path) -> None:
    to_inspection(git_repo)
    expert = members(git_repo)[0]
    refused(git_repo, "score", ID, "--expert", expert, "--date", "2026-04-20", *GOOD, "--reason", "1.2=很好",
            says="指标 1.2 的给分与按申报数据应给的 10 分相符")
    refused(git_repo, "score", ID, "--expert", expert, "--date", "2026-04-20", *GOOD, "--reason", "2.1=很好",
            says="指标 2.1 的给分不是按申报数据分档的客观指标")
    refused(git_repo, "score", ID, "--expert", expert, "--date", "2026-04-20", *GOOD, "--reason", "1.2",
            says="应写作“指标=理由”")


def test_a_hand_written_reason_is_found_by_audit(git_repo: Path) -> None:
    to_inspection(git_repo)
    expert = members(git_repo)[0]
    ok(git_repo, "score", ID, "--expert", expert, "--date", "2026-04-20", *sheet(**{"1_2": 8}), "--reason", "1.2=抽水试验偏高")
    path = git_repo / "dossiers" / ID / "review.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("抽水试验偏高", "另有说明"), encoding="utf-8")
    git(git_repo, "commit", "-qam", "手工改理由")
    result = wq(git_repo, "audit")
    assert result.exit_code == 1 and "review.yaml" in result.output


def test_a_sheet_is_corrected_after_the_review_with_its_cause(git_repo: Path) -> None:
    to_review(git_repo, GOOD)                       # five sheets of 75
    expert = members(git_repo)[0]
    refused(git_repo, "score", ID, "--expert", expert, "--date", "2026-04-21", *sheet(**{"1_1": 4}), "--reason", "1.1=x",
            says="不能记录评审表")
    fixed = sheet(**{"1_2": 8})
    ok(git_repo, "score", ID, "--expert", expert, "--date", "2026-04-21", *fixed, "--reason", "1.2=核实后可采量偏高",
       "--correct", "专家复核申报数据")
    corrected = review(git_repo, ID)["scores"][0]
    assert corrected["total"] == 73 and corrected["date"] == "2026-04-20"
    assert corrected["corrections"] == [{"date": "2026-04-21", "reason": "专家复核申报数据", "previous_total": 75}]
    log = git(git_repo, "log", "-1", "--format=%B")
    assert "Record: score-correction" in log and f"Expert: {expert}" in log and "Total: 73" in log
    audit_clean(git_repo)
    # the panel's mean is 75 (five sheets); a correction that would bring it below 60 changes the verdict: refused
    low = "1.1=4 1.2=6 1.3=3 1.4=3 2.1=4 2.2=1 2.3=4 3.1=5 3.2=3 3.3=3 4.1=3 4.2=3 4.3=0 5=0".split()   # 42
    for other in members(git_repo)[1:3]:
        ok(git_repo, "score", ID, "--expert", other, "--date", "2026-04-21", *low, "--correct", "复核",
           *[a for i in ("1.1", "1.2", "1.3", "1.4") for a in ("--reason", f"{i}=复核")])
    # sheets now 73, 42, 42, 75, 75: mean 61.4; one more at 42 makes (73 + 42 × 3 + 75) / 5 = 54.8
    refused(git_repo, "score", ID, "--expert", members(git_repo)[3], "--date", "2026-04-21", *low, "--correct", "复核",
            *[a for i in ("1.1", "1.2", "1.3", "1.4") for a in ("--reason", f"{i}=复核")], says="低于 60 分")
    audit_clean(git_repo)


def test_the_sheet_shows_the_range_and_the_reasons(git_repo: Path, tmp_path: Path) -> None:
    to_inspection(git_repo, WENTANG)
    expert = members(git_repo, WENTANG)[0]
    blank = ok(git_repo, "export", WENTANG, "review-sheet", "--format", "md", "-o", str(tmp_path / "blank.md"))
    assert blank.exit_code == 0
    text = (tmp_path / "blank.md").read_text(encoding="utf-8")
    assert "| 1.2 可采地热流体量 | 10 | 0–5 分（释-19） |" in text
    assert "1.2 的数据低于最低一档时可给 0–5 分；1.3 的数据低于最低一档时可给 0–2 分" in text
    ok(git_repo, "score", WENTANG, "--expert", expert, "--date", "2026-04-20", *sheet(**{"1_1": 10, "1_2": 6, "1_4": 5}),
       "--reason", "1.2=新井投产后可采量已过万方")
    ok(git_repo, "export", WENTANG, "review-sheet", "--format", "md", "-o", str(tmp_path / "scored.md"))
    text = (tmp_path / "scored.md").read_text(encoding="utf-8")
    assert "成员 1，指标 1.2：给 6 分，按申报数据为 0–5 分。理由：新井投产后可采量已过万方" in text
