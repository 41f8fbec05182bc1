"""The loader on its own: positions, encodings, limits, and YAML 1.1's surprises."""

from __future__ import annotations

from pathlib import Path

from wenquan.dossier.loader import MAX_BYTES, MAX_DEPTH, load_bytes, load_file


def load(text: str) -> tuple[object, list[tuple[int, int, str]]]:
    doc, diags = load_bytes(text.encode("utf-8"), "t.yaml")
    return doc, [(d.line, d.column, d.code) for d in diags]


def test_positions_of_values_and_keys() -> None:
    doc, diags = load("a: 1\nb:\n  c: [x, {d: 2}]\n")
    assert diags == []
    assert doc is not None
    assert doc.data == {"a": 1, "b": {"c": ["x", {"d": 2}]}}
    assert doc.positions[("a",)] == (1, 4)
    assert doc.positions[("b", "c", 1, "d")] == (3, 14)
    assert doc.key_positions[("b", "c")] == (3, 3)
    assert doc.where(("b", "c", 5)) == (3, 6)  # a missing node falls back to its nearest ancestor


def test_bom_is_accepted() -> None:
    doc, diags = load_bytes(b"\xef\xbb\xbfplace: x\n", "t.yaml")
    assert diags == [] and doc is not None and doc.data == {"place": "x"}


def test_utf16_is_refused() -> None:
    doc, diags = load_bytes("place: 雄县\n".encode("utf-16"), "t.yaml")
    assert doc is None and [d.code for d in diags] == ["Y003"]
    assert "UTF-16" in diags[0].message


def test_gbk_is_named_with_conversion_hint() -> None:
    doc, diags = load_bytes("a: 1\nplace: 雄县\n".encode("gb18030"), "t.yaml")
    assert doc is None
    assert [(d.line, d.code) for d in diags] == [(2, "Y003")]
    assert "GBK/GB18030" in diags[0].message and "iconv" in diags[0].message


def test_file_over_size_limit(tmp_path: Path) -> None:
    big = tmp_path / "dossier.yaml"
    big.write_bytes(b"a: " + b"x" * (MAX_BYTES + 1) + b"\n")
    doc, diags = load_file(big)
    assert doc is None and [d.code for d in diags] == ["Y002"]


def test_depth_limit_is_exact() -> None:
    ok = "a: " + "[" * (MAX_DEPTH - 1) + "1" + "]" * (MAX_DEPTH - 1) + "\n"
    too_deep = "a: " + "[" * MAX_DEPTH + "1" + "]" * MAX_DEPTH + "\n"
    assert load(ok)[1] == []
    assert [c for _, _, c in load(too_deep)[1]] == ["Y007"]


def test_alias_is_refused() -> None:
    doc, diags = load("a: [1]\nb: *x\n")
    assert doc is None and diags[-1][2] in ("Y004", "Y006")  # undefined alias: the parser says so first
    doc, diags = load("a: &x [1]\nb: *x\n")
    assert doc is None and diags == [(1, 4, "Y006")]


def test_alias_bomb_stops_at_first_anchor() -> None:
    bomb = "a: &a [x, x]\nb: &b [*a, *a]\nc: &c [*b, *b]\n"
    doc, diags = load(bomb)
    assert doc is None and diags == [(1, 4, "Y006")]


def test_yaml11_surprises_are_recorded() -> None:
    doc, diags = load("a: no\nb: 2019-06-18\nc: 1:30\nd: 0x10\ne: 'no'\nf: true\n")
    assert diags == []
    assert doc is not None
    assert doc.data == {"a": False, "b": "2019-06-18", "c": 90, "d": 16, "e": "no", "f": True}
    assert doc.surprises == {("a",): ("bool", "no"), ("b",): ("date", "2019-06-18"), ("c",): ("int", "1:30"), ("d",): ("int", "0x10")}


def test_leading_zero_and_nonfinite() -> None:
    assert load("a: 010\n")[1] == [(1, 4, "Y012")]
    assert load("a: '010'\n")[1] == []
    assert load("a: -.inf\n")[1] == [(1, 4, "Y014")]


def test_duplicate_keys_all_reported_first_value_kept() -> None:
    doc, diags = load("a: 1\nb: {x: 1, x: 2}\na: 3\n")
    assert diags == [(2, 11, "Y005"), (3, 1, "Y005")]


def test_non_scalar_key_refused() -> None:
    assert load("? [a, b]\n: 1\n")[1][-1][2] == "Y010"


def test_explicit_core_tags_allowed_others_refused() -> None:
    doc, diags = load("a: !!str 010\nb: !!int '7'\n")
    assert diags == [] and doc is not None and doc.data == {"a": "010", "b": 7}
    assert load("a: !custom x\n")[1][-1][2] == "Y011"
    assert load("a: !!binary aGk=\n")[1][-1][2] == "Y011"


def test_empty_and_comment_only_and_scalar_top() -> None:
    assert load("")[1] == [(1, 1, "Y001")]
    assert load("# only\n\n")[1] == [(1, 1, "Y001")]
    assert load("just text\n")[1][-1][2] == "Y008"
    assert load("---\na: 1\n---\nb: 2\n")[1][-1][2] == "Y009"


def test_syntax_errors_are_said_in_chinese_where_they_were_made() -> None:
    """libyaml's words never reach the user; a bracket left open at the end is pointed at, not the end of the file."""
    cases = {
        b"x: 1\na: [\n\n\n": (2, 4, "方括号或花括号未闭合"),
        b"a: [1,\n": (1, 4, "逗号后没有值"),
        b'a: "C:\\q"\n': (1, 7, "无效的转义"),
        b"a: &\n": (1, 4, "“&”或“*”之后缺少名字"),
        b"a: 1\n...\nb\n": (3, 1, "文件结束标记"),
        b"a: 'x\n": (1, 4, "引号或括号未闭合"),
    }
    for text, (line, column, said) in cases.items():
        doc, diagnostics = load_bytes(text, "x.yaml")
        assert doc is None and [(d.line, d.column, d.code) for d in diagnostics] == [(line, column, "Y004")], (text, diagnostics)
        assert said in diagnostics[0].message and not any(c.isascii() and c.isalpha() for c in diagnostics[0].message.replace("YAML", "")), text
