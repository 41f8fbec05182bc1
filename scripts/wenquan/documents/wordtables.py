"""Tables a clerk would sign (GB/T 9704 and the forms' own layout): within the text block, rows never split across
pages, header rows repeated, numbers never broken character by character, text never right-aligned.

Pandoc writes every table with equal columns and no row properties; this pass, run on the Word file pandoc wrote
(with python-docx, from `wordlayout.finish`), gives each column the width its content needs: at least its longest unbreakable run (a
number, a permit number, a date) and a few characters of text, the rest shared by what the cells hold. A table
that cannot fit the portrait text block even so goes into a landscape section of its own, as a wide paper form
does.
"""

from __future__ import annotations

import copy
import re
from typing import Any

from wenquan.documents import ooxml
from wenquan.documents.ooxml import W, child, first
from wenquan.documents.wordfile import MARGINS, PAGE

PORTRAIT = PAGE["w"] - MARGINS["left"] - MARGINS["right"]              # 156 mm in twips
# A landscape page keeps the binding margin on the left and the head margin at the top: 225 mm of text a line.
LANDSCAPE_MARGINS = {"top": MARGINS["left"], "bottom": MARGINS["right"], "left": MARGINS["top"], "right": MARGINS["bottom"]}
LANDSCAPE = PAGE["h"] - LANDSCAPE_MARGINS["left"] - LANDSCAPE_MARGINS["right"]
CJK = 240              # a 小四 (12 pt) character, in twips
NARROW = 132           # a digit or a Latin letter of that size
SMALL = 210 / 240      # 五号 (10.5 pt) against 小四, for a table too wide at 小四
SMALL_HALF_POINTS = 21
LONG_ROW = 400         # characters: a row holding more (a long text box) may run on to the next page
# In order, until a table fits: portrait in 小四, then with narrower text columns, then in 五号; only then a
# landscape page (a wide paper form's own way), in 五号, text columns down to two characters.
TRIES = [(False, 1.0, 4), (False, 1.0, 3), (False, SMALL, 4), (False, SMALL, 3),
         (True, SMALL, 4), (True, SMALL, 3), (True, SMALL, 2)]
PADDING = 2 * 108      # Word's default cell margins
MIN_TEXT_CHARS = 4     # a column of Chinese text is never narrower than this many characters
PREFERRED_CHARS = 14   # nor asks for more than this before wrapping
_UNBREAKABLE = re.compile(r"[0-9A-Za-z.,:%/+\-–·()₀-₉⁰-⁹×＋\[\]#&_*|<>]+")
_NUMERIC = re.compile(r"^[+-]?[\d,]*\.?\d+%?$|^[\d,.]+[–~-][\d,.]+$|^[—-]$")


def _width(line: str) -> int:
    return sum(NARROW if ord(ch) < 0x2E80 else CJK for ch in line)


def _needs(column: list[str], scale: float = 1.0, min_chars: int = MIN_TEXT_CHARS) -> tuple[int, int]:
    """(least, preferred) width of a column holding these texts, in characters of 小四 times `scale`; a column of
    Chinese text is at least `min_chars` characters wide."""
    least, preferred = CJK, CJK
    for text in column:
        tokens = _UNBREAKABLE.findall(text)
        longest = max((_width(t) for t in tokens), default=0)
        cjk = [ch for ch in text if ord(ch) >= 0x2E80]
        least = max(least, longest, min(len(cjk), min_chars) * CJK)
        preferred = max(preferred, min(_width(text), PREFERRED_CHARS * CJK))
    return round(least * scale) + PADDING, round(max(least, preferred) * scale) + PADDING


def _grid(table: Any) -> list[list[tuple[Any, int]]]:
    """Each row's cells with the grid column each starts at."""
    rows = []
    for tr in table.iter(W + "tr"):
        if tr.getparent() is not table:
            continue
        column, cells = 0, []
        for tc in tr.findall(W + "tc"):
            span = tc.find(f"{W}tcPr/{W}gridSpan")
            cells.append((tc, column))
            column += int(span.get(W + "val")) if span is not None else 1
        rows.append(cells)
    return rows


def widths(table: Any, available: int, scale: float = 1.0, min_chars: int = MIN_TEXT_CHARS) -> tuple[list[int], bool]:
    """Column widths in twips for the text block `available`, and whether the table fits it at all."""
    rows = _grid(table)
    count = max((col + 1 for row in rows for _, col in row), default=0)
    texts: list[list[str]] = [[] for _ in range(count)]
    for row in rows:
        for tc, col in row:
            if tc.find(f"{W}tcPr/{W}gridSpan") is None:
                texts[col].append(ooxml.text(tc))
    needs = [_needs(column, scale, min_chars) for column in texts]
    least = sum(n[0] for n in needs)
    preferred = sum(n[1] for n in needs)
    if least > available:
        return [n[0] for n in needs], False
    if preferred <= available:
        scale = available / preferred
        return [round(n[1] * scale) for n in needs], True
    share = (available - least) / (preferred - least)
    return [round(n[0] + (n[1] - n[0]) * share) for n in needs], True


def _apply(table: Any, columns: list[int]) -> None:
    tbl_pr = table.find(W + "tblPr")
    child(tbl_pr, "tblW", w=str(sum(columns)), type="dxa")
    child(tbl_pr, "tblLayout", type="fixed")
    child(tbl_pr, "tblInd", w=str(PADDING // 2), type="dxa")     # the left border on the margin, not a cell margin out
    grid = table.find(W + "tblGrid")
    for col in list(grid):
        grid.remove(col)
    from docx.oxml import OxmlElement

    for width in columns:
        col = OxmlElement("w:gridCol")
        col.set(W + "w", str(width))
        grid.append(col)
    for row in _grid(table):
        tr = row[0][0].getparent() if row else None
        if tr is None:
            continue
        tr_pr = first(tr, "trPr")
        if len(ooxml.text(tr)) <= LONG_ROW:
            child(tr_pr, "cantSplit")                               # a row never splits across pages
        for tc, col in row:
            span = tc.find(f"{W}tcPr/{W}gridSpan")
            cols = int(span.get(W + "val")) if span is not None else 1
            child(first(tc, "tcPr"), "tcW", w=str(sum(columns[col:col + cols])), type="dxa")
            for p in tc.iter(W + "p"):
                jc = p.find(f"{W}pPr/{W}jc")
                if jc is not None and jc.get(W + "val") == "right" and not _NUMERIC.match(ooxml.text(p).strip()):
                    jc.getparent().remove(jc)                      # text in a column of figures reads from the left


def _section_break(body_sect: Any, landscape: bool) -> Any:
    """A paragraph that ends a section: portrait like the document, or landscape."""
    from docx.oxml import OxmlElement

    sect = copy.deepcopy(body_sect)
    if landscape:
        size = sect.find(W + "pgSz")
        size.set(W + "w", str(PAGE["h"]))
        size.set(W + "h", str(PAGE["w"]))
        size.set(W + "orient", "landscape")
        margins = sect.find(W + "pgMar")
        for side, twips in LANDSCAPE_MARGINS.items():
            margins.set(W + side, str(twips))
        # the page number keeps its place below the text block: 7 mm under it, about 5 mm high (GB/T 9704 7.5)
        margins.set(W + "footer", str(LANDSCAPE_MARGINS["bottom"] - round(12 * 1440 / 25.4)))
    paragraph = OxmlElement("w:p")
    p_pr = OxmlElement("w:pPr")
    p_pr.append(sect)
    paragraph.append(p_pr)
    return paragraph


def _heading_before(table: Any) -> Any:
    """The table, or the heading right above it (a table's title turns the page with it)."""
    previous = table.getprevious()
    heading = previous is not None and previous.tag == W + "p" and ooxml.style(previous).startswith("Heading")
    return previous if heading else table


def _smaller(table: Any) -> None:
    """Every run of the table in 五号 (10.5 pt)."""
    for run in table.iter(W + "r"):
        r_pr = first(run, "rPr")
        for tag in ("sz", "szCs"):
            child(r_pr, tag, val=str(SMALL_HALF_POINTS))


def fit_tables(body: Any) -> list[int]:
    """Fit every table of a document's body (python-docx's `document.element.body`); the indexes of the tables
    set in landscape."""
    body_sect = body.find(W + "sectPr")
    turned = []
    for index, table in enumerate(list(body.iter(W + "tbl"))):
        if table.getparent() is not body:
            continue                                              # a table inside a cell follows its cell
        for landscape, scale, min_chars in TRIES:
            columns, fits = widths(table, LANDSCAPE if landscape else PORTRAIT, scale, min_chars)
            if fits or (landscape, scale, min_chars) == TRIES[-1]:
                break
        if scale != 1.0:
            _smaller(table)
        if landscape and body_sect is not None:
            first = _heading_before(table)
            first.addprevious(_section_break(body_sect, landscape=False))
            table.addnext(_section_break(body_sect, landscape=True))
            turned.append(index)
        _apply(table, columns)
    return turned
