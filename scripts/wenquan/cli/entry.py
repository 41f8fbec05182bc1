"""The `wenquan` program's entry point (`python -m wenquan`, and the installed `wenquan` command).

Before the command group and its command's code are loaded (a tenth of a second), a full `wenquan audit` has
git start on what it reads first (`store.background.start_early`): the audit then finds git done or nearly. Any
other command line, or one this does not read with certainty, starts nothing; the command is the same either
way, and click alone decides what the command line means.

That same command line, which reads and never writes, ends without tearing its objects down (`_leave`): the
audit of tens of thousands of commits leaves a few hundred thousand, and freeing them one by one costs more
than a tenth of the time git takes to list the history. What its code hands to `lifetime.keep` is therefore
held to the end rather than freed when it goes out of use, and the cycle collector rests throughout
(`lifetime.ending_without_teardown`).
"""

from __future__ import annotations

import sys
from pathlib import Path


def main() -> None:
    if not _start_early(sys.argv[1:]):
        from wenquan.cli.main import main as run

        run()
        return
    from wenquan import lifetime

    lifetime.ending_without_teardown()  # before the command's code loads: the cycle collector rests from here
    from wenquan.cli.main import main as run

    try:
        run()
    except SystemExit as exc:
        if isinstance(exc.code, int) or exc.code is None:
            _leave(exc.code or 0)
        raise
    _leave(0)


def _leave(code: int) -> None:
    """End the process now, as exiting would but for freeing every object: the exit handlers run (the git
    started early is stopped), what is buffered is written, then the process ends with `code`."""
    import atexit
    import os

    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a closed pipe or stream: nothing more can reach it
            pass
    os._exit(code)


# The group's options that take a value (cli/main.py), as they may stand before the command.
_GROUP_VALUES = ("-C", "--repo", "--today")


def _start_early(args: list[str]) -> bool:
    """Whether `args` are the full audit's command line; if so, git is started on what it reads first."""
    folder = "."
    while args and args[0] != "audit":
        option, eq, value = args[0].partition("=")
        if option not in _GROUP_VALUES or (not eq and len(args) < 2) or (option == "-C" and eq):
            return False
        if not eq:
            value, args = args[1], args[1:]
        if option != "--today":
            folder = value
        args = args[1:]
    if args != ["audit"]:
        return False
    from wenquan.rootdir import find_root

    try:
        root = find_root(Path(folder))
    except OSError:
        return True
    if root is not None:
        from wenquan.store import background
        from wenquan.workflow.audit_reads import FIRST

        try:
            background.start_early(root, FIRST)
        except OSError:  # no git, no temporary folder: the audit says so itself, in Chinese
            pass
    return True
