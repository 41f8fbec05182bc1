"""`wenquan forge issue-form`: the forge files wenquan generates from the format (issue 19 §8)."""

from __future__ import annotations

import json
from pathlib import Path

import click

from wenquan.cli.common import repository
from wenquan.fsutil import write_text_atomic

ISSUE_FORM = Path(".github/ISSUE_TEMPLATE/apply.yml")


@click.group("forge")
def forge() -> None:
    """代码托管平台上的文件：由申报材料格式生成。"""


@forge.command("issue-form")
@click.option("-o", "--output", "output", default=None, type=click.Path(dir_okay=False),
              help=f"写入此文件（默认 {ISSUE_FORM}；- 为标准输出）")
@click.pass_context
def issue_form(ctx: click.Context, output: str | None) -> None:
    """生成申报的议题表单（不用 git 的申报者填写后，wenquan bot 为其建立申报分支）。"""
    from wenquan.forge.issue_form import render

    repo = repository(ctx)
    text = render(json.loads((repo.schemas / "dossier.schema.json").read_text(encoding="utf-8")))
    if output == "-":
        click.echo(text, nl=False)
        return
    target = Path(output) if output else repo.root / ISSUE_FORM
    target.parent.mkdir(parents=True, exist_ok=True)
    write_text_atomic(target, text)
    click.echo(f"已生成 {target}")


COMMANDS = (forge,)
