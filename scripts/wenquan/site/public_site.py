"""What the public site may show: an allow-list, so a field added to the format later stays private until listed.

Never public (DESIGN.md "Sites", issue 5 §4): `contact`, expert names and details, objectors and objection
texts, score sheets, and any dossier before 公示 (counted only). Also left out: the material files, the
mining-right holders and numbers (`permits`), staffing and funding of the managing agency.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from wenquan.dossier import fieldview
from wenquan.dossier.labels import Labels
from wenquan.workflow.places import Place, SiteData

PUBLIC_SECTIONS = ("applicant", "location", "area_km2", "springs", "wells", "reservoir", "fluid", "resources", "uses",
                   "reinjection_history", "operators", "employment", "economics_10k_yuan", "wastewater", "management",
                   "exploration_history", "development_history")
# Within a public section, only these fields (an allow-list too: a field added to the section later stays private).
PUBLIC_FIELDS: dict[str, tuple[str, ...]] = {"management": ("agency", "affiliation", "has_rules", "has_plan")}
NARRATIVE = ("geology", "exploration", "resources", "development", "management", "assessment")


def sections(labels: Labels, place: Place) -> list[tuple[str, list[fieldview.Row | fieldview.Table]]]:
    out = []
    for key in PUBLIC_SECTIONS:
        value = place.dossier.get(key)
        if value is None:
            continue
        if key in PUBLIC_FIELDS and isinstance(value, dict):
            value = {k: v for k, v in value.items() if k in PUBLIC_FIELDS[key]}
        rows = [replace(r, value=fieldview.chemistry(r.value)) if isinstance(r, fieldview.Row) and r.path == ("fluid", "water_type") else r
                for r in fieldview.section(labels, key, value)]
        out.append((labels.label((key,)), rows))
    return out


def narrative(labels: Labels, place: Place) -> list[tuple[str, str]]:
    texts = place.dossier.get("narrative") or {}
    return [(labels.label(("narrative", k)), texts[k]) for k in NARRATIVE if texts.get(k)]


def published(data: SiteData) -> list[Place]:
    return [p for p in data.places if p.noticed]


def directory(data: SiteData) -> list[Place]:
    """Named places (撤销 included, marked), by province then name."""
    return sorted((p for p in data.places if p.named), key=lambda p: (p.dossier["applicant"]["province"], p.dossier["place"]))


def totals(places: list[Place], levels: list[str]) -> list[dict[str, Any]]:
    """Per level and overall: number of places and their exploitable flow, MW, standard coal and CO₂ per year.

    Revoked places are not counted (四、3: the name is withdrawn)."""
    rows = []
    for level in [*levels, None]:
        chosen = [p for p in places if not p.revoked and (level is None or p.dossier["level"] == level)]
        ind = [p.evaluation["indicators"] for p in chosen]
        rows.append({
            "level": level,
            "count": len(chosen),
            "flow_m3_per_day": sum(p.dossier["resources"]["exploitable_m3_per_day"] or 0 for p in chosen),
            "mw": sum(i["exploitable_mw"] or 0 for i in ind),
            "coal_t": sum(i["exploitable_coal_t_per_year"] or 0 for i in ind),        # potential, by 可采量
            "saved_coal_t": sum(i["extracted_coal_t_per_year"] or 0 for i in ind),    # 释-17: 节煤量, by 已开采量
            "co2_t": sum(i["extracted_co2_t_per_year"] or 0 for i in ind),            # 附件6 说明18: 2.386 × 节煤量
        })
    return rows


def _round(value: Any, digits: int) -> Any:
    return None if value is None else (round(value) if digits == 0 else round(value, digits))


def index_entry(place: Place, base: str = "") -> dict[str, Any]:
    """One place in dossiers.json: public facts only, figures rounded as the pages show them, links absolute when the
    site's address (mkdocs.yml site_url) is known."""
    d, ind = place.dossier, place.evaluation["indicators"]
    notice = {k: v for k, v in (place.notice or {}).items() if k in ("start", "end", "sha256")} or None
    return {
        "id": place.id,
        "title": place.title,
        "level": d["level"],
        "place": d["place"],
        "province": d["applicant"]["province"],
        "prefecture": d["applicant"].get("prefecture"),
        "state": place.state,
        "notice": notice,
        "named": place.named_day if place.named else None,
        "certificate": (place.certificate or {}).get("number") if place.named else None,
        "revoked": place.revoked,
        "longitude": d["location"]["longitude"],
        "latitude": d["location"]["latitude"],
        "exploitable_m3_per_day": d["resources"]["exploitable_m3_per_day"],
        "temperature_c": d["fluid"]["temperature_c"],
        "exploitable_mw": _round(ind["exploitable_mw"], 2),
        "exploitable_coal_t_per_year": _round(ind["exploitable_coal_t_per_year"], 0),
        "extracted_coal_t_per_year": _round(ind["extracted_coal_t_per_year"], 0),
        "extracted_co2_t_per_year": _round(ind["extracted_co2_t_per_year"], 0),
        "mineral_water": place.evaluation["mineral_water"],
        "url": f"{base}places/{place.id}/",
        "notice_url": f"{base}notices/{place.id}/" if place.notice else None,
    }
