"""One small exception tree. The CLI maps each class to an exit code.

0 ok, 1 user error (bad input, refused step), 2 usage, 3 internal bug.
"""

from __future__ import annotations


class WenquanError(Exception):
    """Base of every error wenquan raises on purpose."""

    exit_code = 3


class UserError(WenquanError):
    """The user's input is wrong or a step is refused. The message says where and why, in Chinese."""

    exit_code = 1


class UsageError(WenquanError):
    """The command was called with arguments that do not fit."""

    exit_code = 2
