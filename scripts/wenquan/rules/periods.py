"""Calendar periods the rules count in months (管理办法 二、6 six months; 四、2 six months of a new mining right)."""

from __future__ import annotations

import calendar
import datetime as dt


def add_months(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def approval_limit(submitted: dt.date, months: int) -> dt.date:
    """二、6: the last day within "从正式申报到审批 … 不超过6个月" (释-04: counted from the 申报 event's date)."""
    return add_months(submitted, months)


def over_approval_limit(submitted: dt.date, on: dt.date, months: int) -> bool:
    """释-04: over the limit only after its last day; the day itself is within it (“不超过” includes it)."""
    return on > approval_limit(submitted, months)
