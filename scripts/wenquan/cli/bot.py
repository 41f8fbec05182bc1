"""`wenquan bot`: run the `/wenquan …` commands of one forge comment (issue 19); the core is forge/bot.py."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import TYPE_CHECKING

import click

from wenquan import clock
from wenquan.cli.common import repository
from wenquan.errors import UserError
from wenquan.fsutil import write_text_atomic

if TYPE_CHECKING:   # every wenquan command imports this module: the bot's core loads only when the bot runs
    from wenquan.forge.bot import Event
    from wenquan.repo import Repository


def _run(cli: click.Command, root: Path, args: list[str]) -> tuple[int, str]:
    """One command exactly as the CLI runs it, in this process (never through a shell): exit code and what it said."""
    from click.testing import CliRunner

    result = CliRunner().invoke(cli, ["-C", str(root), *args], catch_exceptions=False, prog_name="wenquan")
    said = (result.stdout + result.stderr).strip()
    return result.exit_code, "\n".join(line.removeprefix("wenquan: ") for line in said.splitlines())


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
@click.option("--event-name", default=None, type=click.Choice(["issue_comment", "pull_request_review", "pull_request_review_comment", "issues"]),
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

    repo = repository(ctx)
    root = repo.root
    event = core.read_event(Path(event_path), event_name or os.environ.get("GITHUB_EVENT_NAME"), pr_head, pr_base)
    if event.name == "issues":
        if event.private is not True and not allow_public:
            lines = [f"<!-- wenquan:bot {event.comment_id} -->",
                     "本仓库是公开的：仓库含联系人、专家身份和评审表，应为私有仓库；wenquan bot 不在公开仓库中建立申报。"]
            failed = False
        else:
            lines, failed = _application(repo, event, dry_run)
        _answer(reply, lines)
        if failed:
            ctx.exit(1)
        return
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
            command.done = core.recorded(git, command.branch, event.comment_id, command.number)
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
    _answer(reply, lines)
    if failed:
        ctx.exit(1)


def _answer(reply: str | None, lines: list[str]) -> None:
    text = "\n".join(lines) + "\n"
    if reply:
        write_text_atomic(Path(reply), text)
    click.echo(text, nl=False)


def _application(repo: Repository, event: Event, dry_run: bool) -> tuple[list[str], bool]:
    """An issue made from the application form (issue 19 §8): a branch apply/<id> with the dossier `wenquan new`
    writes, filled from the answers, and the list of what is still missing."""
    from wenquan.dossier.kinds import KINDS
    from wenquan.dossier.scaffold import create
    from wenquan.dossier.validate import validate_file
    from wenquan.forge import bot as core
    from wenquan.forge import issue_form
    from wenquan.store.writer import Git, GitFailed
    from wenquan.workflow.case import message

    lines = [f"<!-- wenquan:bot {event.comment_id} -->"]
    if f"### {issue_form.ID_LABEL}" not in event.body:
        return lines + ["这个议题不是用申报表单提交的，wenquan 不处理。"], False
    if event.action not in core.ACTED:
        return lines + ["议题修改后不重新建立申报：申报材料请在拉取请求中修改。"], False
    schema = json.loads((repo.schemas / "dossier.schema.json").read_text(encoding="utf-8"))
    ident, values, problems = issue_form.parse(event.body, schema)
    level, place = values.pop("level", None), values.pop("place", None)
    if ident is not None and not re.fullmatch(r"[a-z0-9][a-z0-9-]{2,63}", ident):
        problems.append(f"“{issue_form.ID_LABEL}”应为小写拼音和连字符（如 hebei-xiongxian），填的是“{ident}”")
    if level not in ("乡", "城", "都") or not place:
        problems.append("没有填写申报级别或地点")
    if problems or ident is None:
        return lines + ["**没有建立申报**，请修改议题表单中的以下各项后重新提交：", *(f"- {core.plain(p)}" for p in problems)], True
    git, branch = Git(repo.root), f"apply/{ident}"
    if git.run("branch", "--list", branch).strip():
        done = core.recorded(git, branch, event.comment_id)
        if done:
            return lines + [f"**已处理**：分支 {core.code(branch)}（提交 {core.code(done[:10])}）已经建立。"], False
        return lines + [f"**没有建立申报**：分支 {core.code(branch)} 已存在（编号 {core.code(ident)} 已被使用），请换一个编号。"], True
    if (repo.dossiers / ident).exists():
        return lines + [f"**没有建立申报**：申报编号 {core.code(ident)} 已存在，请换一个编号。"], True
    if dry_run:
        return lines + [f"试运行：将建立分支 {core.code(branch)} 和申报材料 dossiers/{ident}/dossier.yaml。"], False
    start = (git.symbolic_head() or "").removeprefix("refs/heads/")
    try:
        git.run("switch", "--quiet", "-c", branch, event.default_branch)
        path = create(repo, ident, str(level), str(place), values)
        git.run("add", "--", path)
        trailers = [("Dossier", ident), ("Actor-Login", event.login), ("Source", event.url), ("Comment-Id", str(event.comment_id))]
        git.run("commit", "--quiet", "-m", message(f"新申报（议题表单）: {place}", trailers))
        sha = git.head() or ""
        found = validate_file(repo.root / path, KINDS["dossier"], repo.schemas, clock.today(), path, root=repo.root)
    except GitFailed as exc:
        raise UserError(f"无法建立申报分支 {branch}：{exc}") from None
    finally:
        if start and start != branch:
            git.run("switch", "--quiet", start)
    errors = [d for d in found if d.severity == "error"]
    lines += [f"已为{core.plain(str(place))}建立申报分支 {core.code(branch)}（提交 {core.code(sha[:10])}），申报材料为 "
              f"{core.code(path)}。请以此分支打开拉取请求，补充材料后由审查组审阅。", ""]
    if errors:
        lines += [f"还缺 {len(errors)} 项（wenquan validate 的结果）：", *(f"- {core.plain(d.field)}：{core.plain(d.message)}" for d in errors[:40])]
        if len(errors) > 40:
            lines.append(f"- ……另有 {len(errors) - 40} 项")
    return lines, False


COMMANDS = (bot,)
