"""Shared helpers for the rules-engine tests: an example dossier as data, changed one field at a time."""

from __future__ import annotations

import copy
import datetime as dt
from functools import cache
from typing import Any

import yaml

from conftest import ROOT
from wenquan.rules.check import evaluate
from wenquan.rules.ruleset import Rules

ON = dt.date(2026, 11, 21)


@cache
def _example(dossier_id: str) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load((ROOT / "dossiers" / dossier_id / "dossier.yaml").read_text(encoding="utf-8"))
    for permit in data["permits"]:  # PyYAML gives dates; the wenquan loader gives ISO text
        permit["valid_from"], permit["valid_to"] = str(permit["valid_from"]), str(permit["valid_to"])
    return data


def example(dossier_id: str = "hebei-xiongxian") -> dict[str, Any]:
    return copy.deepcopy(_example(dossier_id))


@cache
def rules() -> Rules:
    return Rules.load(ROOT)


def run(data: dict[str, Any], on: dt.date = ON) -> dict[str, Any]:
    return evaluate(data, rules(), on, ROOT, "test")


def condition(data: dict[str, Any], rule: str, on: dt.date = ON) -> dict[str, Any]:
    return next(c for c in run(data, on)["conditions"] if c["rule"] == rule)


def history(*rows: tuple[int, float]) -> list[dict[str, Any]]:
    """Rows of (year, ratio) with 1,000,000 m³ extracted each year."""
    return [{"year": y, "extracted_m3": 1_000_000, "reinjected_m3": round(r * 1_000_000, 6)} for y, r in rows]
