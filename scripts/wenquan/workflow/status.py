"""Reading the workflow: every dossier's state and next step, one dossier's timeline, and what falls due."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from wenquan.dossier.loader import load_trusted
from wenquan.repo import Repository
from wenquan.rules.periods import add_months
from wenquan.store import history
from wenquan.workflow.states import BEFORE_NAMING, NEXT_STEP

UPCOMING_DAYS = 30
LIMIT_RULE = "管理办法 二、6：从正式申报到审批，时间原则不超过6个月"
NOTICE_RULE = "管理办法 二、5：公示7个工作日，如无异议，由中国矿业联合会正式命名"



def _load(path: Path) -> Any:
    return load_trusted(path.read_text(encoding="utf-8")) if path.is_file() else None


def row(dossier_id: str, dossier: dict[str, Any], workflow: dict[str, Any] | None, limit_months: int = 6) -> dict[str, Any]:
    """One dossier's state, next step and what falls due, from its already loaded data and records."""
    state = workflow["state"] if workflow else None
    transitions = [e for e in (workflow or {}).get("events", []) if e.get("kind") == "transition"]
    since = transitions[-1]["date"] if transitions else None
    submitted = next((e["date"] for e in transitions if e.get("to") == "申报"), None)
    due, due_what = None, None
    if state == "公示" and workflow and workflow.get("notice"):
        due, due_what = workflow["notice"]["end"], "公示期结束"
    elif state in BEFORE_NAMING and submitted:
        due, due_what = add_months(dt.date.fromisoformat(str(submitted)), limit_months).isoformat(), "6 个月审批时限"
    return {"id": dossier_id, "place": dossier.get("place"), "level": dossier.get("level"), "state": state,
            "since": str(since) if since else None, "submitted": str(submitted) if submitted else None,
            "next": NEXT_STEP[state], "due": due, "due_what": due_what,
            "open_objections": sum(1 for o in (workflow or {}).get("objections", []) if o["status"] == "待处理")}


def rows(repo: Repository, limit_months: int = 6) -> list[dict[str, Any]]:
    return [row(path.parent.name, _load(path) or {}, _load(path.parent / "workflow.yaml"), limit_months)
            for path in sorted(repo.dossiers.glob("*/dossier.yaml"))]


def due(repo: Repository, on: dt.date, limit_months: int = 6) -> list[dict[str, Any]]:
    """Everything falling due: notices and the approval limit before naming, then each named place's obligations."""
    from wenquan.workflow import obligations

    found, after = [], []
    for path in sorted(repo.dossiers.glob("*/dossier.yaml")):
        dossier, workflow = _load(path) or {}, _load(path.parent / "workflow.yaml")
        found.append(row(path.parent.name, dossier, workflow, limit_months))
        after += [o.as_dict() for o in obligations.for_place(path.parent.name, dossier, workflow, on)]
    return sorted(due_in(found, on, limit_months) + after, key=lambda i: (i["date"], i["id"]))


def due_in(found: list[dict[str, Any]], on: dt.date, limit_months: int = 6) -> list[dict[str, Any]]:
    """Among the given rows, what is overdue, running or coming up as of `on`, soonest first."""
    items = []
    for row in found:
        if row["state"] == "公示" and row["due"]:
            end = dt.date.fromisoformat(row["due"])
            status = "ended" if on > end else "running"
            message = (f"公示期已于 {end} 结束，可以命名（须无待处理或成立的异议）" if status == "ended"
                       else f"公示中，{end} 结束")
            items.append({"id": row["id"], "place": row["place"], "kind": "notice", "date": end.isoformat(),
                          "days": (end - on).days, "status": status, "message": message, "rule": NOTICE_RULE})
        if row["state"] in BEFORE_NAMING and row["submitted"]:
            limit = add_months(dt.date.fromisoformat(row["submitted"]), limit_months)
            days = (limit - on).days
            if days < 0:
                status, message = "overdue", f"自 {row['submitted']} 申报以来已超过 {limit_months} 个月（{limit} 到期），仍在{row['state']}"
            elif days <= UPCOMING_DAYS:
                status, message = "upcoming", f"{limit} 到达 {limit_months} 个月审批时限，还有 {days} 天"
            else:
                continue
            items.append({"id": row["id"], "place": row["place"], "kind": "approval_limit", "date": limit.isoformat(),
                          "days": days, "status": status, "message": message, "rule": LIMIT_RULE})
    return sorted(items, key=lambda i: (i["date"], i["id"]))


def timeline(repo: Repository, dossier_id: str) -> list[dict[str, Any]]:
    g = history.open_repo(repo.root)
    out = []
    for commit in history.history(g, [f"dossiers/{dossier_id}"]):
        t = commit.trailers
        what = t.get("Transition") or t.get("Record") or (f"异议 {t['Objection']}" if "Objection" in t else "修改申报材料")
        out.append({"date": commit.date, "what": what, "actor": t.get("Actor"), "commit": commit.sha[:10], "subject": commit.subject})
    return out
