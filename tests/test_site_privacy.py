"""Privacy (issue 5 §4): nothing private from the examples reaches any file of the public site.

Every private value is collected from the shipped files themselves — contacts, every expert's name and
details, panel members, objectors and objection texts, score sheets, and every dossier before 公示 — and
each is searched for in every text file under public/ (pages, search index, feed, JSON, sitemap)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml

from site_helpers import every_text_file


def _strings(value: Any) -> list[str]:
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return [str(value)] if value is not None and not isinstance(value, bool) else []


def _load(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8")) if path.is_file() else None


def private_values(root: Path) -> dict[str, str]:
    """value → where it comes from."""
    found: dict[str, str] = {}
    experts = _load(root / "registry" / "experts.yaml")["experts"]
    for expert in experts:
        for key, value in expert.items():
            if key in ("id", "province", "specialties", "title", "active"):
                continue                    # shared words (a province, "研究员"), not identifying on their own
            for text in _strings(value):
                found[text] = f"experts.yaml {expert['id']}.{key}"
    for folder in sorted((root / "dossiers").iterdir()):
        dossier = _load(folder / "dossier.yaml")
        for text in _strings(dossier.get("contact")):
            found[text] = f"{folder.name} contact"
        review = _load(folder / "review.yaml") or {}
        for member in (review.get("panel") or {}).get("members", []):
            found[member["name"]] = f"{folder.name} panel"
        workflow = _load(folder / "workflow.yaml") or {}
        for objection in workflow.get("objections") or []:
            for key in ("summary", "objector", "decision_note"):
                if objection.get(key):
                    found[objection[key]] = f"{folder.name} objection {key}"
        if "公示" not in [e.get("to") for e in workflow.get("events", [])]:
            # Before 公示 nothing of the dossier is public: its place, applicant and every text of its own.
            found[dossier["place"]] = f"{folder.name} before 公示"
            found[dossier["applicant"]["name"]] = f"{folder.name} before 公示"
            for text in _strings(dossier.get("narrative")):
                found[text.strip()] = f"{folder.name} before 公示"
    return {k: v for k, v in found.items() if len(k) >= 2}


def test_the_collection_is_not_empty(sites: dict[str, Path]) -> None:
    values = private_values(sites["root"])
    sources = {v.split()[1] if v.startswith("experts") else v.split(" ", 1)[1] for v in values.values()}
    assert {"contact", "panel", "objection summary", "objection objector", "before 公示"} <= sources
    assert len(values) > 100


def test_no_private_value_in_the_public_site(sites: dict[str, Path]) -> None:
    values = private_values(sites["root"])
    files = every_text_file(sites["public"])
    assert len(files) > 10
    leaks = [(value, source, str(path.relative_to(sites["public"]))) for path, text in files.items()
             for value, source in values.items() if value in text]
    assert leaks == []


def test_the_review_site_does_show_them(sites: dict[str, Path]) -> None:
    """The same search finds the values in the review build: the test can fail."""
    values = private_values(sites["root"])
    review = "\n".join(every_text_file(sites["review"]).values())
    shown = [v for v, source in values.items() if v in review and not source.startswith("experts")]
    assert "郑某（示例），电话 029-5550199" in shown
    assert "李示范" in shown                       # 雄县's contact
    assert "开封市" in shown


def test_public_json_index_has_only_public_keys(sites: dict[str, Path]) -> None:
    index = json.loads((sites["public"] / "dossiers.json").read_text(encoding="utf-8"))
    for place in index["places"]:
        assert not {"contact", "panel", "scores", "objections", "review", "materials", "permits"} & set(place)


def _public_texts_outside_the_rules(public: Path) -> dict[str, str]:
    """Every public text except the 管理办法 page, which quotes the rubric itself (search entries split by page)."""
    out = {}
    for path, text in every_text_file(public).items():
        rel = str(path.relative_to(public))
        if rel.startswith("banfa/"):
            continue
        if rel == "search/search_index.json":
            for doc in json.loads(path.read_text(encoding="utf-8"))["docs"]:
                if not doc["location"].startswith("banfa/"):
                    out[f"search:{doc['location']}"] = doc["title"] + doc["text"]
            continue
        out[rel] = text
    return out


def test_no_score_sheet_in_the_public_site(sites: dict[str, Path]) -> None:
    """A score sheet shows as the rubric's indicator names with each member's marks: none of them is public."""
    rubric = yaml.safe_load((sites["root"] / "registry" / "rules.yaml").read_text(encoding="utf-8"))["review_rubric"]
    markers = [i["name"] for i in rubric["indicators"] if len(i["name"]) > 4] + ["专家组总分", "评审表"]
    texts = _public_texts_outside_the_rules(sites["public"])
    assert [(m, where) for where, text in texts.items() for m in markers if m in text] == []
    review = "\n".join(every_text_file(sites["review"]).values())
    assert all(m in review for m in markers)
