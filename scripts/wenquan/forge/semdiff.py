"""What changed in meaning between two revisions: fields with Chinese labels and units, added and removed
dossiers, `wenquan check` conditions and objective score suggestions whose result changed, transitions made.

Each side is read from git (one `git cat-file --batch` for the dossiers `git diff` names), never from the working
tree, so a pull request's base and head are compared exactly as committed.
"""

from __future__ import annotations

import datetime as dt
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from wenquan import clock
from wenquan.dossier import fieldview
from wenquan.dossier.diagnostics import ERROR
from wenquan.dossier.labels import Labels
from wenquan.dossier.loader import load_bytes
from wenquan.dossier.schemas import validate_document, validator_for
from wenquan.errors import UserError
from wenquan.repo import schemas_dir
from wenquan.rules.check import evaluate
from wenquan.rules.conditions import STATUS_ZH
from wenquan.rules.ruleset import Rules
from wenquan.store.writer import check_revision

# What a new dossier is, in one glance (its full text is in the pull request's file view).
SUMMARY = ("level", "place", "applicant.name", "applicant.province", "applicant.admin_level",
           "resources.exploration_degree", "resources.exploitable_m3_per_day", "fluid.temperature_c", "fluid.water_type")


@dataclass(frozen=True)
class FieldChange:
    key: str          # dotted path as written in dossier.yaml (list items by year or number when they have one)
    label: str        # 地热资源量 · 可采热流体量
    unit: str
    old: str | None   # None: the field was not there
    new: str | None


@dataclass(frozen=True)
class ResultChange:
    rule: str         # 一、3 or 附录E 1.2
    title: str
    old: str | None
    new: str | None
    message: str


@dataclass
class DossierDiff:
    id: str
    place: str
    change: str                                   # added, removed, changed
    fields: list[FieldChange] = field(default_factory=list)
    conditions: list[ResultChange] = field(default_factory=list)
    scores: list[ResultChange] = field(default_factory=list)
    transitions: list[dict[str, Any]] = field(default_factory=list)
    invalid: list[str] = field(default_factory=list)   # why a side could not be evaluated


def resolve(root: Path, rev: str) -> str:
    check_revision(rev)
    result = subprocess.run(["git", "rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}"], cwd=root,
                            capture_output=True, text=True)
    if result.returncode != 0:
        raise UserError(f"找不到提交“{rev}”（git rev-parse 无法解析）")
    return result.stdout.strip()


def dossier_ids_at(root: Path, rev: str) -> set[str]:
    out = subprocess.run(["git", "ls-tree", "-r", "--name-only", rev, "--", "dossiers"], cwd=root,
                         capture_output=True, text=True, encoding="utf-8", check=True).stdout
    return {p.split("/")[1] for p in out.splitlines() if p.count("/") == 2 and p.endswith("/dossier.yaml")}


def _item_key(item: Any, index: int) -> str:
    if isinstance(item, dict):
        for key in ("year", "number", "id"):
            if item.get(key) is not None:
                return str(item[key])
    return str(index + 1)


def flatten(labels: Labels, data: Any, path: tuple[Any, ...] = (), shown: tuple[str, ...] = (),
            names: tuple[str, ...] = ()) -> dict[str, tuple[str, str, Any]]:
    """dotted key → (label, unit, value) for every leaf; lists of records are keyed by year/number."""
    out: dict[str, tuple[str, str, Any]] = {}
    if isinstance(data, dict) and data:
        for key, value in data.items():
            out.update(flatten(labels, value, (*path, key), (*shown, str(key)), (*names, labels.label((*path, key)))))
    elif isinstance(data, list) and data and all(isinstance(v, dict) for v in data):
        for index, item in enumerate(data):
            key = _item_key(item, index)
            out.update(flatten(labels, item, (*path, 0), (*shown, key), (*names, key)))
    else:
        out[".".join(shown)] = (" · ".join(names), labels.unit(path), data)
    return out


def _field_changes(labels: Labels, old: dict[str, Any] | None, new: dict[str, Any] | None) -> list[FieldChange]:
    before, after = flatten(labels, old or {}), flatten(labels, new or {})
    out = []
    for key in list(after) + [k for k in before if k not in after]:
        a, b = before.get(key), after.get(key)
        if a is not None and b is not None and a[2] == b[2]:
            continue
        if (a is None or a[2] is None) and (b is None or b[2] is None):
            continue                                  # a key written as null where it was left out says nothing new
        label, unit, _ = b or a   # type: ignore[misc]
        out.append(FieldChange(key, label, unit, fieldview.text(a[2]) if a else None, fieldview.text(b[2]) if b else None))
    return out


@dataclass
class Side:
    data: dict[str, Any] | None
    evaluation: dict[str, Any] | None
    problems: list[str]


def changed_ids(root: Path, a: str, b: str) -> set[str]:
    """The dossiers whose application or workflow differs between the revisions: git's own diff (a renamed folder is
    one dossier removed and one added), so the cost follows the change, not the size of the repository (issue 20)."""
    out = subprocess.run(["git", "diff", "--name-only", "--no-renames", a, b, "--", "dossiers"], cwd=root, capture_output=True,
                         text=True, encoding="utf-8", check=True).stdout
    return {parts[1] for parts in (p.split("/") for p in out.splitlines())
            if len(parts) == 3 and parts[2] in ("dossier.yaml", "workflow.yaml")}


def _blobs(root: Path, names: list[str]) -> dict[str, bytes | None]:
    """Every `rev:path` named, read by one `git cat-file --batch` process."""
    from wenquan.store.writer import Git

    found = Git(root).objects(names) if names else []
    return {name: (obj[2] if obj is not None and obj[1] == "blob" else None) for name, obj in zip(names, found, strict=True)}


def _side(root: Path, rev: str, dossier_id: str, rules: Rules, on: dt.date, raw: bytes | None) -> Side:
    rel = f"dossiers/{dossier_id}/dossier.yaml"
    if raw is None:
        return Side(None, None, [])
    doc, diagnostics = load_bytes(raw, f"{rev[:8]}:{rel}")
    if doc is not None and not any(d.severity == ERROR for d in diagnostics):
        diagnostics += validate_document(doc, validator_for(schemas_dir(root) / "dossier.schema.json"))
    errors = [f"{d.path}:{d.line}:{d.column} {d.field}: {d.message}" for d in diagnostics if d.severity == ERROR]
    data = doc.data if doc is not None and isinstance(doc.data, dict) else None
    if errors or data is None:
        return Side(data, None, errors or [f"{rev[:8]}:{rel} 无法读取"])
    return Side(data, evaluate(data, rules, on, root, dossier_id), [])


def _results(old: dict[str, Any] | None, new: dict[str, Any] | None) -> tuple[list[ResultChange], list[ResultChange]]:
    """Condition and score suggestions that differ; a dossier that is new (or was invalid) compares with nothing."""
    if new is None:
        return [], []
    old = old or {"conditions": [], "suggested_scores": {}}
    before = {c["rule"]: c for c in old["conditions"]}
    conditions = []
    for c in new["conditions"]:
        was = before.get(c["rule"])
        if was is None or was["status"] != c["status"]:
            conditions.append(ResultChange(c["rule"], c["title"], STATUS_ZH[was["status"]] if was else None,
                                           STATUS_ZH[c["status"]], c["message"]))
    scores = []
    for ident, score in new["suggested_scores"].items():
        was = old["suggested_scores"].get(ident)
        if was != score:
            scores.append(ResultChange(f"附录E {ident}", new["score_reasons"].get(ident, ""),
                                       None if was is None else str(was), None if score is None else str(score), ""))
    return conditions, scores


def _transitions(old: bytes | None, new: bytes | None) -> list[dict[str, Any]]:
    from wenquan.dossier.loader import trusted_mapping

    def events(raw: bytes | None) -> dict[int, dict[str, Any]]:
        """The record's events by number: none where it cannot be read (changed by hand: the audit names it)."""
        data = trusted_mapping(raw) if raw else None
        found = data.get("events") if data is not None else None
        return {e["seq"]: e for e in found if isinstance(e, dict) and "seq" in e} if isinstance(found, list) else {}
    before, after = events(old), events(new)
    return [e for seq, e in sorted(after.items()) if seq not in before and e.get("kind") == "transition"]


def diff(root: Path, rev_a: str, rev_b: str, only: list[str] | None = None, on: dt.date | None = None) -> list[DossierDiff]:
    a, b = resolve(root, rev_a), resolve(root, rev_b)
    on = on or clock.today()
    rules, labels = Rules.load(root), Labels(root)
    if only:
        known = dossier_ids_at(root, a) | dossier_ids_at(root, b)
        unknown = [i for i in only if i not in known]
        if unknown:
            raise UserError("两个版本中都没有这些申报：" + "、".join(unknown))
    # a dossier whose files did not change has no field or transition to show: only the changed ones are read
    ids = sorted(i for i in changed_ids(root, a, b) if not only or i in only)
    names = [f"{rev}:dossiers/{i}/{name}" for i in ids for rev in (a, b) for name in ("dossier.yaml", "workflow.yaml")]
    blobs = _blobs(root, names)
    out = []
    for dossier_id in ids:
        def blob(rev: str, name: str, dossier_id: str = dossier_id) -> bytes | None:
            return blobs[f"{rev}:dossiers/{dossier_id}/{name}"]
        old = _side(root, a, dossier_id, rules, on, blob(a, "dossier.yaml"))
        new = _side(root, b, dossier_id, rules, on, blob(b, "dossier.yaml"))
        transitions = _transitions(blob(a, "workflow.yaml"), blob(b, "workflow.yaml"))
        found = _compare(labels, dossier_id, old, new, transitions)
        if found is not None:
            out.append(found)
    return out


def _compare(labels: Labels, dossier_id: str, old: Side, new: Side, transitions: list[dict[str, Any]]) -> DossierDiff | None:
    fields = _field_changes(labels, old.data, new.data)
    if new.data is None:
        fields = []                                   # removed: saying so is enough
    elif old.data is None:
        fields = [f for f in fields if f.key in SUMMARY]   # added: who, where, how much; its checks follow
    if not fields and not transitions and old.data is not None and new.data is not None:
        return None
    change = "added" if old.data is None and not old.problems else "removed" if new.data is None and not new.problems else "changed"
    place = str((new.data or old.data or {}).get("place", dossier_id))
    conditions, scores = _results(old.evaluation, new.evaluation)
    return DossierDiff(dossier_id, place, change, fields, conditions, scores, transitions, old.problems + new.problems)


def compare(root: Path, dossier_id: str, before: bytes | None, after: bytes | None, on: dt.date | None = None) -> DossierDiff | None:
    """What changes in meaning when `dossiers/ID/dossier.yaml` goes from `before` to `after` (the working tree's
    bytes, e.g. a dossier about to be replaced by `wenquan import --force`); None when nothing does."""
    on = on or clock.today()
    rules, labels = Rules.load(root), Labels(root)
    old = _side(root, "现有", dossier_id, rules, on, before)
    new = _side(root, "导入后", dossier_id, rules, on, after)
    return _compare(labels, dossier_id, old, new, [])
