"""Material's search index written entry by entry (issue 20 goal 5).

Material for MkDocs writes `search/search_index.json` at the end of a build as one JSON string of every page's
text, then its UTF-8 bytes: the build's peak memory falls at that moment (at 300 dossiers, 48 MB above
everything else). A single build (not `mkdocs serve`, whose dirty rebuilds merge the previous index) writes the
same bytes here, one entry at a time, just before Material would, and Material's own write is skipped for
that build. Tested byte for byte against Material's.
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


def write(index: Any, site_dir: Path) -> Path:
    """`index` (Material's SearchIndex) as Material writes it, to site_dir/search/search_index.json."""
    path = site_dir / "search" / "search_index.json"
    with atomic_writer(path, sync=False) as handle:
        handle.write(('{"config":' + _dumps({k: index.config[k] for k in FIELDS}) + ',"docs":[').encode("utf-8"))
        for i, entry in enumerate(index.entries):
            handle.write(((',' if i else '') + _dumps(entry)).encode("utf-8"))
        handle.write(b"]}")
    return path
