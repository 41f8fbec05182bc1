"""Replaying one commit: what it did to one dossier's records, against what its operation should have done.

A commit's trailers say which operation it was; the operation's inputs are read from the commit; the operation
(`effects`) is applied to the record as it was before and the result must equal the committed record in every
field. A commit without wenquan's trailers, one that adds more than one event, a trailer that disagrees with
its event, a notice period the calendar does not give, a panel the seed does not draw from the pool of the
time, a score sheet whose total is not its sum: each is a finding naming the dossier, the file, the field, the
recorded and the expected value. `audit` decides which commits to replay and where "before" comes from.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from wenquan.dossier.loader import load_trusted
from wenquan.errors import UserError
from wenquan.rules.ruleset import Rules
from wenquan.store.log import LoggedCommit
from wenquan.store.writer import Git
from wenquan.workflow import effects
from wenquan.workflow.states import ALLOWED

RECORDS = ("workflow", "review")
REVIEW_RECORDS = ("panel-draw", "panel-approve", "inspection", "score", "score-correction")


@dataclass(frozen=True)
class Finding:
    path: str
    message: str
    field: str | None = None
    recorded: Any = None
    expected: Any = None

    @property
    def dossier(self) -> str:
        return Path(self.path).parent.name


def _show(value: Any) -> str:
    if value is None:
        return "无"
    if isinstance(value, (dict, list)):
        return yaml.safe_dump(value, allow_unicode=True, default_flow_style=True, width=10**6).strip()
    return str(value)


def field_name(path: tuple[Any, ...]) -> str:
    """`events[1].date` reads 事件 2.date: events and objections by their numbers, others by key or index."""
    out: list[str] = []
    for i, part in enumerate(path):
        parent = path[i - 1] if i else None
        if isinstance(part, int) and parent == "events":
            out[-1] = f"事件 {part + 1}"
        elif isinstance(part, int) and parent == "objections":
            out[-1] = f"异议 {part + 1}"
        elif isinstance(part, int):
            out[-1] += f"[{part}]"
        else:
            out.append(str(part))
    return ".".join(out) or "（整个文件）"


# What `parse` gives for a record that is not YAML (or not UTF-8): unlike any record wenquan writes.
UNREADABLE: dict[str, Any] = {"（无法解析）": True}


def differences(recorded: Any, expected: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[str, Any, Any]]:
    """(field, recorded, expected) for every leaf that differs."""
    if isinstance(recorded, dict) and isinstance(expected, dict):
        for key in list(expected) + [k for k in recorded if k not in expected]:
            yield from differences(recorded.get(key), expected.get(key), (*path, key))
    elif isinstance(recorded, list) and isinstance(expected, list) and len(recorded) == len(expected):
        for i, (a, b) in enumerate(zip(recorded, expected, strict=True)):
            yield from differences(a, b, (*path, i))
    elif recorded != expected or type(recorded) is not type(expected):
        yield field_name(path), recorded, expected


@dataclass
class _Replay:
    """What one commit did to one dossier's records, and what it should have done."""

    commit: LoggedCommit
    dossier: str
    before: dict[str, Any]
    after: dict[str, Any]
    objects: dict[str, Any]
    calendar: Any
    findings: list[Finding] = field(default_factory=list)

    @property
    def short(self) -> str:
        return self.commit.sha[:10]

    def rel(self, kind: str) -> str:
        return f"dossiers/{self.dossier}/{kind}.yaml"

    def problem(self, kind: str, message: str) -> None:
        self.findings.append(Finding(self.rel(kind), f"提交 {self.short}：{message}"))

    def compare(self, kind: str, expected: Any, why: str) -> None:
        if self.after[kind] == UNREADABLE:
            self.findings.append(Finding(self.rel(kind), f"提交 {self.short}{why}：文件不是可以读取的 YAML 记录（整个文件被改坏）",
                                         "（整个文件）", None, expected))
            return
        for name, recorded, wanted in differences(self.after[kind], expected):
            self.findings.append(Finding(self.rel(kind), f"提交 {self.short}{why}：字段 {name} 记录为“{_show(recorded)}”，"
                                                         f"按提交历史应为“{_show(wanted)}”", name, recorded, wanted))

    def trailer(self, kind: str, key: str, expected: Any) -> None:
        found = self.commit.trailers.get(key)
        if expected is None and found is None:
            return
        if found != (None if expected is None else str(expected)):
            self.problem(kind, f"尾注“{key}: {found}”与记录不符（应为 {_show(expected)}）")

    def historical(self, path: str) -> Any:
        return self.objects.get(f"{self.commit.sha}:{path}")


def _events(record: dict[str, Any] | None) -> list[dict[str, Any]]:
    return list((record or {}).get("events") or [])


def _replay_workflow(r: _Replay) -> None:
    before, after = r.before["workflow"], r.after["workflow"]
    trailers = r.commit.trailers
    if r.after["review"] != r.before["review"]:
        r.compare("review", r.before["review"], "（流程记录提交不应改动 review.yaml）")
    number = int(trailers["Event"]) if trailers.get("Event", "").isdigit() else None
    if number is None:
        r.problem("workflow", "修改了 workflow.yaml，但没有“Event:”尾注")
        r.compare("workflow", before, "")
        return
    old, new = _events(before), _events(after)
    added = new[len(old):]
    if new[:len(old)] != old:
        r.compare("workflow", {**(after or {}), "events": old + added}, "改动了已有事件（被改动过）")
    if len(added) != 1 or added[0].get("seq") != number or number != len(old) + 1:
        r.problem("workflow", f"尾注“Event: {number}”与文件不符：一次提交只能新增一个事件，"
                              f"应为事件 {len(old) + 1}，实际新增 {[e.get('seq') for e in added] or '无'}")
        return
    event = added[0]
    kind = event.get("kind")
    r.trailer("workflow", "Actor", event.get("actor"))
    if event.get("date") != r.commit.date:
        r.problem("workflow", f"事件 {number} 的日期 {event.get('date')} 与提交日期 {r.commit.date} 不符")
    expected: dict[str, Any] | None
    if kind == "transition":
        expected = _transition(r, before, event)
    elif kind == "objection":
        expected = _objection(r, before, after, event)
    elif kind == "resolution":
        expected = _resolution(r, before, after, event)
    elif kind in ("report", "selfcheck_review", "selfcheck_filing", "spot_check"):
        expected = _recorded(r, before, event)
    else:
        r.problem("workflow", f"事件 {number} 的类别“{kind}”不是 wenquan 的操作")
        return
    if expected is not None:
        r.compare("workflow", expected, "")


def _transition(r: _Replay, before: dict[str, Any] | None, event: dict[str, Any]) -> dict[str, Any] | None:
    check_transition(r, before, event)
    return effects.transition(before, r.dossier, event)


def check_transition(r: _Replay, before: dict[str, Any] | None, event: dict[str, Any]) -> None:
    """A transition's findings: its trailers, the state it left, the target allowed from there, the notice period."""
    state = (before or {}).get("state")
    source, target = event.get("from"), event.get("to")
    r.trailer("workflow", "Transition", f"{source or '-'} -> {target}")
    if source != state:
        r.problem("workflow", f"事件 {event['seq']} 的原状态为“{source}”，但此前的状态是“{state or '未申报'}”")
    if target not in ALLOWED.get(state, ()):
        r.problem("workflow", f"从“{state or '未申报'}”不能进入“{target}”")
    notice = event.get("notice") or {}
    r.trailer("workflow", "Notice-Start", notice.get("start"))
    r.trailer("workflow", "Notice-End", notice.get("end"))
    r.trailer("workflow", "Notice-SHA256", notice.get("sha256"))
    if target == "公示" and notice:
        try:
            start = dt.date.fromisoformat(notice["start"])
            days = r.historical("registry/rules.yaml")["notice"]["working_days"]
            end = r.calendar.notice_end(start, days).isoformat() if r.calendar else None
        except (UserError, KeyError, TypeError, ValueError):
            end = None
        if end and end != notice.get("end"):
            r.findings.append(Finding(r.rel("workflow"), f"提交 {r.short}：公示期自 {notice.get('start')} 起 7 个工作日，"
                                                           f"应至 {end} 结束，记录为 {notice.get('end')}", "notice.end", notice.get("end"), end))
    r.trailer("workflow", "Certificate", event.get("certificate"))
    r.trailer("workflow", "Deadline", event.get("deadline"))
    r.trailer("workflow", "Ground", event.get("ground"))


def _objection(r: _Replay, before: dict[str, Any] | None, after: dict[str, Any] | None, event: dict[str, Any]) -> dict[str, Any] | None:
    if before is None:
        r.problem("workflow", "异议登记之前没有流程记录")
        return None
    number = len(before.get("objections") or []) + 1
    r.trailer("workflow", "Objection", number)
    entry: dict[str, Any] = next((o for o in (after or {}).get("objections") or [] if o.get("number") == event.get("objection")), {})
    received = entry.get("received")
    if isinstance(received, str) and received > event["date"]:
        r.problem("workflow", f"异议 {number} 的收到日期 {received} 晚于登记日期 {event['date']}")
    wanted = {**event, "objection": number}
    if wanted != event:
        r.compare("workflow", {**(after or {}), "events": [*_events(before), wanted]}, "")
    return effects.objection_received(before, event, received, entry.get("channel"), entry.get("summary"), entry.get("objector"))


def _resolution(r: _Replay, before: dict[str, Any] | None, after: dict[str, Any] | None, event: dict[str, Any]) -> dict[str, Any] | None:
    if before is None:
        r.problem("workflow", "异议处理之前没有流程记录")
        return None
    number = event.get("objection")
    r.trailer("workflow", "Objection", number)
    r.trailer("workflow", "Decision", event.get("decision"))
    found = next((o for o in before.get("objections") or [] if o.get("number") == number), None)
    if found is None or found.get("status") != "待处理":
        r.problem("workflow", f"异议 {number} {'不存在' if found is None else '此前已处理'}，不能再作处理结论")
    entry: dict[str, Any] = next((o for o in (after or {}).get("objections") or [] if o.get("number") == number), {})
    return effects.objection_resolved(before, event, entry.get("decision_note"))


def _recorded(r: _Replay, before: dict[str, Any] | None, event: dict[str, Any]) -> dict[str, Any] | None:
    if before is None:
        r.problem("workflow", "命名后的事件之前没有流程记录")
        return None
    kind = event["kind"]
    if kind == "spot_check":
        r.trailer("workflow", "Check", event.get("check"))
        r.trailer("workflow", "Decision", event.get("result"))
    else:
        r.trailer("workflow", "Report", f"{event.get('report', 'selfcheck')} {event.get('year')}")
        r.trailer("workflow", "Decision", event.get("result"))
    return effects.recorded(before, event)


def _replay_review(r: _Replay, record: str) -> None:
    before, after = r.before["review"], r.after["review"]
    if r.after["workflow"] != r.before["workflow"]:
        r.compare("workflow", r.before["workflow"], "（评审记录提交不应改动 workflow.yaml）")
    after = after or {}
    date, actor = r.commit.date, r.commit.trailers.get("Actor")
    expected: dict[str, Any] | None = None
    if record == "panel-draw":
        members = list((after.get("panel") or {}).get("members") or [])
        seed = r.commit.trailers.get("Seed")
        if seed is None:
            r.problem("review", "专家组抽取的提交没有“Seed:”尾注")
        reason = r.commit.trailers.get("Redraw-Reason")
        if (before or {}).get("panel") and reason is None:
            r.problem("review", "重新抽取专家组的提交没有“Redraw-Reason:”尾注（重新抽取须说明原因）")
        expected = effects.panel_drawn(before, r.dossier, str(seed), date, members, reason if (before or {}).get("panel") else None)
        _redraw(r, str(seed), members)
    elif record == "panel-approve":
        if not (before or {}).get("panel"):
            r.problem("review", "审核专家组之前没有抽取记录")
            return
        expected = effects.panel_approved(before or {}, date, str(actor))
    elif record == "inspection":
        expected = effects.inspected(before, r.dossier, date, (after.get("inspection") or {}).get("opinion"))
    elif record in ("score", "score-correction"):
        expected = _score(r, before, after, date, record == "score-correction")
    if expected is not None:
        r.compare("review", expected, "")


def _redraw(r: _Replay, seed: str, members: list[dict[str, Any]]) -> None:
    """The members must be what the seed draws from the pool, the dossier and the rules as they were in that commit."""
    from wenquan.workflow.panel import draw_from

    dossier, pool, rules = (r.historical(p) for p in (f"dossiers/{r.dossier}/dossier.yaml", "registry/experts.yaml", "registry/rules.yaml"))
    provincial = [str(m.get("name")) for m in members if m.get("source") == "provincial"]
    try:
        wanted = draw_from(pool["experts"], dossier, Rules(rules), seed, provincial)
    except (UserError, KeyError, TypeError, ValueError) as exc:
        r.problem("review", f"无法按种子“{seed}”重新抽取专家组（{exc}）")
        return
    if wanted != members:
        r.findings.append(Finding(r.rel("review"), f"提交 {r.short}：专家组名单不是种子“{seed}”从当时的专家库中抽取的结果："
                                                     f"记录为 {[m.get('id') for m in members]}，应为 {[m['id'] for m in wanted]}",
                                  "panel.members", members, wanted))


def _score(r: _Replay, before: dict[str, Any] | None, after: dict[str, Any], date: str, correction: bool) -> dict[str, Any] | None:
    """A sheet as `wenquan score` records it, judged by the rules and the dossier of the time: allowed scores, each
    deviation from the data with its reason (释-20); a correction only after the review, with its cause."""
    from wenquan.rules.scoring import deviations, parse_scores
    from wenquan.workflow.scores import AFTER_REVIEW, panel_total, vetoed

    expert = r.commit.trailers.get("Expert")
    sheet = next((s for s in after.get("scores") or [] if s.get("expert") == expert), None)
    if expert is None or sheet is None:
        r.problem("review", f"评审表提交的尾注“Expert: {expert}”与记录不符")
        return None
    members = {m.get("id") for m in ((before or {}).get("panel") or {}).get("members") or []}
    if expert not in members:
        r.problem("review", f"{expert} 不是专家组成员，不能提交评审表")
    state = (r.before["workflow"] or {}).get("state")
    if state not in (AFTER_REVIEW if correction else ("考察",)):
        r.problem("review", f"{'更正' if correction else '记录'}评审表时流程状态为 {state}，"
                            f"只能在{'、'.join(AFTER_REVIEW) if correction else '考察'}状态下进行")
    scores = sheet.get("scores") or {}
    reasons = {str(k): str(v.get("reason")) for k, v in (sheet.get("reasons") or {}).items() if isinstance(v, dict)}
    rules = Rules(r.historical("registry/rules.yaml"))
    try:
        parse_scores([f"{k}={v}" for k, v in scores.items()], rules)
        recorded = deviations(scores, r.historical(f"dossiers/{r.dossier}/dossier.yaml"), rules, reasons)
    except (UserError, KeyError, TypeError) as exc:
        r.problem("review", f"{expert} 的评审表不是 wenquan score 能记录的：{exc}")
        recorded = dict(sheet.get("reasons") or {})
    if not all(isinstance(v, int) for v in scores.values()):
        r.problem("review", f"{expert} 的评审表分值不是整数")
        return None
    r.trailer("review", "Total", sum(scores.values()))
    if not correction:
        return effects.scored(before, r.dossier, expert, date, scores, recorded)
    if not any(s.get("expert") == expert for s in (before or {}).get("scores") or []):
        r.problem("review", f"{expert} 此前没有评审表，不能更正")
        return None
    why = ((sheet.get("corrections") or [{}])[-1]).get("reason")
    expected = effects.score_corrected(before or {}, expert, date, scores, recorded, str(why))
    mean = panel_total(expected, rules)
    if mean is not None and vetoed(mean, rules):
        r.problem("review", f"更正后专家组平均分 {mean:.2f} 低于否决线：更正改变了评审结论")
    return expected


def parse(content: bytes | None) -> Any:
    if content is None:
        return None
    try:
        return load_trusted(content.decode("utf-8"))
    except (UnicodeDecodeError, yaml.YAMLError, ValueError):
        return UNREADABLE


def inputs(c: LoggedCommit, dossier_ids: list[str]) -> list[str]:
    """The objects (`<commit>:<path>`) besides the records that replaying `c` for these dossiers reads."""
    names = []
    record, transition = c.trailers.get("Record"), c.trailers.get("Transition", "")
    if record in ("panel-draw", "score", "score-correction") or transition.endswith("公示"):  # these replays read the rules of the time
        names.append(f"{c.sha}:registry/rules.yaml")
    if record in ("panel-draw", "score", "score-correction"):  # and the dossier of the time (a redraw: the pool too)
        names += [f"{c.sha}:dossiers/{i}/dossier.yaml" for i in dossier_ids]
    if record == "panel-draw":
        names.append(f"{c.sha}:registry/experts.yaml")
    return names


def historical(c: LoggedCommit, dossier_id: str, content: Callable[[str], Any]) -> dict[str, Any]:
    """What a replay may read of the repository as `c` left it (None where `inputs` did not ask for it)."""
    return {f"{c.sha}:{p}": content(f"{c.sha}:{p}") for p in ("registry/rules.yaml", "registry/experts.yaml", f"dossiers/{dossier_id}/dossier.yaml")}


def replay_commit(c: LoggedCommit, dossier_id: str, kinds: list[str], before: dict[str, Any], after: dict[str, Any],
                  objects: dict[str, Any], calendar: Any) -> list[Finding]:
    """The findings about commit `c`, which changed the records `kinds` of `dossier_id` from `before` to `after`."""
    r = _Replay(c, dossier_id, before, after, objects, calendar)
    if len(c.parents) > 1:
        for kind in kinds:
            r.problem(kind, f"合并提交改动了 {kind}.yaml，结果与合并前的各分支都不同（手工修改）")
        return r.findings
    if c.trailers.get("Dossier") != dossier_id:
        for kind in kinds:
            r.compare(kind, before[kind], f" 修改了 {r.rel(kind)}，但没有 wenquan 的尾注“Dossier: {dossier_id}”（可能是手工修改）")
            if before[kind] == after[kind]:
                r.problem(kind, f"修改了 {r.rel(kind)}，但没有 wenquan 的尾注“Dossier: {dossier_id}”（可能是手工修改）")
        return r.findings
    record = c.trailers.get("Record")
    if record in REVIEW_RECORDS:
        _replay_review(r, record)
    elif record is not None:
        r.problem("review", f"尾注“Record: {record}”不是 wenquan 的操作")
    else:
        _replay_workflow(r)
    return r.findings


def reader(git: Git) -> Callable[[list[str]], Callable[[str], Any]]:
    """Objects (`<rev>:<path>`) read in one `git cat-file --batch` per call, each parsed once per blob id; the
    function returned gives any object read so far (None where there is none)."""
    parsed: dict[str, Any] = {}
    where: dict[str, str | None] = {}

    def read(names: list[str]) -> Callable[[str], Any]:
        wanted = [n for n in dict.fromkeys(names) if n not in where]
        for name, obj in zip(wanted, git.objects(wanted) if wanted else [], strict=True):
            where[name] = obj[0] if obj else None
            if obj and obj[0] not in parsed:
                parsed[obj[0]] = parse(obj[2])

        def content(name: str) -> Any:
            oid = where.get(name)
            return parsed.get(oid) if oid else None
        return content
    return read
