"""`wenquan new`: a dossier with every key of format v1 present, null where unknown, titles as comments."""

from __future__ import annotations

import json
import re
from decimal import Decimal
from typing import Any

from wenquan.errors import UserError
from wenquan.fsutil import write_text_atomic
from wenquan.repo import Repository

MODELINE = "# yaml-language-server: $schema=../../schemas/dossier.schema.json"
_UNIT = re.compile(r"（单位：([^）]+)）")


def _comment(schema: dict[str, Any]) -> str:
    title = schema.get("title", "")
    unit = _UNIT.search(schema.get("description", ""))
    if unit:
        title += f"（{unit.group(1)}）"
    if "enum" in schema:
        title += "：" + " | ".join(str(v) for v in schema["enum"] if v is not None)
    if schema.get("format") == "date":
        title += "，YYYY-MM-DD"
    return f"  # {title}" if title else ""


def _types(schema: dict[str, Any]) -> list[str]:
    kind = schema.get("type", [])
    return [kind] if isinstance(kind, str) else list(kind)


def yaml_lines(schema: dict[str, Any], values: dict[str, Any], indent: str,
           sources: dict[str, str] | None = None, prefix: str = "") -> list[str]:
    """Every key of `schema`, with the value given in `values` (nested like the data) or null.

    `sources` names, by dotted key, where a pre-filled value came from; it is written as a comment on its line."""
    sources = sources or {}
    out: list[str] = []
    for key, sub in schema.get("properties", {}).items():
        comment, path = _comment(sub), prefix + key
        given = values.get(key)
        if "object" in _types(sub) and "properties" in sub and (given is None or isinstance(given, dict)):
            out.append(f"{indent}{key}:{comment}")
            out.extend(yaml_lines(sub, given or {}, indent + "  ", sources, path + "."))
        elif key in values:
            source = sources.get(path)
            if source:
                comment = (comment or "  #") + f"；预填自{source}"
            out.extend(value_lines(indent, key, values[key], comment))
        elif "array" in _types(sub):
            items = sub.get("items", {})
            if "properties" in items:
                out.append(f"{indent}{key}:{comment}")
                row = yaml_lines(items, {}, indent + "    ")
                out.append(f"{indent}  - " + row[0].lstrip())
                out.extend(row[1:])
            elif sub.get("minItems") == 2 and sub.get("maxItems") == 2:
                out.append(f"{indent}{key}: [null, null]{comment}")
            else:
                out.append(f"{indent}{key}: []{comment}")
        else:
            out.append(f"{indent}{key}: null{comment}")
    return out


_PLAIN_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def flow(value: Any) -> str:
    """A value as one line of YAML that reads back as exactly this value (JSON strings; floats never in e-notation,
    which YAML 1.1 would read as a string)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        text = repr(value)
        if "e" not in text:
            return text
        plain = format(Decimal(text), "f")
        return plain if "." in plain else plain + ".0"
    if isinstance(value, list):
        return "[" + ", ".join(flow(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k if _PLAIN_KEY.fullmatch(str(k)) else json.dumps(str(k), ensure_ascii=False)}: {flow(v)}"
                               for k, v in value.items()) + "}"
    return json.dumps(str(value), ensure_ascii=False)


def _literal(value: str) -> bool:
    """Whether `value` can be a literal block (`|`): one final line break, no leading space, only printable text."""
    return (value.endswith("\n") and not value.endswith("\n\n") and not value[0].isspace()
            and all(ch == "\n" or ch.isprintable() for ch in value) and not any(line != line.rstrip() for line in value.split("\n")))


def value_lines(indent: str, key: str, value: Any, comment: str) -> list[str]:
    """`key: value`, a list of records one per line, a multi-line text as a literal block."""
    if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
        return [f"{indent}{key}:{comment}"] + [f"{indent}  - {flow(v)}" for v in value]
    if isinstance(value, str) and _literal(value):
        return [f"{indent}{key}: |{comment}"] + [f"{indent}  {line}" if line else "" for line in value[:-1].split("\n")]
    return [f"{indent}{key}: {flow(value)}{comment}"]


def scaffold_text(schema: dict[str, Any], level: str, place: str, values: dict[str, Any] | None = None,
                  omit: frozenset[str] = frozenset()) -> str:
    """The new dossier's text; `values` (nested as the data) fill the keys they name, as an issue form does.
    Top-level keys in `omit` (optional sections a dossier being rewritten leaves out) are not written."""
    header = [MODELINE, f"# {place} 申报“中国温泉之{level}”的申报材料（格式 v1）。不知道的项写 null，不要写 0。",
              "# 每个键的含义、单位和可选值见行尾注释；写完后运行 wenquan validate 检查。"]
    shown = {**schema, "properties": {k: v for k, v in schema.get("properties", {}).items() if k not in omit}}
    body = yaml_lines(shown, {**(values or {}), "schema_version": 1, "level": level, "place": place}, "")
    return "\n".join(header + body) + "\n"


def create(repo: Repository, dossier_id: str, level: str, place: str, values: dict[str, Any] | None = None) -> str:
    folder = repo.dossier_dir(dossier_id)  # refuses what is not a dossier id
    if not place.strip():
        raise UserError("地点（--place）不能为空")
    target = folder / "dossier.yaml"
    if folder.exists():
        raise UserError(f"{folder}: 已存在，不会覆盖；请换一个编号")
    schema = json.loads((repo.schemas / "dossier.schema.json").read_text(encoding="utf-8"))
    text = scaffold_text(schema, level, place.strip(), values)
    (folder / "materials").mkdir(parents=True)
    write_text_atomic(target, text)
    return str(target.relative_to(repo.root))
