"""Published notices are frozen (issue 18): the commit that starts 公示 stores the notice's text with its SHA-256;
the public page shows that copy whatever is amended later, the review site flags the amendment, and audit and
the build refuse a text changed after publication."""

from __future__ import annotations

import hashlib
from pathlib import Path

import yaml

from conftest import git
from site_helpers import article
from workflow_helpers import ID, ok, to_notice, wq


def _notice(root: Path) -> dict:
    return yaml.safe_load((root / "dossiers" / ID / "workflow.yaml").read_text(encoding="utf-8"))["notice"]


def test_the_notice_is_frozen_in_the_commit_that_starts_it(git_repo: Path) -> None:
    to_notice(git_repo)                                  # 公示 from 2026-04-27
    notice = _notice(git_repo)
    frozen = git_repo / "dossiers" / ID / "notices" / "2026-04-27.md"
    assert notice["text"] == "notices/2026-04-27.md"
    assert hashlib.sha256(frozen.read_bytes()).hexdigest() == notice["sha256"]
    changed = git(git_repo, "show", "--name-only", "--format=%B", "HEAD")
    assert f"Notice-SHA256: {notice['sha256']}" in changed and f"dossiers/{ID}/notices/2026-04-27.md" in changed
    text = frozen.read_text(encoding="utf-8")
    assert "| 可采热流体量 | 36,000 | 立方米/天 |" in text and "2026\\-05\\-08（7 个工作日）" in text and "二〇二六年四月二十二日" in text
    ok(git_repo, "audit")


def test_an_amendment_after_publication_leaves_the_public_notice_as_published(git_repo: Path, tmp_path: Path) -> None:
    to_notice(git_repo)
    path = git_repo / "dossiers" / ID / "dossier.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("exploitable_m3_per_day: 36000", "exploitable_m3_per_day: 35000"),
                    encoding="utf-8")
    git(git_repo, "commit", "-qam", "更正可采量")
    ok(git_repo, "build", "--out", str(tmp_path / "public"), "--on", "2026-04-28")
    page = article(tmp_path / "public" / "notices" / ID / "index.html")
    assert "36,000" in page and "35,000" not in page and _notice(git_repo)["sha256"] in page
    ok(git_repo, "build", "--audience", "review", "--out", str(tmp_path / "review"), "--on", "2026-04-28")
    review = article(tmp_path / "review" / "dossiers" / ID / "index.html")
    assert "公示发布后有改动" in review and "发布时：" in review and "35,000" in review
    ok(git_repo, "audit")


def test_a_frozen_text_changed_after_publication_is_found(git_repo: Path, tmp_path: Path) -> None:
    to_notice(git_repo)
    frozen = git_repo / "dossiers" / ID / "notices" / "2026-04-27.md"
    frozen.write_text(frozen.read_text(encoding="utf-8").replace("36,000", "60,000"), encoding="utf-8")
    result = wq(git_repo, "audit")
    assert result.exit_code == 1 and "有未提交的手工修改" in result.output
    git(git_repo, "commit", "-qam", "改公示")
    result = wq(git_repo, "audit")
    assert result.exit_code == 1 and "在发布后被改动过" in result.output
    built = wq(git_repo, "build", "--out", str(tmp_path / "public"), "--on", "2026-04-28")
    assert built.exit_code == 1 and "与发布时记录的 SHA-256 不符" in built.output
