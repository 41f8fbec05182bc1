"""`wenquan import`: a filled 申报表 (Word) into a dossier, or a worksheet (Excel) into its monitoring data."""

from __future__ import annotations

from pathlib import Path

import click

from wenquan.cli.common import parse_date, repository
from wenquan.errors import UsageError
from wenquan.repo import Repository


@click.command("import")
@click.argument("source", metavar="FILE", type=click.Path(path_type=Path))
@click.option("--id", "dossier_id", required=True, help="申报材料编号（dossiers/ 下的文件夹名），例如 hebei-xiongxian")
@click.option("--level", type=click.Choice(["乡", "城", "都"]), default=None,
              help="申报称号；申报表的“申报名称”已填写时可不给，给了须与之一致")
@click.option("--force", is_flag=True, help="覆盖已有的申报材料（先列出会变化的内容；申报表上没有的项保留，释-21）")
@click.option("--monitoring", is_flag=True, help="FILE 是动态监测数据的 Excel 工作簿（.xlsx），写入该申报材料的 monitoring.csv")
@click.option("--today", "today", default=None, help="以此日期（YYYY-MM-DD）检查导入的申报材料，默认今天")
@click.pass_context
def import_(ctx: click.Context, source: Path, dossier_id: str, level: str | None, force: bool, monitoring: bool,
            today: str | None) -> None:
    """导入填好的申报表（Word .docx）为申报材料，或导入动态监测数据（Excel .xlsx，加 --monitoring）。"""
    suffix = source.suffix.lower()
    if monitoring != (suffix == ".xlsx"):
        raise UsageError("动态监测数据请用 .xlsx 工作簿并加 --monitoring；申报表请用 .docx 文件，不加 --monitoring")
    if suffix not in (".docx", ".xlsx"):
        raise UsageError(f"{source}: 只能导入 Word 申报表（.docx）或 Excel 动态监测数据（.xlsx）")
    repo = repository(ctx)
    on = parse_date(today, "--today")
    if monitoring:
        if level is not None:
            raise UsageError("--level 只用于导入申报表")
        _monitoring(repo, source, dossier_id, force)
        return
    from wenquan.documents import form_import
    from wenquan.dossier.diagnostics import SEVERITY_ZH
    from wenquan.forge import diff_render, semdiff

    imported = form_import.prepare(repo, source, dossier_id, level, force)
    if imported.previous is not None:
        change = semdiff.compare(repo.root, dossier_id, imported.previous, imported.text.encode("utf-8"), on)
        click.echo(diff_render.text([change]).rstrip() if change else "申报表与现有申报材料一致，内容没有变化。")
    written = form_import.write(repo, imported)
    for note in imported.notes:
        click.echo(f"提示：{note}", err=True)
    found = form_import.validate(repo, imported, on)
    for d, place in found:
        where = f"（申报表{place}）" if place else ""
        click.echo(f"{d.path}:{d.line}:{d.column}: {SEVERITY_ZH[d.severity]} [{d.code}] {d.field}{where}: {d.message}")
    errors = sum(1 for d, _ in found if d.is_error)
    click.echo(f"已{'更新' if imported.previous is not None else '写入'} {written}：{errors} 个错误，{len(found) - errors} 个警告"
               + ("；请在申报表或申报材料中修正后再检查（wenquan validate）" if errors else ""), err=True)
    ctx.exit(1 if errors else 0)


def _monitoring(repo: Repository, source: Path, dossier_id: str, force: bool) -> None:
    from wenquan.documents import sheet_import

    imported = sheet_import.prepare(repo, source, dossier_id, force)
    sheet_import.write(imported)
    shown = imported.target.relative_to(repo.root).as_posix()
    before = f"（原有 {len(imported.previous)} 行）" if imported.previous is not None else ""
    click.echo(f"已写入 {shown}：{imported.rows} 行动态监测数据{before}")


COMMANDS = [import_]
