"""`wenquan audit`: prove that every event in every workflow.yaml entered through a wenquan commit.

Each commit touching a workflow.yaml must carry the trailers of DESIGN.md and add exactly the one event its
`Event:` trailer names, leaving every other event as it was; every event in the file must have come in by
such a commit and still read as it did then. A hand edit, committed or not, breaks one of these.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import git
import yaml

from wenquan.dossier.loader import load_trusted
from wenquan.repo import Repository
from wenquan.store import history


@dataclass(frozen=True)
class Finding:
    path: str
    message: str


def _events(text: str | None) -> tuple[dict[int, dict[str, Any]], Any]:
    if text is None:
        return {}, None
    try:
        data = load_trusted(text)
        return {e["seq"]: e for e in data["events"]}, data
    except (yaml.YAMLError, KeyError, TypeError):
        return {}, None


def _log(repo: git.Repo, since: str | None) -> list[tuple[str, dict[str, str], list[str]]]:
    """(sha, trailers, workflow files touched) for commits touching any workflow.yaml, oldest first."""
    if not history.has_commits(repo):
        return []
    revision = [f"{since}..HEAD"] if since else []
    raw = repo.git.log(*revision, "--reverse", "--format=%x1e%H%x1f%B%x1f", "--name-only", "--", "dossiers/*/workflow.yaml")
    out = []
    for record in raw.split("\x1e"):
        if not record.strip():
            continue
        sha, body, names = record.split("\x1f", 2)
        files = [n.strip() for n in names.splitlines() if n.strip().endswith("/workflow.yaml")]
        out.append((sha.strip(), history.trailers_of(body), files))
    return out


def _check_commit(repo: git.Repo, sha: str, trailers: dict[str, str], rel: str, dossier_id: str) -> tuple[list[str], int | None, Any]:
    short = sha[:10]
    if trailers.get("Dossier") != dossier_id:
        return [f"提交 {short} 修改了 {rel}，但没有 wenquan 的尾注“Dossier: {dossier_id}”（可能是手工修改）"], None, None
    if not trailers.get("Event", "").isdigit():
        return [f"提交 {short} 修改了 {rel}，但没有“Event:”尾注"], None, None
    number = int(trailers["Event"])
    after, _ = _events(history.show(repo, sha, rel))
    before, _ = _events(history.show(repo, f"{sha}^", rel))
    added = sorted(set(after) - set(before))
    changed = sorted(s for s in before if after.get(s) != before[s])
    problems = []
    if added != [number] or changed:
        problems.append(f"提交 {short} 的尾注“Event: {number}”与文件不符：新增事件 {added or '无'}，改动了已有事件 {changed or '无'}")
    event = after.get(number)
    if event is None:
        return problems, None, None
    if event["kind"] == "transition":
        expected = f"{event.get('from') or '-'} -> {event['to']}"
        if trailers.get("Transition") != expected:
            problems.append(f"提交 {short} 的尾注“Transition: {trailers.get('Transition')}”与事件 {number}（{expected}）不符")
        notice = event.get("notice") or {}
        for key, field in (("Notice-Start", "start"), ("Notice-End", "end")):
            if trailers.get(key) != notice.get(field):
                problems.append(f"提交 {short} 的尾注“{key}: {trailers.get(key)}”与事件 {number} 的公示期（{notice.get(field)}）不符")
    elif event["kind"] in ("report", "selfcheck_review", "selfcheck_filing"):
        expected = f"{event.get('report', 'selfcheck')} {event.get('year')}"
        if trailers.get("Report") != expected:
            problems.append(f"提交 {short} 的尾注“Report: {trailers.get('Report')}”与事件 {number}（{expected}）不符")
    elif event["kind"] == "spot_check":
        if trailers.get("Check") != event.get("check"):
            problems.append(f"提交 {short} 的尾注“Check: {trailers.get('Check')}”与事件 {number}（{event.get('check')}）不符")
    elif str(event.get("objection")) != trailers.get("Objection"):
        problems.append(f"提交 {short} 的尾注“Objection: {trailers.get('Objection')}”与事件 {number} 不符")
    if trailers.get("Actor") != event.get("actor"):
        problems.append(f"提交 {short} 的尾注“Actor: {trailers.get('Actor')}”与事件 {number} 的办理单位（{event.get('actor')}）不符")
    return problems, number, event


def audit(repo: Repository, since: str | None = None) -> list[Finding]:
    g = history.open_repo(repo.root)
    if since:
        try:
            g.git.rev_parse("--verify", f"{since}^{{commit}}")
        except git.GitCommandError:
            from wenquan.errors import UserError

            raise UserError(f"找不到提交“{since}”") from None
    findings: list[Finding] = []
    introduced: dict[str, dict[int, Any]] = {}
    for sha, trailers, files in _log(g, since):
        for rel in files:
            dossier_id = Path(rel).parent.name
            problems, number, event = _check_commit(g, sha, trailers, rel, dossier_id)
            findings += [Finding(rel, p) for p in problems]
            if number is not None:
                introduced.setdefault(rel, {})[number] = event
    for path in sorted(repo.dossiers.glob("*/workflow.yaml")):
        rel = f"dossiers/{path.parent.name}/workflow.yaml"
        current, data = _events(path.read_text(encoding="utf-8"))
        if data is None:
            findings.append(Finding(rel, "文件无法解析"))
            continue
        baseline, _ = _events(history.show(g, since, rel)) if since else ({}, None)
        for seq, event in sorted(current.items()):
            origin = introduced.get(rel, {}).get(seq)
            if origin is None and baseline.get(seq) == event:
                continue
            if origin is None:
                findings.append(Finding(rel, f"事件 {seq}（{_describe(event)}）不是由带匹配尾注的 wenquan 提交写入的"))
            elif origin != event:
                findings.append(Finding(rel, f"事件 {seq}（{_describe(event)}）在写入后被改动过"))
        transitions = [e for _, e in sorted(current.items()) if e.get("kind") == "transition"]
        if transitions and data.get("state") != transitions[-1]["to"]:
            findings.append(Finding(rel, f"当前状态“{data.get('state')}”与最后一次状态变更（{transitions[-1]['to']}）不符"))
    return findings


def _describe(event: dict[str, Any]) -> str:
    if event.get("kind") == "transition":
        return f"{event.get('from') or '-'} -> {event.get('to')}，{event.get('date')}"
    if event.get("kind") in ("report", "selfcheck_review", "selfcheck_filing"):
        return f"{event.get('kind')} {event.get('report', 'selfcheck')} {event.get('year')}，{event.get('date')}"
    if event.get("kind") == "spot_check":
        return f"{event.get('check')}{event.get('result')}，{event.get('date')}"
    return f"{event.get('kind')} {event.get('objection')}，{event.get('date')}"
