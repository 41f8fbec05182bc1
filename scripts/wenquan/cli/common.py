"""Helpers the command modules share: the repository from -C or the current folder, and dates."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

import click

from wenquan.errors import UsageError
from wenquan.repo import Repository

if TYPE_CHECKING:
    from wenquan.workflow.case import Case


def repository(ctx: click.Context) -> Repository:
    root = ctx.find_root().obj
    return Repository.discover(Path(root or "."))


def case(ctx: click.Context, dossier_id: str) -> Case:
    from wenquan.workflow.case import Case

    return Case(repository(ctx), dossier_id)


def parse_date(value: str | None, option: str) -> dt.date:
    if value is None:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise UsageError(f"{option} 的日期“{value}”格式不对，应为 YYYY-MM-DD") from exc
