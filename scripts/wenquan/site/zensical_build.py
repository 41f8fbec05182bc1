"""`wenquan build --renderer zensical`: the same sites rendered by Zensical (PyPI `zensical`), Material for MkDocs'
successor, which reads mkdocs.yml but runs no MkDocs plugin (issue 20 goal 6).

wenquan renders every page into the staging folder (`staging`), as the MkDocs plugin does, then writes a
configuration for that folder: mkdocs.yml's own settings, the nav, the theme overrides of templates/theme and what
the plugin would have put into `extra`, without the plugins and without Python-object tags (YAML that only
PyYAML's unsafe loader reads). What differs from the MkDocs build is listed in README ("换用 Zensical").
"""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import yaml

from wenquan import clock
from wenquan.documents.templating import template_dirs
from wenquan.errors import UserError
from wenquan.fsutil import write_text_atomic
from wenquan.site import staging
from wenquan.site.pages import render
from wenquan.workflow.places import SiteData

TIMEOUT = 900          # seconds: a Zensical that hangs (its runtime under a faked clock does) is stopped

# What only the MkDocs plugin machinery reads: not passed to Zensical.
DROPPED = ("plugins", "nav", "docs_dir", "site_dir", "INHERIT", "watch", "hooks")


class _Loader(yaml.SafeLoader):
    """mkdocs.yml as data: `!ENV`, `!relative` and `!!python/…` values (which only MkDocs' loader reads) become null."""


def _unknown(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> None:
    return None


_Loader.add_multi_constructor("!", _unknown)
_Loader.add_multi_constructor("tag:yaml.org,2002:python/", _unknown)


def _without_nulls(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _without_nulls(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_without_nulls(v) for v in value]
    return value


def _merged(parent: Any, child: Any) -> Any:
    """MkDocs' INHERIT: mappings merged key by key, anything else replaced by the child's."""
    if isinstance(parent, dict) and isinstance(child, dict):
        return {**parent, **{k: _merged(parent.get(k), v) for k, v in child.items()}}
    return child


def load(config_file: Path) -> dict[str, Any]:
    """mkdocs.yml as MkDocs reads it, INHERIT (mkdocs.review.yml's) resolved, without the values only MkDocs' own
    loader reads (and without nulls: a markdown extension whose options held a Python object keeps its others)."""
    data = yaml.load(config_file.read_text(encoding="utf-8"), Loader=_Loader) or {}   # noqa: S506 - a safe subclass
    parent = data.pop("INHERIT", None)
    merged: dict[str, Any] = _without_nulls(_merged(load(config_file.parent / parent), data) if parent else data)
    return merged


def _worker() -> str | None:
    """Zensical's own search worker (search.<hash>.min.js): wenquan's wrapper speaks Material's worker protocol, so
    under Zensical the page talks to Zensical's worker directly (README: 换用 Zensical)."""
    try:
        import zensical
    except ImportError:
        return None
    found = sorted(Path(zensical.__file__).parent.glob("templates/assets/javascripts/workers/search.*.min.js"))
    return found[0].name if found else None


def configuration(root: Path, audience: str, base: dict[str, Any], docs: Path, site_dir: Path, nav: list[Any],
                  data: SiteData) -> dict[str, Any]:
    """Zensical's configuration: `base` (mkdocs.yml as `load` reads it) for the staged `docs`."""
    config = {k: v for k, v in base.items() if k not in DROPPED}
    # paths relative to the configuration's folder (Zensical's project root; it refuses an absolute site_dir)
    config.update(docs_dir=docs.name, site_dir=site_dir.name, nav=nav)
    theme = dict(config.get("theme") or {"name": "material"})
    overrides = [folder / "theme" for folder in template_dirs(root) if (folder / "theme").is_dir()]
    if overrides:
        theme["custom_dir"] = str(overrides[0])
    config["theme"] = theme
    extra = dict(config.get("extra") or {})
    extra["wenquan"] = {"audience": audience, "publisher": extra.get("publisher") or "中国矿业联合会",
                        "contact": data.rules.data["notice"].get("objections_to"), "icp": extra.get("icp"),
                        "search_worker": _worker(), "plain_search": True}
    extra["generator"] = False
    config["extra"] = extra
    return config


def command() -> list[str]:
    """How to run Zensical: its module under this Python, or its command on PATH."""
    try:
        import zensical  # noqa: F401
    except ImportError:
        found = shutil.which("zensical")
        if found is None:
            raise UserError("没有安装 Zensical：请运行 python3 -m pip install -e '.[zensical]'（版本 0.0.73）") from None
        return [found]
    return [sys.executable, "-m", "zensical"]


def build(root: Path, audience: str, config_file: Path, out: Path, on: dt.date | None = None, strict: bool = False) -> Path:
    """Render the site for `audience` with Zensical into `out`; returns `out`."""
    today = on or clock.today()
    data = SiteData.load(root, today, timeline=audience == "review")
    base = load(config_file)
    site_url = base.get("site_url")
    output = render(data, audience, site_url, None)
    docs_src = root / str(base.get("docs_dir") or "docs")
    staged = staging.materialise(root, audience, output, docs_src)
    # Zensical writes only inside its project folder: into the staging folder's site/, then the whole site to `out`
    rendered = staged.docs.parent / "site"
    settings = configuration(root, audience, base, staged.docs, rendered, output.nav, data)
    target = staged.docs.parent / "zensical.yml"
    write_text_atomic(target, yaml.safe_dump(settings, allow_unicode=True, sort_keys=False))
    run = [*command(), "build", "--config-file", str(target), "--clean", *(["--strict"] if strict else [])]
    try:
        result = subprocess.run(run, cwd=staged.docs.parent, capture_output=True, text=True, timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        raise UserError(f"Zensical 在 {TIMEOUT} 秒内没有完成，已停止；网站未生成") from None
    if result.returncode != 0:
        raise UserError("Zensical 生成网站失败：\n" + (result.stderr or result.stdout).strip())
    out = out.resolve()
    staged_out = out.with_name(f".{out.name}.wenquan-new")
    shutil.rmtree(staged_out, ignore_errors=True)
    shutil.copytree(rendered, staged_out)
    if out.exists():
        shutil.rmtree(out)
    staged_out.rename(out)
    return out
