"""Dossier text into generated Markdown as literal text: a dossier is data, never HTML, Markdown or a template.

Every value a page shows passes through `inline` (one line: table cells, headings, list items) or `block`
(paragraphs). HTML's specials become entities and every character Python-Markdown (with the extensions
mkdocs-material enables) would read as markup is backslash-escaped, so `<script>`, `[x](javascript:…)`,
`**`, `|` and `{{ }}` all show as typed. Numbers and our own text never need this.
"""

from __future__ import annotations

import re
from collections.abc import Callable
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


def _paragraphs(value: Any, escape_line: Callable[[str], str], line_break: str) -> Markup:
    """Blank lines separate paragraphs; inside one, each line is escaped and single breaks become `line_break`."""
    if value is None:
        return Markup("—")
    paragraphs = [p for p in re.split(r"\n\s*\n", str(value).strip()) if p.strip()]
    out = []
    for paragraph in paragraphs:
        lines = [escape_line(" ".join(line.split())) for line in paragraph.splitlines() if line.strip()]
        out.append(line_break.join(lines))
    return Markup("\n\n".join(out) or "—")


def block(value: Any) -> Markup:
    """Literal paragraphs: blank lines separate them, single line breaks are kept as breaks."""
    return _paragraphs(value, _escape_line, "<br>\n")



# Pandoc's Markdown (documents): every ASCII punctuation character may be backslash-escaped and then
# stands for itself (extension all_symbols_escapable). All of them are escaped — no raw HTML, raw LaTeX
# (`\begin`, `$x$`), citation, footnote, span, div or table syntax survives — except a few that mean
# nothing inside a line (`.` `,` `/` `%` `;` `:` `-` `?` `=` `+`), kept as typed so the Markdown stays
# readable; at the start of a line they could open a list, a rule or a definition, so there they are
# escaped too, as is the `.` or `)` of a leading number (`1.`, `1)`: an ordered list).
_PUNCTUATION = "".join(chr(c) for c in range(33, 127) if not chr(c).isalnum())
_KEPT = ".,/%;:-?=+"
_PANDOC = re.compile("([" + re.escape("".join(c for c in _PUNCTUATION if c not in _KEPT)) + "])")
_PANDOC_NUMBERED = re.compile(r"^(\d+|[A-Za-z]|[ivxlcdmIVXLCDM]+)([.)])(?=\s|$)")   # 1. a) iv. — list markers


def _pandoc_line(text: str) -> str:
    text = _PANDOC.sub(r"\\\1", _CONTROL.sub("", text))
    if text[:1] in _KEPT and text:
        return "\\" + text
    return _PANDOC_NUMBERED.sub(r"\1\\\2", text)


def pandoc_inline(value: Any) -> Markup:
    """One line of literal text for pandoc: line breaks become spaces."""
    if value is None:
        return Markup("—")
    return Markup(_pandoc_line(" ".join(str(value).split())))


def pandoc_block(value: Any) -> Markup:
    """Literal paragraphs for pandoc: blank lines separate them, single line breaks stay (a backslash at line end)."""
    return _paragraphs(value, _pandoc_line, "\\\n")


# A forge comment links `@login` (and notifies that account) and `#123` / `GH-123` (and cross-references that
# issue). In dossier text neither is meant, so a zero width space (as an entity) goes after the mark: the text
# reads the same and the forge links nothing.
_MENTION = re.compile(r"@(?=[A-Za-z0-9_-])")
_REFERENCE = re.compile(r"(?<!&)(\\?#|\bGH\\?-)(?=[0-9])", re.IGNORECASE)


def forge_inline(value: Any) -> Markup:
    """`inline` for a forge comment: also no @mention and no issue reference."""
    text = _REFERENCE.sub(lambda m: m.group(1) + "&#8203;", str(inline(value)))
    return Markup(_MENTION.sub("@&#8203;", text))
