"""Objections during the public notice (二、5 “如无异议”): received, numbered, decided — each one commit."""

from __future__ import annotations

import datetime as dt

from wenquan.errors import UserError
from wenquan.rules.ruleset import Rules
from wenquan.workflow import effects, inputs
from wenquan.workflow.case import SECRETARIAT, Case, check_date, message, require_state
from wenquan.workflow.records import dump


def receive(case: Case, on: dt.date, summary: str, channel: str, objector: str | None, by: str | None) -> tuple[str, int]:
    by = inputs.actor(by)
    summary = str(inputs.text("--summary", summary, limit=inputs.LONG, paragraphs=True, required=True))
    objector = inputs.text("--objector", objector, limit=200)
    with case.writing([case.workflow_path]) as tx:
        rules, dossier, workflow = Rules.load(case.repo.root), case.dossier(), case.workflow()
        require_state(workflow, ("公示",), "登记异议")
        assert workflow is not None
        check_date(workflow, on)
        if not summary.strip():
            raise UserError("异议摘要不能为空（--summary）")
        number = len(workflow["objections"]) + 1
        actor = by or SECRETARIAT
        event = effects.event(workflow, "objection", on.isoformat(), actor, objection=number)
        workflow = effects.objection_received(workflow, event, on.isoformat(), channel, summary.strip(), objector)
        trailers = [("Dossier", case.id), ("Objection", number), ("Event", event["seq"]), ("Actor", actor)]
        sha = tx.commit({case.workflow_path: dump("workflow", workflow)},
                        message(f"异议 {number}: {case.title(dossier, rules)}", trailers), on.isoformat())
        return sha, number


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
