"""Computed indicators (附件3 表1 注、附件6 填表说明), and where the applicant's typed values disagree with them.

MW = 4.1868·Q(L/s)·(t − t0)/1000; standard coal t/yr = 1793·MW (附件3 表1 注3), cross-checked against
Q(m³/yr)·(t − t0)/4200 (附件6 填表说明2); CO₂ = 2.386·coal (附件6 填表说明18). Heat in place as coal on the
same basis (释-11): a tonne of standard coal is the heat of 4200 m³·℃ of water, 4200 × 4.1868 MJ; both seed
formulas build in the same 60 % efficiency, so every 相当于标煤 of one form compares with the others.
"""

from __future__ import annotations

from typing import Any

from wenquan.dossier.dossier_checks import get, number

SECONDS_PER_DAY = 86400
DAYS_PER_YEAR = 365
TOLERANCE = 0.01  # typed values more than 1 % away from the computed ones are flagged


def l_per_s(m3_per_day: float) -> float:
    return m3_per_day * 1000 / SECONDS_PER_DAY


def thermal_mw(m3_per_day: float, temp_c: float, c: dict[str, float]) -> float:
    return c["mw_factor"] * l_per_s(m3_per_day) * (temp_c - c["t0_c"]) / 1000


def coal_by_power(mw: float, c: dict[str, float]) -> float:
    return c["coal_t_per_mw_year"] * mw


def coal_by_volume(m3_per_year: float, temp_c: float, c: dict[str, float]) -> float:
    return m3_per_year * (temp_c - c["t0_c"]) / c["coal_divisor_m3_c"]


def kj_per_t_coal(c: dict[str, float]) -> float:
    """释-11: the heat one tonne of standard coal stands for in the seed's formulas, 4200 m³·℃ × 4.1868 MJ/(m³·℃)."""
    return c["coal_divisor_m3_c"] * c["mw_factor"] * 1000


def ratio(part: float | None, whole: float | None) -> float | None:
    if part is None or whole is None or whole == 0:
        return None
    return part / whole


def _flow(data: Any, which: str, c: dict[str, float]) -> dict[str, float | None]:
    q = number(data, "resources", f"{which}_m3_per_day")
    t = number(data, "resources", f"{which}_avg_temp_c")
    if t is None:
        t = number(data, "fluid", "temperature_c")
    out: dict[str, float | None] = {f"{which}_l_per_s": None, f"{which}_m3_per_year": None, f"{which}_mw": None,
                                    f"{which}_coal_t_per_year": None, f"{which}_coal_t_per_year_by_volume": None,
                                    f"{which}_co2_t_per_year": None}
    if q is None:
        return out
    out[f"{which}_l_per_s"] = l_per_s(q)
    out[f"{which}_m3_per_year"] = q * DAYS_PER_YEAR
    if t is not None:
        mw = thermal_mw(q, t, c)
        coal = coal_by_power(mw, c)
        out[f"{which}_mw"] = mw
        out[f"{which}_coal_t_per_year"] = coal
        out[f"{which}_coal_t_per_year_by_volume"] = coal_by_volume(q * DAYS_PER_YEAR, t, c)
        out[f"{which}_co2_t_per_year"] = c["co2_per_coal"] * coal
    return out


def yearly_reinjection(data: Any) -> list[dict[str, Any]]:
    rows = get(data, "reinjection_history") or []
    out = []
    for row in sorted((r for r in rows if isinstance(r, dict)), key=lambda r: r.get("year", 0)):
        out.append({"year": row["year"], "ratio": ratio(row.get("reinjected_m3"), row.get("extracted_m3")),
                    "same_layer": row.get("same_layer")})
    return out


def compute(data: Any, c: dict[str, float]) -> dict[str, Any]:
    ind: dict[str, Any] = {}
    ind.update(_flow(data, "exploitable", c))
    ind.update(_flow(data, "extracted", c))
    heat = number(data, "resources", "heat_in_place_1e15_kj")
    ind["heat_in_place_coal_10k_t"] = heat * 1e15 / kj_per_t_coal(c) / 1e4 if heat is not None else None
    volume = number(data, "resources", "fluid_in_place_1e8_m3")
    vt = number(data, "resources", "fluid_in_place_avg_temp_c")
    ind["fluid_in_place_coal_10k_t"] = coal_by_volume(volume * 1e8, vt, c) / 1e4 if volume is not None and vt is not None else None
    for use in ("heating", "power"):
        ind[f"{use}_reinjection_ratio"] = ratio(number(data, "uses", use, "reinjection_m3_per_year"),
                                                number(data, "uses", use, "water_m3_per_year"))
    treated = number(data, "wastewater", "treated_m3_per_day")
    extracted = number(data, "resources", "extracted_m3_per_day")
    share = ratio(treated, extracted)
    ind["treatment_ratio_percent"] = share * 100 if share is not None else None  # 处采比
    ind["reinjection_by_year"] = yearly_reinjection(data)
    return ind


# (typed field path, indicator key, Chinese label, unit) — values the applicant may type that we can compute
TYPED = (
    (("resources", "heat_in_place_coal_10k_t"), "heat_in_place_coal_10k_t", "热储存总量相当于标煤", "万吨"),
    (("resources", "fluid_in_place_coal_10k_t"), "fluid_in_place_coal_10k_t", "热流体储存总量相当于标煤", "万吨"),
    (("resources", "exploitable_mw"), "exploitable_mw", "可采热流体能量", "兆瓦"),
    (("resources", "extracted_mw"), "extracted_mw", "已采热流体能量", "兆瓦"),
    (("uses", "heating", "reinjection_ratio"), "heating_reinjection_ratio", "供暖灌采比", ""),
    (("uses", "power", "reinjection_ratio"), "power_reinjection_ratio", "发电灌采比", ""),
    (("wastewater", "treatment_ratio_percent"), "treatment_ratio_percent", "处采比", "%"),
)


def mismatches(data: Any, ind: dict[str, Any]) -> list[dict[str, Any]]:
    out = []
    for path, key, label, unit in TYPED:
        typed = number(data, *path)
        computed = ind.get(key)
        if typed is None or computed is None:
            continue
        if abs(typed - computed) > TOLERANCE * max(abs(computed), 1e-12):
            out.append({"field": ".".join(path), "typed": typed, "computed": round(computed, 4),
                        "message": f"{label}填写为 {typed:.10g}{unit}，按申报数据计算为 {computed:.4g}{unit}，相差超过 1%"})
    return out


# Chinese label and unit of each computed indicator (附件3 表1 注、附件6 填表说明), for pages and documents.
LABELS: dict[str, tuple[str, str]] = {
    "exploitable_l_per_s": ("可采热流体量", "升/秒"),
    "exploitable_m3_per_year": ("可采热流体量（年）", "立方米/年"),
    "exploitable_mw": ("可采热能热功率", "兆瓦"),
    "exploitable_coal_t_per_year": ("可采热能折合标准煤（1793·MW）", "吨/年"),
    "exploitable_coal_t_per_year_by_volume": ("可采热能折合标准煤（Q·Δt/4200）", "吨/年"),
    "exploitable_co2_t_per_year": ("可采热能减排二氧化碳", "吨/年"),
    "extracted_l_per_s": ("已采热流体量", "升/秒"),
    "extracted_m3_per_year": ("已采热流体量（年）", "立方米/年"),
    "extracted_mw": ("已采热能热功率", "兆瓦"),
    "extracted_coal_t_per_year": ("已采热能折合标准煤（1793·MW）", "吨/年"),
    "extracted_coal_t_per_year_by_volume": ("已采热能折合标准煤（Q·Δt/4200）", "吨/年"),
    "extracted_co2_t_per_year": ("已采热能减排二氧化碳", "吨/年"),
    "heat_in_place_coal_10k_t": ("热储存总量折合标准煤", "万吨"),
    "fluid_in_place_coal_10k_t": ("热流体储存总量折合标准煤", "万吨"),
    "heating_reinjection_ratio": ("供暖灌采比", ""),
    "power_reinjection_ratio": ("发电灌采比", ""),
    "treatment_ratio_percent": ("处采比", "%"),
}
