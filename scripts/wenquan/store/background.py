"""git commands run in the background with their output in a file, and those started before a command's code loads.

A command whose output runs to megabytes (the full audit's `git log`) writes it into an unlinked temporary file:
git writes a file as fast as it writes to nowhere, while through a pipe it stops each time the pipe is full
until its reader has caught up.

`start_early` is for the command line's entry point: a command that will surely read these first (the full
audit) has git start on them while Python is still loading the command's code, some tenth of a second that
git would otherwise wait for. `Git.spooled` then takes the one already running with its own arguments in its
own folder (`take`); one never taken is stopped when the process exits. Nothing here reads argv, and nothing
heavier than the standard library is imported: this runs before anything else is loaded.
"""

from __future__ import annotations

import atexit
import os
import subprocess
import tempfile
from collections.abc import Callable, Generator
from pathlib import Path

_LITTLE = 1 << 16  # bytes: fewer new ones than this are not worth a piece while git is still writing


class Spooled:
    """One git command running in `root` with its output going into an unlinked temporary file."""

    def __init__(self, root: Path, args: tuple[str, ...]) -> None:
        self.args = args
        self._file = tempfile.TemporaryFile()
        try:
            self._proc = subprocess.Popen(["git", *args], cwd=root, stdin=subprocess.DEVNULL, stdout=self._file,
                                          stderr=subprocess.PIPE)
        except BaseException:
            self._file.close()
            raise

    def wait(self) -> tuple[int, bytes, bytes]:
        """git's exit status, output and error output, once it has finished; the file is then gone."""
        try:
            _, err = self._proc.communicate()
            self._file.seek(0)
            return self._proc.returncode, self._file.read(), err
        finally:
            self._file.close()

    def pieces(self, idle: Callable[[], bool]) -> Generator[bytes, None, tuple[int, bytes]]:
        """git's output in pieces as it is written, the first being what is there already; the generator's value is
        git's exit status and error output. Where little has been added since the last piece, `idle` is called
        to do some of the reader's own work (it says whether some is left); with none left, this waits for git
        to end rather than asking again: no piece comes from waiting for time."""
        err: bytes | None = None
        at = 0
        try:
            while True:
                ended = err is not None or self._proc.poll() is not None  # asked before reading: the read then sees all
                size = os.fstat(self._file.fileno()).st_size
                piece = os.pread(self._file.fileno(), size - at, at) if size > at else b""
                at += len(piece)
                if piece:
                    yield piece
                if ended and not piece:
                    break
                if not ended and len(piece) < _LITTLE and not idle():
                    err = self._proc.communicate()[1]
            if err is None:
                err = self._proc.communicate()[1]
            return self._proc.returncode, err
        finally:
            if err is None:  # left before git ended: stopped (which also closes the file)
                self.stop()
            else:
                self._file.close()

    def stop(self) -> None:
        """git stopped and reaped, its output thrown away."""
        try:
            if self._proc.poll() is None:
                self._proc.kill()
            self._proc.communicate()
        finally:
            self._file.close()


_early: dict[tuple[Path, tuple[str, ...]], Spooled] = {}


def start_early(root: Path, commands: list[tuple[str, ...]]) -> None:
    """Start these git commands in `root` now, for `take` to hand over when they are asked for."""
    if not _early:
        atexit.register(_stop_untaken)
    for args in commands:
        key = (root, tuple(args))
        if key not in _early:
            _early[key] = Spooled(root, tuple(args))


def take(root: Path, args: tuple[str, ...]) -> Spooled | None:
    """The command started early with exactly these arguments in this folder, once; else None."""
    return _early.pop((root, args), None) if _early else None


def stop_early(root: Path) -> None:
    """Stop what was started early in `root` (the repository is about to change: a killed write repaired)."""
    for key in [k for k in _early if k[0] == root]:
        _early.pop(key).stop()


def _stop_untaken() -> None:
    while _early:
        _early.popitem()[1].stop()
