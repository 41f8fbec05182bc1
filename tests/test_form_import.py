"""Issue 21: the 申报表 as a Word form that fills a dossier — blank form, import, round trip, Word's ways.

Every file here is a real Word file written by pandoc (`wenquan export`) and edited with python-docx as a clerk
edits it in Word, WPS or LibreOffice; every import runs the real command on a real repository copy.
"""

from __future__ import annotations

import copy
import json
import re
import shutil
import subprocess
import unicodedata
from pathlib import Path
from typing import Any

import docx
import pytest
import yaml
from click.testing import CliRunner
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from conftest import ROOT, TODAY, data_copy, git
from wenquan.cli.main import cli
from wenquan.documents import appform, form_import
from wenquan.documents.export import export
from wenquan.dossier import china, scaffold
from wenquan.dossier.labels import Labels
from wenquan.dossier.loader import load_bytes
from wenquan.repo import Repository

EXAMPLES = ("hebei-xiongxian", "henan-kaifeng", "jiangxi-wentang", "shaanxi-xian")
LABELS = Labels(ROOT)


def run(root: Path, *args: str) -> Any:
    return CliRunner().invoke(cli, ["-C", str(root), *args])


def data_of(path: Path) -> dict[str, Any]:
    doc, diagnostics = load_bytes(path.read_bytes(), str(path))
    assert doc is not None and not [d for d in diagnostics if d.is_error], diagnostics
    data: dict[str, Any] = doc.data
    return data


def _get(data: Any, path: tuple[Any, ...]) -> Any:
    for part in path:
        data = data.get(part) if isinstance(data, dict) else None
    return data


def _canon(value: Any) -> Any:
    """A value as a form cell shows it: one line of text with single spaces (numbers compare as numbers)."""
    if isinstance(value, str):
        return " ".join(value.split())
    if isinstance(value, list):
        return [_canon(v) for v in value]
    return value


def _canon_text(value: Any) -> Any:
    """A text box as the form shows it: paragraphs (blank lines) of lines (single breaks), spaces collapsed."""
    if not value or not str(value).strip():
        return None
    paragraphs = [p for p in re.split(r"\n\s*\n", str(value).strip()) if p.strip()]
    return "\n\n".join("\n".join(" ".join(line.split()) for line in p.splitlines() if line.strip()) for p in paragraphs)


def shown(data: dict[str, Any]) -> dict[str, Any]:
    """Everything the 申报表 shows of a dossier, as it shows it."""
    out: dict[str, Any] = {}
    for f in appform.fields(LABELS):
        if f.path[-1] == "total" and f.path[0] in appform.TOTALS:
            continue
        value = _canon(_get(data, f.path))
        if f.path == ("fluid", "water_type") and value is not None:
            value = unicodedata.normalize("NFKC", value)
        out[".".join(f.path)] = value
    for table in appform.TABLES:
        items = data.get(table) or []
        columns = [k for k, _ in appform.table_columns(LABELS, table, items)]
        out[table] = [{k: _canon(item.get(k)) for k in columns} for item in items]
    for key in appform.NARRATIVE:
        out[f"narrative.{key}"] = _canon_text((data.get("narrative") or {}).get(key))
    return out


# ---- editing a Word file as a clerk does --------------------------------------------------------------------

def _key(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def value_cell(document: Any, label: str) -> Any:
    """The cell right of the label cell that starts with `label` (its unit and hint may follow)."""
    for table in document.tables:
        for row in table.rows:
            cells = []
            for cell in row.cells:
                if not cells or cell._tc is not cells[-1]._tc:
                    cells.append(cell)
            name = _key(label.split("（")[0]).split("·")[-1]            # a group's labels are its own words
            for i, cell in enumerate(cells[:-1]):
                text = _key(cell.text).split("·")[-1]
                if text == name or text.startswith(name + "("):
                    return cells[i + 1]
    raise AssertionError(f"no cell labelled {label}")


def record_table(document: Any, first_header: str) -> Any:
    for table in document.tables:
        if _key(table.rows[0].cells[0].text).startswith(_key(first_header)):
            return table
    raise AssertionError(f"no table headed {first_header}")


def set_text(cell: Any, *paragraphs: str) -> None:
    """A cell's text, typed over what was there; more than one argument is a paragraph break (Enter) in the cell."""
    cell.text = paragraphs[0]
    for more in paragraphs[1:]:
        cell.add_paragraph(more)


def label_of(path: tuple[str, ...]) -> str:
    f = appform.field(LABELS, path)
    return f.qualified()


def fill_from(document: Any, data: dict[str, Any]) -> None:
    """A clerk copying a dossier into the blank form, cell by cell, rows added to the record tables."""
    for f in appform.fields(LABELS):
        if f.path[-1] == "total" and f.path[0] in appform.TOTALS:
            continue
        value = _get(data, f.path)
        set_text(value_cell(document, f.qualified(blank=False)), "" if value is None else appform.cell_text(f.path, value))
    for table_key, first in (("permits", "矿业权类别"), ("reinjection_history", "年份")):
        table = record_table(document, first)
        headers = [_key(c.text) for c in table.rows[0].cells]
        columns = appform.table_columns(LABELS, table_key, [])
        items = data.get(table_key) or []
        while len(table.rows) - 1 < len(items):
            table.add_row()
        for row, item in zip(table.rows[1:], items, strict=False):
            for k, header in columns:
                index = headers.index(_key(header))
                set_text(row.cells[index], "" if item.get(k) is None else appform.cell_text((table_key, 0, k), item[k]))
    for key in appform.NARRATIVE:
        text = (data.get("narrative") or {}).get(key)
        if text:
            set_box(document, LABELS.label(("narrative", key)), *[p for p in re.split(r"\n\s*\n", text.strip())])


def set_box(document: Any, title: str, *paragraphs: str) -> None:
    """Type `paragraphs` into a text box of the form (Enter between them), over what was there."""
    box = next(t for t in document.tables if _key(t.rows[0].cells[0].text).endswith(_key(title)))
    set_text(box.rows[1].cells[0], *[p.replace("\n", " ") for p in paragraphs])


# ---- the repository ------------------------------------------------------------------------------------------

@pytest.fixture
def shipped(tmp_path: Path) -> Path:
    """This repository's data with the examples' dossiers, in git."""
    return data_copy(tmp_path / "repo", ("schemas", "registry", "dossiers", "site", "templates"), committed=True)


def export_form(root: Path, dossier_id: str, out: Path) -> Path:
    return export(root, dossier_id, "application", "docx", out, TODAY)


def blank_form(root: Path, out: Path) -> Path:
    result = run(root, "export", "application", "--blank", "--format", "docx", "-o", str(out))
    assert result.exit_code == 0, result.output
    return out


def tree(root: Path) -> str:
    """What git sees of the working tree: a refused import changes nothing in it."""
    return git(root, "status", "--porcelain", "--untracked-files=all")


# ---- 1. the blank form ---------------------------------------------------------------------------------------

def test_blank_form_has_every_field_with_its_unit_and_how_to_write_it(shipped: Path, tmp_path: Path) -> None:
    path = blank_form(shipped, tmp_path / "空白.docx")
    document = docx.Document(str(path))
    cells = [c.text for t in document.tables for r in t.rows for c in r.cells]
    for f in appform.fields(LABELS):
        assert f.label(blank=True) in cells, f.path
        if f.path[-1] != "total":
            assert value_cell(document, f.qualified()).text == ""     # nothing filled in
    for group in appform.GROUP.values():                              # 附件1's group headings, across the table
        row = next(r for t in document.tables for r in t.rows if r.cells[0].text == group)
        assert len({c._tc for c in row.cells}) == 1
    assert "初始监测时间（年-月-日，如 2012-10-01）" in " ".join(cells)
    assert "开采与回灌深度（米；最小–最大，如 800–1600）" in cells
    assert "已制订地热资源管理办法（填“是”或“否”）" in cells
    assert "可采热流体量（立方米/天）" in cells
    assert "申报名称（填“中国温泉之乡”“中国温泉之城”或“中国温泉之都”）" in cells
    text = "\n".join([p.text for p in document.paragraphs] + cells)
    assert "填表说明" in text and "十五、“主要开发利用单位简介”" in text and "填写格式" in text
    for title in (LABELS.label(("narrative", k)) for k in appform.NARRATIVE):
        assert title in text
    headers = [c.text for t in document.tables for c in t.rows[0].cells]
    assert "许可证号" in headers and "年开采量（立方米）" in headers
    assert "所在区域" not in headers                # a province's own column only where a row fills it


def test_blank_form_needs_no_dossier_and_refuses_other_documents(shipped: Path, tmp_path: Path) -> None:
    assert run(shipped, "export", "notice", "--blank", "-o", str(tmp_path / "x.md")).exit_code == 2
    assert run(shipped, "export", "hebei-xiongxian", "application", "--blank").exit_code == 2
    result = run(shipped, "export", "application", "--blank", "-o", "-")
    assert result.exit_code == 0 and "| 可采热流体量（立方米/天） |  |" in result.output


def test_a_blank_form_imports_to_a_clear_refusal_and_writes_nothing(shipped: Path, tmp_path: Path) -> None:
    path = blank_form(shipped, tmp_path / "空白.docx")
    result = run(shipped, "import", str(path), "--id", "new-place")
    assert result.exit_code == 1
    assert "申报名称：没有填写" in result.output and "地点不能为空" in result.output
    assert not (shipped / "dossiers" / "new-place").exists() and tree(shipped) == ""


# ---- 2./3. import and the round trip -------------------------------------------------------------------------

@pytest.mark.parametrize("dossier_id", EXAMPLES)
def test_round_trip_of_every_example(shipped: Path, tmp_path: Path, dossier_id: str) -> None:
    original = data_of(shipped / "dossiers" / dossier_id / "dossier.yaml")
    path = export_form(shipped, dossier_id, tmp_path / "form.docx")
    result = run(shipped, "import", str(path), "--id", "copy-of-it")
    written = shipped / "dossiers" / "copy-of-it" / "dossier.yaml"
    assert written.is_file(), result.output
    assert shown(data_of(written)) == shown(original)
    text = written.read_text(encoding="utf-8")
    assert text.startswith(scaffold.MODELINE + "\n") and "# 每个键的含义" in text and "# 可采热流体量（立方米/天）" in text
    # over the dossier itself: nothing changes in meaning, and what the form does not show is kept
    again = run(shipped, "import", str(path), "--id", dossier_id, "--force")
    assert again.exit_code == 0, again.output
    assert "内容没有变化" in again.output
    assert _known(data_of(shipped / "dossiers" / dossier_id / "dossier.yaml")) == _known(original)
    assert run(shipped, "validate", str(shipped / "dossiers" / dossier_id / "dossier.yaml")).exit_code == 0


def _known(value: Any) -> Any:
    """A dossier without the keys that only say "unknown" (null), which a rewritten dossier lists."""
    if isinstance(value, dict):
        return {k: _known(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_known(v) for v in value]
    return value


def test_import_refuses_to_overwrite_without_force_and_shows_changes_with_it(shipped: Path, tmp_path: Path) -> None:
    path = export_form(shipped, "hebei-xiongxian", tmp_path / "form.docx")
    refused = run(shipped, "import", str(path), "--id", "hebei-xiongxian")
    assert refused.exit_code == 1 and "已存在" in refused.output and "--force" in refused.output and tree(shipped) == ""
    document = docx.Document(str(path))
    set_text(value_cell(document, "可采热流体量"), "35000")
    set_text(value_cell(document, "温度"), "70")
    document.save(str(path))
    changed = run(shipped, "import", str(path), "--id", "hebei-xiongxian", "--force")
    assert changed.exit_code == 0, changed.output
    assert "可采热流体量：36,000 立方米/天 → 35,000 立方米/天" in changed.output
    assert "地热流体 · 温度：72 摄氏度 → 70 摄氏度" in changed.output
    data = data_of(shipped / "dossiers" / "hebei-xiongxian" / "dossier.yaml")
    assert data["resources"]["exploitable_m3_per_day"] == 35000
    assert data["contact"]["name"] == "李示范" and data["materials"]["report"] == "materials/申报报告.md"   # 释-21: kept
    assert data["permits"][0]["region"] == "平原区"


def test_validation_findings_name_the_form_row_and_the_yaml_line(shipped: Path, tmp_path: Path) -> None:
    path = export_form(shipped, "hebei-xiongxian", tmp_path / "form.docx")
    document = docx.Document(str(path))
    set_text(value_cell(document, "已利用井数"), "90")                       # more than the 86 wells
    permits = record_table(document, "矿业权类别")
    set_text(permits.rows[1].cells[4], "2018-01-01")                        # ends before it starts
    document.save(str(path))
    result = run(shipped, "import", str(path), "--id", "checked-one")
    assert result.exit_code == 1
    line = next(ln for ln in result.output.splitlines() if "wells.used" in ln)
    assert re.search(r"dossiers/checked-one/dossier\.yaml:\d+:\d+: 错误 \[D201\] wells\.used（申报表第 \d+ 行“已利用井数（个）”）", line), line
    assert "permits[0].valid_to（申报表矿业权表第 1 行“有效期止”）" in result.output


def test_level_comes_from_the_form_or_the_option_and_they_must_agree(shipped: Path, tmp_path: Path) -> None:
    path = export_form(shipped, "hebei-xiongxian", tmp_path / "form.docx")
    clash = run(shipped, "import", str(path), "--id", "other", "--level", "城")
    assert clash.exit_code == 1 and "--level 是“城”" in clash.output and tree(shipped) == ""
    document = docx.Document(str(path))
    set_text(value_cell(document, "申报名称"), "")
    document.save(str(path))
    assert run(shipped, "import", str(path), "--id", "other").exit_code == 1
    result = run(shipped, "import", str(path), "--id", "other", "--level", "乡")
    assert data_of(shipped / "dossiers" / "other" / "dossier.yaml")["level"] == "乡", result.output


def test_what_is_not_a_form_is_refused_and_nothing_written(shipped: Path, tmp_path: Path) -> None:
    notice = export(shipped, "shaanxi-xian", "notice", "docx", tmp_path, TODAY)
    result = run(shipped, "import", str(notice), "--id", "not-a-form")
    assert result.exit_code == 1 and "不是中国温泉之乡（城、都）申报表" in result.output
    fake = tmp_path / "假的.docx"
    fake.write_text("这不是 Word 文件", encoding="utf-8")
    result = run(shipped, "import", str(fake), "--id", "not-a-form")
    assert result.exit_code == 1 and "不是 Word 文件" in result.output
    assert run(shipped, "import", str(tmp_path / "x.pdf"), "--id", "not-a-form").exit_code == 2
    assert run(shipped, "import", str(notice), "--id", "../escape").exit_code == 1
    assert tree(shipped) == ""


# ---- 4. Word as it is used -----------------------------------------------------------------------------------

def test_a_clerk_fills_the_blank_form_in_word(shipped: Path, tmp_path: Path) -> None:
    """Full-width digits, separators, units typed, ✓, rows added, Enter inside a cell and in a text box."""
    source = data_of(shipped / "dossiers" / "hebei-xiongxian" / "dossier.yaml")
    path = blank_form(shipped, tmp_path / "空白.docx")
    document = docx.Document(str(path))
    fill_from(document, source)
    set_text(value_cell(document, "可采热流体量"), "３６０００")                 # full-width digits
    set_text(value_cell(document, "已采热流体量"), "20,100 立方米/天")          # separator and unit typed
    set_text(value_cell(document, "温度"), "72℃")
    set_text(value_cell(document, "热储存总量相当于标煤"), "１３，３６４")
    set_text(value_cell(document, "已制订地热资源管理办法"), "✓")
    set_text(value_cell(document, "初始监测时间"), "2012年10月1日")
    set_text(value_cell(document, "开采与回灌深度"), "800～1600米")
    set_text(value_cell(document, "地点"), "雄县", "")                        # a stray Enter after the name
    label = next(c for t in document.tables for r in t.rows for c in r.cells if c.text == "地点")
    set_text(label, "地点：")                                                # a full-width colon typed after a label
    permits = record_table(document, "矿业权类别")
    set_text(permits.rows[1].cells[2], "雄县示范", "地热开发有限公司（虚构）")   # Enter inside a cell
    row = permits.add_row()                                                  # a third permit, in a row added
    for i, text in enumerate(["采矿权", "C1300002022010110000003", "雄县第二地热公司", "2022-01-01", "2032-01-01",
                              "1,000,000", "否", "2022"]):
        set_text(row.cells[i], text)
    set_box(document, LABELS.label(("narrative", "assessment")), "第一段。", "第二段。")
    document.save(str(path))
    result = run(shipped, "import", str(path), "--id", "filled-in-word")
    written = shipped / "dossiers" / "filled-in-word" / "dossier.yaml"
    assert written.is_file(), result.output
    data = data_of(written)
    expected = copy.deepcopy(source)
    expected["management"]["has_rules"] = True
    for permit in expected["permits"]:        # the blank form has no provincial columns (Hebei's own, 释 of issue 17)
        for key in ("region", "zone", "well_capacity_m3_per_hour"):
            permit.pop(key, None)
    expected["permits"].append({"kind": "采矿权", "number": "C1300002022010110000003", "holder": "雄县第二地热公司",
                                "valid_from": "2022-01-01", "valid_to": "2032-01-01", "capacity_m3_per_year": 1000000,
                                "urban": False, "granted_year": 2022})
    expected["narrative"]["assessment"] = "第一段。\n\n第二段。\n"
    got, want = shown(data), shown(expected)
    assert got == want
    assert data["permits"][0]["holder"] == "雄县示范地热开发有限公司（虚构）"


def test_unreadable_cells_are_named_by_their_row_and_nothing_is_written(shipped: Path, tmp_path: Path) -> None:
    path = export_form(shipped, "hebei-xiongxian", tmp_path / "form.docx")
    document = docx.Document(str(path))
    set_text(value_cell(document, "可采热流体量"), "约一万二")
    set_text(value_cell(document, "已采热流体量"), "12500吨")
    set_text(value_cell(document, "初始监测时间"), "2012年10月")
    set_text(value_cell(document, "已制订勘查开发规划"), "正在制订")
    set_text(value_cell(document, "开采与回灌深度"), "1600")
    set_text(value_cell(document, "申报主体类别"), "县政府")
    set_text(record_table(document, "年份").rows[2].cells[1], "七百万")
    document.save(str(path))
    result = run(shipped, "import", str(path), "--id", "bad-cells")
    assert result.exit_code == 1
    out = result.output
    assert "7 处无法读取，未写入任何文件" in out
    assert re.search(r"第 \d+ 行“可采热流体量（立方米/天）”：“约一万二”不是数字", out)
    assert "“12500吨”的单位“吨”与本栏的单位“立方米/天”不符" in out
    assert "初始监测时间”：“2012年10月”不是日期" in out and "年、月、日都要写" in out
    assert "“正在制订”应为“是”或“否”" in out
    assert "“1600”应写作“最小–最大”" in out
    assert "“县政府”不是可选值" in out
    assert "历年开采与回灌表第 2 行“年开采量（立方米）”" in out
    assert tree(shipped) == ""


def test_tracked_changes_are_read_as_accepted_and_pointed_out(shipped: Path, tmp_path: Path) -> None:
    path = export_form(shipped, "hebei-xiongxian", tmp_path / "form.docx")
    document = docx.Document(str(path))
    cell = value_cell(document, "温度")
    paragraph = cell.paragraphs[0]
    run_ = paragraph.runs[0]
    deleted = OxmlElement("w:del")
    deleted.set(qn("w:id"), "1")
    deleted.set(qn("w:author"), "县自然资源局")
    old = copy.deepcopy(run_._r)
    for t in old.findall(qn("w:t")):
        t.tag = qn("w:delText")
    deleted.append(old)
    inserted = OxmlElement("w:ins")
    inserted.set(qn("w:id"), "2")
    inserted.set(qn("w:author"), "县自然资源局")
    new = copy.deepcopy(run_._r)
    new.find(qn("w:t")).text = "74"
    inserted.append(new)
    run_._r.addprevious(deleted)
    run_._r.addprevious(inserted)
    paragraph._p.remove(run_._r)
    document.save(str(path))
    result = run(shipped, "import", str(path), "--id", "hebei-xiongxian", "--force")
    assert result.exit_code == 0, result.output
    assert data_of(shipped / "dossiers" / "hebei-xiongxian" / "dossier.yaml")["fluid"]["temperature_c"] == 74
    assert "“温度（摄氏度）”：含未接受的修订，已按接受修订后的内容读取" in result.output


def test_a_file_saved_by_wps_or_libreoffice_reads_the_same(shipped: Path, tmp_path: Path) -> None:
    """What those programs do to a file: runs split at every character, bookmarks and proofing marks between
    them, headings renamed to the suite's own style names, cell text wrapped in content controls."""
    original = data_of(shipped / "dossiers" / "jiangxi-wentang" / "dossier.yaml")
    path = export_form(shipped, "jiangxi-wentang", tmp_path / "form.docx")
    document = docx.Document(str(path))
    body = document.element.body
    for r in list(body.iter(qn("w:r"))):
        t = r.find(qn("w:t"))
        if t is None or not t.text or len(t.text) < 2:
            continue
        for ch in t.text[1:][::-1]:
            piece = copy.deepcopy(r)
            piece.find(qn("w:t")).text = ch
            r.addnext(piece)
        t.text = t.text[0]
        mark = OxmlElement("w:proofErr")
        mark.set(qn("w:type"), "spellStart")
        r.addprevious(mark)
        start = OxmlElement("w:bookmarkStart")
        start.set(qn("w:id"), "0")
        start.set(qn("w:name"), "_GoBack")
        r.addnext(start)
    for style in document.styles:
        if style.name and style.name.startswith("Heading"):
            style.name = style.name.replace("Heading", "标题")
    document.save(str(path))
    result = run(shipped, "import", str(path), "--id", "from-wps")
    written = shipped / "dossiers" / "from-wps" / "dossier.yaml"
    assert written.is_file(), result.output
    assert shown(data_of(written)) == shown(original)


def test_rows_removed_from_a_record_table_remove_the_record(shipped: Path, tmp_path: Path) -> None:
    path = export_form(shipped, "hebei-xiongxian", tmp_path / "form.docx")
    document = docx.Document(str(path))
    table = record_table(document, "年份")
    table._tbl.remove(table.rows[1]._tr)                                    # 2021 deleted
    document.save(str(path))
    result = run(shipped, "import", str(path), "--id", "hebei-xiongxian", "--force")
    assert "历年开采与回灌 · 2021" in result.output
    years = [r["year"] for r in data_of(shipped / "dossiers" / "hebei-xiongxian" / "dossier.yaml")["reinjection_history"]]
    assert years == [2022, 2023, 2024, 2025]


# ---- 3. random dossiers --------------------------------------------------------------------------------------

WORDS = st.text(alphabet=st.sampled_from(list("雄县地热温泉开发有限公司水文地质大队甲乙丙丁ABCxyz0123456789（）·-_<>*|[]#&")),
                min_size=1, max_size=12).filter(lambda s: s.strip() not in {"—", "-", "不详", "未知"} and not s.startswith("-"))
TEXT = st.lists(WORDS, min_size=1, max_size=3).map(" ".join)
NAME_PARTS = st.text(alphabet=st.sampled_from(list("雄县蓟系雾迷山组馆陶明化镇")), min_size=1, max_size=6)


def _figure(node: dict[str, Any]) -> st.SearchStrategy[Any]:
    low = node.get("minimum", node.get("exclusiveMinimum", 0))
    high = node.get("maximum", 10**9)
    kinds = node["type"] if isinstance(node["type"], list) else [node["type"]]
    ints = st.integers(min_value=int(low) + (1 if "exclusiveMinimum" in node else 0), max_value=int(high))
    if "number" not in kinds:
        return ints
    floats = st.floats(min_value=float(low), max_value=float(high), allow_nan=False, allow_infinity=False,
                       exclude_min="exclusiveMinimum" in node)
    rounded = floats.map(lambda v: round(v, 2))
    if "exclusiveMinimum" in node:
        rounded = rounded.filter(lambda v: v > low)
    return st.one_of(ints, floats, rounded)


@st.composite
def form_values(draw: st.DrawFn) -> dict[str, Any]:
    """The form's fields of a valid dossier, every kind of value the form holds, drawn at random."""
    data = copy.deepcopy(data_of(ROOT / "dossiers" / "hebei-xiongxian" / "dossier.yaml"))
    for f in appform.fields(LABELS):
        path = f.path
        if path[-1] == "total" and path[0] in appform.TOTALS or path in (("level",), ("place",)):
            continue
        node = LABELS.node(path)
        kinds = node.get("type", []) if isinstance(node.get("type", []), list) else [node["type"]]
        nullable = "null" in kinds or None in node.get("enum", [])
        if "enum" in node:
            strategy: st.SearchStrategy[Any] = st.sampled_from([v for v in node["enum"] if v is not None])
        elif path[-1] in appform.RATIOS:
            strategy = st.one_of(st.floats(0, 2, allow_nan=False), st.integers(0, 2))
        elif "boolean" in kinds:
            strategy = st.booleans()
        elif node.get("format") == "date":
            strategy = st.dates(min_value=TODAY.replace(year=1950), max_value=TODAY).map(lambda d: d.isoformat())
        elif "array" in kinds and node.get("minItems") == 2:
            bounds = {"longitude": china.LONGITUDE, "latitude": china.LATITUDE}.get(path[-1], (0, 10000))
            strategy = st.lists(st.floats(*bounds, allow_nan=False).map(lambda v: round(v, 4)), min_size=2, max_size=2).map(sorted)
        elif "array" in kinds:
            strategy = st.lists(NAME_PARTS, min_size=1, max_size=3)
        elif "string" in kinds:
            longest = node.get("maxLength", 200)                       # a valid dossier: within the field's length
            strategy = TEXT.filter(lambda text, longest=longest: len(text) <= longest)
        else:
            strategy = _figure(node)
        if path == ("applicant", "province"):
            strategy = st.sampled_from(china.PROVINCES)
        value = draw(st.one_of(st.none(), strategy) if nullable else strategy)
        target = data
        for part in path[:-1]:
            target = target.setdefault(part, {})
        target[path[-1]] = value
    for group in ("springs", "wells"):
        total = data[group]["total"]
        if total is not None:
            data[group]["used"] = draw(st.integers(0, total))
            if group == "wells":
                data[group]["reinjection"] = draw(st.integers(0, total))
    exploitable = data["resources"]["exploitable_m3_per_day"]
    data["resources"]["extracted_m3_per_day"] = draw(st.one_of(st.none(), st.floats(0, exploitable)))
    data["permits"] = draw(st.lists(_permit(), max_size=4))
    years = draw(st.lists(st.integers(1990, TODAY.year - 1), unique=True, max_size=5))
    data["reinjection_history"] = [{"year": y, "extracted_m3": draw(st.integers(0, 10**8)), "reinjected_m3": draw(st.floats(0, 1e8)),
                                    **({"same_layer": draw(st.booleans())} if draw(st.booleans()) else {})} for y in years]
    paragraphs = st.lists(st.lists(TEXT, min_size=1, max_size=3).map("\n".join), min_size=1, max_size=3).map("\n\n".join)
    data["narrative"] = {k: draw(st.one_of(st.none(), paragraphs.map(lambda t: t + "\n"))) for k in appform.NARRATIVE}
    data["level"] = draw(st.sampled_from(["乡", "城", "都"]))
    data["place"] = draw(TEXT)
    return data


@st.composite
def _permit(draw: st.DrawFn) -> dict[str, Any]:
    start = draw(st.dates(min_value=TODAY.replace(year=1990), max_value=TODAY.replace(year=TODAY.year - 1)))
    end = draw(st.dates(min_value=start.replace(year=start.year + 1), max_value=start.replace(year=start.year + 30)))
    permit = {"kind": draw(st.sampled_from(["采矿权", "探矿权"])), "number": draw(WORDS), "holder": draw(TEXT),
              "valid_from": start.isoformat(), "valid_to": end.isoformat(),
              "capacity_m3_per_year": draw(st.one_of(st.none(), st.integers(0, 10**8), st.floats(0, 1e8))),
              "urban": draw(st.one_of(st.none(), st.booleans())), "granted_year": draw(st.one_of(st.none(), st.integers(1990, TODAY.year)))}
    if draw(st.booleans()):
        permit |= {"region": draw(st.sampled_from(["平原区", "山区", None])), "well_capacity_m3_per_hour": draw(st.integers(0, 500))}
    return permit


@pytest.fixture(scope="module")
def random_repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = data_copy(tmp_path_factory.mktemp("random") / "repo", ("schemas", "registry", "site", "templates"))
    (root / "dossiers").mkdir()
    shutil.copytree(ROOT / "dossiers" / "hebei-xiongxian" / "materials", root / "dossiers" / "random-one" / "materials")
    return root


@settings(max_examples=30, deadline=None, derandomize=True, phases=[Phase.explicit, Phase.generate], suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(data=form_values())
def test_round_trip_of_random_valid_dossiers(random_repo: Path, data: dict[str, Any]) -> None:
    schema = json.loads((ROOT / "schemas" / "dossier.schema.json").read_text(encoding="utf-8"))
    source = random_repo / "dossiers" / "random-one" / "dossier.yaml"
    source.write_text(scaffold.scaffold_text(schema, data["level"], data["place"], data), encoding="utf-8")
    assert yaml.safe_load(source.read_text(encoding="utf-8"))["place"] == data["place"]
    path = export(random_repo, "random-one", "application", "docx", random_repo.parent, TODAY)
    shutil.rmtree(random_repo / "dossiers" / "random-two", ignore_errors=True)
    repo = Repository(random_repo)
    imported = form_import.prepare(repo, path, "random-two")
    form_import.write(repo, imported)
    assert shown(data_of(random_repo / "dossiers" / "random-two" / "dossier.yaml")) == shown(data)


def test_no_two_fields_of_the_form_share_a_label() -> None:
    names = [(f.group, f.name) for f in appform.fields(LABELS)]
    assert len(names) == len(set(names))
    assert all("（" not in f.name and "(" not in f.name for f in appform.fields(LABELS))


def test_git_sees_only_the_new_dossier(shipped: Path, tmp_path: Path) -> None:
    path = export_form(shipped, "henan-kaifeng", tmp_path / "form.docx")
    run(shipped, "import", str(path), "--id", "kaifeng-again")
    assert sorted(tree(shipped).split()) == ["??", "dossiers/kaifeng-again/dossier.yaml"]
    assert (shipped / "dossiers" / "kaifeng-again" / "materials").is_dir()
    assert subprocess.run(["git", "diff", "--quiet"], cwd=shipped).returncode == 0
