"""The Hebei overlay against its source (issue 17 item 14): every rule quotes the plan word for word under the
heading it names, and each kind of rule judges the figures a dossier gives (hand-read from the plan)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from conftest import ROOT
from rules_helpers import example
from wenquan.rules import overlay

PLAN = Path(__file__).parent / "sources" / "hebei-geothermal-plan-14th.txt"   # seed 000, as published
HEADING = re.compile(r"^\s*(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|\d+\.)")


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _under(lines: list[str], place: str) -> str:
    """The text under the place's last heading, found by walking its headings in order (四、 then （一） then
    1.开发利用方向, or a table caption such as 表2 规划主要指标), up to the next heading."""
    at = -1
    for part in re.findall(r"[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）[^ ]*?(?=\d|$| )|\d+\.[^ ]+|表\d+ .+", place):
        part = part.strip()
        found = next((i for i in range(at + 1, len(lines)) if _squash(lines[i]).startswith(_squash(part))), None)
        assert found is not None, f"规划中“{part}”不在“{place}”所说的位置"
        at = found
    end = next((j for j in range(at + 1, len(lines)) if HEADING.match(lines[j])), len(lines))
    return _squash("".join(lines[at + 1:end]))


def _rules() -> list[dict[str, Any]]:
    data = yaml.safe_load((ROOT / "registry" / "overlays" / "hebei.yaml").read_text(encoding="utf-8"))
    return list(data["rules"])


@pytest.mark.parametrize("rule", _rules(), ids=lambda r: r["id"])
def test_each_rule_quotes_the_plan_under_its_heading(rule: dict[str, Any]) -> None:
    lines = PLAN.read_text(encoding="utf-8").splitlines()
    assert _squash(rule["quote"]) in _under(lines, rule["place"]), f"{rule['id']}：原文不在“{rule['place']}”之下"


def test_the_missing_rules_are_there() -> None:
    kinds = {r["kind"]: r for r in _rules()}
    assert kinds["single_well_capacity"]["min_m3_per_hour"] == 25 and kinds["single_well_capacity"]["layer"] == "馆陶组"
    assert kinds["well_distance"]["min_distance_m"] == 200
    assert {(c["zone"], c["max"]) for c in kinds["permit_count_cap"]["caps"]} == {
        ("村镇建成区", 1), ("县城城镇开发边界", 3), ("设区市中心城区开发边界", 6)}
    assert (kinds["urban_permit_min_capacity"]["from_year"], kinds["urban_permit_min_capacity"]["to_year"]) == (2021, 2025)  # 前言: 规划期


def _judge(kind: str, data: dict[str, Any]) -> tuple[str, str]:
    rule = next(r for r in _rules() if r["kind"] == kind)
    return overlay.KINDS[kind](data, rule)


def _mining(**fields: Any) -> dict[str, Any]:
    return {"kind": "采矿权", "number": "C-1", "holder": "某公司", "valid_from": "2022-01-01", "valid_to": "2032-01-01",
            "capacity_m3_per_year": 300000, "granted_year": 2022, "region": "平原区", "zone": "县城城镇开发边界", **fields}


@pytest.mark.parametrize(("permit", "status"), [
    (_mining(capacity_m3_per_year=199999), "warning"),              # 新设 2022, 平原区, 县城: below 20万
    (_mining(capacity_m3_per_year=200000), "pass"),
    (_mining(capacity_m3_per_year=150000, region="山区"), "pass"),    # the plan's rule is for 平原区 only
    (_mining(capacity_m3_per_year=150000, granted_year=2019), "pass"),   # before the plan's period
    (_mining(capacity_m3_per_year=150000, granted_year=2026), "pass"),   # after it
    (_mining(capacity_m3_per_year=150000, zone="村镇建成区"), "pass"),
    (_mining(capacity_m3_per_year=150000, region=None), "unknown"),   # 平原区 not stated: not assumed
    (_mining(capacity_m3_per_year=150000, zone=None, urban=True), "warning"),   # the older field still counts
])
def test_new_urban_permits_in_the_plain_need_200000(permit: dict[str, Any], status: str) -> None:
    data = example()
    data["permits"] = [permit]
    assert _judge("urban_permit_min_capacity", data)[0] == status


@pytest.mark.parametrize(("layers", "capacity", "granted", "status"), [
    (["新近系馆陶组"], 24.9, 2023, "warning"), (["新近系馆陶组"], 25, 2023, "pass"), (["新近系馆陶组"], 10, 2018, "pass"),
    (["新近系馆陶组"], None, 2023, "unknown"), (["蓟县系雾迷山组"], 10, 2023, "pass"),
])
def test_guantao_wells_below_25_per_hour(layers: list[str], capacity: float | None, granted: int, status: str) -> None:
    data = example()
    data["reservoir"]["layers"] = layers
    data["permits"] = [_mining(well_capacity_m3_per_hour=capacity, granted_year=granted)]
    assert _judge("single_well_capacity", data)[0] == status


@pytest.mark.parametrize(("distance", "status"), [(199.9, "warning"), (200, "pass"), (None, "unknown")])
def test_wells_200_m_from_railways_and_highways(distance: float | None, status: str) -> None:
    data = example()
    data["wells"]["rail_highway_distance_m"] = distance
    assert _judge("well_distance", data)[0] == status


@pytest.mark.parametrize(("zones", "status"), [
    ([("村镇建成区", 2022)], "pass"), ([("村镇建成区", 2015), ("村镇建成区", 2022)], "warning"),   # one per 村镇建成区, old or new
    ([("县城城镇开发边界", 2022)] * 3, "pass"), ([("县城城镇开发边界", 2022)] * 4, "warning"),
    ([("县城城镇开发边界", 2015)] * 3 + [("县城城镇开发边界", 2022)] * 3, "pass"),   # only new ones count
    ([("设区市中心城区开发边界", 2023)] * 6, "pass"), ([("设区市中心城区开发边界", 2023)] * 7, "warning"),
    ([(None, 2022)], "unknown"),
])
def test_caps_on_the_number_of_mining_rights(zones: list[tuple[str | None, int]], status: str) -> None:
    data = example()
    data["permits"] = [_mining(number=f"C-{i}", zone=zone, granted_year=year) for i, (zone, year) in enumerate(zones)]
    assert _judge("permit_count_cap", data)[0] == status
