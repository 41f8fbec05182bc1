"""Text given on the command line (or in a forge comment), checked before it reaches a record or a commit message.

A value that becomes a commit trailer (`Actor:`, `Seed:`, …) must be one line: a line break would let it
forge further trailers. No value may hold control characters (ESC would drive the terminal of whoever reads
it; U+202E and its kin reorder text as it is shown); tab and line breaks are allowed only in the free-text
fields that are kept as paragraphs. Lengths are those the record schemas allow. Each refusal is a user error
naming the option and the limit, raised before any file is written.
"""

from __future__ import annotations

import re

from wenquan.errors import UserError

# C0 and C1 controls (tab and line feed are handled apart), DEL, the line and paragraph separators, and the
# bidirectional embeddings, overrides and isolates.
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")

ONE_LINE = 100        # a unit's or a person's name, a seed: what a trailer may carry
NAME = 50             # a provincial expert's name
NOTE = 2000           # an event's note (workflow.schema.json events[].note)
LONG = 4000           # an opinion, an objection's summary or decision note


def _describe(ch: str) -> str:
    return f"U+{ord(ch):04X}"


def text(option: str, value: str | None, *, limit: int, paragraphs: bool = False, required: bool = False) -> str | None:
    """The value as it will be recorded (stripped), or None when absent; refused when it could inject or overflow."""
    if value is None:
        if required:
            raise UserError(f"{option} 不能省略")
        return None
    bad = CONTROL.search(value)
    if bad:
        raise UserError(f"{option} 含有控制字符 {_describe(bad.group())}，不能记录")
    if not paragraphs and ("\n" in value or "\r" in value or "\t" in value):
        raise UserError(f"{option} 只能是一行文字（不能含换行或制表符）：它会写入提交说明的尾注")
    value = value.replace("\r\n", "\n").replace("\r", "\n").strip()
    if not value:
        raise UserError(f"{option} 不能为空")
    if len(value) > limit:
        raise UserError(f"{option} 最多 {limit} 个字符，现为 {len(value)} 个")
    return value


def actor(value: str | None) -> str | None:
    """`--by`: the unit acting, written as the `Actor:` trailer."""
    return text("--by", value, limit=ONE_LINE)
