"""Drive the workflow through the CLI, as the secretariat would."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner, Result

from conftest import git
from wenquan.cli.main import cli

ID = "hebei-xiongxian"
GOOD = "1.1=7 1.2=10 1.3=4 1.4=4 2.1=7 2.2=3 2.3=7 3.1=7 3.2=4 3.3=4 4.1=5 4.2=7 4.3=3 5=3".split()   # 75
POOR = "1.1=4 1.2=6 1.3=3 1.4=3 2.1=4 2.2=1 2.3=4 3.1=5 3.2=3 3.3=3 4.1=3 4.2=3 4.3=0 5=0".split()    # 42

# 附录E 1.1–1.4 by each example's data (hand-read from its dossier.yaml): hebei 基本查明, 36000 m³/d, 72 ℃, 2100 mg/L →
# 7, 10, 4, 4; kaifeng 基本查明, 16000, 55 ℃, 1800 → 7, 6, 3, 4. A score that differs needs the expert's reason (释-20).
GOOD_DEVIATES = {ID: [], "henan-kaifeng": ["1.2", "1.3"]}
POOR_DEVIATES = {ID: ["1.1", "1.2", "1.3", "1.4"]}


def reasons(idents: list[str]) -> list[str]:
    return [arg for ident in idents for arg in ("--reason", f"{ident}=考察核实的数据与申报材料不同")]


def why(sheet: list[str], dossier_id: str = ID) -> list[str]:
    """The --reason options the sheet needs on that dossier."""
    return reasons((GOOD_DEVIATES if sheet == GOOD else POOR_DEVIATES)[dossier_id])


def wq(root: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, ["-C", str(root), *args])


def ok(root: Path, *args: str) -> Result:
    result = wq(root, *args)
    assert result.exit_code == 0, result.output
    return result


def commits(root: Path) -> int:
    return int(git(root, "rev-list", "--count", "HEAD"))


def snapshot(root: Path) -> tuple[int, str, str]:
    """Commit count, HEAD and the working tree's status: what a refused step must leave untouched."""
    return commits(root), git(root, "rev-parse", "HEAD"), git(root, "status", "--porcelain")


def members(root: Path, dossier_id: str = ID) -> list[str]:
    return [m["id"] for m in json.loads(ok(root, "panel", "show", dossier_id, "--format", "json").stdout)["members"]]


def to_inspection(root: Path, dossier_id: str = ID) -> None:
    ok(root, "advance", dossier_id, "申报", "--date", "2026-03-02")
    ok(root, "advance", dossier_id, "推荐", "--date", "2026-03-10")
    ok(root, "panel", "draw", dossier_id, "--date", "2026-03-12", "--provincial", "王推荐,李推荐", "--seed", "s1")
    ok(root, "panel", "approve", dossier_id, "--date", "2026-03-13")
    ok(root, "advance", dossier_id, "考察", "--date", "2026-03-14")
    ok(root, "inspect", dossier_id, "--date", "2026-04-01", "--opinion", "资源条件好，管理规范")


def to_review(root: Path, sheet: list[str], dossier_id: str = ID) -> None:
    to_inspection(root, dossier_id)
    for expert in members(root, dossier_id):
        ok(root, "score", dossier_id, "--expert", expert, "--date", "2026-04-20", *sheet, *why(sheet, dossier_id))
    ok(root, "advance", dossier_id, "评审", "--date", "2026-04-20")


def to_notice(root: Path, dossier_id: str = ID) -> None:
    to_review(root, GOOD, dossier_id)
    ok(root, "advance", dossier_id, "公示", "--date", "2026-04-22", "--start", "2026-04-27")
