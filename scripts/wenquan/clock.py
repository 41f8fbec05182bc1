"""What day it is for wenquan: the machine's date, or the day a rehearsal or backfill says.

`wenquan --today YYYY-MM-DD` (or the environment variable WENQUAN_TODAY) sets "today" for one run. Every
date judged against today (deadlines, the notice period, "an event cannot be dated in the future") then
uses it, and a write made under it carries the trailer `Recorded-As-Of:` so history shows it was not the
machine's own date.
"""

from __future__ import annotations

import datetime as dt
import os
import re

from wenquan.errors import UsageError

ENVIRONMENT = "WENQUAN_TODAY"
_override: dt.date | None = None


_ISO_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def parse(value: str, option: str) -> dt.date:
    """A day written YYYY-MM-DD; anything else is a usage error naming `option`."""
    if _ISO_DAY.fullmatch(value):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    raise UsageError(f"{option} 的日期“{value}”格式不对，应为 YYYY-MM-DD")


def set_today(day: dt.date | None) -> None:
    """Set (or with None, clear) the day this run treats as today."""
    global _override
    _override = day


def as_of() -> dt.date | None:
    """The day set by --today or WENQUAN_TODAY, if either is; None when today is the machine's date."""
    if _override is not None:
        return _override
    value = os.environ.get(ENVIRONMENT, "").strip()
    return parse(value, f"环境变量 {ENVIRONMENT}") if value else None


def today() -> dt.date:
    return as_of() or dt.date.today()
