"""The 申报表 of 附件1 as rows of labelled cells, in the paper form's own order, filled from a dossier.

Each row of the paper form becomes one table row of up to three (label, value) cells; labels and units come
from the dossier schema's titles (which follow the form), so a relabelled field changes here by itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from wenquan.dossier import fieldview
from wenquan.dossier.labels import Labels

Path = tuple[str, ...]


@dataclass(frozen=True)
class Cell:
    label: str
    value: str


# 附件1 申报表, row by row (the 地点/申报名称 rows are written by the template from level and place).
LAYOUT: list[list[Path]] = [
    [("location", "longitude"), ("location", "latitude")],
    [("area_km2", "application"), ("area_km2", "utilization"), ("area_km2", "exploration")],
    [("springs", "total"), ("springs", "used")],
    [("wells", "total"), ("wells", "used"), ("wells", "reinjection")],
    [("reservoir", "layers"), ("reservoir", "depth_m")],
    [("fluid", "temperature_c"), ("fluid", "water_type"), ("fluid", "tds_mg_per_l")],
    [("resources", "heat_in_place_1e15_kj"), ("resources", "heat_in_place_coal_10k_t")],
    [("resources", "fluid_in_place_1e8_m3"), ("resources", "fluid_in_place_avg_temp_c"), ("resources", "fluid_in_place_coal_10k_t")],
    [("resources", "exploitable_m3_per_day"), ("resources", "exploitable_avg_temp_c"), ("resources", "exploitable_mw")],
    [("resources", "extracted_m3_per_day"), ("resources", "extracted_avg_temp_c"), ("resources", "extracted_mw")],
    [("operators", "state_owned"), ("operators", "joint_venture"), ("operators", "private")],
    [("uses", "heating", "water_m3_per_year"), ("uses", "heating", "reinjection_m3_per_year"), ("uses", "heating", "area_m2")],
    [("uses", "heating", "reinjection_ratio")],
    [("uses", "power", "water_m3_per_year"), ("uses", "power", "reinjection_m3_per_year"), ("uses", "power", "generation_kwh_per_year")],
    [("uses", "power", "reinjection_ratio")],
    [("uses", "therapy_beds"), ("uses", "recreation_m2"), ("uses", "hot_water_households")],
    [("uses", "aquaculture_mu"), ("uses", "greenhouse_m2"), ("uses", "other")],
    [("employment", "direct"), ("employment", "indirect"), ("employment", "total")],
    [("economics_10k_yuan", "direct"), ("economics_10k_yuan", "indirect"), ("economics_10k_yuan", "total")],
    [("monitoring", "points", "extraction"), ("monitoring", "points", "temperature"), ("monitoring", "points", "water_level")],
    [("monitoring", "points", "reinjection"), ("monitoring", "points", "quality"), ("monitoring", "since")],
    [("wastewater", "treated_m3_per_day"), ("wastewater", "treatment_ratio_percent")],
    [("management", "agency"), ("management", "affiliation")],
    [("management", "staff", "authorized"), ("management", "staff", "admin")],
    [("management", "staff", "technical"), ("management", "staff", "workers")],
    [("management", "funding", "source"), ("management", "funding", "amount_10k_yuan")],
    [("management", "has_rules"), ("management", "has_plan")],
]
# The form's group headings in its first column: 开发利用单位, 主要用途, 现有从业人员, 主要经济效益, 动态监测.
GROUP = {"operators": "开发利用单位", "uses": "主要用途", "employment": "现有从业人员",
         "economics_10k_yuan": "主要经济效益", "monitoring": "动态监测"}
TOTALS = {"employment": ("合计", "人"), "economics_10k_yuan": ("合计", "万元/年")}   # 附件1 “合计” cells

# 附件1's text boxes, in order, from `narrative`.
NARRATIVE = ["geology", "exploration", "resources", "development", "management", "assessment", "operators"]


def _get(data: Any, path: Path) -> Any:
    for key in path:
        if not isinstance(data, dict):
            return None
        data = data.get(key)
    return data


def _value(dossier: dict[str, Any], path: Path) -> str:
    if path[-1] == "total" and path[0] in TOTALS:
        parts = [_get(dossier, (path[0], k)) for k in ("direct", "indirect")]
        return "—" if any(p is None for p in parts) else fieldview.number(sum(parts))
    value = _get(dossier, path)
    if path[-1] == "reinjection_ratio" and isinstance(value, int | float):
        return f"{fieldview.number(round(value * 100, 2))}%"
    return fieldview.text(value)


def _label(labels: Labels, path: Path) -> str:
    if path[-1] == "total" and path[0] in TOTALS:
        name, unit = TOTALS[path[0]]
    else:
        name, unit = labels.label(path), labels.unit(path)
        if path[-1] == "reinjection_ratio":
            unit = ""
    group = GROUP.get(path[0])
    if group and not name.startswith(group):
        name = f"{group}·{name}"
    return f"{name}（{unit}）" if unit else name


def rows(labels: Labels, dossier: dict[str, Any]) -> list[list[Cell]]:
    return [[Cell(_label(labels, path), _value(dossier, path)) for path in row] for row in LAYOUT]


def narrative(labels: Labels, dossier: dict[str, Any]) -> list[tuple[str, str | None]]:
    given = dossier.get("narrative") or {}
    return [(labels.label(("narrative", key)), given.get(key)) for key in NARRATIVE]
