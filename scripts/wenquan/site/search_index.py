"""Material's search index written entry by entry (issue 20 goal 5).

Material for MkDocs writes `search/search_index.json` at the end of a build as one JSON string of every page's
text, then its UTF-8 bytes: the build's peak memory falls at that moment (at 300 dossiers, 48 MB above
everything else; at 1000, the peak of `mkdocs serve`). Every build writes the same bytes here, one entry at a
time, just before Material would, and Material's own write is skipped for that build: byte for byte Material's
file (tested). A dirty rebuild of `mkdocs serve --dirty` merges the previous build's index first (`merge`), by
page rather than as Material does.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from wenquan.fsutil import atomic_writer

FIELDS = ("lang", "separator", "pipeline", "fields")  # what Material puts under "config"


def search_plugin(plugins: Any) -> Any | None:
    """The enabled Material search plugin of a build, if any."""
    from material.plugins.search.plugin import SearchPlugin

    found = next((p for p in plugins.values() if isinstance(p, SearchPlugin)), None)
    return found if found is not None and found.config.enabled else None


def _dumps(value: Any) -> str:
    return json.dumps(value, separators=(",", ":"), default=str)  # as Material writes it


def merge(index: Any, previous: Any | None, rebuilt: set[str]) -> None:
    """A dirty rebuild's index: the previous build's entries, but those of the pages rebuilt now (`rebuilt`, their
    URLs), then this build's. In place: this index is the next rebuild's previous one.

    Material's own merge takes only the page of this build's first entry as rebuilt and drops every earlier entry
    whose location starts with it; the plugin's rebuild also makes the pages that list places, the home page
    first, whose location ("") starts every location, so each rebuild would leave only the rebuilt pages
    searchable. A named interpretation of the preview, not of the 办法: a page's entries are replaced when it is
    rebuilt, and only then."""
    if previous is None:
        return
    kept = [e for e in previous.entries if e["location"].split("#", 1)[0] not in rebuilt]
    index.entries = kept + index.entries


def write(index: Any, site_dir: Path, previous: Any | None = None, rebuilt: set[str] | None = None) -> Path:
    """`index` (Material's SearchIndex), merged with `previous` (a dirty rebuild's, `rebuilt` its pages' URLs), as
    Material writes it, to site_dir/search/search_index.json."""
    merge(index, previous, rebuilt or set())
    path = site_dir / "search" / "search_index.json"
    with atomic_writer(path, sync=False) as handle:
        handle.write(('{"config":' + _dumps({k: index.config[k] for k in FIELDS}) + ',"docs":[').encode("utf-8"))
        for i, entry in enumerate(index.entries):
            handle.write(((',' if i else '') + _dumps(entry)).encode("utf-8"))
        handle.write(b"]}")
    return path
