"""Print a validation report as text for people, JSON for programs, or GitHub annotations for pull requests."""

from __future__ import annotations

import json
from collections.abc import Callable

import click

from wenquan.dossier.diagnostics import SEVERITY_ZH, Diagnostic
from wenquan.dossier.validate import Report


def text(report: Report) -> None:
    for d in report.diagnostics:
        click.echo(f"{d.path}:{d.line}:{d.column}: {SEVERITY_ZH[d.severity]} [{d.code}] {d.field}: {d.message}")
    summary = f"检查了 {report.files} 个文件：{report.errors} 个错误，{report.warnings} 个警告"
    click.echo(summary if report.diagnostics else f"{summary}。全部通过。", err=True)


def as_json(report: Report) -> None:
    click.echo(json.dumps([d.as_dict() for d in report.diagnostics], ensure_ascii=False, indent=2))


def _escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(value: str) -> str:
    return _escape_data(value).replace(":", "%3A").replace(",", "%2C")


def github_line(d: Diagnostic) -> str:
    level = "error" if d.severity == "error" else "warning"
    title = _escape_property(f"{d.code} {d.field}")
    return (f"::{level} file={_escape_property(d.path)},line={d.line},col={d.column},title={title}::"
            f"{_escape_data(d.message)}")


def github(report: Report) -> None:
    for d in report.diagnostics:
        click.echo(github_line(d))
    click.echo(f"检查了 {report.files} 个文件：{report.errors} 个错误，{report.warnings} 个警告", err=True)


REPORTERS: dict[str, Callable[[Report], None]] = {"text": text, "json": as_json, "github": github}
