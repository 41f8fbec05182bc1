"""A dossier's fields as rows a page or document can show: Chinese label, value as text, unit."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from wenquan.dossier.labels import Labels


@dataclass(frozen=True)
class Row:
    path: tuple[Any, ...]
    label: str
    value: str
    unit: str


SUBSCRIPT = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")


def chemistry(value: Any) -> str:
    """A water type as chemistry writes it: the counts after an element or a group are subscripts (Cl·SO₄-Na)."""
    return re.sub(r"(?<=[A-Za-z)])(\d+)", lambda m: m.group(1).translate(SUBSCRIPT), str(value))


@dataclass(frozen=True)
class Table:
    """A list of records (exploration history, reinjection by year…): column labels and units, then rows."""
    path: tuple[Any, ...]
    label: str
    columns: list[tuple[str, str]]
    rows: list[list[str]]


GROUP_FROM = 10000   # digits are grouped in threes (12,500) from five digits up; years and small counts stay 2019, 86


def number(value: float | int, digits: int | None = None) -> str:
    """Every figure the sites and documents print, in one style: grouped from five digits up, `digits` decimals when
    given (else up to four, trailing zeros dropped)."""
    if isinstance(value, bool):
        return "是" if value else "否"
    group = "," if abs(value) >= GROUP_FROM else ""
    if digits is not None:
        return f"{value:{group}.{digits}f}"
    if isinstance(value, int) or float(value).is_integer():
        return f"{int(value):{group}d}"
    return f"{value:{group}.4f}".rstrip("0").rstrip(".")


def text(value: Any) -> str:
    """Any scalar or small list as plain text (still data: the page escapes it)."""
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, int | float):
        return number(value)
    if isinstance(value, list):
        if len(value) == 2 and all(isinstance(v, int | float) and not isinstance(v, bool) for v in value):
            return f"{number(value[0])}–{number(value[1])}"
        return "、".join(text(v) for v in value) if value else "—"
    if isinstance(value, dict):
        return "；".join(f"{k}：{text(v)}" for k, v in value.items())
    return str(value)


def section(labels: Labels, key: str, value: Any) -> list[Row | Table]:
    """The rows of one top-level section."""
    path: tuple[Any, ...] = (key,)
    if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
        return [_table(labels, path, value)]
    if not isinstance(value, dict):
        return [Row(path, labels.label(path), text(value), labels.unit(path))]
    out: list[Row | Table] = []
    for sub, sub_value in labels.fields(path, value):
        if isinstance(sub_value, list) and sub_value and all(isinstance(v, dict) for v in sub_value):
            out.append(_table(labels, sub, sub_value))
        else:
            out.append(Row(sub, _qualified(labels, sub), text(sub_value), labels.unit(sub)))
    return out


def _qualified(labels: Labels, path: tuple[Any, ...]) -> str:
    """'供暖 · 供暖水量' for nested fields below the section, so a flat table stays readable."""
    names = [labels.label(path[:i]) for i in range(2, len(path) + 1)]
    return " · ".join(names)


# Columns only a provincial overlay reads (registry/overlays: 河北省规划 四、（一）1、3): shown where some row fills them,
# so another province's forms do not carry empty Hebei columns.
PROVINCIAL = frozenset({"region", "zone", "well_capacity_m3_per_hour"})


def _table(labels: Labels, path: tuple[Any, ...], items: list[dict[str, Any]]) -> Table:
    item_schema = labels.node((*path, 0))
    keys = [k for k in item_schema.get("properties", {})
            if any(k in item for item in items) and (k not in PROVINCIAL or any(item.get(k) is not None for item in items))]
    columns = [(labels.label((*path, 0, k)), "" if k == "year" else labels.unit((*path, 0, k))) for k in keys]
    rows = [[text(item.get(k)) for k in keys] for item in items]
    return Table(path, labels.label(path), columns, rows)


def complete(schema: dict[str, Any], data: Any) -> Any:
    """A copy of `data` in which every property the schema knows is present (None when the dossier leaves it
    out), so a template may ask for an optional field without checking that the key exists."""
    if isinstance(data, dict) and "properties" in schema:
        return {**{key: complete(sub, data.get(key)) if key in data else None
                   for key, sub in schema["properties"].items()},
                **{key: value for key, value in data.items() if key not in schema["properties"]}}
    if isinstance(data, list) and isinstance(schema.get("items"), dict):
        return [complete(schema["items"], item) for item in data]
    return data
