"""The semantic diff for people: Markdown (a pull-request comment), plain text (a terminal), JSON (programs)."""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Any

from wenquan.documents.textsafe import forge_inline
from wenquan.forge.semdiff import DossierDiff, FieldChange

CHANGE_ZH = {"added": "新增", "removed": "删除", "changed": "修改"}


def _value(value: str | None, unit: str) -> str:
    if value is None:
        return "（无）"
    return f"{value} {unit}".strip() if unit and value != "—" else value


def _field_line(f: FieldChange) -> str:
    return f"{f.label}：{_value(f.old, f.unit)} → {_value(f.new, f.unit)}"


def became(old: str | None, new: str | None, bold: bool = False) -> str:
    """由满足变为不满足; for a new dossier simply its result."""
    shown = f"**{new}**" if bold else str(new)
    return shown if old is None else f"由{old}变为{shown}"


def _transition(e: dict[str, Any]) -> str:
    return f"{e.get('date')} {e.get('from') or '（无）'} → {e.get('to')}（{e.get('actor')}）"


def text(diffs: list[DossierDiff]) -> str:
    if not diffs:
        return "两个版本之间申报材料没有变化。\n"
    out = []
    for d in diffs:
        out.append(f"{d.place}（{d.id}）：{CHANGE_ZH[d.change]}")
        out += [f"  {_field_line(f)}" for f in d.fields]
        out += [f"  条件 {c.rule} {c.title}：{became(c.old, c.new)}。{c.message}" for c in d.conditions]
        out += [f"  建议分 {s.rule}：{s.old or '—'} → {s.new or '—'}" for s in d.scores]
        out += [f"  状态变更：{_transition(e)}" for e in d.transitions]
        out += [f"  无法检查：{p}" for p in d.invalid]
    return "\n".join(out) + "\n"


def _bullets(title: str, items: list[str]) -> list[str]:
    """A bold heading and its list, or nothing when there is nothing to list."""
    return [f"**{title}**", "", *(f"- {item}" for item in items), ""] if items else []


def markdown(diffs: list[DossierDiff], heading: str = "###") -> str:
    if not diffs:
        return "两个版本之间申报材料没有变化。\n"
    out: list[str] = []
    for d in diffs:
        out += [f"{heading} {forge_inline(d.place)}（`{d.id}`）：{CHANGE_ZH[d.change]}", ""]
        if d.fields:
            out += ["| 字段 | 原值 | 新值 |", "| --- | --- | --- |"]
            out += [f"| {forge_inline(f.label)}{('（' + forge_inline(f.unit) + '）') if f.unit else ''} | {forge_inline(f.old) if f.old is not None else '（无）'} "
                    f"| {forge_inline(f.new) if f.new is not None else '（无）'} |" for f in d.fields]
            out.append("")
        out += _bullets("申报条件（wenquan check）的变化",
                        [f"{c.rule} {forge_inline(c.title)}：{became(c.old, c.new, bold=True)}。{forge_inline(c.message)}" for c in d.conditions])
        out += _bullets("客观指标建议分（附录E）的变化", [f"{s.rule}：{s.old or '—'} → {s.new or '—'}" for s in d.scores])
        out += _bullets("状态变更", [forge_inline(_transition(e)) for e in d.transitions])
        out += _bullets("未通过检查，无法评估条件", [forge_inline(p) for p in d.invalid])
    return "\n".join(out)


def as_json(diffs: list[DossierDiff]) -> str:
    return json.dumps([asdict(d) for d in diffs], ensure_ascii=False, indent=2, default=str) + "\n"


RENDERERS = {"text": text, "markdown": markdown, "json": as_json}
