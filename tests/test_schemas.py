"""The schemas and the rules file are contracts: check them as such."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from conftest import ROOT

SCHEMAS = sorted((ROOT / "schemas").glob("*.schema.json"))
CJK = re.compile(r"[\u4e00-\u9fff]")

# Every key path of dossier format v1 as DESIGN.md publishes it: other tools write dossiers against these.
DESIGN_V1_KEYS = [
    "schema_version",
    "level",
    "place",
    "applicant",
    "applicant.name",
    "applicant.kind",
    "applicant.province",
    "applicant.prefecture",
    "applicant.admin_level",
    "location",
    "location.longitude",
    "location.latitude",
    "area_km2",
    "area_km2.application",
    "area_km2.utilization",
    "area_km2.exploration",
    "springs",
    "springs.total",
    "springs.used",
    "springs.protection_zone",
    "wells",
    "wells.total",
    "wells.used",
    "wells.reinjection",
    "reservoir",
    "reservoir.layers",
    "reservoir.lithology",
    "reservoir.type",
    "reservoir.depth_m",
    "fluid",
    "fluid.temperature_c",
    "fluid.water_type",
    "fluid.tds_mg_per_l",
    "fluid.chemistry_mg_per_l",
    "fluid.chemistry_mg_per_l.偏硅酸",
    "fluid.chemistry_mg_per_l.氟",
    "fluid.chemistry_mg_per_l.溴",
    "fluid.chemistry_mg_per_l.锶",
    "fluid.chemistry_mg_per_l.偏硼酸",
    "fluid.radon_bq_per_l",
    "resources",
    "resources.exploration_degree",
    "resources.heat_in_place_1e15_kj",
    "resources.fluid_in_place_1e8_m3",
    "resources.fluid_in_place_avg_temp_c",
    "resources.exploitable_m3_per_day",
    "resources.exploitable_avg_temp_c",
    "resources.extracted_m3_per_day",
    "resources.extracted_avg_temp_c",
    "resources.filing",
    "resources.filing.report",
    "resources.filing.reviewed_by",
    "resources.filing.filed_by",
    "resources.filing.number",
    "resources.filing.date",
    "permits",
    "permits[].kind",
    "permits[].number",
    "permits[].holder",
    "permits[].valid_from",
    "permits[].valid_to",
    "operators",
    "operators.state_owned",
    "operators.joint_venture",
    "operators.private",
    "uses",
    "uses.heating",
    "uses.heating.water_m3_per_year",
    "uses.heating.reinjection_m3_per_year",
    "uses.heating.area_m2",
    "uses.power",
    "uses.power.water_m3_per_year",
    "uses.power.reinjection_m3_per_year",
    "uses.power.generation_kwh_per_year",
    "uses.therapy_beds",
    "uses.recreation_m2",
    "uses.hot_water_households",
    "uses.aquaculture_mu",
    "uses.greenhouse_m2",
    "uses.other",
    "uses.dominant",
    "reinjection_history",
    "reinjection_history[].year",
    "reinjection_history[].extracted_m3",
    "reinjection_history[].reinjected_m3",
    "employment",
    "employment.direct",
    "employment.indirect",
    "economics_10k_yuan",
    "economics_10k_yuan.direct",
    "economics_10k_yuan.indirect",
    "monitoring",
    "monitoring.points",
    "monitoring.points.extraction",
    "monitoring.points.temperature",
    "monitoring.points.water_level",
    "monitoring.points.reinjection",
    "monitoring.points.quality",
    "monitoring.since",
    "wastewater",
    "wastewater.treated_m3_per_day",
    "management",
    "management.agency",
    "management.affiliation",
    "management.staff",
    "management.staff.authorized",
    "management.staff.admin",
    "management.staff.technical",
    "management.staff.workers",
    "management.funding",
    "management.funding.source",
    "management.funding.amount_10k_yuan",
    "management.has_rules",
    "management.has_plan",
    "exploration_history",
    "exploration_history[].year",
    "exploration_history[].unit",
    "exploration_history[].work",
    "exploration_history[].result",
    "development_history",
    "development_history[].year",
    "development_history[].event",
    "narrative",
    "narrative.geology",
    "narrative.exploration",
    "narrative.resources",
    "narrative.development",
    "narrative.management",
    "narrative.assessment",
    "narrative.operators",
    "materials",
    "materials.application_letter",
    "materials.recommendation_letter",
    "materials.submission_letter",
    "materials.report",
    "materials.exploration_report",
    "materials.permits_copy",
    "materials.plan",
    "materials.benefit_analysis",
    "materials.monitoring_report",
    "materials.management_rules",
    "materials.stele_record",
    "materials.media",
    "contact",
    "contact.name",
    "contact.phone",
    "contact.email",
]


def load(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))


def properties(schema: dict[str, Any], prefix: str = "") -> Iterator[tuple[str, dict[str, Any]]]:
    for key, sub in schema.get("properties", {}).items():
        path = f"{prefix}.{key}" if prefix else key
        yield path, sub
        yield from properties(sub, path)
        items = sub.get("items", {})
        if isinstance(items, dict) and "properties" in items:
            yield from properties(items, path + "[]")


def objects(schema: Any) -> Iterator[dict[str, Any]]:
    if isinstance(schema, dict):
        if "properties" in schema:
            yield schema
        for value in schema.values():
            yield from objects(value)
    elif isinstance(schema, list):
        for value in schema:
            yield from objects(value)


@pytest.mark.parametrize("path", SCHEMAS, ids=lambda p: p.name)
def test_schema_is_valid_2020_12(path: Path) -> None:
    schema = load(path)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(schema)


@pytest.mark.parametrize("path", SCHEMAS, ids=lambda p: p.name)
def test_every_property_has_chinese_title_and_description(path: Path) -> None:
    for name, sub in properties(load(path)):
        assert CJK.search(sub.get("title", "")), f"{path.name}: {name} has no Chinese title"
        assert CJK.search(sub.get("description", "")), f"{path.name}: {name} has no Chinese description"


@pytest.mark.parametrize("path", SCHEMAS, ids=lambda p: p.name)
def test_every_object_is_closed(path: Path) -> None:
    for obj in objects(load(path)):
        assert obj.get("additionalProperties") is False, obj.get("title")


def test_every_dossier_quantity_states_its_unit() -> None:
    for name, sub in properties(load(ROOT / "schemas/dossier.schema.json")):
        kinds = sub.get("type", [])
        kinds = [kinds] if isinstance(kinds, str) else kinds
        if "number" in kinds or "integer" in kinds or (sub.get("items") or {}).get("type") == "number":
            assert "单位" in sub["description"], f"{name}: no unit in its description"


def test_design_v1_key_names_are_kept() -> None:
    schema_keys = {name for name, _ in properties(load(ROOT / "schemas/dossier.schema.json"))}
    missing = [k for k in DESIGN_V1_KEYS if k not in schema_keys]
    assert missing == []


def test_every_appendix_c_material_and_appendix_a_component() -> None:
    schema = load(ROOT / "schemas/dossier.schema.json")
    materials = schema["properties"]["materials"]["properties"]
    quoted = {re.search(r"附录C ([一二三四]、\d)", m["description"]).group(1) for m in materials.values()}
    assert quoted == {"一、1", "一、2", "一、3", "三、1", "三、2", "三、3", "三、4", "三、5", "三、6", "三、7", "三、8", "三、9", "四、2"}
    rules = yaml.safe_load((ROOT / "registry/rules.yaml").read_text(encoding="utf-8"))
    components = {c["name"] for c in rules["mineral_water"]["components"]} - {"氡"}
    chemistry = set(schema["properties"]["fluid"]["properties"]["chemistry_mg_per_l"]["properties"])
    assert chemistry == components
    assert "radon_bq_per_l" in schema["properties"]["fluid"]["properties"]


def test_rules_model_the_appendix_e_table() -> None:
    rules = yaml.safe_load((ROOT / "registry/rules.yaml").read_text(encoding="utf-8"))
    indicators = rules["review_rubric"]["indicators"]
    assert [i["id"] for i in indicators] == ["1.1", "1.2", "1.3", "1.4", "2.1", "2.2", "2.3", "3.1", "3.2", "3.3",
                                             "4.1", "4.2", "4.3", "5"]
    assert sum(i["max"] for i in indicators) == rules["review_rubric"]["total"] == 100
    assert rules["review_rubric"]["veto_below"] == 60
    assert all(i["max"] == max(i["levels"]) for i in indicators)
    items = rules["selfcheck_rubric"]["items"]
    assert len(items) == 18 and sum(i["max"] for i in items) == 100
    assert {k: v["min_exploitable_m3_per_day"] for k, v in rules["levels"].items()} == {"乡": 5000, "城": 10000, "都": 20000}
    assert [rules["levels"][k]["pool_experts"] for k in ("乡", "城", "都")] == [3, 5, 7]
    assert rules["notice"]["working_days"] == 7 and rules["approval_limit_months"] == 6
    assert rules["reinjection"]["ratio_by_lithology"]["白云岩"] == 0.90 and rules["reinjection"]["ratio_by_lithology"]["砂岩"] == 0.60


def test_expert_pool_is_large_and_spread() -> None:
    pool = yaml.safe_load((ROOT / "registry/experts.yaml").read_text(encoding="utf-8"))["experts"]
    assert len(pool) >= 20
    assert len({e["province"] for e in pool}) >= 15
    assert len({s for e in pool for s in e["specialties"]}) >= 8


def test_rules_semantic_checks_catch_a_broken_rubric(tmp_path: Path) -> None:
    from conftest import TODAY
    from wenquan.dossier.kinds import KINDS
    from wenquan.dossier.validate import validate_file
    from wenquan.repo import schemas_dir

    text = (ROOT / "registry/rules.yaml").read_text(encoding="utf-8")
    broken = text.replace('{id: "2.2", group: 开发利用技术水平, name: 基础设施建设, max: 5, levels: [5, 3, 1]}',
                          '{id: "2.2", group: 开发利用技术水平, name: 基础设施建设, max: 5, levels: [6, 3, 1]}')
    assert broken != text
    target = tmp_path / "rules.yaml"
    target.write_text(broken, encoding="utf-8")
    codes = sorted({d.code for d in validate_file(target, KINDS["rules"], schemas_dir(ROOT), TODAY)})
    assert codes == ["R302"]
