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


def _urban_permit_capacity(data: Any, rule: dict[str, Any]) -> Finding:
    minimum, since = rule["min_m3_per_year"], rule.get("from_year", 0)
    relevant = [p for p in get(data, "permits") or [] if isinstance(p, dict) and p.get("kind") == "采矿权" and p.get("urban")
                and isinstance(p.get("granted_year"), int) and p["granted_year"] >= since]
    if not relevant:
        return OK, f"没有 {since} 年以来新设的城镇采矿权，不适用"
    small = [p for p in relevant if isinstance(p.get("capacity_m3_per_year"), (int, float)) and p["capacity_m3_per_year"] < minimum]
    unknown = [p for p in relevant if p.get("capacity_m3_per_year") is None]
    if small:
        return WARN, "；".join(f"采矿权 {p['number']} 设计生产规模 {p['capacity_m3_per_year']:.10g} 立方米/年，低于 {minimum:.10g}" for p in small)
    if unknown:
        return UNKNOWN, "未填写新设城镇采矿权的设计生产规模：" + "、".join(p["number"] for p in unknown)
    return OK, f"新设城镇采矿权设计生产规模均不低于 {minimum:.10g} 立方米/年"


KINDS: dict[str, Callable[[Any, dict[str, Any]], Finding]] = {
    "heating_same_layer_reinjection": _heating_same_layer,
    "forbidden_layer": _forbidden_layer,
    "urban_permit_min_capacity": _urban_permit_capacity,
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
            out.append({"rule": rule["id"], "status": status, "message": message, "quote": rule["quote"], "source": overlay["source"]})
    return out
