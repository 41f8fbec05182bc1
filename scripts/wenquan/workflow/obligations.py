"""What a named place owes and when (管理办法 四): yearly reports, the five-yearly self-check, rectification.

年报 (四、2（1）): the report for year Y is due in the second quarter of Y+1 (by 30 June). Exception: a year
in which every mining right of the place was set up less than six months before the year's end is reported
with the next year's. 中评估 (四、2（2）, 附录D): every five years from naming, a self-check submitted in that
year's fourth quarter (by 31 December), then reviewed by the provincial association and filed with the
association. 整改 (四、3): the rectification deadline.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass
from typing import Any

from wenquan.rules.periods import add_months

ANNUAL_RULE = "管理办法 四、2（1）：每年二季度报送上一年度的年报；上一年度新立矿权至年底不满6个月的，随下一年度报送"
SELFCHECK_RULE = "管理办法 四、2（2）、附录D：每5年一次中评估，自检材料于当年四季度报送省矿业协会审查，通过后报中国矿业联合会备案"
RECTIFY_RULE = "管理办法 四、3：限期整改；限期不改的撤销命名"
SELFCHECK_EVERY = 5
UPCOMING_DAYS = 30


@dataclass(frozen=True)
class Obligation:
    id: str
    place: str
    kind: str          # annual, selfcheck, selfcheck_review, rectification
    year: int | None
    date: str          # due date
    days: int          # from `on` to the due date (negative: overdue)
    status: str        # done, deferred, upcoming, due (window open), overdue
    message: str
    rule: str
    listed: bool = True  # belongs on the due list (`wenquan due`, the review board): not done, and a deferral only in its quarter

    def as_dict(self) -> dict[str, Any]:
        return {k: v for k, v in asdict(self).items() if k != "listed"}


def first_named(workflow: dict[str, Any] | None) -> dt.date | None:
    """The day of the first naming (a restored place keeps it: 整改 → 命名 is not a new naming), or None."""
    day = next((e["date"] for e in (workflow or {}).get("events", []) if e.get("kind") == "transition" and e.get("to") == "命名"), None)
    return dt.date.fromisoformat(str(day)) if day is not None else None


def is_selfcheck_year(year: int, named: dt.date) -> bool:
    """四、2（2）: every five years from naming: naming year + 5, + 10, … (释-15: never the naming year or before)."""
    return year > named.year and (year - named.year) % SELFCHECK_EVERY == 0


def _mining_rights(dossier: dict[str, Any]) -> list[dt.date]:
    return [dt.date.fromisoformat(str(p["valid_from"])) for p in dossier.get("permits") or []
            if p.get("kind") == "采矿权" and p.get("valid_from")]


def annual_exempt(dossier: dict[str, Any], year: int) -> str | None:
    """Why year's report goes with the next year's, or None: every mining right then is under six months old."""
    rights = [d for d in _mining_rights(dossier) if d <= dt.date(year, 12, 31)]
    if rights and all(add_months(d, 6) > dt.date(year, 12, 31) for d in rights):
        newest = max(rights)
        return f"采矿权于 {newest} 设立，至 {year} 年底不满 6 个月，{year} 年度随 {year + 1} 年度报送"
    return None


def recorded(workflow: dict[str, Any] | None, kind: str) -> dict[int, dict[str, Any]]:
    return {e["year"]: e for e in (workflow or {}).get("events", []) if e.get("kind") == "report" and e.get("report") == kind}


def _events(workflow: dict[str, Any] | None, kind: str) -> dict[int, dict[str, Any]]:
    return {e["year"]: e for e in (workflow or {}).get("events", []) if e.get("kind") == kind}


def _status(on: dt.date, opens: dt.date, due: dt.date, done: bool) -> str:
    if done:
        return "done"
    if on > due:
        return "overdue"
    if on >= opens:
        return "due"
    if (opens - on).days <= UPCOMING_DAYS:
        return "upcoming"
    return "scheduled"


def _scheduled(dossier_id: str, place: str, kind: str, year: int, on: dt.date, opens: dt.date, due: dt.date, done: bool,
               rule: str, messages: dict[str, str]) -> list[Obligation]:
    """A report due in a window (opens..due), as of `on`. While the window is more than a month off it is
    "scheduled": shown on the place's page as its next obligation, not listed as due."""
    status = _status(on, opens, due, done)
    return [Obligation(dossier_id, place, kind, year, due.isoformat(), (due - on).days, status,
                       messages.get(status, messages["upcoming"]), rule, status not in ("done", "scheduled"))]


def for_place(dossier_id: str, dossier: dict[str, Any], workflow: dict[str, Any] | None, on: dt.date,
              include_done: bool = False) -> list[Obligation]:
    state = (workflow or {}).get("state")
    named_on = first_named(workflow)
    if state not in ("命名", "整改") or named_on is None:
        return []
    place = str(dossier.get("place", dossier_id))
    out: list[Obligation] = []
    annual = recorded(workflow, "annual")
    for year in range(named_on.year, on.year + 1):   # the current year's report is the next one owed
        due = dt.date(year + 1, 6, 30)
        exempt = annual_exempt(dossier, year)
        if exempt:
            out.append(Obligation(dossier_id, place, "annual", year, due.isoformat(), (due - on).days, "deferred", exempt, ANNUAL_RULE,
                                  dt.date(year + 1, 4, 1) <= on <= due))
            continue
        out += _scheduled(dossier_id, place, "annual", year, on, dt.date(year + 1, 4, 1), due, year in annual, ANNUAL_RULE, {
            "done": f"{year} 年度年报已于 {annual.get(year, {}).get('date')} 报送",
            "overdue": f"{year} 年度年报应于 {due} 前报送，已逾期 {(on - due).days} 天",
            "due": f"{year} 年度年报应于 {due} 前报送（二季度），还有 {(due - on).days} 天",
            "upcoming": f"{year} 年度年报将于 {year + 1} 年二季度报送，{due} 截止"})
    submitted, reviewed = recorded(workflow, "selfcheck"), _events(workflow, "selfcheck_review")
    filed = _events(workflow, "selfcheck_filing")
    year, horizon = named_on.year + SELFCHECK_EVERY, on.year + 1
    while year - SELFCHECK_EVERY <= horizon:   # every one up to next year's, and the next after that
        due = dt.date(year, 12, 31)
        out += _scheduled(dossier_id, place, "selfcheck", year, on, dt.date(year, 10, 1), due, year in submitted, SELFCHECK_RULE, {
            "done": f"{year} 年自检材料已于 {submitted.get(year, {}).get('date')} 报送",
            "overdue": f"{year} 年中评估自检材料应于 {due} 前报送，已逾期 {(on - due).days} 天",
            "due": f"{year} 年中评估自检材料应于四季度报送（{due} 截止），还有 {(due - on).days} 天",
            "upcoming": f"{year} 年为命名后第 {year - named_on.year} 年，四季度报送中评估自检材料（{due} 截止）"})
        if year in submitted and (year not in reviewed or year not in filed):
            step = "省矿业协会审查" if year not in reviewed else ("中国矿业联合会备案" if reviewed[year].get("result") == "通过" else "自检审查未通过，待整改")
            out.append(Obligation(dossier_id, place, "selfcheck_review", year, submitted[year]["date"], 0, "due",
                                  f"{year} 年自检材料待{step}", SELFCHECK_RULE))
        year += SELFCHECK_EVERY
    rectification = (workflow or {}).get("rectification")
    if state == "整改" and rectification:
        deadline = dt.date.fromisoformat(rectification["deadline"])
        days = (deadline - on).days
        status = "overdue" if days < 0 else "due"
        message = (f"整改期限 {deadline} 已过 {-days} 天，仍未恢复命名：可按 四、3（1）撤销" if days < 0
                   else f"整改期限 {deadline}，还有 {days} 天")
        out.append(Obligation(dossier_id, place, "rectification", None, deadline.isoformat(), days, status, message, RECTIFY_RULE))
    return out if include_done else [o for o in out if o.listed]
