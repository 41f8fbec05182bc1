"""Suggested scores for the objective indicators of 附录E (1.1–1.4). Never invented: where the rubric has no
bracket for a value (or the value sits exactly on a bracket edge), the suggestion is null with the reason."""

from __future__ import annotations

from dataclasses import dataclass
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


@dataclass(frozen=True)
class Expected:
    """What the data of the dossier gives for one objective indicator: the scores that need no reason (None when the
    data says nothing), the data it rests on, and the interpretations that decided it."""

    scores: tuple[int, ...] | None
    basis: str
    cites: tuple[str, ...] = ()

    @property
    def single(self) -> int | None:
        return self.scores[0] if self.scores is not None and len(self.scores) == 1 else None

    @property
    def cited(self) -> str:
        """The interpretations it rests on, as a sheet writes them after the scores: “（释-01、释-19）”."""
        return "（" + "、".join(self.cites) + "）" if self.cites else ""

    def deviates(self, score: int | None) -> bool:
        """Whether a score differs from what the data gives (never when the data gives nothing)."""
        return self.scores is not None and score not in self.scores

    def on_sheet(self) -> str:
        """Beside the score on the 评审表: “6 分”, “0–5 分（释-19）”, or 由专家判断."""
        return f"{self.shown()} 分{self.cited}" if self.scores else "由专家判断"

    def shown(self) -> str:
        """The scores as a sheet writes them: 6, 6 或 8, 0–5."""
        if not self.scores:
            return "无"
        low, high = min(self.scores), max(self.scores)
        if len(self.scores) > 2 and sorted(self.scores) == list(range(low, high + 1)):
            return f"{low}–{high}"
        return " 或 ".join(map(str, sorted(self.scores, reverse=True)))


def below_lowest(indicator: dict[str, Any]) -> tuple[int, ...]:
    """附录E 1.2 and 1.3 end at their lowest bracket; below it the range of rules.yaml applies (释-19)."""
    spec = indicator.get("below_lowest")
    return tuple(range(int(spec["min"]), int(spec["max"]) + 1)) if spec else ()


def allowed(indicator: dict[str, Any]) -> tuple[int, ...]:
    """Every score the sheet may carry for the indicator: the rubric's levels and the range below the lowest bracket."""
    return tuple(sorted({*indicator["levels"], *below_lowest(indicator)}, reverse=True))


def _bracket(value: float, indicator: dict[str, Any]) -> tuple[tuple[int, ...] | None, str, tuple[str, ...]]:
    """The scores the value's bracket gives; on an edge those of both sides (释-01); below the lowest the range (释-19)."""
    brackets = indicator.get("brackets", [])
    for b in brackets:
        if ("above" not in b or value > b["above"]) and ("below" not in b or value < b["below"]):
            return (int(b["score"]),), "", ()
    edges = sorted({b[k] for b in brackets for k in ("above", "below") if k in b})
    lowest = min((b for b in brackets if "above" in b), key=lambda b: b["above"], default=None)
    below = below_lowest(indicator)
    if value in edges:  # 释-01: the expert chooses between the brackets on either side of the edge
        near = {int(b["score"]) for b in brackets if value in (b.get("above"), b.get("below"))}
        if lowest is not None and value == lowest["above"] and below:
            return tuple(sorted({*near, *below}, reverse=True)), f"恰在分档边界 {value:.10g} 上，附录E 未规定归属", ("释-01", "释-19")
        return tuple(sorted(near, reverse=True)), f"恰在分档边界 {value:.10g} 上，附录E 未规定归属", ("释-01",)
    if lowest is not None and value < lowest["above"] and below:
        return below, f"低于最低一档（大于 {lowest['above']:.10g}）", (str(indicator["below_lowest"]["interpretation"]),)
    return None, "附录E 没有对应的分档", ()


def expected(data: Any, rules: Rules) -> dict[str, Expected]:
    """The objective indicators (附录E 1.1–1.4) as the dossier's data places them."""
    result: dict[str, Expected] = {}
    degree = get(data, "resources", "exploration_degree")
    criteria = rules.indicator("1.1").get("criteria", {})
    if isinstance(degree, str) and degree in criteria:
        result["1.1"] = Expected((int(criteria[degree]),), f"勘查研究程度为{degree}")
    else:
        result["1.1"] = Expected(None, "勘查程度未填写或不在评分标准中")
    for ident, (path, name, unit) in SOURCES.items():
        value = number(data, *path)
        if value is None:
            result[ident] = Expected(None, f"未填写{name}")
            continue
        indicator = rules.indicator(ident)
        scores, why, cites = _bracket(value, indicator)
        result[ident] = Expected(scores, f"{name} {value:.10g} {unit}" + (f"，{why}" if why else ""), cites)
    return result


def shown_on_sheet(data: Any, rules: Rules) -> dict[str, str]:
    """What each objective indicator's data gives, as the 评审表 prints it beside the score: “6”, “0–5（释-19）”."""
    return {ident: e.on_sheet() for ident, e in expected(data, rules).items()}


def suggest(data: Any, rules: Rules) -> tuple[dict[str, int | None], dict[str, str]]:
    """One suggested score per objective indicator, or None with the reason (the expert decides)."""
    scores: dict[str, int | None] = {}
    reasons: dict[str, str] = {}
    for ident, e in expected(data, rules).items():
        scores[ident] = e.single
        if e.single is not None:
            reasons[ident] = e.basis
        elif e.scores is not None:
            reasons[ident] = f"{e.basis}，可给 {e.shown()} 分，由专家判断{e.cited}"
        elif "，" in e.basis:
            reasons[ident] = f"{e.basis}，{NO_RULE}"
        else:
            reasons[ident] = f"{NO_RULE}（{e.basis}）"
    return scores, reasons


def parse_scores(pairs: list[str], rules: Rules) -> dict[str, int]:
    """One member's 评审表 from `指标=分值` pairs: every indicator of 附录E once (the 14 of its table, 释-02), each at
    a level the rubric allows or in the range below the lowest bracket (释-19)."""
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
        levels = allowed(indicators[ident])
        if number not in levels:
            problems.append(f"指标 {ident}（{indicators[ident]['name']}）只能给 " + "、".join(map(str, levels)) + f" 分，不能给 {number} 分")
        scores[ident] = number
    missing = [i for i in indicators if i not in scores]
    if missing:
        problems.append("评审表不完整，缺少指标：" + "、".join(missing))
    if problems:
        raise UserError("评审表有误：\n" + "\n".join(f"  - {p}" for p in problems))
    return {i: scores[i] for i in indicators}


def parse_reasons(pairs: list[str]) -> dict[str, str]:
    """`指标=理由` pairs of --reason."""
    reasons: dict[str, str] = {}
    for pair in pairs:
        ident, sep, text = pair.partition("=")
        if not sep or not text.strip():
            raise UserError(f"--reason “{pair}”应写作“指标=理由”，例如 --reason 1.2=实测可采量低于申报数")
        if ident in reasons:
            raise UserError(f"指标 {ident} 的理由写了两次")
        reasons[ident] = text.strip()
    return reasons


def deviations(scores: dict[str, int], data: Any, rules: Rules, reasons: dict[str, str]) -> dict[str, dict[str, str]]:
    """The sheet's deviations from what the data gives (释-20), each with the expert's reason, as the sheet records
    them. A deviation without a reason, or a reason for a score that does not deviate, is refused when the rules
    of the time ask for reasons (review_rubric.deviation_reason)."""
    wanted = expected(data, rules)
    required = rules.data["review_rubric"].get("deviation_reason") == "required"
    recorded: dict[str, dict[str, str]] = {}
    problems = []
    for ident, e in wanted.items():
        if not e.deviates(scores.get(ident)):
            continue
        if ident in reasons:
            recorded[ident] = {"suggested": e.shown(), "reason": reasons[ident]}
        elif required:
            cite = "，" + "、".join(e.cites) if e.cites else ""
            problems.append(f"指标 {ident} 给了 {scores.get(ident)} 分，按申报数据（{e.basis}{cite}）应为 {e.shown()} 分；"
                            f"确有依据时请写明理由：--reason {ident}=理由（释-20）")
    for ident in reasons:
        if ident not in recorded:
            shown = wanted[ident].shown() if ident in wanted and wanted[ident].scores else None
            problems.append(f"指标 {ident} 的给分{'与按申报数据应给的 ' + shown + ' 分相符' if shown else '不是按申报数据分档的客观指标'}，"
                            "--reason 只用于偏离建议分的客观指标")
    if problems:
        raise UserError("评审表有误：\n" + "\n".join(f"  - {p}" for p in problems))
    return recorded
