"""What each wenquan operation does to the records: the one definition the commands apply and `wenquan audit` replays.

Every function takes the record as it was (or None before the first write) and the operation's inputs, and
returns the record as the operation leaves it, without touching its argument. A command decides whether the
operation is allowed (its guard) and then applies one of these; the audit takes each recorded commit, reads
the operation's inputs from it, applies the same function to the parent's record and compares field by field.
So a record can only hold what some sequence of operations produces.
"""

from __future__ import annotations

import copy
from typing import Any

Record = dict[str, Any]


def new_workflow(dossier_id: str) -> Record:
    return {"schema_version": 1, "dossier": dossier_id, "state": None, "events": [], "notice": None, "objections": []}


def new_review(dossier_id: str) -> Record:
    return {"schema_version": 1, "dossier": dossier_id, "panel": None, "inspection": None, "scores": []}


def _start(record: Record | None, dossier_id: str, fresh: Any) -> Record:
    return copy.deepcopy(record) if record is not None else fresh(dossier_id)


def next_seq(workflow: Record | None) -> int:
    return len((workflow or {}).get("events") or []) + 1


def event(workflow: Record | None, kind: str, date: str, actor: str, **extra: Any) -> Record:
    """The next numbered event (not yet added): the fields every event has, then the operation's own."""
    return {"seq": next_seq(workflow), "kind": kind, "date": date, "actor": actor, **extra}


def _append(workflow: Record, added: Record) -> None:
    workflow["events"].append(copy.deepcopy(added))


def transition(workflow: Record | None, dossier_id: str, added: Record) -> Record:
    """A state change (管理办法 二、三、四): the event, the new state, and what the target state records.

    公示 records its notice period (公示 again, after a correction, settles the upheld objections); 命名 from 公示 the certificate (number, date); 整改 the rectification
    (deadline, the date ordered, the requirement); 命名 from 整改 clears it; 撤销 records the ground and date.
    """
    data = _start(workflow, dossier_id, new_workflow)
    apply_transition(data, copy.deepcopy(added))
    return data


def apply_transition(data: Record, added: Record) -> None:
    """`transition` on a record the caller owns, changed in place; `added` becomes part of it."""
    target, source = added["to"], added.get("from")
    data["events"].append(added)
    data["state"] = target
    if target == "公示" and added.get("notice"):
        data["notice"] = dict(added["notice"])
    if target == "公示" and source == "公示":  # noticed anew after a correction: it settles the upheld objections (释-06)
        for objection in data["objections"]:
            if objection["status"] == "成立" and not objection.get("closed_by"):
                objection["closed_by"] = added["seq"]
    if target == "命名" and source == "公示":
        data["certificate"] = {"number": added.get("certificate"), "date": added["date"]}
    if target == "整改":
        data["rectification"] = {"deadline": added.get("deadline"), "ordered": added["date"], "note": added.get("note")}
    if target == "命名" and source == "整改":
        data["rectification"] = None
    if target == "撤销":
        data["revocation"] = {"ground": added.get("ground"), "date": added["date"]}


def objection_received(workflow: Record, added: Record, received: Any, channel: Any, summary: Any, objector: Any) -> Record:
    """异议 (二、5): the next numbered objection, open, and its event."""
    data = copy.deepcopy(workflow)
    data["objections"].append({"number": added["objection"], "received": received, "channel": channel, "summary": summary,
                               "objector": objector, "status": "待处理", "decision_date": None, "decision_note": None})
    _append(data, added)
    return data


def objection_resolved(workflow: Record, added: Record, note: Any) -> Record:
    """The secretariat's decision on one objection: 成立 or 不成立, dated, with its reasons."""
    data = copy.deepcopy(workflow)
    for objection in data["objections"]:
        if objection["number"] == added["objection"]:
            objection.update({"status": added["decision"], "decision_date": added["date"], "decision_note": note})
    _append(data, added)
    return data


def recorded(workflow: Record, added: Record) -> Record:
    """An event that changes nothing else: a report received, a self-check reviewed or filed, a spot check."""
    data = copy.deepcopy(workflow)
    _append(data, added)
    return data


def panel_drawn(review: Record | None, dossier_id: str, seed: str, date: str, members: list[Record], reason: Any = None) -> Record:
    """专家组抽取 (二、3): the members drawn with this seed, on this date, not yet approved; a redraw with its reason."""
    data = _start(review, dossier_id, new_review)
    data["panel"] = {"seed": seed, "drawn": date, "members": copy.deepcopy(members), "approved": None}
    if reason is not None:
        data["panel"]["redraw_reason"] = reason
    return data


def panel_approved(review: Record, date: str, by: str) -> Record:
    data = copy.deepcopy(review)
    data["panel"]["approved"] = {"date": date, "by": by}
    return data


def inspected(review: Record | None, dossier_id: str, date: str, opinion: Any) -> Record:
    """实地考察: the date and the panel's opinion."""
    data = _start(review, dossier_id, new_review)
    data["inspection"] = {"date": date, "opinion": opinion}
    return data


def _sheet(expert: str, date: str, scores: dict[str, int], reasons: dict[str, dict[str, str]] | None) -> Record:
    sheet: Record = {"expert": expert, "date": date, "scores": dict(scores), "total": sum(scores.values())}
    if reasons:
        sheet["reasons"] = {k: dict(v) for k, v in sorted(reasons.items())}
    return sheet


def scored(review: Record | None, dossier_id: str, expert: str, date: str, scores: dict[str, int],
           reasons: dict[str, dict[str, str]] | None = None) -> Record:
    """One member's 评审表 (附录E): it replaces that member's earlier sheet; the total is the sum of the items;
    a deviation from what the data gives carries the expert's reason (释-20)."""
    data = _start(review, dossier_id, new_review)
    sheets = [s for s in data["scores"] if s["expert"] != expert]
    sheets.append(_sheet(expert, date, scores, reasons))
    data["scores"] = sheets
    return data


def score_corrected(review: Record, expert: str, date: str, scores: dict[str, int], reasons: dict[str, dict[str, str]] | None,
                    why: str) -> Record:
    """A sheet corrected after the review (释-20): same place, same meeting date, the correction appended."""
    data = copy.deepcopy(review)
    for i, old in enumerate(data["scores"]):
        if old["expert"] == expert:
            sheet = _sheet(expert, old["date"], scores, reasons)
            sheet["corrections"] = [*old.get("corrections", []), {"date": date, "reason": why, "previous_total": old["total"]}]
            data["scores"][i] = sheet
    return data
