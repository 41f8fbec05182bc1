"""`wenquan import FILE.xlsx --id ID --monitoring`: a worksheet of monitoring data into `dossiers/ID/monitoring.csv`.

The worksheet's first non-empty row names the columns, in Chinese (日期、井号、开采量…) or as `monitoring.csv`
does (date, well, extraction_m3…), a unit in brackets allowed; each row then passes the checks `monitoring.csv`
itself passes (dossier/monitoring.py), with the worksheet's row number in every message. Read with openpyxl.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from wenquan.documents import cellvalue
from wenquan.dossier import monitoring
from wenquan.errors import UserError
from wenquan.fsutil import write_text_atomic
from wenquan.repo import Repository

UNITS = {"extraction_m3": "立方米", "reinjection_m3": "立方米", "water_level_m": "米", "temperature_c": "摄氏度"}
OTHER_NAMES = {"date": {"监测日期", "时间"}, "well": {"井名", "井", "监测井", "井号/泉名"},
               "extraction_m3": {"开采量", "月开采量"}, "reinjection_m3": {"回灌量", "月回灌量"},
               "water_level_m": {"水位埋深", "水位"}, "temperature_c": {"水温", "温度"}}


def _header_key(text: str) -> str:
    return re.sub(r"[(（].*$", "", cellvalue.folded(text)).lower()


NAMES = {_header_key(n): column for column in monitoring.COLUMNS
         for n in {column, monitoring.LABELS[column], *OTHER_NAMES[column]}}


@dataclass
class Imported:
    target: Path
    text: str
    rows: int
    previous: list[monitoring.Row] | None


def _cell_text(value: Any, column: str, where: str) -> str:
    """A worksheet cell as `monitoring.csv` writes it."""
    if value is None:
        return ""
    if column == "date":
        if isinstance(value, dt.datetime | dt.date):
            return (value.date() if isinstance(value, dt.datetime) else value).isoformat()
        try:
            return cellvalue.date(str(value))
        except cellvalue.Unreadable as exc:
            raise UserError(f"{where}: 字段 date（日期）{exc}") from None
    if column == "well":
        return str(int(value)) if isinstance(value, float) and value.is_integer() else str(value).strip()
    if isinstance(value, bool):
        raise UserError(f"{where}: 字段 {column}（{monitoring.LABELS[column]}）应为数字，实际为“{value}”")
    if isinstance(value, int | float):
        return repr(value) if isinstance(value, float) else str(value)
    if isinstance(value, str) and value.startswith("="):
        raise UserError(f"{where}: 字段 {column}（{monitoring.LABELS[column]}）是没有计算结果的公式“{value}”；"
                        "请在 Excel 或 WPS 中打开并保存一次，或粘贴为数值")
    text = str(value)
    if cellvalue.folded(text) in cellvalue.EMPTY:
        return ""
    try:
        return str(cellvalue.number(text, UNITS[column]))
    except cellvalue.Unreadable as exc:
        raise UserError(f"{where}: 字段 {column}（{monitoring.LABELS[column]}）{exc}") from None


def _rows(path: Path) -> tuple[str, list[tuple[int, list[Any]]]]:
    """The first worksheet's rows, numbered as the worksheet numbers them. A formula is read by its last computed
    value (as Excel and WPS save it); one never computed (a file written by a program) stays a formula, and is
    refused where it is used."""
    import openpyxl

    def load(data_only: bool) -> tuple[str, list[list[Any]]]:
        try:
            book = openpyxl.load_workbook(path, read_only=True, data_only=data_only)
        except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
            raise UserError(f"{path}: 不是 Excel 工作簿（.xlsx），无法读取：{exc}") from None
        try:
            sheet = book.worksheets[0]
            return sheet.title, [list(r) for r in sheet.iter_rows(values_only=True)]
        finally:
            book.close()
    title, values = load(True)
    _, formulas = load(False)
    rows = []
    for number, (row, written) in enumerate(zip(values, formulas, strict=False), start=1):
        rows.append((number, [f if v is None and isinstance(f, str) and f.startswith("=") else v
                              for v, f in zip(row, [*written, *[None] * len(row)], strict=False)]))
    return title, rows


def prepare(repo: Repository, source: Path, dossier_id: str, force: bool = False) -> Imported:
    folder = repo.dossier_dir(dossier_id)
    if not (folder / "dossier.yaml").is_file():
        raise UserError(f"没有编号为“{dossier_id}”的申报材料（{folder.relative_to(repo.root)}/dossier.yaml 不存在）")
    target = folder / "monitoring.csv"
    shown_target = target.relative_to(repo.root).as_posix()
    previous = None
    if target.is_file():
        if not force:
            raise UserError(f"{shown_target}: 已存在，不会覆盖；确认要用工作簿的内容替换时加 --force")
        try:
            previous = monitoring.read(target, shown_target)
        except UserError:
            previous = []          # unreadable now: replaced whole, and said so by its count of rows
    if not source.is_file():
        raise UserError(f"{source}: 文件不存在")
    title, rows = _rows(source)
    shown = f"{source.name}（工作表“{title}”）"
    filled = [(n, r) for n, r in rows if any(c is not None and str(c).strip() for c in r)]
    if not filled:
        raise UserError(f"{source}: 工作表“{title}”是空的")
    # the header is the first row naming the date and the well; rows above it are the worksheet's own titles
    header_row, header = next(((n, r) for n, r in filled
                               if {"date", "well"} <= {NAMES.get(_header_key(str(c))) for c in r if c is not None}), filled[0])
    columns: list[str | None] = []
    for cell in header:
        name = _header_key(str(cell)) if cell is not None else ""
        if name and name not in NAMES:
            raise UserError(f"{shown}第 {header_row} 行: 列名“{cell}”不是动态监测数据的列；可用的列："
                            + "、".join(f"{monitoring.LABELS[c]}（{c}）" for c in monitoring.COLUMNS))
        columns.append(NAMES.get(name))
    missing = [c for c in ("date", "well") if c not in columns]
    if missing:
        raise UserError(f"{shown}第 {header_row} 行: 缺少列 " + "、".join(f"{monitoring.LABELS[c]}（{c}）" for c in missing))
    twice = sorted({c for c in columns if c and columns.count(c) > 1})
    if twice:
        raise UserError(f"{shown}第 {header_row} 行: 列 " + "、".join(monitoring.LABELS[c] for c in twice) + " 出现了两次")
    numbered = []
    for number, cells in (item for item in filled if item[0] > header_row):
        where = f"{shown}第 {number} 行"
        by_column = {c: v for c, v in zip(columns, cells, strict=False) if c is not None}
        numbered.append((number, [_cell_text(by_column.get(c), c, where) for c in monitoring.COLUMNS]))
    parsed = monitoring.parse_rows(numbered, lambda number: f"{shown}第 {number} 行")
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(monitoring.COLUMNS)
    writer.writerows(cells for _, cells in numbered)
    return Imported(target, out.getvalue(), len(parsed), previous)


def write(imported: Imported) -> None:
    write_text_atomic(imported.target, imported.text)
