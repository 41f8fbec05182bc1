"""JSON Schema validation whose findings name the line, the field and the fix, in Chinese."""

from __future__ import annotations

import json
from collections.abc import Iterator
from functools import cache, cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from wenquan.dossier import quickschema
from wenquan.dossier.diagnostics import WARNING, Diagnostic
from wenquan.dossier.loader import Document
from wenquan.errors import UserError

if TYPE_CHECKING:
    import jsonschema
    from jsonschema.exceptions import ValidationError

_TYPE_ZH = {"string": "文本", "number": "数字", "integer": "整数", "boolean": "true 或 false", "object": "映射（键: 值）",
            "array": "列表", "null": "空（null）"}

FORMATS = frozenset({"date"})  # the formats asserted; the others are annotations


class Validator:
    """One schema: a quick check for the common case (valid), jsonschema for the rest and for every message.

    jsonschema is imported only when a document does not pass the quick check (quickschema.py says why).
    """

    def __init__(self, schema: dict[str, Any]) -> None:
        self.schema = schema
        try:
            self.quick: quickschema.Check | None = quickschema.compile_schema(schema, FORMATS)
        except quickschema.Unsupported:
            self.quick = None

    @cached_property
    def full(self) -> jsonschema.protocols.Validator:
        import jsonschema

        # The shipped schemas are checked against the 2020-12 metaschema by the test suite, not on every
        # run: that check costs more than validating a dossier.
        cls = jsonschema.validators.validator_for(self.schema)
        return cls(self.schema, format_checker=jsonschema.FormatChecker(formats=sorted(FORMATS)))

    def iter_errors(self, data: Any) -> Iterator[ValidationError]:
        if self.quick is not None and self.quick(data):
            return iter(())
        return self.full.iter_errors(data)


@cache
def _load_validator(path: Path, mtime_ns: int) -> Validator:
    try:
        schema = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise UserError(f"{path}: 无法读取 JSON Schema：{exc}") from exc
    return Validator(schema)


def validator_for(path: Path) -> Validator:
    try:
        mtime = path.stat().st_mtime_ns
    except OSError as exc:
        raise UserError(f"{path}: 找不到 JSON Schema 文件") from exc
    return _load_validator(path, mtime)


def subschema_at(schema: dict[str, Any], path: tuple[Any, ...]) -> dict[str, Any] | None:
    """The schema that governs the node at `path` (properties and items only; ours use nothing else)."""
    node: Any = schema
    for part in path:
        if not isinstance(node, dict):
            return None
        if isinstance(part, int):
            node = node.get("items")
        else:
            node = node.get("properties", {}).get(part)
        if node is None:
            return None
    return node if isinstance(node, dict) else None


def title_of(schema: dict[str, Any] | None) -> str:
    return str(schema.get("title", "")) if isinstance(schema, dict) else ""


def validate_document(doc: Document, validator: Validator) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    for error in validator.iter_errors(doc.data):
        out.extend(_translate(error, doc, validator.schema))
    out.extend(_surprises(doc, validator.schema))
    return out


def _describe(value: Any) -> str:
    if value is None:
        return "空（null）"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return f"数字 {value:g}" if isinstance(value, float) else f"数字 {value}"
    if isinstance(value, str):
        shown = value if len(value) <= 30 else value[:30] + "…"
        return f"文本“{shown}”"
    if isinstance(value, list):
        return "列表"
    return "映射（键: 值）"


def _types(expected: Any) -> list[str]:
    return [expected] if isinstance(expected, str) else list(expected)


def _label(schema: dict[str, Any] | None, root: dict[str, Any] | None = None, path: tuple[Any, ...] = ()) -> str:
    """The field's Chinese title; an untitled list item is named by its list ("东经第 1 项")."""
    title = title_of(schema)
    if not title and root is not None and path and isinstance(path[-1], int):
        parent = title_of(subschema_at(root, path[:-1]))
        title = f"{parent}第 {path[-1] + 1} 项" if parent else ""
    return f"{title}：" if title else ""


def _translate(error: ValidationError, doc: Document, root: dict[str, Any] | None = None) -> Iterator[Diagnostic]:
    import difflib  # only documents with errors get here

    path = tuple(error.absolute_path)
    schema = error.schema if isinstance(error.schema, dict) else {}
    keyword = error.validator
    value = error.instance
    label = _label(schema, root, path)
    if keyword == "required":
        props = schema.get("properties", {})
        for key in error.validator_value:
            if isinstance(value, dict) and key not in value:
                title = title_of(props.get(key))
                yield doc.diag(path + (key,), "S101", f"缺少必填项“{key}”" + (f"（{title}）" if title else "") +
                               "；不知道时写 null", at=path)
        return
    if keyword == "additionalProperties":
        allowed = list(schema.get("properties", {}))
        for key in value if isinstance(value, dict) else []:
            if key in allowed:
                continue
            message = f"未知的键“{key}”"
            close = difflib.get_close_matches(str(key), allowed, n=1, cutoff=0.6)
            if close:
                message += f"，是不是要写“{close[0]}”？"
            elif len(allowed) <= 12:
                message += "；这里可用的键：" + "、".join(allowed)
            yield doc.diag(path + (key,), "S102", message, at_key=True)
        return
    if keyword == "type":
        if schema.get("format") == "date" and value is None:  # an empty date: say what a date looks like
            yield doc.diag(path, "S100", f"{label}不能为空，应为日期，写作 YYYY-MM-DD（例如 2026-03-02）")
            return
        message = _type_message(_types(error.validator_value), value, doc.surprises.get(path))
        if schema.get("format") == "date":
            message = message.replace("应为文本", "应为日期（YYYY-MM-DD，加引号的文本）", 1)
        yield doc.diag(path, "S100", label + message)
        return
    if keyword == "enum":
        options = [v for v in error.validator_value if v is not None]
        message = f"{label}{_describe(value)}不是允许的值；可选值：" + "、".join(str(v) for v in options)
        close = difflib.get_close_matches(str(value), [str(v) for v in options], n=1, cutoff=0.3)
        if close and isinstance(value, str):
            message += f"（是不是“{close[0]}”？）"
        if value is None:
            message = f"{label}此项必须填写，可选值：" + "、".join(str(v) for v in options)
        yield doc.diag(path, "S103", message)
        return
    if keyword == "const":
        yield doc.diag(path, "S103", f"{label}应为 {error.validator_value}，实际是{_describe(value)}")
        return
    if keyword in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"):
        words = {"minimum": "不能小于", "maximum": "不能大于", "exclusiveMinimum": "必须大于", "exclusiveMaximum": "必须小于"}
        yield doc.diag(path, "S104", f"{label}{words[keyword]} {error.validator_value}（实际是 {value}）")
        return
    if keyword in ("minItems", "maxItems"):
        if schema.get("minItems") == 2 and schema.get("maxItems") == 2:
            message = f"{label}应写成 [最小值, 最大值] 两个数"
        elif keyword == "minItems":
            message = f"{label}至少需要 {error.validator_value} 项"
        else:
            message = f"{label}最多 {error.validator_value} 项"
        yield doc.diag(path, "S107", message)
        return
    if keyword in ("minLength", "maxLength"):
        if keyword == "minLength":
            message = f"{label}不能是空文本；不知道时写 null"
        else:
            message = f"{label}过长（最多 {error.validator_value} 个字符，实际 {len(value)} 个）"
        yield doc.diag(path, "S108", message)
        return
    if keyword in ("pattern", "format"):
        if schema.get("format") == "date":
            message = f"{label}{_describe(value)}不是有效日期；日期写作 YYYY-MM-DD，例如 2019-06-18"
        else:
            message = f"{label}{_describe(value)}格式不正确"
        yield doc.diag(path, "S105", message)
        return
    if keyword == "uniqueItems":
        yield doc.diag(path, "S106", f"{label}列表中有重复项")
        return
    yield doc.diag(path, "S199", f"{label}不符合规范（{keyword}）：{error.message}")


def _type_message(expected: list[str], value: Any, surprise: tuple[str, str] | None) -> str:
    wanted = " 或 ".join(_TYPE_ZH.get(t, t) for t in expected if t != "null")
    nullable = "null" in expected
    if value is None:
        return f"此项必须填写（应为{wanted}），不能为空"
    message = f"应为{wanted}" + ("（不知道时写 null）" if nullable else "") + f"，实际是{_describe(value)}"
    if surprise:
        kind, text = surprise
        read_as = {"bool": "true/false", "date": "日期", "int": "数字", "float": "数字"}[kind]
        message += f"。未加引号的 {text} 被 YAML 1.1 读成了{read_as}，作为文本请加引号写成 '{text}'"
    elif isinstance(value, str) and ("number" in expected or "integer" in expected):
        message += "。数字请直接写，不加引号、单位或千位分隔符，例如 12500"
    elif isinstance(value, float) and "integer" in expected:
        message += "。此项须为整数"
    return message


def _surprises(doc: Document, schema: dict[str, Any]) -> Iterator[Diagnostic]:
    """YAML 1.1 readings that the schema alone does not catch."""
    for path, (kind, text) in doc.surprises.items():
        sub = subschema_at(schema, path)
        if sub is None:
            continue
        types = _types(sub.get("type", []))
        if kind == "date" and sub.get("format") != "date":
            if "string" in types:
                yield doc.diag(path, "S100", f"{_label(sub, schema, path)}应为文本，实际是未加引号的日期 {text}；"
                                             f"作为文本请加引号写成 '{text}'")
        elif kind == "bool" and "boolean" in types:
            yield doc.diag(path, "Y013", f"{_label(sub)}请写 true 或 false：“{text}”只有 YAML 1.1 读作布尔值，"
                                         f"编辑器（YAML 1.2）会把它当作文本", severity=WARNING)
        elif kind in ("int", "float") and ("number" in types or "integer" in types):
            yield doc.diag(path, "Y015", f"{_label(sub)}“{text}”被 YAML 1.1 读成了 {doc.data_at(path)}；"
                                         f"请直接写十进制数字", severity=WARNING)
