"""Issue 20 goal 6: the sites do not depend on MkDocs. wenquan renders every page into a staging docs folder, and
MkDocs (the default) or Zensical (`wenquan build --renderer zensical`, no MkDocs plugin) renders that folder. Both
builds have the same pages with the same main text."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import TODAY, shipped_copy
from site_helpers import article
from wenquan.cli.main import cli
from wenquan.site import staging
from wenquan.site.build import build

# Builds four sites, two of them with Zensical, whose runtime waits forever under libfaketime: the main run has
# it, the faked-clock runs (`-m "not slow"`) leave it out.
pytestmark = pytest.mark.slow


def pages(site: Path) -> list[str]:
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))


def visible_article(path: Path) -> str:
    """The main text a reader sees: what the renderer marks hidden (Zensical keeps the hidden tags list) left out."""
    cleaned = path.with_name(path.name + ".visible")
    source = re.sub(r'<nav class="md-tags"[^>]*\bhidden\b[^>]*>.*?</nav>', "", path.read_text(encoding="utf-8"), flags=re.S)
    cleaned.write_text(source, encoding="utf-8")
    try:
        return article(cleaned)
    finally:
        cleaned.unlink()


@pytest.fixture(scope="module")
def both(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Path]]:
    root = shipped_copy(tmp_path_factory.mktemp("renderers") / "repo")
    out = tmp_path_factory.mktemp("out")
    return {audience: {"root": root,
                       "mkdocs": build(root, audience, out / f"{audience}-mkdocs", TODAY),
                       "zensical": build(root, audience, out / f"{audience}-zensical", TODAY, renderer="zensical")}
            for audience in ("public", "review")}


@pytest.mark.parametrize("audience", ["public", "review"])
def test_both_renderers_build_the_same_pages_with_the_same_text(both: dict[str, dict[str, Path]], audience: str) -> None:
    mkdocs_site, zensical_site = both[audience]["mkdocs"], both[audience]["zensical"]
    listed = pages(mkdocs_site)
    assert listed == pages(zensical_site)
    assert len([p for p in listed if p.startswith(("places/", "dossiers/"))]) >= 4      # a page for each example
    for page in listed:
        if page == "404.html":
            continue
        assert visible_article(mkdocs_site / page) == visible_article(zensical_site / page), page


def test_zensical_pages_use_wenquans_theme_and_zensicals_own_search(both: dict[str, dict[str, Path]]) -> None:
    site = both["public"]["zensical"]
    index = (site / "index.html").read_text(encoding="utf-8")
    assert '<html lang="zh-CN"' in index and "feed.xml" in index           # templates/theme overrides apply
    worker = re.search(r'"search":\s*"([^"]+)"', index)
    assert worker and "wenquan-search" not in worker.group(1)
    assert (site / worker.group(1).removeprefix("./")).is_file()
    review = (both["review"]["zensical"] / "index.html").read_text(encoding="utf-8")
    assert 'name="robots" content="noindex' in review and "内部资料" in review


def test_the_staging_folder_rewrites_only_what_changed(both: dict[str, dict[str, Path]]) -> None:
    """A second build writes no file: every page's content is what it was (the renderer sees nothing changed)."""
    root = both["public"]["root"]
    docs = staging.folder(root, "public")
    before = {p: p.stat().st_mtime_ns for p in docs.rglob("*") if p.is_file()}
    build(root, "public", root / "again", TODAY)
    assert {p: p.stat().st_mtime_ns for p in docs.rglob("*") if p.is_file()} == before
    place = root / "dossiers" / "hebei-xiongxian" / "dossier.yaml"
    place.write_text(place.read_text(encoding="utf-8").replace("temperature_c: 72", "temperature_c: 73"), encoding="utf-8")
    build(root, "public", root / "again", TODAY)
    after = {p: p.stat().st_mtime_ns for p in docs.rglob("*") if p.is_file()}
    changed = sorted(p.relative_to(docs).as_posix() for p in after if after[p] != before.get(p))
    assert "places/hebei-xiongxian.md" in changed and "banfa.md" not in changed and "places/jiangxi-wentang.md" not in changed


def test_wenquan_build_renderer_option(both: dict[str, dict[str, Path]], tmp_path: Path) -> None:
    root = both["public"]["root"]
    result = CliRunner().invoke(cli, ["-C", str(root), "--today", TODAY.isoformat(), "build", "--renderer", "zensical",
                                      "--out", str(tmp_path / "z")])
    assert result.exit_code == 0, result.output
    assert "（Zensical）" in result.output and (tmp_path / "z" / "index.html").is_file()
    assert CliRunner().invoke(cli, ["-C", str(root), "build", "--renderer", "hugo"]).exit_code == 2
