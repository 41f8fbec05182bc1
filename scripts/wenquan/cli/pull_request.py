"""Pull-request commands: `wenquan diff` and `wenquan review-comment`."""

from __future__ import annotations

import click

from wenquan.cli.common import parse_date, repository


@click.command("diff")
@click.argument("rev_a", metavar="REV_A")
@click.argument("rev_b", metavar="REV_B")
@click.argument("ids", nargs=-1, metavar="[ID ...]")
@click.option("--format", "fmt", type=click.Choice(["markdown", "text", "json"]), default="text", show_default=True,
              help="markdown 供拉取请求评论，text 供终端阅读，json 供程序读取")
@click.option("--on", "on", default=None, help="按此日期（YYYY-MM-DD）评估申报条件，默认今天")
@click.pass_context
def diff(ctx: click.Context, rev_a: str, rev_b: str, ids: tuple[str, ...], fmt: str, on: str | None) -> None:
    """两个版本之间申报材料含义上的变化：字段、条件、建议分、状态变更。"""
    from wenquan.forge import diff_render, semdiff

    changes = semdiff.diff(repository(ctx).root, rev_a, rev_b, list(ids) or None, parse_date(on, "--on"))
    click.echo(diff_render.RENDERERS[fmt](changes), nl=False)


@click.command("review-comment")
@click.option("--base", required=True, help="拉取请求的基准提交（如 origin/main）")
@click.option("--head", default="HEAD", show_default=True, help="拉取请求的最新提交")
@click.option("--on", "on", default=None, help="按此日期（YYYY-MM-DD）评估，默认今天")
@click.pass_context
def review_comment(ctx: click.Context, base: str, head: str, on: str | None) -> None:
    """为拉取请求生成一条 Markdown 评论：检查结果、改动含义、条件变化、审计、需要的批准。"""
    from wenquan.forge.pr_comment import render

    click.echo(render(repository(ctx).root, base, head, parse_date(on, "--on")), nl=False)


COMMANDS = (diff, review_comment)
