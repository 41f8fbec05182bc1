"""A full `wenquan audit` has git start on what it reads first while Python is still loading the audit
(cli/entry.py, store/background.py, issue 20 goal 2). Only that command line starts anything; what is started is
exactly what the audit asks for, in the folder it audits; nothing started survives the process; and a repair of
a killed write, which changes the repository, throws away what was read before it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from conftest import git
from test_crash_safety import wenquan
from wenquan.cli import entry
from wenquan.store import background
from wenquan.workflow.audit_reads import FIRST, INDEX, LOG, STATUS
from workflow_helpers import ID, ok, wq


@pytest.fixture
def early() -> dict[tuple[Path, tuple[str, ...]], background.Spooled]:
    started = background._early
    yield started
    background._stop_untaken()


@pytest.mark.parametrize("args", [["audit"], ["-C", "{root}", "audit"], ["--repo", "{root}", "audit"], ["--repo={root}", "audit"],
                                  ["--today", "2026-05-01", "-C", "{root}", "audit"], ["--today=2026-05-01", "audit"]])
def test_a_full_audit_starts_its_first_reads_early(git_repo: Path, early: dict, args: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    ok(git_repo, "advance", ID, "申报", "--date", "2026-03-02")
    monkeypatch.chdir(git_repo / "dossiers" / ID)  # the repository is found upwards, as the command finds it
    entry._start_early([a.replace("{root}", str(git_repo)) for a in args])
    assert sorted(early) == sorted((git_repo.resolve(), args) for args in FIRST)
    spooled = background.take(git_repo.resolve(), LOG)
    assert spooled is not None and background.take(git_repo.resolve(), LOG) is None  # handed over once
    code, out, _ = spooled.wait()
    assert code == 0 and out == subprocess.run(["git", *LOG], cwd=git_repo, capture_output=True, check=True).stdout


_STARTED_BEFORE_LOADING = ("import sys\nfrom wenquan.cli import entry\nassert entry._start_early(sys.argv[1:])\n"
                           "print(' '.join(m for m in ('wenquan.repo', 'wenquan.cli.main', 'click', 'yaml', 'dataclasses')"
                           " if m in sys.modules))\n")


def test_git_starts_before_the_commands_code_loads(git_repo: Path) -> None:
    """The early start finds the repository and starts git with the standard library and its own small modules
    only: every module loaded before git starts is time one of two cores spends alone."""
    started = subprocess.run([sys.executable, "-c", _STARTED_BEFORE_LOADING, "-C", str(git_repo), "audit"],
                             capture_output=True, text=True, check=True)
    assert started.stdout.split() == []


@pytest.mark.parametrize("args", [["audit", "--deep"], ["audit", "--since", "HEAD"], ["status"], ["-C"], ["-C", "{root}"],
                                  ["--bogus", "audit"], ["-C={root}", "audit"], ["--today"], ["audit", "audit"], []])
def test_any_other_command_line_starts_nothing(git_repo: Path, early: dict, args: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(git_repo)
    entry._start_early([a.replace("{root}", str(git_repo)) for a in args])
    assert early == {}


def test_outside_a_repository_nothing_starts(tmp_path: Path, early: dict, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    entry._start_early(["audit"])
    assert early == {}


def test_what_is_not_taken_is_stopped(git_repo: Path, early: dict) -> None:
    background.start_early(git_repo, [LOG, INDEX, STATUS])
    processes = [s._proc for s in early.values()]
    background.stop_early(git_repo)
    assert early == {} and all(p.returncode is not None for p in processes)
    background.start_early(git_repo, [LOG])
    process = next(iter(early.values()))._proc
    background._stop_untaken()  # what runs at exit
    assert early == {} and process.returncode is not None


def test_a_usage_error_leaves_no_git_running(git_repo: Path) -> None:
    """The command line is click's to judge: a bad date is refused after git has started, and git is stopped."""
    ok(git_repo, "advance", ID, "申报", "--date", "2026-03-02")
    probe = ("import subprocess, sys\nfrom wenquan.store import background\n"
             "from wenquan.cli.entry import main\nimport atexit\n"
             "atexit.register(lambda: print(sum(s._proc.poll() is None for s in background._early.values())))\n"
             f"sys.argv = ['wenquan', '--today', 'not-a-date', '-C', {str(git_repo)!r}, 'audit']\nmain()\n")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert out.returncode == 2 and "not-a-date" in out.stderr
    assert out.stdout.strip() == "0"  # the exit handler registered first runs last: all were stopped before it


def test_a_repair_throws_away_what_was_read_before_it(git_repo: Path, early: dict) -> None:
    """A write killed half-way is repaired by the next command before it reads anything: what git began reading
    before the repair is stopped, and the audit asks again. With nothing to repair, what was started is kept."""
    from wenquan.store.recovery import recover

    ok(git_repo, "advance", ID, "申报", "--date", "2026-03-02")
    background.start_early(git_repo, FIRST)
    assert recover(git_repo) is None and len(early) == len(FIRST)
    assert wenquan(git_repo, "advance", ID, "推荐", "--date", "2026-03-10", stop="files-written:KILL").returncode < 0
    assert recover(git_repo) and early == {}


def test_the_audit_after_a_killed_write_audits_the_repaired_repository(git_repo: Path) -> None:
    ok(git_repo, "advance", ID, "申报", "--date", "2026-03-02")
    assert wenquan(git_repo, "advance", ID, "推荐", "--date", "2026-03-10", stop="head-moved:KILL").returncode < 0
    audited = wenquan(git_repo, "audit")
    assert "上次被中断的 wenquan 操作" in audited.stderr
    assert audited.returncode == 0, audited.stdout + audited.stderr
    assert git(git_repo, "status", "--porcelain") == ""


_FREED_AT_EXIT = ("import atexit, gc, sys\nfrom wenquan.cli.entry import main\n"
                  "atexit.register(lambda: sys.stderr.write(f'collector {gc.isenabled()}\\n'))\n"
                  "class Kept:\n    def __del__(self):\n        sys.stderr.write('freed\\n')\n"
                  "kept = Kept()\nsys.argv = ['wenquan', *sys.argv[1:]]\nmain()\n")


def test_the_full_audit_ends_without_tearing_down_and_says_everything(git_repo: Path) -> None:
    """The full audit's process ends without freeing its objects (the module's `kept` is never freed), after
    every finding has reached the pipe and with the audit's exit status, and runs without the cycle collector; any
    other command exits as usual, with it."""
    ok(git_repo, "advance", ID, "申报", "--date", "2026-03-02")
    ok(git_repo, "advance", "henan-kaifeng", "申报", "--date", "2026-03-02")
    for dossier in (ID, "henan-kaifeng"):
        path = git_repo / "dossiers" / dossier / "workflow.yaml"
        path.write_text(path.read_text(encoding="utf-8").replace("2026-03-02", "2026-03-01"), encoding="utf-8")
    run = [sys.executable, "-c", _FREED_AT_EXIT, "-C", str(git_repo)]
    audited = subprocess.run([*run, "audit"], capture_output=True, text=True)
    assert audited.returncode == 1 and "freed" not in audited.stderr
    assert all(f"dossiers/{d}/workflow.yaml: 工作区中有未提交的手工修改" in audited.stdout for d in (ID, "henan-kaifeng"))
    assert audited.stdout == wq(git_repo, "audit").stdout  # as the command says it in-process
    git(git_repo, "checkout", "--", ".")
    passed = subprocess.run([*run, "audit"], capture_output=True, text=True)
    assert passed.returncode == 0 and "审计通过" in passed.stderr and "freed" not in passed.stderr
    assert "collector False" in passed.stderr
    status = subprocess.run([*run, "status"], capture_output=True, text=True)
    assert status.returncode == 0 and "freed" in status.stderr and "collector True" in status.stderr


def test_a_failed_read_names_the_git_command_past_gits_own_options(tmp_path: Path) -> None:
    from wenquan.store.writer import Git, GitFailed

    git(tmp_path, "init", "-q")
    (tmp_path / ".git" / "index").write_bytes(b"not an index")  # and no commit yet: each of the three fails
    g = Git(tmp_path)
    for args, name in ((STATUS, "status"), (LOG, "log"), (INDEX, "ls-files")):
        with pytest.raises(GitFailed, match=f"^git {name} 失败："):
            g.collect(g.spooled(*args))
        with pytest.raises(GitFailed, match=f"^git {name} 失败："):
            list(g.pieces(g.spooled(*args)))


def test_the_log_in_pieces_is_the_whole_log_and_a_reader_that_stops_stops_git(git_repo: Path) -> None:
    from wenquan.store.writer import Git

    ok(git_repo, "advance", ID, "申报", "--date", "2026-03-02")
    ok(git_repo, "advance", "henan-kaifeng", "申报", "--date", "2026-03-02")
    ok(git_repo, "advance", ID, "推荐", "--date", "2026-03-10")
    g = Git(git_repo)
    idle: list[bool] = []
    pieces = list(g.pieces(g.spooled(*LOG), lambda: idle.append(True) and False))
    assert b"".join(pieces) == g.collect(g.spooled(*LOG))
    spooled = g.spooled(*LOG)
    reading = spooled.pieces(lambda: False)
    next(reading, None)
    reading.close()  # the reader went away before git ended, or just after: git is stopped and reaped either way
    assert spooled._proc.returncode is not None and spooled._file.closed
