"""Chinese writing of dates and quantities for formal documents: 二〇二六年十一月, 3.6万立方米."""

from __future__ import annotations

import datetime as dt

DIGITS = "〇一二三四五六七八九"


def year(value: int) -> str:
    """2026 → 二〇二六 (years are read digit by digit)."""
    return "".join(DIGITS[int(c)] for c in str(value))


def small_number(value: int) -> str:
    """1–99 in words: 11 → 十一, 20 → 二十, 5 → 五."""
    if not 0 < value < 100:
        raise ValueError(value)
    tens, ones = divmod(value, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else DIGITS[tens] + "十")
    return head + (DIGITS[ones] if ones else "")


def month(day: dt.date) -> str:
    """二〇二六年十一月."""
    return f"{year(day.year)}年{small_number(day.month)}月"


def date(day: dt.date) -> str:
    """二〇二六年十一月二十一日."""
    return f"{month(day)}{small_number(day.day)}日"


def arabic_date(day: dt.date) -> str:
    """2026年11月16日: a 公文's date since GB/T 9704-2012 (7.3.5), no leading zeros."""
    return f"{day.year}年{day.month}月{day.day}日"


def quantity(value: float, unit: str) -> str:
    """A figure with its unit, in 万 from ten thousand up, in 亿 from a hundred million: 36000 → 3.6万立方米."""
    if abs(value) >= 1e8:
        return f"{_trim(value / 1e8)}亿{unit}"
    if abs(value) >= 1e4:
        return f"{_trim(value / 1e4)}万{unit}"
    return f"{_trim(value)}{unit}"


def _trim(value: float) -> str:
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return text if text != "-0" else "0"
