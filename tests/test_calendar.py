"""Working days on the official calendar: 调休 Saturdays, Spring Festival, National Day, unknown years."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from wenquan.rules.workdays import Calendar
from workflow_helpers import ok, wq


@pytest.mark.parametrize(("start", "end"), [
    ("2026-04-27", "2026-05-08"),   # 劳动节 5.1–5.5 off; 5.9 (Sat) is a 调休 workday but comes after the 7th day
    ("2026-02-12", "2026-02-27"),   # 春节 2.15–2.23 off; 2.14 (Sat) is a 调休 workday and counts as day 3
    ("2026-09-25", "2026-10-12"),   # 国庆中秋 10.1–10.8 off, 10.10 (Sat) a 调休 workday
    ("2026-11-21", "2026-12-01"),   # a Saturday start does not count as day one
    ("2026-11-23", "2026-12-01"),
])
def test_notice_end(start: str, end: str, repo: Path) -> None:
    assert ok(repo, "calendar", "notice-end", start).stdout.strip() == end


def test_adjusted_saturday_counts() -> None:
    calendar = Calendar({}, "registry/calendar.yaml")
    assert calendar.is_workday(dt.date(2026, 2, 28)) and not calendar.is_workday(dt.date(2026, 2, 21))
    assert calendar.notice_end(dt.date(2026, 2, 28), 1) == dt.date(2026, 2, 28)
    assert calendar.notice_end(dt.date(2026, 3, 2), 3) == dt.date(2026, 3, 4)


def test_days_option(repo: Path) -> None:
    assert ok(repo, "calendar", "notice-end", "2026-11-23", "--days", "1").stdout.strip() == "2026-11-23"
    assert wq(repo, "calendar", "notice-end", "2026-11-23", "--days", "0").exit_code == 2


def test_unknown_year_is_an_error_naming_the_file(repo: Path) -> None:
    # A year no release of chinesecalendar will know within the program's life: the test does not depend on
    # which years the installed release covers (the release adding 2027 must not break it).
    result = wq(repo, "calendar", "notice-end", "2098-12-28")
    assert result.exit_code == 1
    assert "2098" in result.stderr and "registry/calendar.yaml" in result.stderr


def test_registry_calendar_overrides_the_package(repo: Path) -> None:
    # The tests pin their own holiday data: a year given in registry/calendar.yaml is taken from there even
    # where chinesecalendar knows it, so the answer does not change with the installed release.
    (repo / "registry/calendar.yaml").write_text(
        "# yaml-language-server: $schema=../schemas/calendar.schema.json\nschema_version: 1\nyears:\n"
        "  2026:\n    source: 测试用安排\n    holidays: ['2026-11-23']\n    workdays: []\n", encoding="utf-8")
    # Mon 11-23 off by the pinned data, so the 7 working days run 11-24 … 12-02
    assert ok(repo, "calendar", "notice-end", "2026-11-23").stdout.strip() == "2026-12-02"


def test_registry_calendar_supplies_a_year(repo: Path) -> None:
    (repo / "registry/calendar.yaml").write_text(
        "# yaml-language-server: $schema=../schemas/calendar.schema.json\nschema_version: 1\nyears:\n"
        "  2031:\n    source: 测试用安排\n    holidays: ['2031-01-01', '2031-01-02']\n    workdays: ['2031-01-04']\n", encoding="utf-8")
    # 2031-01-01 Wed and 01-02 Thu off, 01-03 Fri, 01-04 Sat workday, then Mon 01-06 …
    assert ok(repo, "calendar", "notice-end", "2031-01-01", "--days", "3").stdout.strip() == "2031-01-06"
    assert ok(repo, "validate").exit_code == 0
