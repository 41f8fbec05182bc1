"""The expert panel (管理办法 二、3): drawn reproducibly from the pool without conflicts, approved by the secretariat."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

from wenquan.errors import UserError
from wenquan.repo import registry_file
from wenquan.rules.ruleset import Rules, load_checked


def pool(root: Path) -> list[dict[str, Any]]:
    experts: list[dict[str, Any]] = load_checked(registry_file(root, "experts.yaml"), "experts", root, "registry/experts.yaml ")["experts"]
    return experts


def _employers(dossier: dict[str, Any]) -> set[str]:
    names = {dossier["applicant"]["name"]}
    names |= {row["unit"] for row in dossier.get("exploration_history") or []}
    names |= {p["holder"] for p in dossier.get("permits") or []}
    filing = dossier["resources"].get("filing") or {}
    names |= {filing[k] for k in ("reviewed_by", "filed_by") if filing.get(k)}
    return names


def conflict(expert: dict[str, Any], dossier: dict[str, Any], rules: Rules) -> str | None:
    """Why this pool expert may not sit on this dossier's panel, or None. The conflicts are the Association's
    policy, not the 办法's (释-08), each switchable in rules.yaml panel.conflicts."""
    conflicts = rules.data["panel"]["conflicts"]
    if conflicts["same_province"] and expert["province"] == dossier["applicant"]["province"]:
        return f"与申报地同在{expert['province']}（回避政策，释-08）"
    if conflicts["same_employer"] and expert["employer"] in _employers(dossier):
        return "工作单位与申报主体、勘查单位或矿业权人相同（回避政策，释-08）"
    return None


def draw(root: Path, dossier: dict[str, Any], rules: Rules, seed: str, provincial: list[str]) -> list[dict[str, Any]]:
    return draw_from(pool(root), dossier, rules, seed, provincial)


def draw_from(experts: list[dict[str, Any]], dossier: dict[str, Any], rules: Rules, seed: str, provincial: list[str]) -> list[dict[str, Any]]:
    """The members a seed draws from this pool: the same inputs always give the same panel (the audit redraws it)."""
    need = rules.level(dossier["level"])["pool_experts"]
    eligible = sorted((e for e in experts if e["active"] and conflict(e, dossier, rules) is None), key=lambda e: e["id"])
    if len(eligible) < need:
        raise UserError(f"专家库中无回避冲突的在库专家只有 {len(eligible)} 名，{rules.level(dossier['level'])['title']}需要 {need} 名")
    chosen = random.Random(seed).sample(eligible, need)
    members = [{"id": e["id"], "name": e["name"], "source": "pool"} for e in sorted(chosen, key=lambda e: e["id"])]
    members += [{"id": f"p{i}", "name": name, "source": "provincial"} for i, name in enumerate(provincial, 1)]
    return members


def problems(root: Path, dossier: dict[str, Any], rules: Rules, panel: dict[str, Any] | None) -> list[str]:
    """Everything that keeps this panel from going on the field inspection (the 考察 guard)."""
    if not panel or not panel.get("members"):
        return ["尚未抽取专家组（wenquan panel draw）"]
    out = []
    level = rules.level(dossier["level"])
    members = panel["members"]
    from_pool = [m for m in members if m["source"] == "pool"]
    provincial = [m for m in members if m["source"] == "provincial"]
    if len(from_pool) < level["pool_experts"]:
        out.append(f"专家库抽取的专家 {len(from_pool)} 名，{level['title']}至少需要 {level['pool_experts']} 名（管理办法 二、3）")
    wanted = rules.data["panel"]["provincial_experts"]
    if len(provincial) != wanted:
        out.append(f"省矿联推荐专家 {len(provincial)} 名，应为 {wanted} 名（管理办法 二、3）；抽取时用 --provincial 姓名,姓名")
    by_id = {e["id"]: e for e in pool(root)}
    for member in from_pool:
        expert = by_id.get(member["id"])
        if expert is None:
            out.append(f"专家 {member['id']} 不在专家库中")
        elif not expert["active"]:
            out.append(f"专家 {member['id']} 已不在库")
        else:
            why = conflict(expert, dossier, rules)
            if why:
                out.append(f"专家 {member['id']} 须回避：{why}")
    if not panel.get("approved"):
        out.append("专家组名单尚未经秘书局审核（wenquan panel approve）")
    return out
