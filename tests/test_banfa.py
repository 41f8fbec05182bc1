"""The 管理办法 page is a faithful copy of the 办法 (issue 18 item 2): its text, as the browser shows it, is the text
of seed 004 once whitespace is normalised (the PDF's line and page breaks split words) and the seed's LaTeX is read
as the formulas it writes; headings descend one level at a time and no table has an empty header cell."""

from __future__ import annotations

import difflib
import html
import re
from pathlib import Path

from site_helpers import article

SEED = Path(__file__).parent / "sources" / "banfa-seed.txt"      # seed 004 as given
EDITORIAL = "说明 以下为管理办法全文及其附录、附件，表格和公式按原文整理。本系统的每一条检查规则都注明了它在本文中的位置。"
LATEX = [(r"\text", ""), (r"\cdot", "·"), (r"\times", "×"), (r"^{\circ}", "°"), (r"\circ", "°"), (r"\Delta", "Δ"), ("{", ""), ("}", "")]
SCRIPTS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹₀₁₂₃₄₅₆₇₈₉", "01234567890123456789")


def _squash(text: str) -> str:
    """Whitespace, the seed's and Markdown's markup characters and the ¶ of heading links removed."""
    return re.sub(r"[\s$\\^_¶\-]", "", text).translate(SCRIPTS)


def _seed() -> str:
    text = SEED.read_text(encoding="utf-8").replace("\n附件\n", "\n", 1)   # the covering letter's 附件 label
    for latex, shown in LATEX:
        text = text.replace(latex, shown)
    text = re.sub(r"^\s*- ", "", text, flags=re.M)                       # the seed's list bullets
    return _squash(text)


def test_the_page_text_is_the_seed(sites: dict[str, Path]) -> None:
    page = article(sites["public"] / "banfa" / "index.html").replace(EDITORIAL, "")
    seed, shown = _seed(), _squash(page)
    if seed != shown:
        matcher = difflib.SequenceMatcher(None, seed, shown, autojunk=False)
        changes = [(seed[max(0, a1 - 8):a2 + 8], shown[max(0, b1 - 8):b2 + 8])
                   for op, a1, a2, b1, b2 in matcher.get_opcodes() if op != "equal"]
        raise AssertionError(f"{len(changes)} 处与原文不同，例如：{changes[:8]}")


def test_headings_descend_one_level_at_a_time_and_tables_have_headers(sites: dict[str, Path]) -> None:
    source = (sites["public"] / "banfa" / "index.html").read_text(encoding="utf-8")
    body = re.search(r"<article[^>]*>(.*)</article>", source, re.S)
    assert body is not None
    levels = [int(n) for n in re.findall(r"<h([1-6])", body.group(1))]
    assert levels[0] == 1 and all(b - a <= 1 for a, b in zip(levels, levels[1:], strict=False)), levels
    empty = re.findall(r"<th[^>]*>\s*</th>", body.group(1))
    assert empty == []
    for garbled in ("cdot", "circ", "Delta", "^{", "m ³", "10^("):
        assert garbled not in html.unescape(body.group(1)), garbled
