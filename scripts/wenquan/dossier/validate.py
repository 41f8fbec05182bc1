"""Validate files: load with positions, check against the schema, then run the kind's own checks."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from wenquan import clock
from wenquan.dossier.diagnostics import ERROR, Diagnostic
from wenquan.dossier.kinds import DOSSIER_FILES, KINDS, REPORT_FILES, FileKind, kind_of
from wenquan.dossier.loader import Document, load_file
from wenquan.dossier.schemas import validate_document, validator_for
from wenquan.errors import UserError
from wenquan.repo import schemas_dir
from wenquan.workers import forked_map

Target = tuple[Path, FileKind]


@dataclass
class Report:
    files: int = 0
    diagnostics: list[Diagnostic] = field(default_factory=list)

    @property
    def errors(self) -> int:
        return sum(1 for d in self.diagnostics if d.severity == ERROR)

    @property
    def warnings(self) -> int:
        return len(self.diagnostics) - self.errors

    def failed(self, strict: bool = False) -> bool:
        return self.errors > 0 or (strict and self.warnings > 0)


def display_path(path: Path) -> str:
    try:
        rel = os.path.relpath(path)
    except ValueError:
        return str(path)
    return str(path) if rel.startswith("..") else rel


def default_targets(root: Path) -> list[Target]:
    """Every file kind wenquan knows under dossiers/ and registry/."""
    targets: list[Target] = []
    for name in DOSSIER_FILES:
        targets.extend((p, KINDS[name]) for p in sorted((root / "dossiers").glob(f"*/{KINDS[name].filename}")))
    for name in REPORT_FILES:
        targets.extend((p, KINDS[name]) for p in sorted((root / "dossiers").glob(f"*/reports/{KINDS[name].filename}")))
    for kind in KINDS.values():
        if kind.name not in DOSSIER_FILES + REPORT_FILES:
            targets.extend((p, kind) for p in sorted((root / "registry").glob(kind.filename)) if p.is_file())
    return targets


def targets_for(paths: list[Path]) -> tuple[list[Target], list[Diagnostic]]:
    targets: list[Target] = []
    unknown: list[Diagnostic] = []
    for path in paths:
        if path.is_dir():
            for kind in KINDS.values():
                targets.extend((p, kind) for p in sorted(path.rglob(Path(kind.filename).name)) if kind_of(p) is kind)
            continue
        if not path.exists():
            raise UserError(f"{path}: 文件或文件夹不存在")
        found = kind_of(path)
        if found is None:
            unknown.append(Diagnostic(display_path(path), 1, 1, ERROR, "V001", "(文件)",
                                      "无法识别的文件类型：wenquan 认识 dossier.yaml、workflow.yaml、review.yaml、rules.yaml、experts.yaml、roles.yaml、calendar.yaml、overlays/*.yaml，"
                                      "或首行声明了 dossier.schema.json 的 YAML 文件"))
            continue
        targets.append((path, found))
    return targets, unknown


# A check a higher room adds for dossiers that pass the schema (the rules' typed-figure check, say):
# given the document and the repository root, the diagnostics it finds.
DossierCheck = Callable[[Document, "Path | None"], list[Diagnostic]]


def _check(path: Path, kind: FileKind, schemas: Path, today: dt.date, display: str | None = None,
           extra: tuple[DossierCheck, ...] = (), root: Path | None = None) -> tuple[Document | None, list[Diagnostic]]:
    doc, diagnostics = load_file(path, display or display_path(path))
    if doc is None or any(d.severity == ERROR for d in diagnostics):
        return doc, sorted(diagnostics)
    diagnostics += validate_document(doc, validator_for(schemas / kind.schema))
    diagnostics += kind.checks(doc, path, today)
    if kind.name == "dossier" and not any(d.severity == ERROR for d in diagnostics):
        for check in extra:
            diagnostics += check(doc, root)
    return doc, sorted(set(diagnostics))


def validate_file(path: Path, kind: FileKind, schemas: Path, today: dt.date, display: str | None = None,
                  extra: tuple[DossierCheck, ...] = (), root: Path | None = None) -> list[Diagnostic]:
    return _check(path, kind, schemas, today, display, extra, root)[1]


def _validate_named(item: tuple[Path, str, str], schemas: Path, today: dt.date, extra: tuple[DossierCheck, ...] = (),
                    root: Path | None = None) -> list[Diagnostic]:
    path, kind_name, display = item
    return validate_file(path, KINDS[kind_name], schemas, today, display, extra, root)


def validate_targets(targets: list[Target], root: Path | None, today: dt.date | None = None,
                     extra: tuple[DossierCheck, ...] = ()) -> Report:
    """Validate every target; `extra` checks run on each dossier that passes the schema."""
    today = today or clock.today()
    schemas = schemas_dir(root)
    report = Report(files=len(targets))
    items = [(path, kind.name, display_path(path)) for path, kind in targets]
    for found in forked_map(partial(_validate_named, schemas=schemas, today=today, extra=extra, root=root), items, chunksize=32):
        report.diagnostics.extend(found)
    return report


def refuse(diagnostics: list[Diagnostic], what: str) -> UserError:
    lines = [f"{d.path}:{d.line}:{d.column}: [{d.code}] {d.field}: {d.message}" for d in diagnostics if d.severity == ERROR]
    return UserError(f"{what}有错误，请先修正：\n" + "\n".join(lines))


def load_valid(path: Path, kind: str, root: Path | None, what: str, on: dt.date | None = None) -> dict[str, Any]:
    """A file's data, loaded through the same validation as `wenquan validate`; refused with every error it has.

    A date is "in the future" when it is after today, or after `on` when a command evaluates as of a later day
    (`build --on`, `export --on`): a rehearsal of a later day reads the records dated up to that day."""
    horizon = max(clock.today(), on) if on else clock.today()
    doc, diagnostics = _check(path, KINDS[kind], schemas_dir(root), horizon)
    if doc is None or any(d.severity == ERROR for d in diagnostics):
        raise refuse(diagnostics, what)
    data: dict[str, Any] = doc.data
    return data
