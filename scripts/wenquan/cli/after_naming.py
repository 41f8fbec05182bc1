"""After-naming commands: report, review-selfcheck, file-selfcheck, spot-check (管理办法 四)."""

from __future__ import annotations

from pathlib import Path

import click

from wenquan.cli.common import case as _case
from wenquan.cli.common import parse_date, writes
from wenquan.fsutil import write_new_file

DATE_HELP = "日期（YYYY-MM-DD），默认今天"


@click.command()
@click.argument("dossier_id", metavar="ID")
@click.argument("kind", type=click.Choice(["annual", "selfcheck"]), metavar="annual|selfcheck")
@click.option("--year", type=click.IntRange(2000, 2100), required=True, help="报告所属年度")
@click.option("--date", "on", default=None, help="收到日期；" + DATE_HELP)
@click.option("--by", default=None, help="报送单位（默认申报主体）")
@click.option("--template", is_flag=True, help="不登记：输出该年度年报的填写模板（按最近一期年报或申报材料预填）")
@click.option("-o", "--output", "output", default=None, help="与 --template 同用：模板写入此文件（默认输出到屏幕）")
@writes
@click.pass_context
def report(ctx: click.Context, dossier_id: str, kind: str, year: int, on: str | None, by: str | None,
           template: bool, output: str | None) -> None:
    """登记被命名主体报送的年报或中评估自检材料（reports/<年度>-annual.yaml 或 -selfcheck.yaml，先通过检查）。

    加 --template 时不登记，只给出年报模板：每一项带标题和单位，能预填的数字注明出处。"""
    from wenquan.workflow.aftercare import annual_template, record_report

    if template:
        if kind != "annual":
            raise click.UsageError("--template 只用于年报（annual）；自检材料请用 wenquan export ID selfcheck 生成附件6、附件7")
        if on is not None or by is not None:
            raise click.UsageError("--template 不登记，不能与 --date、--by 同用")
        text = annual_template(_case(ctx, dossier_id), year, parse_date(None, "--date"))
        if output in (None, "-"):
            click.echo(text, nl=False)
            return
        written = write_new_file(Path(output), text)
        click.echo(f"已写出 {year} 年度年报模板：{written}；填写后运行 wenquan validate {written}", err=True)
        return
    if output is not None:
        raise click.UsageError("-o 只与 --template 同用")
    sha = record_report(_case(ctx, dossier_id), kind, year, parse_date(on, "--date"), by)
    click.echo(f"已登记 {year} 年度{'年报' if kind == 'annual' else '自检材料'}（提交 {sha[:10]}）")


@click.command("review-selfcheck")
@click.argument("dossier_id", metavar="ID")
@click.option("--year", type=click.IntRange(2000, 2100), required=True, help="自检年度")
@click.option("--result", type=click.Choice(["通过", "不通过"]), required=True, help="省矿业协会审查结论")
@click.option("--date", "on", default=None, help=DATE_HELP)
@click.option("--by", default=None, help="审查单位（默认“省矿业协会（联合会）”）")
@click.option("--note", default=None, help="审查意见")
@writes
@click.pass_context
def review_selfcheck(ctx: click.Context, dossier_id: str, year: int, result: str, on: str | None, by: str | None,
                     note: str | None) -> None:
    """记录省矿业协会对自检材料的审查（附录D 六）。"""
    from wenquan.workflow.aftercare import review_selfcheck as core

    sha = core(_case(ctx, dossier_id), year, parse_date(on, "--date"), result, note, by)
    click.echo(f"已记录 {year} 年自检审查：{result}（提交 {sha[:10]}）")


@click.command("file-selfcheck")
@click.argument("dossier_id", metavar="ID")
@click.option("--year", type=click.IntRange(2000, 2100), required=True, help="自检年度")
@click.option("--date", "on", default=None, help=DATE_HELP)
@click.option("--by", default=None, help="备案单位（默认中国矿业联合会秘书局）")
@click.option("--note", default=None, help="备案说明")
@writes
@click.pass_context
def file_selfcheck(ctx: click.Context, dossier_id: str, year: int, on: str | None, by: str | None, note: str | None) -> None:
    """自检材料审查通过后，记录中国矿业联合会备案（附录D 六）。"""
    from wenquan.workflow.aftercare import file_selfcheck as core

    sha = core(_case(ctx, dossier_id), year, parse_date(on, "--date"), note, by)
    click.echo(f"已备案 {year} 年自检材料（提交 {sha[:10]}）")


@click.command("spot-check")
@click.argument("dossier_id", metavar="ID")
@click.option("--kind", "check", type=click.Choice(["抽检", "普检"]), required=True, help="检查方式（管理办法 四、2（2））")
@click.option("--result", type=click.Choice(["通过", "不通过"]), required=True, help="检查评估结论")
@click.option("--note", required=True, help="检查意见")
@click.option("--date", "on", default=None, help=DATE_HELP)
@click.option("--by", default=None, help="组织单位（默认中国矿业联合会秘书局）")
@writes
@click.pass_context
def spot_check(ctx: click.Context, dossier_id: str, check: str, result: str, note: str, on: str | None, by: str | None) -> None:
    """记录中国矿业联合会组织的抽检或普检；不通过是撤销情形 四、3（2）的依据。"""
    from wenquan.workflow.aftercare import spot_check as core

    sha = core(_case(ctx, dossier_id), check, parse_date(on, "--date"), result, note, by)
    click.echo(f"已记录{check}：{result}（提交 {sha[:10]}）")


COMMANDS = (report, review_selfcheck, file_selfcheck, spot_check)
