"""`wenquan rules`: the interpretations register, the choices the software makes where the 办法 is silent."""

from __future__ import annotations

import json

import click

from wenquan.cli.common import repository


@click.command("rules")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="输出格式：text 供人阅读，json 供程序读取")
@click.pass_context
def rules(ctx: click.Context, fmt: str) -> None:
    """列出释义登记：管理办法未明定、由本软件作出选择的每一处（registry/rules.yaml interpretations）。"""
    from wenquan.rules.ruleset import Rules

    register = Rules.load(repository(ctx).root).interpretations
    if fmt == "json":
        click.echo(json.dumps(register, ensure_ascii=False, indent=2))
        return
    for entry in register:
        click.echo(f"{entry['id']}　{entry['clause']}\n  问题：{entry['question']}\n  选择：{entry['choice']}\n  理由：{entry['why']}\n")
    click.echo(f"共 {len(register)} 条释义；检查结果、警告和页面以编号引用它们。")


COMMANDS = (rules,)
