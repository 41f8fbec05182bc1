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
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.pages import Page

from wenquan import clock, workers
from wenquan.documents.templating import template_dirs
from wenquan.errors import WenquanError
from wenquan.site import memo, search_index, staging, watching
from wenquan.site.pages import AUDIENCES, render
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


def _teach_segmenter(words: list[str]) -> None:
    """Chinese search: mkdocs-material segments page text with jieba at build time; place and applicant
    names are rarely in its dictionary (温汤镇 would be cut in two), so add them before pages are indexed."""
    try:
        import jieba
    except ImportError:
        return
    jieba.setLogLevel(logging.WARNING)
    for word in words:
        jieba.add_word(word, freq=100000)


@dataclass(frozen=True)
class Prepared:
    """What mkdocs needs of wenquan's part of a build: the staged docs folder, the nav, and a few names."""

    docs: str
    nav: list[Any]
    example_contacts: list[str]
    contact: Any
    words: list[str]


def _prepare(root: Path, audience: str, today: dt.date, site_url: str | None, blob: str | None, docs_src: Path,
             keep: bool) -> Prepared:
    """Read the dossiers, make the pages and stage them. The places are not kept once this returns: the next build
    of `mkdocs serve` takes them from the user's cache (workflow/place_cache.py), reading again only a changed
    dossier, rather than holding a thousand in memory (issue 20 goal 5). `keep`: `mkdocs serve` keeps the pages
    made from them (a changed place's pages are made again, goal 4); a single build lets go of them."""
    data = SiteData.load(root, today, timeline=audience == "review")
    output = render(data, audience, site_url, blob)
    docs = str(staging.materialise(root, audience, output, docs_src).docs)
    prepared = Prepared(docs, output.nav, data.rules.example_contacts() if audience == "public" else [],
                        data.rules.data["notice"].get("objections_to"), [p.dossier["place"] for p in data.places])
    if not keep:
        memo.forget()
    return prepared


def _material_worker() -> str | None:
    """The file name of Material's search worker (search.<hash>.min.js), which wenquan's worker loads and wraps."""
    import material

    found = sorted(Path(material.__file__).parent.glob("templates/assets/javascripts/workers/search.*.min.js"))
    return found[0].name if found else None


def _theme(config: MkDocsConfig, root: Path, audience: str, contact: Any) -> None:
    """wenquan's theme overrides (templates/theme: the Chinese 404 page, the footer, the review site's noindex
    and 内部 banner) before Material's own; what they show comes from mkdocs.yml extra and rules.yaml."""
    for folder in reversed(template_dirs(root)):
        theme = folder / "theme"
        if theme.is_dir() and str(theme) not in config.theme.dirs:
            config.theme.dirs.insert(0, str(theme))
    extra = config.extra
    extra["wenquan"] = {"audience": audience, "publisher": extra.get("publisher") or "中国矿业联合会",
                        "contact": contact, "icp": extra.get("icp"),
                        "search_worker": _material_worker()}
    extra["generator"] = False


class WenquanPlugin(BasePlugin[WenquanConfig]):
    def __init__(self) -> None:
        super().__init__()
        self.error: WenquanError | None = None    # kept for `wenquan build`, which reports it as itself
        self.source_docs: str | None = None       # docs_dir as mkdocs.yml gives it (the build reads the staging folder)
        self.serving = False                      # `mkdocs serve` keeps the pages for its next build
        self.search_paused: Any = None            # Material's search plugin, its index written here (until shutdown)
        self.rebuilt: set[str] = set()            # the URLs of the pages this build rendered (a dirty rebuild: a few)
        self.spool: search_index.Spool | None = None  # this build's search entries, out of memory (search_index)
        self.kept: search_index.Spool | None = None   # the last build's, for `mkdocs serve --dirty` to merge with

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
        self.error = None
        self.rebuilt = set()
        self._resume_search()
        self._drop_spool()
        prepare = partial(_prepare, root, audience, self.today(), config.site_url, repo_blob(config), Path(config.docs_dir),
                          keep=self.serving)
        try:
            # A single build reads the dossiers and stages the pages in a child process: all it hands back is the nav
            # and a few names, so mkdocs renders in a process that never held them (issue 20 goal 5).
            prepared = prepare() if self.serving else workers.in_child(prepare)
        except WenquanError as exc:
            self.error = exc
            raise PluginError(f"wenquan：{exc}") from exc
        for value in prepared.example_contacts:
            LOG.warning(f"{value} 仍是示例数据，会作为异议受理方式公布在每份公示上：发布前请改为真实的联系方式")
        LOG.info(RENDERER_NOTICE)
        self.source_docs = config.docs_dir
        config.docs_dir = prepared.docs
        if not config.nav:
            config.nav = prepared.nav
        _theme(config, root, audience, prepared.contact)
        _teach_segmenter(prepared.words)
        return config

    def on_post_page(self, output: str, /, *, page: Page, config: MkDocsConfig) -> str:
        """A page's Markdown and HTML are let go of once its file is written, and its search entries are moved to
        the spool: mkdocs and Material would otherwise hold every page and every entry to the end of the build.
        (`mkdocs serve` makes its Page objects afresh for each build, and a dirty rebuild reads again the pages it
        renders.)"""
        page.markdown, page.content = None, None
        self.rebuilt.add(page.url)
        search = search_index.search_plugin(config.plugins)
        if search is not None:
            if self.spool is None:
                self.spool = search_index.Spool()
            self.spool.take(search.search_index, page.url)
        return output

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        """`mkdocs serve` watches docs_dir once the first build is done: the hand-written folder, not the staging one
        each build rewrites. The search index is written from the spool in Material's place (a dirty rebuild's
        merged by page with the previous build's, kept in a spool of its own for the next rebuild)."""
        if self.source_docs is not None:
            config.docs_dir = self.source_docs
        search = search_index.search_plugin(config.plugins)
        if search is not None:
            spool, self.spool = self.spool or search_index.Spool(), None
            previous, self.kept = (self.kept if search.is_dirty else None), None
            try:
                self.kept = search_index.write(search.search_index, Path(config.site_dir), spool, previous, self.rebuilt,
                                               keep=search.is_dirty)
            finally:
                if previous is not None:
                    previous.remove()
            search.config.enabled = False  # its own write of the same file, for this build only
            self.search_paused = search

    def on_shutdown(self) -> None:
        self._resume_search()
        self._drop_spool()
        if self.kept is not None:
            self.kept.remove()
            self.kept = None

    def _drop_spool(self) -> None:
        """A build that stopped before its end leaves its spool: the next build starts a new one."""
        if self.spool is not None:
            self.spool.remove()
            self.spool = None

    def _resume_search(self) -> None:
        if self.search_paused is not None:
            self.search_paused.config.enabled = True
            self.search_paused = None

    def on_serve(self, server: Any, *, config: MkDocsConfig, builder: Any) -> Any:
        root = Path(config.config_file_path).resolve().parent
        for name in WATCHED:
            if (root / name).is_dir():
                server.watch(str(root / name))
        for folder in template_dirs(root):
            server.watch(str(folder))
        watching.use_file_events(server)  # not a snapshot of every dossier file polled twice a second
        return server
