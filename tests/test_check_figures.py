"""Indicators against hand-computed figures, mineral water, score suggestions, the overlay, and the command."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from rules_helpers import example, rules, run
from wenquan.cli.main import cli
from wenquan.rules import indicators


def test_hand_computed_10000_m3_per_day_at_70_c() -> None:
    c = rules().coefficients
    mw = indicators.thermal_mw(10000, 70, c)
    assert indicators.l_per_s(10000) == pytest.approx(115.7407, abs=1e-4)
    assert mw == pytest.approx(26.65, abs=0.005)                     # 4.1868 × 115.74 × 55 / 1000
    assert indicators.coal_by_power(mw, c) == pytest.approx(47787, abs=1)
    assert indicators.coal_by_power(mw, c) * c["co2_per_coal"] == pytest.approx(114020, abs=3)


@pytest.mark.parametrize("flow", [1, 5001, 10000, 36000, 123456.7])
@pytest.mark.parametrize("temp", [25, 40, 70, 95, 150])
def test_the_two_coal_formulas_agree_within_a_tenth_of_a_percent(flow: float, temp: float) -> None:
    c = rules().coefficients
    by_power = indicators.coal_by_power(indicators.thermal_mw(flow, temp, c), c)
    by_volume = indicators.coal_by_volume(flow * 365, temp, c)
    assert abs(by_power - by_volume) / by_volume < 0.001


def test_example_indicators() -> None:
    ind = run(example())["indicators"]
    assert ind["exploitable_l_per_s"] == pytest.approx(416.6667, abs=1e-4)
    assert ind["exploitable_mw"] == pytest.approx(92.4585, abs=1e-3)     # 4.1868 × 416.667 × 53 / 1000
    assert ind["exploitable_coal_t_per_year"] == pytest.approx(1793 * 92.4585, rel=1e-5)
    assert ind["exploitable_co2_t_per_year"] == pytest.approx(2.386 * ind["exploitable_coal_t_per_year"], rel=1e-6)
    assert ind["extracted_mw"] == pytest.approx(4.1868 * 20100 / 86.4 * 51 / 1000, rel=1e-5)
    # 释-11: one tonne of standard coal = 4200 m³·℃ × 4.1868 MJ = 17 584 560 kJ (the basis of 1793·MW and Q·Δt/4200):
    # 2.35×10¹⁵ kJ / 17 584 560 kJ/t = 133 640 000 t = 13 364.0 万吨 (not 8018.4 at 29.3076 GJ/t, without efficiency)
    assert ind["heat_in_place_coal_10k_t"] == pytest.approx(13_364.0, abs=0.05)
    assert 2.35e15 / (31_536_000_000 / 1793) / 1e4 == pytest.approx(13_364.0, rel=3e-4)   # 1793 t per MW·a agrees
    assert ind["fluid_in_place_coal_10k_t"] == pytest.approx(18.2e8 * 50 / 4200 / 1e4, rel=1e-5)
    assert ind["heating_reinjection_ratio"] == pytest.approx(6816000 / 7100000, rel=1e-6)
    assert ind["treatment_ratio_percent"] == pytest.approx(500 / 20100 * 100, rel=1e-4)
    assert [r["year"] for r in ind["reinjection_by_year"]] == [2021, 2022, 2023, 2024, 2025]


def test_typed_values_more_than_one_percent_off_are_flagged() -> None:
    data = example()
    assert run(data)["mismatches"] == []
    data["resources"]["exploitable_mw"] = 92.4585 * 1.009
    assert run(data)["mismatches"] == []
    data["resources"]["exploitable_mw"] = 92.4585 * 1.011
    found = run(data)["mismatches"]
    assert [m["field"] for m in found] == ["resources.exploitable_mw"] and "1%" in found[0]["message"]


@pytest.mark.parametrize(("temp", "tds", "labels"), [(33.9, 1000, []), (34, 999.9, ["温水", "淡水"]), (72, 2100, ["温水"])])
def test_mineral_water_labels(temp: float, tds: float, labels: list[str]) -> None:
    data = example()
    data["fluid"].update({"temperature_c": temp, "tds_mg_per_l": tds, "chemistry_mg_per_l": {"偏硅酸": 60, "锶": 9.99, "偏硼酸": 50},
                          "radon_bq_per_l": None})
    result = run(data)
    assert result["mineral_water"] == ["硼水", "硅水"] + labels
    assert [c["name"] for c in result["medical_components"]] == ["偏硼酸", "偏硅酸"]  # 锶 9.99 < 10


E12, E13, E14 = ("resources", "exploitable_m3_per_day"), ("fluid", "temperature_c"), ("fluid", "tds_mg_per_l")


# 附录E: each bracket is “大于…小于…”. On an edge the expert chooses between the two sides (释-01); below the lowest
# bracket of 1.2 (10000) and 1.3 (40 ℃) rules.yaml allows 0 to one less than the lowest bracket's score (释-19).
@pytest.mark.parametrize(("ident", "path", "value", "score", "may"), [
    ("1.2", E12, 30001, 10, None), ("1.2", E12, 30000, None, "10 或 8"), ("1.2", E12, 29999, 8, None), ("1.2", E12, 20001, 8, None),
    ("1.2", E12, 20000, None, "8 或 6"), ("1.2", E12, 10001, 6, None), ("1.2", E12, 10000, None, "0–6"),
    ("1.2", E12, 9999, None, "0–5"), ("1.2", E12, 5001, None, "0–5"),
    ("1.3", E13, 90.1, 5, None), ("1.3", E13, 90, None, "5 或 4"), ("1.3", E13, 89.9, 4, None), ("1.3", E13, 60, None, "4 或 3"),
    ("1.3", E13, 59.9, 3, None), ("1.3", E13, 40, None, "0–3"), ("1.3", E13, 39.9, None, "0–2"), ("1.3", E13, 25, None, "0–2"),
    ("1.4", E14, 999, 5, None), ("1.4", E14, 1000, None, "5 或 4"), ("1.4", E14, 1001, 4, None), ("1.4", E14, 3000, None, "4 或 3"),
    ("1.4", E14, 3001, 3, None),
])
def test_suggested_scores_at_every_bracket_edge(ident: str, path: tuple[str, str], value: float, score: int | None,
                                                may: str | None) -> None:
    data = example()
    data[path[0]][path[1]] = value
    result = run(data)
    assert result["suggested_scores"][ident] == score
    if score is None:
        assert f"可给 {may} 分，由专家判断" in result["score_reasons"][ident]
        assert ("释-19" in result["score_reasons"][ident]) == ("0–" in str(may))


@pytest.mark.parametrize(("degree", "score"), [("查明", 10), ("基本查明", 7), ("大致查明", 4)])
def test_suggested_score_1_1(degree: str, score: int) -> None:
    data = example()
    data["resources"]["exploration_degree"] = degree
    assert run(data)["suggested_scores"]["1.1"] == score


def _overlay(data: dict) -> dict[str, str]:
    return {o["rule"]: o["status"] for o in run(data)["overlay"]}


def test_hebei_overlay() -> None:
    data = example()
    assert _overlay(data) == {f"冀-{n}": "pass" for n in range(1, 7)}
    data["uses"]["heating"]["reinjection_m3_per_year"] = 0.949 * data["uses"]["heating"]["water_m3_per_year"]
    data["reservoir"]["layers"].append("新近系明化镇组")
    data["reservoir"]["layers"].append("新近系馆陶组")
    data["permits"][0].update({"granted_year": 2022, "capacity_m3_per_year": 150000, "well_capacity_m3_per_hour": 20})
    data["wells"]["rail_highway_distance_m"] = 150
    data["permits"] += [{**data["permits"][0], "number": f"C-{i}"} for i in range(3)]    # 4 new in one county boundary
    assert _overlay(data) == {f"冀-{n}": "warning" for n in range(1, 7)}
    data = example()
    data["uses"]["heating"]["same_layer"] = False
    assert _overlay(data)["冀-1"] == "warning"
    data = example()
    data["applicant"]["province"] = "河南省"
    assert _overlay(data) == {}


def test_check_command_json_shape(repo: Path) -> None:
    result = CliRunner().invoke(cli, ["-C", str(repo), "check", "hebei-xiongxian", "--format", "json", "--on", "2026-11-21"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert {"id", "level", "indicators", "conditions", "mineral_water", "suggested_scores", "overlay"} <= set(data)
    assert {"exploitable_l_per_s", "exploitable_mw", "exploitable_coal_t_per_year", "exploitable_co2_t_per_year", "extracted_mw",
            "extracted_coal_t_per_year", "extracted_co2_t_per_year", "heat_in_place_coal_10k_t"} <= set(data["indicators"])
    assert [c["rule"] for c in data["conditions"]] == [f"一、{n}" for n in range(1, 12)]
    assert all({"rule", "status", "message"} <= set(c) for c in data["conditions"] + data["overlay"])
    assert data["mineral_water"] == ["氟水", "温水"]
    assert data["suggested_scores"] == {"1.1": 7, "1.2": 10, "1.3": 4, "1.4": 4}


@pytest.mark.parametrize("dossier_id", ["hebei-xiongxian", "jiangxi-wentang", "henan-kaifeng", "shaanxi-xian"])
def test_every_example_is_eligible(repo: Path, dossier_id: str) -> None:
    result = CliRunner().invoke(cli, ["-C", str(repo), "check", dossier_id, "--format", "json", "--on", "2026-11-21"])
    assert result.exit_code == 0
    statuses = {c["rule"]: c["status"] for c in json.loads(result.stdout)["conditions"]}
    assert statuses["一、1"] == statuses["一、8"] == "judgment"
    assert {s for r, s in statuses.items() if r not in ("一、1", "一、8")} == {"pass"}


def test_check_text_and_refusals(repo: Path) -> None:
    ok = CliRunner().invoke(cli, ["-C", str(repo), "check", "henan-kaifeng", "--on", "2026-11-21"])
    assert ok.exit_code == 0 and "✔ 一、3" in ok.stdout and "1.2　6 分" in ok.stdout
    missing = CliRunner().invoke(cli, ["-C", str(repo), "check", "no-such-place"])
    assert missing.exit_code == 1 and "没有编号为“no-such-place”" in missing.stderr
    path = repo / "dossiers/henan-kaifeng/dossier.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("  lithology: 砂岩", "  lithology: 沙岩"), encoding="utf-8")
    bad = CliRunner().invoke(cli, ["-C", str(repo), "check", "henan-kaifeng"])
    assert bad.exit_code == 1 and "[S103] reservoir.lithology" in bad.stderr
    assert bad.stdout == ""
