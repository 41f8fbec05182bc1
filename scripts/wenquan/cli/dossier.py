"""The dossier commands: `wenquan validate`, `wenquan new` and `wenquan check`."""

from __future__ import annotations

from pathlib import Path

import click

from wenquan.cli import output
from wenquan.cli.common import parse_date, repository
from wenquan.repo import find_root


@click.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["text", "json", "github"]), default="text", show_default=True,
              help="输出格式：text 供人阅读，json 供程序读取，github 为拉取请求中的行内标注")
@click.option("--strict", is_flag=True, help="有警告也以退出码 1 结束")
@click.option("--today", "today", default=None, help="以此日期（YYYY-MM-DD）判断“未来”的年份和日期，默认今天")
@click.pass_context
def validate(ctx: click.Context, paths: tuple[Path, ...], fmt: str, strict: bool, today: str | None) -> None:
    """检查申报材料和登记文件；不给路径时检查 dossiers/ 与 registry/ 下的全部文件。"""
    from wenquan.dossier import validate as core
    from wenquan.dossier.reporters import REPORTERS

    on = parse_date(today, "--today")
    if paths:
        root = find_root(Path(ctx.obj) if ctx.obj else paths[0].resolve().parent)
        targets, unknown = core.targets_for(list(paths))
    else:
        root = repository(ctx).root
        targets, unknown = core.default_targets(root), []
    from wenquan.rules.figures import typed_figures

    report = core.validate_targets(targets, root, on, (typed_figures,))
    report.diagnostics[:0] = unknown
    report.files += len(unknown)
    if fmt == "github":
        with output.commands_allowed():  # the annotations are meant for the runner; their text is escaped
            REPORTERS[fmt](report)
    else:
        REPORTERS[fmt](report)
    ctx.exit(1 if report.failed(strict) else 0)


@click.command()
@click.argument("dossier_id", metavar="ID")
@click.option("--level", type=click.Choice(["乡", "城", "都"]), required=True, help="申报称号：乡、城或都")
@click.option("--place", required=True, help="地点，例如“雄县”")
@click.pass_context
def new(ctx: click.Context, dossier_id: str, level: str, place: str) -> None:
    """新建一份申报材料：所有键都列出，未知的写 null。"""
    from wenquan.dossier import scaffold

    created = scaffold.create(repository(ctx), dossier_id, level, place)
    click.echo(f"已创建 {created}；填写后运行 wenquan validate {created}")


@click.command()
@click.argument("dossier_id", metavar="ID")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True, help="输出格式")
@click.option("--on", "on", default=None, help="评价日期（YYYY-MM-DD），用于判断许可证是否有效，默认今天")
@click.pass_context
def check(ctx: click.Context, dossier_id: str, fmt: str, on: str | None) -> None:
    """按管理办法计算指标、逐条判断申报条件、给出客观指标建议分。"""
    import json

    from wenquan.rules import check as core
    from wenquan.rules.check_text import render

    result = core.run(repository(ctx), dossier_id, parse_date(on, "--on"))
    click.echo(json.dumps(result, ensure_ascii=False, indent=2) if fmt == "json" else render(result))


COMMANDS = (validate, new, check)
