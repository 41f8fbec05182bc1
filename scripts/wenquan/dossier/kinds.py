"""The file kinds wenquan knows, each with its schema and its checks beyond the schema."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from wenquan.dossier import dossier_checks, registry_checks, report_checks
from wenquan.dossier.diagnostics import Diagnostic
from wenquan.dossier.loader import Document, is_dossier_text

Checks = Callable[[Document, Path, dt.date], list[Diagnostic]]


@dataclass(frozen=True)
class FileKind:
    name: str
    filename: str
    schema: str
    checks: Checks


def _dossier(doc: Document, path: Path, today: dt.date) -> list[Diagnostic]:
    folder = path.parent
    return dossier_checks.run_checks(doc, dossier_checks.Context(folder, folder.resolve().name, today))


KINDS: dict[str, FileKind] = {
    "dossier": FileKind("dossier", "dossier.yaml", "dossier.schema.json", _dossier),
    "rules": FileKind("rules", "rules.yaml", "rules.schema.json", lambda d, p, t: registry_checks.check_rules(d)),
    "experts": FileKind("experts", "experts.yaml", "experts.schema.json", lambda d, p, t: registry_checks.check_experts(d)),
    "overlay": FileKind("overlay", "overlays/*.yaml", "overlay.schema.json", lambda d, p, t: []),
    "calendar": FileKind("calendar", "calendar.yaml", "calendar.schema.json", lambda d, p, t: []),
    "roles": FileKind("roles", "roles.yaml", "roles.schema.json", lambda d, p, t: registry_checks.check_roles(d)),
    "workflow": FileKind("workflow", "workflow.yaml", "workflow.schema.json", lambda d, p, t: []),
    "review": FileKind("review", "review.yaml", "review.schema.json", lambda d, p, t: []),
    "annual": FileKind("annual", "*-annual.yaml", "annual.schema.json", report_checks.check),
    "selfcheck": FileKind("selfcheck", "*-selfcheck.yaml", "selfcheck.schema.json", report_checks.check),
}
DOSSIER_FILES = ("dossier", "workflow", "review")      # one each, directly in dossiers/<id>/
REPORT_FILES = ("annual", "selfcheck")                 # any number, in dossiers/<id>/reports/


def kind_of(path: Path) -> FileKind | None:
    """By file name first, then by the schema a dossier names in its modeline."""
    for kind in KINDS.values():
        if path.name == kind.filename or path.match(kind.filename):
            return kind
    if path.suffix in (".yaml", ".yml") and is_dossier_text(path):
        return KINDS["dossier"]
    return None
