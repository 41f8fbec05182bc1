"""Issue 21 item 5: monitoring data from an Excel worksheet (written here with openpyxl, as Excel or WPS save it)."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from click.testing import CliRunner

from conftest import data_copy, git
from wenquan.cli.main import cli
from wenquan.dossier import monitoring


def run(root: Path, *args: str) -> Any:
    return CliRunner().invoke(cli, ["-C", str(root), *args])


@pytest.fixture
def shipped(tmp_path: Path) -> Path:
    return data_copy(tmp_path / "repo", committed=True)


def workbook(path: Path, rows: list[list[Any]], title: str = "动态监测") -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = title
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def csv_rows(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))


def test_the_shipped_monitoring_data_reads_back_from_a_worksheet(shipped: Path, tmp_path: Path) -> None:
    """monitoring.csv → a worksheet with Chinese headers, real dates and numbers → monitoring.csv, the same rows."""
    target = shipped / "dossiers" / "hebei-xiongxian" / "monitoring.csv"
    original = monitoring.read(target, "monitoring.csv")
    header = ["日期", "井号", "开采量（立方米）", "回灌量（立方米）", "水位（米）", "温度（℃）"]
    rows = [[r.date, r.well, r.extraction_m3, r.reinjection_m3, r.water_level_m, r.temperature_c] for r in original]
    source = workbook(tmp_path / "监测.xlsx", [["雄县地热动态监测数据"], [], header, *rows])
    refused = run(shipped, "import", str(source), "--id", "hebei-xiongxian", "--monitoring")
    assert refused.exit_code == 1 and "已存在" in refused.output and "--force" in refused.output
    result = run(shipped, "import", str(source), "--id", "hebei-xiongxian", "--monitoring", "--force")
    assert result.exit_code == 0, result.output
    assert f"{len(original)} 行动态监测数据（原有 {len(original)} 行）" in result.output
    assert monitoring.read(target, "monitoring.csv") == original
    assert run(shipped, "validate").exit_code == 0


def test_english_headers_any_order_text_figures_and_missing_columns(shipped: Path, tmp_path: Path) -> None:
    (shipped / "dossiers" / "henan-kaifeng" / "monitoring.csv").unlink(missing_ok=True)
    source = workbook(tmp_path / "m.xlsx", [
        ["well", "date", "temperature_c", "extraction_m3"],
        ["KF-1", "2024年1月31日", "５６.５", "12,500"],
        [1, dt.datetime(2024, 2, 29), 56.1, "12500立方米"],
        [None, None, None, None],
        ["KF-1", "2024-03-31", None, 0],
    ])
    result = run(shipped, "import", str(source), "--id", "henan-kaifeng", "--monitoring")
    assert result.exit_code == 0, result.output
    rows = csv_rows(shipped / "dossiers" / "henan-kaifeng" / "monitoring.csv")
    assert rows == [list(monitoring.COLUMNS),
                    ["2024-01-31", "KF-1", "12500", "", "", "56.5"],
                    ["2024-02-29", "1", "12500", "", "", "56.1"],
                    ["2024-03-31", "KF-1", "0", "", "", ""]]


@pytest.mark.parametrize("rows, message", [
    ([["日期", "井号", "流量"], ["2024-01-31", "A", 1]], "第 1 行: 列名“流量”不是动态监测数据的列"),
    ([["日期", "开采量"], ["2024-01-31", 1]], "缺少列 井号（well）"),
    ([["日期", "井号", "开采量"], ["2024-01-31", "A", 1], ["2024年1月", "A", 1]], "第 3 行: 字段 date（日期）“2024年1月”不是日期"),
    ([["日期", "井号", "开采量"], ["2024-01-31", "A", -5]], "第 2 行: 字段 extraction_m3（开采量）不能为负数"),
    ([["日期", "井号", "开采量"], ["2024-01-31", "A", "12500吨"]], "第 2 行: 字段 extraction_m3（开采量）“12500吨”的单位“吨”"),
    ([["日期", "井号", "开采量"], ["2024-01-31", None, 3]], "第 2 行: 字段 well（井号）不能为空"),
    ([["日期", "井号", "开采量"], ["2024-01-31", "A", "=B1*2"]], "没有计算结果的公式"),
])
def test_bad_rows_are_named_by_worksheet_row_and_nothing_is_written(shipped: Path, tmp_path: Path, rows: list[list[Any]],
                                                                   message: str) -> None:
    target = shipped / "dossiers" / "henan-kaifeng" / "monitoring.csv"
    before = target.read_bytes() if target.exists() else None
    source = workbook(tmp_path / "m.xlsx", rows)
    result = run(shipped, "import", str(source), "--id", "henan-kaifeng", "--monitoring", "--force")
    assert result.exit_code == 1
    assert "m.xlsx（工作表“动态监测”）" in result.output and message in result.output, result.output
    assert (target.read_bytes() if target.exists() else None) == before
    assert git(shipped, "status", "--porcelain") == ""


def test_usage_mistakes(shipped: Path, tmp_path: Path) -> None:
    source = workbook(tmp_path / "m.xlsx", [["日期", "井号"], ["2024-01-31", "A"]])
    assert run(shipped, "import", str(source), "--id", "henan-kaifeng").exit_code == 2          # .xlsx needs --monitoring
    assert run(shipped, "import", str(source), "--id", "no-such-place", "--monitoring").exit_code == 1
    not_a_book = tmp_path / "坏.xlsx"
    not_a_book.write_text("不是工作簿", encoding="utf-8")
    result = run(shipped, "import", str(not_a_book), "--id", "henan-kaifeng", "--monitoring", "--force")
    assert result.exit_code == 1 and "不是 Excel 工作簿" in result.output
