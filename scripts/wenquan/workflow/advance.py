"""`wenquan advance`: move an application to its next state when the rules allow, as one commit."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from wenquan.errors import UserError
from wenquan.rules import periods
from wenquan.rules.ruleset import Rules
from wenquan.workflow import effects, frozen, inputs
from wenquan.workflow.case import SECRETARIAT, Case, check_date, message, state_of
from wenquan.workflow.objections import upheld_open, upheld_paths
from wenquan.workflow.records import dump
from wenquan.workflow.scores import panel_total, vetoed
from wenquan.workflow.states import ALLOWED

# The rules engine, the panel rules and the calendar are imported by the transitions that need them: an
# advance pays only for its own guard.

SINGLE_MATERIALS = ("application_letter", "recommendation_letter", "submission_letter", "report", "exploration_report",
                    "permits_copy", "plan", "benefit_analysis", "monitoring_report", "management_rules", "stele_record")


@dataclass
class Request:
    target: str
    on: dt.date
    by: str | None = None
    note: str | None = None
    start: dt.date | None = None
    deadline: dt.date | None = None
    ground: int | None = None
    # renders the notice's text when 公示 starts (documents.published.notice_text, wired by the caller: the workflow
    # does not render pages); None publishes no frozen copy
    publish: Callable[[Path, Any, Rules], str] | None = None


@dataclass
class Outcome:
    sha: str
    event: dict[str, Any]
    warnings: list[str] = field(default_factory=list)



def _guard(case: Case, req: Request, dossier: dict[str, Any], workflow: dict[str, Any] | None, rules: Rules) -> list[str]:
    target, state = req.target, state_of(workflow)
    veto = rules.data["review_rubric"]["veto_below"]
    if target == "申报":
        from wenquan.dossier.labels import Labels

        labels = Labels(case.repo.root)
        missing = [f"{labels.label(('materials', k))}（materials.{k}）" for k in SINGLE_MATERIALS if not dossier["materials"].get(k)]
        out = [f"附录C 材料未提供：{'、'.join(missing)}"] if missing else []
        if not dossier["materials"].get("media"):
            out.append("附录C 四、2 宣传片或影像资料未提供（materials.media）")
        return out
    if target == "推荐":
        from wenquan.rules.check import evaluate

        result = evaluate(dossier, rules, req.on, case.repo.root, case.id)
        return [f"申报条件 {c['rule']} 不满足：{c['message']}" for c in result["conditions"] if c["status"] == "fail"]
    review = case.review()
    if target == "考察":
        from wenquan.workflow import panel as panel_rules

        return panel_rules.problems(case.repo.root, dossier, rules, review.get("panel"))
    if target == "评审":
        out = [] if review.get("inspection") else ["尚未记录实地考察（wenquan inspect）"]
        members = [m["id"] for m in (review.get("panel") or {}).get("members", [])]
        scored = {s["expert"] for s in review.get("scores") or []}
        missing = [m for m in members if m not in scored]
        if missing:
            out.append("以下专家组成员尚未提交评审表：" + "、".join(missing))
        return out
    total = panel_total(review, rules)   # 释-03: the mean of the members' totals, compared unrounded
    objections = (workflow or {}).get("objections") or []
    upheld, paths = upheld_open(workflow), upheld_paths(rules)
    if target == "公示" and state == "公示":
        return _renotice(req, objections, upheld, paths)
    if target == "公示":
        if total is None or vetoed(total, rules):
            return [f"评审总分（各成员总分的平均值）{total:.4g} 分，小于 {veto:g} 分，应予否决（附录E；释-03）"
                    if total is not None else "没有评审表"]
        return []
    if target == "否决":
        if state == "评审" and (total is None or not vetoed(total, rules)):
            return [f"评审总分（各成员总分的平均值）{total:.4g} 分，不低于 {veto:g} 分，不能否决（附录E；释-03）"
                    if total is not None else "没有评审表"]
        if state == "公示" and not upheld:
            return ["公示期间没有成立（且未经重新公示了结）的异议，不能否决"]
        if state == "公示" and "否决" not in paths:
            return ["规则（rules.yaml notice.upheld_objection）不允许因异议成立而否决（释-06）"]
        return []
    if target == "命名" and state == "公示":
        out = []
        end = dt.date.fromisoformat(workflow["notice"]["end"]) if workflow and workflow.get("notice") else None
        if end is None or req.on <= end:
            out.append(f"公示期至 {end} 结束，命名日期须在其后（管理办法 二、5）")
        open_ = [str(o["number"]) for o in objections if o["status"] == "待处理"]
        if open_:
            out.append("以下异议尚未处理：" + "、".join(open_) + "（wenquan resolve）")
        if upheld:
            out.append("异议 " + "、".join(map(str, upheld)) + " 成立，不能命名（管理办法 二、5 “如无异议”）；秘书局可"
                       + "或".join(PATH_HOW[p] for p in paths) + "（释-06）")
        return out
    if target == "整改":
        return [] if req.deadline and req.deadline > req.on else ["整改须给出晚于今天的期限（--deadline 日期）"]
    if target == "撤销":
        return _revocation_ground(req, state, workflow)
    return []


def _as_recorded(event: dict[str, Any]) -> dict[str, Any]:
    """The event as the record keeps it: no empty fields, except `from` (null for the first transition)."""
    return {k: v for k, v in event.items() if v is not None or k == "from"}


PATH_HOW = {"否决": "否决（advance ID 否决）", "重新公示": "更正后重新公示（advance ID 公示 --start 日期 --note 更正内容）"}


def _renotice(req: Request, objections: list[dict[str, Any]], upheld: list[int], paths: list[str]) -> list[str]:
    """公示 again (释-06): only after an upheld objection, when the rules allow it, with the correction stated."""
    if "重新公示" not in paths:
        return ["规则（rules.yaml notice.upheld_objection）不允许更正后重新公示（释-06）"]
    if not upheld:
        return ["没有成立（且未经重新公示了结）的异议：只有异议成立并作更正后才重新公示（释-06）"]
    out = []
    pending = [str(o["number"]) for o in objections if o["status"] == "待处理"]
    if pending:
        out.append("以下异议尚未处理：" + "、".join(pending) + "（wenquan resolve）")
    if not (req.note and req.note.strip()):
        out.append("重新公示须在 --note 中写明针对成立的异议所作的更正")
    return out


def _publish(case: Case, req: Request, dossier: dict[str, Any], workflow: dict[str, Any] | None, event: dict[str, Any],
             rules: Rules) -> str:
    """The notice's text as it is published today: rendered from the records as this transition leaves them."""
    from wenquan.rules.check import evaluate
    from wenquan.workflow.places import Place

    assert req.publish is not None
    after = effects.transition(workflow, case.id, _as_recorded(event))
    place = Place(case.id, case.dossier_path.parent, dossier, after, case.review(),
                  evaluate(dossier, rules, req.on, case.repo.root, case.id), rules.level(dossier["level"])["title"], {})
    return req.publish(case.repo.root, place, rules)


def _revocation_ground(req: Request, state: str | None, workflow: dict[str, Any] | None) -> list[str]:
    """四、3: (1) 限期不改 — in 整改 past its deadline; (2) 专家检查评估不通过 — a failed 抽检/普检 or self-check
    review on record; (3) 受到严重处罚 and (4) 自行申请撤销 — stated in --note."""
    if req.ground not in (1, 2, 3, 4):
        return ["撤销须注明管理办法 四、3 的情形（--ground 1|2|3|4）"]
    events = (workflow or {}).get("events", [])
    if req.ground == 1:
        deadline = ((workflow or {}).get("rectification") or {}).get("deadline")
        if state != "整改" or not deadline or req.on <= dt.date.fromisoformat(deadline):
            return [f"情形（1）“发展建设不符合要求，限期不改”须在整改状态且整改期限{f'（{deadline}）' if deadline else ''}已过"]
    if req.ground == 2 and not any(e.get("kind") in ("spot_check", "selfcheck_review") and e.get("result") == "不通过" for e in events):
        # 释-10: a failed provincial review of the self-check counts as 专家检查评估不通过, as a spot check does
        return ["情形（2）“专家检查评估不通过”须先有不通过的抽检、普检或自检审查记录（wenquan spot-check / review-selfcheck；释-10）"]
    if req.ground in (3, 4) and not (req.note and req.note.strip()):
        return [f"情形（{req.ground}）须在 --note 中写明{'处罚决定及其影响' if req.ground == 3 else '被命名主体的撤销申请'}"]
    return []


def _default_actor(target: str, dossier: dict[str, Any]) -> str:
    if target in ("申报", "撤回"):
        return str(dossier["applicant"]["name"])
    if target == "推荐":
        return f"{dossier['applicant']['province']}矿业协会"
    return SECRETARIAT


def _certificate(case: Case, dossier: dict[str, Any], rules: Rules, on: dt.date) -> str:
    """The next number in the year: one more than the certificates already issued that year, across the repository
    (释-18: the format is the secretariat's, registry/rules.yaml certificate.format)."""
    from wenquan.workflow.records import read

    issued = 0
    for path in case.repo.dossiers.glob("*/workflow.yaml"):
        certificate = (read(path, "workflow", case.repo.root) or {}).get("certificate")
        if certificate and certificate["date"].startswith(f"{on.year}-"):
            issued += 1
    return str(rules.data["certificate"]["format"].format(year=on.year, level=dossier["level"], seq=issued + 1))


def advance(case: Case, req: Request) -> Outcome:
    req.by = inputs.actor(req.by)
    req.note = inputs.text("--note", req.note, limit=inputs.NOTE, paragraphs=True)
    frozen_path = None
    if req.target == "公示" and req.publish is not None:
        frozen_path = case.dossier_path.parent / frozen.relative((req.start or req.on).isoformat())
    with case.writing([p for p in (case.workflow_path, case.review_path, case.dossier_path, frozen_path) if p]) as tx:
        rules = Rules.load(case.repo.root)
        dossier = case.dossier()
        workflow = case.workflow()
        state = state_of(workflow)
        if req.target not in ALLOWED[state]:
            nexts = "、".join(ALLOWED[state]) or "无（流程已结束）"
            raise UserError(f"{case.id} 当前状态为{state or '未申报'}，不能进入{req.target}；可进入：{nexts}")
        check_date(workflow, req.on)
        unmet = _guard(case, req, dossier, workflow, rules)
        if unmet:
            raise UserError(f"{case.id} 不能进入{req.target}，未满足的条件：\n" + "\n".join(f"  - {u}" for u in unmet))
        event = effects.event(workflow, "transition", req.on.isoformat(), req.by or _default_actor(req.target, dossier),
                              note=req.note, **{"from": state, "to": req.target})
        trailers: list[tuple[str, Any]] = [("Dossier", case.id), ("Transition", f"{state or '-'} -> {req.target}"), ("Event", event["seq"])]
        warnings: list[str] = []
        if req.target == "公示":
            from wenquan.rules.workdays import Calendar

            start = req.start or req.on
            end = Calendar.load(case.repo.root).notice_end(start, rules.data["notice"]["working_days"])
            event["notice"] = {"start": start.isoformat(), "end": end.isoformat()}
            trailers += [("Notice-Start", start.isoformat()), ("Notice-End", end.isoformat())]
        if req.target == "命名" and state == "公示":
            number = _certificate(case, dossier, rules, req.on)
            event["certificate"] = number
            trailers.append(("Certificate", number))
            assert workflow is not None
            submitted = next(dt.date.fromisoformat(e["date"]) for e in workflow["events"] if e.get("to") == "申报")
            limit = rules.data["approval_limit_months"]
            if periods.over_approval_limit(submitted, req.on, limit):
                warnings.append(f"从正式申报（{submitted}）到命名已超过 {limit} 个月，时限为 "
                                f"{periods.approval_limit(submitted, limit)}（管理办法 二、6：原则不超过 6 个月；释-04）")
        if req.target == "整改":
            assert req.deadline is not None
            event["deadline"] = req.deadline.isoformat()
            trailers.append(("Deadline", req.deadline.isoformat()))
        if req.target == "撤销":
            event["ground"] = req.ground
            trailers.append(("Ground", req.ground))
        files: dict[Path, str] = {}
        if frozen_path is not None and req.publish is not None:
            if frozen_path.exists():
                raise UserError(f"{frozen_path.relative_to(case.repo.root)} 已存在：同一天开始的公示已经发布过")
            text = _publish(case, req, dossier, workflow, event, rules)
            event["notice"].update({"text": frozen_path.relative_to(case.dossier_path.parent).as_posix(), "sha256": frozen.digest(text)})
            trailers.append(("Notice-SHA256", event["notice"]["sha256"]))
            files[frozen_path] = text
        data = effects.transition(workflow, case.id, _as_recorded(event))
        trailers.append(("Actor", event["actor"]))
        subject = f"{req.target}: {case.title(dossier, rules)}"
        files[case.workflow_path] = dump("workflow", data)
        sha = tx.commit(files, message(subject, trailers), req.on.isoformat())
        return Outcome(sha, event, warnings)


