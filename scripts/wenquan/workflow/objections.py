"""Objections during the public notice (二、5 “如无异议”): received, numbered, decided — each one commit."""

from __future__ import annotations

import datetime as dt
from typing import Any

from wenquan import clock
from wenquan.errors import UserError
from wenquan.rules.ruleset import Rules
from wenquan.workflow import effects, inputs
from wenquan.workflow.case import SECRETARIAT, Case, check_date, last_date, message, require_state
from wenquan.workflow.records import dump


def late(objection: dict[str, Any], workflow: dict[str, Any]) -> bool:
    """Received after the notice period ended: recorded, and marked 逾期 wherever it is shown (释-07)."""
    end = (workflow.get("notice") or {}).get("end")
    return bool(end and str(objection.get("received")) > str(end))


def upheld_open(workflow: dict[str, Any] | None) -> list[int]:
    """The upheld (成立) objections that no renewed notice has settled: each blocks 命名 (二、5 “如无异议”; 释-06)."""
    return [o["number"] for o in (workflow or {}).get("objections") or [] if o["status"] == "成立" and not o.get("closed_by")]


def upheld_paths(rules: Rules) -> list[str]:
    """What the secretariat may decide after an upheld objection (rules.yaml notice.upheld_objection; 释-06)."""
    return list(rules.data["notice"].get("upheld_objection") or ["否决"])


def receive(case: Case, received: dt.date, summary: str, channel: str, objector: str | None, by: str | None,
            on: dt.date | None = None) -> tuple[str, int, bool]:
    """Register an objection `received` on one day, entered on `on` (default: the day received, if that is
    not before the last event; else today). The two dates are separate: one received inside the period may be
    entered after a later event. Returns the commit, the objection's number, and whether it came late."""
    by = inputs.actor(by)
    summary = str(inputs.text("--summary", summary, limit=inputs.LONG, paragraphs=True, required=True))
    objector = inputs.text("--objector", objector, limit=200)
    with case.writing([case.workflow_path]) as tx:
        rules, dossier, workflow = Rules.load(case.repo.root), case.dossier(), case.workflow()
        require_state(workflow, ("公示",), "登记异议")
        assert workflow is not None
        if on is None:
            previous = last_date(workflow)
            on = received if previous is None or received >= previous else clock.today()
        check_date(workflow, on)
        if received > on:
            raise UserError(f"收到日期 {received} 晚于登记日期 {on}：异议只能在收到之后登记")
        start = (workflow.get("notice") or {}).get("start")
        if start and received.isoformat() < str(start):
            raise UserError(f"收到日期 {received} 早于公示开始日期 {start}：公示开始之前不受理异议")
        if not summary.strip():
            raise UserError("异议摘要不能为空（--summary）")
        number = len(workflow["objections"]) + 1
        actor = by or SECRETARIAT
        event = effects.event(workflow, "objection", on.isoformat(), actor, objection=number)
        workflow = effects.objection_received(workflow, event, received.isoformat(), channel, summary.strip(), objector)
        trailers = [("Dossier", case.id), ("Objection", number), ("Event", event["seq"]), ("Actor", actor)]
        sha = tx.commit({case.workflow_path: dump("workflow", workflow)},
                        message(f"异议 {number}: {case.title(dossier, rules)}", trailers), on.isoformat())
        return sha, number, late(workflow["objections"][-1], workflow)


def resolve(case: Case, number: int, on: dt.date, decision: str, note: str, by: str | None) -> str:
    by, note = inputs.actor(by), str(inputs.text("--note", note, limit=inputs.LONG, paragraphs=True, required=True))
    with case.writing([case.workflow_path]) as tx:
        rules, dossier, workflow = Rules.load(case.repo.root), case.dossier(), case.workflow()
        require_state(workflow, ("公示",), "处理异议")
        assert workflow is not None
        check_date(workflow, on)
        found = next((o for o in workflow["objections"] if o["number"] == number), None)
        if found is None:
            raise UserError(f"没有编号为 {number} 的异议")
        if found["status"] != "待处理":
            raise UserError(f"异议 {number} 已处理（{found['status']}）")
        if not note.strip():
            raise UserError("处理说明不能为空（--note）")
        actor = by or SECRETARIAT
        event = effects.event(workflow, "resolution", on.isoformat(), actor, objection=number, decision=decision)
        workflow = effects.objection_resolved(workflow, event, note.strip())
        trailers = [("Dossier", case.id), ("Objection", number), ("Decision", decision), ("Event", event["seq"]), ("Actor", actor)]
        return str(tx.commit({case.workflow_path: dump("workflow", workflow)},
                             message(f"异议 {number} {decision}: {case.title(dossier, rules)}", trailers), on.isoformat()))
