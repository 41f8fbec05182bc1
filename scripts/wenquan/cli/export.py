"""The document command: `wenquan export <id> <doc>` and `wenquan export --all <doc>`."""

from __future__ import annotations

from pathlib import Path

import click

from wenquan.cli import output as streams
from wenquan.cli.common import parse_date, repository
from wenquan.errors import UsageError


def _doc_help() -> str:
    from wenquan.documents.export import DOCS

    return "；".join(f"{d.name}：{d.title}（{d.source}）" for d in DOCS.values())


@click.command()
@click.argument("args", nargs=-1, metavar="[ID] DOC")
@click.option("--all", "every", is_flag=True, help="为每一份申报材料各生成一份")
@click.option("--format", "fmt", type=click.Choice(["md", "docx"]), default="md", show_default=True,
              help="md：Markdown（pandoc 格式）；docx：Word（公文格式）")
@click.option("-o", "--output", "output", default=None,
              help="输出文件或文件夹（默认当前文件夹，文件名为“编号-文书名”）；单份 md 可用 - 输出到标准输出")
@click.option("--on", "on", default=None, help="按此日期（YYYY-MM-DD）计算指标，默认今天")
@click.option("--blank", is_flag=True, help="空白表（只用于申报表 application）：每一栏都有单位和填写格式，供申报单位在 Word 或 WPS 中填写")
@click.option("--year", type=click.IntRange(2000, 2100), default=None,
              help="自检文书的年度（默认最近一次报送的自检，没有时为下一次中评估年份）")
@click.pass_context
def export(ctx: click.Context, args: tuple[str, ...], every: bool, fmt: str, output: str | None, on: str | None,
           year: int | None, blank: bool) -> None:
    """生成文书：申报表、评审表、公示、碑文、申报报告提纲、规划报告提纲、自检报表、自检评分表。"""
    from wenquan.documents import export as core

    if blank:
        if every or len(args) != 1:
            raise UsageError("用法：wenquan export application --blank [--format docx] [-o 文件]（空白表不属于某一份申报材料，不写编号）")
        root = repository(ctx).root
        if output == "-":
            if fmt != "md":
                raise UsageError("-o - 只能用于 md 格式")
            with streams.commands_allowed():
                click.echo(core.blank_markdown(root, args[0]), nl=False)
            return
        click.echo(str(core.export_blank(root, args[0], fmt, Path(output or "."))))
        return
    if every != (len(args) == 1) or len(args) not in (1, 2):
        raise UsageError("用法：wenquan export ID DOC，或 wenquan export --all DOC；DOC 可选：" + _doc_help())
    root = repository(ctx).root
    today = parse_date(on, "--on")
    doc = args[-1]
    ids = core.dossier_ids(root, doc) if every else [args[0]]
    if output == "-":
        if every or fmt != "md":
            raise UsageError("-o - 只能用于单份 md 文书")
        # a document for a file or a pipe: its own `:::` divs stay; dossier text in it cannot open a line with `:`
        with streams.commands_allowed():
            click.echo(core.markdown(root, ids[0], doc, today, year), nl=False)
        return
    out = Path(output or ".")
    if every:
        if out.exists() and not out.is_dir():
            raise UsageError(f"--all 时 -o 须为文件夹，而 {out} 是文件")
    if every:
        for written in core.export_all(root, ids, doc, fmt, out, today, year):
            click.echo(str(written))
        return
    click.echo(str(core.export(root, ids[0], doc, fmt, out, today, year)))


COMMANDS = [export]
