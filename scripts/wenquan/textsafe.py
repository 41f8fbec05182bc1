"""Dossier text into generated Markdown as literal text: a dossier is data, never HTML, Markdown or a template.

Every value a page shows passes through `inline` (one line: table cells, headings, list items) or `block`
(paragraphs). HTML's specials become entities and every character Python-Markdown (with the extensions
mkdocs-material enables) would read as markup is backslash-escaped, so `<script>`, `[x](javascript:…)`,
`**`, `|` and `{{ }}` all show as typed. Numbers and our own text never need this.
"""

from __future__ import annotations

import re
from typing import Any

from markupsafe import Markup

# Exactly Python-Markdown's ESCAPED_CHARS plus `|` (the tables extension): a backslash before any other
# character would show. `<`, `>` and `&` become entities instead.
_MARKDOWN = re.compile(r"([\\`*_{}\[\]()#+\-.!|])")
_HTML = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _escape_line(text: str) -> str:
    text = _CONTROL.sub("", text)
    text = "".join(_HTML.get(ch, ch) for ch in text)
    return _MARKDOWN.sub(r"\\\1", text)


def inline(value: Any) -> Markup:
    """One line of literal text: line breaks become spaces."""
    if value is None:
        return Markup("—")
    text = " ".join(str(value).split())
    return Markup(_escape_line(text))


def block(value: Any) -> Markup:
    """Literal paragraphs: blank lines separate them, single line breaks are kept as breaks."""
    if value is None:
        return Markup("—")
    paragraphs = [p for p in re.split(r"\n\s*\n", str(value).strip()) if p.strip()]
    out = []
    for paragraph in paragraphs:
        lines = [_escape_line(" ".join(line.split())) for line in paragraph.splitlines() if line.strip()]
        out.append("<br>\n".join(lines))
    return Markup("\n\n".join(out) or "—")

