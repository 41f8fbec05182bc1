"""The `wenquan` command group: the exception tree mapped to exit codes, and every command group registered."""

from __future__ import annotations

import importlib
import os
import sys
from typing import Any

import click

from wenquan import __version__, clock
from wenquan.cli import help_text, interrupts, output, usage, workflow
from wenquan.errors import WenquanError

# Each command's module in wenquan.cli (its COMMANDS), loaded when the command is asked for (click's lazily loaded
# subcommands): a command line loads its own command's code, not every command's. The workflow commands (the
# audit, which CI runs on every change, among them) come with the group.
LAZY = {"validate": "dossier", "new": "dossier", "check": "dossier", "build": "site", "export": "export", "import": "importing",
        "diff": "pull_request", "review-comment": "pull_request", "report": "after_naming", "review-selfcheck": "after_naming",
        "file-selfcheck": "after_naming", "spot-check": "after_naming", "rules": "rules_register", "bot": "bot", "forge": "forge_files"}


# What click 8.2 and later raise for a group typed alone (earlier ones show its help and exit themselves).
_NO_ARGS_IS_HELP = getattr(click.exceptions, "NoArgsIsHelpError", ())


class WenquanGroup(click.Group):
    """Maps wenquan's exception tree to exit codes: 1 user error, 2 usage, 3 bug (with a traceback); loads each
    command's module when the command is asked for (LAZY); gives every command its help in Chinese (help_text)."""

    context_class = help_text.Context

    def add_command(self, cmd: click.Command, name: str | None = None) -> None:
        super().add_command(help_text.in_chinese(cmd), name)

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*self.commands, *LAZY})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in LAZY:
            for command in importlib.import_module(f"wenquan.cli.{LAZY[cmd_name]}").COMMANDS:
                self.add_command(command)
        return super().get_command(ctx, cmd_name)

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        # A real command line cannot carry NUL (argv is C strings); one given in-process is refused as usage.
        if any("\0" in arg for arg in args):
            raise click.UsageError("参数中含有 NUL 字符", ctx)
        return super().parse_args(ctx, args)

    def main(self, *args: Any, **kwargs: Any) -> Any:
        """Click's own main, with its usage errors said in Chinese (cli/usage.py)."""
        if not kwargs.get("standalone_mode", True):
            return super().main(*args, **kwargs)
        try:
            code = super().main(*args, **{**kwargs, "standalone_mode": False})
        except click.UsageError as exc:
            if isinstance(exc, _NO_ARGS_IS_HELP):  # a group typed alone: its help, not an error
                exc.show()
            else:
                click.echo(usage.shown(exc), err=True)
            sys.exit(exc.exit_code)
        except click.ClickException as exc:
            exc.show()
            sys.exit(exc.exit_code)
        except click.Abort:
            click.echo("wenquan: 已中止", err=True)
            sys.exit(1)
        sys.exit(code if isinstance(code, int) else 0)

    def invoke(self, ctx: click.Context) -> Any:
        with output.safe_streams(), interrupts.as_keyboard_interrupt():
            return self._invoke(ctx)

    def _invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except WenquanError as exc:
            click.echo(f"wenquan: {exc}", err=True)
            ctx.exit(exc.exit_code)
        except BrokenPipeError:  # the reader went away (`wenquan status | head -2`): end quietly, as git does
            _silence_stdout()
            ctx.exit(0)
        except OSError as exc:  # the system refused a file operation: a path, a permission, a full disk; not a bug
            where = f" {exc.filename}" if exc.filename else ""
            click.echo(f"wenquan: 无法访问{where}：{exc.strerror or exc}", err=True)
            ctx.exit(1)
        except KeyboardInterrupt:
            click.echo("wenquan: 已中断（进行中的写入已撤销或补完，仓库保持一致）", err=True)
            ctx.exit(130)
        except (click.exceptions.ClickException, click.exceptions.Exit, click.exceptions.Abort):
            raise
        except Exception:  # a bug: say so, and keep the traceback for the report
            import traceback

            click.echo("wenquan: 内部错误（这是程序缺陷，请把以下信息报告给维护者）", err=True)
            click.echo(traceback.format_exc(), err=True)
            ctx.exit(3)


@click.group(cls=WenquanGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="wenquan", message="%(prog)s %(version)s")
@click.option("-C", "--repo", "repo", type=click.Path(file_okay=False), default=None,
              help="仓库目录（默认从当前目录向上查找含 mkdocs.yml 和 dossiers/ 的目录）")
@click.option("--today", default=None, metavar="YYYY-MM-DD",
              help="把这一天当作今天（演练、补录、测试用；也可用环境变量 WENQUAN_TODAY）；提交中记为 Recorded-As-Of")
@click.pass_context
def cli(ctx: click.Context, repo: str | None, today: str | None) -> None:
    """wenquan：中国温泉之乡（城、都）命名工作的申报、评审与公示工具。"""
    ctx.obj = repo
    clock.set_today(clock.parse(today, "--today") if today is not None else None)
    clock.as_of()  # a malformed WENQUAN_TODAY is a usage error before anything runs


workflow.register(cli)


def _silence_stdout() -> None:
    """Point standard output at /dev/null, so that nothing more is written to a closed pipe."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)


def main(argv: list[str] | None = None) -> None:
    try:
        cli.main(args=argv, prog_name="wenquan")
    finally:
        try:
            sys.stdout.flush()  # what is still buffered goes now, while a closed pipe can still be told apart
        except BrokenPipeError:
            _silence_stdout()


if __name__ == "__main__":  # pragma: no cover
    main()
