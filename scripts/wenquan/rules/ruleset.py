"""The program's rules as data (registry/rules.yaml), loaded once and validated before use."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from wenquan.dossier.validate import load_valid as load_checked
from wenquan.repo import registry_file


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
