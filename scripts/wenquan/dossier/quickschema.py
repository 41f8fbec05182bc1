"""A quick yes to "is this valid?" for the part of JSON Schema 2020-12 that wenquan's schemas use.

Importing jsonschema costs more than everything else a one-step command like `wenquan advance` does, so
documents are first checked here: a schema is compiled once into nested closures, and a document that
passes them is valid. Only the answer "valid" is trusted. Anything else (a failure, a keyword this module
does not know, a value that is not plain JSON data) sends the document to jsonschema, which decides and
explains; so the messages users read always come from the one full validator.

Soundness is the rule for every check below: it may say "no" where jsonschema says "yes" (the document
is then simply checked again by jsonschema), never "yes" where jsonschema says "no". The test suite holds
it to that on the shipped schemas, their example files and random variations of them.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

Check = Callable[[Any], bool]
Builder = Callable[[Any, dict[str, Any], "_Compiler"], Check]

DRAFT_2020_12 = "https://json-schema.org/draft/2020-12/schema"
ANNOTATIONS = frozenset({"$schema", "$id", "$comment", "title", "description", "examples", "default", "deprecated",
                         "readOnly", "writeOnly"})
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$", re.ASCII)  # as jsonschema's "date" format checker


class Unsupported(Exception):
    """The schema uses something this module does not check; jsonschema alone must decide."""


def compile_schema(schema: Any, formats: frozenset[str]) -> Check:
    """The schema as one check; `formats` are the format names the full validator asserts (others annotate)."""
    if isinstance(schema, dict) and schema.get("$schema", DRAFT_2020_12) != DRAFT_2020_12:
        raise Unsupported(f"$schema {schema['$schema']}")
    unknown = formats - set(_FORMATS)
    if unknown:
        raise Unsupported("formats " + ", ".join(sorted(unknown)))
    return _Compiler(formats, schema).node(schema)


def _regex(pattern: Any) -> re.Pattern[str]:
    """A pattern Python compiles; anything else is for jsonschema to judge (and report)."""
    if not isinstance(pattern, str):
        raise Unsupported("pattern that is not text")
    try:
        return re.compile(pattern)
    except (re.error, RecursionError, OverflowError) as exc:
        raise Unsupported(f"pattern {pattern!r}: {exc}") from None


class _Compiler:
    def __init__(self, formats: frozenset[str], root: Any = None) -> None:
        self.formats = formats
        self.root = root

    def node(self, schema: Any) -> Check:
        if schema is True:
            return _always
        if schema is False or not isinstance(schema, dict):
            raise Unsupported("boolean false or non-object schema")
        if "$schema" in schema and schema is not self.root:
            raise Unsupported("$schema below the top level")  # a subschema of another dialect: jsonschema decides
        unknown = set(schema) - ANNOTATIONS - set(_KEYWORDS)
        if unknown:
            raise Unsupported("keywords " + ", ".join(sorted(unknown)))
        checks = [_KEYWORDS[key](schema[key], schema, self) for key in _KEYWORDS if key in schema]
        checks = [c for c in checks if c is not _always]
        if not checks:
            return _always
        if len(checks) == 1:
            return checks[0]
        return lambda value: all(check(value) for check in checks)


def _always(value: Any) -> bool:
    return True


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


_TYPES: dict[str, Check] = {
    "null": lambda v: v is None,
    "boolean": lambda v: isinstance(v, bool),
    "integer": lambda v: (isinstance(v, int) and not isinstance(v, bool)) or (isinstance(v, float) and v.is_integer()),
    "number": _is_number,
    "string": lambda v: isinstance(v, str),
    "array": lambda v: isinstance(v, list),
    "object": lambda v: isinstance(v, dict),
}


def _type(expected: Any, schema: dict[str, Any], c: _Compiler) -> Check:
    names = [expected] if isinstance(expected, str) else expected
    if not isinstance(names, list) or not names or any(name not in _TYPES for name in names):
        raise Unsupported(f"type {expected!r}")
    tests = [_TYPES[name] for name in names]
    if len(tests) == 1:
        return tests[0]
    return lambda value: any(test(value) for test in tests)


def _key(value: Any) -> Any:
    """A hashable stand-in equal for two values exactly when jsonschema's `equal` calls them equal."""
    if isinstance(value, bool):
        return ("bool", value)
    if _is_number(value):
        return ("number", value)
    if isinstance(value, str):
        return ("string", value)
    if value is None:
        return ("null",)
    if isinstance(value, list):
        return ("array", tuple(_key(v) for v in value))
    if isinstance(value, dict):
        return ("object", frozenset((k, _key(v)) for k, v in value.items()))
    raise Unsupported(f"value of type {type(value).__name__}")


def _plain(test: Callable[[Any], bool]) -> Check:
    """A check on values that are plain JSON data; anything else is left to jsonschema."""
    def check(value: Any) -> bool:
        try:
            return test(value)
        except Unsupported:
            return False
    return check


def _enum(options: Any, schema: dict[str, Any], c: _Compiler) -> Check:
    if not isinstance(options, list):
        raise Unsupported("enum")
    keys = {_key(option) for option in options}
    return _plain(lambda value: _key(value) in keys)


def _const(expected: Any, schema: dict[str, Any], c: _Compiler) -> Check:
    key = _key(expected)
    return _plain(lambda value: _key(value) == key)


def _properties(props: Any, schema: dict[str, Any], c: _Compiler) -> Check:
    if not isinstance(props, dict):
        raise Unsupported("properties")
    compiled = [(name, c.node(sub)) for name, sub in props.items()]

    def check(value: Any) -> bool:
        if not isinstance(value, dict):
            return True
        return all(name not in value or sub(value[name]) for name, sub in compiled)
    return check


def _patterns(schema: dict[str, Any], c: _Compiler) -> list[tuple[re.Pattern[str], Check]]:
    found = schema.get("patternProperties", {})
    if not isinstance(found, dict):
        raise Unsupported("patternProperties")
    return [(_regex(pattern), c.node(sub)) for pattern, sub in found.items()]


def _pattern_properties(found: Any, schema: dict[str, Any], c: _Compiler) -> Check:
    compiled = _patterns(schema, c)

    def check(value: Any) -> bool:
        if not isinstance(value, dict):
            return True
        return all(sub(item) for key, item in value.items() for pattern, sub in compiled if pattern.search(key))
    return check


def _additional(extra: Any, schema: dict[str, Any], c: _Compiler) -> Check:
    known = set(schema.get("properties", {}))
    patterns = [pattern for pattern, _ in _patterns(schema, c)]
    if extra is False:
        def refuse(value: Any) -> bool:
            if not isinstance(value, dict):
                return True
            return all(key in known or any(p.search(key) for p in patterns) for key in value)
        return refuse
    sub = c.node(extra)

    def check(value: Any) -> bool:
        if not isinstance(value, dict):
            return True
        return all(sub(item) for key, item in value.items() if key not in known and not any(p.search(key) for p in patterns))
    return check


def _required(names: Any, schema: dict[str, Any], c: _Compiler) -> Check:
    if not isinstance(names, list):
        raise Unsupported("required")
    return lambda value: not isinstance(value, dict) or all(name in value for name in names)


def _property_names(sub_schema: Any, schema: dict[str, Any], c: _Compiler) -> Check:
    sub = c.node(sub_schema)
    return lambda value: not isinstance(value, dict) or all(sub(key) for key in value)


def _bound(compare: Callable[[Any, Any], bool]) -> Builder:
    def build(limit: Any, schema: dict[str, Any], c: _Compiler) -> Check:
        if not _is_number(limit):
            raise Unsupported("numeric bound")
        return lambda value: not _is_number(value) or compare(value, limit)
    return build


def _length(compare: Callable[[int, int], bool], kind: type[str] | type[list[Any]]) -> Builder:
    def build(limit: Any, schema: dict[str, Any], c: _Compiler) -> Check:
        if not isinstance(limit, int) or isinstance(limit, bool):
            raise Unsupported("length bound")
        return lambda value: not isinstance(value, kind) or compare(len(value), limit)
    return build


def _pattern(pattern: Any, schema: dict[str, Any], c: _Compiler) -> Check:
    compiled = _regex(pattern)
    return lambda value: not isinstance(value, str) or compiled.search(value) is not None


def _is_date(value: Any) -> bool:
    if not isinstance(value, str):
        return True
    if not _DATE.fullmatch(value):
        return False
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return False
    return True


_FORMATS: dict[str, Check] = {"date": _is_date}


def _format(name: Any, schema: dict[str, Any], c: _Compiler) -> Check:
    if name not in c.formats:  # an annotation only, as for jsonschema without a checker for it
        return _always
    return _FORMATS[name]


def _items(sub_schema: Any, schema: dict[str, Any], c: _Compiler) -> Check:
    sub = c.node(sub_schema)
    return lambda value: not isinstance(value, list) or all(sub(item) for item in value)


def _unique(flag: Any, schema: dict[str, Any], c: _Compiler) -> Check:
    if flag is False:
        return _always
    if flag is not True:
        raise Unsupported("uniqueItems")
    return _plain(lambda value: not isinstance(value, list) or len({_key(item) for item in value}) == len(value))


_KEYWORDS: dict[str, Builder] = {
    "type": _type,
    "enum": _enum,
    "const": _const,
    "required": _required,
    "properties": _properties,
    "patternProperties": _pattern_properties,
    "additionalProperties": _additional,
    "propertyNames": _property_names,
    "minimum": _bound(lambda v, limit: v >= limit),
    "maximum": _bound(lambda v, limit: v <= limit),
    "exclusiveMinimum": _bound(lambda v, limit: v > limit),
    "exclusiveMaximum": _bound(lambda v, limit: v < limit),
    "minLength": _length(lambda n, limit: n >= limit, str),
    "maxLength": _length(lambda n, limit: n <= limit, str),
    "pattern": _pattern,
    "format": _format,
    "items": _items,
    "minItems": _length(lambda n, limit: n >= limit, list),
    "maxItems": _length(lambda n, limit: n <= limit, list),
    "uniqueItems": _unique,
}
