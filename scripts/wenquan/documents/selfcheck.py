"""The self-check forms of 附录D: 附件6 自检报表 with its computed fields, and 附件7 自检评分表 with its total.

Computed (附件6 填表说明): 折算标煤 t = Q(m³/年)·(t − 15)/4200 for 预测/控制/探明/年开采 (2); 重复利用率 =
尾水处理量 / 年开采量 (10); 回灌 and 弃水 shares of 年开采量 (11, 12); 单位热水收益 = 经济收益 / 年开采量 (16);
减排二氧化碳 = 2.386·M (18), M the 节能 in tonnes of coal a year. The form labels 减排 “m³/年”, but 2.386 is
the mass of CO₂ per tonne of standard coal, so the figure is in tonnes and the form says so.
A place without its self-check file yet gets the form prefilled from its dossier and latest annual report.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from wenquan.errors import UserError
from wenquan.rules import indicators

SQM_PER_MU = 10000 / 15                      # 1 亩 = 666.67 m²
PARTS = (("predicted", "预测的"), ("controlled", "控制的"), ("proven", "探明的"), ("extracted", "年开采"))


@dataclass(frozen=True)
class Computed:
    coal_t: dict[str, float | None]         # per PARTS key
    reuse_percent: float | None             # 重复利用率
    reinjection_percent: float | None
    discharge_percent: float | None
    income_yuan_per_m3: float | None        # 单位热水收益
    saving_coal_t: float | None             # 节能（按标煤计）
    saving_from_extraction: bool            # 节能 not reported: taken as the extraction's coal equivalent (说明 17)
    co2_t: float | None                     # 减排二氧化碳, tonnes
    proven_share_percent: float | None      # 附件7 1.2: 探明量占总量比重
    extracted_share_percent: float | None   # 附件7 1.3: 开采量占探明量比重
    heat_use_percent: float | None          # 附件7 4.3: 热能利用比重


def _pct(part: float | None, whole: float | None) -> float | None:
    r = indicators.ratio(part, whole)
    return None if r is None else 100 * r


def compute(form: dict[str, Any], c: dict[str, float]) -> Computed:
    coal = {}
    for key, _ in PARTS:
        part = form.get(key) or {}
        q, t = part.get("m3_per_year"), part.get("avg_temp_c")
        coal[key] = indicators.coal_by_volume(q, t, c) if q is not None and t is not None else None
    extracted = (form.get("extracted") or {}).get("m3_per_year")
    saving = form.get("energy_saving_coal_t")
    from_extraction = saving is None and coal["extracted"] is not None
    if from_extraction:
        saving = coal["extracted"]
    income = form.get("income_10k_yuan")
    return Computed(
        coal_t=coal,
        reuse_percent=_pct(form.get("treated_m3"), extracted),
        reinjection_percent=_pct(form.get("reinjected_m3"), extracted),
        discharge_percent=_pct(form.get("discharged_m3"), extracted),
        income_yuan_per_m3=(income * 1e4 / extracted) if income is not None and extracted else None,
        saving_coal_t=saving,
        saving_from_extraction=from_extraction,
        co2_t=c["co2_per_coal"] * saving if saving is not None else None,
        proven_share_percent=_pct((form.get("proven") or {}).get("m3_per_year"), (form.get("predicted") or {}).get("m3_per_year")),
        extracted_share_percent=_pct(extracted, (form.get("proven") or {}).get("m3_per_year")),
        heat_use_percent=_pct(saving if not from_extraction else None, coal["extracted"]),
    )


def score_sheet(scores: dict[str, float], rubric: dict[str, Any], where: str) -> dict[str, Any]:
    """附件7: each item's score checked against its full marks; the total out of 100."""
    items = rubric["items"]
    known = {i["id"] for i in items}
    unknown = sorted(set(scores) - known)
    if unknown:
        raise UserError(f"{where}: 自检评分表没有这些项目：" + "、".join(unknown))
    over = [f"{i['id']} {i['name']}（{scores[i['id']]} > {i['max']}）" for i in items if scores.get(i["id"], 0) > i["max"]]
    if over:
        raise UserError(f"{where}: 得分超过满分：" + "；".join(over))
    complete = all(i["id"] in scores for i in items)
    return {"items": items, "scores": scores, "complete": complete,
            "total": sum(scores.get(i["id"], 0) for i in items), "max": rubric["total"]}


def prefill(dossier: dict[str, Any], annual: dict[str, Any] | None) -> dict[str, Any]:
    """附件6 from what the dossier (and the latest annual report) already say; blanks stay None."""
    res, uses, plan = dossier.get("resources") or {}, dossier.get("uses") or {}, dossier.get("plan") or {}
    history = sorted(dossier.get("reinjection_history") or [], key=lambda r: r["year"])
    last = history[-1] if history else {}
    per_day = res.get("exploitable_m3_per_day")
    heating = uses.get("heating") or {}
    farm = [(uses.get("greenhouse_m2") or 0), (uses.get("aquaculture_mu") or 0) * SQM_PER_MU]
    temp = res.get("extracted_avg_temp_c") or (dossier.get("fluid") or {}).get("temperature_c")
    extracted = annual["extraction_m3"] if annual else last.get("extracted_m3")
    treated = (dossier.get("wastewater") or {}).get("treated_m3_per_day")
    return {
        "predicted": plan.get("regional_predicted") or {"m3_per_year": None, "avg_temp_c": None},
        "controlled": {"m3_per_year": None, "avg_temp_c": None},
        "proven": {"m3_per_year": per_day * 365 if per_day is not None else None, "avg_temp_c": res.get("exploitable_avg_temp_c")},
        "extracted": {"m3_per_year": extracted, "avg_temp_c": annual["temperature_c"] if annual else temp},
        "operators": sum(v for v in (dossier.get("operators") or {}).values() if isinstance(v, int | float)) or None,
        "wells_used": annual["wells_used"] if annual else (dossier.get("wells") or {}).get("used"),
        "springs_used": annual["springs_used"] if annual else (dossier.get("springs") or {}).get("used"),
        "domestic_water_m3": None, "domestic_households": uses.get("hot_water_households"),
        "heating_water_m3": heating.get("water_m3_per_year"), "heating_area_m2": heating.get("area_m2"),
        "farming_water_m3": None, "farming_area_m2": round(sum(farm)) if any(farm) else None,
        "tourism_water_m3": None, "visitors": (annual or {}).get("uses", {}).get("visitors"),
        "treated_m3": treated * 365 if treated is not None else None,
        "reinjected_m3": annual["reinjection_m3"] if annual else last.get("reinjected_m3"),
        "discharged_m3": None,
        "employment_direct": (annual or dossier)["employment"]["direct"],
        "employment_indirect": (annual or dossier)["employment"]["indirect"],
        "income_10k_yuan": annual["income_10k_yuan"] if annual else (dossier.get("economics_10k_yuan") or {}).get("direct"),
        "energy_saving_coal_t": None,
    }
