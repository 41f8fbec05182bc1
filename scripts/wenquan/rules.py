"""The program's rules as data (registry/rules.yaml), loaded once and validated before use."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from wenquan.diagnostics import ERROR, Diagnostic
from wenquan.errors import UserError
from wenquan.kinds import KINDS
from wenquan.repo import registry_file, schemas_dir
from wenquan.validate import display_path, validate_file


def refuse(diagnostics: list[Diagnostic], what: str) -> UserError:
    lines = [f"{d.path}:{d.line}:{d.column}: [{d.code}] {d.field}: {d.message}" for d in diagnostics if d.severity == ERROR]
    return UserError(f"{what}有错误，请先修正：\n" + "\n".join(lines))


def load_checked(path: Path, kind: str, root: Path | None, what: str) -> dict[str, Any]:
    """Load a registry file through the same validation as `wenquan validate`; refuse it when it has errors."""
    from wenquan.loader import load_file

    diagnostics = validate_file(path, KINDS[kind], schemas_dir(root), dt.date.today())
    if any(d.severity == ERROR for d in diagnostics):
        raise refuse(diagnostics, what)
    doc, _ = load_file(path, display_path(path))
    assert doc is not None
    data: dict[str, Any] = doc.data
    return data


@dataclass(frozen=True)
class Rules:
    data: dict[str, Any]

    @classmethod
    def load(cls, root: Path | None) -> Rules:
        return cls(load_checked(registry_file(root, "rules.yaml"), "rules", root, "registry/rules.yaml "))

    def level(self, level: str) -> dict[str, Any]:
        result: dict[str, Any] = self.data["levels"][level]
        return result

    @property
    def coefficients(self) -> dict[str, float]:
        result: dict[str, float] = self.data["coefficients"]
        return result

    def indicator(self, ident: str) -> dict[str, Any]:
        for row in self.data["review_rubric"]["indicators"]:
            if row["id"] == ident:
                result: dict[str, Any] = row
                return result
        raise KeyError(ident)
