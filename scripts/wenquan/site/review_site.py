"""The review site: a board of every dossier by state, and one page per dossier with everything the experts need."""

from __future__ import annotations

import datetime as dt
import difflib
from functools import partial
from typing import Any

from markupsafe import Markup

from wenquan.documents import stele
from wenquan.dossier import fieldview, monitoring
from wenquan.dossier.labels import Labels
from wenquan.rules import indicators
from wenquan.site import charts, memo
from wenquan.workflow import obligations, status
from wenquan.workflow import scores as panel_scores
from wenquan.workflow.places import Place, SiteData
from wenquan.workflow.states import STATES

SKIP = ("schema_version", "level", "place", "narrative", "materials")


def materials(labels: Labels, place: Place) -> list[dict[str, Any]]:
    """附录C checklist: each material (required as the schema says), where it is, and whether the file exists."""
    given = place.dossier.get("materials") or {}
    schema = labels.node(("materials",))
    rows = []
    for key in schema.get("properties", {}):
        value = given.get(key)
        paths = value if isinstance(value, list) else ([value] if value else [])
        required = key in schema.get("required", [])
        present = [p for p in paths if (place.folder / p).is_file()]
        rows.append({"label": labels.label(("materials", key)), "paths": paths, "required": required,
                     "status": "缺" if required and not present else ("文件不存在" if len(present) < len(paths) else ("有" if paths else "—"))})
    return rows



def line_link(place: Place, key: str, repo_blob: str | None) -> str | None:
    """The forge's view of a section's lines; `repo_blob` comes from mkdocs.yml (`repo_url`, `edit_uri`), never a dossier."""
    if key not in place.lines or not repo_blob:
        return None
    first, last = place.lines[key]
    return f"{repo_blob}dossiers/{place.id}/dossier.yaml#L{first}-L{last}"


def yaml_ref(lines: tuple[int, int] | None, url: str | None) -> Markup:
    """“dossier.yaml 第 a–b 行”, linked to the repository when it is known."""
    if not lines:
        return Markup("")
    text = f"dossier.yaml 第 {lines[0]} 行" if lines[0] == lines[1] else f"dossier.yaml 第 {lines[0]}–{lines[1]} 行"
    return Markup(f'<span class="wq-lines">[{text}]({url})</span>' if url else f'<span class="wq-lines">{text}</span>')


def _write_charts(place: Place, base: str, out: Any, made: list[tuple[str, str, str]]) -> list[tuple[str, str]]:
    """Write each non-empty chart as an SVG file next to the page; return (title, file name relative to the page)."""
    shown = []
    for title, name, svg in made:
        if svg:
            out.files[f"{base}/{place.id}/{name}"] = svg
            shown.append((title, f"{place.id}/{name}"))
    return shown


def monitoring_charts(place: Place, base: str, out: Any) -> list[tuple[str, str]]:
    """Write the monitoring charts as SVG files; return (title, file name relative to the page)."""
    if not place.monitoring:
        return []
    yearly = monitoring.yearly(place.monitoring)
    years = sorted(yearly)
    made = [
        ("开采量与回灌量（各年合计）", "extraction.svg",
         charts.bars("开采量与回灌量", "立方米", years, {"开采量": [yearly[y]["extraction_m3"] for y in years],
                                                      "回灌量": [yearly[y]["reinjection_m3"] for y in years]})),
        ("水位", "water-level.svg", charts.lines("水位", "米", monitoring.series(place.monitoring, "water_level_m"))),
        ("温度", "temperature.svg", charts.lines("温度", "摄氏度", monitoring.series(place.monitoring, "temperature_c"))),
    ]
    return _write_charts(place, base, out, made)


def annual_rows(place: Place) -> list[dict[str, Any]]:
    """The annual reports year by year, with the reinjection share of each year's extraction and the date
    each was recorded (`wenquan report`; None: the file is there but was never recorded)."""
    out = []
    recorded = obligations.recorded(place.workflow, "annual")
    for year, r in sorted(place.annual_reports.items()):
        share = indicators.ratio(r["reinjection_m3"], r["extraction_m3"])
        out.append({**r, "reinjection_share": None if share is None else 100 * share, "recorded": recorded.get(year, {}).get("date")})
    return out


def unrecorded_reports(place: Place) -> list[dict[str, Any]]:
    """Report files in reports/ that `wenquan report` never recorded: they count for nothing until it does."""
    out = []
    for kind in ("annual", "selfcheck"):
        recorded = obligations.recorded(place.workflow, kind)
        for path in sorted((place.folder / "reports").glob(f"*-{kind}.yaml")):
            year = path.name.split("-")[0]
            if year.isdigit() and int(year) not in recorded:
                out.append({"file": f"reports/{path.name}", "kind": kind, "year": int(year)})
    return out


def annual_charts(place: Place, base: str, out: Any) -> list[tuple[str, str]]:
    """Charts over the years of the annual reports (written as SVG files next to the page)."""
    years = sorted(place.annual_reports)
    if len(years) < 2:
        return []
    reports = [place.annual_reports[y] for y in years]
    made = [("年报：开采量与回灌量", "annual-volumes.svg",
             charts.bars("年报：开采量与回灌量", "立方米", years, {"开采量": [r["extraction_m3"] for r in reports],
                                                             "回灌量": [r["reinjection_m3"] for r in reports]}))]
    for key, title, unit, name in (("water_level_m", "年报：年均水位", "米", "annual-level.svg"),
                                   ("temperature_c", "年报：平均温度", "摄氏度", "annual-temperature.svg")):
        points = [(dt.date(y, 12, 31), float(r[key])) for y, r in zip(years, reports, strict=True) if r[key] is not None]
        svg = charts.lines(title, unit, {"年报": points}) if len(points) >= 2 else ""
        made.append((title, name, svg))
    return _write_charts(place, base, out, made)


def _published(data: SiteData, place: Place) -> dict[str, Any] | None:
    """The frozen notice and whether the records, rendered today, would say something else (an amendment after
    publication: the public page keeps what was published)."""
    from wenquan.documents.published import notice_text
    from wenquan.site.published import frozen_notice

    kept = frozen_notice(place) if place.notice else None
    if kept is None:
        return None
    now = notice_text(data.root, place, data.rules)
    changed = [line for line in difflib.unified_diff(kept["text"].splitlines(), now.splitlines(), "发布时", "按当前数据", lineterm="", n=0)
               if line[:1] in "+-" and not line.startswith(("+++", "---"))]
    return {**kept, "changed": changed}


def render(data: SiteData, env: Any, labels: Labels, common: dict[str, Any], out: Any, repo_blob: str | None) -> None:
    limit = data.rules.data["approval_limit_months"]
    rows = {p.id: status.row(p.id, p.dossier, p.workflow, limit, p.review) for p in data.places}   # from what is loaded already
    board = []
    for state in (*STATES, None):
        chosen = [p for p in data.places if p.state == state]
        if chosen:
            board.append((state or "未申报", [(p, rows[p.id]) for p in chosen]))
    after = {p.id: obligations.for_place(p.id, p.dossier, p.workflow, data.today, include_done=True) for p in data.places}
    due = sorted(status.due_in(list(rows.values()), data.today, limit)
                 + [o.as_dict() for items in after.values() for o in items if o.listed],
                 key=lambda i: (i["date"], i["id"]))
    commit_base = repo_blob.split("/blob/")[0] + "/commit/" if repo_blob and "/blob/" in repo_blob else None
    env.globals.update(yaml_ref=yaml_ref, indicator_labels=indicators.LABELS, describe=status.describe, commit_base=commit_base)
    env.filters.update(plain_step=status.plain)
    out.pages["index.md"] = env.get_template("review/board.md.j2").render({**common, "board": board, "due": due,
                                                                                   "unfinished": data.unfinished})
    pages = memo.Pages(out)
    for place in data.places:
        pages.add(f"dossiers/{place.id}.md", memo.inputs_key(data, place, repo_blob),
                  partial(_dossier_page, data, env, labels, common, out, repo_blob, place, rows, after))
    pages.make()
    out.pages["interpretations.md"] = env.get_template("review/interpretations.md.j2").render(
        {**common, "interpretations": data.rules.interpretations})
    out.nav = [{"审查看板": ["index.md", *(f"dossiers/{p.id}.md" for p in data.places)]}, {"释义登记": "interpretations.md"},
               {"管理办法": "banfa.md"}]


def _dossier_page(data: SiteData, env: Any, labels: Labels, common: dict[str, Any], out: Any, repo_blob: str | None,
                  place: Place, rows: dict[str, Any], after: dict[str, Any]) -> str:
    """One dossier's review page (its charts go into `out.files`)."""
    sections = [(key, labels.label((key,)), fieldview.section(labels, key, value), place.lines.get(key), line_link(place, key, repo_blob))
                for key, value in place.dossier.items() if key not in SKIP]
    narrative = [(labels.label(("narrative", k)), v) for k, v in (place.dossier.get("narrative") or {}).items() if v]
    return str(env.get_template("review/dossier.md.j2").render({
            **common, "place": place, "row": rows[place.id], "sections": sections, "narrative": narrative,
            "narrative_lines": place.lines.get("narrative"), "narrative_link": line_link(place, "narrative", repo_blob),
            "materials": materials(labels, place), "materials_link": line_link(place, "materials", repo_blob),
            "scores": panel_scores.summary(place.review or {}, data.rules, place.dossier), "charts": monitoring_charts(place, "dossiers", out),
            "monitoring_years": sorted(monitoring.yearly(place.monitoring).items()) if place.monitoring else [],
            "stele": stele.for_place(place, data.rules), "published": _published(data, place), "obligations": after[place.id],
            "annual": annual_rows(place), "unrecorded": unrecorded_reports(place), "annual_charts": annual_charts(place, "dossiers", out)}))
