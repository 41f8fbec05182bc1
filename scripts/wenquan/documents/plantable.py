"""附件3 表1 “规划期内可采地热资源量总表”, computed from a dossier.

Rows: 区域预测资源总量; 开采区 已有 / 增加 / 累计 探明或验证可采量. Columns: 可开采量 (万 m³/年), 平均温度
(℃, weighted by 可开采量: 表1 注1), 热能 (MW = 4.1868·Q(L/s)·(t − 15)/1000: 注2), 年可替代标煤
(t = 1793·MW: 注3). 已有 comes from the dossier's filed 可采热流体量; the others from its `plan`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from wenquan.rules import indicators

DAYS = 365


@dataclass(frozen=True)
class Line:
    label: str
    m3_per_year: float | None
    temp_c: float | None
    mw: float | None
    coal_t: float | None

    @property
    def ten_thousand_m3(self) -> float | None:
        return None if self.m3_per_year is None else self.m3_per_year / 1e4


def _line(label: str, m3_per_year: float | None, temp_c: float | None, c: dict[str, float]) -> Line:
    if m3_per_year is None or temp_c is None:
        return Line(label, m3_per_year, temp_c, None, None)
    mw = indicators.thermal_mw(m3_per_year / DAYS, temp_c, c)
    return Line(label, m3_per_year, temp_c, mw, indicators.coal_by_power(mw, c))


def _weighted(a: Line, b: Line) -> tuple[float | None, float | None]:
    if a.m3_per_year is None or b.m3_per_year is None or a.temp_c is None or b.temp_c is None:
        return None, None
    total = a.m3_per_year + b.m3_per_year
    return total, ((a.m3_per_year * a.temp_c + b.m3_per_year * b.temp_c) / total if total else None)


def table(dossier: dict[str, Any], c: dict[str, float]) -> list[Line]:
    plan = dossier.get("plan") or {}
    res = dossier.get("resources") or {}
    predicted = plan.get("regional_predicted") or {}
    added = plan.get("added_proven") or {}
    per_day = res.get("exploitable_m3_per_day")
    existing = _line("已有探明或验证可采量", per_day * DAYS if per_day is not None else None,
                     res.get("exploitable_avg_temp_c"), c)
    more = _line("增加探明或验证可采量", added.get("m3_per_year"), added.get("avg_temp_c"), c)
    total_m3, total_t = _weighted(existing, more)
    return [_line("区域预测资源总量", predicted.get("m3_per_year"), predicted.get("avg_temp_c"), c),
            existing, more, _line("累计探明或验证可采量", total_m3, total_t, c)]


def meets_minimum(lines: list[Line], min_m3_per_day: float) -> bool | None:
    """附件3 四（一）5: 规划期内验证的+探明的可开采量总数应达到命名的最低限量."""
    total = lines[-1].m3_per_year
    return None if total is None else total / DAYS > min_m3_per_day
