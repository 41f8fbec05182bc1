"""The panel's scores (附录E): each member's sheet, the mean of each indicator, and the panel's total."""

from __future__ import annotations

from typing import Any

from wenquan.rules.ruleset import Rules

AFTER_REVIEW = ("评审", "公示", "命名")  # where a sheet may still be corrected, with its cause (释-20)


def panel_total(review: dict[str, Any], rules: Rules) -> float | None:
    """The panel's total: the mean of the members' sheet totals (rules.yaml review_rubric.aggregate), never rounded
    before it is compared with the veto line (释-03)."""
    sheets = review.get("scores") or []
    if not sheets:
        return None
    return sum(s["total"] for s in sheets) / len(sheets)


def vetoed(total: float, rules: Rules) -> bool:
    """附录E “评分总分小于 60 分的则予以否决”: strictly below, the unrounded mean (释-03); exactly 60 passes."""
    return total < rules.data["review_rubric"]["veto_below"]


def summary(review: dict[str, Any], rules: Rules, dossier: Any = None) -> dict[str, Any] | None:
    """The score sheets with the panel's mean of each indicator and its total, what the dossier's data gives for
    each objective indicator (释-19, 释-01), the deviations with their reasons and the corrections (释-20);
    None before any sheet."""
    from wenquan.rules.scoring import expected

    sheets = review.get("scores") or []
    if not sheets:
        return None
    rubric = rules.data["review_rubric"]
    means = {i["id"]: sum(s["scores"][i["id"]] for s in sheets) / len(sheets) for i in rubric["indicators"]}
    wanted = expected(dossier, rules) if dossier is not None else {}
    deviations = []
    for sheet in sheets:
        for ident, e in wanted.items():
            if e.deviates(sheet["scores"].get(ident)):
                noted = (sheet.get("reasons") or {}).get(ident, {})   # a sheet recorded before reasons were asked has none
                deviations.append({"expert": sheet["expert"], "id": ident, "score": sheet["scores"][ident],
                                   "suggested": noted.get("suggested") or e.shown(), "reason": noted.get("reason")})
    corrections = [{"expert": s["expert"], **c} for s in sheets for c in s.get("corrections") or []]
    return {"indicators": rubric["indicators"], "sheets": sheets, "means": means,
            "total": panel_total(review, rules), "veto": rubric["veto_below"],
            "expected": {ident: e.on_sheet() for ident, e in wanted.items()},
            "deviations": deviations, "corrections": corrections}
