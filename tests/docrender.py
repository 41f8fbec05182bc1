"""Word documents rendered as a clerk sees them: LibreOffice (headless) to PDF, read back with PyMuPDF.

What is checked here is what the rendered pages show, not what the XML says: page numbers, where tables and text
sit against the text block, whether a table row was cut by a page break, what words are on the page.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

MM = 72 / 25.4
# GB/T 9704 版心 on A4: 天头 37 mm, 订口 28 mm, text block 156 × 225 mm (a landscape page turns it).
PORTRAIT_BLOCK = (28 * MM, 37 * MM, (28 + 156) * MM, (37 + 225) * MM)
LANDSCAPE_BLOCK = (37 * MM, 28 * MM, (297 - 35) * MM, (210 - 26) * MM)
TOLERANCE = 2.0                     # points: a border's half width, a glyph's side bearing
HANGING = "，。、；：？！”’）》」』"          # punctuation both Word and LibreOffice let hang past the right edge
PAGE_NUMBER = re.compile(r"^—\s*(\d+)\s*—$")


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def to_pdf(files: list[Path], out: Path, profile: Path) -> list[Path]:
    """Every file converted by one LibreOffice process with its own profile (no clash with a desktop session)."""
    out.mkdir(parents=True, exist_ok=True)
    command = [str(soffice()), f"-env:UserInstallation=file://{profile}", "--headless", "--norestore",
               "--convert-to", "pdf", "--outdir", str(out), *map(str, files)]
    # the 公文 fonts a Chinese government machine has, mapped to the Noto CJK fonts this machine has (README)
    fonts = Path(__file__).resolve().parents[1] / "templates" / "fontconfig" / "fonts.conf"
    subprocess.run(command, check=True, capture_output=True, timeout=600, env={**os.environ, "FONTCONFIG_FILE": str(fonts)})
    pdfs = [out / f"{f.stem}.pdf" for f in files]
    missing = [p for p in pdfs if not p.is_file()]
    assert not missing, f"LibreOffice wrote no PDF for {missing}"
    return pdfs


@dataclass
class Line:
    text: str
    x0: float
    y0: float
    x1: float
    y1: float
    size: float


@dataclass
class Page:
    number: int
    width: float
    height: float
    lines: list[Line]
    tables: list[dict[str, Any]] = field(default_factory=list)

    @property
    def landscape(self) -> bool:
        return self.width > self.height

    @property
    def block(self) -> tuple[float, float, float, float]:
        return LANDSCAPE_BLOCK if self.landscape else PORTRAIT_BLOCK

    @property
    def text(self) -> str:
        return "\n".join(line.text for line in self.lines)


def read(pdf: Path, images: Path | None = None) -> list[Page]:
    """Each page's lines of text and tables (cell texts and box); with `images`, a PNG of each page kept there."""
    import pymupdf

    pages = []
    with pymupdf.open(str(pdf)) as document:
        for index, page in enumerate(document):
            lines = []
            for block in page.get_text("dict")["blocks"]:
                for line in block.get("lines", []):
                    text = "".join(span["text"] for span in line["spans"])
                    if text.strip():
                        x0, y0, x1, y1 = line["bbox"]
                        lines.append(Line(text.strip(), x0, y0, x1, y1, max(s["size"] for s in line["spans"])))
            tables = [{"bbox": tuple(t.bbox), "rows": t.extract()} for t in page.find_tables().tables]
            pages.append(Page(index + 1, page.rect.width, page.rect.height, lines, tables))
            if images is not None:
                images.mkdir(parents=True, exist_ok=True)
                page.get_pixmap(dpi=50).save(str(images / f"{pdf.stem}-{index + 1}.png"))
    return pages


def page_number(page: Page) -> Line | None:
    """The page number line below the text block: "— 3 —"."""
    found = [ln for ln in page.lines if PAGE_NUMBER.match(ln.text) and ln.y0 > page.block[3]]
    return found[0] if len(found) == 1 else None


def outside_block(page: Page) -> list[str]:
    """Text or tables that reach beyond the page's text block (the page number is below it by design)."""
    left, top, right, bottom = page.block
    out = []
    for ln in page.lines:
        if PAGE_NUMBER.match(ln.text):
            continue
        hanging = ln.text[-1] in HANGING and ln.x1 - right <= ln.size + TOLERANCE   # CJK punctuation may hang
        if ln.x0 < left - TOLERANCE or (ln.x1 > right + TOLERANCE and not hanging):
            out.append(f"第 {page.number} 页文字“{ln.text[:20]}”超出版心（{ln.x0:.0f}–{ln.x1:.0f}，版心 {left:.0f}–{right:.0f}）")
    for table in page.tables:
        x0, _, x1, _ = table["bbox"]
        if x0 < left - TOLERANCE or x1 > right + TOLERANCE:
            out.append(f"第 {page.number} 页表格超出版心（{x0:.0f}–{x1:.0f}，版心 {left:.0f}–{right:.0f}）")
    return out


def squeeze(text: str | None) -> str:
    return re.sub(r"\s+", "", text or "")


# A probe copy of a document: each table row's text in a colour of its own. Colour changes no layout, and the PDF
# keeps each span's colour, so a row whose colour shows on two pages was cut by a page break.
STEP = 17


def row_colour(index: int) -> str:
    r, g, b = (index // 225) % 15 + 1, (index // 15) % 15, index % 15
    return f"{r * STEP:02X}{g * STEP:02X}{b * STEP:02X}"


def colour_row(colour: int) -> int | None:
    r, g, b = (round(((colour >> shift) & 0xFF) / STEP) for shift in (16, 8, 0))
    return (r - 1) * 225 + g * 15 + b if r else None


def probe(source: Path, target: Path) -> int:
    """Write `source` with every table row's runs coloured by row (python-docx); the number of rows with text
    (header rows, which repeat, and rows allowed to run on, stay as they are and are not counted)."""
    import docx

    from wenquan.documents.ooxml import W, child, first

    document = docx.Document(str(source))
    rows = 0
    for index, tr in enumerate(document.element.body.iter(W + "tr")):
        if tr.find(f"{W}trPr/{W}tblHeader") is not None or tr.find(f"{W}trPr/{W}cantSplit") is None:
            continue                  # a header row repeats on each page of its table; a long text box may run on
        if any((t.text or "").strip() for t in tr.iter(W + "t")):
            rows += 1
        for run in tr.iter(W + "r"):
            child(first(run, "rPr"), "color", val=row_colour(index))
    document.save(str(target))
    return rows


def pages_of_rows(pdf: Path) -> dict[int, set[int]]:
    """Each coloured row of a probe's PDF and the pages its text is on."""
    import pymupdf

    found: dict[int, set[int]] = {}
    with pymupdf.open(str(pdf)) as document:
        for page in document:
            for block in page.get_text("dict")["blocks"]:
                for line in block.get("lines", []):
                    for span in line["spans"]:
                        row = colour_row(span["color"]) if span["text"].strip() else None
                        if row is not None:
                            found.setdefault(row, set()).add(page.number + 1)
    return found
