"""Checks on a dossier beyond its schema, each with a stable code (D2xx).

They read the data defensively: a value of the wrong type was already reported by the schema, so here it
is simply skipped.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Any

from wenquan.dossier import china
from wenquan.dossier.diagnostics import WARNING, Diagnostic
from wenquan.dossier.loader import Document

SLUG = re.compile(r"^[a-z0-9-]{3,64}$")

Check = Callable[[Document, "Context"], Iterator[Diagnostic]]


class Context:
    """What a check may know besides the data: the dossier folder, its id, today."""

    def __init__(self, folder: Path, dossier_id: str, today: dt.date) -> None:
        self.folder = folder
        self.dossier_id = dossier_id
        self.today = today


def number(data: Any, *keys: Any) -> float | None:
    node = get(data, *keys)
    if isinstance(node, bool) or not isinstance(node, (int, float)):
        return None
    return float(node)


def get(data: Any, *keys: Any) -> Any:
    node = data
    for key in keys:
        if isinstance(key, int):
            if not isinstance(node, list) or key >= len(node):
                return None
        elif not isinstance(node, dict):
            return None
        node = node[key] if isinstance(key, int) else node.get(key)
    return node


def _items(data: Any, key: str) -> list[tuple[int, dict[str, Any]]]:
    rows = get(data, key)
    return [(i, row) for i, row in enumerate(rows) if isinstance(row, dict)] if isinstance(rows, list) else []


def check_slug(doc: Document, ctx: Context) -> Iterator[Diagnostic]:
    if not SLUG.match(ctx.dossier_id):
        yield doc.diag((), "D213", f"文件夹名“{ctx.dossier_id}”不能作为申报编号：只能用 3–64 个小写英文字母、数字和连字符，"
                                   f"例如 hebei-xiongxian（编号会成为网址和路径）")


def check_counts(doc: Document, ctx: Context) -> Iterator[Diagnostic]:
    data = doc.data
    for group, title in (("wells", "地热井"), ("springs", "温泉")):
        total, used = number(data, group, "total"), number(data, group, "used")
        if total is not None and used is not None and used > total:
            yield doc.diag((group, "used"), "D201", f"已利用{title}数（{used:.10g}）不能多于{title}总数（{total:.10g}）")
    total, reinj = number(data, "wells", "total"), number(data, "wells", "reinjection")
    if total is not None and reinj is not None and reinj > total:
        yield doc.diag(("wells", "reinjection"), "D202", f"回灌井数（{reinj:.10g}）不能多于地热井总数（{total:.10g}）")


_RANGES = (
    (("location", "longitude"), "东经范围"),
    (("location", "latitude"), "北纬范围"),
    (("reservoir", "depth_m"), "开采与回灌深度"),
)


def check_ranges(doc: Document, ctx: Context) -> Iterator[Diagnostic]:
    for path, title in _RANGES:
        pair = get(doc.data, *path)
        if isinstance(pair, list) and len(pair) == 2 and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in pair):
            if pair[0] > pair[1]:
                yield doc.diag(path, "D203", f"{title}应写成 [最小值, 最大值]，而 {pair[0]} 大于 {pair[1]}")


def check_coordinates(doc: Document, ctx: Context) -> Iterator[Diagnostic]:
    for axis, (low, high), title in (("longitude", china.LONGITUDE, "经度"), ("latitude", china.LATITUDE, "纬度")):
        pair = get(doc.data, "location", axis)
        if not isinstance(pair, list):
            continue
        for i, value in enumerate(pair):
            if isinstance(value, (int, float)) and not isinstance(value, bool) and not low <= value <= high:
                yield doc.diag(("location", axis, i), "D204", f"{title} {value} 不在中国境内（{title}应在 {low:.10g}–{high:.10g} 度之间）")


def check_province(doc: Document, ctx: Context) -> Iterator[Diagnostic]:
    name = get(doc.data, "applicant", "province")
    if isinstance(name, str) and name not in china.PROVINCES:
        hint = china.suggest_province(name)
        message = f"“{name}”不是省级行政区全称" + (f"，是不是“{hint}”？" if hint else "；请写全称，例如“河北省”“内蒙古自治区”")
        yield doc.diag(("applicant", "province"), "D205", message)


def _year_paths(data: Any) -> Iterator[tuple[tuple[Any, ...], Any]]:
    for key in ("reinjection_history", "exploration_history", "development_history"):
        for i, row in _items(data, key):
            yield (key, i, "year"), row.get("year")


def _date_paths(data: Any) -> Iterator[tuple[tuple[Any, ...], Any]]:
    yield ("resources", "filing", "date"), get(data, "resources", "filing", "date")
    yield ("monitoring", "since"), get(data, "monitoring", "since")
    for i, row in _items(data, "permits"):
        yield ("permits", i, "valid_from"), row.get("valid_from")


def _parse_date(value: Any) -> dt.date | None:
    if not isinstance(value, str):
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


def check_future(doc: Document, ctx: Context) -> Iterator[Diagnostic]:
    for path, year in _year_paths(doc.data):
        if isinstance(year, int) and not isinstance(year, bool) and year > ctx.today.year:
            yield doc.diag(path, "D206", f"年份 {year} 在未来（今天是 {ctx.today.isoformat()}）")
    for path, value in _date_paths(doc.data):
        date = _parse_date(value)
        if date and date > ctx.today:
            yield doc.diag(path, "D206", f"日期 {value} 在未来（今天是 {ctx.today.isoformat()}）")


def check_permits(doc: Document, ctx: Context) -> Iterator[Diagnostic]:
    for i, permit in _items(doc.data, "permits"):
        start, end = _parse_date(permit.get("valid_from")), _parse_date(permit.get("valid_to"))
        if start and end and end <= start:
            yield doc.diag(("permits", i, "valid_to"), "D207", f"有效期止（{end}）必须晚于有效期起（{start}）")


def check_history_years(doc: Document, ctx: Context) -> Iterator[Diagnostic]:
    seen: dict[int, int] = {}
    for i, row in _items(doc.data, "reinjection_history"):
        year = row.get("year")
        if not isinstance(year, int) or isinstance(year, bool):
            continue
        if year in seen:
            line = doc.where(("reinjection_history", seen[year]))[0]
            yield doc.diag(("reinjection_history", i, "year"), "D208", f"{year} 年重复出现（第 {line} 行已有）；每年只写一行")
        else:
            seen[year] = i


def check_extraction(doc: Document, ctx: Context) -> Iterator[Diagnostic]:
    exploitable = number(doc.data, "resources", "exploitable_m3_per_day")
    extracted = number(doc.data, "resources", "extracted_m3_per_day")
    if exploitable is not None and extracted is not None and extracted > exploitable:
        yield doc.diag(("resources", "extracted_m3_per_day"), "D209",
                       f"已采热流体量（{extracted:.10g} 立方米/天）大于可采热流体量（{exploitable:.10g} 立方米/天），"
                       f"不符合“开采总量不大于可采地热流体量”（管理办法 一、7）", severity=WARNING)


def _material_paths(data: Any) -> Iterator[tuple[tuple[Any, ...], str]]:
    materials = get(data, "materials")
    if not isinstance(materials, dict):
        return
    for key, value in materials.items():
        if isinstance(value, str):
            yield ("materials", key), value
        elif isinstance(value, list):
            for i, item in enumerate(value):
                if isinstance(item, str):
                    yield ("materials", key, i), item


def check_materials(doc: Document, ctx: Context) -> Iterator[Diagnostic]:
    root = os.path.realpath(ctx.folder)
    for path, value in _material_paths(doc.data):
        if PurePosixPath(value).is_absolute() or PureWindowsPath(value).is_absolute() or PureWindowsPath(value).drive:
            yield doc.diag(path, "D210", f"“{value}”是绝对路径；材料路径须相对于本申报文件夹，例如 materials/申报函.pdf")
            continue
        if ".." in PurePosixPath(value.replace("\\", "/")).parts:
            yield doc.diag(path, "D210", f"“{value}”含有“..”，指向了申报文件夹之外；材料须放在本文件夹内")
            continue
        target = os.path.join(root, value)
        resolved = os.path.realpath(target)
        if resolved != root and not resolved.startswith(root + os.sep):
            yield doc.diag(path, "D212", f"“{value}”是指向申报文件夹之外的链接；材料须是本文件夹内的真实文件")
        elif not os.path.isfile(resolved):
            yield doc.diag(path, "D211", f"材料文件“{value}”不存在（路径相对于申报文件夹 {ctx.folder.resolve().name}/）")


CHECKS: tuple[Check, ...] = (
    check_slug, check_counts, check_ranges, check_coordinates, check_province, check_future, check_permits,
    check_history_years, check_extraction, check_materials,
)


def run_checks(doc: Document, ctx: Context) -> list[Diagnostic]:
    return [d for check in CHECKS for d in check(doc, ctx)]
