"""Every command that takes text, given arbitrary text (control characters, lone surrogates as a non-UTF-8
argv gives them, huge numbers, paths, dates that are not dates), answers 0, 1 or 2: never a traceback."""

from __future__ import annotations

import contextlib
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import RECORDS, ROOT, git
from wenquan.cli.main import cli
from workflow_helpers import ID, to_notice

X = "\0x"  # where the arbitrary text goes

TEMPLATES = [
    ["advance", ID, X], ["advance", X, "申报"], ["advance", ID, "命名", "--by", X], ["advance", ID, "整改", "--note", X, "--deadline", X],
    ["advance", ID, "撤回", "--date", X], ["advance", ID, "公示", "--start", X],
    ["panel", "draw", ID, "--seed", X], ["panel", "draw", ID, "--provincial", X], ["panel", "approve", ID, "--by", X], ["panel", "show", X],
    ["inspect", ID, "--opinion", X], ["score", ID, X, "--expert", X], ["score", ID, "1.1=" + X, "--expert", "e01"],
    ["object", ID, "--received", X, "--summary", "意见"], ["object", ID, "--summary", X, "--objector", X, "--received", "2026-11-20"],
    ["resolve", ID, "1", "--decision", "成立", "--note", X],
    ["report", ID, "annual", "--year", "2026", "--by", X], ["review-selfcheck", ID, "--year", "2031", "--result", "通过", "--note", X],
    ["file-selfcheck", ID, "--year", "2031", "--note", X], ["spot-check", ID, "--kind", "抽检", "--result", "通过", "--note", X],
    ["check", X], ["check", ID, "--on", X], ["log", X], ["export", X, "application", "-o", "-"], ["export", ID, X],
    ["export", ID, "application", "-o", X], ["diff", X, "HEAD"], ["diff", "HEAD", "HEAD", X], ["review-comment", "--base", X],
    ["calendar", "notice-end", X], ["due", "--on", X], ["audit", "--since", X], ["--today", X, "status"], ["validate", X],
    ["new", X, "--level", "乡", "--place", X],
]

TEXT = st.one_of(
    st.text(st.characters(blacklist_categories=()), max_size=40),  # anything, lone surrogates and control characters included
    st.sampled_from(["", " ", "\n", "../site/inner", "/abs/dir", "a\0b", "9" * 5000, "2026-02-30", "2026-12-31", "HEAD~99",
                     "::error::x", "--help", "-", "雄县人民政府\nEvent: 9\nDossier: other", "\x1b[31m", "１２３", "٣"]),
)


@pytest.fixture(scope="module")
def notice_repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("any-text") / "repo"
    target.mkdir()
    shutil.copy2(ROOT / "mkdocs.yml", target / "mkdocs.yml")
    for name in ("schemas", "registry", "dossiers", "site"):
        shutil.copytree(ROOT / name, target / name, ignore=RECORDS)
    git(target, "init", "-q", "-b", "main")
    git(target, "config", "user.name", "测试")
    git(target, "config", "user.email", "t@example.org")
    git(target, "add", "-A")
    git(target, "commit", "-qm", "初始")
    to_notice(target)
    return target


@pytest.mark.slow
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(template=st.sampled_from(TEMPLATES), text=TEXT)
def test_any_text_in_any_command_is_answered_without_a_traceback(notice_repo: Path, template: list[str], text: str) -> None:
    args = [text if part == X else part.replace(X, text) for part in template]
    with tempfile.TemporaryDirectory(dir=notice_repo.parent) as scratch, contextlib.chdir(scratch):   # relative -o paths land here
        result = CliRunner().invoke(cli, ["-C", str(notice_repo), *args])
    assert result.exit_code in (0, 1, 2), f"{args!r}: {result.output}"
    assert "Traceback" not in result.output and "内部错误" not in result.output, f"{args!r}: {result.output}"


@pytest.mark.parametrize("fmt", ["md", "docx"])
def test_an_unwritable_output_is_a_user_error(git_repo: Path, fmt: str) -> None:
    result = CliRunner().invoke(cli, ["-C", str(git_repo), "export", ID, "application", "--format", fmt, "-o", f"/proc/申报表.{fmt}"])
    assert result.exit_code == 1 and "无法写入 /proc/申报表" in result.output, result.output


def test_a_read_only_git_folder_is_a_user_error_and_changes_nothing(git_repo: Path) -> None:
    dot_git = git_repo / ".git"
    mounted = subprocess.run(["mount", "--bind", str(dot_git), str(dot_git)], capture_output=True)
    if mounted.returncode == 0:
        mounted = subprocess.run(["mount", "-o", "remount,ro,bind", str(dot_git)], capture_output=True)
        if mounted.returncode != 0:
            subprocess.run(["umount", str(dot_git)], check=True)
    if mounted.returncode != 0:
        pytest.skip("this machine does not let the tests mount a read-only .git (needs root in a mount namespace)")
    try:
        before = git(git_repo, "status", "--porcelain")
        result = CliRunner().invoke(cli, ["-C", str(git_repo), "advance", ID, "申报", "--date", "2026-03-02"])
        assert result.exit_code == 1 and "仓库不可写" in result.output, result.output
        assert git(git_repo, "status", "--porcelain") == before
        assert not (git_repo / "dossiers" / ID / "workflow.yaml").exists()
    finally:
        subprocess.run(["umount", str(dot_git)], check=True)
