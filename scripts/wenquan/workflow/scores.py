"""The panel's scores (附录E): each member's sheet, the mean of each indicator, and the panel's total."""

from __future__ import annotations

from typing import Any

from wenquan.rules.ruleset import Rules


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


def summary(review: dict[str, Any], rules: Rules) -> dict[str, Any] | None:
    """The score sheets with the panel's mean of each indicator and its total, or None before any sheet."""
    sheets = review.get("scores") or []
    if not sheets:
        return None
    rubric = rules.data["review_rubric"]
    means = {i["id"]: sum(s["scores"][i["id"]] for s in sheets) / len(sheets) for i in rubric["indicators"]}
    return {"indicators": rubric["indicators"], "sheets": sheets, "means": means,
            "total": panel_total(review, rules), "veto": rubric["veto_below"]}
