"""The last pass over a Word file pandoc wrote: what GB/T 9704-2012 asks of a 公文's page that Markdown cannot say.

- Tables fitted to the text block (`wordtables`).
- 发文机关署名 and 成文日期 (7.3.5.1): the date four characters in from the right edge, the issuing body centred
  over it, one blank line above the block. A 碑文 is an inscription, not a 公文: its block stays flush right.
- The title (7.3.2): a title longer than a line breaks where a word ends, into lines of nearly equal length
  (梯形或菱形), never leaving a lone word on its second line.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

from wenquan.documents import ooxml
from wenquan.documents.ooxml import W, child, first
from wenquan.documents.wordfile import LINE, MARGINS, PAGE
from wenquan.documents.wordtables import fit_tables

BODY_PT, TITLE_PT = 16, 22                                   # 3号 and 2号
TEXT_PT = (PAGE["w"] - MARGINS["left"] - MARGINS["right"]) / 20
DATE_INDENT_CHARS = 4                                        # 成文日期右空四字
OPENING, CLOSING = "“‘（《〈「『", "”’）》〉」』，。、；：？！的"


AUTOSPACE = 0.2      # the space Word and LibreOffice put between a Chinese character and a digit, in ems


def _width(text: str, size: float) -> float:
    """Printed width in points: a Chinese character is `size` wide, a digit or Latin letter half that, and each
    meeting of the two takes a fifth of an em more (the office suites' automatic spacing)."""
    wide = [ord(ch) >= 0x2E80 for ch in text]
    meetings = sum(1 for a, b in zip(wide, wide[1:], strict=False) if a != b)
    return sum(size if w else size / 2 for w in wide) + meetings * AUTOSPACE * size


def place_signatures(body: Any, official: bool) -> int:
    """Each signature block (consecutive 落款 paragraphs, the last one its date) placed as 7.3.5.1 asks."""
    blocks: list[list[Any]] = []
    for p in body.iter(W + "p"):
        if ooxml.style(p) == "Signature" and p.getparent() is body:
            if blocks and blocks[-1][-1].getnext() is p:
                blocks[-1].append(p)
            else:
                blocks.append([p])
    for block in blocks:
        child(first(block[0], "pPr"), "spacing", before=str(LINE))   # 正文下空一行
        for p in block[:-1]:
            _keep_next(p)                                     # the issuer never on one page and its date on the next
        if not official:
            continue
        date = block[-1]
        date_right = DATE_INDENT_CHARS * BODY_PT
        child(first(date, "pPr"), "ind", right=str(date_right * 20))
        centre = date_right + _width(ooxml.text(date), BODY_PT) / 2
        for p in block[:-1]:                                  # 发文机关署名 centred over the date
            child(first(p, "pPr"), "ind", right=str(max(0, round((centre - _width(ooxml.text(p), BODY_PT) / 2) * 20))))
    return len(blocks)


def title_lines(title: str, per_line: int) -> list[str]:
    """`title` in as few lines as hold it, each break where a word ends, the lines as even as can be."""
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    if _width(title, TITLE_PT) <= per_line * TITLE_PT:
        return [title]
    words = jieba.lcut(title)
    bounds = [sum(len(w) for w in words[:i]) for i in range(1, len(words))]
    allowed = [b for b in bounds if title[b - 1] not in OPENING and title[b] not in CLOSING]
    count = math.ceil(_width(title, TITLE_PT) / (per_line * TITLE_PT))
    best: tuple[float, list[int]] | None = None

    def choose(start: int, left: int, cuts: list[int]) -> None:
        nonlocal best
        if left == 1:
            pieces = [title[a:b] for a, b in zip([0, *cuts], [*cuts, len(title)], strict=True)]
            widths = [_width(piece, TITLE_PT) for piece in pieces]
            if max(widths) > per_line * TITLE_PT:
                return
            score = max(widths) - min(widths) + (0.5 if widths[0] < widths[-1] else 0)   # ties: the longer line first
            if best is None or score < best[0]:
                best = (score, list(cuts))
            return
        for b in allowed:
            if b > start:
                choose(b, left - 1, [*cuts, b])
    for lines in range(count, count + 2):
        choose(0, lines, [])
        if best is not None:
            break
    if best is None:
        return [title]
    cuts = best[1]
    return [title[a:b] for a, b in zip([0, *cuts], [*cuts, len(title)], strict=True)]


def break_titles(body: Any) -> None:
    """The Title paragraph's text in balanced lines (a line break between them)."""
    from docx.oxml import OxmlElement

    per_line = int(TEXT_PT // TITLE_PT)
    for p in body.iter(W + "p"):
        if ooxml.style(p) != "Title":
            continue
        runs = p.findall(W + "r")
        if not runs:
            continue
        lines = title_lines(ooxml.text(p), per_line)
        if len(lines) == 1:
            continue
        kept = runs[0]                                       # its run properties (fonts) serve every line
        for run in runs[1:]:
            p.remove(run)
        for node in [c for c in kept if c.tag != W + "rPr"]:
            kept.remove(node)
        for index, line in enumerate(lines):
            if index:
                kept.append(OxmlElement("w:br"))
            piece = OxmlElement("w:t")
            piece.text = line
            kept.append(piece)


def _bold_centred(p: Any) -> None:
    child(first(p, "pPr"), "jc", val="center")
    for run in p.iter(W + "r"):
        child(first(run, "rPr"), "b")


def merge_title_rows(body: Any, titles: frozenset[str]) -> int:
    """A row holding only a group's heading (主要用途…) in its first cell becomes one cell across the table."""
    merged = 0
    for tr in body.iter(W + "tr"):
        cells = tr.findall(W + "tc")
        texts = [ooxml.text(tc).strip() for tc in cells]
        if len(cells) < 2 or texts[0] not in titles or any(texts[1:]):
            continue
        child(first(cells[0], "tcPr"), "gridSpan", val=str(len(cells)))
        for tc in cells[1:]:
            tr.remove(tc)
        for p in cells[0].iter(W + "p"):
            _bold_centred(p)
        merged += 1
    return merged


def _heading_key(text: str) -> str:
    return text.split("、", 1)[1] if "、" in text[:4] else text


def box_sections(body: Any, titles: frozenset[str]) -> int:
    """附件1's text boxes: each section heading whose title is in `titles`, with the paragraphs under it, becomes a
    one-column table of two rows (the title, then the text), as the paper form's boxed cells."""
    from docx.oxml import OxmlElement

    boxed = 0
    for p in list(body.iter(W + "p")):
        if p.getparent() is not body or not ooxml.style(p).startswith("Heading") or _heading_key(ooxml.text(p)) not in titles:
            continue
        content = []
        following = p.getnext()
        while following is not None and following.tag == W + "p" and not ooxml.style(following).startswith("Heading"):
            content.append(following)
            following = following.getnext()
        table = OxmlElement("w:tbl")
        child(first(table, "tblPr"), "tblStyle", val="Table")
        table.append(OxmlElement("w:tblGrid"))
        table[-1].append(OxmlElement("w:gridCol"))
        p.addprevious(table)
        for paragraphs in ([p], content or [OxmlElement("w:p")]):
            row, cell = OxmlElement("w:tr"), OxmlElement("w:tc")
            row.append(cell)
            table.append(row)
            for paragraph in paragraphs:
                cell.append(paragraph)                      # moved, not copied
        boxed += 1
    return boxed


def separate_tables(body: Any) -> int:
    """A thin paragraph between two tables that meet: else Word and LibreOffice join them into one table."""
    from docx.oxml import OxmlElement

    count = 0
    for table in list(body.iter(W + "tbl")):
        following = table.getnext()
        if table.getparent() is body and following is not None and following.tag == W + "tbl":
            paragraph = OxmlElement("w:p")
            child(first(paragraph, "pPr"), "spacing", line="120", lineRule="exact")
            table.addnext(paragraph)
            count += 1
    return count


def _keep_next(p: Any) -> None:
    child(first(p, "pPr"), "keepNext")


def _keep_with_next(body: Any, titles: frozenset[str]) -> None:
    """A group's heading row stays on the page of the group's first row."""
    for tr in body.iter(W + "tr"):
        if "".join(t.text or "" for t in tr.iter(W + "t")).strip() in titles:
            for p in tr.iter(W + "p"):
                _keep_next(p)


def finish(path: Path, official: bool = True, titles: frozenset[str] = frozenset(), boxes: frozenset[str] = frozenset()) -> None:
    """Merge the group heading rows (`titles`), box the text sections (`boxes`), fit the tables, place the
    signature blocks and break the title of the Word file at `path` (in place)."""
    import docx

    document = docx.Document(str(path))
    body = document.element.body
    merge_title_rows(body, titles)
    _keep_with_next(body, titles)
    box_sections(body, boxes)
    separate_tables(body)
    fit_tables(body)
    place_signatures(body, official)
    break_titles(body)
    document.save(str(path))
