"""workflow.yaml and review.yaml: read through validation, written whole and atomically, only by wenquan."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from wenquan.dossier.diagnostics import ERROR
from wenquan.dossier.kinds import KINDS
from wenquan.dossier.validate import display_path, load_valid
from wenquan.repo import schemas_dir

HEADERS = {
    "workflow": ["# yaml-language-server: $schema=../../schemas/workflow.schema.json",
                 "# 本文件只由 wenquan 写入，请勿手工修改：每次变更都是一次带尾注的提交，wenquan audit 会逐条核对。"],
    "review": ["# yaml-language-server: $schema=../../schemas/review.schema.json",
               "# 本文件只由 wenquan 写入，请勿手工修改；含专家姓名和评审表，不公开。"],
}


def read(path: Path, kind: str, root: Path) -> dict[str, Any] | None:
    """The record's data, or None when the file does not exist yet. A damaged record is refused."""
    if not path.exists():
        return None
    return load_valid(path, kind, root, f"{display_path(path)} ")


def dump(kind: str, data: dict[str, Any]) -> str:
    """The record as YAML text, verified to load and validate exactly as `wenquan validate` would read it."""
    from wenquan.dossier.loader import load_bytes
    from wenquan.dossier.schemas import validate_document, validator_for

    body = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, default_flow_style=False, width=4096)
    text = "\n".join(HEADERS[kind]) + "\n" + body
    doc, problems = load_bytes(text.encode("utf-8"), f"{kind}.yaml")
    if doc is not None:
        problems += validate_document(doc, validator_for(schemas_dir(None) / KINDS[kind].schema))
    errors = [d for d in problems if d.severity == ERROR]
    if errors or doc is None or doc.data != data:
        raise RuntimeError(f"wenquan 生成的 {kind}.yaml 不合格（程序缺陷）：" + "; ".join(f"{d.code} {d.field} {d.message}" for d in errors))
    return text

