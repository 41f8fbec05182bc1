"""The Chinese text report of `wenquan check`, for people."""

from __future__ import annotations

from typing import Any

from wenquan.rules.conditions import STATUS_ZH

MARK = {"pass": "✔", "fail": "✘", "unknown": "？", "judgment": "◇", "warning": "！"}


def _num(value: Any, digits: int = 2) -> str:
    if value is None:
        return "—"
    if abs(value) >= 1000:
        return f"{value:,.0f}"
    return f"{value:,.{digits}f}"


def render(result: dict[str, Any]) -> str:
    ind = result["indicators"]
    out = [f"{result['place']}（{result['id']}）申报“{result['title']}”　评价日期 {result['evaluated_on']}", "", "计算指标（附件3 表1 注、附件6 填表说明）"]
    for which, name in (("exploitable", "可采"), ("extracted", "已采")):
        out.append(f"  {name}热流体量　{_num(ind[f'{which}_l_per_s'])} L/s，{_num(ind[f'{which}_m3_per_year'])} 立方米/年")
        out.append(f"  {name}热能　　　{_num(ind[f'{which}_mw'])} MW，折合标煤 {_num(ind[f'{which}_coal_t_per_year'])} 吨/年"
                   f"（按水量核算 {_num(ind[f'{which}_coal_t_per_year_by_volume'])}），减排 CO₂ {_num(ind[f'{which}_co2_t_per_year'])} 吨/年")
    out.append(f"  热储存总量折合标煤 {_num(ind['heat_in_place_coal_10k_t'], 1)} 万吨；热流体储存总量折合标煤 {_num(ind['fluid_in_place_coal_10k_t'], 1)} 万吨")
    ratios = [f"{name} {ind[key] * 100:.1f}%" for key, name in (("heating_reinjection_ratio", "供暖灌采比"), ("power_reinjection_ratio", "发电灌采比"))
              if ind[key] is not None]
    if ind["treatment_ratio_percent"] is not None:
        ratios.append(f"处采比 {ind['treatment_ratio_percent']:.2f}%")
    if ratios:
        out.append("  " + "；".join(ratios))
    years = [f"{r['year']} 年 {r['ratio'] * 100:.1f}%" for r in ind["reinjection_by_year"] if r["ratio"] is not None]
    if years:
        out.append("  历年灌采比：" + "，".join(years))
    for m in result["mismatches"]:
        out.append(f"  {MARK['warning']} {m['field']}：{m['message']}")
    out += ["", "申报条件（管理办法 一）"]
    for c in result["conditions"]:
        cites = f"（依据释义 {'、'.join(c['interpretations'])}）" if c.get("interpretations") else ""
        out.append(f"  {MARK[c['status']]} {c['rule']} {c['title']}：{STATUS_ZH[c['status']]}。{c['message']}{cites}")
    out += ["", "理疗矿水（附录A）：" + ("、".join(result["mineral_water"]) or "无")]
    if result["medical_components"]:
        out.append("  达到有医疗价值浓度：" + "、".join(f"{c['name']} {c['value']:g}{c['unit']}" for c in result["medical_components"]))
    out += ["", "客观指标建议分（附录E）"]
    for ident, score in result["suggested_scores"].items():
        shown = f"{score} 分" if score is not None else "不给建议分"
        out.append(f"  {ident}　{shown}（{result['score_reasons'][ident]}）")
    if result["overlay"]:
        out += ["", "省级附加规则（仅作警告）"]
        for o in result["overlay"]:
            out.append(f"  {MARK[o['status']]} {o['rule']}：{o['message']}。依据：{o['source']}{o['quote']}")
    failing = [c["rule"] for c in result["conditions"] if c["status"] == "fail"]
    out += ["", ("不满足的条件：" + "、".join(failing)) if failing else "没有不满足的条件（“由专家判断”和“无法判断”的条件请专家核实）。"]
    warnings = len(result["mismatches"]) + sum(1 for o in result["overlay"] if o["status"] == "warning")
    out.append(f"{warnings} 个警告（填写的数字与申报数据不符、省级附加规则）。" if warnings else "没有警告。")
    return "\n".join(out)
