"""`wenquan build`: the same `mkdocs build` as the command line, with the audience and output chosen here."""

from __future__ import annotations

import datetime as dt
import logging
import re
from pathlib import Path

from wenquan.errors import UserError

DEFAULT_OUT = {"public": None, "review": "public-review"}   # None: mkdocs.yml's site_dir
REVIEW_CONFIG = "mkdocs.review.yml"


RENDERERS = ("mkdocs", "zensical")


def build(root: Path, audience: str, out: Path | None = None, on: dt.date | None = None, strict: bool = False,
          renderer: str = "mkdocs") -> Path:
    """Build the site for `audience`; returns the folder written. mkdocs' own errors become UserError. With
    `renderer` "zensical" Zensical renders the same staged pages (site/zensical_build.py)."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    config_file = root / "mkdocs.yml"
    if audience == "review" and (root / REVIEW_CONFIG).is_file():   # its own title, header and plugins
        config_file = root / REVIEW_CONFIG
    default = DEFAULT_OUT[audience]
    site_dir = str(out.resolve()) if out is not None else (str(root / default) if default else None)
    if renderer == "zensical":
        from wenquan.site import zensical_build

        return zensical_build.build(root, audience, config_file, Path(site_dir or root / "public"), on, strict)
    if renderer not in RENDERERS:
        raise UserError(f"没有名为“{renderer}”的渲染器；可选：{'、'.join(RENDERERS)}")
    logger = logging.getLogger("mkdocs")
    logger.setLevel(logging.WARNING)
    shown = _Warnings()
    logger.addHandler(shown)
    plugin = None
    try:
        config = load_config(str(config_file), site_dir=site_dir, strict=strict)
        plugin = config.plugins.get("wenquan")
        if plugin is None:
            raise UserError(f"{config_file}: plugins 中没有启用 wenquan 插件，无法生成网站")
        plugin.config.audience = audience
        if on is not None:
            plugin.config.on = on.isoformat()
        config.plugins.on_startup(command="build", dirty=False)
        try:
            mkdocs_build(config)
        finally:
            config.plugins.on_shutdown()
    except MkDocsException as exc:
        error = getattr(plugin, "error", None)
        if error is not None:                       # a dossier or registry problem: report it as `validate` would
            raise error from None
        strict_abort = re.fullmatch(r"Aborted with (\d+) warnings? in strict mode!", str(exc))
        if strict_abort:
            raise UserError(f"网站生成失败：--strict 模式下有 {strict_abort.group(1)} 个警告（见上）") from exc
        raise UserError(f"网站生成失败：{exc}") from exc
    finally:
        logger.removeHandler(shown)
    return Path(config.site_dir)


class _Warnings(logging.StreamHandler):
    """mkdocs' warnings (and the plugin's) on standard error, as `wenquan` says things: "警告：…"."""

    def __init__(self) -> None:
        super().__init__()   # sys.stderr as it is when a record is emitted
        self.setLevel(logging.WARNING)
        self.setFormatter(logging.Formatter("警告：%(message)s"))
