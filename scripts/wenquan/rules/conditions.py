"""The 11 申报条件 of 管理办法 一, each judged pass | fail | unknown | judgment with its figures.

`unknown` means the dossier lacks the data to decide; `judgment` means the rule is qualitative and left to
the experts, with the evidence listed. Nothing here invents a figure.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from wenquan.dossier.dossier_checks import get, number
from wenquan.rules.ruleset import Rules

PASS, FAIL, UNKNOWN, JUDGMENT = "pass", "fail", "unknown", "judgment"
STATUS_ZH = {PASS: "满足", FAIL: "不满足", UNKNOWN: "无法判断（缺少数据）", JUDGMENT: "由专家判断"}

Result = dict[str, Any]


def _result(rule: str, title: str, status: str, message: str, cites: tuple[str, ...] = (), **figures: Any) -> Result:
    """One condition's verdict; `cites` are the interpretations (registry/rules.yaml interpretations) it relies on."""
    return {"rule": rule, "title": title, "status": status, "message": message, "figures": figures,
            "interpretations": list(cites)}


def eligible_applicant(data: Any, rules: Rules, on: dt.date, ind: dict[str, Any]) -> Result:
    name, kind = get(data, "applicant", "name"), get(data, "applicant", "kind")
    return _result("一、1", "申报主体", JUDGMENT, f"申报主体为{name}（{kind}）；是否为申报地主管部门或区域管理机构，由专家核实",
                   applicant=name, kind=kind)


def _date(value: Any) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


def _valid_on(permit: dict[str, Any], on: dt.date) -> bool:
    return (_date(permit.get("valid_from")) or dt.date.max) <= on <= (_date(permit.get("valid_to")) or dt.date.min)


def filing_and_rights(data: Any, rules: Rules, on: dt.date, ind: dict[str, Any]) -> Result:
    """一、2: reserves filed; 探矿权 and 采矿权 合法有效 (释-12: every right listed valid on the day, at least one
    采矿权); 权属无争议 is the experts' judgment."""
    title, cites = "储量评审备案与矿业权", ("释-12",)
    filing = get(data, "resources", "filing")
    missing = [k for k in ("report", "filed_by", "number", "date") if not isinstance(filing, dict) or not filing.get(k)]
    permits = [p for p in get(data, "permits") or [] if isinstance(p, dict) and p.get("kind") in ("采矿权", "探矿权")]
    mining = [p for p in permits if p.get("kind") == "采矿权"]
    valid = [p["number"] for p in mining if _valid_on(p, on)]
    lapsed = [p for p in permits if not _valid_on(p, on)]
    figures = {"filing_number": filing.get("number") if isinstance(filing, dict) else None, "valid_mining_rights": valid,
               "lapsed_rights": [f"{p.get('kind')} {p.get('number')}" for p in lapsed], "evaluated_on": on.isoformat()}
    problems = []
    if missing:
        problems.append("储量评审备案信息不全（缺 " + "、".join(missing) + "）")
    if not valid:
        problems.append(f"{on.isoformat()} 没有有效的采矿权" + (f"（已登记 {len(mining)} 项，均不在有效期内）" if mining else ""))
    for p in lapsed:
        problems.append(f"{p.get('kind')} {p.get('number')} 的有效期为 {p.get('valid_from')} 至 {p.get('valid_to')}，"
                        f"{on.isoformat()} 不在有效期内")
    if problems:
        return _result("一、2", title, FAIL, "；".join(problems), cites, **figures)
    kinds = "、".join(f"{p['kind']} {p['number']}" for p in permits)
    return _result("一、2", title, PASS, f"储量已备案（{filing['number']}）；{on.isoformat()} 所列矿业权均在有效期内（{kinds}）；"
                                         "权属是否无争议由专家判断", cites, **figures)


def exploitable_flow(data: Any, rules: Rules, on: dt.date, ind: dict[str, Any]) -> Result:
    title = "可采热流体量与行政级别"
    level, admin = get(data, "level"), get(data, "applicant", "admin_level")
    spec = rules.level(level)
    threshold = spec["min_exploitable_m3_per_day"]
    q = number(data, "resources", "exploitable_m3_per_day")
    figures = {"exploitable_m3_per_day": q, "threshold_m3_per_day": threshold, "admin_level": admin}
    if q is None:
        return _result("一、3", title, UNKNOWN, "未填写可采热流体量", **figures)
    problems = []
    if not q > threshold:
        problems.append(f"可采热流体量 {q:.10g} 立方米/天，{spec['title']}须大于 {threshold:.10g} 立方米/天")
    if admin not in spec["admin_levels"]:
        problems.append(f"行政级别为{admin}，{spec['title']}只限" + "、".join(spec["admin_levels"]))
    grade = get(data, "resources", "exploitable_grade")      # 一、3 “探明或验证的”: optional in format v1
    figures["exploitable_grade"] = grade
    if grade in ("控制", "推断"):
        problems.append(f"可采量为{grade}的，一、3 要求探明或验证的可采量")
    if problems:
        return _result("一、3", title, FAIL, "；".join(problems), **figures)
    message = f"可采热流体量 {q:.10g} 立方米/天，大于{spec['title']}的门槛 {threshold:.10g} 立方米/天；行政级别{admin}"
    if grade is None:
        return _result("一、3", title, JUDGMENT, message + "；未填写可采量级别（resources.exploitable_grade），"
                                                    "是否为探明或验证的可采量由专家核实", **figures)
    return _result("一、3", title, PASS, message + f"；可采量为{grade}的", **figures)


def therapeutic_water(data: Any, rules: Rules, on: dt.date, ind: dict[str, Any]) -> Result:
    from wenquan.rules import mineral

    title = "理疗矿水组分"
    found = mineral.naming_components(data, rules)
    measured = mineral.measured(data, rules)
    if found:
        text = "、".join(f"{c['name']} {c['value']:.10g}{c['unit']}（命名浓度 {c['threshold']:.10g}，{c['water_name']}）" for c in found)
        return _result("一、4", title, PASS, f"达到理疗矿水命名标准的组分：{text}；有害组分是否危及健康由专家判断",
                       components=found)
    if not measured:
        return _result("一、4", title, UNKNOWN, "未填写附录A 所列组分的含量", components=[])
    return _result("一、4", title, FAIL, "没有组分达到附录A 的命名矿水浓度", components=[])


def temperature(data: Any, rules: Rules, on: dt.date, ind: dict[str, Any]) -> Result:
    t = number(data, "fluid", "temperature_c")
    minimum = rules.data["min_temperature_c"]
    if t is None:
        return _result("一、5", "温度", UNKNOWN, "未填写地热流体温度", temperature_c=None, minimum_c=minimum)
    status = PASS if t >= minimum else FAIL
    word = "大于或等于" if status == PASS else "低于"
    return _result("一、5", "温度", status, f"地热流体温度 {t:.10g} ℃，{word} {minimum:.10g} ℃", temperature_c=t, minimum_c=minimum)


def development_plan(data: Any, rules: Rules, on: dt.date, ind: dict[str, Any]) -> Result:
    has_plan, plan = get(data, "management", "has_plan"), get(data, "materials", "plan")
    figures = {"has_plan": has_plan, "plan_material": plan}
    if has_plan is True or plan:
        return _result("一、6", "勘查开发利用规划", PASS, "已编制地热（温泉）资源勘查开发利用规划" + (f"（{plan}）" if plan else ""), **figures)
    if has_plan is False:
        return _result("一、6", "勘查开发利用规划", FAIL, "未编制地热（温泉）资源勘查开发利用规划（附件3）", **figures)
    return _result("一、6", "勘查开发利用规划", UNKNOWN, "未说明是否已编制勘查开发利用规划", **figures)


def extraction_and_spring_protection(data: Any, rules: Rules, on: dt.date, ind: dict[str, Any]) -> Result:
    title = "开采总量与泉域保护"
    extracted = number(data, "resources", "extracted_m3_per_day")
    exploitable = number(data, "resources", "exploitable_m3_per_day")
    used, zone = number(data, "springs", "used"), get(data, "springs", "protection_zone")
    figures = {"extracted_m3_per_day": extracted, "exploitable_m3_per_day": exploitable, "springs_used": used, "protection_zone": zone}
    problems, unknown = [], []
    if extracted is None or exploitable is None:
        unknown.append("未填写已采或可采热流体量")
    elif extracted > exploitable:
        problems.append(f"已采热流体量 {extracted:.10g} 大于可采热流体量 {exploitable:.10g} 立方米/天")
    if used and used > 0:
        if zone is False:
            problems.append(f"利用温泉 {used:.10g} 处，但未建立泉域防护区")
        elif zone is None:
            unknown.append("利用了温泉，但未说明是否建立泉域防护区")
    if problems:
        return _result("一、7", title, FAIL, "；".join(problems + unknown), **figures)
    if unknown:
        return _result("一、7", title, UNKNOWN, "；".join(unknown), **figures)
    message = f"已采 {extracted:.10g} 不大于可采 {exploitable:.10g} 立方米/天"
    message += "；已建立泉域防护区" if used else ""
    return _result("一、7", title, PASS, message + "；水位、水温、水质、水量动态由专家结合监测报告判断", **figures)


def technology_and_benefits(data: Any, rules: Rules, on: dt.date, ind: dict[str, Any]) -> Result:
    evidence = {"dominant": get(data, "uses", "dominant"), "heating_area_m2": number(data, "uses", "heating", "area_m2"),
                "therapy_beds": number(data, "uses", "therapy_beds"), "employment_direct": number(data, "employment", "direct"),
                "economics_direct_10k_yuan": number(data, "economics_10k_yuan", "direct"),
                "extracted_coal_t_per_year": ind.get("extracted_coal_t_per_year")}
    parts = [f"主要利用方式 {evidence['dominant']}"]
    if evidence["heating_area_m2"]:
        parts.append(f"供暖面积 {evidence['heating_area_m2']:.10g} 平方米")
    if evidence["employment_direct"] is not None:
        parts.append(f"直接从业 {evidence['employment_direct']:.10g} 人")
    if evidence["economics_direct_10k_yuan"] is not None:
        parts.append(f"直接经济效益 {evidence['economics_direct_10k_yuan']:.10g} 万元/年")
    if evidence["extracted_coal_t_per_year"] is not None:
        parts.append(f"已采热量折合标煤 {evidence['extracted_coal_t_per_year']:.0f} 吨/年")
    return _result("一、8", "利用技术与效益", JUDGMENT, "；".join(parts) + "。技术是否先进、效益是否显著由专家判断", **evidence)


def reinjection_or_treatment(data: Any, rules: Rules, on: dt.date, ind: dict[str, Any]) -> Result:
    title = "尾水回灌或处理"
    cites: tuple[str, ...] = ("释-14",)
    dominant = get(data, "uses", "dominant")
    if dominant == "康养医疗":
        treated = number(data, "wastewater", "treated_m3_per_day")
        figures = {"dominant": dominant, "treated_m3_per_day": treated}
        if treated is None:
            return _result("一、9", title, UNKNOWN, "以康养医疗为主，但未填写尾水处理量", cites, **figures)
        if treated <= 0:
            return _result("一、9", title, FAIL, "以康养医疗为主，尾水处理量为 0，未做到处理达标排放", cites, **figures)
        return _result("一、9", title, PASS, f"以康养医疗为主，尾水处理量 {treated:.10g} 立方米/天；是否达标排放由专家核实", cites, **figures)
    lithology = get(data, "reservoir", "lithology")
    years_needed = rules.data["reinjection"]["min_years"]
    threshold = rules.data["reinjection"]["ratio_by_lithology"].get(lithology)
    rows = [r for r in ind["reinjection_by_year"] if r["ratio"] is not None]
    figures = {"dominant": dominant, "lithology": lithology, "threshold": threshold, "years_needed": years_needed,
               "by_year": [{"year": r["year"], "ratio": round(r["ratio"], 4)} for r in rows]}
    cites = ("释-14", "释-05")
    if threshold is None or not rows:
        return _result("一、9", title, UNKNOWN, "未填写热储岩性或历年开采回灌量", cites, **figures)
    declared = get(data, "uses", "heating", "same_layer")   # the dossier's statement, for years that do not say
    run: list[dict[str, Any]] = []
    unstated = []
    for row in reversed(rows):  # the latest years, consecutive, each meeting the ratio, counted back from the last
        if run and row["year"] != run[-1]["year"] - 1:
            break
        same = row["same_layer"] if row["same_layer"] is not None else declared
        if row["ratio"] < threshold - 1e-12 or same is False:
            break
        if same is None:          # 释-05: blank is unknown, never "same layer"
            unstated.append(row["year"])
        run.append(row)
    shown = "，".join(f"{r['year']} 年 {r['ratio'] * 100:.1f}%" for r in rows[-max(years_needed, len(run)):])
    figures["qualifying_years"] = [r["year"] for r in reversed(run)]
    if len(run) >= years_needed and unstated:
        return _result("一、9", title, UNKNOWN, f"{lithology}热储，最近 {len(run)} 年年灌采率均不低于 {threshold * 100:.10g}%（{shown}），"
                                                f"但未说明是否同层回灌（{'、'.join(map(str, sorted(unstated)))} 年）", cites, **figures)
    if len(run) >= years_needed:
        return _result("一、9", title, PASS, f"{lithology}热储，最近 {len(run)} 年同层回灌，年灌采率均不低于 {threshold * 100:.10g}%（{shown}）",
                       cites, **figures)
    return _result("一、9", title, FAIL, f"{lithology}热储须连续 {years_needed} 年（含）以上年灌采率不低于 {threshold * 100:.10g}%，"
                                          f"最近连续满足的只有 {len(run)} 年（{shown}）", cites, **figures)


_POINTS = {"extraction": "开采量", "reinjection": "回灌量", "temperature": "温度", "quality": "水质", "water_level": "水位"}


def _reinjects(data: Any) -> bool | None:
    """Whether the site reinjects at all: reinjection wells, volumes by use, or yearly reinjected volumes."""
    signs = [number(data, "wells", "reinjection"), number(data, "uses", "heating", "reinjection_m3_per_year"),
             number(data, "uses", "power", "reinjection_m3_per_year")]
    signs += [r.get("reinjected_m3") for r in get(data, "reinjection_history") or [] if isinstance(r, dict)]
    known = [v for v in signs if isinstance(v, int | float)]
    if any(v > 0 for v in known):
        return True
    return False if known else None


def _monitoring_years(data: Any, ind: dict[str, Any]) -> dict[str, Any]:
    """Evidence for "取得了完整的监测数据": the years the data covers and the years missing between."""
    since = _date(get(data, "monitoring", "since")) if isinstance(get(data, "monitoring", "since"), str) else None
    years = sorted({int(y) for y in ind.get("monitoring_years") or []})
    if not years:
        years = sorted({r["year"] for r in ind.get("reinjection_by_year") or [] if isinstance(r.get("year"), int)})
    gaps = [y for y in range(years[0], years[-1] + 1) if y not in years] if years else []
    return {"since_year": since.year if since else None, "data_years": years, "gap_years": gaps}


def monitoring_network(data: Any, rules: Rules, on: dt.date, ind: dict[str, Any]) -> Result:
    """一、10. 释-13: reinjection points only where the site reinjects; the completeness of the data is evidence."""
    points = get(data, "monitoring", "points")
    since = get(data, "monitoring", "since")
    reinjects = _reinjects(data)
    needed = {k: zh for k, zh in _POINTS.items() if k != "reinjection" or reinjects is not False}
    evidence = _monitoring_years(data, ind)
    figures = {"points": points, "since": since, "reinjects": reinjects, **evidence}
    cites = ("释-13",)
    if not isinstance(points, dict) or any(points.get(k) is None for k in needed):
        return _result("一、10", "动态监测", UNKNOWN, "监测点数量未填全", cites, **figures)
    absent = [zh for k, zh in needed.items() if points[k] <= 0]
    if absent or not since:
        reasons = (["没有" + "、".join(absent) + "监测点"] if absent else []) + ([] if since else ["未填写初始监测时间"])
        return _result("一、10", "动态监测", FAIL, "；".join(reasons), cites, **figures)
    counts = "，".join(f"{zh} {points[k]} 点" for k, zh in needed.items())
    note = "" if reinjects is not False else "；不回灌，不要求回灌量监测点"
    covered = (f"；数据年份 {evidence['data_years'][0]}–{evidence['data_years'][-1]}"
               + (f"，缺 {'、'.join(map(str, evidence['gap_years']))} 年" if evidence["gap_years"] else "，无缺年")
               if evidence["data_years"] else "；没有逐年数据")
    return _result("一、10", "动态监测", PASS, f"监测点齐全（{counts}{note}），自 {since} 起监测{covered}；"
                                              "监测数据是否完整由专家结合监测报告判断", cites, **figures)


def management_rules(data: Any, rules: Rules, on: dt.date, ind: dict[str, Any]) -> Result:
    has_rules, agency = get(data, "management", "has_rules"), get(data, "management", "agency")
    figures = {"has_rules": has_rules, "agency": agency}
    if has_rules is False or (has_rules is not None and not agency):
        missing = (["未制订地热资源管理办法"] if has_rules is False else []) + ([] if agency else ["未组建管理机构"])
        return _result("一、11", "管理办法与管理机构", FAIL, "；".join(missing), **figures)
    if has_rules is None:
        return _result("一、11", "管理办法与管理机构", UNKNOWN, "未说明是否已制订地热资源管理办法", **figures)
    return _result("一、11", "管理办法与管理机构", PASS, f"已制订地热资源管理办法，管理机构为{agency}；实施效果由专家判断", **figures)


# In the order of 管理办法 一、1 … 一、11.
CONDITIONS: tuple[Callable[..., Result], ...] = (
    eligible_applicant,                # 一、1
    filing_and_rights,                 # 一、2
    exploitable_flow,                  # 一、3
    therapeutic_water,                 # 一、4
    temperature,                       # 一、5
    development_plan,                  # 一、6
    extraction_and_spring_protection,  # 一、7
    technology_and_benefits,           # 一、8
    reinjection_or_treatment,          # 一、9
    monitoring_network,                # 一、10
    management_rules,                  # 一、11
)


def evaluate(data: Any, rules: Rules, on: dt.date, ind: dict[str, Any]) -> list[Result]:
    return [condition(data, rules, on, ind) for condition in CONDITIONS]
