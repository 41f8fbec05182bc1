"""`wenquan check`: does this place meet the rules, and by how much — computed, with the rule and figures."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from wenquan.dossier.validate import display_path, load_valid
from wenquan.errors import UserError
from wenquan.repo import Repository
from wenquan.rules import conditions, indicators, mineral, overlay, scoring
from wenquan.rules.ruleset import Rules


def load_dossier(repo: Repository, dossier_id: str, on: dt.date | None = None) -> dict[str, Any]:
    """A dossier's data, refused (with every validation error) unless it validates."""
    path = repo.dossier_dir(dossier_id) / "dossier.yaml"
    if not path.is_file():
        known = sorted(p.parent.name for p in repo.dossiers.glob("*/dossier.yaml"))
        raise UserError(f"没有编号为“{dossier_id}”的申报材料（{display_path(path)} 不存在）；现有编号：" + ("、".join(known) or "无"))
    return load_valid(path, "dossier", repo.root, f"申报材料 {display_path(path)} ", on)


def _round(value: Any) -> Any:
    if isinstance(value, float):
        return round(value, 4)
    if isinstance(value, list):
        return [_round(v) for v in value]
    if isinstance(value, dict):
        return {k: _round(v) for k, v in value.items()}
    return value


def _monitoring_years(root: Path | None, dossier_id: str) -> list[int]:
    """The years monitoring.csv has data for (evidence for 一、10), or [] without the file or with an unreadable one
    (`wenquan validate` reports what is wrong with it)."""
    from wenquan.dossier import monitoring

    if root is None:
        return []
    path = root / "dossiers" / dossier_id / "monitoring.csv"
    if not path.is_file():
        return []
    try:
        return sorted(monitoring.yearly(monitoring.read(path, display_path(path))))
    except UserError:
        return []


def evaluate(data: dict[str, Any], rules: Rules, on: dt.date, root: Path | None, dossier_id: str) -> dict[str, Any]:
    ind = indicators.compute(data, rules.coefficients)
    ind["monitoring_years"] = _monitoring_years(root, dossier_id)
    scores, reasons = scoring.suggest(data, rules)
    return _round({
        "id": dossier_id,
        "level": data["level"],
        "place": data["place"],
        "title": rules.level(data["level"])["title"],
        "evaluated_on": on.isoformat(),
        "indicators": ind,
        "mismatches": indicators.mismatches(data, ind),
        "conditions": conditions.evaluate(data, rules, on, ind),
        "mineral_water": mineral.names(data, rules),
        "medical_components": mineral.medical_components(data, rules),
        "suggested_scores": scores,
        "score_reasons": reasons,
        "overlay": overlay.evaluate(data, root),
    })


def run(repo: Repository, dossier_id: str, on: dt.date) -> dict[str, Any]:
    data = load_dossier(repo, dossier_id, on)
    return evaluate(data, Rules.load(repo.root), on, repo.root, dossier_id)


def failing(result: dict[str, Any]) -> list[dict[str, Any]]:
    """The conditions that fail: what blocks 推荐."""
    return [c for c in result["conditions"] if c["status"] == conditions.FAIL]
