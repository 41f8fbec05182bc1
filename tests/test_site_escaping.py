"""Escaping (issue 5 §5): dossier text is data. HTML, `javascript:` links, Markdown and Jinja syntax written
into a dossier show as literal text on every page and in the feed, and never become markup."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml

from conftest import TODAY, shipped_copy
from site_helpers import article, every_text_file, parse
from wenquan.site.build import build

SCRIPT = "<script>alert(1)</script>"
IMG = '<img src=x onerror="alert(2)">'
LINK = "[点我](javascript:alert(3))"
MARKDOWN = "**粗体** _斜体_ `代码` # 标题 | 竖线 | ![图](x.png)"
JINJA = "{{ 7*7 }} {% if true %}模板{% endif %}"
ENTITY = "&lt;b&gt; &amp; AT&T"
HOSTILE = [SCRIPT, IMG, LINK, MARKDOWN, JINJA, ENTITY]


def _edit(path: Path, change: object) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)  # type: ignore[operator]
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def _hostile_dossier(data: dict) -> None:
    data["place"] = "西安<b>市</b>{{ x }}"
    data["applicant"]["name"] = f"西安市人民政府{SCRIPT}"
    data["fluid"]["water_type"] = "Cl·SO4-Na<i>x</i>|**y**"
    data["narrative"]["geology"] = "\n\n".join(HOSTILE) + "\n    缩进四格\n1. 列表\n> 引用"
    data["uses"]["other"] = LINK
    data["exploration_history"][0]["unit"] = f"勘查院{IMG}"
    data["development_history"][0]["event"] = JINJA


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = shipped_copy(tmp_path_factory.mktemp("hostile") / "repo")
    for dossier_id in ("shaanxi-xian", "hebei-xiongxian"):        # one in 公示, one named (碑文 on its page)
        _edit(root / "dossiers" / dossier_id / "dossier.yaml", _hostile_dossier)
    _edit(root / "dossiers" / "shaanxi-xian" / "review.yaml",
          lambda r: r["inspection"].update(opinion="\n\n".join(HOSTILE)))
    _edit(root / "dossiers" / "shaanxi-xian" / "workflow.yaml",
          lambda w: w["objections"][0].update(summary=SCRIPT + LINK, objector=IMG))
    return {"root": root, "public": build(root, "public", on=TODAY), "review": build(root, "review", on=TODAY)}


def _pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


@pytest.mark.parametrize("audience", ["public", "review"])
def test_no_injected_markup(hostile: dict[str, Path], audience: str) -> None:
    for page in _pages(hostile[audience]):
        parsed = parse(page)
        assert not any("alert(" in script for script in parsed.scripts), page
        assert not any(link.strip().lower().startswith("javascript:") for link in parsed.links), page
        assert parsed.handlers == [], page
        assert not any("x.png" in src for src in parsed.sources), page  # the hostile dossier's <img src=x.png> stays text
        source = page.read_text(encoding="utf-8")
        assert "<b>市</b>" not in source and "<i>x</i>" not in source, page
        assert "<strong>粗体</strong>" not in source and "<em>斜体</em>" not in source, page
        assert '<img alt="图"' not in source, page


def test_literal_text_on_the_notice(hostile: dict[str, Path]) -> None:
    text = article(hostile["public"] / "notices" / "shaanxi-xian" / "index.html")
    assert "关于拟命名西安<b>市</b>{{ x }}为“中国温泉之都”的公示" in text
    assert f"西安市人民政府{SCRIPT}申报" in text
    for value in HOSTILE:
        assert value in text, value                       # the inspection opinion, paragraph by paragraph
    assert "{{ x }}" in text and "模板" not in text.replace("{% if true %}模板{% endif %}", "")   # never evaluated


def test_literal_text_on_the_place_page_and_stele(hostile: dict[str, Path]) -> None:
    text = article(hostile["public"] / "places" / "hebei-xiongxian" / "index.html")
    for value in HOSTILE:
        assert value in text, value
    assert "缩进四格 1. 列表 > 引用" in text
    assert f"勘查院{IMG}开展地热普查" in text               # inside the 碑文
    assert "Cl·SO₄-Na<i>x</i>|**y**" in text                    # chemistry subscripts, the rest as typed


def test_literal_text_on_the_review_page(hostile: dict[str, Path]) -> None:
    text = article(hostile["review"] / "dossiers" / "shaanxi-xian" / "index.html")
    assert SCRIPT + LINK in text and IMG in text
    for value in HOSTILE:
        assert value in text, value


def test_feed_and_index_carry_the_text_as_text(hostile: dict[str, Path]) -> None:
    feed = ET.parse(hostile["public"] / "feed.xml").getroot()
    titles = [e.text for e in feed.iter("{http://www.w3.org/2005/Atom}title")]
    assert "关于拟命名西安<b>市</b>{{ x }}为“中国温泉之都”的公示" in titles
    summaries = [e.text or "" for e in feed.iter("{http://www.w3.org/2005/Atom}summary")]
    assert any(SCRIPT in s for s in summaries)
    raw = (hostile["public"] / "feed.xml").read_text(encoding="utf-8")
    assert SCRIPT not in raw                                   # escaped in the XML source
    index = json.loads((hostile["public"] / "dossiers.json").read_text(encoding="utf-8"))
    assert "西安<b>市</b>{{ x }}" in [p["place"] for p in index["places"]]


def test_search_index_holds_text_not_markup(hostile: dict[str, Path]) -> None:
    files = every_text_file(hostile["public"])
    index = next(text for path, text in files.items() if path.name == "search_index.json")
    assert "<script>alert" not in index.split("\n")[0]        # the raw JSON: only escaped forms
