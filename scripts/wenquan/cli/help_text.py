"""Click's help screens in Chinese, wrapped as a terminal shows Chinese: two columns a character.

Click writes its own words in English ("Usage:", "Options", "Show this message and exit.", "[default: md]") and
wraps text by counting characters, so a line of Chinese runs to twice the width it was cut for. `Context`, which
the `wenquan` group gives every command under it (`cli.main`), makes its help with `Formatter`, which says click's
words in Chinese and wraps by columns: between any two Chinese characters, at the spaces of other text, and never
before closing punctuation.

Every command line loads this module (its commands are registered through it), so it compiles no pattern and
imports nothing beyond click until a help screen is made.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

import click

# Click's words in what it writes for a command's usage and help, in Chinese.
_USAGE = (("[OPTIONS]", "[选项]"), ("COMMAND [ARGS]...", "命令 [参数]..."))
_HEADINGS = {"Options": "选项", "Commands": "命令", "Positional arguments": "参数"}
_HELP = {"Show this message and exit.": "显示本说明并退出", "Show the version and exit.": "显示版本号并退出"}
# What click adds after an option's help, in brackets, its items joined by "; " ([env var: X; default: md; required]).
_EXTRAS = r"\[((?:[^\[\]]*; )?(?:env var: |default: |required)[^\]]*)\]"  # an item may follow a range: [1<=x<=4; required]
_EXTRA_WORDS = (("env var: ", "环境变量："), ("default: ", "默认："), ("required", "必填"))
# The metavars of click's types in an option's column: what kind of value the option takes.
_TYPES = ((r"\bINTEGER RANGE\b", "整数"), (r"\bFLOAT RANGE\b", "数字"), (r"\bINTEGER\b", "整数"), (r"\bFLOAT\b", "数字"),
          (r"\bTEXT\b", "文本"), (r"\bDIRECTORY\b", "文件夹"), (r"\bFILE\b", "文件"), (r"\bPATH\b", "路径"), (r"\bBOOLEAN\b", "是或否"))
# Never the first thing on a line: alone, or leading a word set close to what stands before it (">-annual.yaml"
# after "<年度", ".yaml" after a Chinese name). Never the last: alone, or ending a word ("reports/<").
_CLOSING = frozenset("，。、；：？！）】」』”’》〉…,.;:?!)]}%>")
_OPENING = frozenset("（【「『“‘《〈([{<")


def _usage_words(text: str) -> str:
    """A usage line's click words ([OPTIONS], COMMAND [ARGS]...) in Chinese."""
    for english, chinese in _USAGE:
        text = text.replace(english, chinese)
    return text


def columns(text: str) -> int:
    """How many columns a terminal gives `text`: two for each wide (CJK, full-width) character."""
    return sum(2 if _wide(ch) else 1 for ch in text)


def padded(text: str, width: int) -> str:
    """`text` followed by the spaces that make it `width` columns wide as a terminal shows it (`columns`)."""
    return text + " " * (width - columns(text))


def _wide(ch: str) -> bool:
    import unicodedata

    return unicodedata.east_asian_width(ch) in "WF"


_ATOM = r"\[[^\s\[\]]{1,40}\]"  # a bracketed extra ([默认：md], [1<=x<=4]): one piece
_PLACEHOLDER = r"<[^\s<>]{1,20}>"  # a placeholder (reports/<年度>-annual.yaml): part of the word it stands in


def _units(text: str) -> Iterator[tuple[str, bool]]:
    """The pieces a line may break between, each with whether a space stood before it: a wide character alone,
    a run of other characters (and placeholders, wide characters and all) up to a space or a wide character, or a
    bracketed extra whole."""
    word, spaced, space = "", False, False
    at = 0
    while at < len(text):
        ch = text[at]
        atom = re.compile(_ATOM).match(text, at) if ch == "[" and not word else None
        if atom is not None:
            yield atom.group(), space
            space, at = False, atom.end()
            continue
        placeholder = re.compile(_PLACEHOLDER).match(text, at) if ch == "<" else None
        if placeholder is not None:
            if not word:
                spaced, space = space, False
            word += placeholder.group()
            at = placeholder.end()
            continue
        at += 1
        if ch.isspace():
            if word:
                yield word, spaced
                word = ""
            space = True
        elif _wide(ch):
            if word:
                yield word, spaced
                word, space = "", False
            yield ch, space
            space = False
        else:
            if not word:
                spaced, space = space, False
            word += ch
    if word:
        yield word, spaced


def wrap(text: str, width: int) -> list[str]:
    """`text` (one paragraph) cut into lines of at most `width` columns (but for a piece longer than a line).
    Closing punctuation never begins a line: where it does not fit, the piece before it goes on with it; opening
    punctuation never ends one."""
    lines: list[list[tuple[str, bool]]] = []
    line: list[tuple[str, bool]] = []
    for unit, spaced in _units(text):
        if line and _columns(line + [(unit, spaced)]) > width:
            carried: list[tuple[str, bool]] = []
            if _closing(unit, spaced):  # the pieces before it go on with it, as far back as one that is not punctuation
                while len(line) > 1:
                    carried.insert(0, line.pop())
                    if not _closing(*carried[0]):
                        break
            while len(line) > 1 and line[-1][0][-1] in _OPENING:
                carried.insert(0, line.pop())
            if all(unit_[-1] in _OPENING for unit_, _ in line):  # nothing left that may end a line: it runs over
                line += carried
            else:
                lines.append(line)
                line = carried
        line.append((unit, spaced))
    return [_text(units) for units in [*lines, line]]


def _closing(unit: str, spaced: bool) -> bool:
    return unit[0] in _CLOSING and (len(unit) == 1 or not spaced)


def _text(units: list[tuple[str, bool]]) -> str:
    return "".join((" " if spaced and at else "") + unit for at, (unit, spaced) in enumerate(units))


def _columns(units: list[tuple[str, bool]]) -> int:
    return columns(_text(units))


def _joined(lines: list[str]) -> str:
    """A paragraph's source lines as one: a space where the break was, but between two Chinese characters (or
    punctuation: from U+2E80 on)."""
    text = ""
    for line in (line.strip() for line in lines):
        if text and line and not (text[-1] >= "\u2e80" and line[0] >= "\u2e80"):
            text += " "
        text += line
    return text


class Formatter(click.HelpFormatter):
    """Click's help formatter with its words in Chinese, wrapping by columns (see the module)."""

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        self.write(_usage_words(f"{' ' * self.current_indent}{prefix if prefix is not None else '用法：'}{prog} {args}").rstrip() + "\n")

    def write_heading(self, heading: str) -> None:
        self.write(f"{' ' * self.current_indent}{_HEADINGS.get(heading, heading)}：\n")

    def write_text(self, text: str) -> None:
        indent = " " * self.current_indent
        paragraphs = re.split(r"\n\s*\n", text.strip("\n"))
        for at, paragraph in enumerate(paragraphs):
            if at:
                self.write("\n")
            lines = paragraph.splitlines()
            if lines and lines[0].strip() == "\b":  # click's mark: written as it stands
                self.write("".join(f"{indent}{line}\n" for line in lines[1:]))
                continue
            self.write("".join(f"{indent}{line}\n" for line in wrap(_joined(lines), max(self.width - self.current_indent, 20))))

    def write_dl(self, rows: Iterable[tuple[str, str]], col_max: int = 30, col_spacing: int = 2) -> None:
        table = [(_term(first), _description(second)) for first, second in rows]
        if not table:
            return
        indent = " " * self.current_indent
        first_width = min(max(columns(first) for first, _ in table), col_max) + col_spacing
        text_at = self.current_indent + first_width
        text_width = max(self.width - text_at, 20)
        for first, second in table:
            if not second:
                self.write(f"{indent}{first}\n")
                continue
            if columns(first) + col_spacing <= first_width:
                self.write(f"{indent}{padded(first, first_width)}")
            else:
                self.write(f"{indent}{first}\n" + " " * text_at)
            lines = wrap(_joined(second.splitlines()), text_width)
            self.write(lines[0] + "\n" + "".join(f"{' ' * text_at}{line}\n" for line in lines[1:]))


def _term(first: str) -> str:
    for pattern, chinese in _TYPES:
        first = re.sub(pattern, chinese, first)
    return first


def _description(second: str) -> str:
    for english, chinese in _HELP.items():
        second = second.replace(english, chinese)
    return re.sub(_EXTRAS, lambda m: f"[{'；'.join(_extra(item) for item in m.group(1).split('; '))}]", second)


def _extra(item: str) -> str:
    for english, chinese in _EXTRA_WORDS:
        if item.startswith(english):
            return chinese + item[len(english):]
    return item


class Context(click.Context):
    """A command's context whose help is made by `Formatter`."""

    formatter_class = Formatter


def in_chinese(command: click.Command) -> click.Command:
    """`command`, and every command under it where it is a group, with its help in Chinese (`Context`) and, in
    its group's list, its help's first sentence (click looks for an English full stop and cuts the rest short)."""
    command.context_class = Context
    if command.short_help is None and command.help:
        first = _joined(command.help.split("\n\n")[0].splitlines())
        command.short_help = first[:first.index("。") + 1] if "。" in first else first
    if isinstance(command, click.Group):
        for sub in command.commands.values():
            in_chinese(sub)
    return command
