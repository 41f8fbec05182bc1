"""Pull-request review (issue 7): the semantic diff and the review comment, in real temporary git repositories."""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

from conftest import ROOT, git
from wenquan.cli.main import cli
from wenquan.forge import codeowners
from wenquan.forge.pr_comment import MARKER, kind_of

GOLDEN = ROOT / "tests" / "golden" / "diff"
REGENERATE = os.environ.get("WENQUAN_REGENERATE_GOLDEN") == "1"
ON = "2026-11-21"


def golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if REGENERATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert path.is_file(), f"missing golden file {path} (WENQUAN_REGENERATE_GOLDEN=1 writes it)"
    assert text == path.read_text(encoding="utf-8")


def run(root: Path, *args: str, code: int = 0) -> str:
    result = CliRunner().invoke(cli, ["-C", str(root), *args])
    assert result.exit_code == code, result.output
    return result.output


def edit(path: Path, change: Any) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def commit(root: Path, message: str) -> None:
    git(root, "add", "-A")
    git(root, "commit", "-qm", message)


def _amend_kaifeng(data: dict[str, Any]) -> None:
    data["resources"]["exploitable_m3_per_day"] = 9800            # 城 needs more than 10000 (一、3)
    data["fluid"]["water_type"] = "Cl·SO4-Na<b>型</b>"             # text shown literally in Markdown
    data["development_history"].append({"year": 2024, "event": "新建回灌井 10 眼"})
    data["wells"]["reinjection"] = data["wells"]["reinjection"] + 10


def test_field_changes_and_eligibility(git_repo: Path) -> None:
    edit(git_repo / "dossiers" / "henan-kaifeng" / "dossier.yaml", _amend_kaifeng)
    commit(git_repo, "开封：修改可采量")
    text = run(git_repo, "diff", "HEAD~1", "HEAD", "--on", ON)
    assert "地热资源量 · 可采热流体量：16,000 立方米/天 → 9800 立方米/天" in text
    assert "条件 一、3 可采热流体量与行政级别：由满足变为不满足" in text
    golden("fields.txt", text)
    golden("fields.md", run(git_repo, "diff", "HEAD~1", "HEAD", "--format", "markdown", "--on", ON))
    data = json.loads(run(git_repo, "diff", "HEAD~1", "HEAD", "--format", "json", "--on", ON))
    assert [d["id"] for d in data] == ["henan-kaifeng"] and data[0]["change"] == "changed"
    keys = {f["key"]: f for f in data[0]["fields"]}
    assert keys["resources.exploitable_m3_per_day"]["old"] == "16,000" and keys["resources.exploitable_m3_per_day"]["new"] == "9800"
    assert keys["development_history.2024.event"]["old"] is None
    # the reverse direction says the opposite
    back = run(git_repo, "diff", "HEAD", "HEAD~1", "--on", ON)
    assert "由不满足变为满足" in back and "9800 立方米/天 → 16,000 立方米/天" in back


def test_added_and_removed_dossiers(git_repo: Path) -> None:
    shutil.copytree(git_repo / "dossiers" / "hebei-xiongxian", git_repo / "dossiers" / "hebei-bazhou")
    edit(git_repo / "dossiers" / "hebei-bazhou" / "dossier.yaml", lambda d: d.update(place="霸州市"))
    shutil.rmtree(git_repo / "dossiers" / "jiangxi-wentang")
    commit(git_repo, "新增霸州，删除温汤")
    text = run(git_repo, "diff", "HEAD~1", "HEAD", "--on", ON)
    assert "霸州市（hebei-bazhou）：新增" in text and "温汤镇（jiangxi-wentang）：删除" in text
    golden("added-removed.txt", text)
    only = run(git_repo, "diff", "HEAD~1", "HEAD", "jiangxi-wentang", "--on", ON)
    assert "霸州" not in only and "温汤镇" in only
    run(git_repo, "diff", "HEAD~1", "HEAD", "nowhere", code=1)


def test_transitions_between_revisions(git_repo: Path) -> None:
    base = git(git_repo, "rev-parse", "HEAD").strip()
    run(git_repo, "advance", "henan-kaifeng", "申报", "--date", "2026-11-02")
    run(git_repo, "advance", "henan-kaifeng", "推荐", "--date", "2026-11-09", "--by", "河南省矿业协会")
    text = run(git_repo, "diff", base, "HEAD", "--on", ON)
    golden("transitions.txt", text)
    assert "状态变更：2026-11-02 （无） → 申报" in text and "状态变更：2026-11-09 申报 → 推荐（河南省矿业协会）" in text


def test_nothing_changed_and_unknown_revision(git_repo: Path) -> None:
    assert run(git_repo, "diff", "HEAD", "HEAD") == "两个版本之间申报材料没有变化。\n"
    assert "找不到提交“nope”" in run(git_repo, "diff", "nope", "HEAD", code=1)


def test_invalid_side_is_reported_not_evaluated(git_repo: Path) -> None:
    path = git_repo / "dossiers" / "henan-kaifeng" / "dossier.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("exploitable_m3_per_day: 16000", "exploitable_m3_per_day: 很多"),
                    encoding="utf-8")
    commit(git_repo, "坏数据")
    text = run(git_repo, "diff", "HEAD~1", "HEAD", "--on", ON)
    assert "无法检查：" in text and "exploitable_m3_per_day" in text and "条件 一、3" not in text


def test_review_comment(git_repo: Path) -> None:
    shutil.copytree(ROOT / ".github", git_repo / ".github")
    commit(git_repo, "CODEOWNERS")
    base = git(git_repo, "rev-parse", "HEAD").strip()
    git(git_repo, "checkout", "-qb", "amend")
    edit(git_repo / "dossiers" / "henan-kaifeng" / "dossier.yaml", _amend_kaifeng)
    commit(git_repo, "开封：修改可采量")
    comment = run(git_repo, "review-comment", "--base", base, "--on", ON)
    assert comment.startswith(MARKER)
    assert "0 个错误" in comment and "没有不满足" not in comment
    # the typed figures computed from the old 可采量 no longer agree: a counted warning at their lines (D214)
    assert "1 个警告" in comment or "个警告" in comment and "相差超过 1%" in comment
    assert "开封市：一、3 可采热流体量与行政级别 由满足变为**不满足**" in comment
    assert "Na&lt;b&gt;型&lt;/b&gt;" in comment and "<b>型</b>" not in comment
    assert "| 申报主体文件 | @cnma-wenquan/reviewers | `dossiers/henan-kaifeng/dossier.yaml` |" in comment
    assert "✅ 流程记录与提交尾注一致" in comment
    golden("review-comment.md", re.sub(r"`[0-9a-f]{8}`", "`<sha>`", comment))


def test_review_comment_flags_a_hand_edited_record(git_repo: Path) -> None:
    shutil.copytree(ROOT / ".github", git_repo / ".github")
    run(git_repo, "advance", "henan-kaifeng", "申报", "--date", "2026-11-02")
    base = git(git_repo, "rev-parse", "HEAD").strip()
    edit(git_repo / "dossiers" / "henan-kaifeng" / "workflow.yaml", lambda w: w["events"][0].update(date="2026-10-01"))
    commit(git_repo, "手工改日期")
    comment = run(git_repo, "review-comment", "--base", base, "--on", ON)
    assert "❌ " in comment and ("不是由带匹配尾注的 wenquan 提交写入的" in comment or "被改动过" in comment)
    assert "| 秘书局记录 | @cnma-wenquan/secretariat | `dossiers/henan-kaifeng/workflow.yaml` |" in comment
    assert "申报主体的拉取请求不应修改它们" in comment


def test_review_comment_lists_validation_errors(git_repo: Path) -> None:
    base = git(git_repo, "rev-parse", "HEAD").strip()
    edit(git_repo / "dossiers" / "henan-kaifeng" / "dossier.yaml", lambda d: d["wells"].update(used=10_000))
    commit(git_repo, "超过总数")
    comment = run(git_repo, "review-comment", "--base", base, "--on", ON)
    assert "❌ 检查了" in comment and "`dossiers/henan-kaifeng/dossier.yaml:" in comment and "wells\\.used" in comment


@pytest.mark.parametrize("path, owners, kind", [
    ("dossiers/hebei-xiongxian/dossier.yaml", ("@cnma-wenquan/reviewers",), "申报主体文件"),
    ("dossiers/hebei-xiongxian/materials/申报函.md", ("@cnma-wenquan/reviewers",), "申报主体文件"),
    ("dossiers/hebei-xiongxian/workflow.yaml", ("@cnma-wenquan/secretariat",), "秘书局记录"),
    ("dossiers/hebei-xiongxian/review.yaml", ("@cnma-wenquan/secretariat",), "秘书局记录"),
    ("registry/rules.yaml", ("@cnma-wenquan/secretariat",), "秘书局记录"),
    ("scripts/wenquan/cli.py", ("@cnma-wenquan/maintainers",), "系统文件"),
])
def test_codeowners(path: str, owners: tuple[str, ...], kind: str) -> None:
    assert codeowners.owners_of(codeowners.load(ROOT), path) == owners
    assert kind_of(path) == kind


@pytest.mark.parametrize("pattern, path, matches", [
    ("*.md", "a/b/c.md", True), ("/docs/", "docs/x/y", True), ("/docs/", "a/docs/x", False),
    ("docs/", "a/docs/x", True), ("apps/**/x.yaml", "apps/a/b/x.yaml", True), ("/a/*/b", "a/x/y/b", False),
    ("docs/*", "docs/x.md", True), ("docs/*", "docs/a/b.md", False),          # GitHub: * does not reach into subfolders
    ("\\#notes", "#notes", True),                                            # an escaped # is a file name, not a comment
])
def test_codeowners_patterns(pattern: str, path: str, matches: bool) -> None:
    assert (codeowners.owners_of(codeowners.parse(f"{pattern} @o"), path) == ("@o",)) is matches


def test_review_comment_checks_what_the_change_touches(git_repo: Path) -> None:
    """Issue 20: the comment validates the dossiers a pull request touches; a change to registry/ or schemas/ bears on
    every dossier, so then every file is checked (4 dossiers + rules, experts, roles, calendar, overlay = 9)."""
    base = git(git_repo, "rev-parse", "HEAD").strip()
    edit(git_repo / "dossiers" / "henan-kaifeng" / "dossier.yaml", _amend_kaifeng)
    commit(git_repo, "开封")
    assert "检查了本次改动涉及的 1 个文件" in run(git_repo, "review-comment", "--base", base, "--on", ON)
    rules = git_repo / "registry" / "rules.yaml"
    rules.write_text(rules.read_text(encoding="utf-8") + "# 说明\n", encoding="utf-8")
    commit(git_repo, "规则说明")
    assert "检查了本次改动涉及的 9 个文件" in run(git_repo, "review-comment", "--base", base, "--on", ON)
