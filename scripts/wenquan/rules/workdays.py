"""Working days on the official Chinese calendar (调休 included), for the 7-working-day notice (二、5).

The `chinesecalendar` package knows the years the State Council has published; later years come from
registry/calendar.yaml. A year in neither is an error naming that file, never a guess.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import chinese_calendar

from wenquan.errors import UserError

MAX_SPAN_DAYS = 366


class Calendar:
    def __init__(self, extra: dict[int, dict[str, set[dt.date]]], source: str) -> None:
        self.extra = extra
        self.source = source

    @classmethod
    def load(cls, root: Path | None) -> Calendar:
        from wenquan.rules.ruleset import load_checked

        path = (root / "registry" / "calendar.yaml") if root else None
        if path is None or not path.is_file():
            return cls({}, "registry/calendar.yaml")
        data: dict[str, Any] = load_checked(path, "calendar", root, "registry/calendar.yaml ")
        extra = {int(year): {"holidays": {dt.date.fromisoformat(d) for d in spec.get("holidays", [])},
                             "workdays": {dt.date.fromisoformat(d) for d in spec.get("workdays", [])}}
                 for year, spec in (data.get("years") or {}).items()}
        return cls(extra, "registry/calendar.yaml")

    def is_workday(self, day: dt.date) -> bool:
        if day.year in self.extra:
            spec = self.extra[day.year]
            if day in spec["workdays"]:
                return True
            if day in spec["holidays"]:
                return False
            return day.weekday() < 5
        try:
            return bool(chinese_calendar.is_workday(day))
        except NotImplementedError as exc:
            raise UserError(f"不知道 {day.year} 年的法定节假日和调休安排：chinesecalendar 没有该年数据，"
                            f"{self.source} 中也没有。请在 {self.source} 中按国务院办公厅公布的安排补充 {day.year} 年") from exc

    def notice_end(self, start: dt.date, days: int) -> dt.date:
        """The date of the `days`-th working day, the start counting as day one when it is a working day."""
        if days < 1:
            raise UserError("公示期的工作日数必须至少为 1")
        count, day = 0, start
        for _ in range(MAX_SPAN_DAYS):
            if self.is_workday(day):
                count += 1
                if count == days:
                    return day
            day += dt.timedelta(days=1)
        raise UserError(f"从 {start} 起一年内数不到 {days} 个工作日")

    def working_days_left(self, today: dt.date, end: dt.date) -> int:
        """Working days from `today` (inclusive) to `end` (inclusive)."""
        count, day = 0, today
        while day <= end:
            if self.is_workday(day):
                count += 1
            day += dt.timedelta(days=1)
        return count
