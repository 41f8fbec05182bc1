"""The mkdocs plugin: generates the public or the review site's pages at build time.

mkdocs.yml:
    plugins:
      - search: {lang: zh}
      - wenquan: {audience: public}      # or review; `on: 2026-11-21` fixes "today"

Nothing generated is written into docs_dir (site/): the pages, feed.xml, dossiers.json and charts, with the
hand-written files, go to the staging folder build/staging/<audience>/docs (`staging`), and mkdocs renders that
folder, as Zensical does (`wenquan build --renderer zensical`). Only files whose content changed are rewritten.
"""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path
from typing import Any

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.pages import Page

from wenquan import clock
from wenquan.documents.templating import template_dirs
from wenquan.errors import WenquanError
from wenquan.site import memo, staging
from wenquan.site.pages import AUDIENCES, Output, render
from wenquan.workflow import places
from wenquan.workflow.places import SiteData

# Issue 20 goal 6: the renderer has an end date; every build says so (INFO: not a warning, `--strict` still passes).
RENDERER_NOTICE = ("Material for MkDocs 将于 2027 年 5 月 5 日停止维护，其后继为 Zensical（PyPI 上的 zensical）；"
                   "Zensical 读取 mkdocs.yml，但不运行 MkDocs 插件，而 MkDocs 自 2024 年以来没有新版本")
LOG = logging.getLogger("mkdocs.plugins.wenquan")  # under "mkdocs": counted by `mkdocs build --strict`
WATCHED = ("dossiers", "registry", "schemas")        # templates: every folder template_dirs() reads


class WenquanConfig(Config):
    audience = c.Choice(AUDIENCES, default="public")
    on = c.Optional(c.Type(str))


def repo_blob(config: MkDocsConfig) -> str | None:
    """The forge's file view: `repo_url` + `edit_uri` with edit/ turned into blob/ (GitHub, GitLab, Gitea)."""
    if not config.repo_url:
        return None
    edit = (config.edit_uri or "edit/main/").replace("edit/", "blob/", 1)
    return config.repo_url.rstrip("/") + "/" + edit.lstrip("/")


def _teach_segmenter(data: SiteData) -> None:
    """Chinese search: mkdocs-material segments page text with jieba at build time; place and applicant
    names are rarely in its dictionary (温汤镇 would be cut in two), so add them before pages are indexed."""
    try:
        import jieba
    except ImportError:
        return
    jieba.setLogLevel(logging.WARNING)
    for place in data.places:
        for word in (place.dossier["place"],):
            jieba.add_word(word, freq=100000)


def _material_worker() -> str | None:
    """The file name of Material's search worker (search.<hash>.min.js), which wenquan's worker loads and wraps."""
    import material

    found = sorted(Path(material.__file__).parent.glob("templates/assets/javascripts/workers/search.*.min.js"))
    return found[0].name if found else None


def _theme(config: MkDocsConfig, root: Path, audience: str, data: SiteData) -> None:
    """wenquan's theme overrides (templates/theme: the Chinese 404 page, the footer, the review site's noindex
    and 内部 banner) before Material's own; what they show comes from mkdocs.yml extra and rules.yaml."""
    for folder in reversed(template_dirs(root)):
        theme = folder / "theme"
        if theme.is_dir() and str(theme) not in config.theme.dirs:
            config.theme.dirs.insert(0, str(theme))
    extra = config.extra
    extra["wenquan"] = {"audience": audience, "publisher": extra.get("publisher") or "中国矿业联合会",
                        "contact": data.rules.data["notice"].get("objections_to"), "icp": extra.get("icp"),
                        "search_worker": _material_worker()}
    extra["generator"] = False


class WenquanPlugin(BasePlugin[WenquanConfig]):
    def __init__(self) -> None:
        super().__init__()
        self.output: Output | None = None
        self.error: WenquanError | None = None    # kept for `wenquan build`, which reports it as itself
        self.source_docs: str | None = None       # docs_dir as mkdocs.yml gives it (the build reads the staging folder)
        self.serving = False                      # `mkdocs serve` keeps places and pages for its next build

    def on_startup(self, *, command: str, dirty: bool) -> None:
        """Defining this hook makes mkdocs keep one plugin object for all builds of a process (`mkdocs serve`'s
        rebuilds, or several `wenquan build`s): on_config starts each build afresh."""
        self.serving = command == "serve"

    def today(self) -> dt.date:
        if not self.config.on:
            return clock.today()
        try:
            return dt.date.fromisoformat(self.config.on)
        except ValueError:
            raise PluginError(f"mkdocs.yml: 插件 wenquan 的 on 应写作 YYYY-MM-DD，实际为“{self.config.on}”") from None

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        root = Path(config.config_file_path).resolve().parent
        audience = self.config.audience
        self.error, self.output = None, None
        try:
            data = SiteData.load(root, self.today(), timeline=audience == "review")
            self.output = render(data, audience, config.site_url, repo_blob(config))
        except WenquanError as exc:
            self.error = exc
            raise PluginError(f"wenquan：{exc}") from exc
        if audience == "public":
            for value in data.rules.example_contacts():
                LOG.warning(f"{value} 仍是示例数据，会作为异议受理方式公布在每份公示上：发布前请改为真实的联系方式")
        LOG.info(RENDERER_NOTICE)
        self.source_docs = config.docs_dir
        config.docs_dir = str(staging.materialise(root, audience, self.output, Path(config.docs_dir)).docs)
        if not config.nav:
            config.nav = self.output.nav
        _theme(config, root, audience, data)
        _teach_segmenter(data)
        if not self.serving:  # a single build: what is staged is on disk, and mkdocs holds every page as well (issue 20 goal 5)
            self.output = None
            places.forget()
            memo.forget()
        return config

    def on_post_page(self, output: str, /, *, page: Page, config: MkDocsConfig) -> str:
        """A single build lets go of a page's Markdown and HTML once its file is written: mkdocs would otherwise hold
        every page to the end of the build, beside the search index it writes then."""
        if not self.serving:
            page.markdown, page.content = None, None
        return output

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        """`mkdocs serve` watches docs_dir once the first build is done: the hand-written folder, not the staging one
        each build rewrites."""
        if self.source_docs is not None:
            config.docs_dir = self.source_docs

    def on_serve(self, server: Any, *, config: MkDocsConfig, builder: Any) -> Any:
        root = Path(config.config_file_path).resolve().parent
        for name in WATCHED:
            if (root / name).is_dir():
                server.watch(str(root / name))
        for folder in template_dirs(root):
            server.watch(str(folder))
        return server
