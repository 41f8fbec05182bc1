"""The `wenquan` command group: the exception tree mapped to exit codes, and every command group registered."""

from __future__ import annotations

from typing import Any

import click

from wenquan import __version__
from wenquan.cli import after_naming, dossier, export, output, pull_request, site, workflow
from wenquan.errors import WenquanError


class WenquanGroup(click.Group):
    """Maps wenquan's exception tree to exit codes: 1 user error, 2 usage, 3 bug (with a traceback)."""

    def invoke(self, ctx: click.Context) -> Any:
        with output.safe_streams():
            return self._invoke(ctx)

    def _invoke(self, ctx: click.Context) -> Any:
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


for _command in dossier.COMMANDS + site.COMMANDS:
    cli.add_command(_command)
workflow.register(cli)
cli.add_command(export.export)
for _command in pull_request.COMMANDS + after_naming.COMMANDS:
    cli.add_command(_command)


def main(argv: list[str] | None = None) -> None:
    cli.main(args=argv, prog_name="wenquan")


if __name__ == "__main__":  # pragma: no cover
    main()
