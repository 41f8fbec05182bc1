"""HEAD's records as the full audit reads them (workflow/head_records.py, issue 20 goal 2): from the index and
`git status`, they must be exactly what `git ls-tree -r HEAD` says and the records `git status` names, whatever
state the index and the work tree are in: changed, staged, added, intent-to-add, removed, in a merge conflict."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from conftest import git
from wenquan.store.writer import Git
from wenquan.workflow import head_records


def _read(root: Path) -> head_records.HeadRecords:
    return head_records.of(Git(root))


def _truth(root: Path) -> tuple[dict[tuple[str, str], str], set[str]]:
    """What git says plainly: HEAD's tree, and every record whose index or work tree differs from it."""
    blobs = {}
    for line in git(root, "ls-tree", "-r", "--full-tree", "HEAD", "--", "dossiers").splitlines():
        meta, path = line.split("\t")
        parts = path.split("/")
        if len(parts) == 3 and parts[2] in ("workflow.yaml", "review.yaml"):
            blobs[(parts[1], parts[2][:-5])] = meta.split()[2]
    listed = subprocess.run(["git", "status", "--porcelain=v1", "-z", "--untracked-files=no", "--no-renames"], cwd=root,
                            capture_output=True, text=True, check=True).stdout
    changed = {e[3:] for e in listed.split("\0") if len(e) > 3 and e[3:].endswith(("/workflow.yaml", "/review.yaml"))}
    return blobs, changed


@pytest.fixture
def records(tmp_path: Path) -> Path:
    """A repository whose first commit has three dossiers with records, the second changes two of them."""
    root = tmp_path / "r"
    root.mkdir()
    git(root, "init", "-q", "-b", "main")
    git(root, "config", "user.name", "测试")
    git(root, "config", "user.email", "t@example.org")
    for name in ("a", "b", "c"):
        (root / "dossiers" / name).mkdir(parents=True)
        (root / "dossiers" / name / "dossier.yaml").write_text(f"id: {name}\n", encoding="utf-8")
        (root / "dossiers" / name / "workflow.yaml").write_text(f"state: 申报 # {name}\n", encoding="utf-8")
    (root / "dossiers" / "a" / "review.yaml").write_text("panel: null\n", encoding="utf-8")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "一")
    (root / "dossiers" / "b" / "workflow.yaml").write_text("state: 推荐\n", encoding="utf-8")
    git(root, "commit", "-qam", "二")
    return root


def _agrees(root: Path) -> head_records.HeadRecords:
    found = _read(root)
    blobs, changed = _truth(root)
    assert found.blobs == blobs
    assert found.changed == changed
    return found


def test_a_clean_tree_gives_heads_blobs_and_nothing_changed(records: Path) -> None:
    found = _agrees(records)
    assert set(found.blobs) == {("a", "workflow"), ("a", "review"), ("b", "workflow"), ("c", "workflow")} and not found.changed


def test_changes_in_the_work_tree_and_the_index_keep_heads_blobs(records: Path) -> None:
    d = records / "dossiers"
    (d / "a" / "workflow.yaml").write_text("state: 命名\n", encoding="utf-8")  # changed, not staged
    (d / "b" / "workflow.yaml").write_text("state: 考察\n", encoding="utf-8")  # changed and staged: the index is not HEAD
    git(records, "add", "dossiers/b/workflow.yaml")
    (d / "c" / "review.yaml").write_text("panel: null\n", encoding="utf-8")  # added: not in HEAD
    git(records, "add", "dossiers/c/review.yaml")
    (d / "new").mkdir()
    (d / "new" / "workflow.yaml").write_text("state: 申报\n", encoding="utf-8")
    git(records, "add", "-N", "dossiers/new/workflow.yaml")  # intent to add: in the index with no content
    git(records, "rm", "-q", "--cached", "dossiers/a/review.yaml")  # removed from the index, still on disk
    (d / "c" / "workflow.yaml").unlink()  # removed from the work tree only
    found = _agrees(records)
    assert found.changed == {"dossiers/a/workflow.yaml", "dossiers/b/workflow.yaml", "dossiers/c/review.yaml",
                             "dossiers/new/workflow.yaml", "dossiers/a/review.yaml", "dossiers/c/workflow.yaml"}
    assert ("c", "review") not in found.blobs and ("new", "workflow") not in found.blobs
    assert found.blobs[("b", "workflow")] == git(records, "rev-parse", "HEAD:dossiers/b/workflow.yaml").strip()


@pytest.mark.parametrize("theirs_delete", [False, True])
def test_a_record_in_a_merge_conflict_has_heads_blob(records: Path, theirs_delete: bool) -> None:
    git(records, "checkout", "-q", "-b", "other", "HEAD~1")
    if theirs_delete:
        git(records, "rm", "-q", "dossiers/b/workflow.yaml")
    else:
        (records / "dossiers" / "b" / "workflow.yaml").write_text("state: 撤回\n", encoding="utf-8")
    git(records, "commit", "-qam", "另一")
    git(records, "checkout", "-q", "main")
    merged = subprocess.run(["git", "merge", "-q", "other"], cwd=records, capture_output=True, text=True)
    assert merged.returncode != 0 and "dossiers/b/workflow.yaml" in git(records, "diff", "--name-only", "--diff-filter=U")
    found = _agrees(records)
    assert "dossiers/b/workflow.yaml" in found.changed and ("b", "workflow") in found.blobs


def test_a_record_head_deleted_but_the_other_side_changed_is_not_in_head(records: Path) -> None:
    git(records, "checkout", "-q", "-b", "other", "HEAD~1")
    (records / "dossiers" / "b" / "workflow.yaml").write_text("state: 撤回\n", encoding="utf-8")
    git(records, "commit", "-qam", "另一")
    git(records, "checkout", "-q", "main")
    git(records, "rm", "-q", "dossiers/b/workflow.yaml")
    git(records, "commit", "-qm", "删")
    assert subprocess.run(["git", "merge", "-q", "other"], cwd=records, capture_output=True).returncode != 0
    found = _agrees(records)
    assert ("b", "workflow") not in found.blobs and "dossiers/b/workflow.yaml" in found.changed
