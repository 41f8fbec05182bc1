"""The git write layer against real git: commits equal to `git commit --only`, the index kept right, every
refusal leaving HEAD and the index untouched, and tree objects identical to the ones git builds itself."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wenquan.errors import UserError
from wenquan.store import trees as gittrees
from wenquan.store.commit import commit_paths
from wenquan.store.transaction import transaction
from wenquan.store.writer import Git, GitFailed, clean_message


def git(root: Path, *args: str, env: dict[str, str] | None = None) -> str:
    return subprocess.run(["git", *args], cwd=root, check=True, capture_output=True, text=True,
                          env={**os.environ, **env} if env else None).stdout


def make_repo(root: Path, *init: str) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    git(root, "init", "-q", "-b", "main", *init)
    git(root, "config", "user.name", "测试")
    git(root, "config", "user.email", "t@example.org")
    for path, text in {"mkdocs.yml": "site_name: x\n", "dossiers/a-b/dossier.yaml": "x: 1\n", "dossiers/a-b/workflow.yaml": "s: 1\n",
                       "dossiers/a/dossier.yaml": "x: 2\n", "dossiers/a.b/notes.md": "n\n", "registry/rules.yaml": "r: 1\n"}.items():
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_text(text, encoding="utf-8")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "初始")
    return root


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return make_repo(tmp_path / "repo")


def state(root: Path) -> tuple[str, str, str]:
    """HEAD, the index (as a tree) and the short status: what a failed write must leave as it was."""
    return git(root, "rev-parse", "HEAD"), git(root, "write-tree"), git(root, "status", "--porcelain", "--untracked-files=all")


def write(root: Path, path: str, text: str) -> None:
    (root / path).parent.mkdir(parents=True, exist_ok=True)
    (root / path).write_text(text, encoding="utf-8")


def twin_commit(tmp_path: Path, root: Path, parent: str, files: dict[str, str]) -> str:
    """The tree `git commit --only` makes of the same change on `parent`, in a clone."""
    clone = tmp_path / "twin"
    subprocess.run(["git", "clone", "-q", str(root), str(clone)], check=True)
    git(clone, "reset", "-q", "--hard", parent)
    for path, text in files.items():
        write(clone, path, text)
    git(clone, "add", "--", *files)
    git(clone, "-c", "user.name=t", "-c", "user.email=t@e.org", "commit", "-qm", "x", "--only", "--", *files)
    return git(clone, "rev-parse", "HEAD^{tree}").strip()


@pytest.mark.parametrize("files", [
    {"dossiers/a-b/workflow.yaml": "s: 2\n"},                                        # a changed file
    {"dossiers/a-b/review.yaml": "panel: null\n"},                                  # a new file beside others
    {"dossiers/a-b/reports/2026-annual.yaml": "year: 2026\n", "dossiers/a-b/workflow.yaml": "s: 3\n"},  # a new folder
    {"dossiers/new-one/workflow.yaml": "s: 1\n"},                                   # a new dossier folder
    {"top.md": "t\n"},                                                              # the root itself
])
def test_the_commit_has_the_tree_git_commit_only_makes(tmp_path: Path, root: Path, files: dict[str, str]) -> None:
    for path, text in files.items():
        write(root, path, text)
    parent = git(root, "rev-parse", "HEAD").strip()
    sha = commit_paths(Git(root), sorted(files), "申报: 测试\n\nDossier: a-b\n", "2026-03-02")
    assert git(root, "rev-parse", "HEAD").strip() == sha
    assert git(root, "rev-parse", "HEAD~1").strip() == parent
    assert git(root, "rev-parse", "HEAD^{tree}").strip() == twin_commit(tmp_path, root, parent, files)
    assert sorted(git(root, "diff", "--name-only", "HEAD~1", "HEAD").split()) == sorted(files)
    assert git(root, "status", "--porcelain", "--untracked-files=all") == ""
    assert git(root, "log", "-1", "--format=%B%n%ad%n%an <%ae>", "--date=iso-strict") == \
        "申报: 测试\n\nDossier: a-b\n\n2026-03-02T12:00:00+08:00\n测试 <t@example.org>\n"
    assert "commit: 申报: 测试" in git(root, "reflog", "-1")
    git(root, "fsck", "--strict", "--no-dangling")


def test_other_staged_changes_stay_staged_and_out_of_the_commit(root: Path) -> None:
    write(root, "registry/rules.yaml", "r: 2\n")
    git(root, "add", "registry/rules.yaml")
    write(root, "dossiers/a/dossier.yaml", "x: 3\n")                     # unstaged, also left alone
    write(root, "dossiers/a-b/workflow.yaml", "s: 2\n")
    commit_paths(Git(root), ["dossiers/a-b/workflow.yaml"], "x\n")
    assert git(root, "diff", "--name-only", "HEAD~1", "HEAD").split() == ["dossiers/a-b/workflow.yaml"]
    assert sorted(git(root, "status", "--porcelain").splitlines()) == [" M dossiers/a/dossier.yaml", "M  registry/rules.yaml"]


def test_an_executable_file_stays_executable(root: Path) -> None:
    write(root, "dossiers/a-b/run.sh", "echo 1\n")
    (root / "dossiers/a-b/run.sh").chmod(0o755)
    git(root, "add", "-A")
    git(root, "commit", "-qm", "脚本")
    write(root, "dossiers/a-b/run.sh", "echo 2\n")
    commit_paths(Git(root), ["dossiers/a-b/run.sh"], "x\n")
    assert git(root, "ls-tree", "HEAD", "dossiers/a-b/run.sh").startswith("100755 ")
    assert git(root, "status", "--porcelain") == ""


def test_a_moved_head_refuses_and_changes_nothing(root: Path) -> None:
    g = Git(root)
    base = g.snapshot(["dossiers/a-b/workflow.yaml"])
    write(root, "registry/rules.yaml", "r: 9\n")
    git(root, "commit", "-qam", "别人的提交")                              # HEAD moves after the snapshot
    write(root, "dossiers/a-b/workflow.yaml", "s: 2\n")
    before = state(root)
    with pytest.raises(GitFailed, match="update-ref"):
        commit_paths(g, ["dossiers/a-b/workflow.yaml"], "x\n", base=base)
    assert state(root) == before
    assert not (g.git_dir / "index.lock").exists()


def test_a_held_index_lock_refuses_and_changes_nothing(root: Path) -> None:
    g = Git(root)
    (g.git_dir / "index.lock").write_text("")
    write(root, "dossiers/a-b/workflow.yaml", "s: 2\n")
    head = git(root, "rev-parse", "HEAD")
    with pytest.raises(GitFailed, match="index.lock"):
        commit_paths(g, ["dossiers/a-b/workflow.yaml"], "x\n")
    assert git(root, "rev-parse", "HEAD") == head
    assert (g.git_dir / "index.lock").exists()                         # someone else's lock is not ours to remove


def test_a_file_where_the_tree_has_a_folder_and_the_reverse_are_refused(root: Path) -> None:
    import shutil

    shutil.rmtree(root / "dossiers/a")
    (root / "dossiers/a").write_text("a file now\n", encoding="utf-8")
    before = state(root)
    with pytest.raises(GitFailed, match="冲突"):
        commit_paths(Git(root), ["dossiers/a"], "x\n")
    assert state(root) == before
    (root / "registry/rules.yaml").unlink()
    write(root, "registry/rules.yaml/x.yaml", "x\n")
    with pytest.raises(GitFailed, match="是文件而不是文件夹"):
        commit_paths(Git(root), ["registry/rules.yaml/x.yaml"], "x\n")


def test_the_first_commit_of_a_repository(tmp_path: Path) -> None:
    root = tmp_path / "fresh"
    root.mkdir()
    git(root, "init", "-q", "-b", "main")
    write(root, "dossiers/x/workflow.yaml", "s: 1\n")
    write(root, "other.md", "o\n")
    sha = commit_paths(Git(root), ["dossiers/x/workflow.yaml"], "首次\n", "2026-03-02")
    assert git(root, "ls-tree", "-r", "--name-only", sha).split() == ["dossiers/x/workflow.yaml"]
    assert git(root, "status", "--porcelain") == "?? other.md\n"


def test_a_sha256_repository(tmp_path: Path) -> None:
    root = make_repo(tmp_path / "sha256", "--object-format=sha256")
    write(root, "dossiers/a-b/reports/2026-annual.yaml", "year: 2026\n")
    sha = commit_paths(Git(root), ["dossiers/a-b/reports/2026-annual.yaml"], "x\n")
    assert len(sha) == 64
    assert git(root, "status", "--porcelain") == ""
    assert Git(root).dirty(Git(root).snapshot(["dossiers/a-b/workflow.yaml", "dossiers/a-b/reports/2026-annual.yaml"])) == []
    git(root, "fsck", "--strict", "--no-dangling")


def test_a_linked_worktree(tmp_path: Path, root: Path) -> None:
    other = tmp_path / "other"
    git(root, "worktree", "add", "-q", "-b", "side", str(other))
    record = other / "dossiers/a-b/workflow.yaml"
    with transaction(other, [record]) as tx:
        assert tx.base.head == git(root, "rev-parse", "side").strip()
        sha = tx.commit({record: "s: 5\n"}, "x\n")
    assert git(root, "rev-parse", "side").strip() == sha
    assert git(root, "rev-parse", "main").strip() != sha
    assert git(other, "status", "--porcelain") == ""


def test_line_ending_filters_are_applied(root: Path) -> None:
    git(root, "config", "core.autocrlf", "true")
    (root / "dossiers/a-b/workflow.yaml").write_bytes(b"s: 2\r\n")
    commit_paths(Git(root), ["dossiers/a-b/workflow.yaml"], "x\n")
    assert git(root, "cat-file", "-p", "HEAD:dossiers/a-b/workflow.yaml") == "s: 2\n"
    assert git(root, "status", "--porcelain") == ""
    # the file's bytes differ from the blob, yet it is clean: git's own hash (with filters) decides
    g = Git(root)
    assert g.dirty(g.snapshot(["dossiers/a-b/workflow.yaml"])) == []


@pytest.mark.parametrize(("change", "expected"), [
    ("edit", ["dossiers/a-b/workflow.yaml"]), ("stage", ["dossiers/a-b/workflow.yaml"]), ("delete", ["dossiers/a-b/workflow.yaml"]),
    ("untracked", ["dossiers/a-b/review.yaml"]), ("touch", []), ("none", []),
])
def test_what_counts_as_dirty(root: Path, change: str, expected: list[str]) -> None:
    record = root / "dossiers/a-b/workflow.yaml"
    if change in ("edit", "stage"):
        record.write_text("s: 9\n", encoding="utf-8")
    if change == "stage":
        git(root, "add", "-A")
    if change == "delete":
        record.unlink()
    if change == "untracked":
        write(root, "dossiers/a-b/review.yaml", "p: 1\n")
    if change == "touch":
        os.utime(record, (1, 1))
    g = Git(root)
    assert g.dirty(g.snapshot(["dossiers/a-b/workflow.yaml", "dossiers/a-b/review.yaml"])) == expected


def test_not_a_repository(tmp_path: Path) -> None:
    with pytest.raises(UserError, match="不是 git 仓库"):
        Git(tmp_path)


def test_messages_are_cleaned_as_git_commit_cleans_them() -> None:
    assert clean_message("\n\n主题  \n\n\n\nDossier: x  \n\n") == "主题\n\nDossier: x\n"


NAMES = st.text(alphabet="ab-._/0", min_size=1, max_size=6).filter(
    lambda n: all(part and part not in (".", "..") for part in n.split("/")) and not n.endswith(".lock"))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.sets(NAMES, min_size=1, max_size=8), st.data())
def test_tree_ids_match_git(tmp_path_factory: pytest.TempPathFactory, paths: set[str], data: st.DataObject) -> None:
    """Any set of paths (names that sort around "/", "-" and "."): git's own `add` + `write-tree` and our trees agree."""
    files = sorted(p for p in paths if not any(q.startswith(p + "/") for q in paths))  # no file is also a folder
    root = tmp_path_factory.mktemp("trees")
    git(root, "init", "-q")
    for path in files:
        write(root, path, path + "\n")
    git(root, "add", "-A")
    expected = git(root, "write-tree").strip()
    blobs = git(root, "hash-object", "--", *files).split()
    old: dict[str, bytes | None] = {folder: None for folder in gittrees.ancestors(files)}
    mine, trees = gittrees.rebuild(old, {p: (False, b) for p, b in zip(files, blobs, strict=True)}, 40)
    assert mine == expected
    # and changing one file of that tree, starting from git's trees
    changed = data.draw(st.sampled_from(files))
    write(root, changed, "changed\n")
    git(root, "add", "-A")
    expected = git(root, "write-tree").strip()
    blob = git(root, "hash-object", "--", changed).strip()
    folders = gittrees.ancestors([changed])
    old = {f: subprocess.run(["git", "cat-file", "tree", f"{mine}:{f}" if f else mine], cwd=root, capture_output=True, check=True).stdout
           for f in folders}
    assert gittrees.rebuild(old, {changed: (False, blob)}, 40)[0] == expected


def test_a_repository_without_an_identity_commits_as_wenquan(tmp_path: Path, root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    git(root, "config", "--unset", "user.name")
    git(root, "config", "--unset", "user.email")
    git(root, "config", "user.useConfigOnly", "true")                # no guessing from the host name either
    for name in ("HOME", "XDG_CONFIG_HOME"):
        monkeypatch.setenv(name, str(tmp_path / "home"))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    for name in ("GIT_AUTHOR_NAME", "GIT_AUTHOR_EMAIL", "GIT_COMMITTER_NAME", "GIT_COMMITTER_EMAIL"):
        monkeypatch.delenv(name, raising=False)
    write(root, "dossiers/a-b/workflow.yaml", "s: 2\n")
    commit_paths(Git(root), ["dossiers/a-b/workflow.yaml"], "x\n")
    assert git(root, "log", "-1", "--format=%an <%ae> / %cn <%ce>") == "wenquan <wenquan@localhost> / wenquan <wenquan@localhost>\n"


def test_a_racily_clean_entry_is_rehashed(root: Path) -> None:
    """A record rewritten with the same size and time as its index entry, the index written in that same
    second: only the content can tell, and git looks at it only if the index copy keeps the index's time."""
    record, moment = root / "dossiers/a-b/workflow.yaml", 1_700_000_000
    git(root, "config", "core.trustctime", "false")
    os.utime(record, (moment, moment))
    git(root, "update-index", "--refresh")                            # the entry now records that time
    record.write_text("s: 9\n", encoding="utf-8")                      # same size as "s: 1\n"
    os.utime(record, (moment, moment))
    os.utime(Git(root).git_dir / "index", (moment, moment))
    commit_paths(Git(root), ["dossiers/a-b/workflow.yaml"], "x\n")
    assert git(root, "ls-files", "-s", "dossiers/a-b/workflow.yaml").split()[1] == git(root, "rev-parse", "HEAD:dossiers/a-b/workflow.yaml").strip()
    assert git(root, "status", "--porcelain") == ""


def test_commits_are_signed_when_the_repository_asks_for_it(tmp_path: Path, root: Path) -> None:
    signer = tmp_path / "fake-gpg"   # stands in for gpg: git needs only the status line and a signature block
    signer.write_text("#!/bin/sh\ncat >/dev/null\necho '[GNUPG:] SIG_CREATED D 1 8 00 0 X' >&2\n"
                      "printf -- '-----BEGIN PGP SIGNATURE-----\\n\\nZmFrZQ==\\n-----END PGP SIGNATURE-----\\n'\n")
    signer.chmod(0o755)
    git(root, "config", "gpg.program", str(signer))
    git(root, "config", "user.signingKey", "X")
    write(root, "dossiers/a-b/workflow.yaml", "s: 2\n")
    commit_paths(Git(root), ["dossiers/a-b/workflow.yaml"], "不签名\n")
    assert "gpgsig" not in git(root, "cat-file", "commit", "HEAD")
    git(root, "config", "commit.gpgSign", "true")
    write(root, "dossiers/a-b/workflow.yaml", "s: 3\n")
    commit_paths(Git(root), ["dossiers/a-b/workflow.yaml"], "签名\n")
    assert "gpgsig -----BEGIN PGP SIGNATURE-----" in git(root, "cat-file", "commit", "HEAD")
