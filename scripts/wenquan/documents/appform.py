"""The 申报表 of 附件1 as rows of labelled cells, in the paper form's own order, filled from a dossier or blank.

Each row of the paper form becomes one table row of up to three (label, value) cells; labels and units come
from the dossier schema's titles (which follow the form), so a relabelled field changes here by itself. The same
description is what `wenquan import` reads a filled form back by (`formread`): a label names its field, and a
value is written so that it reads back exactly (`cell_text`, read by `cellvalue.parse`).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from wenquan.dossier import fieldview
from wenquan.dossier.labels import Labels

Path = tuple[str, ...]


@dataclass(frozen=True)
class Cell:
    label: str
    value: str


@dataclass(frozen=True)
class Field:
    """One value of the form: where it goes in the dossier and what its label says."""
    path: Path
    group: str | None       # the form's group heading in the first column (主要用途…), if any
    name: str               # the label without its unit
    unit: str
    hint: str               # how a value is written, for the blank form

    def label(self, blank: bool = False) -> str:
        inside = "；".join(p for p in (self.unit, self.hint if blank else "") if p)
        return f"{self.name}（{inside}）" if inside else self.name

    def qualified(self, blank: bool = False) -> str:
        """The label as a flat table prints it: 主要用途·供暖水量（立方米/年）."""
        return f"{self.group}·{self.label(blank)}" if self.group else self.label(blank)


# The form's head: 申报名称 and 地点 are rows of their own in 附件1; 申报单位 is also on its cover.
HEAD: list[list[Path]] = [
    [("level",)],
    [("place",)],
    [("applicant", "name"), ("applicant", "kind")],
    [("applicant", "province"), ("applicant", "prefecture"), ("applicant", "admin_level")],
]
# 附件1 申报表, row by row.
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
TOTALS = {"employment": ("合计", "人"), "economics_10k_yuan": ("合计", "万元/年")}   # 附件1 “合计” cells: computed
NAMES: dict[Path, str] = {("level",): "申报名称", ("place",): "地点"}        # 附件1's own words where the schema's title differs
RATIOS = frozenset({"reinjection_ratio"})                 # 灌采比: a ratio shown as a percentage

# 附件1's text boxes, in order, from `narrative`.
NARRATIVE = ["geology", "exploration", "resources", "development", "management", "assessment", "operators"]
# The form's record tables: permits (附录C 三、3) and the yearly extraction and reinjection (管理办法 一、9).
TABLES = ("permits", "reinjection_history")
BLANK_ROWS = {"permits": 3, "reinjection_history": 5}


def _get(data: Any, path: tuple[Any, ...]) -> Any:
    for key in path:
        if not isinstance(data, dict):
            return None
        data = data.get(key)
    return data


def _types(node: dict[str, Any]) -> list[str]:
    kind = node.get("type", [])
    return [kind] if isinstance(kind, str) else list(kind)


def hint(node: dict[str, Any], path: tuple[Any, ...]) -> str:
    """How a value of this kind is written in the form (the blank form prints it beside the label)."""
    if path == ("level",):
        return "填“中国温泉之乡”“中国温泉之城”或“中国温泉之都”"
    if path[-1] in RATIOS:
        return "百分数，如 96%"
    enum = [v for v in node.get("enum", []) if v is not None]
    if enum:
        return "填" + "、".join(f"“{v}”" for v in enum) + "之一"
    kinds = _types(node)
    if node.get("format") == "date":
        return "年-月-日，如 2012-10-01"
    if "boolean" in kinds:
        return "填“是”或“否”"
    if "array" in kinds and node.get("minItems") == 2 and node.get("maxItems") == 2:
        return "最小–最大，如 800–1600" if path[-1] == "depth_m" else "最小–最大，十进制度数"
    if "array" in kinds:
        return "多项用“、”分隔"
    return ""


def field(labels: Labels, path: Path) -> Field:
    group = GROUP.get(path[0])
    if path[-1] == "total" and path[0] in TOTALS:
        name, unit = TOTALS[path[0]]
        return Field(path, group, name, unit, "自动合计，可不填")
    name = NAMES.get(path) or labels.label(path)
    unit = "" if path[-1] in RATIOS else labels.unit(path)
    if group and name.startswith(group):
        group = None
    return Field(path, group, name, unit, hint(labels.node(path), path))


def fields(labels: Labels) -> list[Field]:
    """Every single value the form holds, head first, in the form's order."""
    return [field(labels, path) for row in HEAD + LAYOUT for path in row]


def number_text(value: float | int) -> str:
    """A figure in the documents' style (fieldview.number), with every digit it has: a form is read back exactly."""
    shown = fieldview.number(value)
    if isinstance(value, int) or float(shown.replace(",", "")) == value:
        return shown
    exact = Decimal(repr(float(value)))
    return f"{exact:,f}" if abs(value) >= fieldview.GROUP_FROM else f"{exact:f}"


def cell_text(path: tuple[Any, ...], value: Any) -> str:
    """A value as its cell shows it; "—" for an unknown one."""
    if value is None:
        return "—"
    if path == ("level",):
        return f"中国温泉之{value}"
    if path[-1] in RATIOS and isinstance(value, int | float) and not isinstance(value, bool):
        percent = Decimal(repr(float(value))) * 100
        return f"{percent.normalize():f}%"
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, int | float):
        return number_text(value)
    if path == ("fluid", "water_type"):
        return fieldview.chemistry(value)          # HCO₃, SO₄ (read back as HCO3, SO4)
    if isinstance(value, list):
        if len(value) == 2 and all(isinstance(v, int | float) and not isinstance(v, bool) for v in value):
            return f"{number_text(value[0])}–{number_text(value[1])}"
        return "、".join(cell_text(path, v) for v in value) if value else "—"
    return str(value)


def _value(dossier: dict[str, Any] | None, path: Path) -> str:
    if dossier is None:
        return ""
    if path[-1] == "total" and path[0] in TOTALS:
        parts = [_get(dossier, (path[0], k)) for k in ("direct", "indirect")]
        return "—" if any(p is None for p in parts) else number_text(sum(parts))
    return cell_text(path, _get(dossier, path))


@dataclass(frozen=True)
class Row:
    cells: list[Cell]
    title: str | None = None      # a group's heading row (主要用途…), one cell across the table


def rows(labels: Labels, dossier: dict[str, Any] | None) -> list[Row]:
    """The form's table; `dossier` None gives the blank form, each label with how its value is written. A group of
    附件1 (主要用途, 现有从业人员…) opens with its heading in a row of its own, and its labels are its own words."""
    blank = dossier is None
    out: list[Row] = []
    group: str | None = None
    for row in HEAD + LAYOUT:
        fields_ = [field(labels, path) for path in row]
        if fields_[0].group != group:
            group = fields_[0].group
            if group:
                out.append(Row([], group))
        out.append(Row([Cell(f.label(blank), _value(dossier, f.path)) for f in fields_]))
    return out


def narrative(labels: Labels, dossier: dict[str, Any] | None) -> list[tuple[str, str | None]]:
    given = (dossier or {}).get("narrative") or {}
    return [(labels.label(("narrative", key)), given.get(key)) for key in NARRATIVE]


@dataclass(frozen=True)
class FormTable:
    key: str
    label: str
    columns: list[tuple[str, str]]      # (dossier key, header as printed)
    rows: list[list[str]]


def table_columns(labels: Labels, key: str, items: list[dict[str, Any]] | None) -> list[tuple[str, str]]:
    """The columns of a record table: every column of the schema, a provincial one only where some row fills it."""
    props = labels.node((key, 0)).get("properties", {})
    keys = [k for k in props if k not in fieldview.PROVINCIAL or any(i.get(k) is not None for i in items or [])]
    out = []
    for k in keys:
        unit = "" if k == "year" else labels.unit((key, 0, k))
        name = labels.label((key, 0, k))
        out.append((k, f"{name}（{unit}）" if unit else name))
    return out


def tables(labels: Labels, dossier: dict[str, Any] | None) -> list[FormTable]:
    out = []
    for key in TABLES:
        items = None if dossier is None else (dossier.get(key) or [])
        columns = table_columns(labels, key, items)
        if items is None:
            body = [["" for _ in columns] for _ in range(BLANK_ROWS[key])]
        else:
            body = [[cell_text((key, 0, k), item.get(k)) for k, _ in columns] for item in items]
        out.append(FormTable(key, labels.label((key,)), columns, body))
    return out


# How values are written, printed on the form above its table (附件1's own 填表说明 precede it).
FORMAT_RULES = [
    "左列的栏目名称请勿改动；单位已写在栏目名称中，数值栏只填数字（写了单位也可以，但须与栏目的单位一致）。",
    "不知道或不适用的栏目留空或填“—”，不要填 0。",
    "日期写作“2012-10-01”或“2012年10月1日”。",
    "范围写作“最小–最大”，如开采与回灌深度“800–1600”；地理坐标用十进制度数，如“115.92–116.32”。",
    "是否类栏目填“是”或“否”（“√”表示是）。",
    "多项内容用“、”分隔，如“雾迷山组、馆陶组”。",
    "矿业权表、历年开采与回灌表可按需增加行，每行一项。",
    "二至八各部分的文字写在其标题下方，可分多段。",
]
