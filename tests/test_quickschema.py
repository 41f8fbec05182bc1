"""The quick schema check agrees with jsonschema: on every shipped file, on hand-picked edge cases of the
JSON Schema keywords it implements, and on thousands of random edits of the shipped files."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wenquan.dossier import quickschema
from wenquan.dossier.loader import load_file
from wenquan.dossier.schemas import FORMATS, Validator
from wenquan.dossier.validate import default_targets

ROOT = Path(__file__).resolve().parents[1]
SCHEMAS = {p.name: json.loads(p.read_text(encoding="utf-8")) for p in sorted((ROOT / "schemas").glob("*.schema.json"))}
DOCUMENTS = [(path, kind.schema, load_file(path, str(path))[0]) for path, kind in default_targets(ROOT)]


def full(schema: dict[str, Any]) -> jsonschema.protocols.Validator:
    cls = jsonschema.validators.validator_for(schema)
    return cls(schema, format_checker=jsonschema.FormatChecker(formats=sorted(FORMATS)))


FULL = {name: full(schema) for name, schema in SCHEMAS.items()}
QUICK = {name: quickschema.compile_schema(schema, FORMATS) for name, schema in SCHEMAS.items()}


@pytest.mark.parametrize("name", sorted(SCHEMAS))
def test_every_shipped_schema_has_a_quick_check(name: str) -> None:
    assert Validator(SCHEMAS[name]).quick is not None


def test_the_shipped_files_are_valid_both_ways() -> None:
    kinds = {schema for _, schema, _ in DOCUMENTS}
    assert {"dossier.schema.json", "workflow.schema.json", "review.schema.json", "rules.schema.json"} <= kinds
    for path, schema, doc in DOCUMENTS:
        assert doc is not None, path
        assert FULL[schema].is_valid(doc.data), path
        assert QUICK[schema](doc.data), path


def nodes(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [path]
    if isinstance(value, dict):
        for key, item in value.items():
            out += nodes(item, path + (key,))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            out += nodes(item, path + (i,))
    return out


SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(-3, 3), st.sampled_from([0, 1, -1, 100, 10**9, 0.5, 1.0, -0.0, 2.0, 1e308, 59.99, 60]),
    st.floats(allow_nan=False, allow_infinity=False, width=32),
    st.sampled_from(["", " ", "2026-03-02", "2026-02-30", "2026-2-3", "２０２６-03-02", "20260302", "a", "乡", "城", "都", "推荐",
                     "申报", "公示", "hebei-xiongxian", "X", "1", "true", "null", "x" * 300, "https://example.org", "a@b.cn"]),
    st.text(max_size=6),
)
VALUES = st.recursive(SCALARS, lambda inner: st.one_of(st.lists(inner, max_size=3),
                                                       st.dictionaries(st.sampled_from(["a", "id", "name", "date", "x"]), inner, max_size=3)),
                      max_leaves=6)


def nudged(value: Any) -> list[Any]:
    """Values next to `value` that a schema may or may not tell apart from it."""
    if isinstance(value, bool):
        return [int(value), not value, str(value).lower(), None]
    if isinstance(value, (int, float)):
        return [value + 1, value - 1, -value, float(value), int(value), value + 0.5, bool(value), str(value), None, 0, -1]
    if isinstance(value, str):
        return [value + value, value[:1], "", value.upper(), value + "\n", " " + value, value * 40, value[::-1], None]
    if isinstance(value, list):
        return [value + value[:1], value[:1], value[1:], [], list(reversed(value)), None]
    if isinstance(value, dict):
        return [{}, {k: v for k, v in list(value.items())[1:]}, None]
    return [None, 0, ""]


def edit(data: Any, draw: st.DrawFn) -> Any:
    """One random edit somewhere in a copy of `data`: change a value a little or a lot, drop a key, add a key,
    repeat or empty a list."""
    data = copy.deepcopy(data)
    path = draw(st.sampled_from(nodes(data)))
    if not path:
        return draw(VALUES)
    parent = data
    for part in path[:-1]:
        parent = parent[part]
    last = path[-1]
    action = draw(st.sampled_from(["nudge", "nudge", "nudge", "replace", "drop", "add", "repeat", "empty"]))
    if action == "nudge":
        parent[last] = draw(st.sampled_from(nudged(parent[last])))
    elif action == "replace":
        parent[last] = draw(VALUES)
    elif action == "drop":
        if isinstance(parent, dict):
            del parent[last]
        else:
            parent.pop(last)
    elif action == "add" and isinstance(parent, dict):
        parent[draw(st.sampled_from(["extra", "notes", str(last) + "s"]))] = draw(VALUES)
    elif action == "repeat" and isinstance(parent, list):
        parent.append(copy.deepcopy(parent[last]))
    elif action == "empty":
        parent[last] = [] if isinstance(parent[last], list) else {} if isinstance(parent[last], dict) else ""
    return data


@st.composite
def edits(draw: st.DrawFn, data: Any) -> Any:
    for _ in range(draw(st.integers(1, 3))):
        data = edit(data, draw)
    return data


@settings(max_examples=2000, deadline=None)
@given(st.data())
def test_random_edits_get_the_same_answer(data: st.DataObject) -> None:
    path, schema, doc = data.draw(st.sampled_from(DOCUMENTS))
    edited = data.draw(edits(doc.data))
    assert QUICK[schema](edited) == FULL[schema].is_valid(edited), (path, edited)


CASES = [
    ({"enum": [1, "a"]}, True, False), ({"enum": [1]}, 1.0, True), ({"enum": [False]}, 0, False),
    ({"const": [1, {"a": True}]}, [1, {"a": True}], True), ({"const": [1, {"a": True}]}, [1, {"a": 1}], False),
    ({"type": "integer"}, 3.0, True), ({"type": "integer"}, 3.5, False), ({"type": "integer"}, True, False),
    ({"type": "number"}, False, False), ({"type": ["string", "null"]}, None, True), ({"type": "object"}, [], False),
    ({"uniqueItems": True}, [1, 1.0], False), ({"uniqueItems": True}, [1, True], True), ({"uniqueItems": True}, [0, False], True),
    ({"uniqueItems": True}, [{"a": 1}, {"a": 1.0}], False), ({"uniqueItems": True}, [[1, 2], [2, 1]], True),
    ({"format": "date"}, "2026-02-29", False), ({"format": "date"}, "2028-02-29", True), ({"format": "date"}, 20260302, True),
    ({"format": "date"}, "2026-03-02T00:00:00", False), ({"format": "email"}, "not an address", True),
    ({"pattern": "^[a-z]+$"}, "abc\n", True), ({"pattern": "b"}, "abc", True), ({"pattern": "^b"}, "abc", False),
    ({"minLength": 2}, "温泉", True), ({"maxLength": 1}, "温泉", False), ({"minLength": 1}, 5, True),
    ({"exclusiveMinimum": 0}, 0, False), ({"minimum": 0}, -0.0, True), ({"maximum": 10}, "11", True),
    ({"properties": {"a": {"type": "string"}}, "patternProperties": {"^x-": {"type": "integer"}}, "additionalProperties": False},
     {"a": "t", "x-1": 2}, True),
    ({"properties": {"a": {"type": "string"}}, "patternProperties": {"^x-": {"type": "integer"}}, "additionalProperties": False},
     {"a": "t", "x-1": "2"}, False),
    ({"properties": {"a": {"type": "string"}}, "patternProperties": {"^x-": {"type": "integer"}}, "additionalProperties": False},
     {"b": 1}, False),
    ({"additionalProperties": {"type": "integer"}, "properties": {"a": {}}}, {"a": "s", "b": 2}, True),
    ({"propertyNames": {"pattern": "^[0-9]{4}$"}}, {"2026": 1, "26": 2}, False),
    ({"required": ["a"]}, {"b": 1}, False), ({"required": ["a"]}, [], True),
    ({"items": {"type": "integer"}, "minItems": 2, "maxItems": 3}, [1, 2], True), ({"items": {"type": "integer"}}, [1, "2"], False),
    ({"minItems": 1}, [], False), ({"maxItems": 0}, {}, True),
]


@pytest.mark.parametrize(("schema", "value", "expected"), CASES)
def test_keyword_edge_cases(schema: dict[str, Any], value: Any, expected: bool) -> None:
    assert full(schema).is_valid(value) is expected
    assert quickschema.compile_schema(schema, FORMATS)(value) is expected


@pytest.mark.parametrize("schema", [{"$ref": "#/$defs/x"}, {"anyOf": [{}]}, {"type": "date"}, {"items": [{}]}, False,
                                    {"$schema": "http://json-schema.org/draft-07/schema#"}, {"properties": {"a": {"oneOf": []}}}])
def test_anything_else_is_left_to_jsonschema(schema: Any) -> None:
    with pytest.raises(quickschema.Unsupported):
        quickschema.compile_schema(schema, FORMATS)


def test_a_validator_without_a_quick_check_still_validates() -> None:
    validator = Validator({"anyOf": [{"type": "string"}, {"type": "integer"}]})
    assert validator.quick is None
    assert list(validator.iter_errors("x")) == []
    assert [e.validator for e in validator.iter_errors(1.5)] == ["anyOf"]


def test_values_that_are_not_json_are_left_to_jsonschema() -> None:
    check = quickschema.compile_schema({"enum": ["a"], "uniqueItems": True}, FORMATS)
    assert check(("a",)) is False
    assert check("a") is True
