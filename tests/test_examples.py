"""Example files: every valid one passes clean, every invalid one gives exactly its marked (line, code) pairs."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import EXAMPLES, ROOT, TODAY
from wenquan.dossier.kinds import KINDS
from wenquan.dossier.validate import default_targets, validate_file, validate_targets
from wenquan.repo import schemas_dir

INVALID = EXAMPLES / "invalid"
VALID = EXAMPLES / "valid"
MARK = re.compile(r"#\s*expect:\s*([A-Z0-9 ]+)")

# Files whose expectation cannot sit on their own lines (binary, or inside an unclosed quote).
SIDECAR: dict[str, list[tuple[int, str]]] = {
    "Y003-gbk.yaml": [(1, "Y003")],
    "Y004-unclosed-quote.yaml": [(10, "Y004")],
}


def invalid_files() -> list[Path]:
    return sorted(INVALID.glob("*.yaml")) + sorted(INVALID.glob("*/dossier.yaml"))


def expected(path: Path) -> list[tuple[int, str]]:
    if path.name in SIDECAR:
        return SIDECAR[path.name]
    pairs = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        match = MARK.search(line)
        if match:
            pairs += [(number, code) for code in match.group(1).split()]
    return sorted(pairs)


def found(path: Path) -> list[tuple[int, str]]:
    diagnostics = validate_file(path, KINDS["dossier"], schemas_dir(ROOT), TODAY)
    return sorted((d.line, d.code) for d in diagnostics)


def test_there_is_an_invalid_file_per_failure_class() -> None:
    files = invalid_files()
    assert len(files) >= 25
    codes = {code for f in files for _, code in expected(f)}
    loader = {"Y001", "Y003", "Y004", "Y005", "Y006", "Y007", "Y008", "Y009", "Y011", "Y012", "Y013", "Y014"}
    schema = {"S100", "S101", "S102", "S103", "S104", "S105", "S107", "S108"}
    semantic = {f"D2{n:02d}" for n in range(1, 14)}
    assert loader | schema | semantic <= codes


@pytest.mark.parametrize("path", invalid_files(), ids=lambda p: str(p.relative_to(INVALID)))
def test_invalid_example(path: Path) -> None:
    want = expected(path)
    assert want, f"{path} marks no expected diagnostic"
    assert found(path) == want


@pytest.mark.parametrize("path", sorted(VALID.glob("*.yaml")), ids=lambda p: p.name)
def test_valid_example(path: Path) -> None:
    assert found(path) == []


def test_shipped_dossiers_and_registry_are_clean() -> None:
    targets = default_targets(ROOT)
    kinds = sorted({kind.name for _, kind in targets})
    assert kinds == ["calendar", "dossier", "experts", "overlay", "review", "roles", "rules", "workflow"]
    assert len([t for t in targets if t[1].name == "dossier"]) >= 4
    report = validate_targets(targets, ROOT, TODAY)
    assert report.diagnostics == []


def test_examples_cover_every_level_and_hebei() -> None:
    import yaml

    dossiers = [yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted((ROOT / "dossiers").glob("*/dossier.yaml"))]
    assert {d["level"] for d in dossiers} == {"乡", "城", "都"}
    assert any(d["level"] == "都" and d["applicant"]["admin_level"] == "省会城市" for d in dossiers)
    assert any(d["applicant"]["province"] == "河北省" for d in dossiers)


def test_every_modeline_points_at_a_schema() -> None:
    """An editor checks a file against the schema its first lines name: that path must exist from the file."""
    import re

    modeline = re.compile(r"# yaml-language-server: \$schema=(\S+)")
    root = Path(__file__).resolve().parents[1]
    checked = 0
    for path in [*root.glob("dossiers/*/*.yaml"), *root.glob("registry/**/*.yaml"), *root.glob("tests/examples/**/*.yaml")]:
        head = path.read_bytes()[:400].decode("utf-8", "replace")
        found = modeline.search(head)
        if found:
            checked += 1
            assert (path.parent / found.group(1)).resolve().is_file(), f"{path}: {found.group(1)}"
    assert checked >= 45
