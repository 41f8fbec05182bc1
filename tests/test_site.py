"""The two sites built from the shipped examples with real `mkdocs build`: what each page says."""

from __future__ import annotations

import json
import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from conftest import ROOT, TODAY, git
from site_helpers import article, parse
from wenquan.rules.ruleset import Rules
from workflow_helpers import ok, wq

OFFICE = Rules.load(ROOT).data["notice"]["objections_to"]   # published as the registry says it

ATOM = "{http://www.w3.org/2005/Atom}"


def test_home_shows_the_open_notice_and_totals(sites: dict[str, Path]) -> None:
    text = article(sites["public"] / "index.html")
    assert "关于拟命名西安市为“中国温泉之都”的公示：公示期 2026-11-19 至 2026-11-27，还剩 5 个工作日" in text
    assert "共命名 2 处" in text
    # 雄县 36000 + 温汤镇 6500 m³/d; MW and coal from `wenquan check` (92.46 + 15.75 MW).
    assert "| " not in text and "中国温泉之乡 2 42,500" in text
    assert "考察：1 件" in text                  # 开封 is counted, not shown


def test_notice_is_an_official_notice(sites: dict[str, Path]) -> None:
    text = article(sites["public"] / "notices" / "shaanxi-xian" / "index.html")
    for expected in ("关于拟命名西安市为“中国温泉之都”的公示", "经陕西省矿业协会推荐", "公示期 2026-11-19 至 2026-11-27，2026-11-21（非工作日）之后还剩 5 个工作日。",
                     "可采热流体量 42,000 立方米/天", "命名矿水 氟水、锶水、硼水、硅水、温水", OFFICE["email"], OFFICE["phone"],
                     "中国矿业联合会秘书局", "二〇二六年十一月十六日", "地热资源丰富，城市地热供暖与温泉旅游规模大。"):
        assert expected in text, expected
    past = article(sites["public"] / "notices" / "hebei-xiongxian" / "index.html")
    assert "公示已结束" in past and "已于 2026-05-20 正式命名" in past


def test_notices_page_lists_open_and_past(sites: dict[str, Path]) -> None:
    text = article(sites["public"] / "notices" / "index.html")
    open_part, past_part = text.split("历次公示")
    assert "西安市" in open_part and "雄县" not in open_part
    assert "关于拟命名雄县为“中国温泉之乡”的公示：2026-04-27 至 2026-05-08；已命名" in past_part


def test_directory_lists_named_places_with_totals(sites: dict[str, Path]) -> None:
    page = sites["public"] / "places" / "index.html"
    text = article(page)
    assert "雄县 河北省 中国温泉之乡 2026-05-20 中矿联温泉〔2026〕乡字第001号 36,000 72 有效" in text
    assert "温汤镇 江西省 中国温泉之乡 2026-08-03 中矿联温泉〔2026〕乡字第002号 6500" in text
    assert "西安市" not in text                  # noticed, not yet named
    assert "wq-directory-filter" in page.read_text(encoding="utf-8")


def test_place_page(sites: dict[str, Path]) -> None:
    page = sites["public"] / "places" / "hebei-xiongxian" / "index.html"
    text = article(page)
    assert "已命名 2026-05-20 由中国矿业联合会命名为“中国温泉之乡”" in text
    assert "可采热流体量 36000 立方米/天" in text and "温度 72 摄氏度" in text
    assert "命名矿水 氟水、温水" in text
    assert "二〇二六年五月，中国矿业联合会命名雄县为“中国温泉之乡”。" in text          # the 碑文
    assert any(link.startswith("https://www.openstreetmap.org/?mlat=38.9950&mlon=116.1200") for link in parse(page).links)
    assert not (sites["public"] / "places" / "henan-kaifeng").exists()
    assert not (sites["public"] / "notices" / "henan-kaifeng").exists()
    open_notice = article(sites["public"] / "places" / "shaanxi-xian" / "index.html")
    assert "公示中" in open_notice and "碑文" not in open_notice


def test_rules_page_is_the_whole_text(sites: dict[str, Path]) -> None:
    text = article(sites["public"] / "banfa" / "index.html")
    for expected in ("一、命名“中国温泉之乡（城、都）”的申报条件", "5、地热流体（温泉）温度大于或等于 25 摄氏度；",
                     "附录 E 中国温泉之乡（城、都）评审标准", "偏硅酸 25 25 50 硅水"):
        assert expected in text, expected


def test_feed_and_index(sites: dict[str, Path]) -> None:
    feed = ET.parse(sites["public"] / "feed.xml").getroot()
    assert feed.tag == f"{ATOM}feed"
    entries = feed.findall(f"{ATOM}entry")
    assert [e.findtext(f"{ATOM}title") for e in entries] == [
        "关于拟命名西安市为“中国温泉之都”的公示", "关于拟命名温汤镇为“中国温泉之乡”的公示", "关于拟命名雄县为“中国温泉之乡”的公示"]
    site = "https://www.chinamining.org.cn/wenquan/"                     # mkdocs.yml site_url: links are absolute
    assert entries[0].find(f"{ATOM}link").get("href") == f"{site}notices/shaanxi-xian/"
    assert feed.find(f"{ATOM}link[@rel='self']").get("href") == f"{site}feed.xml"
    head = (sites["public"] / "index.html").read_text(encoding="utf-8")
    assert 'rel="alternate" type="application/atom+xml"' in head
    assert (sites["public"] / "sitemap.xml").read_text(encoding="utf-8").count(f"<loc>{site}") >= 8
    index = json.loads((sites["public"] / "dossiers.json").read_text(encoding="utf-8"))
    assert index["generated"] == TODAY.isoformat()
    places = {p["id"]: p for p in index["places"]}
    assert sorted(places) == ["hebei-xiongxian", "jiangxi-wentang", "shaanxi-xian"]
    assert places["hebei-xiongxian"]["certificate"] == "中矿联温泉〔2026〕乡字第001号"
    assert places["shaanxi-xian"]["notice"] == {"start": "2026-11-19", "end": "2026-11-27"}
    assert places["shaanxi-xian"]["named"] is None
    assert places["hebei-xiongxian"]["url"] == f"{site}places/hebei-xiongxian/"
    assert places["hebei-xiongxian"]["exploitable_mw"] == round(places["hebei-xiongxian"]["exploitable_mw"], 2)
    assert all(isinstance(p["extracted_co2_t_per_year"], int) for p in places.values())


def test_review_board(sites: dict[str, Path]) -> None:
    text = article(sites["review"] / "index.html")
    for expected in ("命名（2）", "公示（1）", "考察（1）", "henan-kaifeng 开封市 城 河南省 2026-10-26 6 个月审批时限 2027-03-28",
                     "shaanxi-xian 西安市 都 陕西省 2026-11-16 公示期结束 2026-11-27 1"):
        assert expected in text, expected


EMOJI = re.compile("[\u2600-\u27bf\U0001f000-\U0001faff\u2b50\u2b55\ufe0f\u200d]")


ENGLISH_UI = ("Search", "Permanent link", "Made with", "Not found", "Table of contents", "Back to top", "Skip to content",
              "Previous", "Next", "Copy to clipboard", "Initializing search", "Type to start searching", "No matching documents",
              "Share", "Clear", "Close", "Menu", "Navigation", "Header", "Footer", "Edit this page", "Last update", "Home")


def test_every_page_is_in_the_navigation(sites: dict[str, Path]) -> None:
    """Issue 18: no page is an orphan: each one is in the site's navigation (tabs and their sections)."""
    for site in ("public", "review"):
        home = (sites[site] / "index.html").read_text(encoding="utf-8")
        nav = home[home.index('md-nav--primary'):]
        tags = re.findall(r'<a\s[^>]*class="md-nav__link[^"]*"[^>]*>', nav)
        linked = {m.group(1).removeprefix("./").rstrip("/") for t in tags if (m := re.search(r'href="([^"#]*)"', t))}
        pages = {p.parent.relative_to(sites[site]).as_posix() for p in sites[site].rglob("index.html")} - {"."}
        missing = sorted(p for p in pages if p not in linked and not p.startswith("search"))
        assert missing == [], (site, missing)


def test_anchors_are_unique_and_meaningful(sites: dict[str, Path]) -> None:
    """Issue 18 item 9: no heading anchor is numbered (#_1, #a): two headings with one title get their own ids."""
    numbered = [(site, page.parent.name, found) for site in ("public", "review") for page in sites[site].rglob("*.html")
                for found in re.findall(r'<h[1-6] id="([^"]*_\d+)"', page.read_text(encoding="utf-8"))]
    assert numbered == []


def test_no_english_ui_string(sites: dict[str, Path]) -> None:
    """Issue 18 item 8: every word of the interface is Chinese, in text and in title, aria-label, placeholder, alt."""
    found = []
    for site in ("public", "review"):
        for page in sites[site].rglob("*.html"):
            source = re.sub(r"<script.*?</script>|<style.*?</style>|<svg.*?</svg>", "", page.read_text(encoding="utf-8"), flags=re.S)
            shown = [t.strip() for t in re.findall(r">([^<]+)<", source)]
            shown += re.findall(r'(?:title|aria-label|placeholder|alt)="([^"]*)"', source)
            found += [(site, page.name, text) for text in shown for w in ENGLISH_UI if re.search(rf"\b{w}\b", text)]
    assert found == []


def test_no_emoji_and_titles_follow_the_state(sites: dict[str, Path]) -> None:
    """Status marks are words in boxes (no emoji font on many government desktops); a place in 公示 is 拟命名."""
    for site in ("public", "review"):
        for page in sites[site].rglob("*.html"):
            found = EMOJI.search(page.read_text(encoding="utf-8"))
            assert found is None, f"{page}: {found.group()!r}"
    notice = article(sites["public"] / "places" / "shaanxi-xian" / "index.html")
    assert notice.startswith("西安市（拟命名“中国温泉之都”）")
    named = article(sites["public"] / "places" / "hebei-xiongxian" / "index.html")
    assert "Cl·HCO₃-Na" in named and "处采比 2.49 %" in named and "地理坐标" in named     # chemistry, units, 坐标
    assert named.startswith("中国温泉之乡（雄县）") and "碑文（草稿）" not in named and "供刻碑前审定" not in named
    for page, tab in (("notices/shaanxi-xian", "公示"), ("places/hebei-xiongxian", "名录")):   # the tab says where one is
        source = (sites["public"] / page / "index.html").read_text(encoding="utf-8")
        active = re.search(r'md-tabs__item--active">\s*<a[^>]*>\s*([^<]+?)\s*</a>', source)
        assert active is not None and active.group(1) == tab, page
        assert ("返回公示列表" if tab == "公示" else "返回名录") in source
    review = (sites["review"] / "index.html").read_text(encoding="utf-8")
    assert 'name="robots" content="noindex' in review and "内部资料" in review
    assert re.search(r"<title>[^<]*中国温泉之乡（城、都）审查</title>", review)   # mkdocs.review.yml, not the public config
    assert 'name="robots"' not in (sites["public"] / "index.html").read_text(encoding="utf-8")
    assert '<html lang="zh-CN"' in review and '<html lang="zh-CN"' in (sites["public"] / "index.html").read_text(encoding="utf-8")


def test_review_page_shows_everything(sites: dict[str, Path]) -> None:
    root = sites["root"]
    text = article(sites["review"] / "dossiers" / "shaanxi-xian" / "index.html")
    review = (root / "dossiers" / "shaanxi-xian" / "review.yaml").read_text(encoding="utf-8")
    assert "一、3 可采热流体量与行政级别 满足" in text
    hebei = article(sites["review"] / "dossiers" / "hebei-xiongxian" / "index.html")
    assert "图中的数据" in hebei and "年份 开采量（立方米） 回灌量（立方米） 平均水位（米） 平均温度（摄氏度） 2021" in hebei   # charts as a table too
    assert "可采热能热功率 136.36 兆瓦" in text
    assert "郑某（示例），电话 029-5550199" in text and "认为部分地热井回灌计量数据不完整" in text
    assert "周省荐" in text and "省矿联推荐" in text and "周省荐" in review
    assert "总分 100" in text and "专家组总分为各成员总分的平均值" in text
    assert "碑记（必备） materials/碑记.md 有" in text
    assert "dossier.yaml 第 " in text
    shas = git(root, "log", "--format=%h", "--abbrev=10", "--", "dossiers/shaanxi-xian").split()
    assert shas and all(sha in text for sha in shas)
    assert "评审 → 公示" in text


def test_review_charts_from_monitoring(sites: dict[str, Path]) -> None:
    folder = sites["review"] / "dossiers" / "hebei-xiongxian"
    for name in ("extraction.svg", "water-level.svg", "temperature.svg"):
        root = ET.parse(folder / name).getroot()
        assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert "XR-01" in (folder / "water-level.svg").read_text(encoding="utf-8")
    source = (folder / "index.html").read_text(encoding="utf-8")
    assert 'alt="开采量与回灌量（各年合计）"' in source and 'src="extraction.svg"' in source
    assert not (sites["review"] / "dossiers" / "shaanxi-xian" / "extraction.svg").exists()


def test_review_links_to_yaml_lines_on_the_forge(repo: Path) -> None:
    (repo / "mkdocs.yml").write_text((repo / "mkdocs.yml").read_text(encoding="utf-8")
                                     + "repo_url: https://github.com/example/wenquan-data\nedit_uri: edit/main/\n", encoding="utf-8")
    ok(repo, "build", "--audience", "review", "--on", TODAY.isoformat())
    links = parse(repo / "public-review" / "dossiers" / "hebei-xiongxian" / "index.html").links
    lines = (repo / "dossiers" / "hebei-xiongxian" / "dossier.yaml").read_text(encoding="utf-8").splitlines()
    first = next(i for i, line in enumerate(lines, 1) if line.startswith("fluid:"))
    assert any(link.startswith(f"https://github.com/example/wenquan-data/blob/main/dossiers/hebei-xiongxian/dossier.yaml#L{first}-L")
               for link in links)


def test_mkdocs_build_itself_gives_the_public_site(repo: Path) -> None:
    import subprocess
    import sys

    subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q"], cwd=repo, check=True, capture_output=True)
    assert (repo / "public" / "index.html").is_file()
    assert (repo / "public" / "feed.xml").is_file()
    # The fresh repository has no workflow records: nothing is public yet, and the home page says so.
    assert "目前没有正在公示的项目" in article(repo / "public" / "index.html")


def test_an_invalid_dossier_fails_the_build_naming_the_file(repo: Path) -> None:
    path = repo / "dossiers" / "hebei-xiongxian" / "dossier.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("temperature_c: 72", "temperature_c: 热"), encoding="utf-8")
    assert wq(repo, "build").exit_code == 0  # not yet submitted: a draft, left out of the site
    shutil.copy2(ROOT / "dossiers" / "hebei-xiongxian" / "workflow.yaml", path.parent / "workflow.yaml")  # submitted
    shutil.rmtree(repo / "public")
    result = wq(repo, "build")
    assert result.exit_code == 1
    assert "dossiers/hebei-xiongxian/dossier.yaml" in result.output and "fluid.temperature_c" in result.output
    assert not (repo / "public").exists()


@pytest.mark.parametrize("bad", ["2026-13-01", "明天"])
def test_build_date_is_checked(repo: Path, bad: str) -> None:
    result = wq(repo, "build", "--on", bad)
    assert result.exit_code == 2 and f"--on 的日期“{bad}”格式不对" in result.output
    assert not (repo / "public").exists()


def test_build_warns_while_the_objection_office_is_example_data(git_repo: Path, tmp_path: Path) -> None:
    # the shipped registry/rules.yaml has an example address and e-mail: every build says so, --strict refuses
    shipped = wq(git_repo, "build", "--out", str(tmp_path / "a"))
    assert shipped.exit_code == 0
    assert "警告：registry/rules.yaml notice.objections_to.address" in shipped.stderr
    assert "notice.objections_to.email：“wenquan@cnma.example.org” 仍是示例数据" in shipped.stderr
    assert "notice.objections_to.phone" not in shipped.stderr      # nothing marks the phone as an example
    strict = wq(git_repo, "build", "--strict", "--out", str(tmp_path / "b"))
    assert strict.exit_code == 1 and "--strict 模式下有 2 个警告" in strict.stderr
    rules = git_repo / "registry" / "rules.yaml"
    text = rules.read_text(encoding="utf-8")
    rules.write_text(text.replace("北京市西城区示例路 1 号（示例地址）", "北京市西城区某街 2 号")
                     .replace("wenquan@cnma.example.org", "wenquan@cnma.org.cn"), encoding="utf-8")
    real = wq(git_repo, "build", "--strict", "--out", str(tmp_path / "c"))
    assert real.exit_code == 0 and "警告" not in real.stderr


def test_every_build_names_the_renderers_end_of_life(git_repo: Path, tmp_path: Path) -> None:
    """Issue 20 goal 6: Material for MkDocs ends on 5 May 2027; each build says so and names Zensical."""
    result = ok(git_repo, "build", "--out", str(tmp_path / "public"))
    assert "2027 年 5 月 5 日停止维护" in result.stderr and "Zensical" in result.stderr
