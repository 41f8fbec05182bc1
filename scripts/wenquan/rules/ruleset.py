"""The program's rules as data (registry/rules.yaml), loaded once and validated before use."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from wenquan.dossier.validate import load_valid as load_checked
from wenquan.repo import registry_file

# RFC 2606 / RFC 6761 names reserved for examples, and the shipped data's own marks
_EXAMPLE = re.compile(r"示例|虚构|(?<![a-z0-9-])example\.(?:org|com|net)(?![a-z0-9-])|\.example(?![a-z0-9-])", re.I)


def is_example_value(value: str) -> bool:
    return bool(_EXAMPLE.search(value))


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

    @property
    def interpretations(self) -> list[dict[str, str]]:
        """The interpretations register: every choice the software makes where the 办法 is silent (释-NN)."""
        result: list[dict[str, str]] = self.data["interpretations"]
        return result

    def example_contacts(self) -> list[str]:
        """The objection office's details that are still the shipped examples (published on every notice)."""
        contact = self.data["notice"]["objections_to"]
        return [f"registry/rules.yaml notice.objections_to.{key}：“{value}”" for key, value in contact.items()
                if isinstance(value, str) and is_example_value(value)]

    def indicator(self, ident: str) -> dict[str, Any]:
        for row in self.data["review_rubric"]["indicators"]:
            if row["id"] == ident:
                result: dict[str, Any] = row
                return result
        raise KeyError(ident)
