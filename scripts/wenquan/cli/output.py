"""What wenquan prints cannot command the CI runner that reads it.

GitHub Actions reads any output line that starts with `::` as a workflow command (`::error …::`,
`::add-mask::`, `::stop-commands::`, …), and Azure Pipelines any `##vso[`. wenquan prints dossier text
(diffs, check results, status), so every line it prints passes through `CommandSafeStream`, which puts a zero
width space between the two marks of such a line: it reads the same, and no runner takes it as a command.
The one output that is meant to be read as commands, `wenquan validate --format github`, is written inside
`commands_allowed()`; its messages are escaped by the reporter (GitHub's `%25`, `%0D`, `%0A`), so no dossier
text can open a line there either.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, TextIO

ZWSP = "\u200b"
_COMMAND = re.compile(r"^(\s*)(::|##vso\[|##\[)", re.M)


def neutralise(text: str) -> str:
    """Each line that a CI runner would read as a command, broken by a zero width space after its first mark."""
    return _COMMAND.sub(lambda m: m.group(1) + m.group(2)[0] + ZWSP + m.group(2)[1:], text)


class CommandSafeStream:
    """A text stream that neutralises command lines, even when a line arrives in several writes."""

    def __init__(self, inner: TextIO) -> None:
        self.inner = inner
        self.pending = ""      # the start of a line not yet known to be safe
        self.allowed = False

    def write(self, text: str) -> int:
        if self.allowed:
            return self.inner.write(text)
        data = self.pending + text
        head, newline, tail = data.rpartition("\n")
        out = neutralise(head + newline) if newline else ""
        # a partial last line is held back only while it could still become a command
        if tail.lstrip() and not any(p.startswith(tail.lstrip()) or tail.lstrip().startswith(p) for p in ("::", "##vso[", "##[")):
            out, self.pending = out + tail, ""
        else:
            self.pending = tail
        self.inner.write(out)
        return len(text)

    def flush(self) -> None:
        if self.pending:
            self.inner.write(neutralise(self.pending))
            self.pending = ""
        self.inner.flush()

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)


@contextmanager
def safe_streams() -> Iterator[None]:
    """Standard output and error neutralised for the duration of one command."""
    saved = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = CommandSafeStream(saved[0]), CommandSafeStream(saved[1])
    try:
        yield
    finally:
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except (BrokenPipeError, ValueError, OSError):
                pass
        sys.stdout, sys.stderr = saved


@contextmanager
def commands_allowed() -> Iterator[None]:
    """For the annotations wenquan itself emits: standard output passes through as written."""
    stream = sys.stdout
    if not isinstance(stream, CommandSafeStream):
        yield
        return
    stream.flush()
    stream.allowed = True
    try:
        yield
    finally:
        stream.allowed = False
