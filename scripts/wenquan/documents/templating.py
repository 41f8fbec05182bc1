"""The Jinja2 environment for generated Markdown: every `{{ value }}` is literal text unless we marked it safe.

`finalize` escapes whatever a template prints that is not already `Markup`, so a template that forgets a
filter still cannot let dossier text become markup. Templates live in the repository's `templates/`
(a user's own wording wins), falling back to the package checkout's.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from wenquan.documents import chinese, textsafe
from wenquan.dossier import fieldview
from wenquan.repo import PACKAGE_CHECKOUT


def _finalize(value: Any) -> Any:
    if isinstance(value, Markup):
        return value
    return textsafe.inline(value)


def _finalize_pandoc(value: Any) -> Any:
    if isinstance(value, Markup):
        return value
    return textsafe.pandoc_inline(value)


def _num(value: Any, digits: int = 2) -> Markup:
    """A figure in the one number style (fieldview.number): integers as integers, others with `digits` decimals."""
    if value is None:
        return Markup("—")
    if isinstance(value, int) or float(value).is_integer():
        return Markup(fieldview.number(int(value)))
    return Markup(fieldview.number(float(value), digits))


def _link(text: Any, url: str) -> Markup:
    """A link to one of our own pages or a fixed site: `url` is built by us, never taken from a dossier."""
    if not url.startswith(("https://", "http://", "../", "./", "#")) and "://" in url:
        raise ValueError(f"refusing link target {url!r}")
    return Markup(f"[{textsafe.inline(text)}]({url})")


BADGES = {"pass": ("满足", "pass"), "fail": ("不满足", "fail"), "unknown": ("无法判断", "unknown"),
          "judgment": ("由专家判断", "judgment"), "warning": ("提示", "warning")}


def _badge(status: str, passed: str = "满足") -> Markup:
    """A status as a word in a coloured box (no emoji: government desktops often have no emoji font)."""
    word, css = BADGES[status]
    return Markup(f'<span class="wq-badge wq-{css}">{passed if status == "pass" else word}</span>')


def _anchor(name: Any) -> Markup:
    """A heading's own anchor (attr_list `{#…}`), stable where two headings share a title: letters, digits, CJK, '-'."""
    slug = re.sub(r"[^\w\u4e00-\u9fff-]", "", str(name))
    return Markup("{#" + slug + "}") if slug else Markup("")


def _tel_link(phone: Any) -> Markup:
    """A telephone number that a phone can dial; the text stays as written."""
    digits = re.sub(r"[^0-9+]", "", str(phone))
    return Markup(f"[{textsafe.inline(phone)}](tel:{digits})") if digits else Markup(textsafe.inline(phone))


def _mail_link(address: Any) -> Markup:
    """An e-mail address as a mailto link, only when it is one plain address."""
    text = str(address)
    if re.fullmatch(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}", text):
        return Markup(f"[{textsafe.inline(text)}](mailto:{text})")
    return Markup(textsafe.inline(text))


def _html_text(value: Any) -> str:
    return "".join({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"}.get(c, c) for c in " ".join(str(value).split()))


def front_matter(title: Any, keywords: list[Any] | None = None, boost: float | None = None) -> Markup:
    """A page's title for mkdocs (window title, navigation, search) as HTML text: `<` in a place name shows as `<`.

    Without it mkdocs takes the title from the H1 and un-escapes it, and themes print it unescaped. `keywords` (a
    place's name, its applicant, its 称号) go into Material's highest-weighted search field (tags), so that a search
    for a place finds that place first; `boost` raises the whole page in search."""
    lines = ["---", "title: " + json.dumps(_html_text(title), ensure_ascii=False)]
    # the sections are tabs (navigation.tabs): the left sidebar would repeat one link and take the tables' width
    lines += ["hide:", "  - navigation", "  - tags"]    # tags feed search (below), not a list on the page
    if keywords:
        lines.append("tags: " + json.dumps(sorted({_html_text(k) for k in keywords if k}), ensure_ascii=False))
    if boost:
        lines += ["search:", f"  boost: {boost:g}"]
    return Markup("\n".join([*lines, "---", "", ""]))


def pandoc_front_matter(title: Any, subtitle: Any = None) -> Markup:
    """A document's title block for pandoc (Word's Title and Subtitle styles): YAML strings whose text is escaped
    Markdown, so a place name is still only text."""
    lines = ["---", "title: " + json.dumps(str(textsafe.pandoc_inline(title)), ensure_ascii=False)]
    if subtitle:
        lines.append("subtitle: " + json.dumps(str(textsafe.pandoc_inline(subtitle)), ensure_ascii=False))
    return Markup("\n".join([*lines, "---", ""]))


def template_dirs(root: Path) -> list[Path]:
    return [d for d in (root / "templates", PACKAGE_CHECKOUT / "templates") if d.is_dir()]


def environment(root: Path, flavor: str = "site") -> jinja2.Environment:
    """`site`: Python-Markdown pages for mkdocs; `pandoc`: pandoc Markdown for documents (md and Word)."""
    pandoc = flavor == "pandoc"
    env = jinja2.Environment(loader=jinja2.FileSystemLoader([str(d) for d in template_dirs(root)]),
                             autoescape=False, finalize=_finalize_pandoc if pandoc else _finalize,
                             undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                             keep_trailing_newline=True)
    env.filters.update(t=textsafe.pandoc_inline if pandoc else textsafe.inline,
                       para=textsafe.pandoc_block if pandoc else textsafe.block, num=_num, text=fieldview.text, chem=fieldview.chemistry,
                       cn_date=lambda d: chinese.date(d), cn_month=lambda d: chinese.month(d))
    if pandoc:
        env.globals.update(front_matter=pandoc_front_matter)
    else:
        env.globals.update(link=_link, front_matter=front_matter, badge=_badge, anchor=_anchor, tel_link=_tel_link, mail_link=_mail_link)
    return env
