"""Documents (issue 6): every document of every example as Markdown (golden files) and as Word (read back)."""

from __future__ import annotations

import os
import re
import shutil
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import ROOT, TODAY
from wenquan.cli.main import cli
from wenquan.documents.export import DOCS, SELFCHECK_DOCS, default_name, export, markdown
from wenquan.rules.ruleset import Rules

EXAMPLES = ("hebei-xiongxian", "henan-kaifeng", "jiangxi-wentang", "shaanxi-xian")
NAMED = ("hebei-xiongxian", "jiangxi-wentang")
PAIRS = [(d, doc) for d in EXAMPLES for doc in sorted(DOCS) if d in NAMED or doc not in SELFCHECK_DOCS]
GOLDEN = ROOT / "tests" / "golden" / "docs"
REGENERATE = os.environ.get("WENQUAN_REGENERATE_GOLDEN") == "1"


def docx_paragraphs(path: Path) -> list[tuple[str, str]]:
    """(paragraph style, text) of every paragraph of a Word file, table cells included."""
    with zipfile.ZipFile(path) as z:
        xml = z.read("word/document.xml").decode("utf-8")
    out = []
    for body in re.findall(r"<w:p>(.*?)</w:p>|<w:p [^>]*>(.*?)</w:p>", xml, re.S):
        inner = body[0] or body[1]
        style = re.search(r'<w:pStyle w:val="([^"]+)"', inner)
        texts = re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", inner)
        text = "".join(texts).replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"').replace("&amp;", "&")
        out.append((style.group(1) if style else "", text))
    return out


def docx_text(path: Path) -> str:
    return "\n".join(text for _, text in docx_paragraphs(path))


@pytest.mark.parametrize("dossier_id, doc", PAIRS)
def test_markdown_matches_golden(dossier_id: str, doc: str) -> None:
    text = markdown(ROOT, dossier_id, doc, TODAY)
    golden = GOLDEN / dossier_id / f"{doc}.md"
    if REGENERATE:
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(text, encoding="utf-8")
    assert golden.is_file(), f"missing golden file {golden} (WENQUAN_REGENERATE_GOLDEN=1 writes it)"
    assert text == golden.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def word(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], Path]:
    out = tmp_path_factory.mktemp("docx")
    return {(d, doc): export(ROOT, d, doc, "docx", out, TODAY) for d, doc in PAIRS}


@pytest.mark.parametrize("dossier_id", EXAMPLES)
def test_every_docx_is_in_the_official_style(word: dict[tuple[str, str], Path], dossier_id: str) -> None:
    for doc in [doc for d, doc in PAIRS if d == dossier_id]:
        path = word[(dossier_id, doc)]
        assert path.name == default_name(dossier_id, doc, "docx")
        with zipfile.ZipFile(path) as z:
            styles = z.read("word/styles.xml").decode("utf-8")
            document = z.read("word/document.xml").decode("utf-8")
        assert re.search(r'<w:pgSz w:h="16838" w:w="11906"\s*/>|<w:pgSz w:w="11906" w:h="16838"\s*/>', document)  # A4
        assert 'w:top="2098"' in document and 'w:left="1587"' in document        # 37 mm, 28 mm
        paragraphs = docx_paragraphs(path)
        assert paragraphs[0][0] == "Title", (doc, paragraphs[0])
        title_style = re.search(r'w:styleId="Title".*?</w:style>', styles, re.S)
        assert title_style and "方正小标宋简体" in title_style.group(0) and 'w:sz w:val="44"' in title_style.group(0)
        body = re.search(r'w:styleId="BodyText".*?</w:style>', styles, re.S)
        assert body and 'w:eastAsia="仿宋"' in body.group(0) and 'w:sz w:val="32"' in body.group(0)
        h1 = re.search(r'w:styleId="Heading1".*?</w:style>', styles, re.S)
        h2 = re.search(r'w:styleId="Heading2".*?</w:style>', styles, re.S)
        assert h1 and "黑体" in h1.group(0) and h2 and "楷体" in h2.group(0)


def test_application_form_labels_and_figures(word: dict[tuple[str, str], Path]) -> None:
    text = docx_text(word[("hebei-xiongxian", "application")])
    for label, value in [("可采热流体量（立方米/天）", "36,000"), ("热储存总量（×10¹⁵ 千焦）", "2.35"),
                         ("地热井总数（个）", "86"), ("回灌井（个）", "38"), ("合计（人）", "6800"),
                         ("合计（万元/年）", "79,000"), ("供暖灌采比", "96%"),
                         ("管理机构名称", "雄县地热资源管理办公室"), ("东经（度）", "115.92–116.32")]:
        assert f"{label}\n{value}" in text, label
    order = ["一、基本情况", "地热（温泉）地质条件概述", "地热资源勘查概况及主要成果", "地热资源量及其地热地质勘查程度",
             "开发利用状况", "地热资源管理情况", "综合评价", "主要开发利用单位简介",
             "推荐意见", "评审专家组意见", "审批意见"]
    form = text[text.index("中国温泉之乡（城、都）申报表\n一、基本情况"):]         # after the cover and 填表说明
    for group in ("开发利用单位", "主要用途", "现有从业人员", "主要经济效益", "动态监测"):   # 附件1's group headings
        assert f"\n{group}\n" in form
    positions = [form.index(part) for part in order]
    assert positions == sorted(positions)                           # 附件1's own order
    assert text.index("填表说明") < text.index("一、基本情况")           # 附件1 keeps its 填表说明 before the table
    assert "河北省矿业协会（公章）" in text and "2026年3月10日" in text
    assert "中矿联温泉〔2026〕乡字第001号" in text and "2026年5月20日" in text and "〇" not in text   # GB/T 9704-2012 7.3.5: Arabic numerals
    assert "73.4 分" in text      # sheets of 75, 72, 75, 70 and 75 (e14's corrected on 2026-11-21)


def test_application_before_any_decision_leaves_the_boxes_open(word: dict[tuple[str, str], Path]) -> None:
    text = docx_text(word[("henan-kaifeng", "application")])
    assert "（尚未评审）" in text and "（尚未审批）" in text
    assert "河南省矿业协会" in text                                   # recommended already


def test_review_sheet_means_and_total(word: dict[tuple[str, str], Path]) -> None:
    import yaml

    review = yaml.safe_load((ROOT / "dossiers" / "hebei-xiongxian" / "review.yaml").read_text(encoding="utf-8"))
    sheets = review["scores"]
    mean_12 = sum(s["scores"]["1.2"] for s in sheets) / len(sheets)
    total = sum(sum(s["scores"].values()) for s in sheets) / len(sheets)
    text = docx_text(word[("hebei-xiongxian", "review-sheet")])
    assert f"1.2 可采地热流体量\n10\n10 分\n{mean_12:.1f}" in text      # 36000 m³/d: above 30000, 附录E 1.2 gives 10
    assert f"总分\n100\n\n{total:.1f}" in text
    assert "指标 1.2：给 8 分，按申报数据为 10 分。理由：两眼生产井抽水试验的降深超出设计值" in text
    assert "一、资源条件\n30" in text and "五、绿色生态环境优美景区建设情况\n5" in text
    blank = docx_text(word[("henan-kaifeng", "review-sheet")])
    assert "1.2 可采地热流体量\n10\n6 分\n\n" in blank and "专家组尚未评分" in blank   # 16000 m³/d → 6


def test_notice_states_basis_figures_period_and_issuer(word: dict[tuple[str, str], Path]) -> None:
    text = docx_text(word[("shaanxi-xian", "notice")])
    office = Rules.load(ROOT).data["notice"]["objections_to"]    # whatever the registry says, published as it is
    for part in ("管理办法二、5", "可采热流体量", "42,000", "2026年11月19日至2026年11月27日",
                 "7 个工作日", office["office"], office["email"], office["phone"]):
        assert part in text, part
    assert docx_paragraphs(word[("shaanxi-xian", "notice")])[-1] == ("Signature", "2026年11月16日")
    draft = docx_paragraphs(word[("henan-kaifeng", "notice")])
    assert ("Subtitle", "草稿") in draft and "自　　年　月　日" not in docx_text(word[("shaanxi-xian", "notice")])


def test_stele_covers_the_four_contents(word: dict[tuple[str, str], Path]) -> None:
    text = docx_text(word[("hebei-xiongxian", "stele")])
    # 1 勘查史: units, work, results, years
    assert "一九七五年，河北省地矿局第三水文地质工程地质大队开展地热普查，发现牛驼镇地热田" in text
    # 2 资源量、水温、水质及动态
    assert "可采热流体量每日3.6万立方米" in text and "水温72摄氏度" in text and "氟水" in text and "年均水位" in text
    # 3 开发历史、现状
    assert "一九九八年第一眼地热供暖井建成" in text and "供暖面积650万平方米" in text
    # 4 命名的时间、单位、称号
    assert "二〇二六年五月，中国矿业联合会命名雄县为“中国温泉之乡”" in text
    assert "草稿" not in text and "拟命名" not in text
    draft = docx_text(word[("shaanxi-xian", "stele")])
    assert "草稿" in draft and "中国矿业联合会拟命名" in draft


def test_plan_outline_computes_table_1(word: dict[tuple[str, str], Path]) -> None:
    # Hand figures for 雄县: 已有 36000 m³/d × 365 = 1314 万 m³/年 at 68 ℃ → Q = 416.67 L/s,
    # MW = 4.1868 × 416.67 × (68 − 15) / 1000 = 92.46, 标煤 = 1793 × 92.46 = 165778 t.
    # 增加 219 万 m³/年 at 74 ℃ → 69.44 L/s, 17.15 MW, 30758 t. 累计 1533 万 at (1314·68 + 219·74)/1533 = 68.9 ℃.
    text = docx_text(word[("hebei-xiongxian", "plan-outline")])
    assert "开采区·已有探明或验证可采量\n1314.0\n68.0\n92.46\n165778" in text
    assert "开采区·增加探明或验证可采量\n219.0\n74.0\n17.15\n30758" in text
    assert "开采区·累计探明或验证可采量\n1533.0\n68.9\n109.61\n196536" in text
    assert "达到“中国温泉之乡”的最低限量 5000 立方米/天" in text
    missing = docx_text(word[("shaanxi-xian", "plan-outline")])
    assert "区域预测资源总量\n（未填报）" in missing and "缺少规划期增加的探明或验证可采量" in missing


def test_report_outline_follows_attachment_2(word: dict[tuple[str, str], Path]) -> None:
    text = docx_text(word[("jiangxi-wentang", "report-outline")])
    headings = ["1.1 位置", "1.2 资源勘查", "1.3 地热田", "1.4 科学研究", "2.1 区域地质背景", "2.4 地热资源储量",
                "2.6 动态特征", "3.4 开发利用的经济", "4.2 动态监测", "4.4 废弃水处理", "5.3 开发利用规划"]
    positions = [text.index(h) for h in headings]
    assert positions == sorted(positions)
    assert "（待编写：科学研究概况）" in text
    assert "宜春" in text or "温汤" in text


# --- the command ---------------------------------------------------------------------------------------

def test_cli_exports_one_and_all(tmp_path: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(cli, ["-C", str(ROOT), "export", "hebei-xiongxian", "stele", "--format", "docx",
                                 "-o", str(tmp_path / "碑文.docx"), "--on", "2026-11-21"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "碑文.docx").is_file()
    result = runner.invoke(cli, ["-C", str(ROOT), "export", "--all", "notice", "-o", str(tmp_path), "--on", "2026-11-21"])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in tmp_path.glob("*.md")) == sorted(default_name(d, "notice", "md") for d in EXAMPLES)
    result = runner.invoke(cli, ["-C", str(ROOT), "export", "jiangxi-wentang", "review-sheet", "-o", "-", "--on", "2026-11-21"])
    assert result.exit_code == 0 and result.output == markdown(ROOT, "jiangxi-wentang", "review-sheet", TODAY)


@pytest.mark.parametrize("args, code, message", [
    (["export", "stele"], 2, "用法"),
    (["export", "--all", "hebei-xiongxian", "stele"], 2, "用法"),
    (["export", "hebei-xiongxian", "minutes"], 2, "没有名为“minutes”的文书"),
    (["export", "nowhere", "stele"], 1, "没有编号为“nowhere”的申报材料"),
    (["export", "hebei-xiongxian", "stele", "--format", "docx", "-o", "-"], 2, "-o -"),
    (["export", "hebei-xiongxian", "stele", "--on", "2026-13-01"], 2, "--on"),
])
def test_cli_refusals(args: list[str], code: int, message: str) -> None:
    result = CliRunner().invoke(cli, ["-C", str(ROOT), *args])
    assert result.exit_code == code, result.output
    assert message in result.output


def test_invalid_dossier_is_refused_and_nothing_written(repo: Path, tmp_path: Path) -> None:
    path = repo / "dossiers" / "hebei-xiongxian" / "dossier.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("exploitable_m3_per_day: 36000", "exploitable_m3_per_day: 很多"),
                    encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    result = CliRunner().invoke(cli, ["-C", str(repo), "export", "hebei-xiongxian", "application", "--format", "docx", "-o", str(out)])
    assert result.exit_code == 1
    assert "dossier.yaml:" in result.output and "exploitable_m3_per_day" in result.output
    assert list(out.iterdir()) == []


def test_reference_docx_is_reproducible(tmp_path: Path) -> None:
    from wenquan.documents.wordfile import build_reference

    build_reference(tmp_path / "reference.docx")
    with zipfile.ZipFile(tmp_path / "reference.docx") as fresh, zipfile.ZipFile(ROOT / "templates" / "reference.docx") as shipped:
        for name in ("word/styles.xml", "word/document.xml"):
            assert fresh.read(name) == shipped.read(name), name


def test_a_repository_template_overrides_the_shipped_one(repo: Path) -> None:
    (repo / "templates" / "docs").mkdir(parents=True)
    shutil.copy2(ROOT / "templates" / "docs" / "stele.md.j2", repo / "templates" / "docs" / "stele.md.j2")
    with (repo / "templates" / "docs" / "stele.md.j2").open("a", encoding="utf-8") as handle:
        handle.write("\n立碑单位：{{ d.applicant.name }}\n")
    assert "立碑单位：雄县人民政府" in markdown(repo, "hebei-xiongxian", "stele", TODAY)


def test_stele_length_limit_comes_from_rules(repo: Path) -> None:
    rules = repo / "registry" / "rules.yaml"
    rules.write_text(rules.read_text(encoding="utf-8").replace("max_chars: 600", "max_chars: 120"), encoding="utf-8")
    text = markdown(repo, "hebei-xiongxian", "stele", TODAY)
    assert "超过规定的 120 字上限" in text
    assert "上限" not in markdown(ROOT, "hebei-xiongxian", "stele", TODAY)
