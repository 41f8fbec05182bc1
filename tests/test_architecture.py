"""The package's layout is its architecture: rooms by concept, lower rooms never importing higher ones, no cycles.

Imports are read from the source (every `import` and `from … import`, at module level or inside a function),
so a lazy import counts as much as one at the top of a file.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from conftest import ROOT

PACKAGE = ROOT / "scripts" / "wenquan"
TOP_LEVEL = {"__init__", "__main__", "errors", "repo", "rootdir", "fsutil", "clock", "workers", "lifetime"}
# Each room and the rooms it may import ("" is the top-level modules). Lower rooms come first.
MAY_IMPORT: dict[str, set[str]] = {
    "": set(),
    "dossier": {""},
    "rules": {"", "dossier"},
    "store": {""},
    "workflow": {"", "dossier", "rules", "store"},
    "documents": {"", "dossier", "rules", "store", "workflow"},
    "site": {"", "dossier", "rules", "store", "workflow", "documents"},
    "forge": {"", "dossier", "rules", "store", "workflow", "documents"},
    "cli": {"", "dossier", "rules", "store", "workflow", "documents", "site", "forge"},
}


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules() -> dict[str, Path]:
    return {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def imports_of(path: Path, known: set[str]) -> set[str]:
    """The wenquan modules a file imports; `from wenquan.x import y` counts as importing wenquan.x.y when that is a module."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith("wenquan")}
        elif isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("wenquan") and node.level == 0:
            for alias in node.names:
                candidate = f"{node.module}.{alias.name}"
                found.add(candidate if candidate in known else node.module)
    return {m for m in found if m in known}


def room_of(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 2 or (len(parts) == 2 and parts[1] in MAY_IMPORT) else ""


def graph() -> dict[str, set[str]]:
    mods = modules()
    return {name: imports_of(path, set(mods)) - {name} for name, path in mods.items()}


def test_top_level_holds_only_central_modules_and_rooms() -> None:
    files = {p.stem for p in PACKAGE.glob("*.py")}
    folders = {p.name for p in PACKAGE.iterdir() if p.is_dir() and p.name != "__pycache__"}
    assert files == TOP_LEVEL
    assert folders == set(MAY_IMPORT) - {""}


@pytest.mark.parametrize("room", sorted(set(MAY_IMPORT) - {""}))
def test_each_room_says_what_it_holds_and_may_import(room: str) -> None:
    doc = ast.get_docstring(ast.parse((PACKAGE / room / "__init__.py").read_text(encoding="utf-8")))
    assert doc and "May import:" in doc, f"wenquan/{room}/__init__.py needs a docstring with 'May import:'"


def test_lower_rooms_never_import_higher_ones() -> None:
    wrong = []
    for module, deps in graph().items():
        if module in ("wenquan.__main__", "wenquan"):
            continue
        room = room_of(module)
        for dep in deps:
            target = room_of(dep)
            if target != room and target not in MAY_IMPORT[room]:
                wrong.append(f"{module} ({room or 'top level'}) imports {dep} ({target or 'top level'})")
    assert not wrong, "\n".join(sorted(wrong))


def test_no_import_cycles() -> None:
    edges = {m: {d for d in deps if d != "wenquan"} for m, deps in graph().items()}
    state: dict[str, int] = {}
    cycles: list[list[str]] = []

    def visit(node: str, path: list[str]) -> None:
        state[node] = 1
        for dep in sorted(edges.get(node, ())):
            if state.get(dep) == 1:
                cycles.append(path[path.index(dep):] + [dep])
            elif dep not in state:
                visit(dep, path + [dep])
        state[node] = 2

    for start in sorted(edges):
        if start not in state:
            visit(start, [start])
    assert not cycles, "\n".join(" → ".join(c) for c in cycles)


def test_the_checks_see_a_violation() -> None:
    """The reader of imports finds lazy imports and `from room import module`, so the checks above can fail."""
    source = PACKAGE / "dossier" / "loader.py"
    deps = imports_of(source, set(modules()))
    assert "wenquan.dossier.diagnostics" in deps
    lazy = imports_of(PACKAGE / "workflow" / "status.py", set(modules()))
    assert "wenquan.workflow.obligations" in lazy  # imported inside a function
    assert room_of("wenquan.site.plugin") == "site" and room_of("wenquan.errors") == "" and room_of("wenquan.cli") == "cli"


def test_conditions_are_named_by_what_they_judge_in_the_order_of_the_clause() -> None:
    from rules_helpers import example, run
    from wenquan.rules import conditions

    names = [c.__name__ for c in conditions.CONDITIONS]
    assert not [n for n in names if n[0] == "c" and n[1:].isdigit()]
    assert [r["rule"] for r in run(example())["conditions"]] == [f"一、{i}" for i in range(1, 12)]
