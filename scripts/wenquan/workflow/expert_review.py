"""Panel, field inspection and score sheets: the secretariat's records in review.yaml, each written as one commit."""

from __future__ import annotations

import datetime as dt
from typing import Any

from wenquan.errors import UserError
from wenquan.rules.check import evaluate
from wenquan.rules.ruleset import Rules
from wenquan.store.transaction import Transaction, transaction
from wenquan.workflow import panel
from wenquan.workflow.case import SECRETARIAT, Case, check_date, message, require_state
from wenquan.workflow.records import dump


def _commit(case: Case, tx: Transaction, review: dict[str, Any], subject: str, record: str, actor: str, extra: list[tuple[str, Any]],
            on: dt.date) -> str:
    sha: str = tx.commit({case.review_path: dump("review", review)},
                         message(subject, [("Dossier", case.id), ("Record", record), *extra, ("Actor", actor)]), on.isoformat())
    return sha


def draw(case: Case, on: dt.date, seed: str | None, provincial: list[str], by: str | None) -> tuple[str, dict[str, Any]]:
    with transaction(case.repo.root, [case.review_path, case.workflow_path]) as tx:
        rules, dossier, workflow = Rules.load(case.repo.root), case.dossier(), case.workflow()
        require_state(workflow, ("推荐",), "抽取专家组")
        check_date(workflow, on)
        review = case.review()
        if (review.get("panel") or {}).get("approved"):
            raise UserError("专家组名单已经秘书局审核，不能重新抽取")
        if len(set(provincial)) != len(provincial):
            raise UserError("省推荐专家姓名重复")
        seed = seed or tx.git.last_commit(tx.rel(case.dossier_path)) or case.id
        members = panel.draw(case.repo.root, dossier, rules, seed, provincial)
        drawn = {"seed": seed, "drawn": on.isoformat(), "members": members, "approved": None}
        if review.get("panel") == drawn:  # the same seed on the same day draws the same panel: nothing to record
            return tx.head() or "", drawn
        review["panel"] = drawn
        sha = _commit(case, tx, review, f"专家组抽取: {case.title(dossier, rules)}", "panel-draw", by or SECRETARIAT, [("Seed", seed)], on)
        return sha, review["panel"]


def approve(case: Case, on: dt.date, by: str | None) -> str:
    with transaction(case.repo.root, [case.review_path, case.workflow_path]) as tx:
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
        current["approved"] = {"date": on.isoformat(), "by": by or SECRETARIAT}
        return _commit(case, tx, review, f"专家组审核: {case.title(dossier, rules)}", "panel-approve", by or SECRETARIAT, [], on)


def inspect(case: Case, on: dt.date, opinion: str, by: str | None) -> str:
    with transaction(case.repo.root, [case.review_path, case.workflow_path]) as tx:
        rules, dossier, workflow = Rules.load(case.repo.root), case.dossier(), case.workflow()
        require_state(workflow, ("考察",), "记录实地考察")
        check_date(workflow, on)
        if not opinion.strip():
            raise UserError("考察意见不能为空（--opinion）")
        review = case.review()
        review["inspection"] = {"date": on.isoformat(), "opinion": opinion.strip()}
        return _commit(case, tx, review, f"实地考察: {case.title(dossier, rules)}", "inspection", by or SECRETARIAT, [], on)


def parse_scores(pairs: list[str], rules: Rules) -> dict[str, int]:
    indicators = {i["id"]: i for i in rules.data["review_rubric"]["indicators"]}
    scores: dict[str, int] = {}
    problems = []
    for pair in pairs:
        ident, sep, value = pair.partition("=")
        if not sep or ident not in indicators:
            problems.append(f"“{pair}”不是“指标=分值”，指标为 " + "、".join(indicators))
            continue
        if ident in scores:
            problems.append(f"指标 {ident} 给了两次分")
            continue
        try:
            number = int(value)
        except ValueError:
            problems.append(f"指标 {ident} 的分值“{value}”不是整数")
            continue
        levels = indicators[ident]["levels"]
        if number not in levels:
            problems.append(f"指标 {ident}（{indicators[ident]['name']}）只能给 " + "、".join(map(str, levels)) + f" 分，不能给 {number} 分")
        scores[ident] = number
    missing = [i for i in indicators if i not in scores]
    if missing:
        problems.append("评审表不完整，缺少指标：" + "、".join(missing))
    if problems:
        raise UserError("评审表有误：\n" + "\n".join(f"  - {p}" for p in problems))
    return {i: scores[i] for i in indicators}


def score(case: Case, on: dt.date, expert: str, pairs: list[str], by: str | None) -> tuple[str, int, list[str]]:
    with transaction(case.repo.root, [case.review_path, case.workflow_path]) as tx:
        rules, dossier, workflow = Rules.load(case.repo.root), case.dossier(), case.workflow()
        require_state(workflow, ("考察",), "记录评审表")
        check_date(workflow, on)
        review = case.review()
        if not review.get("inspection"):
            raise UserError("尚未记录实地考察（wenquan inspect），不能评分")
        members = {m["id"] for m in (review.get("panel") or {}).get("members", [])}
        if expert not in members:
            raise UserError(f"{expert} 不是本专家组成员；成员：" + "、".join(sorted(members)))
        scores = parse_scores(pairs, rules)
        total = sum(scores.values())
        sheets = [s for s in review["scores"] if s["expert"] != expert]
        sheets.append({"expert": expert, "date": on.isoformat(), "scores": scores, "total": total})
        review["scores"] = sheets
        suggested = evaluate(dossier, rules, on, case.repo.root, case.id)["suggested_scores"]
        warnings = [f"指标 {i} 给了 {scores[i]} 分，按申报数据的建议分为 {s} 分" for i, s in suggested.items() if s is not None and scores[i] != s]
        sha = _commit(case, tx, review, f"评审表 {expert}: {case.title(dossier, rules)}", "score", by or SECRETARIAT,
                      [("Expert", expert), ("Total", total)], on)
        return sha, total, warnings
