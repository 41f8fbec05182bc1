"""`wenquan build`: the same `mkdocs build` as the command line, with the audience and output chosen here."""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path

from wenquan.errors import UserError

DEFAULT_OUT = {"public": None, "review": "public-review"}   # None: mkdocs.yml's site_dir


def build(root: Path, audience: str, out: Path | None = None, on: dt.date | None = None, strict: bool = False) -> Path:
    """Build the site for `audience`; returns the folder written. mkdocs' own errors become UserError."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    config_file = root / "mkdocs.yml"
    options: dict[str, object] = {"strict": strict}
    if out is not None:
        options["site_dir"] = str(out.resolve())
    elif DEFAULT_OUT[audience]:
        options["site_dir"] = str(root / DEFAULT_OUT[audience])
    logging.getLogger("mkdocs").setLevel(logging.WARNING)
    try:
        config = load_config(str(config_file), **options)
        plugin = config.plugins.get("wenquan")
        if plugin is None:
            raise UserError(f"{config_file}: plugins 中没有启用 wenquan 插件，无法生成网站")
        plugin.config.audience = audience                  # type: ignore[attr-defined]
        if on is not None:
            plugin.config.on = on.isoformat()                # type: ignore[attr-defined]
        config.plugins.on_startup(command="build", dirty=False)
        try:
            mkdocs_build(config)
        finally:
            config.plugins.on_shutdown()
    except MkDocsException as exc:
        raise UserError(f"网站生成失败：{exc}") from exc
    return Path(config.site_dir)
