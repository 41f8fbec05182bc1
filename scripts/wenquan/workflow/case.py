"""One application's files and records, and the commit message format every write uses."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from wenquan import clock
from wenquan.errors import UserError
from wenquan.repo import Repository
from wenquan.rules.ruleset import Rules
from wenquan.store.transaction import Transaction, transaction
from wenquan.workflow import effects, records

SECRETARIAT = "中国矿业联合会秘书局"


@dataclass(frozen=True)
class Case:
    repo: Repository
    id: str

    @property
    def folder(self) -> Path:
        return self.repo.dossier_dir(self.id)

    @property
    def dossier_path(self) -> Path:
        return self.folder / "dossier.yaml"

    @property
    def workflow_path(self) -> Path:
        return self.folder / "workflow.yaml"

    @property
    def review_path(self) -> Path:
        return self.folder / "review.yaml"

    def dossier(self) -> dict[str, Any]:
        from wenquan.rules.check import load_dossier

        return load_dossier(self.repo, self.id)

    def workflow(self) -> dict[str, Any] | None:
        return records.read(self.workflow_path, "workflow", self.repo.root)

    def review(self) -> dict[str, Any]:
        data = records.read(self.review_path, "review", self.repo.root)
        return data or effects.new_review(self.id)

    @contextmanager
    def writing(self, guarded: list[Path]) -> Iterator[Transaction]:
        """A write on this dossier: the repository locked, `guarded` files clean, and the records proven by the audit."""
        from wenquan.workflow import audit

        records = [self.workflow_path, self.review_path]
        with transaction(self.repo.root, list(dict.fromkeys([*guarded, *records])), self.repo.verify) as tx:
            ids = [tx.base.in_head.get(tx.rel(p)) for p in records]
            audit.refuse_untrusted(self.repo, self.id, ids, tx.git.git_dir)
            yield tx
            if tx.committed:
                audit.remember_trusted(self.id, [tx.committed.get(tx.rel(p), old) for p, old in zip(records, ids, strict=True)],
                                       tx.git.git_dir)

    def title(self, dossier: dict[str, Any], rules: Rules) -> str:
        return f"{rules.level(dossier['level'])['title']}（{dossier['place']}）"


def state_of(workflow: dict[str, Any] | None) -> str | None:
    return workflow["state"] if workflow else None


def last_date(workflow: dict[str, Any] | None) -> dt.date | None:
    if not workflow:
        return None
    return max(dt.date.fromisoformat(e["date"]) for e in workflow["events"])


def check_date(workflow: dict[str, Any] | None, on: dt.date) -> None:
    """An event is dated no later than today and no earlier than the last one recorded."""
    today = clock.today()
    if on > today:
        raise UserError(f"日期 {on} 晚于今天（{today}）：流程只记录已经发生的事。"
                        f"如为演练或补录，请用 wenquan --today YYYY-MM-DD 指定当日")
    previous = last_date(workflow)
    if previous and on < previous:
        later = f"（该日期晚于今天 {today}，是用 --today 演练或补录时记下的）" if previous > today else ""
        raise UserError(f"日期 {on} 早于上一次记录的日期 {previous}{later}；流程记录只能按时间顺序追加")



# Trailers the caller adds to every commit made inside `attributed` (wenquan bot: who asked, where, which comment).
_ATTRIBUTION: ContextVar[tuple[tuple[str, str], ...]] = ContextVar("attribution", default=())


@contextmanager
def attributed(trailers: list[tuple[str, str]]) -> Iterator[None]:
    token = _ATTRIBUTION.set(tuple(trailers))
    try:
        yield
    finally:
        _ATTRIBUTION.reset(token)


def message(subject: str, trailers: list[tuple[str, Any]]) -> str:
    """The commit message: a subject, then wenquan's trailers (and `Recorded-As-Of:` when --today set the day, and
    the attribution of a command given in a forge comment)."""
    as_of = clock.as_of()
    lines = [f"{key}: {value}" for key, value in [*trailers, ("Recorded-As-Of", as_of), *_ATTRIBUTION.get()] if value is not None]
    return f"{subject}\n\n" + "\n".join(lines) + "\n"


def require_state(workflow: dict[str, Any] | None, allowed: tuple[str, ...], what: str) -> None:
    state = state_of(workflow)
    if state not in allowed:
        raise UserError(f"当前状态为{state or '未申报'}，不能{what}（只能在" + "、".join(allowed) + "状态下进行）")
