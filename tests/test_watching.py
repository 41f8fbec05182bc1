"""mkdocs serve told of changes by the system's file events (site/watching.py, issue 20 goal 5): writes count,
reads do not (a build reads every dossier), and where the events cannot start, mkdocs' polling stays."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest
from mkdocs.livereload import LiveReloadServer
from watchdog.events import FileSystemEvent, FileSystemEventHandler

from wenquan.site import watching

PATIENCE = 60  # seconds: an upper bound on a wait for a condition, never a wait for time


class Recorder(FileSystemEventHandler):
    def __init__(self) -> None:
        self.paths: list[str] = []
        self.seen = threading.Condition()

    def on_any_event(self, event: FileSystemEvent) -> None:
        with self.seen:
            self.paths.append(str(event.src_path))
            self.seen.notify_all()

    def wait_for(self, path: Path) -> list[str]:
        with self.seen:
            assert self.seen.wait_for(lambda: str(path) in self.paths, timeout=PATIENCE), self.paths
            return list(self.paths)


def test_reads_are_not_told_and_writes_are(tmp_path: Path) -> None:
    read, sentinel = tmp_path / "dossier.yaml", tmp_path / "sentinel.txt"
    read.write_text("a: 1\n", encoding="utf-8")
    observer, recorder = watching.WriteObserver(), Recorder()
    observer.schedule(recorder, str(tmp_path), recursive=True)
    observer.start()
    observer.start()  # as mkdocs serve starts it again: once is all
    try:
        assert read.read_text(encoding="utf-8") == "a: 1\n"
        sentinel.write_text("x", encoding="utf-8")
        # the system tells events in order: by the sentinel's, a read would have been told
        assert str(read) not in recorder.wait_for(sentinel)
        read.write_text("a: 2\n", encoding="utf-8")
        recorder.wait_for(read)
    finally:
        observer.stop()
        observer.join()


def _server(tmp_path: Path) -> Any:
    server = LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=0, root=str(tmp_path))
    for name in ("docs", "dossiers"):
        (tmp_path / name).mkdir()
        server.watch(str(tmp_path / name))
    server.watch(str(tmp_path / "docs"))  # watched twice: unwatched twice
    return server


def test_the_servers_watches_move_to_the_systems_file_events(tmp_path: Path) -> None:
    server = _server(tmp_path)
    try:
        assert watching.use_file_events(server) is True
        assert isinstance(server.observer, watching.WriteObserver) and server.observer.is_alive()
        assert sorted(e.watch.path for e in server.observer.emitters) == sorted(str(tmp_path / n) for n in ("docs", "dossiers"))
        assert server._watched_paths == {str(tmp_path / "docs"): 2, str(tmp_path / "dossiers"): 1}
        (tmp_path / "dossiers" / "x.yaml").write_text("x", encoding="utf-8")
        with server._rebuild_cond:  # mkdocs' own callback asks for a rebuild
            assert server._rebuild_cond.wait_for(lambda: server._want_rebuild, timeout=PATIENCE)
    finally:
        server.observer.stop()
        server.server_close()


def test_where_the_events_cannot_start_polling_stays(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def unavailable(self: Any) -> None:
        raise OSError(28, "inotify watch limit reached")

    monkeypatch.setattr(watching.WriteObserver, "start", unavailable)
    server = _server(tmp_path)
    polling = server.observer
    try:
        assert watching.use_file_events(server) is False
        assert server.observer is polling and not polling.is_alive()
        assert sorted(w.path for w in server._watch_refs.values()) == sorted(str(tmp_path / n) for n in ("docs", "dossiers"))
        assert server._watched_paths == {str(tmp_path / "docs"): 2, str(tmp_path / "dossiers"): 1}
    finally:
        server.server_close()
