"""Privacy by default, proven the other way round (issue 18): every free-text field of a named place's dossier, and
every private record and registry entry, carries a unique marker; after a real build of the public site, a marker
may appear anywhere in public/ (pages, search index, feed, JSON) only if its field is on the public allow-list —
and the fields DESIGN.md names private (contacts, mining-right details, staffing, funding, materials, experts,
objectors, score sheets) never."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from conftest import git, shipped_copy
from site_helpers import every_text_file
from wenquan.dossier.labels import Labels
from wenquan.site import public_site
from workflow_helpers import ok

PLACE = "hebei-xiongxian"   # named: its page, its notice, the directory, the feed and dossiers.json all show it
KEPT = {("applicant", "province")}    # checked against the list of provinces: a marker would not validate
NEVER = (("contact",), ("permits",), ("management", "staff"), ("management", "funding"), ("materials",))


def _free_text(node: dict[str, Any]) -> bool:
    kinds = node.get("type")
    kinds = kinds if isinstance(kinds, list) else [kinds]
    return "string" in kinds and not ({"enum", "pattern", "format", "const"} & set(node))


def _mark(value: Any, path: tuple[Any, ...], labels: Labels, marks: dict[str, tuple[Any, ...]]) -> Any:
    if isinstance(value, dict):
        return {k: _mark(v, (*path, k), labels, marks) for k, v in value.items()}
    if isinstance(value, list):
        return [_mark(v, (*path, i), labels, marks) for i, v in enumerate(value)]
    if isinstance(value, str) and _free_text(labels.node(path)) and path not in KEPT:
        marker = f"QX{len(marks):04d}Z"
        marks[marker] = path
        return f"materials/{marker}.md" if path[0] == "materials" else marker   # a material is a file: named by its marker
    return value


def _public(path: tuple[Any, ...]) -> bool:
    """Whether the public site may show the dossier field at `path` (public_site's allow-list)."""
    key = path[0]
    if key == "narrative":
        return len(path) > 1 and path[1] in public_site.NARRATIVE
    if key in ("place", "level"):
        return True
    if key not in public_site.PUBLIC_SECTIONS:
        return False
    allowed = public_site.PUBLIC_FIELDS.get(key)
    return allowed is None or (len(path) > 1 and path[1] in allowed)


@pytest.fixture(scope="module")
def marked(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, tuple[Any, ...]], dict[str, str]]:
    root = shipped_copy(tmp_path_factory.mktemp("marked") / "repo")
    labels = Labels(root)
    path = root / "dossiers" / PLACE / "dossier.yaml"
    marks: dict[str, tuple[Any, ...]] = {}
    dossier = _mark(yaml.safe_load(path.read_text(encoding="utf-8")), (), labels, marks)
    path.write_text(yaml.safe_dump(dossier, allow_unicode=True, sort_keys=False), encoding="utf-8")
    for marker, where in marks.items():
        if where[0] == "materials":
            (path.parent / "materials" / f"{marker}.md").write_text("材料\n", encoding="utf-8")
    private: dict[str, str] = {}                    # markers in records and registry files: never public
    experts_path = root / "registry" / "experts.yaml"
    experts = yaml.safe_load(experts_path.read_text(encoding="utf-8"))
    for i, expert in enumerate(experts["experts"]):
        for holder, key in ((expert, "name"), (expert, "employer"), (expert.get("contact") or {}, "phone")):
            if isinstance(holder.get(key), str):
                holder[key] = f"QE{i:03d}{key}Z"
                private[holder[key]] = f"experts.yaml {expert['id']}.{key}"
    experts_path.write_text(yaml.safe_dump(experts, allow_unicode=True, sort_keys=False), encoding="utf-8")
    review_path = root / "dossiers" / PLACE / "review.yaml"
    review = yaml.safe_load(review_path.read_text(encoding="utf-8"))
    for i, member in enumerate(review["panel"]["members"]):
        member["name"] = f"QP{i:03d}Z"
        private[member["name"]] = "panel member"
    review_path.write_text(yaml.safe_dump(review, allow_unicode=True, sort_keys=False), encoding="utf-8")
    git(root, "add", "-A")
    git(root, "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qm", "标记")
    shutil.rmtree(root / "public", ignore_errors=True)
    ok(root, "build", "--on", "2026-11-21")
    return root, marks, private


def test_every_free_text_field_is_marked(marked: tuple[Path, dict[str, tuple[Any, ...]], dict[str, str]]) -> None:
    _, marks, private = marked
    keys = {p[0] for p in marks.values()}
    assert {"applicant", "contact", "permits", "management", "narrative", "materials"} <= keys
    assert len(marks) > 40 and len(private) > 10


def test_only_allowed_fields_reach_the_public_site(marked: tuple[Path, dict[str, tuple[Any, ...]], dict[str, str]]) -> None:
    root, marks, private = marked
    public = "\n".join(every_text_file(root / "public").values())
    shown = {marker: path for marker, path in marks.items() if marker in public}
    leaks = {marker: path for marker, path in shown.items() if not _public(path)}
    assert leaks == {}
    never = {marker: path for marker, path in shown.items() if any(path[:len(n)] == n for n in NEVER)}
    assert never == {}
    assert [m for m in private if m in public] == []
    # and the test sees what it looks for: public fields do appear
    assert any(path[0] == "applicant" for path in shown.values()) and any(path[0] == "narrative" for path in shown.values())


def test_staffing_is_marked_and_stays_private(marked: tuple[Path, dict[str, tuple[Any, ...]], dict[str, str]]) -> None:
    """The agency's staffing and funding are numbers: their labels must not appear where the management section does."""
    root, _, _ = marked
    dossier = yaml.safe_load((root / "dossiers" / PLACE / "dossier.yaml").read_text(encoding="utf-8"))
    assert dossier["management"]["staff"] and dossier["management"]["funding"]
    page = (root / "public" / "places" / PLACE / "index.html").read_text(encoding="utf-8")
    labels = Labels(root)
    assert labels.label(("management", "agency")) in page             # the section is there
    for key in ("staff", "funding"):
        assert labels.label(("management", key)) not in page, key
