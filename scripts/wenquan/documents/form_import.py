"""`wenquan import FILE.docx --id ID`: a filled 申报表 (附件1) into `dossiers/ID/dossier.yaml`.

The form is read by `formread` and each cell by `cellvalue`; a cell that does not read is reported by its form
label and nothing is written. The dossier is written in format v1 as `wenquan new` writes it (every key, titles
as comments). Over an existing dossier (`--force`) the fields the form does not show (contact, materials,
chemistry, plan…) are kept, and so are the columns of a permit or a year that the form's table leaves out
(释-21 in the interpretations of registry/rules.yaml).
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from wenquan.documents import appform, cellvalue, formread
from wenquan.dossier import scaffold
from wenquan.dossier.diagnostics import Diagnostic
from wenquan.dossier.labels import Labels
from wenquan.dossier.loader import load_bytes, load_trusted
from wenquan.errors import UserError
from wenquan.fsutil import write_text_atomic
from wenquan.repo import Repository

LEVELS = ("乡", "城", "都")
RECORD_KEY = {"permits": "number", "reinjection_history": "year"}     # how a row finds its record in the dossier


@dataclass
class Imported:
    dossier_id: str
    target: Path
    text: str                                   # the dossier as it will be written
    previous: bytes | None                      # what was there (only with --force)
    where: dict[tuple[Any, ...], str]           # field path → its place on the form, for diagnostics
    notes: list[str] = field(default_factory=list)


def _set(data: dict[str, Any], path: tuple[str, ...], value: Any) -> None:
    for part in path[:-1]:
        if not isinstance(data.get(part), dict):
            data[part] = {}
        data = data[part]
    data[path[-1]] = value


def _level(text: str) -> str:
    match = re.fullmatch(r"(?:中国)?(?:温泉)?之?([乡城都])", cellvalue.folded(text))
    if match is None:
        raise cellvalue.Unreadable(f"“{text.strip()}”应为“中国温泉之乡”“中国温泉之城”或“中国温泉之都”")
    return match.group(1)


def _values(form: formread.Form, labels: Labels, problems: list[str], notes: list[str]) -> dict[tuple[str, ...], Any]:
    out: dict[tuple[str, ...], Any] = {}
    for f in appform.fields(labels):
        cell = form.values.get(f.path)
        if cell is None or (f.path[-1] == "total" and f.path[0] in appform.TOTALS):
            continue
        try:
            if f.path == ("level",):
                value = _level(cell.text) if cellvalue.folded(cell.text) not in cellvalue.EMPTY else None
            else:
                value = cellvalue.parse(cell.text, labels.node(f.path), f.unit, ratio=f.path[-1] in appform.RATIOS)
        except cellvalue.Unreadable as exc:
            problems.append(f"{cell.where}：{exc}")
            continue
        if f.path == ("fluid", "water_type") and isinstance(value, str):
            value = unicodedata.normalize("NFKC", value)      # HCO₃ as typed with subscripts is HCO3
        out[f.path] = value
    for group in appform.TOTALS:
        _check_total(form, out, group, notes)
    return out


def _check_total(form: formread.Form, values: dict[tuple[str, ...], Any], group: str, notes: list[str]) -> None:
    """附件1's 合计 is the sum of 直接 and 间接; the dossier keeps only those two, so a different 合计 is pointed out."""
    cell = form.values.get((group, "total"))
    parts = [values.get((group, k)) for k in ("direct", "indirect")]
    if cell is None or cellvalue.folded(cell.text) in cellvalue.EMPTY or any(p is None for p in parts):
        return
    try:
        typed = cellvalue.number(cell.text, appform.TOTALS[group][1])
    except cellvalue.Unreadable:
        typed = None
    if typed != sum(parts):   # type: ignore[arg-type]
        notes.append(f"{cell.where}：填写的“{cell.text.strip()}”不等于直接与间接之和 {appform.number_text(sum(parts))}"   # type: ignore[arg-type]
                     "；申报材料只记直接与间接，合计由二者算出")


def _records(form: formread.Form, labels: Labels, table: str, problems: list[str]) -> list[dict[str, Any]]:
    items = []
    for row in form.tables.get(table, []):
        item: dict[str, Any] = {}
        for key, cell in row.items():
            path = (table, 0, key)
            try:
                item[key] = cellvalue.parse(cell.text, labels.node(path), labels.unit(path))
            except cellvalue.Unreadable as exc:
                problems.append(f"{cell.where}：{exc}")
        items.append(item)
    return items


def _merge_records(new: list[dict[str, Any]], old: Any, table: str) -> list[dict[str, Any]]:
    """Each row of the form, over the record of the dossier with the same permit number or year (释-21)."""
    if not isinstance(old, list):
        return new
    by_key = {item.get(RECORD_KEY[table]): item for item in old if isinstance(item, dict)}
    return [{**by_key.get(item.get(RECORD_KEY[table]), {}), **item} if item.get(RECORD_KEY[table]) is not None else item
            for item in new]


def _narrative(text: str) -> str | None:
    return text.strip() + "\n" if text.strip() else None


def prepare(repo: Repository, source: Path, dossier_id: str, level: str | None = None, force: bool = False) -> Imported:
    """Read `source` into the text of `dossiers/ID/dossier.yaml`; a UserError lists every cell that does not read."""
    folder = repo.dossier_dir(dossier_id)          # refuses what is not a dossier id
    target = folder / "dossier.yaml"
    previous = target.read_bytes() if target.is_file() else None
    if previous is not None and not force:
        raise UserError(f"{target.relative_to(repo.root)}: 已存在，不会覆盖；确认要用申报表的内容替换时加 --force（会先列出变化）")
    if folder.exists() and previous is None:
        raise UserError(f"{folder.relative_to(repo.root)}: 文件夹已存在但没有 dossier.yaml；请换一个编号或先整理该文件夹")
    if level is not None and level not in LEVELS:
        raise UserError(f"--level 只能是 乡、城 或 都，而不是“{level}”")
    if not source.is_file():
        raise UserError(f"{source}: 文件不存在")
    labels = Labels(repo.root)
    form = formread.read(source, labels)
    problems, notes = list(form.problems), list(form.notes)
    values = _values(form, labels, problems, notes)
    tables = {t: _records(form, labels, t, problems) for t in appform.TABLES if t in form.tables}
    shown = values.get(("level",))
    if level is not None and shown is not None and shown != level:
        problems.append(f"{form.values[('level',)].where}：申报表写的是“中国温泉之{shown}”，而 --level 是“{level}”")
    level = level or shown
    if level is None:
        problems.append("申报名称：没有填写；请在申报表中填写“中国温泉之乡（城、都）”之一，或用 --level 指定")
    place = values.get(("place",))
    if not place:
        where = form.values[("place",)].where if ("place",) in form.values else "“地点”"
        problems.append(f"{where}：地点不能为空")
    if problems:
        raise UserError(f"{source}: 申报表中有 {len(problems)} 处无法读取，未写入任何文件：\n" + "\n".join(f"  {p}" for p in problems))
    data = _existing(previous, target.relative_to(repo.root).as_posix()) if previous is not None else {}
    for path, value in values.items():
        if path not in (("level",), ("place",)):
            _set(data, path, value)
    for table, items in tables.items():
        data[table] = _merge_records(items, data.get(table), table)
    for key, box in form.narrative.items():
        _set(data, ("narrative", key), _narrative(box.text))
    schema = json.loads((repo.schemas / "dossier.schema.json").read_text(encoding="utf-8"))
    # a dossier being replaced keeps leaving out the optional sections it left out (a new one lists them all)
    omit = frozenset(k for k in schema["properties"] if previous is not None and k not in data and k not in schema.get("required", []))
    text = scaffold.scaffold_text(schema, str(level), str(place), data, omit)
    _same_as_written(text, {**data, "schema_version": 1, "level": level, "place": place})
    places: dict[tuple[Any, ...], str] = {path: cell.where for path, cell in form.values.items()}
    places.update({("narrative", k): box.where for k, box in form.narrative.items()})
    notes += [f"{w}：含未接受的修订，已按接受修订后的内容读取" for w in form.revised]
    return Imported(dossier_id, target, text, previous, places, notes)


def _existing(raw: bytes, shown: str) -> dict[str, Any]:
    """The dossier being replaced, read as `wenquan validate` reads it (dates stay text); one that does not read is
    not overwritten."""
    doc, diagnostics = load_bytes(raw, shown)
    errors = [d for d in diagnostics if d.is_error]
    if doc is None or errors or not isinstance(doc.data, dict):
        detail = "；".join(f"第 {d.line} 行 {d.message}" for d in errors[:3])
        raise UserError(f"{shown}: 现有申报材料无法读取（{detail or '不是键值结构'}）；请先修正或删除后再导入")
    data: dict[str, Any] = doc.data
    return data


def _pruned(value: Any) -> Any:
    """`value` without what only says "unknown": nulls, and the empty objects and rows a new dossier lists."""
    if isinstance(value, dict):
        kept = {k: _pruned(v) for k, v in value.items()}
        return {k: v for k, v in kept.items() if v not in (None, {}, [])}
    if isinstance(value, list):
        items = [_pruned(v) for v in value]
        return [] if all(v in (None, {}) for v in items) else items
    return value


def _same_as_written(text: str, data: dict[str, Any]) -> None:
    """The YAML written must read back as the data meant (a bug otherwise, never a silent change)."""
    if _pruned(load_trusted(text)) != _pruned(data):
        raise RuntimeError("imported dossier does not read back as the form's values")


def write(repo: Repository, imported: Imported) -> str:
    folder = imported.target.parent
    created = not folder.exists()
    if created:
        (folder / "materials").mkdir(parents=True)
    try:
        write_text_atomic(imported.target, imported.text)
    except BaseException:
        if created:                      # a new dossier is there whole or not at all
            shutil.rmtree(folder, ignore_errors=True)
        raise
    return str(imported.target.relative_to(repo.root))


def _path(field_text: str) -> tuple[Any, ...]:
    parts: list[Any] = []
    for name, index in re.findall(r"([^.\[\]]+)|\[(\d+)\]", field_text):
        parts.append(int(index) if index else name)
    return tuple(parts)


def form_place(imported: Imported, labels: Labels, diagnostic: Diagnostic) -> str | None:
    """Where on the form the field of a validation finding is: its row label, or a record table's row and column."""
    path = _path(diagnostic.field)
    if len(path) >= 2 and path[0] in appform.TABLES and isinstance(path[1], int):
        column = labels.label((path[0], 0, path[2])) if len(path) > 2 else ""
        return f"{labels.label((path[0],))}表第 {path[1] + 1} 行" + (f"“{column}”" if column else "")
    for length in range(len(path), 0, -1):
        if path[:length] in imported.where:
            return imported.where[path[:length]]
    if path and path[0] == "narrative" and len(path) > 1:
        return f"“{labels.label(path[:2])}”"
    return None


def validate(repo: Repository, imported: Imported, today: dt.date) -> list[tuple[Diagnostic, str | None]]:
    """`wenquan validate` on the written dossier; each finding with its place on the form."""
    from wenquan.dossier.kinds import KINDS
    from wenquan.dossier.validate import display_path, validate_file
    from wenquan.rules.figures import typed_figures

    labels = Labels(repo.root)
    found = validate_file(imported.target, KINDS["dossier"], repo.schemas, today, display_path(imported.target),
                          (typed_figures,), repo.root)
    return [(d, form_place(imported, labels, d)) for d in found]
