"""The small pieces under the sites: monitoring.csv reading, Chinese dates and quantities, literal text."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import markdown
import pytest

from wenquan.documents import chinese, textsafe
from wenquan.dossier import monitoring
from wenquan.errors import UserError

HEADER = "date,well,extraction_m3,reinjection_m3,water_level_m,temperature_c\n"


@pytest.mark.parametrize(("body", "says"), [
    ("2025-01-28,W1,100,90,-60.1,70\n2025-02-30,W1,1,1,1,1\n", "monitoring.csv:3: 字段 date（日期）应写作 YYYY-MM-DD"),
    ("2025-01-28,W1,一百,90,-60.1,70\n", "monitoring.csv:2: 字段 extraction_m3（开采量）应为数字"),
    ("2025-01-28,W1,-5,90,-60.1,70\n", "monitoring.csv:2: 字段 extraction_m3（开采量）不能为负数"),
    ("2025-01-28,W1,100,90\n", "monitoring.csv:2: 应有 6 列，实际 4 列"),
    ("2025-01-28,,100,90,1,1\n", "monitoring.csv:2: 字段 well（井号）不能为空"),
    ("2025-01-28,W1,nan,90,1,1\n", "应为有限的数字"),
])
def test_bad_monitoring_rows_name_the_line_and_field(tmp_path: Path, body: str, says: str) -> None:
    path = tmp_path / "monitoring.csv"
    path.write_text(HEADER + body, encoding="utf-8")
    with pytest.raises(UserError, match=says.replace("(", r"\(").replace(")", r"\)")):
        monitoring.read(path, "monitoring.csv")


def test_monitoring_header_is_checked(tmp_path: Path) -> None:
    path = tmp_path / "monitoring.csv"
    path.write_text("date,well\n", encoding="utf-8")
    with pytest.raises(UserError, match="monitoring.csv:1: 表头应为"):
        monitoring.read(path, "monitoring.csv")


def test_yearly_sums_and_means(tmp_path: Path) -> None:
    path = tmp_path / "monitoring.csv"
    path.write_text(HEADER + "2024-01-28,A,100,90,-60,70\n2024-02-28,B,50,,-62,72\n2025-01-28,A,10,9,,\n", encoding="utf-8")
    yearly = monitoring.yearly(monitoring.read(path, "m"))
    assert yearly[2024] == {"extraction_m3": 150.0, "reinjection_m3": 90.0, "water_level_m": -61.0, "temperature_c": 71.0}
    assert yearly[2025]["water_level_m"] is None


@pytest.mark.parametrize(("day", "text"), [(dt.date(2026, 11, 21), "二〇二六年十一月二十一日"), (dt.date(2010, 1, 10), "二〇一〇年一月十日"),
                                           (dt.date(2000, 12, 31), "二〇〇〇年十二月三十一日")])
def test_chinese_dates(day: dt.date, text: str) -> None:
    assert chinese.date(day) == text


@pytest.mark.parametrize(("value", "text"), [(36000, "3.6万立方米"), (9999, "9999立方米"), (6500000, "650万立方米"),
                                             (123456789, "1.23亿立方米"), (72.5, "72.5立方米")])
def test_chinese_quantities(value: float, text: str) -> None:
    assert chinese.quantity(value, "立方米") == text


@pytest.mark.parametrize("text", ["<b>x</b>", "**a** _b_ `c`", "[l](javascript:x)", "# h", "1. one", "a | b", "&amp; &lt;", "\\*"])
def test_inline_text_renders_literally(text: str) -> None:
    html = markdown.markdown(f"| a |\n|---|\n| {textsafe.inline(text)} |", extensions=["tables"])
    cell = html.split("<td>")[1].split("</td>")[0]
    assert cell.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&") == text


def test_the_search_index_a_build_writes_is_materials_byte_for_byte(tmp_path: Path) -> None:
    """Issue 20 goal 5: a single build writes Material's search index entry by entry; the file is the one
    Material writes (its own write is skipped for that build only, and resumed after)."""
    import json
    import os

    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    from conftest import shipped_copy
    from wenquan.site import search_index

    root = shipped_copy(tmp_path / "repo")
    config = load_config(str(root / "mkdocs.yml"), site_dir=str(tmp_path / "site"))
    config.plugins.on_startup(command="build", dirty=False)
    build(config)
    config.plugins.on_shutdown()
    search = search_index.search_plugin(config.plugins)
    assert search is not None                                   # enabled again
    path = tmp_path / "site" / "search" / "search_index.json"
    written = path.read_bytes()
    assert written == search.search_index.generate_search_index(None).encode("utf-8")
    docs = json.loads(written)["docs"]
    assert len(docs) > 20 and any("雄县" in (d.get("title", "") + d["text"]).replace("\u200b", "") for d in docs)
    umask = os.umask(0)
    os.umask(umask)
    assert path.stat().st_mode & 0o777 == 0o666 & ~umask


def _index(locations: list[str]) -> Any:
    from material.plugins.search.plugin import SearchIndex

    index = SearchIndex(lang=["zh"], separator="[\\s]+", pipeline=["stemmer"], fields={"title": {"boost": 1000.0}})
    index.entries = [{"location": loc, "title": f"标题 {loc}", "text": f"正文 {i}"} for i, loc in enumerate(locations)]
    return index


def test_a_first_builds_index_is_materials_byte_for_byte(tmp_path: Path) -> None:
    from wenquan.site import search_index

    theirs, ours = _index(["", "a/", "a/#x", "b/"]), _index(["", "a/", "a/#x", "b/"])
    assert search_index.write(ours, tmp_path).read_bytes() == theirs.generate_search_index(None).encode("utf-8")


@pytest.mark.parametrize(("before", "now", "rebuilt", "kept"), [
    (["", "a/", "a/#x", "b/", "ab/"], ["", "a/", "a/#y"], {"", "a/"}, ["b/", "ab/"]),  # the home page and a/ rebuilt
    (["a/", "b/"], [], {"c/"}, ["a/", "b/"]),                                           # a rebuilt page with nothing to index
    (["a/", "b/"], ["c/"], {"c/"}, ["a/", "b/"]),                                       # a new page
    (["a/", "a/#x", "b/"], [], {"a/"}, ["b/"]),                                         # a page that no longer has sections
])
def test_a_dirty_rebuilds_index_replaces_the_rebuilt_pages_entries(tmp_path: Path, before: list[str], now: list[str],
                                                                  rebuilt: set[str], kept: list[str]) -> None:
    """mkdocs serve --dirty: the previous build's entries, but the rebuilt pages', then this build's; the merged
    entries are what the next rebuild merges with. (Material's own merge would keep nothing of the first case's.)"""
    import json

    from wenquan.site import search_index

    index, previous = _index(now), _index(before)
    path = search_index.write(index, tmp_path, previous, rebuilt)
    expected = [e for e in previous.entries if e["location"] in kept] + _index(now).entries
    assert index.entries == expected and json.loads(path.read_bytes())["docs"] == expected
