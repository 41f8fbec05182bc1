"""Material's search index kept on disk while a build runs, and written entry by entry (issue 20 goal 5).

Material for MkDocs keeps every entry of its search index (every section of every page, its text segmented) in
memory to the end of a build, then writes `search/search_index.json` as one JSON string and its UTF-8 bytes; and
`mkdocs serve --dirty` keeps the whole index for the next rebuild. At 1000 dossiers the review site's index is
some 80 MB of JSON, the largest thing the build holds. Here each page's entries leave memory once the page is
rendered (`Spool.take`, from the wenquan plugin's on_post_page): they are written to a spool file, a line each.
The index is written from the spool just before Material would, and Material's own write is skipped for that
build: byte for byte Material's file (tested). A dirty rebuild merges the previous build's entries, kept in a
spool file too, by page rather than as Material does (`write`).
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from wenquan.fsutil import atomic_writer

FIELDS = ("lang", "separator", "pipeline", "fields")  # what Material puts under "config"


def search_plugin(plugins: Any) -> Any | None:
    """The enabled Material search plugin of a build, if any."""
    from material.plugins.search.plugin import SearchPlugin

    found = next((p for p in plugins.values() if isinstance(p, SearchPlugin)), None)
    return found if found is not None and found.config.enabled else None


def _dumps(value: Any) -> str:
    return json.dumps(value, separators=(",", ":"), default=str)  # as Material writes it: ASCII, no line break


class Spool:
    """A build's search entries in a file of the system's temporary folder, a line each: the URL of the page they
    come from, a tab, and the entry as Material writes it (both JSON: neither holds a tab or a line break)."""

    def __init__(self) -> None:
        handle, name = tempfile.mkstemp(prefix="wenquan-search-", suffix=".jsonl")
        self.path = Path(name)
        self.handle: IO[str] | None = os.fdopen(handle, "w", encoding="ascii")

    def take(self, index: Any, url: str | None) -> None:
        """Move the entries Material's index holds (those of the page `url`, just rendered) to the spool."""
        key = _dumps(url)
        for entry in index.entries:
            self.add(f"{key}\t{_dumps(entry)}\n")
        index.entries.clear()

    def add(self, line: str) -> None:
        assert self.handle is not None, "spool already closed"
        self.handle.write(line)

    def lines(self) -> Iterator[str]:
        self._close()
        with self.path.open(encoding="ascii") as spooled:
            yield from spooled

    def remove(self) -> None:
        self._close()
        self.path.unlink(missing_ok=True)

    def _close(self) -> None:
        if self.handle is not None:
            self.handle.close()
            self.handle = None


def write(index: Any, site_dir: Path, spool: Spool, previous: Spool | None = None, rebuilt: set[str] | None = None,
          keep: bool = False) -> Spool | None:
    """site_dir/search/search_index.json as Material writes it for `index` (Material's SearchIndex, for its config
    and any entries it still holds): the entries of `previous` (a dirty rebuild's: the last build's), but those
    of the pages rebuilt now (`rebuilt`, their URLs), then this build's (`spool`). `keep`: the same entries are
    also left in a new spool, for the next dirty rebuild to merge with, and returned. `spool` is removed.

    Material's own merge takes only the page of this build's first entry as rebuilt and drops every earlier entry
    whose location starts with it; the plugin's rebuild also makes the pages that list places, the home page
    first, whose location ("") starts every location, so each rebuild would leave only the rebuilt pages
    searchable. A named interpretation of the preview, not of the 办法: a page's entries are replaced when it is
    rebuilt, and only then."""
    spool.take(index, None)  # none, unless a plugin added entries outside a page
    kept = Spool() if keep else None
    path = site_dir / "search" / "search_index.json"
    try:
        with atomic_writer(path, sync=False) as handle:
            handle.write(('{"config":' + _dumps({k: index.config[k] for k in FIELDS}) + ',"docs":[').encode("utf-8"))
            for i, line in enumerate(_merged(previous, spool, rebuilt or set())):
                handle.write(((',' if i else '') + line.partition("\t")[2].rstrip("\n")).encode("ascii"))
                if kept is not None:
                    kept.add(line)
            handle.write(b"]}")
    except BaseException:
        if kept is not None:
            kept.remove()
        raise
    finally:
        spool.remove()
    return kept


def _merged(previous: Spool | None, spool: Spool, rebuilt: set[str]) -> Iterator[str]:
    if previous is not None:
        rebuilt_keys = {_dumps(url) for url in rebuilt}
        yield from (line for line in previous.lines() if line.partition("\t")[0] not in rebuilt_keys)
    yield from spool.lines()
