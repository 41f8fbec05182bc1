"""The `wenquan` command: a thin layer over the core. Only this module reads argv or exits."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from wenquan import __version__
from wenquan.cli import after_naming, export, pull_request, workflow
from wenquan.cli.common import parse_date, repository
from wenquan.errors import WenquanError
from wenquan.repo import find_root


class WenquanGroup(click.Group):
    """Maps wenquan's exception tree to exit codes: 1 user error, 2 usage, 3 bug (with a traceback)."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except WenquanError as exc:
            click.echo(f"wenquan: {exc}", err=True)
            ctx.exit(exc.exit_code)
        except (click.exceptions.ClickException, click.exceptions.Exit, click.exceptions.Abort):
            raise
        except Exception:  # a bug: say so, and keep the traceback for the report
            import traceback

            click.echo("wenquan: 内部错误（这是程序缺陷，请把以下信息报告给维护者）", err=True)
            click.echo(traceback.format_exc(), err=True)
            ctx.exit(3)


@click.group(cls=WenquanGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="wenquan")
@click.option("-C", "--repo", "repo", type=click.Path(file_okay=False), default=None,
              help="仓库目录（默认从当前目录向上查找含 mkdocs.yml 和 dossiers/ 的目录）")
@click.pass_context
def cli(ctx: click.Context, repo: str | None) -> None:
    """wenquan：中国温泉之乡（城、都）命名工作的申报、评审与公示工具。"""
    ctx.obj = repo


@cli.command()
@click.option("--audience", type=click.Choice(["public", "review"]), default="public", show_default=True,
              help="public：公开网站（公示、名录）；review：内部审查网站（全部信息）")
@click.option("--out", "out", type=click.Path(path_type=Path), help="输出目录（默认 public/ 或 public-review/）")
@click.option("--on", "on", help="按此日期计算公示剩余天数等（YYYY-MM-DD），默认今天")
@click.option("--strict", is_flag=True, help="mkdocs 有警告时也视为失败")
@click.pass_context
def build(ctx: click.Context, audience: str, out: Path | None, on: str | None, strict: bool) -> None:
    """生成网站：公开网站（默认）或审查网站。"""
    from wenquan.site.build import build as core

    repo = repository(ctx)
    folder = core(repo.root, audience, out, parse_date(on, "--on") if on else None, strict)
    click.echo(f"已生成{'公开' if audience == 'public' else '审查'}网站：{folder}", err=True)


@cli.command()
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
    report = core.validate_targets(targets, root, on)
    report.diagnostics[:0] = unknown
    report.files += len(unknown)
    REPORTERS[fmt](report)
    ctx.exit(1 if report.failed(strict) else 0)


@cli.command()
@click.argument("dossier_id", metavar="ID")
@click.option("--level", type=click.Choice(["乡", "城", "都"]), required=True, help="申报称号：乡、城或都")
@click.option("--place", required=True, help="地点，例如“雄县”")
@click.pass_context
def new(ctx: click.Context, dossier_id: str, level: str, place: str) -> None:
    """新建一份申报材料：所有键都列出，未知的写 null。"""
    from wenquan.dossier import scaffold

    created = scaffold.create(repository(ctx), dossier_id, level, place)
    click.echo(f"已创建 {created}；填写后运行 wenquan validate {created}")


@cli.command()
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


workflow.register(cli)
cli.add_command(export.export)
for _command in pull_request.COMMANDS + after_naming.COMMANDS:
    cli.add_command(_command)


def main(argv: list[str] | None = None) -> None:
    cli.main(args=argv, prog_name="wenquan")


if __name__ == "__main__":  # pragma: no cover
    main()
