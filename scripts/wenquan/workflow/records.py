"""workflow.yaml and review.yaml: read through validation, written whole and atomically, only by wenquan."""

from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import Any

import yaml

from wenquan.dossier.diagnostics import ERROR
from wenquan.dossier.kinds import KINDS
from wenquan.dossier.validate import display_path, load_valid
from wenquan.repo import schemas_dir

HEADERS = {
    "workflow": ["# yaml-language-server: $schema=../../schemas/workflow.schema.json",
                 "# 本文件只由 wenquan 写入，请勿手工修改：每次变更都是一次带尾注的提交，wenquan audit 会逐条核对。"],
    "review": ["# yaml-language-server: $schema=../../schemas/review.schema.json",
               "# 本文件只由 wenquan 写入，请勿手工修改；含专家姓名和评审表，不公开。"],
}


def read(path: Path, kind: str, root: Path) -> dict[str, Any] | None:
    """The record's data, or None when the file does not exist yet. A damaged record is refused."""
    if not path.exists():
        return None
    return load_valid(path, kind, root, f"{display_path(path)} ")


def text(kind: str, data: dict[str, Any]) -> str:
    """The file `dump` writes for `data`, byte for byte, without validating it."""
    return plain_text(kind, data) or _with_header(kind, yaml.safe_dump(data, allow_unicode=True, sort_keys=False,
                                                                       default_flow_style=False, width=4096))


def plain_text(kind: str, data: dict[str, Any]) -> str | None:
    """`text` for a record of the plain subset `fast_body` writes, else None (the audit compares blob ids with it)."""
    body = fast_body(data)
    return None if body is None else _with_header(kind, body)


def _with_header(kind: str, body: str) -> str:
    return "\n".join(HEADERS[kind]) + "\n" + body


def dump(kind: str, data: dict[str, Any]) -> str:
    """The record as YAML text, verified to load and validate exactly as `wenquan validate` would read it."""
    from wenquan.dossier.loader import load_bytes
    from wenquan.dossier.schemas import validate_document, validator_for

    written = text(kind, data)
    doc, problems = load_bytes(written.encode("utf-8"), f"{kind}.yaml")
    if doc is not None:
        problems += validate_document(doc, validator_for(schemas_dir(None) / KINDS[kind].schema))
    errors = [d for d in problems if d.severity == ERROR]
    if errors or doc is None or doc.data != data:
        raise RuntimeError(f"wenquan 生成的 {kind}.yaml 不合格（程序缺陷）：" + "; ".join(f"{d.code} {d.field} {d.message}" for d in errors))
    return written



# What PyYAML's safe_dump (block style, allow_unicode) writes as a plain scalar, kept to a subset that is plain
# beyond doubt: letters, digits, CJK ideographs, CJK and full-width punctuation, and `_-./` inside; not a word
# YAML 1.1 reads as a boolean or null; not starting with a digit, a sign or a dot (numbers, dates, .inf).
# The class of CJK ranges is written once (the first character is the same class but `0-9_-./`): compiling
# such a class costs Python a step for each of its thirty thousand characters.
_PLAIN = re.compile(r"(?![0-9_\-./])[A-Za-z0-9_\-./\u3001-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff01-\uff5e]{1,200}\Z")
_WORDS = frozenset(w for word in ("yes", "no", "true", "false", "on", "off", "null") for w in (word, word.title(), word.upper()))
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}\Z")  # read as a timestamp: single-quoted
_DIGEST = re.compile(r"(?=[0-9a-f]*[a-f])[0-9a-f]{64}\Z")  # a SHA-256 with a letter: never a number


@functools.lru_cache(maxsize=4096)  # records repeat their states, actors and dates
def _string(value: str) -> str | None:
    if _PLAIN.match(value) and value not in _WORDS:
        return value
    if _DATE.match(value):
        return f"'{value}'"
    if _DIGEST.match(value) and not value.startswith(("0b", "0x", "0o")):
        return value
    return None


class _Unsure(Exception):
    """A value outside the subset fast_body writes: safe_dump writes the record."""


def _text(item: Any) -> str:
    """A scalar or an empty collection as safe_dump writes it after "key: " or "- "."""
    kind = type(item)
    found = _string(item) if kind is str else "null" if item is None else str(item) if kind is int else \
        ("true" if item else "false") if kind is bool else "{}" if item == {} and kind is dict else "[]" if item == [] and kind is list else None
    if found is None:
        raise _Unsure
    return found


_KEYS: set[str] = set()  # keys already found plain: records repeat a few dozen


def _key(key: Any) -> None:
    if type(key) is not str or _string(key) != key:
        raise _Unsure
    if len(_KEYS) < 4096:
        _KEYS.add(key)


def _lines(value: dict[str, Any], indent: str, out: list[str], lead: str | None = None) -> None:
    """A non-empty mapping as block lines at `indent`, the first led by `lead` (a sequence item's "- ") where
    given; a sequence in it is not indented (PyYAML's indentless sequence)."""
    if lead is None:
        lead = indent
    for key, item in value.items():
        if key not in _KEYS:
            _key(key)
        kind = type(item)
        if kind is str:  # the usual values first, as _text writes them
            found = _string(item)
            if found is None:
                raise _Unsure
            out.append(f"{lead}{key}: {found}")
        elif kind is int or item is None:
            out.append(f"{lead}{key}: {'null' if item is None else item}")
        elif kind is dict and item:
            out.append(f"{lead}{key}:")
            _lines(item, indent + "  ", out)
        elif kind is list and item:
            out.append(f"{lead}{key}:")
            _items(item, indent, out)
        else:
            out.append(f"{lead}{key}: {_text(item)}")
        lead = indent


# A transition event exactly as `effects.event` makes it for `wenquan advance` with no notice, certificate, deadline or
# ground: most of any record's events, so written in one step (the same lines `_lines` would write, tested).
_TRANSITION = ("seq", "kind", "date", "actor", "from", "to")


def _transition(event: dict[str, Any]) -> str | None:
    """The lines of a top-level sequence item that is a transition event of plain values, else None."""
    seq, date, actor, source, target = event["seq"], event["date"], event["actor"], event["from"], event["to"]
    if type(seq) is not int or event["kind"] != "transition" or type(date) is not str or type(actor) is not str \
            or type(target) is not str or not (source is None or type(source) is str):
        return None
    date, actor, target = _string(date), _string(actor), _string(target)
    source = "null" if source is None else _string(source)
    if date is None or actor is None or target is None or source is None:
        return None
    return f"- seq: {seq}\n  kind: transition\n  date: {date}\n  actor: {actor}\n  from: {source}\n  to: {target}"


def _items(values: list[Any], indent: str, out: list[str]) -> None:
    dash, inner = indent + "- ", indent + "  "
    for item in values:
        if type(item) is dict and item:
            written = _transition(item) if not indent and len(item) == 6 and tuple(item) == _TRANSITION else None
            if written is None:
                _lines(item, inner, out, dash)
            else:
                out.append(written)
        elif type(item) is list and item:
            raise _Unsure
        else:
            out.append(f"{dash}{_text(item)}")


def fast_body(data: dict[str, Any]) -> str | None:
    """safe_dump's text for records made of the plain subset (tested against safe_dump), else None."""
    if not data:
        return None
    out: list[str] = []
    try:
        _lines(data, "", out)
    except _Unsure:
        return None
    return "\n".join(out) + "\n"
