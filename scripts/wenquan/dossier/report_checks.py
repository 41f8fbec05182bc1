"""Checks of annual reports and self-check files beyond their schemas (管理办法 四、2; 附录D; 附件6, 附件7)."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from wenquan.dossier.diagnostics import Diagnostic
from wenquan.dossier.loader import Document

NAME = re.compile(r"^(\d{4})-(annual|selfcheck)\.yaml$")


def check(doc: Document, path: Path, today: dt.date) -> list[Diagnostic]:
    data = doc.data if isinstance(doc.data, dict) else {}
    out = []
    folder = path.parent.parent
    if path.parent.name == "reports" and data.get("dossier") not in (None, folder.name):
        out.append(doc.diag(("dossier",), "P301", f"申报编号“{data.get('dossier')}”与所在文件夹 dossiers/{folder.name}/ 不符"))
    match = NAME.match(path.name)
    if match is None:
        out.append(doc.diag((), "P302", f"文件名“{path.name}”应为“年度-annual.yaml”或“年度-selfcheck.yaml”，例如 2026-annual.yaml"))
    elif data.get("year") is not None and str(data.get("year")) != match.group(1):
        out.append(doc.diag(("year",), "P303", f"年度 {data.get('year')} 与文件名中的年度 {match.group(1)} 不符"))
    submitted = data.get("submitted")
    if isinstance(submitted, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", submitted):
        day = dt.date.fromisoformat(submitted)
        if isinstance(data.get("year"), int) and day.year < data["year"]:
            out.append(doc.diag(("submitted",), "P305", f"报送日期 {day} 早于报告年度 {data['year']}"))
        if day > today:
            out.append(doc.diag(("submitted",), "P306", f"报送日期 {day} 在未来（今天是 {today.isoformat()}）"))
    year = data.get("year")
    if match is not None and match.group(2) == "annual" and isinstance(year, int) and year >= today.year:
        # 四、2（1）: a year's report is made in the second quarter of the next year
        out.append(doc.diag(("year",), "P307", f"{year} 年度尚未结束（今天是 {today.isoformat()}）：年报在次年二季度报送上一年度的情况"))
    return out
