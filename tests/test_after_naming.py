"""After naming (issue 8): due dates of annual reports and self-checks, the new-mining-right exception, the
self-check's computed fields against hand figures, revocation grounds, rectification round trip, and the
report commands — in a clone of this repository, where 雄县 was named on 2026-05-20."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from conftest import ROOT, TODAY, git, shipped_copy
from wenquan.documents import selfcheck
from wenquan.documents.export import markdown
from wenquan.rules.ruleset import Rules
from wenquan.workflow import obligations
from workflow_helpers import ok, snapshot, wq

ID = "hebei-xiongxian"
NAMED = {"state": "命名", "events": [{"seq": 1, "kind": "transition", "date": "2026-05-20", "to": "命名"}]}


def _due(on: str, dossier: dict[str, Any] | None = None, workflow: dict[str, Any] | None = None) -> dict[tuple[str, int | None], str]:
    items = obligations.for_place(ID, dossier or {"place": "雄县", "permits": []}, workflow or NAMED, dt.date.fromisoformat(on))
    return {(o.kind, o.year): o.status for o in items}


@pytest.mark.parametrize("on, status", [
    ("2027-02-28", None), ("2027-03-02", "upcoming"), ("2027-03-31", "upcoming"), ("2027-04-01", "due"),
    ("2027-06-30", "due"), ("2027-07-01", "overdue"),
])
def test_annual_report_due_in_the_second_quarter(on: str, status: str | None) -> None:
    assert _due(on).get(("annual", 2026)) == status


@pytest.mark.parametrize("on, status", [
    ("2031-08-31", None), ("2031-09-30", "upcoming"), ("2031-10-01", "due"), ("2031-12-31", "due"),
    ("2032-01-01", "overdue"),
])
def test_selfcheck_due_in_the_fourth_quarter_of_the_fifth_year(on: str, status: str | None) -> None:
    assert _due(on).get(("selfcheck", 2031)) == status
    assert ("selfcheck", 2036) not in _due(on)


@pytest.mark.parametrize("granted, deferred", [("2026-07-01", True), ("2026-06-30", False), ("2025-09-01", False)])
def test_new_mining_right_under_six_months_reports_with_the_next_year(granted: str, deferred: bool) -> None:
    dossier = {"place": "雄县", "permits": [{"kind": "采矿权", "valid_from": granted}, {"kind": "探矿权", "valid_from": "2026-11-01"}]}
    statuses = _due("2027-05-01", dossier)
    assert statuses[("annual", 2026)] == ("deferred" if deferred else "due")
    reason = obligations.annual_exempt(dossier, 2026)
    assert (reason is not None) is deferred
    if deferred:
        assert "不满 6 个月" in reason and "随 2027 年度报送" in reason      # type: ignore[operator]
        assert _due("2028-05-01", dossier)[("annual", 2027)] == "due"     # the next year is due as usual


def test_examples_obligations_show_up_in_due_on_the_right_dates() -> None:
    now = wq(ROOT, "due", "--on", "2026-11-21")
    assert now.exit_code == 0 and "年报" not in now.output
    result = wq(ROOT, "due", "--on", "2027-04-15", "--format", "json")
    items = {(i["id"], i["kind"], i.get("year")): i for i in json.loads(result.output)}
    assert result.exit_code == (1 if any(i["status"] == "overdue" for i in items.values()) else 0)
    annual = items[(ID, "annual", 2026)]
    assert annual["date"] == "2027-06-30" and annual["status"] == "due" and "四、2（1）" in annual["rule"]
    assert ("jiangxi-wentang", "annual", 2026) in items
    later = {(i["id"], i["kind"], i.get("year")): i for i in json.loads(wq(ROOT, "due", "--on", "2031-11-01", "--format", "json").output)}
    assert later[(ID, "selfcheck", 2031)]["date"] == "2031-12-31" and later[(ID, "annual", 2030)]["status"] == "overdue"
    assert wq(ROOT, "due", "--on", "2031-11-01").exit_code == 1


def test_selfcheck_computed_fields_against_hand_figures() -> None:
    c = Rules.load(ROOT).coefficients
    form = {"predicted": {"m3_per_year": 21_000_000, "avg_temp_c": 57}, "controlled": {"m3_per_year": None, "avg_temp_c": None},
            "proven": {"m3_per_year": 12_600_000, "avg_temp_c": 57}, "extracted": {"m3_per_year": 8_400_000, "avg_temp_c": 57},
            "treated_m3": 420_000, "reinjected_m3": 7_980_000, "discharged_m3": 126_000, "income_10k_yuan": 16_800,
            "energy_saving_coal_t": 70_000}
    out = selfcheck.compute(form, c)
    # t = Q·(t − 15)/4200: 21 000 000 × 42 / 4200 = 210 000; 12 600 000 × 42 / 4200 = 126 000; 8 400 000 × 42 / 4200 = 84 000
    assert out.coal_t == {"predicted": pytest.approx(210_000), "controlled": None, "proven": pytest.approx(126_000),
                          "extracted": pytest.approx(84_000)}
    assert out.reuse_percent == pytest.approx(5.0)              # 420 000 / 8 400 000
    assert out.reinjection_percent == pytest.approx(95.0)       # 7 980 000 / 8 400 000
    assert out.discharge_percent == pytest.approx(1.5)          # 126 000 / 8 400 000
    assert out.income_yuan_per_m3 == pytest.approx(20.0)        # 16 800 万元 / 8 400 000 m³
    assert out.co2_t == pytest.approx(167_020)                  # 2.386 × 70 000 t
    assert out.proven_share_percent == pytest.approx(60.0) and out.extracted_share_percent == pytest.approx(200 / 3)
    assert out.heat_use_percent == pytest.approx(70_000 / 84_000 * 100) and not out.saving_from_extraction
    missing = selfcheck.compute({**form, "energy_saving_coal_t": None}, c)
    assert missing.saving_from_extraction and missing.saving_coal_t == pytest.approx(84_000)   # 说明 17
    assert missing.heat_use_percent is None


def test_selfcheck_scores_are_checked_and_totalled() -> None:
    rubric = Rules.load(ROOT).data["selfcheck_rubric"]
    full = {i["id"]: i["max"] for i in rubric["items"]}
    assert selfcheck.score_sheet(full, rubric, "x")["total"] == 100
    from wenquan.errors import UserError
    with pytest.raises(UserError, match="1.2"):
        selfcheck.score_sheet({**full, "1.2": 11}, rubric, "x")
    with pytest.raises(UserError, match="7.1"):
        selfcheck.score_sheet({**full, "7.1": 1}, rubric, "x")


@pytest.fixture
def named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A named place, in a rehearsal of the years after its naming: "today" is set to the end of 2032."""
    monkeypatch.setenv("WENQUAN_TODAY", "2032-12-31")
    root = shipped_copy(tmp_path / "repo")
    git(root, "config", "user.name", "秘书")
    git(root, "config", "user.email", "s@example.org")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "工作区", "--allow-empty")
    return root


ANNUAL = {"schema_version": 1, "dossier": ID, "year": 2026, "submitted": "2027-05-10", "extraction_m3": 7_300_000,
          "reinjection_m3": 7_008_000, "temperature_c": 70.5, "water_level_m": -86.2,
          "water_quality": {"tds_mg_per_l": 2110, "water_type": "Cl·HCO3-Na", "stable": True},
          "uses": {"heating_area_m2": 6_600_000, "hot_water_households": 12_500, "therapy_beds": 300, "visitors": 210_000},
          "wells_used": 80, "springs_used": 0, "employment": {"direct": 1250, "indirect": 5700}, "income_10k_yuan": 24_000}


def _write(root: Path, name: str, data: dict[str, Any]) -> Path:
    path = root / "dossiers" / ID / "reports" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def test_annual_report_recorded_with_trailers_and_no_longer_due(named: Path) -> None:
    assert ("annual", 2026) in {(i["kind"], i.get("year")) for i in json.loads(wq(named, "due", "--on", "2027-05-20", "--format", "json").output)
                                if i["id"] == ID}
    _write(named, "2026-annual.yaml", ANNUAL)
    ok(named, "report", ID, "annual", "--year", "2026", "--date", "2027-05-20")
    message = git(named, "log", "-1", "--format=%B")
    assert "Dossier: hebei-xiongxian" in message and "Report: annual 2026" in message and "Actor: 雄县人民政府" in message
    assert "dossiers/hebei-xiongxian/reports/2026-annual.yaml" in git(named, "show", "--name-only", "--format=", "HEAD")
    assert ("annual", 2026) not in {(i["kind"], i.get("year")) for i in json.loads(wq(named, "due", "--on", "2027-05-20", "--format", "json").output)
                                if i["id"] == ID}
    ok(named, "audit")
    again = wq(named, "report", ID, "annual", "--year", "2026", "--date", "2027-05-21")
    assert again.exit_code == 1 and "已登记过" in again.output


def test_invalid_report_is_refused_with_file_line_and_field(named: Path) -> None:
    _write(named, "2026-annual.yaml", {**ANNUAL, "extraction_m3": "很多", "year": 2025})
    before = snapshot(named)
    result = wq(named, "report", ID, "annual", "--year", "2026", "--date", "2027-05-20")
    assert result.exit_code == 1
    assert "reports/2026-annual.yaml:" in result.output and "extraction_m3" in result.output and "P303" in result.output
    assert snapshot(named) == before
    missing = wq(named, "report", ID, "annual", "--year", "2027", "--date", "2028-05-20")
    assert missing.exit_code == 1 and "2027-annual.yaml 不存在" in missing.output


def test_hand_edited_report_event_is_caught_by_audit(named: Path) -> None:
    _write(named, "2026-annual.yaml", ANNUAL)
    ok(named, "report", ID, "annual", "--year", "2026", "--date", "2027-05-20")
    path = named / "dossiers" / ID / "workflow.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("year: 2026", "year: 2025"), encoding="utf-8")
    git(named, "commit", "-qam", "手工修改")
    result = wq(named, "audit")
    assert result.exit_code == 1 and "hebei-xiongxian/workflow.yaml" in result.output


def _selfcheck(root: Path) -> None:
    rubric = Rules.load(root).data["selfcheck_rubric"]
    form = {"predicted": {"m3_per_year": 21_900_000, "avg_temp_c": 70}, "controlled": {"m3_per_year": 16_000_000, "avg_temp_c": 69},
            "proven": {"m3_per_year": 13_140_000, "avg_temp_c": 68}, "extracted": {"m3_per_year": 7_300_000, "avg_temp_c": 66},
            "operators": 6, "wells_used": 80, "springs_used": 0, "domestic_water_m3": 300_000, "domestic_households": 12_500,
            "heating_water_m3": 7_000_000, "heating_area_m2": 6_600_000, "farming_water_m3": 50_000, "farming_area_m2": 120_000,
            "tourism_water_m3": 250_000, "visitors": 210_000, "treated_m3": 182_500, "reinjected_m3": 7_008_000,
            "discharged_m3": 20_000, "employment_direct": 1250, "employment_indirect": 5700, "income_10k_yuan": 24_000,
            "energy_saving_coal_t": 80_000}
    _write(root, "2031-selfcheck.yaml", {"schema_version": 1, "dossier": ID, "year": 2031, "submitted": "2031-11-10", "form": form,
                                         "scores": {i["id"]: i["max"] - 1 for i in rubric["items"]},
                                         "contact": {"name": "李示范", "phone": "0312-5550101", "email": None}})


def test_selfcheck_review_filing_and_export(named: Path) -> None:
    _selfcheck(named)
    wrong = wq(named, "report", ID, "selfcheck", "--year", "2030", "--date", "2031-11-12")
    assert wrong.exit_code == 1
    ok(named, "report", ID, "selfcheck", "--year", "2031", "--date", "2031-11-12")
    refused = wq(named, "file-selfcheck", ID, "--year", "2031", "--date", "2031-11-20")
    assert refused.exit_code == 1 and "尚未经省矿业协会审查通过" in refused.output
    due = {(i["kind"], i.get("year")): i for i in json.loads(wq(named, "due", "--on", "2031-11-15", "--format", "json").output)
           if i["id"] == ID}
    assert "待省矿业协会审查" in due[("selfcheck_review", 2031)]["message"]
    ok(named, "review-selfcheck", ID, "--year", "2031", "--result", "通过", "--date", "2031-11-20", "--by", "河北省矿业协会")
    ok(named, "file-selfcheck", ID, "--year", "2031", "--date", "2031-12-01")
    due = {(i["kind"], i.get("year")) for i in json.loads(wq(named, "due", "--on", "2031-12-05", "--format", "json").output)
           if i["id"] == ID}
    assert ("selfcheck", 2031) not in due and ("selfcheck_review", 2031) not in due
    ok(named, "audit")
    form = markdown(named, ID, "selfcheck-form", TODAY)
    # 21 900 000 × 55 / 4200 = 286 786; 16 000 000 × 54 / 4200 = 205 714; 7 300 000 × 51 / 4200 = 88 643
    assert "| 预测的 | 21,900,000 | 平均温度（℃） | 70.0 | 折算标煤（吨） | 286,786 |" in form
    assert "| 控制的 | 16,000,000 | 平均温度（℃） | 69.0 | 折算标煤（吨） | 205,714 |" in form
    assert "| 年开采 | 7,300,000 | 平均温度（℃） | 66.0 | 折算标煤（吨） | 88,643 |" in form
    assert "重复利用率（%） | 2.5 |" in form and "占年开采总量比（%） | 96.0 |" in form   # 182 500 / 7 300 000; 7 008 000 / 7 300 000
    assert "单位热水收益（元/m³） | 32.88 |" in form                                      # 24 000 万元 / 7 300 000
    assert "减排二氧化碳（t/年） | 190,880 |" in form and "草稿" not in form             # 2.386 × 80 000
    score = markdown(named, ID, "selfcheck-score", TODAY)
    assert "| **总评分** | **100** | **82** |" in score and "李示范" in score           # 18 items, one below full each
    assert "1.2 探明量占总量比重：60.0%" in score


def test_rectification_round_trip_and_revocation_grounds(named: Path) -> None:
    before = snapshot(named)
    for ground, says in ((1, "限期不改"), (2, "抽检"), (3, "--note"), (4, "--note")):
        result = wq(named, "advance", ID, "撤销", "--date", "2026-12-01", "--ground", str(ground))
        assert result.exit_code == 1 and says in result.output, (ground, result.output)
    assert snapshot(named) == before
    ok(named, "advance", ID, "整改", "--date", "2026-12-01", "--deadline", "2027-03-01", "--note", "动态监测点不足")
    items = {i["kind"]: i for i in json.loads(wq(named, "due", "--on", "2027-01-10", "--format", "json").output) if i["id"] == ID}
    assert items["rectification"]["date"] == "2027-03-01" and items["rectification"]["status"] == "due"
    early = wq(named, "advance", ID, "撤销", "--date", "2027-02-01", "--ground", "1")
    assert early.exit_code == 1 and "2027-03-01" in early.output
    ok(named, "advance", ID, "命名", "--date", "2027-02-20", "--note", "已完成整改")
    assert json.loads(wq(named, "status", "--format", "json").output)[0]["state"] == "命名"
    ok(named, "advance", ID, "整改", "--date", "2027-06-01", "--deadline", "2027-09-01", "--note", "回灌率下降")
    late = {i["kind"]: i for i in json.loads(wq(named, "due", "--on", "2027-09-05", "--format", "json").output) if i["id"] == ID}
    assert late["rectification"]["status"] == "overdue" and "四、3（1）" in late["rectification"]["message"]
    ok(named, "advance", ID, "撤销", "--date", "2027-09-05", "--ground", "1")
    message = git(named, "log", "-1", "--format=%B")
    assert "Transition: 整改 -> 撤销" in message and "Ground: 1" in message
    ok(named, "audit")


def test_failed_spot_check_is_ground_two(named: Path) -> None:
    ok(named, "spot-check", ID, "--kind", "抽检", "--result", "不通过", "--note", "回灌率低于 90%", "--date", "2027-03-01")
    assert "Check: 抽检" in git(named, "log", "-1", "--format=%B")
    ok(named, "advance", ID, "撤销", "--date", "2027-04-01", "--ground", "2")
    ok(named, "audit")
    public = json.loads(wq(named, "status", "--format", "json").output)
    assert next(r for r in public if r["id"] == ID)["state"] == "撤销"


def test_review_page_shows_annual_reports_and_charts(named: Path) -> None:
    from wenquan.site.pages import render
    from wenquan.workflow.places import SiteData

    _write(named, "2026-annual.yaml", ANNUAL)
    _write(named, "2027-annual.yaml", {**ANNUAL, "year": 2027, "submitted": "2028-05-10", "extraction_m3": 7_400_000,
                                      "reinjection_m3": 7_200_000, "water_level_m": -87.0, "temperature_c": 70.2})
    out = render(SiteData.load(named, dt.date(2028, 5, 20), timeline=False), "review")
    page = out.pages[f"dossiers/{ID}.md"]
    assert "## 命名后的年报、中评估与整改（管理办法 四）" in page
    assert "| 2027 | 2028\\-05\\-10 | 未登记 | 7,400,000 | 7,200,000 | 97\\.3% |" in page
    assert "annual\\-volumes\\.svg" in page and f"dossiers/{ID}/annual-level.svg" in out.files
    # the next self-check, years off, is on the place's page as not yet due, and not on the board's due list
    assert "| 中评估自检 | 2031 | 2031\\-12\\-31 | 未到期 | 2031 年为命名后第 5 年" in page
    board = out.pages["index.md"]                                 # the board's due list includes the obligations
    assert "2031 年为命名后第 5 年" not in board
    assert "2026 年度年报应于 2027\\-06\\-30 前报送，已逾期 325 天" in board
    assert "2027 年度年报应于 2028\\-06\\-30 前报送（二季度），还有 41 天" in board


def test_a_deferred_report_is_listed_in_its_quarter_in_due_and_on_the_board_alike(named: Path) -> None:
    from wenquan.site.pages import render
    from wenquan.workflow.places import SiteData

    path = named / "dossiers" / ID / "dossier.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("valid_from: 2019-07-01", "valid_from: 2026-07-01")
                    .replace("urban: true, granted_year: 2019", "urban: true, granted_year: 2026"), encoding="utf-8")
    deferral = "随 2027 年度报送"
    for on, listed in (("2027-05-01", True), ("2027-07-15", False)):
        board = render(SiteData.load(named, dt.date.fromisoformat(on), timeline=False), "review").pages["index.md"]
        due = wq(named, "due", "--on", on).output
        assert (deferral in board) is listed and (deferral in due) is listed, on
        kept = obligations.for_place(ID, yaml.safe_load(path.read_text(encoding="utf-8")), NAMED, dt.date.fromisoformat(on), include_done=True)
        assert [(o.status, o.listed) for o in kept if o.year == 2026] == [("deferred", listed)]


def test_review_page_flags_report_files_not_yet_recorded(named: Path) -> None:
    from wenquan.site.pages import render
    from wenquan.workflow.places import SiteData

    _write(named, "2026-annual.yaml", ANNUAL)
    ok(named, "report", ID, "annual", "--year", "2026", "--date", "2027-05-20")
    _write(named, "2027-annual.yaml", {**ANNUAL, "year": 2027, "submitted": "2028-05-10"})
    page = render(SiteData.load(named, dt.date(2028, 5, 20), timeline=False), "review").pages[f"dossiers/{ID}.md"]
    assert "| 2026 | 2027\\-05\\-10 | 2027\\-05\\-20 |" in page and "| 2027 | 2028\\-05\\-10 | 未登记 |" in page
    assert '!!! warning "报告文件尚未登记"' in page
    assert "reports/2027\\-annual\\.yaml，登记命令：wenquan report hebei\\-xiongxian annual \\-\\-year 2027" in page
    assert "2026\\-annual" not in page.split("报告文件尚未登记")[1]
    ok(named, "report", ID, "annual", "--year", "2027", "--date", "2028-05-20")
    page = render(SiteData.load(named, dt.date(2028, 5, 21), timeline=False), "review").pages[f"dossiers/{ID}.md"]
    assert "报告文件尚未登记" not in page and "未登记" not in page


def test_annual_template_is_prefilled_says_where_from_and_refuses_an_unfinished_year(named: Path, tmp_path: Path) -> None:
    # 雄县 was named 2026-05-20; today in this rehearsal is 2032-12-31, so 2032 has not ended
    unfinished = wq(named, "report", ID, "annual", "--year", "2032", "--template")
    assert unfinished.exit_code == 1 and "2032 年度尚未结束" in unfinished.stderr
    early = wq(named, "report", ID, "annual", "--year", "2025", "--template")
    assert early.exit_code == 1 and "早于命名年度" in early.stderr
    first = ok(named, "report", ID, "annual", "--year", "2026", "--template").stdout
    data = yaml.safe_load(first)
    # from the dossier: the 2025 row of reinjection_history, uses.heating.area_m2, wells.used, employment
    assert (data["dossier"], data["year"], data["submitted"]) == (ID, 2026, None)
    assert (data["extraction_m3"], data["reinjection_m3"], data["uses"]["heating_area_m2"]) == (7336500, 7116405, 6500000)
    assert (data["wells_used"], data["employment"], data["new_mining_rights"]) == (80, {"direct": 1200, "indirect": 5600}, [])
    assert data["water_level_m"] is None and data["uses"]["visitors"] is None     # nothing gives them: not guessed
    assert "extraction_m3: 7336500  # 年开采量（立方米）；预填自申报材料 2025 年开采量" in first
    assert first.startswith("# yaml-language-server: $schema=../../../schemas/annual.schema.json\n")
    # filled in and saved where reports go, it validates and is recorded
    target = named / "dossiers" / ID / "reports" / "2026-annual.yaml"
    target.parent.mkdir(parents=True, exist_ok=True)
    ok(named, "report", ID, "annual", "--year", "2026", "--template", "-o", str(target))
    assert wq(named, "validate", str(target)).exit_code == 1        # submitted is still to fill in
    target.write_text(target.read_text(encoding="utf-8").replace("submitted: null", "submitted: 2027-05-12"), encoding="utf-8")
    ok(named, "validate", str(target))
    ok(named, "report", ID, "annual", "--year", "2026", "--date", "2027-05-13")
    assert "已登记过" in wq(named, "report", ID, "annual", "--year", "2026", "--template").stderr
    # the next year's template starts from the latest report, not from the dossier
    target.write_text(target.read_text(encoding="utf-8"), encoding="utf-8")
    second = yaml.safe_load(ok(named, "report", ID, "annual", "--year", "2027", "--template").stdout)
    assert second["year"] == 2027 and second["extraction_m3"] == 7336500
    _write(named, "2026-annual.yaml", ANNUAL)   # a report with other figures: the template follows it
    assert yaml.safe_load(ok(named, "report", ID, "annual", "--year", "2027", "--template").stdout)["extraction_m3"] == 7_300_000
    # -o never overwrites what someone has begun to fill in
    existing = tmp_path / "draft.yaml"
    existing.write_text("我的草稿", encoding="utf-8")
    refused = wq(named, "report", ID, "annual", "--year", "2027", "--template", "-o", str(existing))
    assert refused.exit_code == 1 and "不会覆盖" in refused.stderr and existing.read_text(encoding="utf-8") == "我的草稿"
    assert wq(named, "report", ID, "selfcheck", "--year", "2031", "--template").exit_code == 2


def test_a_report_for_a_year_not_yet_ended_is_refused(named: Path) -> None:
    _write(named, "2027-annual.yaml", {**ANNUAL, "year": 2027, "submitted": "2027-11-01"})
    before = git(named, "rev-parse", "HEAD")
    refused = wq(named, "report", ID, "annual", "--year", "2027", "--date", "2027-11-02")
    assert refused.exit_code == 1 and "2027 年度尚未结束" in refused.stderr and git(named, "rev-parse", "HEAD") == before
    found = wq(named, "--today", "2027-11-03", "validate", str(named / "dossiers" / ID / "reports" / "2027-annual.yaml"))
    assert found.exit_code == 1 and "[P307] year" in found.stdout


def test_the_shipped_example_annual_report_is_complete_and_valid_once_its_year_is_over(named: Path) -> None:
    example = ROOT / "templates" / "examples" / "2026-annual.yaml"
    data = yaml.safe_load(example.read_text(encoding="utf-8"))
    template = yaml.safe_load(ok(named, "report", ID, "annual", "--year", "2026", "--template").stdout)
    assert list(data) == list(template) and all(v is not None for k, v in data.items())
    assert ok(named, "--today", "2027-06-01", "validate", str(example)).exit_code == 0
    early = wq(named, "--today", "2026-11-21", "validate", str(example))
    assert early.exit_code == 1 and "P307" in early.stdout
    (named / "dossiers" / ID / "reports").mkdir(parents=True, exist_ok=True)
    (named / "dossiers" / ID / "reports" / "2026-annual.yaml").write_bytes(example.read_bytes())
    ok(named, "report", ID, "annual", "--year", "2026", "--date", "2027-05-18")


def test_the_selfcheck_year_is_one_rule_for_records_and_documents(named: Path) -> None:
    # 四、2（2）: every five years from naming (2026): 2031, 2036 … never 2026 itself, although 0 % 5 == 0
    for year in ("2026", "2021"):
        _write(named, f"{year}-selfcheck.yaml", {"schema_version": 1, "dossier": ID, "year": int(year)})
        recorded = wq(named, "report", ID, "selfcheck", "--year", year, "--date", "2031-11-12")
        exported = wq(named, "export", ID, "selfcheck-form", "--year", year, "-o", "-")
        assert recorded.exit_code == 1 and exported.exit_code == 1, (year, recorded.stderr, exported.stderr)
        assert "中评估年份" in recorded.stderr and "中评估年份" in exported.stderr


def test_a_named_places_review_page_always_shows_its_next_obligations(sites: dict[str, Path]) -> None:
    # built as of TODAY (2026-11-21): 雄县 was named 2026-05-20, so its first annual report (2026, due by
    # 2027-06-30) and its first self-check (2031) are months and years off, and still shown
    page = (sites["review"] / "dossiers" / ID / "index.html").read_text(encoding="utf-8")
    assert "命名后的年报、中评估与整改" in page
    assert "2026 年度年报将于 2027 年二季度报送，2027-06-30 截止" in page
    assert "2031 年为命名后第 5 年" in page and "未到期" in page


@pytest.mark.parametrize(("text", "said"), [("year: [\n", "方括号或花括号未闭合"), ("- 1\n", "文件顶层必须是“键: 值”映射")])
def test_an_annual_report_broken_by_hand_is_named_not_a_crash(repo: Path, text: str, said: str) -> None:
    """The latest report pre-fills the next template and the self-check form: one changed by hand into something
    that is not a report is refused with its file, line and why, as `wenquan validate` says it."""
    from wenquan.dossier.report_template import latest_annual
    from wenquan.errors import UserError

    folder = repo / "dossiers" / "hebei-xiongxian"
    (folder / "reports").mkdir(exist_ok=True)
    (folder / "reports" / "2026-annual.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(UserError) as refused:
        latest_annual(folder)
    assert "2026-annual.yaml:1:" in str(refused.value) and said in str(refused.value)
