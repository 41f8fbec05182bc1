"""Panel, field inspection and score sheets: the secretariat's records in review.yaml, each written as one commit."""

from __future__ import annotations

import datetime as dt
from typing import Any

from wenquan.errors import UserError
from wenquan.rules.ruleset import Rules
from wenquan.rules.scoring import deviations, parse_reasons, parse_scores
from wenquan.store.transaction import Transaction
from wenquan.workflow import effects, inputs, panel
from wenquan.workflow.case import SECRETARIAT, Case, check_date, message, require_state
from wenquan.workflow.records import dump
from wenquan.workflow.scores import AFTER_REVIEW, panel_total, vetoed


def _commit(case: Case, tx: Transaction, review: dict[str, Any], subject: str, record: str, actor: str, extra: list[tuple[str, Any]],
            on: dt.date) -> str:
    sha: str = tx.commit({case.review_path: dump("review", review)},
                         message(subject, [("Dossier", case.id), ("Record", record), *extra, ("Actor", actor)]), on.isoformat())
    return sha


def draw(case: Case, on: dt.date, seed: str | None, provincial: list[str], by: str | None,
         reason: str | None = None) -> tuple[str, dict[str, Any]]:
    """Draw the panel (二、3). A second draw replaces an unapproved panel only with a reason, recorded as a redraw."""
    by, seed = inputs.actor(by), inputs.text("--seed", seed, limit=inputs.ONE_LINE)
    reason = inputs.text("--reason", reason, limit=inputs.ONE_LINE)
    provincial = [str(inputs.text("--provincial", name, limit=inputs.NAME)) for name in provincial]
    with case.writing([case.review_path, case.workflow_path]) as tx:
        rules, dossier, workflow = Rules.load(case.repo.root), case.dossier(), case.workflow()
        require_state(workflow, ("推荐",), "抽取专家组")
        check_date(workflow, on)
        review = case.review()
        if (review.get("panel") or {}).get("approved"):
            raise UserError("专家组名单已经秘书局审核，不能重新抽取")
        if len(set(provincial)) != len(provincial):
            raise UserError("省推荐专家姓名重复")
        wanted = int(rules.data["panel"]["provincial_experts"])
        if len(provincial) != wanted:
            raise UserError(f"专家组须有省矿联推荐的 {wanted} 名专家（管理办法 二、3），--provincial 给了 {len(provincial)} 名；"
                            f"请以逗号分隔写出 {wanted} 个姓名")
        if review.get("panel") and not reason:
            raise UserError("已经抽取过专家组：重新抽取须用 --reason 说明原因（例如某专家回避），将作为重新抽取记录在案")
        seed = seed or tx.git.last_commit(tx.rel(case.dossier_path)) or case.id
        members = panel.draw(case.repo.root, dossier, rules, seed, provincial)
        redraw = bool(review.get("panel"))
        drawn = effects.panel_drawn(review, case.id, seed, on.isoformat(), members, reason if redraw else None)
        if review.get("panel") == drawn["panel"]:  # the same seed on the same day draws the same panel: nothing to record
            return tx.head() or "", drawn["panel"]
        review = drawn
        sha = _commit(case, tx, review, f"专家组{'重新' if redraw else ''}抽取: {case.title(dossier, rules)}", "panel-draw",
                      by or SECRETARIAT, [("Seed", seed), ("Redraw-Reason", reason if redraw else None)], on)
        return sha, review["panel"]


def approve(case: Case, on: dt.date, by: str | None) -> str:
    by = inputs.actor(by)
    with case.writing([case.review_path, case.workflow_path]) as tx:
        rules, dossier, workflow = Rules.load(case.repo.root), case.dossier(), case.workflow()
        require_state(workflow, ("推荐",), "审核专家组")
        check_date(workflow, on)
        review = case.review()
        current = review.get("panel")
        if current and current.get("approved"):
            raise UserError("专家组名单已经审核")
        unmet = [p for p in panel.problems(case.repo.root, dossier, rules, current) if "审核" not in p]
        if unmet:
            raise UserError("专家组不能通过审核：\n" + "\n".join(f"  - {u}" for u in unmet))
        assert current is not None
        review = effects.panel_approved(review, on.isoformat(), by or SECRETARIAT)
        return _commit(case, tx, review, f"专家组审核: {case.title(dossier, rules)}", "panel-approve", by or SECRETARIAT, [], on)


def inspect(case: Case, on: dt.date, opinion: str, by: str | None) -> str:
    by, opinion = inputs.actor(by), str(inputs.text("--opinion", opinion, limit=inputs.LONG, paragraphs=True, required=True))
    with case.writing([case.review_path, case.workflow_path]) as tx:
        rules, dossier, workflow = Rules.load(case.repo.root), case.dossier(), case.workflow()
        require_state(workflow, ("考察",), "记录实地考察")
        check_date(workflow, on)
        if not opinion.strip():
            raise UserError("考察意见不能为空（--opinion）")
        review = case.review()
        review = effects.inspected(review, case.id, on.isoformat(), opinion.strip())
        return _commit(case, tx, review, f"实地考察: {case.title(dossier, rules)}", "inspection", by or SECRETARIAT, [], on)



def score(case: Case, on: dt.date, expert: str, pairs: list[str], by: str | None, reasons: list[str] | None = None,
          correct: str | None = None) -> tuple[str, int, list[str]]:
    """Record one member's 评审表 (state 考察), or correct it after the review with a stated cause (--correct)."""
    by, expert = inputs.actor(by), str(inputs.text("--expert", expert, limit=inputs.NAME, required=True))
    why = inputs.text("--correct", correct, limit=inputs.NOTE)
    given = parse_reasons([str(inputs.text("--reason", r, limit=inputs.NOTE, required=True)) for r in reasons or []])
    with case.writing([case.review_path, case.workflow_path]) as tx:
        rules, dossier, workflow = Rules.load(case.repo.root), case.dossier(), case.workflow()
        if why is None:
            require_state(workflow, ("考察",), "记录评审表")
        else:
            require_state(workflow, AFTER_REVIEW, "更正评审表（考察阶段直接重新评分，不用 --correct）")
        check_date(workflow, on)
        review = case.review()
        if not review.get("inspection"):
            raise UserError("尚未记录实地考察（wenquan inspect），不能评分")
        members = {m["id"] for m in (review.get("panel") or {}).get("members", [])}
        if expert not in members:
            raise UserError(f"{expert} 不是本专家组成员；成员：" + "、".join(sorted(members)))
        scores = parse_scores(pairs, rules)
        recorded = deviations(scores, dossier, rules, given)
        earlier = next((sheet for sheet in review.get("scores") or [] if sheet.get("expert") == expert), None)
        total = sum(scores.values())
        if why is None:
            review = effects.scored(review, case.id, expert, on.isoformat(), scores, recorded)
        else:
            if earlier is None:
                raise UserError(f"{expert} 没有评审表可更正")
            review = effects.score_corrected(review, expert, on.isoformat(), scores, recorded, why)
            mean = panel_total(review, rules)
            if mean is not None and vetoed(mean, rules):
                raise UserError(f"更正后专家组平均分为 {mean:.2f}，低于 {rules.data['review_rubric']['veto_below']} 分：更正不能改变已作出的"
                                "评审结论（释-20）；如评审结论有误，请由秘书局按流程办理")
        replaced = []
        if earlier is not None and earlier.get("scores") != scores:
            replaced = [f"{expert} 已有 {earlier.get('date')} 的评审表（总分 {sum((earlier.get('scores') or {}).values())}），"
                        f"现以本表（总分 {total}）{'更正' if why else '替换'}；原表保留在提交历史中（wenquan log {case.id}）"]
        warnings = replaced + [f"指标 {i} 给了 {scores[i]} 分，按申报数据应为 {d['suggested']} 分；理由已记入评审表：{d['reason']}（释-20）"
                               for i, d in recorded.items()]
        subject = f"评审表{'更正' if why else ''} {expert}: {case.title(dossier, rules)}"
        sha = _commit(case, tx, review, subject, "score-correction" if why else "score", by or SECRETARIAT,
                      [("Expert", expert), ("Total", total)], on)
        return sha, total, warnings
