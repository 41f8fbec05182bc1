"""Word documents through pandoc (pypandoc-binary: no system pandoc needed), in the 公文 style of GB/T 9704-2012.

`templates/reference.docx` carries the style: A4, 天头 37 mm, 订口 28 mm, 版心 156 mm × 225 mm; body 3号仿宋
(16 pt) at a fixed 28.95 pt line (22 lines a page); title 2号小标宋 (22 pt) centred; headings 3号黑体 (一、),
3号楷体 (（一）), then 仿宋 bold. `build_reference` makes it from pandoc's own reference document; it is
committed so a repository can change it in Word, and rebuilt with

    python3 -c "from pathlib import Path; from wenquan.documents.wordfile import build_reference; build_reference(Path('templates/reference.docx'))"
"""

from __future__ import annotations

import math
import os
import re
import subprocess
import tempfile
import zipfile
from collections.abc import Callable
from pathlib import Path

from wenquan.errors import UserError
from wenquan.fsutil import write_bytes_atomic

# The Markdown dialect documents are written in: pipe tables, fenced divs for Word paragraph styles, YAML
# title block. Everything that would let text become markup or code is off (dossier text is escaped too).
READER = ("markdown-raw_html-raw_tex-raw_attribute-tex_math_dollars-tex_math_single_backslash"
          "-citations-footnotes-inline_notes-native_spans-bracketed_spans-link_attributes-smart"
          "-implicit_figures-auto_identifiers")

MM = 1440 / 25.4                         # twips per millimetre
PAGE = {"w": 11906, "h": 16838}          # A4 in twips
MARGINS = {"top": round(37 * MM), "bottom": round(35 * MM), "left": round(28 * MM), "right": round(26 * MM),
           # GB/T 9704 7.5: the page number's dash sits 7 mm below the text block; its line is about 5 mm high
           "header": round(15 * MM), "footer": round((35 - 7 - 5) * MM), "gutter": 0}
LINE = 579                               # 225 mm / 22 lines ≈ 28.95 pt = 579 twips, exact
# GB/T 9704 7.1: 28 characters a line. The text block is 156 mm = 442.2 pt; a 3号 character is 16 pt, so the body's
# characters are drawn (16 − 442.2/28) pt closer, in whole twentieths of a point: 28 fit a line, 29 do not. (Run
# spacing, not a character grid: Word and LibreOffice read a grid's pitch differently; both read this the same.)
CONDENSE = -math.ceil((16 - (156 * 72 / 25.4) / 28) * 20)

FANGSONG, HEITI, KAITI, XIAOBIAOSONG, SONG = "仿宋", "黑体", "楷体", "方正小标宋简体", "宋体"
SIZE_3, SIZE_2, SIZE_4, SIZE_4_SMALL = 32, 44, 28, 24   # half-points: 3号 16 pt, 2号 22 pt, 4号 14 pt, 小四 12 pt
# The fonts a Chinese government machine has, with the names Word and WPS also know them by (fontTable altName):
# a machine with only 仿宋_GB2312 or 楷体_GB2312 (older Windows, WPS) uses those.
FONT_TABLE = {FANGSONG: ("仿宋_GB2312", "02010609060101010101"), KAITI: ("楷体_GB2312", "02010609060101010101"),
              HEITI: ("SimHei", "02010609060101010101"), XIAOBIAOSONG: ("方正小标宋_GBK", "02000000000000000000"),
              SONG: ("SimSun", "02010600030101010101")}


def _fonts(east_asia: str) -> str:
    return (f'<w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" w:cs="Times New Roman" '
            f'w:eastAsia="{east_asia}" w:hint="eastAsia" />')


def _rpr(east_asia: str, size: int, bold: bool = False) -> str:
    condense = f'<w:spacing w:val="{CONDENSE}" />' if size == SIZE_3 else ""
    return (f"<w:rPr>{_fonts(east_asia)}{'<w:b /><w:bCs />' if bold else ''}<w:color w:val=\"000000\" />"
            f'{condense}<w:sz w:val="{size}" /><w:szCs w:val="{size}" /></w:rPr>')


def _ppr(*, jc: str | None = None, first_line_chars: int | None = None, before: int = 0, after: int = 0,
         line: int | None = LINE, outline: int | None = None, keep: bool = False, new_page: bool = False,
         grid: bool = True) -> str:
    parts = ["<w:pPr>"]
    if keep:
        parts.append("<w:keepNext /><w:keepLines />")
    if new_page:
        parts.append("<w:pageBreakBefore />")
    if not grid:
        parts.append('<w:snapToGrid w:val="0" />')
    spacing = f'<w:spacing w:before="{before}" w:after="{after}"'
    spacing += f' w:line="{line}" w:lineRule="exact" />' if line else ' w:line="240" w:lineRule="auto" />'
    parts.append(spacing)
    if first_line_chars is not None:
        parts.append(f'<w:ind w:firstLineChars="{first_line_chars}" w:firstLine="{first_line_chars * 16 * 20 // 100}" />')
    if jc:
        parts.append(f'<w:jc w:val="{jc}" />')
    if outline is not None:
        parts.append(f'<w:outlineLvl w:val="{outline}" />')
    parts.append("</w:pPr>")
    return "".join(parts)


# style id → (paragraph properties, run properties)
STYLES = {
    "BodyText": (_ppr(first_line_chars=200), _rpr(FANGSONG, SIZE_3)),
    "FirstParagraph": (_ppr(first_line_chars=200), _rpr(FANGSONG, SIZE_3)),
    # table cells: no first-line indent and off the page's line grid (else every row is a grid line or two high)
    "Compact": (_ppr(line=None, first_line_chars=0, grid=False), _rpr(FANGSONG, SIZE_4_SMALL)),
    "Title": (_ppr(jc="center", before=0, after=LINE, line=None), _rpr(XIAOBIAOSONG, SIZE_2)),
    "Subtitle": (_ppr(jc="center", after=LINE // 2), _rpr(KAITI, SIZE_3)),
    "Date": (_ppr(jc="right"), _rpr(FANGSONG, SIZE_3)),
    # GB/T 9704 7.3.3: 一、 and （一） headings are paragraphs of the body, indented two characters
    "Heading1": (_ppr(outline=0, keep=True, first_line_chars=200), _rpr(HEITI, SIZE_3)),
    "Heading2": (_ppr(outline=1, keep=True, first_line_chars=200), _rpr(KAITI, SIZE_3)),
    "Heading3": (_ppr(outline=2, keep=True, first_line_chars=200), _rpr(FANGSONG, SIZE_3, bold=True)),
}
CUSTOM = {   # paragraph styles the templates ask for with ::: {custom-style="…"}
    "Signature": ("落款", _ppr(jc="right"), _rpr(FANGSONG, SIZE_3)),
    "Centered": ("居中", _ppr(jc="center"), _rpr(FANGSONG, SIZE_3)),
    "Draft": ("草稿标记", _ppr(jc="center"), _rpr(HEITI, SIZE_3, bold=True)),
    "PageTitle": ("另页标题", _ppr(jc="center", after=LINE // 2, new_page=True), _rpr(HEITI, SIZE_3)),
}
TABLE_BORDERS = ("<w:tblBorders>" + "".join(f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="000000" />'
                                             for side in ("top", "left", "bottom", "right", "insideH", "insideV"))
                 + "</w:tblBorders>")


def pandoc_path() -> str:
    import pypandoc

    path: str = pypandoc.get_pandoc_path()
    return path


def _restyle(styles: str, style_id: str, ppr: str, rpr: str) -> str:
    pattern = re.compile(rf'(<w:style [^>]*w:styleId="{style_id}"[^>]*>)(.*?)(</w:style>)', re.S)
    match = pattern.search(styles)
    if match is None:
        raise RuntimeError(f"pandoc's reference document has no style {style_id}")
    body = re.sub(r"<w:pPr>.*?</w:pPr>|<w:pPr\s*/>|<w:rPr>.*?</w:rPr>", "", match.group(2), flags=re.S)
    return styles[:match.start()] + match.group(1) + body + ppr + rpr + match.group(3) + styles[match.end():]


def restyle(styles: str) -> str:
    for style_id, (ppr, rpr) in STYLES.items():
        styles = _restyle(styles, style_id, ppr, rpr)
    styles = re.sub(r"<w:docDefaults>.*?</w:docDefaults>",
                    "<w:docDefaults><w:rPrDefault>" + _rpr(FANGSONG, SIZE_3).replace("<w:color w:val=\"000000\" />", "").replace(f'<w:spacing w:val="{CONDENSE}" />', "")
                    .replace("</w:rPr>", '<w:lang w:val="en-US" w:eastAsia="zh-CN" w:bidi="ar-SA" /></w:rPr>')
                    + "</w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:after=\"0\" /></w:pPr></w:pPrDefault></w:docDefaults>",
                    styles, count=1, flags=re.S)
    styles = styles.replace('<w:tblInd w:w="0" w:type="dxa" />', '<w:tblInd w:w="0" w:type="dxa" />' + TABLE_BORDERS, 1)
    custom = "".join(f'<w:style w:type="paragraph" w:customStyle="1" w:styleId="{sid}"><w:name w:val="{sid}" />'
                     f'<w:aliases w:val="{alias}" /><w:basedOn w:val="Normal" /><w:qFormat />{ppr}{rpr}</w:style>'
                     for sid, (alias, ppr, rpr) in CUSTOM.items())
    return styles.replace("</w:styles>", custom + "</w:styles>")


R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
FOOTER_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer"
FOOTER_CONTENT = "application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"
FOOTERS = {"default": ("footer1.xml", "rIdWqFooterOdd", "right"), "even": ("footer2.xml", "rIdWqFooterEven", "left")}


def footer(align: str) -> str:
    """GB/T 9704 7.5: the page number in 4号 半角 Arabic numerals with a dash each side (— 1 —), one character in
    from the outside edge: right on odd pages, left on even ones."""
    run = f'<w:rPr><w:rFonts w:ascii="{SONG}" w:hAnsi="{SONG}" w:eastAsia="{SONG}" w:cs="{SONG}" /><w:sz w:val="{SIZE_4}" /><w:szCs w:val="{SIZE_4}" /></w:rPr>'
    side = "right" if align == "right" else "left"
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            f'<w:ftr xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="{R_NS}">'
            f'<w:p><w:pPr><w:jc w:val="{align}" /><w:ind w:{side}="{SIZE_4 * 10}" /><w:snapToGrid w:val="0" /></w:pPr>'
            f'<w:r>{run}<w:t xml:space="preserve">— </w:t></w:r>'
            f'<w:fldSimple w:instr=" PAGE "><w:r>{run}<w:t>1</w:t></w:r></w:fldSimple>'
            f'<w:r>{run}<w:t xml:space="preserve"> —</w:t></w:r></w:p></w:ftr>')


def page_setup(document: str) -> str:
    margins = " ".join(f'w:{side}="{twips}"' for side, twips in MARGINS.items())
    references = "".join(f'<w:footerReference w:type="{kind}" r:id="{rid}" />' for kind, (_, rid, _) in FOOTERS.items())
    sect = (f'<w:sectPr>{references}<w:footnotePr><w:numRestart w:val="eachSect" /></w:footnotePr>'
            f'<w:pgSz w:w="{PAGE["w"]}" w:h="{PAGE["h"]}" />'
            f'<w:pgMar {margins} />'
            f'<w:docGrid w:type="lines" w:linePitch="{LINE}" /></w:sectPr>')
    if "xmlns:r=" not in document[:2000]:
        document = document.replace("<w:document ", f'<w:document xmlns:r="{R_NS}" ', 1)
    return re.sub(r"<w:sectPr>.*?</w:sectPr>", sect, document, count=1, flags=re.S)


def _relationships(rels: str) -> str:
    extra = "".join(f'<Relationship Type="{FOOTER_TYPE}" Id="{rid}" Target="{name}" />' for name, rid, _ in FOOTERS.values())
    return rels.replace("</Relationships>", extra + "</Relationships>")


def _content_types(types: str) -> str:
    extra = "".join(f'<Override PartName="/word/{name}" ContentType="{FOOTER_CONTENT}" />' for name, _, _ in FOOTERS.values())
    return types.replace("</Types>", extra + "</Types>")


def _settings(settings: str) -> str:
    """Odd and even pages have their own footer (the page number's side alternates)."""
    return re.sub(r"(<w:settings[^>]*>)", r"\1<w:evenAndOddHeaders />", settings, count=1)


def _font_table(fonts: str) -> str:
    entries = "".join(f'<w:font w:name="{name}"><w:altName w:val="{alt}" /><w:panose1 w:val="{panose}" /><w:charset w:val="86" />'
                      f'<w:family w:val="{"modern" if name in (FANGSONG, KAITI) else "auto"}" /><w:pitch w:val="variable" /></w:font>'
                      for name, (alt, panose) in FONT_TABLE.items())
    return fonts.replace("</w:fonts>", entries + "</w:fonts>")


def build_reference(out: Path) -> None:
    """Write the 公文-style reference document, byte for byte the same on every run."""
    default = subprocess.run([pandoc_path(), "--print-default-data-file", "reference.docx"],
                             capture_output=True, check=True).stdout
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "default.docx"
        source.write_bytes(default)
        with zipfile.ZipFile(source) as zin:
            entries = [(info.filename, zin.read(info.filename)) for info in zin.infolist()]
    staged = out.with_name(f".{out.name}.tmp")
    with zipfile.ZipFile(staged, "w", zipfile.ZIP_DEFLATED) as zout:
        edits = {"word/styles.xml": restyle, "word/document.xml": page_setup, "word/_rels/document.xml.rels": _relationships,
                 "[Content_Types].xml": _content_types, "word/settings.xml": _settings, "word/fontTable.xml": _font_table}
        parts = [(name, edits[name](data.decode("utf-8")).encode("utf-8") if name in edits else data) for name, data in entries]
        parts += [(f"word/{name}", footer(align).encode("utf-8")) for name, _, align in FOOTERS.values()]
        for name, data in parts:
            info = zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            zout.writestr(info, data)
    os.replace(staged, out)


def to_docx(markdown: str, out: Path, reference: Path, finish: Callable[[Path], object] | None = None) -> None:
    """Convert `markdown` (our dialect) to a Word file at `out`, written whole or not at all; `finish` edits the
    file pandoc wrote before it is moved into place (wordtables.fit_tables)."""
    if not reference.is_file():
        raise UserError(f"{reference}: 缺少 Word 样式模板（reference.docx）")
    with tempfile.TemporaryDirectory(prefix="wenquan-docx-") as folder:
        staged = Path(folder) / "out.docx"
        result = subprocess.run([pandoc_path(), "--from", READER, "--to", "docx", "--reference-doc", str(reference),
                                 "--output", str(staged)], input=markdown.encode("utf-8"), capture_output=True)
        if result.returncode != 0:
            raise RuntimeError("pandoc: " + result.stderr.decode("utf-8", "replace"))
        if finish is not None:
            finish(staged)
        write_bytes_atomic(out, staged.read_bytes())
