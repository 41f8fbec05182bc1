"""The program's documents out of a dossier: Markdown from templates/docs/, Word through pandoc.

`application` 申报表 (附件1), `review-sheet` 评审表 (附录E), `notice` 公示, `stele` 碑文 (附件4),
`report-outline` 申报报告参考提纲 (附件2), `plan-outline` 规划报告提纲 (附件3, 表1 computed).
"""

from __future__ import annotations

import datetime as dt
import subprocess
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from wenquan.documents import appform, chinese, plantable, stele
from wenquan.documents.templating import environment, template_dirs
from wenquan.documents.wordfile import to_docx
from wenquan.documents.wordlayout import finish
from wenquan.dossier import fieldview, monitoring
from wenquan.dossier.labels import Labels
from wenquan.dossier.report_template import latest_annual
from wenquan.errors import UsageError, UserError
from wenquan.fsutil import write_text_atomic
from wenquan.repo import Repository
from wenquan.rules import indicators, scoring
from wenquan.rules.check import load_dossier
from wenquan.rules.ruleset import Rules
from wenquan.workflow import scores as panel_scores
from wenquan.workflow.places import Place, load_place


@dataclass(frozen=True)
class Doc:
    name: str          # the command's word
    title: str         # what it is called, for file names and messages
    source: str        # where the program defines it


DOCS = {d.name: d for d in (
    Doc("application", "申报表", "附件1"),
    Doc("review-sheet", "评审表", "附录E"),
    Doc("notice", "公示", "二、5"),
    Doc("stele", "碑文", "附件4"),
    Doc("report-outline", "申报报告提纲", "附件2"),
    Doc("plan-outline", "规划报告提纲", "附件3"),
    Doc("selfcheck-form", "自检报表", "附件6"),
    Doc("selfcheck-score", "自检评分表", "附件7"),
)}
SELFCHECK_DOCS = ("selfcheck-form", "selfcheck-score")
FORMATS = ("md", "docx")


def _doc(name: str) -> Doc:
    if name not in DOCS:
        raise UsageError(f"没有名为“{name}”的文书；可选：" + "、".join(f"{d.name}（{d.title}）" for d in DOCS.values()))
    return DOCS[name]


def _event(place: Place, state: str) -> dict[str, Any] | None:
    events = [e for e in place.transitions if e["to"] == state]
    return events[-1] if events else None


def _cn(day: Any) -> str | None:
    """A date as a 公文 writes it: Arabic numerals, 2026年11月16日 (GB/T 9704-2012 7.3.5)."""
    return chinese.arabic_date(dt.date.fromisoformat(str(day))) if day else None


def _inscription(day: Any) -> str | None:
    """A date as an inscription writes it: 二〇二六年十一月十六日 (the 碑文 is not a 公文)."""
    return chinese.date(dt.date.fromisoformat(str(day))) if day else None


GROUP_NUMBERS = "一二三四五六七八九"


def review_rows(rubric: dict[str, Any], scores: dict[str, Any] | None, wanted: dict[str, str]) -> list[dict[str, Any]]:
    """附录E 评审表 rows: each group (一、资源条件 30) then its indicators, with the panel's mean scores and what the
    dossier's data gives for the objective ones (释-19: the range below the lowest bracket)."""
    means = scores["means"] if scores else {}
    groups: dict[str, list[dict[str, Any]]] = {}
    for item in rubric["indicators"]:
        groups.setdefault(item["group"], []).append(item)
    rows: list[dict[str, Any]] = []
    for number, (group, items) in zip(GROUP_NUMBERS, groups.items(), strict=False):
        got = sum(means.get(i["id"]) or 0 for i in items) if scores else None
        single = len(items) == 1 and items[0]["name"] == group
        rows.append({"group": True, "label": f"{number}、{group}", "max": sum(i["max"] for i in items), "score": got})
        if not single:
            rows.extend({"group": False, "label": f"{i['id']} {i['name']}", "max": i["max"],
                         "score": means.get(i["id"]), "expected": wanted.get(i["id"], "")} for i in items)
    return rows


def context(place: Place, rules: Rules, labels: Labels, today: dt.date) -> dict[str, Any]:
    """Everything any document template may use."""
    dossier = fieldview.complete(labels.schema, place.dossier)
    coefficients = rules.coefficients
    table1 = plantable.table(dossier, coefficients)
    yearly = monitoring.yearly(place.monitoring)
    scores = panel_scores.summary(place.review or {}, rules, place.dossier)
    wanted = scores["expected"] if scores else scoring.shown_on_sheet(place.dossier, rules)
    return {
        "place": place, "d": dossier, "rules": rules.data, "labels": labels, "today": today,
        "cn": _cn, "inscription_date": _inscription, "number": fieldview.number, "text": fieldview.text, "quantity": chinese.quantity,
        "submitted": _event(place, "申报"), "recommended": _event(place, "推荐"), "named_event": place.naming,
        "rejected": _event(place, "否决"),
        **form_context(labels, dossier, place),
        "tables": {key: fieldview.section(labels, key, dossier[key])[0]
                   for key in ("permits", "reinjection_history") if dossier.get(key)},
        "ind": place.evaluation["indicators"], "ind_labels": indicators.LABELS,
        "mineral": place.evaluation["mineral_water"], "conditions": place.evaluation["conditions"],
        "scores": scores, "review_rows": review_rows(rules.data["review_rubric"], scores, wanted),
        "below_lowest": [(i, scoring.below_lowest(i)) for i in rules.data["review_rubric"]["indicators"] if scoring.below_lowest(i)], "rubric": rules.data["review_rubric"],
        "notice": place.notice_facts(), "contact": rules.data["notice"].get("objections_to"),
        "stele": stele.for_place(place, rules), "naming_body": stele.NAMING_BODY,
        "dynamics": stele.dynamics(yearly), "table1": table1,
        "table1_ok": plantable.meets_minimum(table1, rules.level(dossier["level"])["min_exploitable_m3_per_day"]),
        "min_m3_per_day": rules.level(dossier["level"])["min_exploitable_m3_per_day"],
    }


def form_context(labels: Labels, dossier: dict[str, Any] | None, place: Place | None) -> dict[str, Any]:
    """What the 申报表 (附件1) prints: its cover, its table, its record tables and its text boxes; blank without a dossier."""
    submitted = _event(place, "申报") if place else None
    cover = {"title": f"{place.title}（{place.dossier.get('place')}）" if place else "", "applicant": (dossier or {}).get("applicant", {}).get("name", ""),
             "date": _cn(submitted["date"]) if submitted else "年　月　日"}
    return {"blank": dossier is None, "cover": cover, "form": appform.rows(labels, dossier),
            "form_tables": appform.tables(labels, dossier), "form_text": appform.narrative(labels, dossier),
            "format_rules": appform.FORMAT_RULES}


def _fig(value: float | None, digits: int = 0) -> str:
    """A figure for a form cell in the documents' one number style (fieldview.number: grouped from five digits);
    an empty cell (to be filled in by hand) when unknown."""
    if value is None:
        return ""
    return fieldview.number(value, digits) if digits else fieldview.number(round(value))


def selfcheck_context(place: Place, rules: Rules, year: int | None, today: dt.date) -> dict[str, Any]:
    """附件6/附件7 for the self-check of `year` (default: the latest on file, else the next one due)."""
    from wenquan.documents import selfcheck
    from wenquan.dossier.validate import display_path, load_valid
    from wenquan.workflow.obligations import is_selfcheck_year

    named_on = place.named_on
    if named_on is None or not place.named:
        raise UserError(f"{place.dossier['place']}尚未命名，没有中评估自检（管理办法 四、2（2））")
    on_file = sorted(int(p.name[:4]) for p in (place.folder / "reports").glob("*-selfcheck.yaml"))
    if year is None:
        year = on_file[-1] if on_file else named_on.year + 5 * max(1, -(-(today.year - named_on.year) // 5))
    if not is_selfcheck_year(year, named_on):
        raise UserError(f"{year} 年不是{place.dossier['place']}的中评估年份（自 {named_on.year} 年命名起每 5 年一次）")
    path = place.folder / "reports" / f"{year}-selfcheck.yaml"
    if path.is_file():
        data = load_valid(path, "selfcheck", place.folder.parent.parent, f"自检材料 {display_path(path)} ", today)
        form, scores, contact, draft = data["form"], data["scores"], data["contact"], False
    else:
        form, scores, contact, draft = selfcheck.prefill(place.dossier, latest_annual(place.folder)), {}, None, True
    return {"year": year, "sc_form": form, "sc_draft": draft, "sc_contact": contact,
            "sc": selfcheck.compute(form, rules.coefficients), "sc_parts": selfcheck.PARTS,
            "sc_sheet": selfcheck.score_sheet(scores, rules.data["selfcheck_rubric"], str(path.name)),
            "sc_rows": review_rows({"indicators": rules.data["selfcheck_rubric"]["items"]},
                                   {"means": scores} if scores else None, {}),
            "fig": _fig}


def markdown(root: Path, dossier_id: str, name: str, today: dt.date, year: int | None = None) -> str:
    """One document of one dossier as Markdown (pandoc's dialect: it is also what Word is made from)."""
    doc = _doc(name)
    repo = Repository(root)
    load_dossier(repo, dossier_id, today)   # a clear message for an unknown or invalid dossier
    rules = Rules.load(root)
    place = load_place(repo, rules, repo.dossier_dir(dossier_id), today)
    env = environment(root, "pandoc")
    ctx = context(place, rules, Labels(root), today)
    if doc.name in SELFCHECK_DOCS:
        ctx.update(selfcheck_context(place, rules, year, today))
    return env.get_template(f"docs/{doc.name}.md.j2").render(ctx)


BLANK = ("application",)        # the documents that exist as a form to fill in


def blank_markdown(root: Path, name: str) -> str:
    """The blank 申报表 (附件1): every field with its unit and how its value is written, every box empty."""
    doc = _doc(name)
    if doc.name not in BLANK:
        raise UsageError(f"只有申报表（application）有空白表；{doc.name}（{doc.title}）要从一份申报材料生成")
    rules = Rules.load(root)
    ctx = {**form_context(Labels(root), None, None), "cn": _cn, "recommended": None, "notice": {"opinion": None},
           "scores": None, "named_event": None, "rejected": None, "rubric": rules.data["review_rubric"]}
    return environment(root, "pandoc").get_template(f"docs/{doc.name}.md.j2").render(ctx)


def export_blank(root: Path, name: str, fmt: str, out: Path) -> Path:
    """Write the blank form of `name` to `out` (a file, or a folder for the default name)."""
    _check_format(fmt)
    text = blank_markdown(root, name)
    target = out / f"{DOCS[name].title}（空白）.{fmt}" if out.is_dir() else out
    return _write(root, target, text, fmt, _layout(root, name))


def _layout(root: Path, name: str) -> Callable[[Path], None]:
    """The last pass over the Word file of document `name` (wordlayout.finish): a 碑文 is an inscription, not a
    公文; the 申报表 has 附件1's group headings across its table and its text sections in boxes."""
    if name != "application":
        return lambda staged: finish(staged, official=name != "stele")
    labels = Labels(root)
    titles = frozenset(appform.GROUP.values())
    boxes = frozenset(labels.label(("narrative", key)) for key in appform.NARRATIVE)
    return lambda staged: finish(staged, True, titles, boxes)


def _write(root: Path, target: Path, text: str, fmt: str, layout: Callable[[Path], None]) -> Path:
    if not target.parent.is_dir():
        raise UserError(f"{target.parent}: 输出文件夹不存在")
    refuse_source(root, target)
    if fmt == "md":
        write_text_atomic(target, text)
    else:
        to_docx(text, target, reference_docx(root), layout)
    return target


def reference_docx(root: Path) -> Path:
    for folder in template_dirs(root):
        if (folder / "reference.docx").is_file():
            return folder / "reference.docx"
    raise UserError(f"{root / 'templates' / 'reference.docx'}: 缺少 Word 样式模板")


def _check_format(fmt: str) -> None:
    if fmt not in FORMATS:
        raise UsageError(f"格式只能是 {' 或 '.join(FORMATS)}，而不是“{fmt}”")


def default_name(dossier_id: str, name: str, fmt: str) -> str:
    return f"{dossier_id}-{DOCS[name].title}.{fmt}"


def export(root: Path, dossier_id: str, name: str, fmt: str, out: Path, today: dt.date, year: int | None = None) -> Path:
    """Write one document to `out` (a file, or a folder for the default name); returns the file written."""
    _check_format(fmt)
    text = markdown(root, dossier_id, name, today, year)
    target = out / default_name(dossier_id, name, fmt) if out.is_dir() else out
    return _write(root, target, text, fmt, _layout(root, name))


def export_all(root: Path, dossier_ids: list[str], name: str, fmt: str, folder: Path, today: dt.date,
               year: int | None = None) -> Iterator[Path]:
    """`export` for each dossier into `folder`, each file as it is written; every document is made before the first
    is written, so that a dossier with errors stops the whole run with nothing written."""
    _check_format(fmt)
    texts = [(dossier_id, markdown(root, dossier_id, name, today, year)) for dossier_id in dossier_ids]
    layout = _layout(root, name)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UserError(f"无法建立输出文件夹 {folder}：{exc.strerror or exc}") from exc
    for dossier_id, text in texts:
        yield _write(root, folder / default_name(dossier_id, name, fmt), text, fmt, layout)


SOURCE_FOLDERS = ("dossiers", "registry", "schemas", "templates", "site", "scripts", "tests", ".git", ".github")


def refuse_source(root: Path, target: Path) -> None:
    """A document is never written over the repository's own files (a dossier, the rules, a tracked file)."""
    try:
        rel = target.resolve().relative_to(root.resolve())
    except ValueError:
        return  # outside the repository
    tracked = subprocess.run(["git", "ls-files", "--error-unmatch", "--", rel.as_posix()], cwd=root, capture_output=True).returncode == 0
    if tracked or (rel.parts and rel.parts[0] in SOURCE_FOLDERS) or target.name in ("mkdocs.yml", "mkdocs.review.yml"):
        raise UserError(f"{rel.as_posix()} 是仓库中的源文件（申报材料、登记文件或已纳入版本管理的文件），不能用 -o 覆盖；"
                        f"请输出到别处，例如 -o 文书/")


def dossier_ids(root: Path, name: str | None = None) -> list[str]:
    """Every dossier, or for the self-check documents every named place (the others have no self-check)."""
    from wenquan.workflow import records

    ids = sorted(p.parent.name for p in Repository(root).dossiers.glob("*/dossier.yaml"))
    if name not in SELFCHECK_DOCS:
        return ids

    def named(dossier_id: str) -> bool:
        path = Repository(root).dossier_dir(dossier_id) / "workflow.yaml"
        workflow = records.read(path, "workflow", root)  # a record changed by hand is refused, where and why said
        return isinstance(workflow, dict) and workflow.get("state") in ("命名", "整改", "撤销")
    return [i for i in ids if named(i)]
