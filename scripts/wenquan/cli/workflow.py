"""The workflow commands: advance, panel, inspect, score, object, resolve, calendar, status, log, audit, due."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from wenquan.cli.common import case as _case
from wenquan.cli.common import parse_date, repository, writes
from wenquan.errors import UsageError

if TYPE_CHECKING:
    pass

DATE_HELP = "日期（YYYY-MM-DD），默认今天"


def _echo_json(data: object) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


@click.command()
@click.argument("dossier_id", metavar="ID")
@click.argument("state", metavar="STATE")
@click.option("--date", "on", default=None, help=DATE_HELP)
@click.option("--by", default=None, help="办理单位（默认按步骤：申报主体、省矿业协会或中国矿业联合会秘书局）")
@click.option("--note", default=None, help="说明")
@click.option("--start", default=None, help="公示开始日期（进入公示时），默认同 --date")
@click.option("--deadline", default=None, help="整改期限（进入整改时）")
@click.option("--ground", type=click.IntRange(1, 4), default=None, help="撤销情形（管理办法 四、3 的 1–4）")
@writes
@click.pass_context
def advance(ctx: click.Context, dossier_id: str, state: str, on: str | None, by: str | None, note: str | None,
            start: str | None, deadline: str | None, ground: int | None) -> None:
    """把申报推进到下一状态（中文状态名或 submit、recommend、inspect、review、notice、name、reject、withdraw）。"""
    from wenquan.documents.published import notice_text
    from wenquan.workflow.advance import Request
    from wenquan.workflow.advance import advance as run
    from wenquan.workflow.states import parse_state

    request = Request(parse_state(state), parse_date(on, "--date"), by, note,
                      parse_date(start, "--start") if start else None, parse_date(deadline, "--deadline") if deadline else None, ground,
                      publish=notice_text)
    outcome = run(_case(ctx, dossier_id), request)
    for warning in outcome.warnings:
        click.echo(f"警告：{warning}", err=True)
    notice = outcome.event.get("notice")
    extra = f"，公示期 {notice['start']} 至 {notice['end']}" if notice else ""
    extra += f"，公示文本已存档（SHA-256 {notice['sha256'][:16]}…）" if notice and notice.get("sha256") else ""
    extra += f"，证书编号 {outcome.event['certificate']}" if outcome.event.get("certificate") else ""
    click.echo(f"{dossier_id}: {outcome.event['from'] or '未申报'} → {outcome.event['to']}{extra}（提交 {outcome.sha[:10]}）")


@click.group()
def panel() -> None:
    """专家组：抽取、审核、查看（管理办法 二、3）。"""


@panel.command("draw")
@click.argument("dossier_id", metavar="ID")
@click.option("--seed", default=None, help="随机种子（默认：申报材料最后一次提交的编号），同一种子结果相同")
@click.option("--provincial", default="", help="省矿联推荐的 2 名专家姓名，以逗号分隔")
@click.option("--reason", default=None, help="重新抽取的原因（已抽取过时必填，例如某专家须回避）")
@click.option("--date", "on", default=None, help=DATE_HELP)
@click.option("--by", default=None, help="办理单位")
@writes
@click.pass_context
def panel_draw(ctx: click.Context, dossier_id: str, seed: str | None, provincial: str, reason: str | None, on: str | None,
               by: str | None) -> None:
    """从专家库抽取专家组（回避同省、同单位的专家）。"""
    from wenquan.workflow.expert_review import draw

    names = [n.strip() for n in provincial.replace("，", ",").split(",") if n.strip()]
    sha, result = draw(_case(ctx, dossier_id), parse_date(on, "--date"), seed, names, by, reason)
    members = "、".join(f"{m['id']}（{'库内' if m['source'] == 'pool' else '省推荐'}）" for m in result["members"])
    click.echo(f"{dossier_id}: 抽取专家组 {members}，种子 {result['seed']}（提交 {sha[:10]}）")


@panel.command("approve")
@click.argument("dossier_id", metavar="ID")
@click.option("--date", "on", default=None, help=DATE_HELP)
@click.option("--by", default=None, help="审核单位，默认中国矿业联合会秘书局")
@writes
@click.pass_context
def panel_approve(ctx: click.Context, dossier_id: str, on: str | None, by: str | None) -> None:
    """秘书局审核专家组名单。"""
    from wenquan.workflow.expert_review import approve

    sha = approve(_case(ctx, dossier_id), parse_date(on, "--date"), by)
    click.echo(f"{dossier_id}: 专家组名单已审核（提交 {sha[:10]}）")


@panel.command("show")
@click.argument("dossier_id", metavar="ID")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.pass_context
def panel_show(ctx: click.Context, dossier_id: str, fmt: str) -> None:
    """显示专家组。"""
    review = _case(ctx, dossier_id).review()
    current = review.get("panel") or {}
    members = current.get("members", [])
    if fmt == "json":
        _echo_json({"dossier": dossier_id, "seed": current.get("seed"), "drawn": current.get("drawn"),
                    "redraw_reason": current.get("redraw_reason"), "approved": current.get("approved"),
                    "members": [{"id": m["id"], "name": m["name"], "source": m["source"]} for m in members]})
        return
    if not members:
        click.echo(f"{dossier_id}: 尚未抽取专家组")
        return
    approved = (review["panel"] or {}).get("approved")
    click.echo(f"{dossier_id} 专家组（种子 {review['panel']['seed']}，" + (f"{approved['date']} 已审核）" if approved else "未审核）"))
    for m in members:
        click.echo(f"  {m['id']}  {m['name']}  {'专家库' if m['source'] == 'pool' else '省矿联推荐'}")


@click.command()
@click.argument("dossier_id", metavar="ID")
@click.option("--date", "on", default=None, help=DATE_HELP)
@click.option("--opinion", required=True, help="实地考察意见")
@click.option("--by", default=None, help="办理单位")
@writes
@click.pass_context
def inspect(ctx: click.Context, dossier_id: str, on: str | None, opinion: str, by: str | None) -> None:
    """记录专家组实地考察。"""
    from wenquan.workflow.expert_review import inspect as run

    sha = run(_case(ctx, dossier_id), parse_date(on, "--date"), opinion, by)
    click.echo(f"{dossier_id}: 已记录实地考察（提交 {sha[:10]}）")


@click.command()
@click.argument("dossier_id", metavar="ID")
@click.argument("scores", nargs=-1, metavar="指标=分值...")
@click.option("--expert", required=True, help="专家组成员编号")
@click.option("--reason", "reasons", multiple=True, metavar="指标=理由",
              help="客观指标（1.1–1.4）的给分与申报数据对应的分档不同时，写明理由（可多次使用；释-20）")
@click.option("--correct", default=None, metavar="原因", help="评审后更正评审表（评审、公示、命名状态），写明更正原因")
@click.option("--date", "on", default=None, help=DATE_HELP)
@click.option("--by", default=None, help="办理单位")
@writes
@click.pass_context
def score(ctx: click.Context, dossier_id: str, scores: tuple[str, ...], expert: str, reasons: tuple[str, ...], correct: str | None,
          on: str | None, by: str | None) -> None:
    """记录一名专家的评审表：附录E 全部 14 项，例如 1.1=7 1.2=6 … 5=3。"""
    from wenquan.workflow.expert_review import score as run

    sha, total, warnings = run(_case(ctx, dossier_id), parse_date(on, "--date"), expert, list(scores), by, list(reasons), correct)
    for warning in warnings:
        click.echo(f"警告：{warning}", err=True)
    click.echo(f"{dossier_id}: 已{'更正' if correct else '记录'} {expert} 的评审表，总分 {total}（提交 {sha[:10]}）")


@click.command("object")
@click.argument("dossier_id", metavar="ID")
@click.option("--received", required=True, help="收到日期（公示期结束后收到的登记为逾期异议）")
@click.option("--date", "on", default=None, help="登记日期（默认：收到日期；已有更晚的记录时为今天）")
@click.option("--summary", required=True, help="异议摘要")
@click.option("--channel", type=click.Choice(["信函", "电话", "邮件", "网站"]), default="信函", show_default=True)
@click.option("--objector", default=None, help="提出人（不公开）")
@click.option("--by", default=None, help="登记单位")
@writes
@click.pass_context
def object_(ctx: click.Context, dossier_id: str, received: str, on: str | None, summary: str, channel: str, objector: str | None,
            by: str | None) -> None:
    """登记公示期间收到的异议。"""
    from wenquan.workflow.objections import receive

    sha, number, late = receive(_case(ctx, dossier_id), parse_date(received, "--received"), summary, channel, objector, by,
                                parse_date(on, "--date") if on else None)
    click.echo(f"{dossier_id}: 已登记异议 {number}{'（逾期：收到时公示期已结束）' if late else ''}（提交 {sha[:10]}）")


@click.command()
@click.argument("dossier_id", metavar="ID")
@click.argument("number", type=int)
@click.option("--decision", type=click.Choice(["成立", "不成立"]), required=True)
@click.option("--note", required=True, help="处理说明")
@click.option("--date", "on", default=None, help=DATE_HELP)
@click.option("--by", default=None, help="办理单位")
@writes
@click.pass_context
def resolve(ctx: click.Context, dossier_id: str, number: int, decision: str, note: str, on: str | None, by: str | None) -> None:
    """处理异议：成立或不成立。"""
    from wenquan.workflow.objections import resolve as run

    sha = run(_case(ctx, dossier_id), number, parse_date(on, "--date"), decision, note, by)
    click.echo(f"{dossier_id}: 异议 {number} {decision}（提交 {sha[:10]}）")


@click.group("calendar")
def calendar_group() -> None:
    """工作日计算（国家法定节假日与调休）。"""


@calendar_group.command("notice-end")
@click.argument("start")
@click.option("--days", type=int, default=None, help="工作日数，默认取 registry/rules.yaml 的公示期（7）")
@click.pass_context
def notice_end(ctx: click.Context, start: str, days: int | None) -> None:
    """公示期的最后一天：开始日若为工作日则算第 1 天。"""
    from wenquan.repo import find_root
    from wenquan.rules.ruleset import Rules
    from wenquan.rules.workdays import Calendar

    root = find_root(Path(ctx.find_root().obj or "."))
    if days is None:
        days = int(Rules.load(root).data["notice"]["working_days"])
    if days < 1:
        raise UsageError("--days 必须是正整数")
    click.echo(Calendar.load(root).notice_end(parse_date(start, "START"), days).isoformat())


@click.command()
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.pass_context
def status(ctx: click.Context, fmt: str) -> None:
    """全部申报的状态、下一步和到期日。"""
    from wenquan.workflow.status import rows

    found = rows(repository(ctx))
    if fmt == "json":
        _echo_json(found)
    else:
        for r in found:
            due = f"；{r['due_what']} {r['due']}" if r["due"] else ""
            head = "文件无法读取" if r["problem"] else f"{r['place']}（{r['level']}）  {r['state'] or '未申报'}"
            click.echo(f"{r['id']}  {head}" + (f" 自 {r['since']}" if r["since"] else "") + f"{due}\n    下一步：{r['next']}")
    _unreadable([r for r in found if r["problem"]], ctx)


def _unreadable(found: list[dict[str, Any]], ctx: click.Context) -> None:
    """Exit status 1, said on stderr, where some dossier's files could not be read (the rest was shown all the same)."""
    if found:
        click.echo(f"wenquan: {len(found)} 份申报的文件无法读取（{'、'.join(r['id'] for r in found)}），请先修正：wenquan validate 列出全部问题", err=True)
        ctx.exit(1)


@click.command()
@click.argument("dossier_id", metavar="ID")
@click.pass_context
def log(ctx: click.Context, dossier_id: str) -> None:
    """一份申报的时间线（来自 git 历史）。"""
    from wenquan.cli.help_text import columns, padded
    from wenquan.workflow.status import timeline

    rows = [(row["date"], row["what"], row["actor"] or "—", row["commit"], row["subject"]) for row in timeline(repository(ctx), dossier_id)]
    what, actor = (max((columns(r[i]) for r in rows), default=0) for i in (1, 2))  # as wide as the terminal shows them
    for date, done, by, commit, subject in rows:
        click.echo(f"{date}  {padded(done, what)}  {padded(by, actor)}  {commit}  {subject}")


@click.command()
@click.option("--since", default=None, help="只核对此提交之后的变更（如拉取请求的基准），逐个提交重放")
@click.option("--deep", is_flag=True, help="逐个提交重放全部历史：也报告后来又被改回的手工修改（较慢）")
@click.pass_context
def audit(ctx: click.Context, since: str | None, deep: bool) -> None:
    """核对流程记录的每一项都由带匹配尾注的 wenquan 提交写入。

    默认从每份申报的 wenquan 提交链证明当前记录（一次读取全部提交说明）；证明不了的申报逐个提交重放，指出是哪个提交改了哪个字段。
    """
    from wenquan.workflow.audit import audit as run

    findings = run(repository(ctx), since, deep=deep)
    for f in findings:
        click.echo(f"{f.path}: {f.message}")
    click.echo(f"审计：{len(findings)} 个问题" if findings else "审计通过：每个事件都有对应的提交", err=True)
    ctx.exit(1 if findings else 0)


@click.command()
@click.option("--on", "on", default=None, help="以此日期计算，默认今天")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.pass_context
def due(ctx: click.Context, on: str | None, fmt: str) -> None:
    """到期与逾期事项：公示期结束、6 个月审批时限、年报、中评估自检、整改期限。有逾期事项或无法读取的申报时退出码为 1。"""
    from wenquan.workflow.status import due as run

    items = run(repository(ctx), parse_date(on, "--on"))
    if fmt == "json":
        _echo_json(items)
    else:
        for i in items:
            click.echo(f"{i['date']}  {i['id']}  {i['place']}  {i['message']}（{i['rule']}）")
        if not items:
            click.echo("没有到期或逾期的事项", err=True)
    _unreadable([i for i in items if i["status"] == "unreadable"], ctx)
    ctx.exit(1 if any(i["status"] == "overdue" for i in items) else 0)


def register(group: click.Group) -> None:
    for command in (advance, panel, inspect, score, object_, resolve, calendar_group, status, log, audit, due):
        group.add_command(command)
