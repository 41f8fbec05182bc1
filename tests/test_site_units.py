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


def test_the_search_index_a_build_writes_is_materials_byte_for_byte(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue 20 goal 5: a single build moves each page's search entries out of memory once the page is rendered
    and writes the index from them: the file is the one Material writes for the same entries (its own write is
    skipped for that build only, and resumed after), and no entry is left in memory or in a spool file."""
    import json
    import os
    import tempfile

    from material.plugins.search.plugin import SearchIndex
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    from conftest import shipped_copy
    from wenquan.site import search_index

    made: list[dict[str, Any]] = []
    create = SearchIndex.create_entry_for_section

    def recorded(self: Any, *args: Any) -> None:
        create(self, *args)
        made.append(self.entries[-1])
    monkeypatch.setattr(SearchIndex, "create_entry_for_section", recorded)
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    root = shipped_copy(tmp_path / "repo")
    config = load_config(str(root / "mkdocs.yml"), site_dir=str(tmp_path / "site"))
    config.plugins.on_startup(command="build", dirty=False)
    build(config)
    config.plugins.on_shutdown()
    search = search_index.search_plugin(config.plugins)
    assert search is not None                                   # enabled again
    assert search.search_index.entries == [] and list((tmp_path / "tmp").glob("wenquan-search-*")) == []
    path = tmp_path / "site" / "search" / "search_index.json"
    written = path.read_bytes()
    theirs = SearchIndex(**search.config)
    theirs.entries = made
    assert written == theirs.generate_search_index(None).encode("utf-8")
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


def _spooled(index: Any) -> Any:
    """The index's entries in a spool, each taken with its page, as the plugin takes them page by page."""
    from wenquan.site import search_index

    spool, entries = search_index.Spool(), list(index.entries)
    for entry in entries:
        index.entries = [entry]
        spool.take(index, entry["location"].split("#", 1)[0])
    return spool


def test_a_first_builds_index_is_materials_byte_for_byte(tmp_path: Path) -> None:
    from wenquan.site import search_index

    theirs, ours = _index(["", "a/", "a/#x", "b/"]), _index(["", "a/", "a/#x", "b/"])
    spool = _spooled(ours)
    assert search_index.write(ours, tmp_path, spool) is None and not spool.path.exists()
    assert (tmp_path / "search" / "search_index.json").read_bytes() == theirs.generate_search_index(None).encode("utf-8")


@pytest.mark.parametrize(("before", "now", "rebuilt", "kept"), [
    (["", "a/", "a/#x", "b/", "ab/"], ["", "a/", "a/#y"], {"", "a/"}, ["b/", "ab/"]),  # the home page and a/ rebuilt
    (["a/", "b/"], [], {"c/"}, ["a/", "b/"]),                                           # a rebuilt page with nothing to index
    (["a/", "b/"], ["c/"], {"c/"}, ["a/", "b/"]),                                       # a new page
    (["a/", "a/#x", "b/"], [], {"a/"}, ["b/"]),                                         # a page that no longer has sections
])
def test_a_dirty_rebuilds_index_replaces_the_rebuilt_pages_entries(tmp_path: Path, before: list[str], now: list[str],
                                                                  rebuilt: set[str], kept: list[str]) -> None:
    """mkdocs serve --dirty: the previous build's entries, but the rebuilt pages', then this build's; the merged
    entries are kept, on disk, for the next rebuild to merge with. (Material's own merge would keep nothing of the
    first case's.)"""
    import json

    from wenquan.site import search_index

    index, previous = _index(now), _index(before)
    expected = [e for e in previous.entries if e["location"] in kept] + _index(now).entries
    merged = search_index.write(index, tmp_path, _spooled(index), _spooled(previous), rebuilt, keep=True)
    assert json.loads((tmp_path / "search" / "search_index.json").read_bytes())["docs"] == expected
    assert merged is not None and [json.loads(line.split("\t")[1]) for line in merged.lines()] == expected
    again = search_index.write(_index([]), tmp_path, search_index.Spool(), merged, set(), keep=True)  # a rebuild of nothing
    assert again is not None and json.loads((tmp_path / "search" / "search_index.json").read_bytes())["docs"] == expected
    merged.remove()
    again.remove()


def test_staging_takes_each_text_out_of_the_output_and_a_generated_file_wins(tmp_path: Path) -> None:
    """The staged folder: the hand-written files, and the generated ones over a hand-written file of the same name;
    each generated text leaves the output as it is staged (not held twice at 1000 dossiers), the nav stays."""
    from wenquan.site import staging
    from wenquan.site.pages import Output

    src = tmp_path / "docs"
    src.mkdir()
    for name, text in (("a.md", "手写 a"), ("b.md", "手写 b"), ("banfa.md", "办法"), ("x.css", "p{}")):
        (src / name).write_text(text, encoding="utf-8")
    for audience, hand in (("public", ["b.md", "banfa.md", "x.css"]), ("review", ["banfa.md", "x.css"])):
        output = Output(pages={"a.md": "生成的 a"}, files={"f.json": "{}"}, nav=["首页"])
        staged = staging.materialise(tmp_path / "root", audience, output, src)
        found = {p.relative_to(staged.docs).as_posix(): p.read_text(encoding="utf-8") for p in staged.docs.rglob("*") if p.is_file()}
        assert found == {"a.md": "生成的 a", "f.json": "{}", **{h: (src / h).read_text(encoding="utf-8") for h in hand}}
        assert output.pages == {} and output.files == {} and output.nav == ["首页"]
