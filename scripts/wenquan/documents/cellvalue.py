"""A form cell's text as the value its field holds, read as a clerk types it in Word or WPS, never guessed.

Full-width digits and punctuation (１２５００，：), thousands separators (12,500), the field's own unit typed
after the figure ("12500立方米/天", "72℃"), 是/否 and ✓, dates as 2012-10-01 or 2012年10月1日 and ranges as
800–1600 all read; anything else is an `Unreadable` whose message says what the cell should hold.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from decimal import Decimal
from typing import Any


class Unreadable(ValueError):
    """The cell's text is not a value of its field; the message (Chinese) says why."""


EMPTY = {"", "—", "——", "-", "--", "–", "/", "\\", "不详", "未知"}
TRUE = {"是", "√", "✓", "✔", "☑", "☒", "有", "已制订", "已制定", "Y", "YES", "TRUE"}
FALSE = {"否", "×", "✗", "✘", "无", "未制订", "未制定", "N", "NO", "FALSE"}
# Other ways to write a unit the form states (after NFKC: m³ is m3, ℃ is °C).
UNIT_ALIASES = {
    "立方米/天": {"m3/d", "方/天", "立方米/日", "m3/天", "立方米每天"},
    "立方米/年": {"m3/a", "方/年", "m3/年", "立方米每年"},
    "立方米": {"m3", "方"},
    "摄氏度": {"°C", "度", "C"},
    "平方千米": {"km2", "平方公里"},
    "平方米": {"m2"},
    "米": {"m"},
    "个": {"眼", "口", "处", "家"},
    "毫克/升": {"mg/L", "mg/l"},
    "兆瓦": {"MW"},
    "万元/年": {"万元"},
    "千瓦时/年": {"kWh", "千瓦时", "kW·h"},
    "床": {"张", "床位"},
    "立方米/小时": {"m3/h"},
    "年": set(),
    "%": set(),
}
_NUMBER = re.compile(r"^([+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?)(.*)$")
_LIST_SPLIT = re.compile(r"[、，,；;\n]+")


def folded(text: str) -> str:
    """NFKC (full-width digits and punctuation become ASCII), without spaces: for figures, dates and choices."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def _types(node: dict[str, Any]) -> list[str]:
    kind = node.get("type", [])
    return [kind] if isinstance(kind, str) else list(kind)


def _unit_ok(typed: str, unit: str) -> bool:
    typed = typed.strip()
    if not typed:
        return True
    wanted = folded(unit)
    return typed in {wanted, *UNIT_ALIASES.get(unit, set()), *UNIT_ALIASES.get(wanted, set())}


def number(text: str, unit: str = "", integer: bool = False) -> int | float:
    """12500, 12,500, １２５００, 12500立方米/天 → 12500; a unit other than the field's is refused."""
    raw = folded(text)
    match = _NUMBER.match(raw)
    if match is None:
        raise Unreadable(f"“{text.strip()}”不是数字" + ("；不知道的项请留空或填“—”" if raw in {"无", "没有"} else ""))
    figure, rest = match.group(1).replace(",", ""), match.group(2)
    if not _unit_ok(rest, unit):
        raise Unreadable(f"“{text.strip()}”的单位“{rest}”与本栏的单位“{unit or '无'}”不符；请只填数字")
    value = float(figure) if "." in figure else int(figure)
    if integer:
        if isinstance(value, float) and not value.is_integer():
            raise Unreadable(f"“{text.strip()}”应为整数")
        return int(value)
    return value


def date(text: str) -> str:
    """2012-10-01, 2012年10月1日, 2012/10/1, 2012.10.01 → "2012-10-01"."""
    raw = folded(text)
    match = re.fullmatch(r"(\d{4})(?:[-/.]|年)(\d{1,2})(?:[-/.]|月)(\d{1,2})日?", raw)
    if match is None:
        raise Unreadable(f"“{text.strip()}”不是日期；请写作 2012-10-01 或 2012年10月1日（年、月、日都要写）")
    try:
        return dt.date(int(match.group(1)), int(match.group(2)), int(match.group(3))).isoformat()
    except ValueError:
        raise Unreadable(f"“{text.strip()}”不是日历上的日期") from None


def boolean(text: str) -> bool:
    raw = folded(text).upper()
    if raw in TRUE:
        return True
    if raw in FALSE:
        return False
    raise Unreadable(f"“{text.strip()}”应为“是”或“否”")


def choice(text: str, options: list[Any]) -> Any:
    raw = folded(text)
    for option in options:
        if option is not None and folded(str(option)) == raw:
            return option
    raise Unreadable(f"“{text.strip()}”不是可选值；应为" + "、".join(f"“{o}”" for o in options if o is not None) + "之一")


_FIGURE = r"[+-]?\d[\d,]*(?:\.\d+)?"
_RANGE = re.compile(rf"({_FIGURE})([^\d+-]*?)(?:–|—|~|〜|至|到|-)({_FIGURE})(\D*)")


def value_range(text: str, unit: str, item: dict[str, Any]) -> list[int | float]:
    """800–1600, 800-1600, 800～1600, 800米至1600米 → [800, 1600] (a minus sign before either figure is kept)."""
    match = _RANGE.fullmatch(folded(text))
    if match is None:
        raise Unreadable(f"“{text.strip()}”应写作“最小–最大”，如 800–1600")
    integer = "integer" in _types(item)
    return [number(match.group(1) + match.group(2), unit, integer), number(match.group(3) + match.group(4), unit, integer)]


def parse(text: str, node: dict[str, Any], unit: str = "", ratio: bool = False) -> Any:
    """The value of a field whose schema is `node` from the text of its cell; None for an empty cell."""
    stripped = text.strip()
    if folded(stripped) in EMPTY or stripped in EMPTY:
        return None
    kinds = _types(node)
    if "enum" in node:
        return choice(stripped, node["enum"])
    if ratio:
        return _ratio(stripped)
    if "boolean" in kinds:
        return boolean(stripped)
    if "integer" in kinds or "number" in kinds:
        return number(stripped, unit, "integer" in kinds and "number" not in kinds)
    if "array" in kinds:
        item = node.get("items", {})
        if node.get("minItems") == 2 and node.get("maxItems") == 2:
            return value_range(stripped, unit, item)
        return [p.strip() for p in _LIST_SPLIT.split(stripped) if p.strip()]
    if node.get("format") == "date":
        return date(stripped)
    return " ".join(stripped.split())


def _ratio(text: str) -> float:
    """灌采比: a percentage (96%) or the ratio itself (0.96); a bare figure above 2 is neither, and is refused.
    The percentage is divided exactly (decimal), so that every digit written reads back."""
    raw = folded(text)
    if raw.endswith("%"):
        number(raw[:-1])                                    # a clear message for what is not a figure
        return float(Decimal(raw[:-1].replace(",", "")) / 100)
    figure = number(raw)
    if figure > 2:
        raise Unreadable(f"“{text.strip()}”：灌采比请写作百分数（如 96%）或小数（如 0.96）")
    return float(figure)
