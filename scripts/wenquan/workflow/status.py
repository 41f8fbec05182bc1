"""Reading the workflow: every dossier's state and next step, one dossier's timeline, and what falls due."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from wenquan import clock
from wenquan.dossier.diagnostics import ERROR
from wenquan.dossier.loader import trusted_mapping
from wenquan.repo import Repository
from wenquan.rules.periods import approval_limit, over_approval_limit
from wenquan.store import history
from wenquan.workflow.states import BEFORE_NAMING, NEXT_STEP

UPCOMING_DAYS = 30
LIMIT_RULE = "管理办法 二、6：从正式申报到审批，时间原则不超过6个月"
NOTICE_RULE = "管理办法 二、5：公示7个工作日，如无异议，由中国矿业联合会正式命名"



RECORDS = (("dossier.yaml", "dossier"), ("workflow.yaml", "workflow"), ("review.yaml", "review"))


class Unreadable(Exception):
    """A dossier's file that the overview cannot read: `problem` says where and why (file:line:column, in Chinese)."""

    def __init__(self, problem: str) -> None:
        super().__init__(problem)
        self.problem = problem


def _load(path: Path) -> Any:
    """The file's data (None: there is none). A file that is not a YAML mapping is Unreadable, its first error named
    as `wenquan validate` names it."""
    if not path.is_file():
        return None
    try:
        data = trusted_mapping(path.read_bytes())
    except OSError:
        data = None
    if data is not None:
        return data
    raise Unreadable(_first_error(path) or f"{path.relative_to(path.parent.parent.parent).as_posix()}：无法读取")


def _first_error(path: Path) -> str | None:
    """The first error `wenquan validate` finds in one of a dossier's files, as it says it; None: there is none."""
    from wenquan.dossier.kinds import KINDS
    from wenquan.dossier.validate import validate_file
    from wenquan.repo import schemas_dir

    kind = dict(RECORDS)[path.name]
    root = path.parent.parent.parent  # the repository: the file is named as in it, whatever the current folder
    errors = [d for d in validate_file(path, KINDS[kind], schemas_dir(root), clock.today(), path.relative_to(root).as_posix())
              if d.severity == ERROR]
    return f"{errors[0].path}:{errors[0].line}:{errors[0].column}: {errors[0].field}: {errors[0].message}" if errors else None


def _read(folder: Path, read: Callable[[Path], Any]) -> Any:
    """`read(folder)`, which reads the dossier's files: their first error Unreadable where the files are not what
    `read` expects (a record changed by hand into another shape), which `wenquan validate` would also refuse."""
    try:
        return read(folder)
    except (KeyError, TypeError, AttributeError, ValueError):
        for name, _ in (*RECORDS[1:], RECORDS[0]):  # the records first: a draft dossier's errors break no overview
            problem = _first_error(folder / name) if (folder / name).is_file() else None
            if problem:
                raise Unreadable(problem) from None
        raise


def unreadable(dossier_id: str, problem: str) -> dict[str, Any]:
    """A dossier's row where its files cannot be read: what to mend, in place of its state."""
    return {"id": dossier_id, "place": None, "level": None, "state": None, "since": None, "submitted": None,
            "next": f"修正 {problem}（wenquan validate 列出全部问题）", "due": None, "due_what": None, "open_objections": 0,
            "problem": problem}


def next_step(dossier_id: str, workflow: dict[str, Any] | None, review: dict[str, Any] | None) -> str:
    """What is still missing before the next transition, from the records: never a step already taken."""
    state = workflow["state"] if workflow else None
    panel = (review or {}).get("panel") or {}
    if state == "推荐":
        if not panel:
            return f"抽取专家组（panel draw {dossier_id} --provincial 甲,乙）"
        if not panel.get("approved"):
            return f"秘书局审核专家组（panel approve {dossier_id}）"
        return f"进入实地考察（advance {dossier_id} 考察）"
    if state == "考察":
        if not (review or {}).get("inspection"):
            return f"记录实地考察（inspect {dossier_id} --opinion …）"
        scored = {s.get("expert") for s in (review or {}).get("scores") or []}
        missing = [m["id"] for m in panel.get("members") or [] if m["id"] not in scored]
        if missing:
            return f"收齐评审表：尚缺 {'、'.join(missing)}（score {dossier_id} --expert 编号 …）"
        return f"进入评审（advance {dossier_id} 评审）"
    if state == "公示" and workflow:
        open_ones = [o["number"] for o in workflow.get("objections") or [] if o.get("status") == "待处理"]
        if open_ones:
            return "处理待处理的异议 " + "、".join(map(str, open_ones)) + f"（resolve {dossier_id} 编号 …）"
    return NEXT_STEP[state]


def plain(step: str) -> str:
    """A next step as a page says it: the command in brackets left out (the board is read, not typed from)."""
    return re.sub(r"（[^（）]*[A-Za-z][^（）]*）", "", step)


def row(dossier_id: str, dossier: dict[str, Any], workflow: dict[str, Any] | None, limit_months: int = 6,
        review: dict[str, Any] | None = None) -> dict[str, Any]:
    """One dossier's state, next step and what falls due, from its already loaded data and records."""
    state = workflow["state"] if workflow else None
    transitions = [e for e in (workflow or {}).get("events", []) if e.get("kind") == "transition"]
    since = transitions[-1]["date"] if transitions else None
    submitted = next((e["date"] for e in transitions if e.get("to") == "申报"), None)
    due, due_what = None, None
    if state == "公示" and workflow and workflow.get("notice"):
        due, due_what = workflow["notice"]["end"], "公示期结束"
    elif state in BEFORE_NAMING and submitted:
        due, due_what = approval_limit(dt.date.fromisoformat(str(submitted)), limit_months).isoformat(), "6 个月审批时限"
    return {"id": dossier_id, "place": dossier.get("place"), "level": dossier.get("level"), "state": state,
            "since": str(since) if since else None, "submitted": str(submitted) if submitted else None,
            "next": next_step(dossier_id, workflow, review), "due": due, "due_what": due_what,
            "open_objections": sum(1 for o in (workflow or {}).get("objections", []) if o["status"] == "待处理"), "problem": None}


def rows(repo: Repository, limit_months: int = 6) -> list[dict[str, Any]]:
    """Every dossier's row; one whose files cannot be read says so (`unreadable`), and the others are all there."""
    found = []
    for path in sorted(repo.dossiers.glob("*/dossier.yaml")):
        try:
            found.append(_read(path.parent, lambda folder: row(folder.name, _load(folder / "dossier.yaml") or {}, _load(folder / "workflow.yaml"),
                                                                limit_months, _load(folder / "review.yaml"))))
        except Unreadable as exc:
            found.append(unreadable(path.parent.name, exc.problem))
    return found


def due(repo: Repository, on: dt.date, limit_months: int = 6) -> list[dict[str, Any]]:
    """Everything falling due: notices and the approval limit before naming, then each named place's obligations."""
    from wenquan.workflow import obligations

    def of(folder: Path) -> tuple[dict[str, Any], list[dict[str, Any]]]:
        dossier, workflow = _load(folder / "dossier.yaml") or {}, _load(folder / "workflow.yaml")
        return row(folder.name, dossier, workflow, limit_months), [o.as_dict() for o in obligations.for_place(folder.name, dossier, workflow, on)]

    found, after = [], []
    for path in sorted(repo.dossiers.glob("*/dossier.yaml")):
        try:
            one, owed = _read(path.parent, of)
        except Unreadable as exc:  # dated today: what falls due for it cannot be known until it is mended
            after.append({"id": path.parent.name, "place": path.parent.name, "kind": "unreadable", "date": on.isoformat(), "days": 0,
                          "status": "unreadable", "message": f"文件无法读取，到期事项无从计算：{exc.problem}", "rule": "修正后用 wenquan validate 复查"})
            continue
        found.append(one)
        after += owed
    return sorted(due_in(found, on, limit_months) + after, key=lambda i: (i["date"], i["id"]))


def due_in(found: list[dict[str, Any]], on: dt.date, limit_months: int = 6) -> list[dict[str, Any]]:
    """Among the given rows, what is overdue, running or coming up as of `on`, soonest first."""
    items = []
    for row in found:
        if row["state"] == "公示" and row["due"]:
            end = dt.date.fromisoformat(row["due"])
            status = "ended" if on > end else "running"
            message = (f"公示期已于 {end} 结束，可以命名（须无待处理或成立的异议）" if status == "ended"
                       else f"公示中，{end} 结束")
            items.append({"id": row["id"], "place": row["place"], "kind": "notice", "date": end.isoformat(),
                          "days": (end - on).days, "status": status, "message": message, "rule": NOTICE_RULE})
        if row["state"] in BEFORE_NAMING and row["submitted"]:
            submitted = dt.date.fromisoformat(row["submitted"])
            limit = approval_limit(submitted, limit_months)
            days = (limit - on).days
            if over_approval_limit(submitted, on, limit_months):   # 释-04
                status, message = "overdue", f"自 {row['submitted']} 申报以来已超过 {limit_months} 个月（{limit} 到期），仍在{row['state']}"
            elif days <= UPCOMING_DAYS:
                status, message = "upcoming", f"{limit} 到达 {limit_months} 个月审批时限，还有 {days} 天"
            else:
                continue
            items.append({"id": row["id"], "place": row["place"], "kind": "approval_limit", "date": limit.isoformat(),
                          "days": days, "status": status, "message": message, "rule": LIMIT_RULE})
    return sorted(items, key=lambda i: (i["date"], i["id"]))


RECORD_ZH = {"panel-draw": "抽取专家组", "panel-approve": "审核专家组", "inspection": "实地考察", "score": "评审表",
             "score-correction": "更正评审表"}
REPORT_ZH = {"annual": "年报", "selfcheck": "中评估自检"}


def describe(trailers: dict[str, str]) -> str:
    """What a commit did, in Chinese, from its wenquan trailers; a commit without them edited the dossier."""
    if "Transition" in trailers:
        source, _, target = trailers["Transition"].partition(" -> ")
        return target if source.strip() in ("", "-") else f"{source.strip()} → {target.strip()}"
    if "Record" in trailers:
        what = RECORD_ZH.get(trailers["Record"], trailers["Record"])
        if trailers["Record"] == "panel-draw" and "Redraw-Reason" in trailers:
            what = "重新抽取专家组"
        return f"{what}（{trailers['Expert']}）" if "Expert" in trailers else what
    if "Objection" in trailers:
        return f"异议 {trailers['Objection']}" + (f" {trailers['Decision']}" if "Decision" in trailers else " 登记")
    if "Report" in trailers:
        kind, _, year = trailers["Report"].partition(" ")
        return f"{year} 年度{REPORT_ZH.get(kind, kind)}"
    if "Check" in trailers:
        return f"{trailers['Check']}{trailers.get('Decision', '')}"
    return "修改申报材料"


def timeline(repo: Repository, dossier_id: str) -> list[dict[str, Any]]:
    """The dossier's own history in date order (a stable sort: commits of one day keep their order)."""
    g = history.open_repo(repo.root)
    out = []
    for commit in history.history(g, [f"dossiers/{dossier_id}"]):
        t = commit.trailers
        out.append({"date": commit.date, "what": describe(t), "actor": t.get("Actor"), "commit": commit.sha[:10], "subject": commit.subject})
    return sorted(out, key=lambda row: str(row["date"]))
