"""`mkdocs serve --dirty` as the secretariat previews with it (issue 20 goals 4 and 5): a saved dossier is served
again with its new figure, the places between builds come from the user's cache rather than the process, and the
other pages stay served. Real mkdocs, a real HTTP server; every wait is for a condition, bounded only to fail."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from conftest import data_copy

pytestmark = pytest.mark.running_clock  # mkdocs serve rebuilds once the files have been quiet a moment

PAGE = "/wenquan/places/hebei-xiongxian/"
OTHER = "/wenquan/places/jiangxi-wentang/"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _get(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            text: str = response.read().decode("utf-8")
            return text
    except (urllib.error.URLError, OSError):
        return None


def _until(condition: object, proc: subprocess.Popen[bytes], log: Path, what: str, limit: float = 600) -> None:
    """Poll `condition` until it holds; fail if the server died, or (only as a last resort) after `limit` seconds."""
    deadline = time.monotonic() + limit
    while not condition():  # type: ignore[operator]
        assert proc.poll() is None, f"mkdocs serve exited while waiting for {what}:\n{log.read_text(encoding='utf-8')[-3000:]}"
        assert time.monotonic() < deadline, f"never {what}:\n{log.read_text(encoding='utf-8')[-3000:]}"
        time.sleep(0.2)


def test_a_saved_dossier_is_served_again_with_places_from_the_users_cache(tmp_path: Path) -> None:
    root = data_copy(tmp_path / "repo", names=("schemas", "registry", "dossiers", "site", "templates"), committed=True)
    cache = tmp_path / "cache"
    port = _free_port()
    log = tmp_path / "serve.log"
    env = {**os.environ, "XDG_CACHE_HOME": str(cache)}
    with log.open("wb") as out:
        proc = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--dirty", "-a", f"127.0.0.1:{port}"],
                                cwd=root, env=env, stdout=out, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        _until(lambda: "36,000" in (_get(base + PAGE) or ""), proc, log, "served the first build")
        stored = sorted((cache / "wenquan" / "places").glob("*.pickle"))
        assert len(stored) >= 4  # every place of the first build, for the next one to take
        _until(lambda: "Watching paths for changes" in log.read_text(encoding="utf-8", errors="replace")
               or "Serving on" in log.read_text(encoding="utf-8", errors="replace"), proc, log, "watched the files")
        dossier = root / "dossiers" / "hebei-xiongxian" / "dossier.yaml"
        dossier.write_text(dossier.read_text(encoding="utf-8").replace("exploitable_m3_per_day: 36000",
                                                                       "exploitable_m3_per_day: 36001"), encoding="utf-8")
        _until(lambda: "36,001" in (_get(base + PAGE) or ""), proc, log, "served the saved dossier again")
        other = _get(base + OTHER)
        assert other is not None and "6500 立方米/天" in other and "温汤镇" in other  # an unchanged place's page, made from the cached place
        # the search index (written entry by entry, merged with the first build's as Material merges it): the saved
        # page's sections are the new ones, and every other page is still found
        docs = json.loads(_get(base + "/wenquan/search/search_index.json") or "{}")["docs"]
        saved = [d for d in docs if d["location"].startswith("places/hebei-xiongxian/")]
        assert saved and "36,000" not in json.dumps(saved, ensure_ascii=False)
        assert any("36,001" in d["text"] for d in saved)
        assert {d["location"].split("#")[0] for d in docs} >= {"", "places/jiangxi-wentang/"}
        assert "Traceback" not in log.read_text(encoding="utf-8", errors="replace")
    finally:
        proc.terminate()
        proc.wait()
