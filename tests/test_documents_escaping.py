"""Documents (issue 6 §4): dossier text reaches pandoc as text. Raw HTML, LaTeX, math, links, citations,
divs and Markdown in a dossier come out literally, in Markdown and in Word."""

from __future__ import annotations

import json
import subprocess
import zipfile
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import TODAY
from test_documents import docx_text
from wenquan.documents.export import DOCS, SELFCHECK_DOCS, export, markdown
from wenquan.documents.textsafe import pandoc_block, pandoc_inline
from wenquan.documents.wordfile import READER, pandoc_path

HTML = "<script>alert(1)</script><b>粗</b>"
LATEX = r"\begin{document}\textbf{x}\end{document}"
MATH = "$E=mc^2$ 与 \\(a\\)"
LINK = "[点我](javascript:alert(3)) <https://evil.example>"
MARKDOWN = "**粗体** _斜体_ `代码` ^上^ ~下~ ~~删~~ [^1] @cite"
DIV = '::: {custom-style="Title"}'
COMMENT = "<!-- 注释 --> &amp; &lt;"
JINJA = "{{ 7*7 }} {% if true %}模板{% endif %}"
LIST = "1. 列表"
HOSTILE = [HTML, LATEX, MATH, LINK, MARKDOWN, DIV, COMMENT, JINJA, LIST, "# 标题", "| a | b |", "- 项", "> 引用"]


def _ast(markdown_text: str) -> dict[str, Any]:
    out = subprocess.run([pandoc_path(), "--from", READER, "--to", "json"], input=markdown_text.encode("utf-8"),
                         capture_output=True, check=True).stdout
    return json.loads(out)


def _plain(inlines: list[dict[str, Any]]) -> str:
    """Text of a list of inlines that may only be plain text: any markup element fails the test."""
    parts = []
    for node in inlines:
        kind = node["t"]
        if kind == "Str":
            parts.append(node["c"])
        elif kind in ("Space", "SoftBreak"):
            parts.append(" ")
        elif kind == "LineBreak":
            parts.append("\n")
        else:
            raise AssertionError(f"markup element {kind} in {node}")
    return "".join(parts)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.text(alphabet=st.characters(codec="utf-8", categories=["L", "N", "P", "S", "Zs"]), min_size=1,
                        max_size=40).filter(lambda s: s.strip()), min_size=1, max_size=12))
def test_any_text_is_one_plain_paragraph(values: list[str]) -> None:
    document = "\n\n".join(str(pandoc_inline(v)) for v in values) + "\n"
    blocks = _ast(document)["blocks"]
    assert [b["t"] for b in blocks] == ["Para"] * len(values)
    assert [_plain(b["c"]) for b in blocks] == [" ".join(v.split()) for v in values]


def test_hostile_paragraphs_stay_paragraphs() -> None:
    text = "\n".join(HOSTILE) + "\n\n    缩进四格\n\n第二段"
    blocks = _ast(str(pandoc_block(text)) + "\n")["blocks"]
    assert [b["t"] for b in blocks] == ["Para"] * 3
    assert _plain(blocks[0]["c"]).split("\n") == HOSTILE
    assert [_plain(b["c"]) for b in blocks[1:]] == ["缩进四格", "第二段"]


def _edit(path: Path, change: Any) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def _hostile(data: dict[str, Any]) -> None:
    data["place"] = "雄县<b>x</b>$y$"
    data["applicant"]["name"] = f"雄县人民政府{HTML}"
    data["fluid"]["water_type"] = "Cl·HCO3-Na|**y**"
    data["narrative"]["geology"] = "\n".join(HOSTILE)
    data["narrative"]["assessment"] = LATEX
    data["uses"]["other"] = LINK
    data["exploration_history"][0]["unit"] = f"勘查院{MATH}"
    data["development_history"][0]["event"] = JINJA


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    import shutil

    from conftest import RECORDS, ROOT

    root = tmp_path_factory.mktemp("hostile-docs") / "repo"
    root.mkdir()
    shutil.copy2(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    for name in ("schemas", "registry", "dossiers"):
        shutil.copytree(ROOT / name, root / name, ignore=RECORDS if name == "dossiers" else None)
    _edit(root / "dossiers" / "hebei-xiongxian" / "dossier.yaml", _hostile)
    out = root / "out"
    out.mkdir()
    docs = [doc for doc in DOCS if doc not in SELFCHECK_DOCS]          # the copy has no records: not named
    return {"root": root, "md": {doc: markdown(root, "hebei-xiongxian", doc, TODAY) for doc in docs},
            "docx": {doc: export(root, "hebei-xiongxian", doc, "docx", out, TODAY) for doc in docs}}


@pytest.mark.parametrize("doc", sorted(set(DOCS) - set(SELFCHECK_DOCS)))
def test_no_markup_reaches_word(hostile: dict[str, Any], doc: str) -> None:
    with zipfile.ZipFile(hostile["docx"][doc]) as z:
        xml = z.read("word/document.xml").decode("utf-8")
        rels = z.read("word/_rels/document.xml.rels").decode("utf-8")
    assert "<w:hyperlink" not in xml and "javascript" not in rels and "evil.example" not in rels
    assert "<m:oMath" not in xml                                  # no math
    assert "<script>" not in xml                                  # escaped as &lt;script&gt; text
    ast = _ast(hostile["md"][doc])
    kinds = set()

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if "t" in node:
                kinds.add(node["t"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)
    walk(ast["blocks"])
    forbidden = {"RawInline", "RawBlock", "Math", "Link", "Code", "CodeBlock", "Cite", "Note", "Image",
                 "Superscript", "Subscript", "Strikeout", "BlockQuote"}
    if doc != "plan-outline":                                     # its 规划依据 is our own numbered list
        forbidden.add("OrderedList")
    if doc != "review-sheet":                                     # the only document that bolds its own labels
        forbidden |= {"Strong", "Emph"}
    assert not kinds & forbidden, kinds & forbidden


def test_literal_text_in_word(hostile: dict[str, Any]) -> None:
    application = docx_text(hostile["docx"]["application"])
    for line in HOSTILE:
        assert line in application, line
    assert LATEX in application and LINK in application and "Cl·HCO₃-Na|**y**" in application
    assert f"申报单位：雄县人民政府{HTML}" in application
    stele = docx_text(hostile["docx"]["stele"])
    assert f"勘查院{MATH}" in stele and JINJA in stele and "拟命名雄县<b>x</b>$y$为" in stele
    notice = docx_text(hostile["docx"]["notice"])
    assert "关于拟命名雄县<b>x</b>$y$为“中国温泉之乡”的公示" in notice
