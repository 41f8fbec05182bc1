"""After naming (管理办法 四): reports received, the self-check reviewed and filed, spot and general checks.

Each is one event in workflow.yaml and one commit with trailers (`Dossier:`, `Report:` or `Check:`,
`Event:`, `Actor:`), like every other record; `wenquan audit` verifies them.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from wenquan.dossier.validate import display_path, load_valid
from wenquan.errors import UserError
from wenquan.rules.ruleset import Rules
from wenquan.workflow import effects, inputs, obligations
from wenquan.workflow.case import SECRETARIAT, Case, check_date, message, require_state
from wenquan.workflow.records import dump

AFTER_NAMING = ("命名", "整改")
REPORT_ZH = {"annual": "年报", "selfcheck": "自检材料"}
PROVINCIAL = "省矿业协会（联合会）"


def report_path(case: Case, kind: str, year: int) -> Path:
    return case.folder / "reports" / f"{year}-{kind}.yaml"


def _events(workflow: dict[str, Any], kind: str, year: int, **match: Any) -> list[dict[str, Any]]:
    return [e for e in workflow["events"] if e.get("kind") == kind and e.get("year") == year
            and all(e.get(k) == v for k, v in match.items())]


def record_report(case: Case, kind: str, year: int, on: dt.date, by: str | None) -> str:
    by = inputs.actor(by)
    """The place's annual report or self-check for `year`, validated, received (四、2)."""
    path = report_path(case, kind, year)
    with case.writing([case.workflow_path]) as tx:
        rules, dossier, workflow = Rules.load(case.repo.root), case.dossier(), case.workflow()
        require_state(workflow, AFTER_NAMING, f"登记{REPORT_ZH[kind]}")
        assert workflow is not None
        check_date(workflow, on)
        named = _named(workflow)
        if kind == "annual":
            _annual_year(year, named, on, "收到日期")
        if kind == "selfcheck" and not obligations.is_selfcheck_year(year, named):
            raise UserError(f"{year} 年不是中评估年份：自检每 5 年一次，为命名年（{named.year}）之后第 5、10……年（管理办法 四、2（2）；释-15）")
        if not path.is_file():
            raise UserError(f"{display_path(path)} 不存在：请先把{year} 年度{REPORT_ZH[kind]}按 schemas/{kind}.schema.json 填写到该文件")
        data = load_valid(path, kind, case.repo.root, f"{REPORT_ZH[kind]} {display_path(path)} ")
        if data["dossier"] != case.id:
            raise UserError(f"{display_path(path)}: dossier 应为 {case.id}")
        if _events(workflow, "report", year, report=kind):
            raise UserError(f"{year} 年度{REPORT_ZH[kind]}已登记过")
        actor = by or str(dossier["applicant"]["name"])
        event = effects.event(workflow, "report", on.isoformat(), actor, report=kind, year=year)
        workflow = effects.recorded(workflow, event)
        trailers = [("Dossier", case.id), ("Report", f"{kind} {year}"), ("Event", event["seq"]), ("Actor", actor)]
        return tx.commit({case.workflow_path: dump("workflow", workflow), path: path.read_text(encoding="utf-8")},
                         message(f"{year} 年度{REPORT_ZH[kind]}: {case.title(dossier, rules)}", trailers), on.isoformat())


def _named(workflow: dict[str, Any]) -> dt.date:
    named = obligations.first_named(workflow)
    assert named is not None  # require_state(AFTER_NAMING) came first
    return named


def _annual_year(year: int, named: dt.date, on: dt.date, what: str) -> None:
    """四、2（1）: the report of a year is made after that year, from the year of naming on (释-16)."""
    if year < named.year:
        raise UserError(f"{year} 年早于命名年度（{named}），不需要年报")
    if year >= on.year:
        raise UserError(f"{year} 年度尚未结束（{what} {on}）：年报在次年二季度报送上一年度的情况（管理办法 四、2（1））")


def annual_template(case: Case, year: int, today: dt.date) -> str:
    """The annual report of `year` as a YAML file to fill in, pre-filled from the latest report or the dossier."""
    from wenquan.dossier.report_template import annual_text, latest_annual, schema_of

    workflow = case.workflow()
    require_state(workflow, AFTER_NAMING, "准备年报")
    assert workflow is not None
    _annual_year(year, _named(workflow), today, "今天是")
    if _events(workflow, "report", year, report="annual"):
        raise UserError(f"{year} 年度年报已登记过：{display_path(report_path(case, 'annual', year))}")
    latest = latest_annual(case.folder, before=year)   # only an earlier year's report is a starting point
    return annual_text(schema_of(case.repo.root), case.dossier(), case.id, year, latest)


def review_selfcheck(case: Case, year: int, on: dt.date, result: str, note: str | None, by: str | None) -> str:
    by, note = inputs.actor(by), inputs.text("--note", note, limit=inputs.NOTE, paragraphs=True)
    """附录D 六: the provincial association reviews the self-check; only a passed one goes on to be filed."""
    return _selfcheck_step(case, year, on, "selfcheck_review", by or PROVINCIAL, note, result=result)


def file_selfcheck(case: Case, year: int, on: dt.date, note: str | None, by: str | None) -> str:
    by, note = inputs.actor(by), inputs.text("--note", note, limit=inputs.NOTE, paragraphs=True)
    """附录D 六: “审查通过后报送中国矿业联合会备案”."""
    return _selfcheck_step(case, year, on, "selfcheck_filing", by or SECRETARIAT, note)


def _selfcheck_step(case: Case, year: int, on: dt.date, kind: str, actor: str, note: str | None, **extra: Any) -> str:
    with case.writing([case.workflow_path]) as tx:
        rules, dossier, workflow = Rules.load(case.repo.root), case.dossier(), case.workflow()
        require_state(workflow, AFTER_NAMING, "办理自检审查或备案")
        assert workflow is not None
        check_date(workflow, on)
        if not _events(workflow, "report", year, report="selfcheck"):
            raise UserError(f"{year} 年自检材料尚未登记（wenquan report {case.id} selfcheck --year {year}）")
        if kind == "selfcheck_filing":
            if not _events(workflow, "selfcheck_review", year, result="通过"):
                raise UserError(f"{year} 年自检材料尚未经省矿业协会审查通过，不能备案（附录D 六）")
            if _events(workflow, "selfcheck_filing", year):
                raise UserError(f"{year} 年自检材料已备案")
        event = effects.event(workflow, kind, on.isoformat(), actor, year=year, **extra, **({"note": note} if note else {}))
        workflow = effects.recorded(workflow, event)
        trailers = [("Dossier", case.id), ("Report", f"selfcheck {year}"), ("Decision", extra.get("result")),
                    ("Event", event["seq"]), ("Actor", actor)]
        subject = {"selfcheck_review": f"{year} 年自检审查{extra.get('result')}", "selfcheck_filing": f"{year} 年自检备案"}[kind]
        return tx.commit({case.workflow_path: dump("workflow", workflow)},
                         message(f"{subject}: {case.title(dossier, rules)}", trailers), on.isoformat())


def spot_check(case: Case, check: str, on: dt.date, result: str, note: str, by: str | None) -> str:
    by, note = inputs.actor(by), str(inputs.text("--note", note, limit=inputs.NOTE, paragraphs=True, required=True))
    """抽检/普检 (四、2（2）): the association's experts inspect a named place; a failure is ground 四、3（2）."""
    if not note.strip():
        raise UserError("检查意见不能为空（--note）")
    with case.writing([case.workflow_path]) as tx:
        rules, dossier, workflow = Rules.load(case.repo.root), case.dossier(), case.workflow()
        require_state(workflow, AFTER_NAMING, f"记录{check}")
        assert workflow is not None
        check_date(workflow, on)
        actor = by or SECRETARIAT
        event = effects.event(workflow, "spot_check", on.isoformat(), actor, check=check, result=result, note=note.strip())
        workflow = effects.recorded(workflow, event)
        trailers = [("Dossier", case.id), ("Check", check), ("Decision", result), ("Event", event["seq"]), ("Actor", actor)]
        return tx.commit({case.workflow_path: dump("workflow", workflow)},
                         message(f"{check}{result}: {case.title(dossier, rules)}", trailers), on.isoformat())
