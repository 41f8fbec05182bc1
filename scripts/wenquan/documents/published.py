"""The text of a 公示 as published (管理办法 二、5), rendered from the site's own template: the commit that starts
the notice freezes it (workflow.frozen); the review site renders it again to show what has changed since."""

from __future__ import annotations

from pathlib import Path

from wenquan.documents.templating import environment
from wenquan.rules.ruleset import Rules
from wenquan.workflow.places import Place

TEMPLATE = "site/notice-text.md.j2"


def notice_text(root: Path, place: Place, rules: Rules) -> str:
    """The notice's body (basis, figures, the panel's opinion, period, how to object, issuer and date)."""
    notice = rules.data["notice"]
    text: str = environment(root).get_template(TEMPLATE).render({
        "place": place, "notice": place.notice_facts(), "rules": rules.data, "contact": notice.get("objections_to"),
        "venue": notice["venue"]})
    return text.strip() + "\n"
