"""The Atom feed of notices (feed.xml): one entry per 公示, newest first. Text goes in as XML text, escaped."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import Any

from wenquan.workflow.places import Place, SiteData

ATOM = "http://www.w3.org/2005/Atom"
FEED_ID = "urn:wenquan:notices"


def site_base(site_url: str | None) -> str:
    """The site's address with one trailing slash (mkdocs.yml site_url), or "" where it is not set: links stay relative."""
    return site_url.rstrip("/") + "/" if site_url else ""


def atom(data: SiteData, places: list[Place], notices: dict[str, dict[str, Any]], site_url: str | None) -> str:
    ET.register_namespace("", ATOM)
    root = ET.Element(f"{{{ATOM}}}feed")
    ET.SubElement(root, f"{{{ATOM}}}title").text = "“中国温泉之乡（城、都）”命名公示"
    ET.SubElement(root, f"{{{ATOM}}}id").text = FEED_ID
    base = site_base(site_url)
    if base:
        ET.SubElement(root, f"{{{ATOM}}}link", rel="self", href=f"{base}feed.xml")
    author = ET.SubElement(root, f"{{{ATOM}}}author")
    ET.SubElement(author, f"{{{ATOM}}}name").text = "中国矿业联合会秘书局"
    entries = sorted((p for p in places if p.id in notices), key=lambda p: (p.entered("公示") or "", p.id), reverse=True)
    updated = max((p.entered("公示") or "" for p in entries), default=data.today.isoformat())
    ET.SubElement(root, f"{{{ATOM}}}updated").text = f"{updated}T00:00:00+08:00"
    for place in entries:
        notice = notices[place.id]
        entry = ET.SubElement(root, f"{{{ATOM}}}entry")
        ET.SubElement(entry, f"{{{ATOM}}}title").text = f"关于拟命名{place.dossier['place']}为“{place.title}”的公示"
        ET.SubElement(entry, f"{{{ATOM}}}id").text = f"urn:wenquan:notice:{place.id}:{notice['start']}"
        ET.SubElement(entry, f"{{{ATOM}}}updated").text = f"{place.entered('公示')}T00:00:00+08:00"
        ET.SubElement(entry, f"{{{ATOM}}}link", href=f"{base}notices/{place.id}/")
        ET.SubElement(entry, f"{{{ATOM}}}summary").text = (
            f"{place.dossier['applicant']['name']}申报“{place.title}”，公示期 {notice['start']} 至 {notice['end']}。")
    ET.indent(root)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
