"""Read a filled 申报表 (Word, as `wenquan export application` writes it, then edited in Word, WPS or LibreOffice).

The document is read with python-docx, in body order: the form's table (a label cell, then its value cell), its
record tables (a header row of column labels, then one row per record) and its text boxes (a heading, then the
paragraphs under it). Labels are matched by their name, not by their place, so a row moved, a column added or
a unit edited in a label still reads. Text is taken as Word shows it with tracked changes accepted (inserted
text in, deleted text out), and the rows holding revisions are named so the clerk can look.
"""

from __future__ import annotations

import re
import unicodedata
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from wenquan.documents import appform
from wenquan.documents.ooxml import W
from wenquan.dossier import fieldview
from wenquan.dossier.labels import Labels
from wenquan.errors import UserError

DELETED = {W + "del", W + "moveFrom"}
REVISIONS = {W + "del", W + "ins", W + "moveFrom", W + "moveTo"}
# Headings of the form that are not text boxes: a text box's paragraphs end at one of these.
OTHER_HEADINGS = ("一、基本情况", "省矿业协会（联合会）或其他相关协会推荐意见", "中国温泉之乡（城、都）评审专家组意见",
                  "中国矿业联合会审批意见", "填表说明", "填写格式", "中国温泉之乡（城、都）申报表")
PLACEHOLDERS = ("（未填写）", "（在此填写）")
MIN_LABELS = 8       # fewer of the form's labels than this, and the file is not a 申报表


@dataclass(frozen=True)
class Text:
    """What one cell (or one text box) says, and where it is on the form."""
    text: str
    where: str          # 第 12 行“可采热流体量（立方米/天）” / 矿业权 第 2 行“许可证号”
    revised: bool = False


@dataclass
class Form:
    values: dict[tuple[str, ...], Text] = field(default_factory=dict)     # by field path
    narrative: dict[str, Text] = field(default_factory=dict)
    tables: dict[str, list[dict[str, Text]]] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)                    # what could not be read, by form label
    notes: list[str] = field(default_factory=list)                       # what was left out, and why
    revised: list[str] = field(default_factory=list)                     # where tracked changes were taken as accepted


def key(text: str) -> str:
    """A label as compared: NFKC (full-width brackets are ASCII), no spaces, no trailing colon, no numbering."""
    folded = re.sub(r"\s+", "", unicodedata.normalize("NFKC", text)).rstrip(":")
    return re.sub(r"^(?:[一二三四五六七八九十]+、|\d+[、.]|\([一二三四五六七八九十]+\))", "", folded)


def _paragraph_text(p: Any) -> tuple[str, bool]:
    """A paragraph's text as Word shows it after accepting its tracked changes; whether it held any."""
    parts: list[str] = []
    revised = False
    for el in p.iter():
        tag = el.tag
        if tag in REVISIONS:
            revised = True
        elif tag in (W + "t", W + "tab", W + "br", W + "cr", W + "noBreakHyphen"):
            if any(a.tag in DELETED for a in el.iterancestors()):
                continue
            if tag == W + "t":
                parts.append(el.text or "")
            elif tag == W + "tab":
                parts.append("\t")
            elif tag == W + "noBreakHyphen":
                parts.append("-")
            elif el.get(W + "type") in (None, "textWrapping"):
                parts.append("\n")
    return "".join(parts), revised


def _is_cjk(ch: str) -> bool:
    return "\u3000" <= ch <= "\u9fff" or "\uff00" <= ch <= "\uffef"


def join_lines(lines: list[str]) -> str:
    """One line out of a cell's paragraphs: a break between two Chinese characters joins them, else a space."""
    out = ""
    for line in (ln.strip() for ln in lines):
        if not line:
            continue
        out += ("" if not out or (_is_cjk(out[-1]) and _is_cjk(line[0])) else " ") + line
    return out


def _cell(tc: Any) -> tuple[list[str], bool]:
    lines, revised = [], False
    for p in tc.iter(W + "p"):
        text, changed = _paragraph_text(p)
        lines.extend(text.split("\n"))
        revised |= changed
    return lines, revised


class _Index:
    """The form's labels → fields; a label may carry its group (主要用途·供暖水量) or sit in a group's row."""

    def __init__(self, labels: Labels) -> None:
        self.fields = appform.fields(labels)
        self.groups = {key(g) for g in appform.GROUP.values()}
        self.by_group: dict[tuple[str | None, str], appform.Field] = {}
        names: dict[str, list[appform.Field]] = {}
        for f in self.fields:
            self.by_group[(key(f.group) if f.group else None, key(f.name))] = f
            names.setdefault(key(f.name), []).append(f)
        self.unique = {name: fs[0] for name, fs in names.items() if len(fs) == 1}
        self.tables = {t: appform.table_columns(labels, t, [dict.fromkeys(fieldview.PROVINCIAL, 1)])
                       for t in appform.TABLES}
        self.table_labels = {t: labels.label((t,)) for t in appform.TABLES}
        self.narrative = {key(labels.label(("narrative", k))): k for k in appform.NARRATIVE}
        self.stops = {key(h) for h in OTHER_HEADINGS} | {key(t) for t in self.table_labels.values()}

    def _name_of(self, text: str, names: list[str]) -> str | None:
        """The longest known name that `text` is, or starts with followed by its unit or hint in brackets."""
        found = [n for n in names if text == n or (text.startswith(n) and text[len(n):len(n) + 1] == "(")]
        return max(found, key=len) if found else None

    def lookup(self, text: str, group: str | None) -> appform.Field | None:
        k = key(text)
        if "·" in k:
            head, _, rest = k.partition("·")
            if head in self.groups:
                group, k = head, rest
        names = [n for g, n in self.by_group if g == group]
        name = self._name_of(k, names)
        if name is not None:
            return self.by_group[(group, name)]
        name = self._name_of(k, list(self.unique))
        return self.unique[name] if name is not None else None

    def record_table(self, headers: list[str]) -> tuple[str, list[str | None]] | None:
        """Which record table a header row opens, and the dossier key of each of its columns."""
        for table, columns in self.tables.items():
            names = {key(header.split("（")[0]): k for k, header in columns}
            keys = [names.get(self._name_of(key(h), list(names)) or "") for h in headers]
            if sum(k is not None for k in keys) >= 2:
                return table, keys
        return None


def _open(path: Path) -> Any:
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        return docx.Document(str(path))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise UserError(f"{path}: 不是 Word 文件（.docx），无法读取：{exc}") from None
    except OSError as exc:
        raise UserError(f"{path}: 无法打开：{exc.strerror or exc}") from None


def _unique_cells(row: Any) -> list[Any]:
    """A row's cells, a cell merged across columns once."""
    out: list[Any] = []
    for cell in row.cells:
        if not out or cell._tc is not out[-1]._tc:
            out.append(cell)
    return out


def read(path: Path, labels: Labels) -> Form:
    document = _open(path)
    index = _Index(labels)
    form = Form()
    seen = 0
    current: str | None = None          # the text box being read
    box: list[list[str]] = []
    box_revised = False

    def close_box() -> None:
        nonlocal current, box, box_revised
        if current is not None:
            _narrative(form, labels, current, box, box_revised)
        current, box, box_revised = None, [], False

    table_number = 0
    for block in document.iter_inner_content():
        if block.__class__.__name__ == "Table":
            close_box()
            table_number += 1
            seen += _read_table(block, table_number, index, form, labels)
            continue
        text, revised = _paragraph_text(block._p)
        style = (block.style.name if block.style is not None else "") or ""
        k = key(text)
        heading = style.lower().startswith("heading") or style.startswith("标题")
        if k in index.narrative:
            close_box()
            current = index.narrative[k]
            seen += 1
        elif heading or k in index.stops:
            close_box()
        elif current is not None:
            box.append(text.split("\n"))
            box_revised |= revised
    close_box()
    if seen < MIN_LABELS:
        raise UserError(f"{path}: 不是中国温泉之乡（城、都）申报表：只找到 {seen} 个申报表的栏目；"
                        f"请用 wenquan export application --blank --format docx 生成的空白表填写")
    for f in index.fields:
        if f.path not in form.values and f.path[-1] != "total":
            form.notes.append(f"申报表中找不到“{f.qualified()}”一栏，未读取")
    return form


def _narrative(form: Form, labels: Labels, key_: str, paragraphs: list[list[str]], revised: bool) -> None:
    """A text box's paragraphs (each a list of lines) as its text: blank lines between paragraphs, line breaks kept."""
    text = "\n\n".join(p for p in ("\n".join(lines).strip() for lines in paragraphs) if p)
    for placeholder in PLACEHOLDERS:
        text = text.removeprefix(placeholder).strip()
    title = labels.label(("narrative", key_))
    form.narrative[key_] = Text(text, f"“{title}”", revised)
    if revised:
        form.revised.append(f"“{title}”")


def _box(rows: list[Any], index: _Index, form: Form, labels: Labels) -> int:
    """A one-column table whose first row is a text box's title (附件1's boxed cells): the rows below are its text."""
    title = key(join_lines(_cell(rows[0].cells[0]._tc)[0]))
    paragraphs, revised = [], False
    for row in rows[1:]:
        for p in row.cells[0]._tc.iter(W + "p"):
            text, changed = _paragraph_text(p)
            paragraphs.append(text.split("\n"))
            revised |= changed
    _narrative(form, labels, index.narrative[title], paragraphs, revised)
    return 1


def _read_table(table: Any, number: int, index: _Index, form: Form, labels: Labels) -> int:
    rows = list(table.rows)
    if not rows:
        return 0
    if all(len(_unique_cells(r)) == 1 for r in rows) and key(join_lines(_cell(rows[0].cells[0]._tc)[0])) in index.narrative:
        return _box(rows, index, form, labels)
    headers = [join_lines(_cell(c._tc)[0]) for c in _unique_cells(rows[0])]
    record = index.record_table(headers)
    if record is not None:
        return _read_records(rows, headers, record, index, form)
    found = 0
    group: str | None = None             # a group's heading row (主要用途…) holds for the rows below it
    for row_number, row in enumerate(rows, start=1):
        cells = _unique_cells(row)
        texts = [_cell(c._tc) for c in cells]
        lines = [join_lines(t[0]) for t in texts]
        heading = bool(lines) and key(lines[0]) in index.groups
        if heading and not any(lines[1:]):
            group = key(lines[0])
            continue
        row_group = key(lines[0]) if heading else None          # or the group in the row's first cell
        i = 1 if heading else 0
        while i < len(cells):
            f = index.lookup(lines[i], row_group or group) if lines[i] else None
            if f is None:
                if lines[i]:
                    form.notes.append(f"表{number} 第 {row_number} 行的“{lines[i]}”不是申报表的栏目，未读取")
                i += 1
                continue
            if f.group is None or key(f.group) != group:
                group = None                                    # a field outside the group: the group has ended
            value, revised = (lines[i + 1], texts[i + 1][1]) if i + 1 < len(cells) else ("", False)
            where = f"第 {row_number} 行“{f.qualified()}”"
            if f.path in form.values and form.values[f.path].text != value:
                form.problems.append(f"{where}：申报表中有两处这一栏，填写的内容不同")
            form.values[f.path] = Text(value, where, revised or texts[i][1])
            if revised or texts[i][1]:
                form.revised.append(where)
            found += 1
            i += 2
    return found


def _read_records(rows: list[Any], headers: list[str], record: tuple[str, list[str | None]], index: _Index, form: Form) -> int:
    table, keys = record
    label = index.table_labels[table]
    for header, k in zip(headers, keys, strict=True):
        if k is None and header:
            form.notes.append(f"{label}表的“{header}”列不是这张表的栏目，未读取")
    items = form.tables.setdefault(table, [])
    for row_number, row in enumerate(rows[1:], start=1):
        texts = [_cell(c._tc) for c in _unique_cells(row)]
        if len(texts) != len(keys):
            form.problems.append(f"{label}表第 {row_number} 行有 {len(texts)} 格，而表头有 {len(keys)} 列；请不要合并或拆分单元格")
            continue
        cells = {k: Text(join_lines(lines), f"{label}表第 {row_number} 行“{header}”", revised)
                 for k, header, (lines, revised) in zip(keys, headers, texts, strict=True) if k is not None}
        if not any(c.text.strip() for c in cells.values()):
            continue                      # an empty row of the blank form
        items.append(cells)
        form.revised.extend(c.where for c in cells.values() if c.revised)
    return 1
