"""Text cannot inject: not into trailers, not into a CI runner's commands, not into forge mentions, not past the schemas."""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import ROOT, git
from wenquan.cli.output import CommandSafeStream, neutralise
from wenquan.dossier import quickschema
from workflow_helpers import ID, ok, snapshot, to_notice, wq

# GitHub's documented workflow commands (docs: "Workflow commands for GitHub Actions") and Azure's logging command.
COMMANDS = ["::error file=README.md,line=1::伪造的错误", "::add-mask::secret", "::set-output name=x::y", "::stop-commands::tok",
            "  ::warning::缩进的命令", "::debug::x", "::group::组", "##vso[task.setvariable variable=x]1", "##[error]x"]


def _is_command(line: str) -> bool:
    return line.lstrip().startswith(("::", "##vso[", "##["))


@pytest.mark.parametrize("by", ["雄县人民政府\nEvent: 9\nDossier: other", "雄县\rActor: x", "雄县\x1b[31m", "雄县\u202e", ""])
def test_a_trailer_cannot_be_forged_through_by(git_repo: Path, by: str) -> None:
    before = snapshot(git_repo)
    result = wq(git_repo, "advance", ID, "申报", "--date", "2026-03-02", "--by", by)
    assert result.exit_code == 1, result.output
    assert "--by" in result.output and "Traceback" not in result.output
    assert snapshot(git_repo) == before


@pytest.mark.parametrize(("args", "option"), [
    (["--summary", "x" * 4001], "--summary"), (["--summary", "  "], "--summary"), (["--summary", "有\x07铃"], "--summary"),
    (["--summary", "正常", "--objector", "张某\n李某"], "--objector"), (["--summary", "正常", "--objector", "x" * 201], "--objector"),
])
def test_objection_texts_are_checked_before_anything_is_written(git_repo: Path, args: list[str], option: str) -> None:
    to_notice(git_repo)
    before = snapshot(git_repo)
    result = wq(git_repo, "object", ID, "--received", "2026-04-28", *args)
    assert result.exit_code == 1 and option in result.output and "程序缺陷" not in result.output, result.output
    assert snapshot(git_repo) == before


def test_a_multi_paragraph_summary_is_kept(git_repo: Path) -> None:
    to_notice(git_repo)
    ok(git_repo, "object", ID, "--received", "2026-04-28", "--summary", "第一段\n\n第二段\t附表")
    ok(git_repo, "audit")


def test_the_stream_breaks_every_documented_command_even_across_writes() -> None:
    sink = io.StringIO()
    stream = CommandSafeStream(sink)
    for line in COMMANDS:
        for piece in (line[:1], line[1:3], line[3:] + "\n"):   # a command split over several writes
            stream.write(piece)
    stream.write("::error::no newline at the end")
    stream.flush()
    lines = sink.getvalue().splitlines()
    assert len(lines) == len(COMMANDS) + 1
    assert not [x for x in lines if _is_command(x)]
    assert [x.replace("\u200b", "") for x in lines[:-1]] == COMMANDS   # reads the same
    assert neutralise("文字 ::error:: 在行中") == "文字 ::error:: 在行中"   # only line starts are commands


def _narrative(root: Path, text: str) -> None:
    path = root / "dossiers" / ID / "dossier.yaml"
    data = path.read_text(encoding="utf-8")
    block = "\n".join("    " + line for line in text.splitlines())
    data = re.sub(r"(?m)^  geology: .*$", "  geology: |\n" + block, data, count=1)
    path.write_text(data, encoding="utf-8")


def test_diff_in_a_ci_log_cannot_start_a_workflow_command(git_repo: Path) -> None:
    base = git(git_repo, "rev-parse", "HEAD").strip()
    _narrative(git_repo, "\n".join(COMMANDS))
    git(git_repo, "commit", "-qam", "叙述")
    for fmt in ("text", "markdown", "json"):
        proc = subprocess.run([sys.executable, "-m", "wenquan", "-C", str(git_repo), "diff", base, "HEAD", "--format", fmt],
                              capture_output=True, text=True, env={"GITHUB_ACTIONS": "true", "PATH": "/usr/bin:/bin"})
        assert proc.returncode == 0, proc.stderr
        assert "伪造的错误" in proc.stdout
        assert not [x for x in (proc.stdout + proc.stderr).splitlines() if _is_command(x)], fmt


def test_validate_annotations_stay_commands_and_their_text_cannot_open_a_line(git_repo: Path) -> None:
    path = git_repo / "dossiers" / ID / "dossier.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("level: 乡", 'level: "乡\\n::error::伪造"', 1), encoding="utf-8")
    result = wq(git_repo, "validate", "--format", "github")
    lines = result.stdout.splitlines()
    assert result.exit_code == 1 and lines and all(x.startswith(("::error ", "::warning ")) for x in lines)
    assert not any(x.startswith("::error::") for x in lines)


def test_forge_comment_neither_mentions_nor_references(git_repo: Path) -> None:
    base = git(git_repo, "rev-parse", "HEAD").strip()
    path = git_repo / "dossiers" / ID / "dossier.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("place: 雄县", "place: '雄县 @octocat #123 GH-7'", 1), encoding="utf-8")
    git(git_repo, "commit", "-qam", "地点")
    for args in (["diff", base, "HEAD", "--format", "markdown"], ["review-comment", "--base", base]):
        out = wq(git_repo, *args).stdout
        assert "@&#8203;octocat" in out and "#&#8203;123" in out and "-&#8203;7" in out, out
        assert "@octocat" not in out and "#123" not in out and not re.search(r"GH\\?-7", out), out


def _patterns() -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []

    def walk(node: object, where: str) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "pattern" and isinstance(value, str):
                    found.append((where, value))
                if key == "patternProperties" and isinstance(value, dict):
                    found.extend((where, k) for k in value)
                walk(value, f"{where}/{key}")
        elif isinstance(node, list):
            for i, value in enumerate(node):
                walk(value, f"{where}/{i}")

    for path in sorted((ROOT / "schemas").glob("*.json")):
        walk(json.loads(path.read_text(encoding="utf-8")), path.name)
    return found


PATTERNS = _patterns()


def test_every_schema_pattern_is_anchored_safely() -> None:
    assert len(PATTERNS) > 30
    for where, pattern in PATTERNS:
        assert "\\d" not in pattern, f"{where}: \\d accepts non-ASCII digits"
        if pattern.startswith("^"):
            assert pattern.endswith("$(?!\\n)"), f"{where}: {pattern} accepts a trailing newline"


@pytest.mark.parametrize(("where", "pattern"), PATTERNS, ids=[f"{w}:{p}" for w, p in PATTERNS])
@settings(max_examples=25, deadline=None, derandomize=True)
@given(data=st.data())
def test_no_pattern_accepts_a_trailing_newline_or_foreign_digits(where: str, pattern: str, data: st.DataObject) -> None:
    plain = pattern.removesuffix("(?!\\n)")
    sample = data.draw(st.from_regex(plain, fullmatch=True))
    assert re.search(pattern, sample)
    assert not re.search(pattern, sample + "\n")
    foreign = sample.translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))
    if foreign != sample and "[0-9]" in pattern:
        assert not re.search(pattern, foreign)


def test_quick_check_hands_odd_schemas_to_jsonschema() -> None:
    with pytest.raises(quickschema.Unsupported):
        quickschema.compile_schema({"type": "object", "properties": {"a": {"$schema": "http://json-schema.org/draft-04/schema#"}}},
                                   frozenset())
    with pytest.raises(quickschema.Unsupported):
        quickschema.compile_schema({"type": "string", "pattern": "(unclosed"}, frozenset())
    with pytest.raises(quickschema.Unsupported):
        quickschema.compile_schema({"patternProperties": {"[": True}}, frozenset())


@pytest.mark.parametrize(("line", "code"), [('place: "雄\\e县"', "Y015"), ('place: "雄\\u202e县"', "Y015"),
                                            ("therapy_beds: " + "9" * 5000, "Y016"), ("therapy_beds: !!int " + "1" * 5000, "Y016")])
def test_validate_refuses_control_characters_and_huge_numbers(git_repo: Path, line: str, code: str) -> None:
    path = git_repo / "dossiers" / ID / "dossier.yaml"
    text = path.read_text(encoding="utf-8")
    key = line.split(":")[0]
    text = re.sub(rf"(?m)^(\s*){key}: .*$", lambda m: m.group(1) + line, text, count=1)
    path.write_text(text, encoding="utf-8")
    result = wq(git_repo, "validate", str(path))
    assert result.exit_code == 1 and code in result.output, result.output
    assert "\x1b" not in result.output and "\u202e" not in result.output
