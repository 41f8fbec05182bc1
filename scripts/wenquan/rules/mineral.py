"""Mineral water (附录A 理疗热矿水水质标准): the names a water earns, its labels, and its medical components."""

from __future__ import annotations

from typing import Any

from wenquan.dossier.dossier_checks import number
from wenquan.rules.ruleset import Rules


def _values(data: Any, rules: Rules) -> list[tuple[dict[str, Any], float | None]]:
    out = []
    for row in rules.data["mineral_water"]["components"]:
        if row["name"] == "氡":
            value = number(data, "fluid", "radon_bq_per_l")
        else:
            value = number(data, "fluid", "chemistry_mg_per_l", row["name"])
        out.append((row, value))
    return out


def _entry(row: dict[str, Any], value: float, threshold: float) -> dict[str, Any]:
    return {"name": row["name"], "value": value, "threshold": threshold, "unit": row.get("unit", "mg/L"),
            "water_name": row["water_name"]}


def measured(data: Any, rules: Rules) -> list[str]:
    return [row["name"] for row, value in _values(data, rules) if value is not None]


def naming_components(data: Any, rules: Rules) -> list[dict[str, Any]]:
    """Components at or above 命名矿水浓度 (“达到” is read as ≥)."""
    return [_entry(row, v, row["naming"]) for row, v in _values(data, rules) if v is not None and v >= row["naming"]]


def medical_components(data: Any, rules: Rules) -> list[dict[str, Any]]:
    return [_entry(row, v, row["medical"]) for row, v in _values(data, rules) if v is not None and v >= row["medical"]]


def names(data: Any, rules: Rules) -> list[str]:
    """硅水, 氟水, … in the table's order, then 温水 (≥ 34 ℃) and 淡水 (矿化度 < 1000 mg/L)."""
    out = [c["water_name"] for c in naming_components(data, rules)]
    table = rules.data["mineral_water"]
    t, tds = number(data, "fluid", "temperature_c"), number(data, "fluid", "tds_mg_per_l")
    if t is not None and t >= table["warm_water_min_c"]:
        out.append("温水")
    if tds is not None and tds < table["fresh_water_max_tds_mg_per_l"]:
        out.append("淡水")
    return out


