"""`mkdocs serve` told of changes by the system instead of by polling (issue 20 goal 5).

mkdocs serve polls every watched file twice a second (watchdog's PollingObserver) and holds a snapshot of each
watched tree to compare with the next. The wenquan plugin watches dossiers/ as well as the docs: at 1000 dossiers,
some 16 000 files, and about 30 MB of the preview's memory (a plain mkdocs site of the same pages watches only its
1000 pages). The system's own file events (inotify on Linux, FSEvents on macOS, ReadDirectoryChangesW on Windows)
hold nothing per file. `use_file_events` moves the server's watches to watchdog's native observer; where that
cannot start (a file system without events, or too few inotify watches), polling stays, as mkdocs has it.

Only writes count (a file created, changed, closed after writing, moved or deleted): a build reads every dossier,
and a read must not ask for the next build.
"""

from __future__ import annotations

import logging
from typing import Any

from watchdog.events import FileClosedEvent, FileCreatedEvent, FileDeletedEvent, FileModifiedEvent, FileMovedEvent, FileSystemEvent
from watchdog.observers import Observer

LOG = logging.getLogger("mkdocs.plugins.wenquan")
WRITES: list[type[FileSystemEvent]] = [FileCreatedEvent, FileModifiedEvent, FileClosedEvent, FileMovedEvent, FileDeletedEvent]


class WriteObserver(Observer):  # type: ignore[misc,valid-type]  # the platform's native observer
    """The native observer, telling of writes only, and started once however often it is asked (mkdocs serve
    starts its observer itself, after the plugin has)."""

    def schedule(self, event_handler: Any, path: Any, *, recursive: bool = False, event_filter: Any = None,
                 follow_symlink: bool = False) -> Any:
        return super().schedule(event_handler, path, recursive=recursive, event_filter=event_filter or WRITES,
                                follow_symlink=follow_symlink)

    def start(self) -> None:
        if not self.is_alive():
            super().start()


def use_file_events(server: Any) -> bool:
    """Move the watches of mkdocs' LiveReloadServer (not yet serving) from polling to the system's file events;
    False, and polling kept, where those cannot start."""
    polling = server.observer
    if polling.is_alive() or not hasattr(server, "_watched_paths"):
        return False
    watched: dict[str, int] = dict(server._watched_paths)  # mkdocs' own count of each path's watches
    native = WriteObserver()
    _unwatch(server, watched)
    _watch(server, watched, native)
    try:
        native.start()
    except OSError as exc:
        native.stop()  # its watches are gone with it: mkdocs' record of them is cleared, not unwatched one by one
        server._watch_refs.clear()
        server._watched_paths.clear()
        _watch(server, watched, polling)
        LOG.info(f"系统的文件事件不可用（{exc}），预览改为定时检查文件变化")
        return False
    return True


def _unwatch(server: Any, watched: dict[str, int]) -> None:
    for path, count in watched.items():
        for _ in range(count):
            server.unwatch(path)


def _watch(server: Any, watched: dict[str, int], observer: Any) -> None:
    """Make `observer` the server's, and watch `watched` there as many times as they were."""
    server.observer = observer
    for path, count in watched.items():
        for _ in range(count):
            server.watch(path)
