"""Forge files (issue 7 §3–4): the workflows are well-formed, pinned and in order, and every wenquan command
they (and the pre-commit hooks) call exists and passes here, run for real in a clone with a pull-request branch."""

from __future__ import annotations

import re
import shlex
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

from conftest import ROOT, git, shipped_copy
from wenquan.cli.main import cli

WORKFLOWS = ROOT / ".github" / "workflows"
PINNED = re.compile(r"^[\w.-]+/[\w.-]+@[0-9a-f]{40}$")


def load(name: str) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))
    return data


def triggers(workflow: dict[str, Any]) -> Any:
    return workflow.get("on", workflow.get(True))      # PyYAML reads the key `on` as YAML 1.1's true


def steps(workflow: dict[str, Any]) -> list[dict[str, Any]]:
    return [step for job in workflow["jobs"].values() for step in job.get("steps", [])]


def wenquan_lines(workflow: dict[str, Any]) -> list[str]:
    return [line.strip() for step in steps(workflow) for line in str(step.get("run", "")).splitlines()
            if line.strip().startswith("wenquan ")]


ALL = ["commands.yml", "due.yml", "publish.yml", "pull-request.yml"]


def test_four_workflows_with_their_triggers() -> None:
    assert sorted(p.name for p in WORKFLOWS.glob("*.yml")) == ALL
    assert set(triggers(load("commands.yml"))) == {"issue_comment", "pull_request_review", "issues"}
    assert "pull_request" in triggers(load("pull-request.yml"))
    assert triggers(load("publish.yml"))["push"]["branches"] == ["main"]
    assert triggers(load("due.yml"))["schedule"][0]["cron"]


@pytest.mark.parametrize("name", ALL)
def test_actions_are_pinned_to_commits(name: str) -> None:
    text = (WORKFLOWS / name).read_text(encoding="utf-8")
    uses = [step["uses"] for step in steps(load(name)) if "uses" in step]
    assert uses and all(PINNED.match(u) for u in uses), uses
    for u in uses:                                       # each pin says which release it is
        assert re.search(re.escape(u) + r" # v\d+\.\d+\.\d+", text), u


def test_pull_request_steps_in_order() -> None:
    names = [step.get("name", step.get("uses", "")) for step in steps(load("pull-request.yml"))]
    order = ["检查申报材料", "审计流程记录", "改动的含义", "生成审查评论", "发布或更新审查评论", "生成公开网站与审查网站",
             "上传网站预览", "检查或审计未通过"]
    assert [names.index(n) for n in order] == sorted(names.index(n) for n in order)
    assert names[0].startswith("actions/checkout@")
    flow = steps(load("pull-request.yml"))
    checkout = flow[0]
    assert checkout["with"]["fetch-depth"] == 0                  # the base commit must be there for diff and audit
    last = flow[-1]
    assert "steps.validate.outcome == 'failure'" in last["if"] and "steps.audit.outcome == 'failure'" in last["if"]
    post = next(s for s in flow if s.get("name") == "发布或更新审查评论")
    assert "<!-- wenquan:review-comment -->" in post["with"]["script"] and "updateComment" in post["with"]["script"]


def test_publish_deploys_the_public_site() -> None:
    workflow = load("publish.yml")
    assert "wenquan build --out public" in wenquan_lines(workflow)
    deploy = workflow["jobs"]["deploy"]
    assert deploy["needs"] == "build" and deploy["steps"][0]["uses"].startswith("actions/deploy-pages@")
    assert workflow["permissions"] == {"contents": "read"}                   # only the deploying job may write to Pages
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}


def test_workflows_follow_the_forges_schema() -> None:
    """Issue 19 §7: every workflow validates against GitHub's published schema (check-jsonschema vendors it)."""
    result = subprocess.run(["check-jsonschema", "--builtin-schema", "vendor.github-workflows",
                             *map(str, sorted(WORKFLOWS.glob("*.yml")))], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_zizmor_finds_nothing() -> None:
    """Issue 19 §7: zizmor, a maintained security linter for Actions, reports zero findings on every workflow."""
    result = subprocess.run(["zizmor", "--offline", "--format", "plain", str(WORKFLOWS)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No findings to report" in result.stdout + result.stderr


@pytest.mark.parametrize("name", ALL)
def test_nothing_from_the_event_reaches_a_script(name: str) -> None:
    """Issue 19 §6: no `${{ … }}` inside a run: script (values come in through env:), no checkout keeps credentials."""
    for step in steps(load(name)):
        assert "${{" not in str(step.get("run", "")), (name, step.get("name"))
        if str(step.get("uses", "")).startswith("actions/checkout@"):
            assert step["with"]["persist-credentials"] is False, name


def test_commands_run_the_base_branch_and_reply_once() -> None:
    workflow = load("commands.yml")
    flow = steps(workflow)
    checkout = flow[0]
    assert checkout["with"]["ref"] == "${{ github.event.repository.default_branch }}"   # never a pull request's code
    assert any("wenquan bot --event \"$GITHUB_EVENT_PATH\" --reply reply.md" in str(s.get("run", "")) for s in flow)
    post = next(s for s in flow if str(s.get("uses", "")).startswith("actions/github-script@"))
    assert "updateComment" in post["with"]["script"]


@pytest.fixture(scope="module")
def pull_request(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """A clone of this repository with a pull-request branch that amends a dossier."""
    root = shipped_copy(tmp_path_factory.mktemp("forge") / "repo")
    git(root, "config", "user.name", "测试")
    git(root, "config", "user.email", "t@example.org")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "当前工作区", "--allow-empty")
    base = git(root, "rev-parse", "HEAD").strip()
    git(root, "checkout", "-qb", "amend")
    path = root / "dossiers" / "henan-kaifeng" / "dossier.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("exploitable_m3_per_day: 16000", "exploitable_m3_per_day: 17500"),
                    encoding="utf-8")
    git(root, "commit", "-qam", "开封：补充勘查后可采量")
    return root, base


def _run(root: Path, line: str, base: str, monkeypatch: pytest.MonkeyPatch) -> tuple[int, str]:
    line = line.split(" > ")[0].replace('"$BASE"', base)
    monkeypatch.chdir(root)
    result = CliRunner().invoke(cli, shlex.split(line)[1:])
    return result.exit_code, result.output


@pytest.mark.parametrize("name", ["pull-request.yml", "publish.yml", "due.yml"])   # commands.yml: tests/test_bot.py
def test_every_wenquan_command_of_a_workflow_passes_here(pull_request: tuple[Path, str], name: str,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    root, base = pull_request
    lines = wenquan_lines(load(name))
    assert lines
    for line in lines:
        code, output = _run(root, line, base, monkeypatch)
        assert code == 0, (line, output)
        if line.startswith("wenquan review-comment"):
            assert "可采热流体量（立方米/天） | 16,000 | 17,500" in output
        if line.startswith("wenquan build"):
            out = root / line.split("--out ")[1].split()[0]
            assert (out / "index.html").is_file()


def test_validate_annotations_for_github(pull_request: tuple[Path, str], monkeypatch: pytest.MonkeyPatch) -> None:
    root, _ = pull_request
    path = root / "dossiers" / "henan-kaifeng" / "dossier.yaml"
    original = path.read_text(encoding="utf-8")
    try:
        path.write_text(original.replace("exploitable_m3_per_day: 17500", "exploitable_m3_per_day: -1"), encoding="utf-8")
        monkeypatch.chdir(root)
        result = CliRunner().invoke(cli, ["validate", "--format", "github"])
        assert result.exit_code == 1
        line = next(x for x in result.output.splitlines() if x.startswith("::error"))
        assert re.fullmatch(r"::error file=dossiers/henan-kaifeng/dossier\.yaml,line=\d+,col=\d+,"
                            r"title=S\d+ resources\.exploitable_m3_per_day::.+", line), line
    finally:
        path.write_text(original, encoding="utf-8")


def test_pre_commit_hooks_call_existing_commands(pull_request: tuple[Path, str], monkeypatch: pytest.MonkeyPatch) -> None:
    root, base = pull_request
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    hooks = [h for repo in config["repos"] for h in repo["hooks"]]
    wenquan_hooks = [h for h in hooks if h["entry"].startswith("wenquan ")]
    assert {h["id"] for h in wenquan_hooks} == {"wenquan-validate", "wenquan-audit"}
    files = [p.relative_to(root).as_posix() for p in sorted(root.rglob("*.yaml")) if ".git" not in p.parts]
    for hook in wenquan_hooks:
        matched = [f for f in files if re.search(hook["files"], f)]
        assert matched, hook["id"]
        args = matched if hook.get("pass_filenames", True) else []
        code, output = _run(root, hook["entry"] + " " + " ".join(args), base, monkeypatch)
        assert code == 0, (hook["id"], output)


def test_codeowners_and_pull_request_templates() -> None:
    owners = (ROOT / ".github" / "CODEOWNERS").read_text(encoding="utf-8")
    for pattern in ("/dossiers/*/workflow.yaml", "/dossiers/*/review.yaml", "/registry/"):
        assert re.search(rf"^{re.escape(pattern)}\s+@cnma-wenquan/secretariat", owners, re.M), pattern
    templates = ROOT / ".github" / "PULL_REQUEST_TEMPLATE"
    assert sorted(p.name for p in templates.glob("*.md")) == ["amendment.md", "new-dossier.md"]
    for template in templates.glob("*.md"):
        text = template.read_text(encoding="utf-8")
        assert "wenquan validate" in text and "workflow.yaml" in text
