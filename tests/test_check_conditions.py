"""The 11 conditions of 管理办法 一 at every boundary the rules draw."""

from __future__ import annotations

import datetime as dt

import pytest

from rules_helpers import condition, example, history


@pytest.mark.parametrize(("level", "admin", "flow", "status"), [
    ("乡", "县（市）", 5000, "fail"), ("乡", "县（市）", 5001, "pass"), ("乡", "乡（镇）", 5000.5, "pass"),
    ("城", "城市", 10000, "fail"), ("城", "城市", 10001, "pass"),
    ("都", "省会城市", 20000, "fail"), ("都", "省会城市", 20001, "pass"), ("都", "计划单列市", 20001, "pass"),
    ("都", "城市", 20001, "fail"),      # a prefecture city cannot be 都, whatever its flow
    ("都", "城市", 50000, "fail"),
    ("城", "县（市）", 15000, "fail"),   # 城 is for 城市地区
])
def test_condition_3_thresholds_and_admin_level(level: str, admin: str, flow: float, status: str) -> None:
    data = example()
    data["level"], data["applicant"]["admin_level"], data["resources"]["exploitable_m3_per_day"] = level, admin, flow
    data["resources"]["extracted_m3_per_day"] = min(flow, data["resources"]["extracted_m3_per_day"])
    result = condition(data, "一、3")
    assert result["status"] == status, result["message"]
    assert result["figures"]["exploitable_m3_per_day"] == flow


@pytest.mark.parametrize(("temperature", "status"), [(24.9, "fail"), (25, "pass"), (25.0, "pass"), (90, "pass")])
def test_condition_5_temperature(temperature: float, status: str) -> None:
    data = example()
    data["fluid"]["temperature_c"] = temperature
    assert condition(data, "一、5")["status"] == status


@pytest.mark.parametrize(("lithology", "ratios", "status"), [
    ("灰岩", [0.899, 0.95, 0.95], "fail"),     # the oldest of the three latest years is short
    ("灰岩", [0.90, 0.90, 0.90], "pass"),
    ("灰岩", [0.95, 0.95, 0.899], "fail"),     # the latest year is short: no run at all
    ("白云岩", [0.91, 0.92, 0.93], "pass"),
    ("砂岩", [0.599, 0.70, 0.70], "fail"),
    ("砂岩", [0.60, 0.60, 0.60], "pass"),
    ("砂砾岩", [0.60, 0.61, 0.62], "pass"),
    ("花岗岩", [0.599, 0.599, 0.599], "fail"),
])
def test_condition_9_reinjection_ratio_by_lithology(lithology: str, ratios: list[float], status: str) -> None:
    data = example()
    data["reservoir"]["lithology"] = lithology
    data["reinjection_history"] = history(*zip([2023, 2024, 2025], ratios, strict=True))
    result = condition(data, "一、9")
    assert result["status"] == status, result["message"]


def test_condition_9_needs_three_consecutive_latest_years() -> None:
    data = example()
    data["reinjection_history"] = history((2024, 0.95), (2025, 0.95))
    result = condition(data, "一、9")
    assert result["status"] == "fail" and result["figures"]["qualifying_years"] == [2024, 2025]
    data["reinjection_history"] = history((2021, 0.95), (2023, 0.95), (2025, 0.95))
    assert condition(data, "一、9")["status"] == "fail"   # three years, but not consecutive
    data["reinjection_history"] = history((2020, 0.50), (2023, 0.95), (2024, 0.95), (2025, 0.95))
    result = condition(data, "一、9")
    assert result["status"] == "pass" and result["figures"]["qualifying_years"] == [2023, 2024, 2025]
    data["reinjection_history"] = list(reversed(data["reinjection_history"]))  # order in the file does not matter
    assert condition(data, "一、9")["status"] == "pass"


def test_condition_9_same_layer_false_breaks_the_run() -> None:
    data = example()
    data["reinjection_history"] = history((2023, 0.95), (2024, 0.95), (2025, 0.95))
    data["reinjection_history"][1]["same_layer"] = False
    assert condition(data, "一、9")["status"] == "fail"


def test_condition_9_without_history_is_unknown() -> None:
    data = example()
    data["reinjection_history"] = []
    assert condition(data, "一、9")["status"] == "unknown"


@pytest.mark.parametrize(("treated", "status"), [(3400, "pass"), (0, "fail"), (None, "unknown")])
def test_condition_9_health_branch_needs_treated_wastewater(treated: float | None, status: str) -> None:
    data = example("jiangxi-wentang")
    data["wastewater"]["treated_m3_per_day"] = treated
    data["reinjection_history"] = []   # the 康养医疗 branch does not look at reinjection
    assert condition(data, "一、9")["status"] == status


def test_condition_2_filing_and_a_valid_mining_right_on_the_date() -> None:
    data = example()
    assert condition(data, "一、2")["status"] == "pass"
    assert condition(data, "一、2", on=dt.date(2029, 7, 1))["status"] == "pass"    # last day valid
    late = condition(data, "一、2", on=dt.date(2029, 7, 2))
    assert late["status"] == "fail" and "没有有效的采矿权" in late["message"]
    assert condition(data, "一、2", on=dt.date(2019, 6, 30))["status"] == "fail"
    data["resources"]["filing"]["number"] = None
    assert condition(data, "一、2")["status"] == "fail"
    data = example()
    data["permits"] = [p for p in data["permits"] if p["kind"] == "探矿权"]   # an exploration right is not a mining right
    assert condition(data, "一、2")["status"] == "fail"


@pytest.mark.parametrize(("component", "value", "status"), [("氟", 2.0, "pass"), ("氟", 1.99, "fail"), ("偏硅酸", 50, "pass"),
                                                           ("偏硅酸", 49.9, "fail"), ("锶", 10, "pass")])
def test_condition_4_naming_concentration(component: str, value: float, status: str) -> None:
    data = example()
    data["fluid"]["chemistry_mg_per_l"] = {component: value}
    data["fluid"]["radon_bq_per_l"] = None
    assert condition(data, "一、4")["status"] == status


def test_condition_4_radon_and_nothing_measured() -> None:
    data = example()
    data["fluid"]["chemistry_mg_per_l"] = {}
    data["fluid"]["radon_bq_per_l"] = None
    assert condition(data, "一、4")["status"] == "unknown"
    data["fluid"]["radon_bq_per_l"] = 129.5
    result = condition(data, "一、4")
    assert result["status"] == "pass" and result["figures"]["components"][0]["water_name"] == "氡水"


def test_condition_7_extraction_and_spring_protection() -> None:
    data = example()
    data["resources"]["extracted_m3_per_day"] = data["resources"]["exploitable_m3_per_day"]
    assert condition(data, "一、7")["status"] == "pass"
    data["resources"]["extracted_m3_per_day"] += 1
    assert condition(data, "一、7")["status"] == "fail"
    data = example("jiangxi-wentang")
    data["springs"]["protection_zone"] = False
    assert condition(data, "一、7")["status"] == "fail"
    data["springs"]["protection_zone"] = None
    assert condition(data, "一、7")["status"] == "unknown"


def test_conditions_6_10_11() -> None:
    data = example()
    data["management"]["has_plan"], data["materials"]["plan"] = False, None
    assert condition(data, "一、6")["status"] == "fail"
    data["management"]["has_plan"] = None
    assert condition(data, "一、6")["status"] == "unknown"
    data = example()
    data["monitoring"]["points"]["quality"] = 0
    result = condition(data, "一、10")
    assert result["status"] == "fail" and "水质" in result["message"]
    data = example()
    data["monitoring"]["since"] = None
    assert condition(data, "一、10")["status"] == "fail"
    data = example()
    data["management"]["has_rules"] = False
    assert condition(data, "一、11")["status"] == "fail"
    data["management"]["has_rules"], data["management"]["agency"] = True, None
    assert condition(data, "一、11")["status"] == "fail"


def test_conditions_1_and_8_are_left_to_the_experts_with_evidence() -> None:
    data = example()
    one, eight = condition(data, "一、1"), condition(data, "一、8")
    assert one["status"] == eight["status"] == "judgment"
    assert one["figures"]["applicant"] == "雄县人民政府"
    assert eight["figures"]["heating_area_m2"] == 6500000 and "6500000" in eight["message"]
