"""Everything the sites show, read once from dossiers/ and registry/: each place's data, records and verdicts.

Both audiences read through this module; what the public may see is decided in `public.py`, not here.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import subprocess
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from wenquan.dossier import monitoring
from wenquan.dossier.validate import load_valid
from wenquan.errors import UserError
from wenquan.repo import Repository
from wenquan.rules.check import evaluate
from wenquan.rules.ruleset import Rules
from wenquan.store.log import trailers_of
from wenquan.workflow.shared_strings import share

PUBLISHED_FROM = "公示"              # 二、5: the review opinion is published from 公示 on
STATE_PHRASE = {"公示": "拟命名", "否决": "未予命名", "撤回": "已撤回申报"}   # the public title before or without naming
NAMED_STATES = ("命名", "整改", "撤销")
TOP_KEY = re.compile(r"^([a-z_]+):", re.MULTILINE)


@dataclass
class Commit:
    sha: str
    date: str
    author: str
    subject: str
    trailers: dict[str, str]


@dataclass
class Place:
    id: str
    folder: Path
    dossier: dict[str, Any]
    workflow: dict[str, Any] | None
    review: dict[str, Any] | None
    evaluation: dict[str, Any]
    title: str                                   # 中国温泉之乡 / 之城 / 之都
    lines: dict[str, tuple[int, int]]            # top-level key → first and last line in dossier.yaml
    monitoring: list[monitoring.Row] = field(default_factory=list)
    annual_reports: dict[int, dict[str, Any]] = field(default_factory=dict)    # 年报 by year (四、2（1）)
    timeline: list[Commit] = field(default_factory=list)
    source: str = ""                    # digest of everything the place was read from (SiteData.load's memo)

    @property
    def state(self) -> str | None:
        return self.workflow["state"] if self.workflow else None

    @property
    def transitions(self) -> list[dict[str, Any]]:
        return [e for e in (self.workflow or {}).get("events", []) if e["kind"] == "transition"]

    def entered(self, state: str) -> str | None:
        """The last date this place entered `state`, as YYYY-MM-DD."""
        dates = [e["date"] for e in self.transitions if e["to"] == state]
        return str(dates[-1]) if dates else None

    @property
    def noticed(self) -> bool:
        return self.entered(PUBLISHED_FROM) is not None

    @property
    def named(self) -> bool:
        return self.state in NAMED_STATES

    @property
    def revoked(self) -> bool:
        return self.state == "撤销"

    @property
    def notice(self) -> dict[str, str] | None:
        return (self.workflow or {}).get("notice")

    @property
    def certificate(self) -> dict[str, str] | None:
        return (self.workflow or {}).get("certificate")

    @property
    def naming(self) -> dict[str, Any] | None:
        """The naming itself: the move from 公示 to 命名 that issued the certificate. A place restored after
        整改 returns to 命名 without a new naming: it keeps this date and its certificate."""
        return next((e for e in self.transitions if e["to"] == "命名" and e.get("from") == "公示"), None)

    @property
    def named_on(self) -> dt.date | None:
        event = self.naming
        return dt.date.fromisoformat(str(event["date"])) if event else None

    @property
    def named_day(self) -> str | None:
        """The naming date as YYYY-MM-DD (for pages and tables)."""
        event = self.naming
        return str(event["date"]) if event else None

    @property
    def full_title(self) -> str:
        return f"{self.title}（{self.dossier['place']}）"

    @property
    def public_title(self) -> str:
        """The title as the state allows it to be said in public: the 称号 only once named (管理办法 二、5), 拟命名
        during the notice, and what became of it afterwards."""
        place = self.dossier["place"]
        if self.revoked:
            return f"{place}（“{self.title}”命名已撤销）"
        if self.named:
            return self.full_title
        return f"{place}（{STATE_PHRASE.get(str(self.state), '申报')}“{self.title}”）"

    def notice_facts(self) -> dict[str, Any]:
        """What a 公示 notice states: who recommended, the period, the date issued, the panel's field opinion."""
        notice = self.notice or {}
        issued = self.entered("公示")
        return {"recommended_by": next((e["actor"] for e in self.transitions if e["to"] == "推荐"), None),
                "start": notice.get("start"), "end": notice.get("end"),
                "issued": dt.date.fromisoformat(issued) if issued else None,
                "opinion": ((self.review or {}).get("inspection") or {}).get("opinion")}

    def notice_status(self, today: dt.date) -> str | None:
        """open (objections may still be made), ended, or None when never noticed."""
        if not self.notice:
            return None
        return "open" if today <= dt.date.fromisoformat(self.notice["end"]) and self.state == "公示" else "ended"


def key_lines(text: str) -> dict[str, tuple[int, int]]:
    starts = [(m.group(1), text.count("\n", 0, m.start()) + 1) for m in TOP_KEY.finditer(text)]
    rows = text.splitlines()
    out = {}
    for i, (key, line) in enumerate(starts):
        end = starts[i + 1][1] - 1 if i + 1 < len(starts) else len(rows)
        while end > line and not rows[end - 1].strip():
            end -= 1
        out[key] = (line, end)
    return out


def _timelines(root: Path) -> dict[str, list[Commit]]:
    """Every commit touching dossiers/, oldest first, grouped by the dossier folder(s) it touched: one git call."""
    try:
        raw = subprocess.run(["git", "log", "--reverse", "--name-only", "--format=%x1e%H%x1f%as%x1f%an%x1f%B%x1f", "--", "dossiers"],
                             cwd=root, capture_output=True, text=True, encoding="utf-8", check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return {}     # not a git repository (or no commits yet): no timeline
    out: dict[str, list[Commit]] = defaultdict(list)
    for record in raw.split("\x1e"):
        if not record.strip():
            continue
        sha, date, author, body, names = record.split("\x1f")
        commit = Commit(sha, date, author, body.strip().splitlines()[0] if body.strip() else "", trailers_of(body))
        touched = {n.split("/")[1] for n in names.split("\n") if n.startswith("dossiers/") and n.count("/") >= 2}
        for dossier_id in sorted(touched):
            out[dossier_id].append(commit)
    return out


def _record(path: Path, kind: str, root: Path, on: dt.date) -> dict[str, Any] | None:
    if not path.is_file():
        return None
    return load_valid(path, kind, root, f"{path.relative_to(root)} ", on)


def load_place(repo: Repository, rules: Rules, folder: Path, today: dt.date, with_monitoring: bool = True) -> Place:
    root = repo.root
    path = folder / "dossier.yaml"
    dossier = load_valid(path, "dossier", root, f"申报材料 {path.relative_to(root)} ", today)
    workflow = _record(folder / "workflow.yaml", "workflow", root, today)
    review = _record(folder / "review.yaml", "review", root, today)
    place = Place(folder.name, folder, dossier, workflow, review, evaluate(dossier, rules, today, root, folder.name),
                  rules.level(dossier["level"])["title"], key_lines(path.read_text(encoding="utf-8")))
    for path in sorted((folder / "reports").glob("*-annual.yaml")):
        report = load_valid(path, "annual", root, f"年报 {path.relative_to(root)} ", today)
        place.annual_reports[report["year"]] = report
    csv_path = folder / "monitoring.csv"
    if with_monitoring and csv_path.is_file():
        place.monitoring = monitoring.read(csv_path, str(csv_path.relative_to(root)))
    return place


def fingerprint(folders: list[Path], listed: tuple[str, ...] = ()) -> str:
    """The content of every file under `folders` (names and bytes), as one digest. Files under a top folder named
    in `listed` count by name only (a dossier's materials: what is read of them is whether they are there, and
    whether a link leads out; their bytes, a video or a scanned report, are never read)."""
    digest = hashlib.sha1(usedforsecurity=False)
    for folder in folders:
        for path in sorted(folder.rglob("*")) if folder.is_dir() else []:
            if not (path.is_file() or path.is_symlink()):
                continue
            rel = path.relative_to(folder)
            content = b"->" + str(path.resolve()).encode("utf-8") if path.is_symlink() else (
                b"" if rel.parts[0] in listed else path.read_bytes())
            digest.update(rel.as_posix().encode("utf-8") + b"\0" + content + b"\0")
    return digest.hexdigest()


def _remembered(repo: Repository, rules: Rules, folders: list[Path], today: dt.date, shared: str) -> list[Place | UserError]:
    """The place read from each folder (or why it cannot be read): from the user's cache (the other site's build,
    or the last build of `mkdocs serve`, read it), else read now — by two or more processes when there are many —
    and stored there. Each place is stored under a digest of everything it was read from (its folder's files, the
    registry, the schemas, the day): a digest of the bytes, never a file's time, so only a changed dossier is read
    again (issue 20 goal 4). The process keeps none between builds (goal 5)."""
    from wenquan import clock
    from wenquan.workflow import place_cache

    out: dict[Path, Place | UserError] = {}
    keys = {folder: f"{fingerprint([folder], listed=('materials',))}:{shared}:{today.isoformat()}" for folder in folders}
    stored = {folder: f"{key}:{clock.today().isoformat()}:{folder.resolve()}" for folder, key in keys.items()}
    table: dict[str, str] = {}  # one copy of each repeated string for all of this build's places
    for folder, key in keys.items():
        cached = place_cache.load(stored[folder])
        if isinstance(cached, Place) and cached.source == key:
            out[folder] = _shared(cached, table)
    missing = [f for f in folders if f not in out]
    for folder, loaded in zip(missing, _load_many(repo, rules, missing, today), strict=True):
        out[folder] = loaded
        if isinstance(loaded, Place):
            loaded.source = keys[folder]
            place_cache.save(stored[folder], loaded)
            out[folder] = _shared(loaded, table)
    if missing:
        place_cache.prune()
    return [out[f] for f in folders]


def _shared(place: Place, table: dict[str, str]) -> Place:
    """The place with its data's repeated strings shared with the build's other places (shared_strings)."""
    for name in ("dossier", "workflow", "review", "evaluation", "lines", "annual_reports"):
        setattr(place, name, share(getattr(place, name), table))
    return place


def _load_one(folder: Path, repo: Repository, rules: Rules, today: dt.date) -> Place | UserError:
    try:
        return load_place(repo, rules, folder, today)
    except UserError as exc:
        return exc


def _load_many(repo: Repository, rules: Rules, folders: list[Path], today: dt.date) -> list[Place | UserError]:
    from functools import partial

    from wenquan.workers import forked_map

    return forked_map(partial(_load_one, repo=repo, rules=rules, today=today), folders)


@dataclass(frozen=True)
class Unfinished:
    """A dossier not yet submitted that does not validate yet: the review site lists it with its errors."""

    id: str
    errors: str


@dataclass
class SiteData:
    root: Path
    rules: Rules
    today: dt.date
    places: list[Place]
    unfinished: list[Unfinished] = field(default_factory=list)

    @classmethod
    def load(cls, root: Path, today: dt.date, timeline: bool) -> SiteData:
        repo = Repository(root)
        rules = Rules.load(root)
        shared = fingerprint([root / "registry", root / "schemas"])
        places, unfinished = [], []
        folders = [path.parent for path in sorted(repo.dossiers.glob("*/dossier.yaml"))]
        for folder, loaded in zip(folders, _remembered(repo, rules, folders, today, shared), strict=True):
            if isinstance(loaded, Place):
                places.append(loaded)
            elif (folder / "workflow.yaml").is_file():
                raise loaded  # a submitted dossier is published (review site, and public from 公示): it must be valid
            else:
                unfinished.append(Unfinished(folder.name, str(loaded)))  # a draft not yet submitted: listed, not built
        if timeline:
            commits = _timelines(root)
            for place in places:
                place.timeline = commits.get(place.id, [])
        return cls(root, rules, today, places, unfinished)

    def by_state(self) -> dict[str | None, list[Place]]:
        out: dict[str | None, list[Place]] = defaultdict(list)
        for place in self.places:
            out[place.state].append(place)
        return dict(out)
