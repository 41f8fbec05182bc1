"""Helpers the command modules share: the repository from -C or the current folder, and dates."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from wenquan import clock
from wenquan.repo import Repository

if TYPE_CHECKING:
    from wenquan.workflow.case import Case


NO_VERIFY = "wenquan.no_verify"


def repository(ctx: click.Context) -> Repository:
    """The repository the command works on, with a write interrupted earlier finished or undone first."""
    from wenquan.store.recovery import recover

    root = ctx.find_root().obj
    repo = Repository.discover(Path(root or "."))
    said = recover(repo.root)
    if said:
        click.echo(f"wenquan: {said}", err=True)
    return Repository(repo.root, verify=not ctx.meta.get(NO_VERIFY, False))


def writes(command: Callable[..., Any]) -> Callable[..., Any]:
    """A command that commits: it takes git's --no-verify."""

    def skip_hooks(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
        if value:
            ctx.meta[NO_VERIFY] = True

    return click.option("--no-verify", is_flag=True, expose_value=False, callback=skip_hooks,
                        help="不运行仓库的 pre-commit 与 commit-msg 钩子（同 git commit --no-verify）")(command)


def case(ctx: click.Context, dossier_id: str) -> Case:
    from wenquan.workflow.case import Case

    return Case(repository(ctx), dossier_id)


def parse_date(value: str | None, option: str) -> dt.date:
    return clock.today() if value is None else clock.parse(value, option)
