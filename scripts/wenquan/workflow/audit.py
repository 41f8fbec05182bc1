"""`wenquan audit`: prove every fact in the records from the history of commits that wrote them.

The full audit (`audit()`) proves HEAD's records from each dossier's chain of wenquan commits in one pass
over the commit messages (`proof`); a dossier the chain does not prove is replayed commit by commit, which
names what is wrong. `audit(since=BASE)` (a pull request) and `audit(deep=True)` replay every commit that
changed a `workflow.yaml` or `review.yaml` in the range (`replay`): one `git log --raw` for the commits and
their blob ids, then one `git cat-file --batch` for every blob the replay needs. Uncommitted edits of records
are compared with HEAD, and frozen notices with their recorded digests, either way.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Container
from pathlib import Path
from typing import Any

from wenquan.errors import UserError
from wenquan.repo import Repository
from wenquan.store.log import LoggedCommit, logged
from wenquan.store.writer import Git, GitFailed, check_revision
from wenquan.workflow import frozen
from wenquan.workflow.replay import RECORDS, UNREADABLE, Finding, _show, differences, historical, inputs, parse, reader, replay_commit

__all__ = ["Finding", "audit", "refuse_untrusted", "remember_trusted"]

REPAIR = ("修复方法：用 git revert 撤销手工修改的提交（未提交的修改用 git checkout -- 文件 撤销），"
          "再运行 wenquan audit 确认；确需更正的记录，用 wenquan 的命令重新办理")


def _calendar(root: Path) -> Any:
    from wenquan.rules.workdays import Calendar

    try:
        return Calendar.load(root)
    except UserError:
        return None


def audit(repo: Repository, since: str | None = None, dossiers: list[str] | None = None, deep: bool = False) -> list[Finding]:
    """Every finding about the records of `dossiers` (default: all), for the commits after `since` (default: all).

    The full audit (no `since`, no `dossiers`, not `deep`) proves HEAD's records from the trailer chains and
    replays commit by commit only the dossiers those do not prove."""
    git = Git(repo.root)
    if since is not None or dossiers is not None or deep:
        return _replayed(repo, git, since, dossiers)
    from wenquan.workflow import head_records, proof

    heads = head_records.of(git)  # started early, while the history is read
    untracked: list[str] = []
    try:
        result = proof.prove(git, reader(git), _calendar(repo.root), heads.blobs,
                             meanwhile=lambda: untracked.extend(_not_in_head(repo, heads.blobs)))
    except GitFailed:
        if git.head() is None:  # no commit yet (asked only now: the question costs a git process)
            return _replayed(repo, git, since, dossiers)
        raise
    findings = _replayed(repo, git, None, sorted(result.unproven)) if result.unproven else []
    ids = sorted(result.proven)
    findings += _frozen_notices(repo, git, ids, result.proven.__getitem__)
    dirty = [rel for rel in sorted(heads.changed.union(untracked)) if rel.split("/")[1] not in result.unproven]
    content = reader(git)([f"HEAD:{rel}" for rel in dirty])
    return findings + _compare_disk(repo, dirty, lambda rel: content(f"HEAD:{rel}"))


def _not_in_head(repo: Repository, heads: Container[tuple[str, str]]) -> list[str]:
    """The records on disk that HEAD does not have (`heads`: HEAD's, from `head_records`). git status is
    asked about tracked records only (audit_reads.STATUS): its own search of every dossier folder for untracked
    files costs git more than this costs Python. A record HEAD lacks is looked for with `access`, which says "no"
    without raising an error as `stat` would. The full audit looks while its forked child starts on the chains
    (`proof.prove`'s `meanwhile`), which takes more of them meanwhile."""
    found = []
    with os.scandir(repo.dossiers) as entries:
        folders = [(f.name, f.path) for f in entries if f.is_dir()]
    for kind in RECORDS:
        found += [f"dossiers/{name}/{kind}.yaml" for name, path in folders
                  if (name, kind) not in heads and os.access(f"{path}/{kind}.yaml", os.F_OK) and os.path.isfile(f"{path}/{kind}.yaml")]
    return sorted(found)


def _compare_disk(repo: Repository, tracked: list[str], committed: Callable[[str], Any]) -> list[Finding]:
    findings: list[Finding] = []
    for rel in tracked:
        path = repo.root / rel
        head = committed(rel)
        on_disk = parse(path.read_bytes()) if path.is_file() else None
        if on_disk == head:
            continue
        if head is None:
            findings.append(Finding(rel, "文件未提交：流程记录只能由 wenquan 的提交写入"))
            continue
        if on_disk == UNREADABLE:
            findings.append(Finding(rel, "工作区中的文件不是可以读取的 YAML 记录（未提交的手工修改把整个文件改坏了）", "（整个文件）", None, head))
            continue
        for name, recorded, wanted in differences(on_disk, head):
            findings.append(Finding(rel, f"工作区中有未提交的手工修改（被改动过）：{name} 为“{_show(recorded)}”，"
                                         f"最后一次提交为“{_show(wanted)}”", name, recorded, wanted))
    return findings


def _replayed(repo: Repository, git: Git, since: str | None, dossiers: list[str] | None) -> list[Finding]:
    """Every commit since `since` that changed the records of `dossiers` (default: all), replayed one by one."""
    if since is not None:
        check_revision(since)
        try:
            since = git.run("rev-parse", "--verify", "--quiet", f"{since}^{{commit}}").strip()
        except GitFailed:
            raise UserError(f"找不到提交“{since}”") from None
    ids = dossiers if dossiers is not None else sorted({p.parent.name for k in RECORDS for p in repo.dossiers.glob(f"*/{k}.yaml")})
    specs = [f"dossiers/{i}/{k}.yaml" for i in ids for k in RECORDS] if dossiers is not None else [f"dossiers/*/{k}.yaml" for k in RECORDS]
    try:
        commits = logged(git, specs, since)
    except GitFailed as exc:
        raise UserError(f"无法读取提交历史：{exc}") from None
    names: list[str] = []
    for c in commits:
        touched = sorted({Path(ch.path).parent.name for ch in c.changes})
        names += [x for ch in c.changes for x in (ch.old, ch.new) if x]
        names += [f"{c.sha}:dossiers/{i}/{k}.yaml" for i in touched for k in RECORDS]
        names += inputs(c, touched)
    tracked = [f"dossiers/{i}/{k}.yaml" for i in ids for k in RECORDS]
    names += [f"HEAD:{p}" for p in tracked]
    content = reader(git)(names) if git.head() else (lambda name: None)
    calendar = _calendar(repo.root)
    findings: list[Finding] = []
    for c in commits:
        by_dossier: dict[str, dict[str, Any]] = {}
        for ch in c.changes:
            dossier_id, kind = Path(ch.path).parent.name, Path(ch.path).stem
            if kind in RECORDS:
                by_dossier.setdefault(dossier_id, {})[kind] = ch
        for dossier_id, changed in sorted(by_dossier.items()):
            findings += _commit_findings(c, dossier_id, changed, content, calendar)
    findings += _frozen_notices(repo, git, ids, lambda i: frozen.recorded(content(f"HEAD:dossiers/{i}/workflow.yaml")))
    findings += _compare_disk(repo, tracked, lambda rel: content(f"HEAD:{rel}"))
    return findings


def _frozen_notices(repo: Repository, git: Git, ids: list[str], notices: Callable[[str], list[dict[str, Any]]]) -> list[Finding]:
    """Every notice text frozen at publication (二、5) must still be, committed and on disk, what its SHA-256 says
    (`notices`: what each dossier's workflow recorded, `frozen.recorded`)."""
    wanted = [(i, n) for i in ids for n in notices(i)]
    names = [f"HEAD:dossiers/{i}/{n.get('text')}" for i, n in wanted]
    blobs = dict(zip(names, git.objects(names), strict=True)) if names else {}
    findings = []
    for (dossier_id, notice), name in zip(wanted, names, strict=True):
        rel = f"dossiers/{dossier_id}/{notice.get('text')}"
        blob = blobs.get(name)
        if blob is None or frozen.digest(blob[2]) != notice.get("sha256"):
            findings.append(Finding(rel, f"{notice.get('start')} 开始的公示文本{'不在仓库中' if blob is None else '在发布后被改动过（与记录的 SHA-256 不符）'}",
                                    "notice.sha256", frozen.digest(blob[2]) if blob else None, notice.get("sha256")))
            continue
        path = repo.root / rel
        if not path.is_file() or frozen.digest(path.read_bytes()) != notice.get("sha256"):
            findings.append(Finding(rel, f"工作区中 {notice.get('start')} 开始的公示文本{'被删除' if not path.is_file() else '有未提交的手工修改'}",
                                    "notice.sha256", None, notice.get("sha256")))
    return findings


def _commit_findings(c: LoggedCommit, dossier_id: str, changed: dict[str, Any], content: Any, calendar: Any) -> list[Finding]:
    before = {k: content(changed[k].old) if k in changed else None for k in RECORDS}
    after = {k: content(changed[k].new) if k in changed else None for k in RECORDS}
    for kind in RECORDS:  # an unchanged record is the same before and after; read it from the commit only when needed
        if kind not in changed:
            before[kind] = after[kind] = content(f"{c.sha}:dossiers/{dossier_id}/{kind}.yaml")
    return replay_commit(c, dossier_id, sorted(changed), before, after, historical(c, dossier_id, content), calendar)


def _trust_file(git_dir: Path) -> Path:
    """Where this repository's proven record states are remembered: the user's cache, never the repository."""
    import hashlib

    from wenquan.fsutil import cache_home

    return cache_home() / f"trusted-{hashlib.sha256(str(git_dir.resolve()).encode()).hexdigest()[:20]}.txt"


def _trust_key(dossier_id: str, ids: list[str | None]) -> str:
    return ":".join([dossier_id, *(i or "-" for i in ids)])


def _trusted(git_dir: Path) -> list[str]:
    try:
        return _trust_file(git_dir).read_text(encoding="utf-8").split()
    except OSError:
        return []


def remember_trusted(dossier_id: str, ids: list[str | None], git_dir: Path) -> None:
    """Remember that records with exactly these blob ids are proven (the cache may be deleted at any time)."""
    from wenquan.fsutil import write_text_atomic

    keys = [k for k in _trusted(git_dir) if k != _trust_key(dossier_id, ids)][-5000:] + [_trust_key(dossier_id, ids)]
    try:
        path = _trust_file(git_dir)
        path.parent.mkdir(parents=True, exist_ok=True)
        write_text_atomic(path, "\n".join(keys) + "\n")
    except OSError:
        pass  # no cache: the next write audits again


def refuse_untrusted(repo: Repository, dossier_id: str, ids: list[str | None], git_dir: Path) -> None:
    """A dossier whose records the history does not prove cannot be acted on: say why and how to repair.

    `ids` are the blob ids of its workflow.yaml and review.yaml in HEAD (the transaction has checked the work
    tree agrees). Records with the same content as records proven before need no second replay.
    """
    if not any(ids) or _trust_key(dossier_id, ids) in _trusted(git_dir):
        return  # no record yet: no fact to prove (a deleted record is still reported by the full audit)
    findings = audit(repo, None, [dossier_id])
    if findings:
        shown = "\n".join(f"  - {f.path}: {f.message}" for f in findings[:10])
        more = f"\n  …另有 {len(findings) - 10} 项" if len(findings) > 10 else ""
        raise UserError(f"{dossier_id} 的流程记录未通过审计，不能在其上记录新的操作：\n{shown}{more}\n{REPAIR}")
    remember_trusted(dossier_id, ids, git_dir)
