"""The editor modeline, the VS Code settings and the pre-commit hook point at things that exist and work."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import yaml

from conftest import ROOT

MODELINE = re.compile(r"^# yaml-language-server: \$schema=(\S+)$")


def yaml_files() -> list[Path]:
    return sorted((ROOT / "dossiers").glob("*/dossier.yaml")) + sorted((ROOT / "registry").rglob("*.yaml"))


def test_every_file_declares_a_schema_that_exists() -> None:
    for path in yaml_files():
        first = path.read_text(encoding="utf-8").splitlines()[0]
        match = MODELINE.match(first)
        assert match, f"{path}: first line is not the schema modeline"
        schema = (path.parent / match.group(1)).resolve()
        assert schema.is_file(), f"{path}: {match.group(1)} does not exist"
        assert schema.parent == ROOT / "schemas"
        assert schema.name.split(".")[0] in (path.stem, "dossier", "overlay")


def test_vscode_settings_map_each_kind() -> None:
    settings = json.loads((ROOT / ".vscode/settings.json").read_text(encoding="utf-8"))
    mapping = settings["yaml.schemas"]
    for schema, globs in mapping.items():
        assert (ROOT / schema).is_file()
        assert any(list(ROOT.glob(g)) for g in globs), globs


def test_pre_commit_hook_selects_the_right_files_and_runs(repo: Path) -> None:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    hook = next(h for h in hooks if h["id"] == "wenquan-validate")
    files = re.compile(hook["files"])
    assert files.search("dossiers/hebei-xiongxian/dossier.yaml")
    assert files.search("registry/rules.yaml")
    assert not files.search("dossiers/hebei-xiongxian/materials/申报函.md")
    assert hook["entry"].split() == ["wenquan", "validate"]
    # run the hook's command the way pre-commit does: entry + the staged file names, from the repository root
    target = repo / "dossiers/hebei-xiongxian/dossier.yaml"
    ok = subprocess.run([sys.executable, "-m", "wenquan", "validate", str(target.relative_to(repo))], cwd=repo,
                        capture_output=True, text=True)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    target.write_text(target.read_text(encoding="utf-8").replace("  lithology: 白云岩", "  lithology: 石灰岩"), encoding="utf-8")
    bad = subprocess.run([sys.executable, "-m", "wenquan", "validate", str(target.relative_to(repo))], cwd=repo,
                         capture_output=True, text=True)
    assert bad.returncode == 1
    assert re.search(r"^dossiers/hebei-xiongxian/dossier\.yaml:18:\d+: 错误 \[S103\]", bad.stdout, re.M)
