"""Rules fidelity, round two (issue 17): verdicts and figures on the 办法's letter, every choice a named interpretation.

Figures are worked by hand in the comments and written here as numbers; the code under test computes none of them."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest
import yaml

from conftest import ROOT
from rules_helpers import condition, example, rules, run
from site_helpers import article
from wenquan.workflow.scores import panel_total, vetoed
from workflow_helpers import ID, ok, to_notice, wq

CITED = re.compile(r"释-[0-9]{2}")


def _cited_in_code() -> set[str]:
    found: set[str] = set()
    for folder, pattern in ((ROOT / "scripts" / "wenquan", "*.py"), (ROOT / "templates", "*.j2")):
        for path in folder.rglob(pattern):
            found |= set(CITED.findall(path.read_text(encoding="utf-8")))
    return found


def test_the_register_and_the_code_cite_the_same_interpretations() -> None:
    register = [e["id"] for e in rules().interpretations]
    assert len(register) == len(set(register)), "an id registered twice"
    cited = _cited_in_code()
    assert sorted(cited - set(register)) == [], "code cites an interpretation the register lacks"
    assert sorted(set(register) - cited) == [], "the register holds an interpretation nothing cites"


def test_wenquan_rules_lists_the_register(git_repo: Path) -> None:
    listed = json.loads(ok(git_repo, "rules", "--format", "json").stdout)
    assert [e["id"] for e in listed] == [e["id"] for e in rules().interpretations]
    assert all(set(e) == {"id", "clause", "question", "choice", "why"} for e in listed)
    text = ok(git_repo, "rules").stdout
    assert "释-04　二、6" in text and f"共 {len(listed)} 条释义" in text


def test_the_review_site_has_the_register_and_conditions_cite_it(sites: dict[str, Path]) -> None:
    page = article(sites["review"] / "interpretations" / "index.html")
    assert all(e["id"] in page for e in rules().interpretations)
    dossier = (sites["review"] / "dossiers" / "shaanxi-xian" / "index.html").read_text(encoding="utf-8")
    assert re.search(r"依据 <a href=\"[./]*interpretations/\">释-12</a>", dossier)


# 一、2 (释-12): both kinds of right, each valid on the day; 权属无争议 left to the experts
def test_an_expired_exploration_right_fails_and_a_valid_one_passes() -> None:
    data = example()
    data["permits"][1]["valid_to"] = "2026-03-10"           # the 探矿权, lapsed before the evaluation day 2026-11-21
    failed = condition(data, "一、2")
    assert failed["status"] == "fail" and "探矿权 T1300002021031010000002" in failed["message"]
    assert failed["interpretations"] == ["释-12"]
    data["permits"][1]["valid_to"] = "2031-03-10"
    passed = condition(data, "一、2")
    assert passed["status"] == "pass" and "权属是否无争议由专家判断" in passed["message"]


# 一、9 同层 (释-05): blank is unknown, everywhere
@pytest.mark.parametrize(("row_same", "declared", "status"), [
    (None, None, "unknown"), (None, True, "pass"), (True, None, "pass"), (False, True, "fail"), (None, False, "fail")])
def test_a_blank_same_layer_is_unknown(row_same: bool | None, declared: bool | None, status: str) -> None:
    data = example()
    data["uses"]["heating"]["same_layer"] = declared
    for row in data["reinjection_history"]:
        row["same_layer"] = row_same
    result = condition(data, "一、9")
    assert result["status"] == status, result["message"]
    if status == "unknown":
        assert "未说明是否同层回灌" in result["message"] and "同层回灌，年灌采率" not in result["message"]


# 一、10 (释-13): reinjection points only where something is reinjected; the data's years are evidence
def test_monitoring_requires_what_applies_to_the_site() -> None:
    data = example("jiangxi-wentang")       # 康养医疗
    data["wells"]["reinjection"] = 0
    data["reinjection_history"] = [{"year": y, "extracted_m3": 1_500_000, "reinjected_m3": 0} for y in (2021, 2022, 2024)]
    data["monitoring"]["points"]["reinjection"] = 0
    result = condition(data, "一、10")
    assert result["status"] == "pass" and "不回灌，不要求回灌量监测点" in result["message"]
    assert result["figures"]["gap_years"] == [2023] and "缺 2023 年" in result["message"]
    data["wells"]["reinjection"] = 2                         # reinjection wells but no point measuring them
    failed = condition(data, "一、10")
    assert failed["status"] == "fail" and "回灌量监测点" in failed["message"]


# 释-11: every 相当于标煤 on one basis
def test_heat_in_place_as_coal_is_on_the_seeds_basis() -> None:
    data = example()
    # 2.35×10¹⁵ kJ ÷ (4200 m³·℃ × 4186.8 kJ/(m³·℃) = 17 584 560 kJ/t) = 133 640 020 t = 13 364.0 万吨
    assert run(data)["indicators"]["heat_in_place_coal_10k_t"] == pytest.approx(13_364.0, abs=0.05)
    assert not [m for m in run(data)["mismatches"] if "heat_in_place" in m["field"]]   # the example agrees
    data["resources"]["heat_in_place_coal_10k_t"] = 8018.4   # 29.3076 GJ/t, no efficiency: another basis, flagged
    assert [m for m in run(data)["mismatches"] if m["field"] == "resources.heat_in_place_coal_10k_t"]


# 释-17: CO₂ published from the coal saved (已开采量), each figure labelled with its basis
def test_the_notice_publishes_co2_from_coal_saved(sites: dict[str, Path]) -> None:
    text = article(sites["public"] / "notices" / "shaanxi-xian" / "index.html")
    # 西安 extracts 24 000 m³/d at 80 ℃: 24 000 / 86.4 = 277.78 L/s; MW = 4.1868 × 277.78 × (80 − 15) / 1000 = 75.595;
    # coal saved = 1793 × 75.595 = 135 542 t/yr; CO₂ = 2.386 × 135 542 = 323 403 t/yr
    assert "节煤量（按已开采量） 135,542 吨/年" in text and "减排二氧化碳（按已开采量） 323,403 吨/年" in text
    assert "可替代标准煤（按可采量，潜力）" in text
    assert "583,369" not in text                             # 2.386 × the 可采 potential, the old mislabelled figure


def _submitted(root: Path) -> str:
    workflow = yaml.safe_load((root / "dossiers" / ID / "workflow.yaml").read_text(encoding="utf-8"))
    return str(next(e["date"] for e in workflow["events"] if e.get("to") == "申报"))


# 释-04: the 6-month limit, one rule for advance, status and due
def test_the_six_month_limit_is_one_rule(git_repo: Path) -> None:
    from wenquan.rules.periods import approval_limit, over_approval_limit

    assert approval_limit(dt.date(2026, 3, 10), 6) == dt.date(2026, 9, 10)
    assert approval_limit(dt.date(2026, 8, 31), 6) == dt.date(2027, 2, 28)      # no 31 February: month's end
    assert not over_approval_limit(dt.date(2026, 3, 10), dt.date(2026, 9, 10), 6)   # “不超过” includes the day
    assert over_approval_limit(dt.date(2026, 3, 10), dt.date(2026, 9, 11), 6)
    to_notice(git_repo)                                        # 申报 2026-03-10 in the helpers' story
    submitted = _submitted(git_repo)
    limit = approval_limit(dt.date.fromisoformat(submitted), 6)
    on_day = wq(git_repo, "advance", ID, "命名", "--date", limit.isoformat())
    assert on_day.exit_code == 0 and "已超过 6 个月" not in on_day.output + on_day.stderr


def test_the_six_month_warning_starts_the_day_after(git_repo: Path) -> None:
    from wenquan.rules.periods import approval_limit

    to_notice(git_repo)
    submitted = _submitted(git_repo)
    after = approval_limit(dt.date.fromisoformat(submitted), 6) + dt.timedelta(days=1)
    late = wq(git_repo, "advance", ID, "命名", "--date", after.isoformat())
    assert late.exit_code == 0 and "已超过 6 个月" in late.output + late.stderr and "释-04" in late.output + late.stderr


# 释-03: the veto line on the unrounded mean of the members' totals
@pytest.mark.parametrize(("totals", "veto"), [
    ([60, 60, 60], False),          # exactly 60: not below, not vetoed
    ([61, 59, 60], False),          # mean exactly 60
    ([60, 60, 60, 60, 59.5], True),  # 59.9
    ([60, 60, 59], True),           # 59.67, which would round to 60
    ([59, 60, 60, 61, 61], False),  # 60.2
])
def test_the_veto_line(totals: list[float], veto: bool) -> None:
    review = {"scores": [{"total": t} for t in totals]}
    total = panel_total(review, rules())
    assert total is not None and vetoed(total, rules()) is veto


# 一、3 “探明或验证的”: an optional grade, judged when given, left to the experts when not
@pytest.mark.parametrize(("grade", "status"), [("探明", "pass"), ("验证", "pass"), ("控制", "fail"), ("推断", "fail"), (None, "judgment")])
def test_the_grade_of_the_exploitable_flow(grade: str | None, status: str) -> None:
    data = example()
    if grade is None:
        data["resources"].pop("exploitable_grade", None)     # format v1 without the field stays valid
    else:
        data["resources"]["exploitable_grade"] = grade
    result = condition(data, "一、3")
    assert result["status"] == status, result["message"]
    if status == "judgment":
        assert "由专家核实" in result["message"]


def test_a_dossier_without_the_grade_still_validates(git_repo: Path) -> None:
    path = git_repo / "dossiers" / ID / "dossier.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("  exploitable_grade: 探明\n", ""), encoding="utf-8")
    assert "exploitable_grade" not in path.read_text(encoding="utf-8")
    ok(git_repo, "validate", str(path))
    bad = path.read_text(encoding="utf-8").replace("  exploitable_m3_per_day: 36000\n", "  exploitable_m3_per_day: 36000\n  exploitable_grade: 预测\n")
    path.write_text(bad, encoding="utf-8")
    assert wq(git_repo, "validate", str(path)).exit_code == 1
