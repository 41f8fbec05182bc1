"""Issue 22: every document of every example opened in a real office suite (LibreOffice, headless) and checked on
the rendered page: page numbers, tables within the text block, no row cut by a page break, page counts, no file
name or program word in the text, the title and the date where GB/T 9704 puts them.

The page images are kept in tests/artifacts/documents/ for a person to look at.
"""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import ROOT, TODAY
from docrender import PAGE_NUMBER, Page, outside_block, page_number, pages_of_rows, probe, read, soffice, to_pdf
from test_documents import PAIRS
from wenquan.documents.export import DOCS, default_name, export, export_blank

ARTIFACTS = ROOT / "tests" / "artifacts" / "documents"
MM = 72 / 25.4
BLANK = ("blank", "application")
# What the paper form takes (issue 22): the 碑文 one page, the notice two, a 9-member panel's 评审表 three.
MOST_PAGES = {"stele": 1, "notice": 2, "review-sheet": 3}
# A file name, a key of the data (snake_case), a folder or a word of the program's own: never in a document.
INTERNAL = re.compile(r"\b[\w-]+\.(?:ya?ml|csv|md|json|docx|py)\b|\b[a-z]+_[a-z0-9_]+\b"
                      r"|\b(?:registry|dossiers?|schemas?|reports|materials|wenquan|aggregate|mean|null|true|false|plan)\b")
EMAIL = re.compile(r"\S+@\S+")
OFFICIAL_DATE = re.compile(r"^\d{4}年\d{1,2}月\d{1,2}日$")
INSCRIPTION_DATE = re.compile(r"^[〇一二三四五六七八九]{4}年[十一二三四五六七八九]+月[十一二三四五六七八九]+日$")


@dataclass
class Rendered:
    docx: Path
    pages: list[Page]
    probe_pdf: Path         # the probe copy (table rows coloured), rendered
    rows: int               # table rows with text


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], Rendered]:
    """Every document as Word, then as PDF through one LibreOffice run, then as pages (images kept). Each has a
    probe copy (its table rows coloured) rendered in the same run."""
    assert soffice(), "LibreOffice is missing: bash scripts/test installs Debian's libreoffice-writer-nogui"
    out = tmp_path_factory.mktemp("rendered")
    files = {(d, doc): export(ROOT, d, doc, "docx", out, TODAY) for d, doc in PAIRS}
    files[BLANK] = export_blank(ROOT, "application", "docx", out / "blank-申报表.docx")
    rows = {key: probe(path, out / f"probe-{path.name}") for key, path in files.items()}
    pdfs = to_pdf([*files.values(), *(out / f"probe-{p.name}" for p in files.values())], out / "pdf",
                  tmp_path_factory.mktemp("lo-profile"))
    shutil.rmtree(ARTIFACTS, ignore_errors=True)
    return {key: Rendered(path, read(pdf, ARTIFACTS), out / "pdf" / f"probe-{path.stem}.pdf", rows[key])
            for (key, path), pdf in zip(files.items(), pdfs, strict=False)}


KEYS = [*PAIRS, BLANK]


@pytest.mark.parametrize("key", KEYS, ids=["-".join(k) for k in KEYS])
def test_every_page_has_its_number_outside_bottom(rendered: dict[tuple[str, str], Rendered],
                                                  key: tuple[str, str]) -> None:
    """GB/T 9704 7.5: "— 1 —" below the text block, odd pages on the right, even pages on the left."""
    pages = rendered[key].pages
    for page in pages:
        number = page_number(page)
        assert number is not None, f"{key} 第 {page.number} 页没有页码"
        assert PAGE_NUMBER.match(number.text).group(1) == str(page.number)     # type: ignore[union-attr]
        left, _, right, _ = page.block
        if page.number % 2:
            assert number.x1 > (left + right) / 2 and right - number.x1 < 30 * MM / 2, (key, page.number, number)
        else:
            assert number.x0 < (left + right) / 2 and number.x0 - left < 30 * MM / 2, (key, page.number, number)


@pytest.mark.parametrize("key", KEYS, ids=["-".join(k) for k in KEYS])
def test_tables_and_text_stay_in_the_text_block(rendered: dict[tuple[str, str], Rendered],
                                                key: tuple[str, str]) -> None:
    pages = rendered[key].pages
    problems = [p for page in pages for p in outside_block(page)]
    assert problems == []


@pytest.mark.parametrize("key", KEYS, ids=["-".join(k) for k in KEYS])
def test_no_table_row_is_cut_by_a_page_break(rendered: dict[tuple[str, str], Rendered], key: tuple[str, str]) -> None:
    """The probe copy has each table row's text in a colour of its own: each colour is on one page only."""
    on = pages_of_rows(rendered[key].probe_pdf)
    assert {row: pages for row, pages in on.items() if len(pages) > 1} == {}
    assert len(on) == rendered[key].rows, "every row with text is found on the rendered pages"


@pytest.mark.parametrize("doc", sorted(MOST_PAGES))
def test_page_counts_are_what_the_paper_form_takes(rendered: dict[tuple[str, str], Rendered], doc: str) -> None:
    for (dossier_id, name), result in rendered.items():
        if name == doc:
            assert len(result.pages) <= MOST_PAGES[doc], (dossier_id, doc, len(result.pages))
    panel = [len(r.pages) for (d, name), r in rendered.items() if name == "review-sheet" and d == "shaanxi-xian"]
    assert doc != "review-sheet" or panel, "shaanxi-xian's panel of nine is the case the issue names"


@pytest.mark.parametrize("key", KEYS, ids=["-".join(k) for k in KEYS])
def test_no_file_name_or_program_word_in_the_text(rendered: dict[tuple[str, str], Rendered],
                                                  key: tuple[str, str]) -> None:
    pages = rendered[key].pages
    text = EMAIL.sub("", "\n".join(page.text for page in pages))
    assert INTERNAL.findall(text) == []


@pytest.mark.parametrize("key", KEYS, ids=["-".join(k) for k in KEYS])
def test_title_is_centred_and_breaks_into_even_lines(rendered: dict[tuple[str, str], Rendered],
                                                     key: tuple[str, str]) -> None:
    """GB/T 9704 7.3.2: 2号 title centred; a long one in lines of nearly equal length, words kept whole."""
    pages = rendered[key].pages
    first = pages[0]
    title = [ln for ln in first.lines if abs(ln.size - 22) < 0.5]
    assert title, f"{key}: no 2号 title on the first page"
    left, _, right, _ = first.block
    for line in title:
        assert abs((line.x0 + line.x1) / 2 - (left + right) / 2) < 4, (key, line)
    widths = [ln.x1 - ln.x0 for ln in title]
    assert min(widths) >= 0.6 * max(widths), (key, [ln.text for ln in title])


def _signature(pages: list[Page], pattern: re.Pattern[str]) -> tuple[Page, int] | None:
    for page in reversed(pages):
        for index in range(len(page.lines) - 1, -1, -1):
            if pattern.match(re.sub(r"\s+", "", page.lines[index].text)):
                return page, index
    return None


@pytest.mark.parametrize("dossier_id", ["hebei-xiongxian", "shaanxi-xian"])
def test_date_four_characters_in_and_issuer_centred_over_it(rendered: dict[tuple[str, str], Rendered],
                                                             dossier_id: str) -> None:
    """GB/T 9704-2012 7.3.5: the 成文日期 in Arabic numerals, four characters in from the right edge, the
    issuing body centred over it; the 碑文 keeps Chinese numerals and its block stays flush right."""
    pages = rendered[(dossier_id, "notice")].pages
    found = _signature(pages, OFFICIAL_DATE)
    assert found, "the notice has no date in Arabic numerals"
    page, index = found
    date, issuer = page.lines[index], page.lines[index - 1]
    assert re.sub(r"\s+", "", issuer.text) == "中国矿业联合会秘书局"
    right = page.block[2]
    assert abs((right - date.x1) - 4 * 16) < 6, (right - date.x1)
    assert abs((issuer.x0 + issuer.x1) / 2 - (date.x0 + date.x1) / 2) < 4
    assert not re.search(r"[〇]", page.text)
    stele_pages = rendered[(dossier_id, "stele")].pages
    if dossier_id == "hebei-xiongxian":                            # named: the stele is dated
        stele = _signature(stele_pages, INSCRIPTION_DATE)
        assert stele, "the stele's date is in Chinese numerals"
        page, index = stele
        assert abs(page.block[2] - page.lines[index].x1) < 6


def test_every_document_type_was_rendered(rendered: dict[tuple[str, str], Rendered]) -> None:
    assert {name for _, name in rendered} == set(DOCS) | {"application"}
    assert all(r.pages for r in rendered.values())
    assert {p.name for p in ARTIFACTS.glob("*.png")} >= {f"{Path(default_name('shaanxi-xian', 'notice', 'docx')).stem}-1.png"}


def _cjk_only(text: str) -> bool:
    return all(ord(ch) >= 0x2E80 for ch in text)


@pytest.mark.parametrize("dossier_id", ["hebei-xiongxian", "shaanxi-xian", "jiangxi-wentang"])
def test_body_lines_hold_28_characters(rendered: dict[tuple[str, str], Rendered], dossier_id: str) -> None:
    """GB/T 9704 7.1: 28 characters a line, never more (a punctuation mark may hang past the edge, as both suites
    allow)."""
    lines = [re.sub(r"\s+", "", ln.text) for name in ("notice", "stele", "report-outline", "application")
             for page in rendered[(dossier_id, name)].pages for ln in page.lines if abs(ln.size - 16) < 0.5]
    counts = [len(text) - (1 if text[-1] in "，。、；：？！”’）》" else 0) for text in lines if text and _cjk_only(text)]
    assert counts and max(counts) == 28, sorted(counts)[-5:]


@pytest.mark.parametrize("dossier_id", ["hebei-xiongxian", "shaanxi-xian"])
def test_headings_are_indented_two_characters(rendered: dict[tuple[str, str], Rendered], dossier_id: str) -> None:
    """GB/T 9704 7.3.3: 一、 and （一） headings sit two characters in, as the body's first lines do."""
    for name in ("notice", "report-outline"):
        pages = rendered[(dossier_id, name)].pages
        headings = [(page, ln) for page in pages for ln in page.lines if re.match(r"^(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）)", ln.text)
                    and abs(ln.size - 16) < 0.5]
        assert headings, name
        for page, line in headings:
            assert abs(line.x0 - (page.block[0] + 2 * 16)) < 3, (name, line)


@pytest.mark.parametrize("dossier_id", ["hebei-xiongxian", "shaanxi-xian"])
def test_water_type_has_subscripts_and_figures_one_style(rendered: dict[tuple[str, str], Rendered], dossier_id: str) -> None:
    """The water type written as chemistry writes it (HCO₃, SO₄) wherever a document prints the field; figures in
    one style (grouped from five digits: 2100, 36,000)."""
    import yaml

    water = yaml.safe_load((ROOT / "dossiers" / dossier_id / "dossier.yaml").read_text(encoding="utf-8"))["fluid"]["water_type"]
    lines = [re.sub(r"\s+", "", ln.text) for name in ("application", "notice")
             for page in rendered[(dossier_id, name)].pages for ln in page.lines]
    assert water not in lines and any("₃" in ln or "₄" in ln for ln in lines)
    text = "\n".join(lines)
    assert not re.search(r"(?<![\d,.])\d,\d{3}(?![\d,])", text), "a four-digit figure with a separator (2,100)"
