"""Provincial overlays: extra rules a province adds for its own dossiers, reported as warnings.

Each overlay file (registry/overlays/*.yaml) names its province and lists rules, each a known `kind` with
its parameters, so a province adds rules by writing data, not code.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from wenquan.dossier.dossier_checks import get, number
from wenquan.rules.indicators import ratio
from wenquan.rules.ruleset import load_checked

OK, WARN, UNKNOWN = "pass", "warning", "unknown"
Finding = tuple[str, str]


def _heating_same_layer(data: Any, rule: dict[str, Any]) -> Finding:
    minimum = rule["min_ratio"]
    water = number(data, "uses", "heating", "water_m3_per_year")
    share = ratio(number(data, "uses", "heating", "reinjection_m3_per_year"), water)
    same = get(data, "uses", "heating", "same_layer")
    if water == 0:
        return OK, "无地热供暖，不适用"
    if share is None:
        return UNKNOWN, "未填写供暖用水量或回灌量"
    problems = []
    if share < minimum - 1e-12:
        problems.append(f"供暖尾水回灌率 {share * 100:.1f}%，低于 {minimum * 100:.10g}%")
    if same is False:
        problems.append("供暖尾水未回灌至同一热储层")
    if problems:
        return WARN, "；".join(problems)
    if same is None:
        return UNKNOWN, f"供暖尾水回灌率 {share * 100:.1f}%，但未说明是否同层回灌"
    return OK, f"供暖尾水同层回灌率 {share * 100:.1f}%，不低于 {minimum * 100:.10g}%"


def _forbidden_layer(data: Any, rule: dict[str, Any]) -> Finding:
    layers = [x for x in get(data, "reservoir", "layers") or [] if isinstance(x, str)]
    hits = [x for x in layers if rule["layer"] in x]
    if hits:
        return WARN, f"开采热储包括{'、'.join(hits)}，该省禁止开采{rule['layer']}热储"
    return OK, f"开采热储（{'、'.join(layers)}）不含{rule['layer']}"


def _mining(data: Any) -> list[dict[str, Any]]:
    return [p for p in get(data, "permits") or [] if isinstance(p, dict) and p.get("kind") == "采矿权"]


def _new(permit: dict[str, Any], rule: dict[str, Any]) -> bool | None:
    """Granted within the rule's years (the plan's period): None when the permit does not say when."""
    year = permit.get("granted_year")
    if not isinstance(year, int):
        return None
    return rule.get("from_year", 0) <= year <= rule.get("to_year", 9999)


def _period(rule: dict[str, Any]) -> str:
    return f"{rule['from_year']}—{rule['to_year']} 年" if "from_year" in rule and "to_year" in rule else "规划期内"


def _zone(permit: dict[str, Any]) -> str | None:
    """Where the permit lies; the older `urban: true` says only “within a county or city boundary”."""
    zone = permit.get("zone")
    if isinstance(zone, str):
        return zone
    return "城镇开发边界" if permit.get("urban") is True else ("其他" if permit.get("urban") is False else None)


def _verdict(bad: list[str], unknown: list[str]) -> Finding | None:
    """A permit that breaks the rule warns (with the undecided ones named too); undecided ones alone are for the
    experts; None when every permit the rule reaches is fine."""
    if bad:
        return WARN, "；".join(bad + unknown)
    if unknown:
        return UNKNOWN, "；".join(unknown) + "，由专家核实"
    return None


URBAN = ("县城城镇开发边界", "设区市中心城区开发边界")


def _in_zone(zone: str | None, zones: list[str] | None) -> bool | None:
    if zone is None:
        return None
    if zone == "城镇开发边界":   # `urban: true`: one of the two boundaries, not said which
        return not zones or any(z in URBAN for z in zones)
    return zone in zones if zones else zone != "其他"


def _urban_permit_capacity(data: Any, rule: dict[str, Any]) -> Finding:
    minimum, zones, region = rule["min_m3_per_year"], rule.get("zones"), rule.get("region")
    small, unknown = [], []
    applies = 0
    for p in _mining(data):
        new, zone = _new(p, rule), _zone(p)
        in_zone = _in_zone(zone, zones)
        in_region = None if region and p.get("region") is None else (not region or p.get("region") == region)
        if new is False or in_zone is False or in_region is False:
            continue
        if new is None or in_zone is None or in_region is None:
            missing = [w for w, v in (("设立年份", new), ("所在范围", in_zone), ("所在区域", in_region)) if v is None]
            unknown.append(f"采矿权 {p.get('number')} 未说明{'、'.join(missing)}")
            continue
        applies += 1
        capacity = p.get("capacity_m3_per_year")
        if not isinstance(capacity, (int, float)):
            unknown.append(f"采矿权 {p.get('number')} 未填写设计生产规模")
        elif capacity < minimum:
            small.append(f"采矿权 {p.get('number')} 设计生产规模 {capacity:.10g} 立方米/年，低于 {minimum:.10g}")
    found = _verdict(small, unknown)
    if found:
        return found
    if not applies:
        return OK, f"没有 {_period(rule)}在{region or ''}{'、'.join(zones or ['城镇'])}范围新设的采矿权，不适用"
    return OK, f"{_period(rule)}新设的采矿权设计生产规模均不低于 {minimum:.10g} 立方米/年"


def _single_well_capacity(data: Any, rule: dict[str, Any]) -> Finding:
    layer, minimum = rule["layer"], rule["min_m3_per_hour"]
    layers = [x for x in get(data, "reservoir", "layers") or [] if isinstance(x, str)]
    if not any(layer in x for x in layers):
        return OK, f"开采热储（{'、'.join(layers) or '未填写'}）不含{layer}，不适用"
    low, unknown = [], []
    for p in _mining(data):
        new = _new(p, rule)
        if new is False:
            continue
        capacity = p.get("well_capacity_m3_per_hour")
        if new is None or not isinstance(capacity, (int, float)):
            unknown.append(f"采矿权 {p.get('number')} 未说明{'设立年份' if new is None else '单井取水、回灌能力'}")
        elif capacity < minimum:
            low.append(f"{layer}采矿权 {p.get('number')} 单井取水、回灌能力 {capacity:.10g} 立方米/小时，不足 {minimum:.10g}")
    return _verdict(low, unknown) or (OK, f"{_period(rule)}新批的{layer}采矿权单井能力均不低于 {minimum:.10g} 立方米/小时（或没有新批的）")


def _well_distance(data: Any, rule: dict[str, Any]) -> Finding:
    minimum = rule["min_distance_m"]
    distance = number(data, "wells", "rail_highway_distance_m")
    if distance is None:
        return UNKNOWN, f"未填写地热井距铁路、高速公路的最近距离（wells.rail_highway_distance_m），由专家核实是否在 {minimum:.10g} 米以外"
    if distance < minimum:
        return WARN, f"地热井距铁路、高速公路最近 {distance:.10g} 米，在 {minimum:.10g} 米范围内"
    return OK, f"地热井距铁路、高速公路最近 {distance:.10g} 米，不在 {minimum:.10g} 米范围内"


def _permit_count_cap(data: Any, rule: dict[str, Any]) -> Finding:
    permits = _mining(data)
    unknown = [str(p.get("number")) for p in permits if p.get("zone") is None]
    over = []
    for cap in rule["caps"]:
        counted = [p for p in permits if p.get("zone") == cap["zone"] and (not cap.get("new_only") or _new(p, rule))]
        if len(counted) > cap["max"]:
            what = f"{_period(rule)}新增" if cap.get("new_only") else ""
            over.append(f"{cap['zone']}范围内{what}采矿权 {len(counted)} 个，超过 {cap['max']} 个")
    if over:
        return WARN, "申报材料所列" + "；".join(over)
    if unknown:
        return UNKNOWN, "采矿权 " + "、".join(unknown) + " 未说明所在范围（zone），由专家核实采矿权数量"
    return OK, "申报材料所列采矿权数量不超过各范围的上限"


KINDS: dict[str, Callable[[Any, dict[str, Any]], Finding]] = {
    "heating_same_layer_reinjection": _heating_same_layer,
    "forbidden_layer": _forbidden_layer,
    "urban_permit_min_capacity": _urban_permit_capacity,
    "single_well_capacity": _single_well_capacity,
    "well_distance": _well_distance,
    "permit_count_cap": _permit_count_cap,
}


def overlay_files(root: Path | None) -> list[Path]:
    return sorted((root / "registry" / "overlays").glob("*.yaml")) if root else []


def evaluate(data: Any, root: Path | None) -> list[dict[str, Any]]:
    province = get(data, "applicant", "province")
    out = []
    for path in overlay_files(root):
        overlay = load_checked(path, "overlay", root, f"{path.name} ")
        if overlay["province"] != province:
            continue
        for rule in overlay["rules"]:
            status, message = KINDS[rule["kind"]](data, rule)
            out.append({"rule": rule["id"], "status": status, "message": message, "quote": f"{rule['place']}：{rule['quote']}",
                        "source": overlay["source"]})
    return out
