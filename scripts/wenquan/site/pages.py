"""The sites' pages, rendered from templates/ into Markdown (and a few other files) in memory."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from wenquan.documents import stele
from wenquan.documents.templating import environment, template_dirs
from wenquan.dossier.labels import Labels
from wenquan.rules.workdays import Calendar
from wenquan.site import feed, memo, public_site, review_site
from wenquan.site.published import frozen_notice
from wenquan.workflow.places import Place, SiteData, fingerprint

AUDIENCES = ("public", "review")


@dataclass
class Output:
    pages: dict[str, str] = field(default_factory=dict)      # src_uri → Markdown
    files: dict[str, str] = field(default_factory=dict)      # src_uri → any other text file (feed, JSON, SVG)
    nav: list[Any] = field(default_factory=list)


def _template(env: Any, name: str, context: dict[str, Any]) -> str:
    return str(env.get_template(name).render(context))


def _notice_context(data: SiteData, place: Place, calendar: Calendar | None) -> dict[str, Any]:
    facts = place.notice_facts()
    end = dt.date.fromisoformat(facts["end"]) if facts["end"] else None
    status = place.notice_status(data.today)
    left = calendar.working_days_left(data.today, end) if calendar and status == "open" and end else None
    workday = bool(calendar and calendar.is_workday(data.today))
    return {**facts, "status": status, "left": left, "today_counts": workday}


def render(data: SiteData, audience: str, site_url: str | None = None, repo_blob: str | None = None) -> Output:
    if audience not in AUDIENCES:
        raise ValueError(audience)
    env = environment(data.root)
    memo.templates_changed(data.root, fingerprint(template_dirs(data.root)))
    labels = Labels(data.root)
    rules = data.rules
    levels = list(rules.data["levels"])
    calendar = Calendar.load(data.root) if any(p.notice_status(data.today) == "open" for p in data.places) else None
    common = {"today": data.today, "rules": rules.data, "levels": levels, "labels": labels,
              "contact": rules.data["notice"].get("objections_to"), "venue": rules.data["notice"]["venue"]}
    out = Output()
    if audience == "public":
        _public(data, env, labels, calendar, common, out, site_url)
    else:
        review_site.render(data, env, labels, common, out, repo_blob)
    return out


def _public(data: SiteData, env: Any, labels: Labels, calendar: Calendar | None, common: dict[str, Any],
            out: Output, site_url: str | None) -> None:
    published = public_site.published(data)
    named = public_site.directory(data)
    notices = {p.id: _notice_context(data, p, calendar) for p in published if p.notice}
    # Before 公示 a dossier is not public: only how many are at each step (issue 5 §4).
    pending = {state: sum(1 for p in ps if not p.noticed) for state, ps in data.by_state().items() if state}
    pending = {state: n for state, n in pending.items() if n}
    ctx = {**common, "published": published, "named": named, "notices": notices, "pending": pending,
           "totals": public_site.totals(named, common["levels"])}
    out.pages["index.md"] = env.get_template("site/home.md.j2").render(ctx)
    out.pages["notices/index.md"] = env.get_template("site/notices.md.j2").render(ctx)
    out.pages["places/index.md"] = env.get_template("site/directory.md.j2").render(ctx)
    pages = memo.Pages(out)
    for place in published:
        key = memo.inputs_key(data, place, site_url, json.dumps(notices.get(place.id), sort_keys=True, default=str))
        one = {**ctx, "place": place, "notice": notices.get(place.id), "frozen": frozen_notice(place) if place.notice else None}
        if place.notice:
            pages.add(f"notices/{place.id}.md", key, partial(_template, env, "site/notice.md.j2", one))

        def place_page(one: dict[str, Any] = one, place: Place = place) -> str:
            inscription = stele.for_place(place, data.rules) if place.named else None
            return str(env.get_template("site/place.md.j2").render(
                {**one, "sections": public_site.sections(labels, place), "narrative": public_site.narrative(labels, place), "stele": inscription}))
        pages.add(f"places/{place.id}.md", key, place_page)
    pages.make()
    out.files["feed.xml"] = feed.atom(data, published, notices, site_url)
    out.files["dossiers.json"] = json.dumps({"generated": data.today.isoformat(), "places": [public_site.index_entry(p, feed.site_base(site_url)) for p in published]},
                                            ensure_ascii=False, indent=1) + "\n"
    # each notice and place page sits in its tab's section, so the tab shows which part of the site one is in
    out.nav = [{"首页": "index.md"},
               {"公示": ["notices/index.md", *(f"notices/{p.id}.md" for p in published if p.notice)]},
               {"名录": ["places/index.md", *(f"places/{p.id}.md" for p in published)]},
               {"管理办法": "banfa.md"}]
