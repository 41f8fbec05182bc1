"""The 碑文 draft (附件4): what the stele of a named place records, from its dossier and records.

附件4 prescribes four contents, in this order: 1 勘查史 (units, work, results, years); 2 资源量, 水温, 水质特征
及其动态变化; 3 开发历史、现状及主要开发利用项目; 4 命名的时间、单位. Before 命名 the text is a draft headed
草稿 and says 拟命名. Its length is limited by rules.yaml `stele.max_chars` (释-09: 附件4 sets no length).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from wenquan.documents import chinese
from wenquan.dossier import fieldview, monitoring
from wenquan.rules.ruleset import Rules
from wenquan.workflow.places import Place

NAMING_BODY = "中国矿业联合会"


@dataclass(frozen=True)
class Stele:
    title: str
    draft: bool
    sections: list[tuple[str, str]]   # (附件4 content, its paragraph)
    max_chars: int

    @property
    def text(self) -> str:
        return "\n\n".join(paragraph for _, paragraph in self.sections)

    @property
    def length(self) -> int:
        return sum(1 for c in self.text if not c.isspace())

    @property
    def too_long(self) -> bool:
        return self.length > self.max_chars


def _exploration(dossier: dict[str, Any]) -> str:
    history = sorted(dossier.get("exploration_history") or [], key=lambda e: e["year"])
    if not history:
        return f"{dossier['place']}地热（温泉）资源勘查史待补充。"
    acts = [f"{chinese.year(e['year'])}年，{e['unit']}开展{e['work']}，{e['result']}" for e in history]
    return "；".join(acts) + "。"


def _resources(dossier: dict[str, Any], mineral_names: list[str], dynamics: str | None) -> str:
    res, fluid = dossier.get("resources") or {}, dossier.get("fluid") or {}
    parts = []
    if res.get("exploration_degree"):
        parts.append(f"经勘查，区内地热资源{res['exploration_degree']}")
    if res.get("exploitable_m3_per_day") is not None:
        parts.append(f"可采热流体量每日{chinese.quantity(res['exploitable_m3_per_day'], '立方米')}")
    if fluid.get("temperature_c") is not None:
        parts.append(f"水温{chinese.quantity(fluid['temperature_c'], '摄氏度')}")
    quality = []
    if fluid.get("water_type"):
        quality.append(f"水化学类型为{fieldview.chemistry(fluid['water_type'])}型")
    if mineral_names:
        quality.append("达到" + "、".join(mineral_names) + "命名标准")
    text = "，".join(parts + quality) + "。"
    return text + (dynamics or "")


def _development(dossier: dict[str, Any]) -> str:
    history = sorted(dossier.get("development_history") or [], key=lambda e: e["year"])
    acts = [f"{chinese.year(e['year'])}年{e['event']}" for e in history]
    uses = dossier.get("uses") or {}
    now = []
    heating = uses.get("heating") or {}
    if heating.get("area_m2"):
        now.append(f"地热供暖面积{chinese.quantity(heating['area_m2'], '平方米')}")
    if uses.get("therapy_beds"):
        now.append(f"理疗床位{uses['therapy_beds']}张")
    if uses.get("recreation_m2"):
        now.append(f"温泉洗浴娱乐面积{chinese.quantity(uses['recreation_m2'], '平方米')}")
    if uses.get("hot_water_households"):
        now.append(f"生活热水供应{chinese.quantity(uses['hot_water_households'], '户')}")
    text = ("；".join(acts) + "。") if acts else ""
    if now:
        text += "现" + "，".join(now) + "。"
    return text or f"{dossier['place']}地热（温泉）开发历史待补充。"


def _naming(title: str, named_on: dt.date | None, place: str) -> str:
    if named_on is None:
        return f"{NAMING_BODY}拟命名{place}为“{title}”。"
    return f"{chinese.month(named_on)}，{NAMING_BODY}命名{place}为“{title}”。"


def draft(dossier: dict[str, Any], title: str, mineral_names: list[str], named_on: dt.date | None,
          max_chars: int, dynamics: str | None = None) -> Stele:
    """The stele text; `named_on` None means not yet named (a 草稿 with 拟命名)."""
    place = dossier["place"]
    sections = [
        ("勘查史", _exploration(dossier)),
        ("资源与水质", _resources(dossier, mineral_names, dynamics)),
        ("开发利用", _development(dossier)),
        ("命名", _naming(title, named_on, place)),
    ]
    return Stele(f"{title}·{place}", named_on is None, sections, max_chars)


def dynamics(yearly: dict[int, dict[str, float | None]]) -> str | None:
    """One sentence on the monitored dynamics (附件4 2 “动态变化”), from monitoring.csv's yearly means."""
    years = sorted(y for y, v in yearly.items() if v.get("temperature_c") is not None or v.get("water_level_m") is not None)
    if len(years) < 2:
        return None
    first, last = yearly[years[0]], yearly[years[-1]]
    parts = []
    t0, t1 = first.get("temperature_c"), last.get("temperature_c")
    if t0 is not None and t1 is not None:
        parts.append(f"年均水温由{t0:.1f}摄氏度变为{t1:.1f}摄氏度")
    w0, w1 = first.get("water_level_m"), last.get("water_level_m")
    if w0 is not None and w1 is not None:
        change = w1 - w0
        parts.append(f"年均水位{'下降' if change < 0 else '上升'}{abs(change):.2f}米")
    return f"{chinese.year(years[0])}年至{chinese.year(years[-1])}年动态监测表明，" + "，".join(parts) + "。"


def for_place(place: Place, rules: Rules) -> Stele:
    """The stele of one place as the sites and documents show it: dated once the place is named."""
    yearly = monitoring.yearly(place.monitoring)
    named_on = place.named_on if place.named else None
    return draft(place.dossier, place.title, place.evaluation["mineral_water"], named_on,
                 rules.data["stele"]["max_chars"], dynamics(yearly))
