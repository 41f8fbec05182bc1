"""`wenquan report ID annual --year Y --template`: a year's annual report, pre-filled, for the place to complete.

管理办法 四、2（1）: every year, in the second quarter, the named place reports the year before. The template has
every key of schemas/annual.schema.json with its title and unit as a comment. Figures that the latest annual
report (or, before the first one, the dossier) already gives are pre-filled and say where they come from: they
are last period's figures, to be replaced by the year's own. What nothing gives stays null; `submitted` stays
null so that `wenquan validate` reminds whoever fills it in.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from wenquan.dossier.loader import trusted_mapping
from wenquan.dossier.scaffold import yaml_lines

MODELINE = "# yaml-language-server: $schema=../../../schemas/annual.schema.json"


def latest_annual(folder: Path, before: int | None = None) -> dict[str, Any] | None:
    """The latest annual report on file in a dossier folder (of a year before `before`, if given)."""
    reports = sorted((folder / "reports").glob("*-annual.yaml"))
    if before is not None:
        reports = [p for p in reports if p.name[:4].isdigit() and int(p.name[:4]) < before]
    if not reports:
        return None
    try:
        data = trusted_mapping(reports[-1].read_bytes())
    except OSError:
        data = None
    if data is not None:
        return data
    # changed by hand into something that is not a report: refused, where and why said as `wenquan validate` says it
    from wenquan.dossier.validate import display_path, load_valid

    return load_valid(reports[-1], "annual", folder.parent.parent, f"年报 {display_path(reports[-1])} ")


def _last_history(dossier: dict[str, Any]) -> dict[str, Any]:
    history = sorted(dossier.get("reinjection_history") or [], key=lambda row: row["year"])
    return history[-1] if history else {}


def prefill(dossier: dict[str, Any], dossier_id: str, year: int,
            latest: dict[str, Any] | None) -> tuple[dict[str, Any], dict[str, str]]:
    """The values to pre-fill and, by dotted key, where each came from."""
    values: dict[str, Any] = {"schema_version": 1, "dossier": dossier_id, "year": year}
    sources: dict[str, str] = {}

    def put(key: str, value: Any, source: str) -> None:
        if value is None:
            return
        node = values
        *parents, last = key.split(".")
        for part in parents:
            node = node.setdefault(part, {})
        node[last] = value
        sources[key] = source

    history, fluid = _last_history(dossier), dossier.get("fluid") or {}
    uses, res = dossier.get("uses") or {}, dossier.get("resources") or {}
    from_dossier = "申报材料"
    put("extraction_m3", history.get("extracted_m3"), f"申报材料 {history.get('year')} 年开采量")
    put("reinjection_m3", history.get("reinjected_m3"), f"申报材料 {history.get('year')} 年回灌量")
    put("temperature_c", res.get("extracted_avg_temp_c") or fluid.get("temperature_c"), from_dossier)
    put("water_quality.tds_mg_per_l", fluid.get("tds_mg_per_l"), from_dossier)
    put("water_quality.water_type", fluid.get("water_type"), from_dossier)
    put("uses.heating_area_m2", (uses.get("heating") or {}).get("area_m2"), from_dossier)
    put("uses.hot_water_households", uses.get("hot_water_households"), from_dossier)
    put("uses.therapy_beds", uses.get("therapy_beds"), from_dossier)
    put("wells_used", (dossier.get("wells") or {}).get("used"), from_dossier)
    put("springs_used", (dossier.get("springs") or {}).get("used"), from_dossier)
    for part in ("direct", "indirect"):
        put(f"employment.{part}", (dossier.get("employment") or {}).get(part), from_dossier)
    put("income_10k_yuan", (dossier.get("economics_10k_yuan") or {}).get("direct"), "申报材料（直接经济效益）")
    if latest is not None:   # the latest report is more recent than the dossier: its figures win
        source = f" {latest['year']} 年度年报"
        for key in ("extraction_m3", "reinjection_m3", "temperature_c", "water_level_m", "wells_used", "springs_used",
                    "income_10k_yuan", "water_quality.tds_mg_per_l", "water_quality.water_type", "uses.heating_area_m2",
                    "uses.hot_water_households", "uses.therapy_beds", "uses.visitors", "employment.direct",
                    "employment.indirect"):
            node: Any = latest
            for part in key.split("."):
                node = node.get(part) if isinstance(node, dict) else None
            put(key, node, source.strip())
    granted = [{"number": p["number"], "granted": p["valid_from"]} for p in dossier.get("permits") or []
               if p.get("kind") == "采矿权" and str(p.get("valid_from", ""))[:4] == str(year)]
    values["new_mining_rights"] = granted   # none is an empty list, not a row of blanks to delete
    if granted:
        sources["new_mining_rights"] = f"申报材料中 {year} 年设立的采矿权"
    return values, sources


def annual_text(schema: dict[str, Any], dossier: dict[str, Any], dossier_id: str, year: int,
                latest: dict[str, Any] | None) -> str:
    values, sources = prefill(dossier, dossier_id, year, latest)
    header = [MODELINE,
              f"# {dossier['place']} {year} 年度年报（管理办法 四、2（1）：每年二季度报送上一年度情况；格式 v1）。",
              "# 标有“预填自…”的数字是上一期的数字，只是起点：请逐项改为本年度的实际数；不知道的项写 null，不要写 0。",
              "# 当年新立采矿权每项写作 - {number: \"许可证号\", granted: YYYY-MM-DD}；没有就保留 []。",
              "# 填写报送日期（submitted）后运行 wenquan validate 检查，再由秘书处登记：",
              f"#   wenquan report {dossier_id} annual --year {year} --date 收到日期"]
    return "\n".join(header + yaml_lines(schema, values, "", sources)) + "\n"


def schema_of(root: Path) -> dict[str, Any]:
    schema: dict[str, Any] = json.loads((root / "schemas" / "annual.schema.json").read_text(encoding="utf-8"))
    return schema
