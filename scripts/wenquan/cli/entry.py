"""The `wenquan` program's entry point (`python -m wenquan`, and the installed `wenquan` command).

Before the command group and its command's code are loaded (a tenth of a second), a full `wenquan audit` has
git start on what it reads first (`store.background.start_early`): the audit then finds git done or nearly. Any
other command line, or one this does not read with certainty, starts nothing; the command is the same either
way, and click alone decides what the command line means.
"""

from __future__ import annotations

import sys
from pathlib import Path


def main() -> None:
    _start_early(sys.argv[1:])
    from wenquan.cli.main import main as run

    run()


# The group's options that take a value (cli/main.py), as they may stand before the command.
_GROUP_VALUES = ("-C", "--repo", "--today")


def _start_early(args: list[str]) -> None:
    folder = "."
    while args and args[0] != "audit":
        option, eq, value = args[0].partition("=")
        if option not in _GROUP_VALUES or (not eq and len(args) < 2) or (option == "-C" and eq):
            return
        if not eq:
            value, args = args[1], args[1:]
        if option != "--today":
            folder = value
        args = args[1:]
    if args != ["audit"]:
        return
    from wenquan.repo import find_root

    try:
        root = find_root(Path(folder))
    except OSError:
        return
    if root is not None:
        from wenquan.store import background
        from wenquan.workflow.audit_reads import FIRST

        try:
            background.start_early(root, FIRST)
        except OSError:  # no git, no temporary folder: the audit says so itself, in Chinese
            return
