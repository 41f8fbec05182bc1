"""The site command: `wenquan build` of the public or the internal review site."""

from __future__ import annotations

from pathlib import Path

import click

from wenquan.cli.common import parse_date, repository


@click.command()
@click.option("--audience", type=click.Choice(["public", "review"]), default="public", show_default=True,
              help="public：公开网站（公示、名录）；review：内部审查网站（全部信息）")
@click.option("--out", "out", type=click.Path(path_type=Path), help="输出目录（默认 public/ 或 public-review/）")
@click.option("--on", "on", help="按此日期计算公示剩余天数等（YYYY-MM-DD），默认今天")
@click.option("--strict", is_flag=True, help="mkdocs 有警告时也视为失败")
@click.option("--renderer", type=click.Choice(["mkdocs", "zensical"]), default="mkdocs", show_default=True,
              help="mkdocs：MkDocs 与 Material（默认）；zensical：Zensical（Material 的后继，需另装 zensical）")
@click.pass_context
def build(ctx: click.Context, audience: str, out: Path | None, on: str | None, strict: bool, renderer: str) -> None:
    """生成网站：公开网站（默认）或审查网站。"""
    from wenquan.site.build import build as core

    repo = repository(ctx)
    folder = core(repo.root, audience, out, parse_date(on, "--on") if on else None, strict, renderer)
    by = "（Zensical）" if renderer == "zensical" else ""
    click.echo(f"已生成{'公开' if audience == 'public' else '审查'}网站{by}：{folder}", err=True)
    from wenquan.site.plugin import RENDERER_NOTICE

    if renderer == "mkdocs":
        click.echo(f"提示：{RENDERER_NOTICE}。", err=True)


COMMANDS = (build,)
