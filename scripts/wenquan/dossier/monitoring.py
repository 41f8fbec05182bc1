"""`monitoring.csv`: a dossier's optional time series (DESIGN.md "Layout"), read strictly and summarised by year."""

from __future__ import annotations

import csv
import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from wenquan.errors import UserError

COLUMNS = ("date", "well", "extraction_m3", "reinjection_m3", "water_level_m", "temperature_c")
LABELS = {"date": "日期", "well": "井号", "extraction_m3": "开采量", "reinjection_m3": "回灌量",
          "water_level_m": "水位", "temperature_c": "温度"}
NUMBERS = COLUMNS[2:]


@dataclass(frozen=True)
class Row:
    date: dt.date
    well: str
    extraction_m3: float | None
    reinjection_m3: float | None
    water_level_m: float | None
    temperature_c: float | None


def _number(text: str, where: str, column: str) -> float | None:
    if text.strip() == "":
        return None          # not measured
    try:
        value = float(text)
    except ValueError:
        raise UserError(f"{where}: 字段 {column}（{LABELS[column]}）应为数字，实际为“{text}”") from None
    if value != value or value in (float("inf"), float("-inf")):
        raise UserError(f"{where}: 字段 {column}（{LABELS[column]}）应为有限的数字，实际为“{text}”")
    if column in ("extraction_m3", "reinjection_m3") and value < 0:
        raise UserError(f"{where}: 字段 {column}（{LABELS[column]}）不能为负数")
    return value


def read(path: Path, shown: str) -> list[Row]:
    """Every row of `path`, or a UserError naming `shown:line` and the field."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise UserError(f"{shown}: 不是 UTF-8 编码的 CSV 文件") from None
    reader = csv.reader(text.splitlines())
    header = next(reader, None)
    if header is None or tuple(h.strip() for h in header) != COLUMNS:
        raise UserError(f"{shown}:1: 表头应为 {','.join(COLUMNS)}")
    return parse_rows(enumerate(reader, start=2), lambda number: f"{shown}:{number}")


def parse_rows(numbered: Iterable[tuple[int, list[str]]], place: Callable[[int], str]) -> list[Row]:
    """Rows of the six COLUMNS as text, each with the line (or worksheet row) it came from: `place(number)` says
    where it is in messages."""
    rows = []
    for number, cells in numbered:
        if not any(c.strip() for c in cells):
            continue
        where = place(number)
        if len(cells) != len(COLUMNS):
            raise UserError(f"{where}: 应有 {len(COLUMNS)} 列，实际 {len(cells)} 列")
        try:
            day = dt.date.fromisoformat(cells[0].strip())
        except ValueError:
            raise UserError(f"{where}: 字段 date（日期）应写作 YYYY-MM-DD，实际为“{cells[0]}”") from None
        if not cells[1].strip():
            raise UserError(f"{where}: 字段 well（井号）不能为空")
        values = [_number(c, where, col) for c, col in zip(cells[2:], NUMBERS, strict=True)]
        rows.append(Row(day, cells[1].strip(), *values))
    return rows


def yearly(rows: list[Row]) -> dict[int, dict[str, float | None]]:
    """Per year: extraction and reinjection summed over wells, water level and temperature averaged."""
    sums: dict[int, dict[str, float]] = defaultdict(lambda: {"extraction_m3": 0.0, "reinjection_m3": 0.0})
    means: dict[int, dict[str, list[float]]] = defaultdict(lambda: {"water_level_m": [], "temperature_c": []})
    for row in rows:
        year = row.date.year
        for key in ("extraction_m3", "reinjection_m3"):
            value = getattr(row, key)
            if value is not None:
                sums[year][key] += value
        for key in ("water_level_m", "temperature_c"):
            value = getattr(row, key)
            if value is not None:
                means[year][key].append(value)
    out: dict[int, dict[str, float | None]] = {}
    for year in sorted(set(sums) | set(means)):
        out[year] = {**sums[year],
                     **{k: (sum(v) / len(v) if v else None) for k, v in means[year].items()}}
    return out


def series(rows: list[Row], key: str) -> dict[str, list[tuple[dt.date, float]]]:
    """One line per well for `key`, in date order."""
    out: dict[str, list[tuple[dt.date, float]]] = defaultdict(list)
    for row in sorted(rows, key=lambda r: (r.well, r.date)):
        value = getattr(row, key)
        if value is not None:
            out[row.well].append((row.date, value))
    return dict(out)
