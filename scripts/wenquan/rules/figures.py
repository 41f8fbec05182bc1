"""Figures the applicant typed that the dossier's own data contradicts (附件3 表1 注, 附件6): a validation warning.

`wenquan check` shows the same mismatches; `wenquan validate` counts them, at the line of the typed figure.
"""

from __future__ import annotations

from pathlib import Path

from wenquan.dossier.diagnostics import WARNING, Diagnostic
from wenquan.dossier.loader import Document
from wenquan.rules import indicators
from wenquan.rules.ruleset import Rules


def typed_figures(doc: Document, root: Path | None) -> list[Diagnostic]:
    rules = Rules.load(root)
    found = indicators.mismatches(doc.data, indicators.compute(doc.data, rules.coefficients))
    return [doc.diag(tuple(m["field"].split(".")), "D214", m["message"], severity=WARNING) for m in found]
