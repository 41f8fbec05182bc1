"""Reading a built site: page text as a reader sees it, every file's text, links and scripts."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser
from pathlib import Path

TEXT_SUFFIXES = {".html", ".xml", ".json", ".svg", ".js", ".txt", ".css"}


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.scripts: list[str] = []
        self.links: list[str] = []
        self.tags: list[str] = []
        self.handlers: list[str] = []      # on* attributes (onclick, onerror…), which no page of ours has
        self.sources: list[str] = []       # the src of every img, iframe, embed… (a dossier can put none there)
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        values = dict(attrs)
        self.handlers += [f"{tag} {name}" for name, _ in attrs if name.lower().startswith("on")]
        if tag != "script" and values.get("src"):
            self.sources.append(values["src"] or "")
        if tag == "script":
            self._in_script = True
            self.scripts.append(values.get("src") or "")
        if tag == "a" and values.get("href"):
            self.links.append(values["href"] or "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.scripts[-1] += data
        else:
            self.text.append(data)


def parse(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


def article(path: Path) -> str:
    """The page's main content as plain text, whitespace collapsed."""
    source = path.read_text(encoding="utf-8")
    match = re.search(r'<article[^>]*>(.*)</article>', source, re.S)
    page = _Page()
    page.feed(match.group(1) if match else source)
    return " ".join("".join(page.text).split())


def every_text_file(folder: Path) -> dict[Path, str]:
    """Every text file of a built site, decoded (and HTML entities resolved, so escaped values match too)."""
    out = {}
    for path in folder.rglob("*"):
        if path.is_file() and path.suffix in TEXT_SUFFIXES:
            raw = path.read_text(encoding="utf-8", errors="replace")
            out[path] = raw + "\n" + html.unescape(raw)
    return out
