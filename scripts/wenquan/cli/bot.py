"""`wenquan bot`: run the `/wenquan …` commands of one forge comment (issue 19); the core is forge/bot.py."""

from __future__ import annotations

import os
from pathlib import Path

import click

from wenquan.cli.common import repository
from wenquan.errors import UserError
from wenquan.fsutil import write_text_atomic


def _run(cli: click.Command, root: Path, args: list[str]) -> tuple[int, str]:
    """One command exactly as the CLI runs it, in this process (never through a shell): exit code and what it said."""
    from click.testing import CliRunner

    result = CliRunner().invoke(cli, ["-C", str(root), *args], catch_exceptions=False, prog_name="wenquan")
    said = (result.stdout + result.stderr).strip()
    if result.exit_code == 2:   # click's usage message: the line that says what is wrong, after the command's usage
        error = [line.removeprefix("Error: ") for line in said.splitlines() if line.startswith("Error: ")]
        usage = [line.removeprefix("Usage: ") for line in said.splitlines() if line.startswith("Usage: ")]
        said = "命令的写法不对：" + "；".join(error or [said]) + (f"（用法：{usage[0]}）" if usage else "")
    return result.exit_code, said


def _switch(root: Path, branch: str) -> None:
    from wenquan.store.writer import Git, GitFailed

    git = Git(root)
    if (git.symbolic_head() or "").removeprefix("refs/heads/") == branch:
        return
    try:
        git.run("switch", "--quiet", branch)
    except GitFailed as exc:
        raise UserError(f"无法切换到分支 {branch}：{exc}") from None


@click.command("bot")
@click.option("--event", "event_path", required=True, type=click.Path(dir_okay=False, exists=True),
              help="事件文件（GitHub Actions 中为 $GITHUB_EVENT_PATH）")
@click.option("--event-name", default=None, type=click.Choice(["issue_comment", "pull_request_review", "pull_request_review_comment"]),
              help="事件名（默认取 $GITHUB_EVENT_NAME）")
@click.option("--pr-head", default=None, help="拉取请求的分支（issue_comment 事件不带它时由工作流提供）")
@click.option("--pr-base", default=None, help="拉取请求的目标分支")
@click.option("--dry-run", is_flag=True, help="只检查权限和去向，不执行")
@click.option("--reply", "reply", default=None, type=click.Path(dir_okay=False), help="把回复（Markdown）写入此文件")
@click.option("--allow-public", is_flag=True, help="在公开仓库中也执行（仓库含联系人和评审表，应为私有）")
@click.pass_context
def bot(ctx: click.Context, event_path: str, event_name: str | None, pr_head: str | None, pr_base: str | None, dry_run: bool,
        reply: str | None, allow_public: bool) -> None:
    """执行一条评论（或评审）中以 /wenquan 开头的命令：核对账号的角色，逐条执行并写出回复。"""
    from wenquan.forge import bot as core
    from wenquan.store.writer import Git
    from wenquan.workflow.case import attributed

    root = repository(ctx).root
    event = core.read_event(Path(event_path), event_name or os.environ.get("GITHUB_EVENT_NAME"), pr_head, pr_base)
    found = core.commands(event.body)
    lines = core.header(event, found)
    if found and event.action not in core.ACTED:
        lines.append("评论修改或删除后不重新执行：命令只在评论发表时执行一次。")
        found = []
    elif found and event.private is not True and not allow_public:
        lines.append("本仓库是公开的（或事件没有说明是否私有）：仓库含联系人、专家身份和评审表，应为私有仓库；wenquan bot 不在公开仓库中执行命令。")
        found = []
    if found:
        roles = core.Roles.load(root)
        git = Git(root)
        for command in found:
            core.authorize(root, roles, event.login, command)
        core.place(event, git, found)
        for command in found:
            command.done = core.recorded(git, event, command)
    stop = failed = False
    for command in found:
        if stop:
            lines.append(core.skipped(command))
            continue
        if command.problems:
            lines.append(core.refused(command, command.problems))
            stop = failed = True
            continue
        if command.done:
            lines.append(core.already(command))
            continue
        if dry_run:
            lines.append(core.would(command))
            continue
        assert command.branch is not None
        _switch(root, command.branch)
        before = Git(root).head()
        with attributed(core.attribution(event, command)):
            code, said = _run(ctx.find_root().command, root, command.args)
        after = Git(root).head()
        if code != 0 or after == before:
            lines.append(core.refused(command, [said or "命令没有产生提交"]) if code != 0 else core.unchanged(command, said))
            stop = failed = code != 0
            continue
        lines.append(core.done(command, str(after), said))
    text = "\n".join(lines) + "\n"
    if reply:
        write_text_atomic(Path(reply), text)
    click.echo(text, nl=False)
    if failed:
        ctx.exit(1)


COMMANDS = (bot,)
