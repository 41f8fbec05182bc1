"""Suggested scores for the objective indicators of 附录E (1.1–1.4). Never invented: where the rubric has no
bracket for a value (or the value sits exactly on a bracket edge), the suggestion is null with the reason."""

from __future__ import annotations

from typing import Any

from wenquan.dossier.dossier_checks import get, number
from wenquan.errors import UserError
from wenquan.rules.ruleset import Rules

NO_RULE = "无规则：由专家判断"

# indicator id -> (dossier path, Chinese name of the quantity, unit)
SOURCES = {
    "1.2": (("resources", "exploitable_m3_per_day"), "可采热流体量", "立方米/天"),
    "1.3": (("fluid", "temperature_c"), "温度", "℃"),
    "1.4": (("fluid", "tds_mg_per_l"), "溶解性总固体", "mg/L"),
}


def _bracket(value: float, brackets: list[dict[str, Any]]) -> tuple[int | None, str]:
    for b in brackets:
        if ("above" not in b or value > b["above"]) and ("below" not in b or value < b["below"]):
            return int(b["score"]), ""
    edges = sorted({b[k] for b in brackets for k in ("above", "below") if k in b})
    if value in edges:
        return None, f"恰在分档边界 {value:.10g} 上，附录E 未规定归属（释-01）"
    return None, "附录E 没有对应的分档"


def suggest(data: Any, rules: Rules) -> tuple[dict[str, int | None], dict[str, str]]:
    scores: dict[str, int | None] = {}
    reasons: dict[str, str] = {}
    degree = get(data, "resources", "exploration_degree")
    criteria = rules.indicator("1.1").get("criteria", {})
    scores["1.1"] = criteria.get(degree) if isinstance(degree, str) else None
    reasons["1.1"] = f"勘查研究程度为{degree}" if scores["1.1"] is not None else f"{NO_RULE}（勘查程度未填写或不在评分标准中）"
    for ident, (path, name, unit) in SOURCES.items():
        value = number(data, *path)
        if value is None:
            scores[ident], reasons[ident] = None, f"{NO_RULE}（未填写{name}）"
            continue
        score, why = _bracket(value, rules.indicator(ident).get("brackets", []))
        scores[ident] = score
        reasons[ident] = f"{name} {value:.10g} {unit}" + (f"：{why}，{NO_RULE}" if score is None else "")
    return scores, reasons


def parse_scores(pairs: list[str], rules: Rules) -> dict[str, int]:
    """One member's 评审表 from `指标=分值` pairs: every indicator of 附录E once (the 14 of its table, 释-02), each at
    a level the rubric allows."""
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
