"""The application as a forge issue form (issue 19 §8): `.github/ISSUE_TEMPLATE/apply.yml` generated from the dossier
schema (labels, descriptions, choices and units are the schema's), and the issue GitHub makes of it read back into
the dossier's values. An applicant without git fills the form; `wenquan bot` opens a branch with the dossier."""

from __future__ import annotations

import re
from typing import Any

import yaml

from wenquan.dossier.china import PROVINCES

ID_FIELD = "dossier_id"
ID_LABEL = "申报编号"
NO_RESPONSE = "_No response_"          # what GitHub writes for an optional field left empty
LABEL = "申报"                          # the label every issue of this form carries
# The main fields of 附件1 an applicant can give without files: (path, widget). Everything else is filled in the PR.
FIELDS: list[tuple[tuple[str, ...], str]] = [
    (("level",), "dropdown"), (("place",), "input"),
    (("applicant", "name"), "input"), (("applicant", "kind"), "dropdown"), (("applicant", "province"), "dropdown"),
    (("applicant", "prefecture"), "input"), (("applicant", "admin_level"), "dropdown"),
    (("resources", "exploration_degree"), "dropdown"), (("resources", "exploitable_m3_per_day"), "input"),
    (("resources", "exploitable_grade"), "dropdown"), (("fluid", "temperature_c"), "input"),
    (("fluid", "tds_mg_per_l"), "input"), (("fluid", "water_type"), "input"), (("wells", "total"), "input"),
    (("contact", "name"), "input"), (("contact", "phone"), "input"), (("contact", "email"), "input"),
]
UNIT = re.compile(r"（单位：([^）]+)）")


def node(schema: dict[str, Any], path: tuple[str, ...]) -> dict[str, Any]:
    for key in path:
        schema = schema["properties"][key]
    return schema


def _types(sub: dict[str, Any]) -> list[str]:
    kind = sub.get("type", [])
    return [kind] if isinstance(kind, str) else list(kind)


def label(schema: dict[str, Any], path: tuple[str, ...]) -> str:
    sub = node(schema, path)
    unit = UNIT.search(str(sub.get("description", "")))
    text = str(sub.get("title", path[-1]))
    return f"{text}（{unit.group(1)}）" if unit else text


def _choices(schema: dict[str, Any], path: tuple[str, ...]) -> list[str]:
    if path == ("applicant", "province"):
        return list(PROVINCES)
    return [str(v) for v in node(schema, path).get("enum", []) if v is not None]


def render(schema: dict[str, Any]) -> str:
    """The issue form's YAML: the id, then each field with the schema's title, description and choices."""
    body: list[dict[str, Any]] = [
        {"type": "markdown", "attributes": {"value": "填写后提交，wenquan 会为本申报建立分支并说明还缺哪些材料。"
                                                     "申报材料中的联系人等信息只在本（私有）仓库中，不会公开。"}},
        {"type": "input", "id": ID_FIELD, "attributes": {"label": ID_LABEL, "description": "小写拼音和连字符，如 hebei-xiongxian（省-地名）",
                                                         "placeholder": "hebei-xiongxian"}, "validations": {"required": True}}]
    required = {("level",), ("place",), ("applicant", "name"), ("applicant", "province")}
    for path, widget in FIELDS:
        sub = node(schema, path)
        item: dict[str, Any] = {"type": widget, "id": "-".join(path).replace("_", "-"),
                                "attributes": {"label": label(schema, path), "description": str(sub.get("description", ""))}}
        if widget == "dropdown":
            item["attributes"]["options"] = _choices(schema, path)
        item["validations"] = {"required": path in required}
        body.append(item)
    form = {"name": "申报“中国温泉之乡（城、都）”", "description": "不用 git 也能提交申报：填写主要信息，wenquan 建立申报材料的分支",
            "title": "申报：", "labels": [LABEL], "body": body}
    header = ("# 由 wenquan forge issue-form 按 schemas/dossier.schema.json 生成，请勿手工修改（测试核对两者一致）。\n")
    return header + yaml.safe_dump(form, allow_unicode=True, sort_keys=False, width=1000)


def _value(schema: dict[str, Any], path: tuple[str, ...], text: str) -> tuple[Any, str | None]:
    """The answer as the dossier holds it, or a problem in Chinese naming the form's label."""
    sub = node(schema, path)
    kinds = _types(sub)
    cleaned = text.strip().replace("，", "").replace(",", "")
    if "integer" in kinds or "number" in kinds:
        try:
            number = float(cleaned)
        except ValueError:
            return None, f"“{label(schema, path)}”应为数字，填的是“{text.strip()}”"
        return (int(number) if "integer" in kinds or number.is_integer() else number), None
    return text.strip(), None


def parse(body: str, schema: dict[str, Any]) -> tuple[str | None, dict[str, Any], list[str]]:
    """The dossier id, the values (nested as in the dossier) and the problems of an issue made from the form."""
    answers: dict[str, str] = {}
    for part in re.split(r"^### ", body.replace("\r\n", "\n"), flags=re.M)[1:]:
        heading, _, text = part.partition("\n")
        answers[heading.strip()] = text.strip()
    problems: list[str] = []
    ident = answers.get(ID_LABEL)
    if not ident or ident == NO_RESPONSE:
        problems.append(f"没有填写“{ID_LABEL}”")
        ident = None
    values: dict[str, Any] = {}
    for path, _ in FIELDS:
        text = answers.get(label(schema, path))
        if text is None or text == NO_RESPONSE or not text.strip():
            continue
        value, problem = _value(schema, path, text)
        if problem:
            problems.append(problem)
            continue
        target = values
        for key in path[:-1]:
            target = target.setdefault(key, {})
        target[path[-1]] = value
    return ident, values, problems
