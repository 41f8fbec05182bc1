"""Checks on the registry files beyond their schemas (codes R3xx)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from wenquan.dossier import china
from wenquan.dossier.diagnostics import WARNING, Diagnostic
from wenquan.dossier.dossier_checks import get
from wenquan.dossier.loader import Document


def check_rules(doc: Document) -> list[Diagnostic]:
    return list(_rules(doc))


def _rules(doc: Document) -> Iterator[Diagnostic]:
    data = doc.data
    for rubric, key in (("review_rubric", "indicators"), ("selfcheck_rubric", "items")):
        rows = get(data, rubric, key)
        total = get(data, rubric, "total")
        if not isinstance(rows, list):
            continue
        seen: set[str] = set()
        points = 0
        for i, row in enumerate(rows):
            if not isinstance(row, dict):
                continue
            ident, top = row.get("id"), row.get("max")
            if ident in seen:
                yield doc.diag((rubric, key, i, "id"), "R301", f"指标编号 {ident} 重复")
            seen.add(str(ident))
            if isinstance(top, int):
                points += top
            levels = row.get("levels")
            if isinstance(levels, list) and isinstance(top, int):
                for j, level in enumerate(levels):
                    if isinstance(level, int) and level > top:
                        yield doc.diag((rubric, key, i, "levels", j), "R302", f"分值 {level} 超过该项满分 {top}")
                if top not in levels:
                    yield doc.diag((rubric, key, i, "levels"), "R302", f"允许的分值中缺少满分 {top}")
            yield from _scored(doc, (rubric, key, i), row, levels)
        if isinstance(total, int) and points != total:
            yield doc.diag((rubric, "total"), "R303", f"各项满分之和为 {points}，与总分 {total} 不符")
    levels = get(data, "levels")
    if isinstance(levels, dict):
        thresholds = [get(levels, k, "min_exploitable_m3_per_day") for k in ("乡", "城", "都")]
        if all(isinstance(t, (int, float)) for t in thresholds) and not thresholds[0] < thresholds[1] < thresholds[2]:
            yield doc.diag(("levels",), "R304", "可采量门槛应满足 乡 < 城 < 都", severity=WARNING)


def _scored(doc: Document, path: tuple[Any, ...], row: dict[str, Any], levels: Any) -> Iterator[Diagnostic]:
    allowed = set(levels) if isinstance(levels, list) else set()
    scores: list[tuple[tuple[Any, ...], Any]] = [(("criteria", k), v) for k, v in (row.get("criteria") or {}).items()]
    scores += [(("brackets", j, "score"), b.get("score")) for j, b in enumerate(row.get("brackets") or []) if isinstance(b, dict)]
    for sub, score in scores:
        if allowed and score not in allowed:
            yield doc.diag(path + sub, "R302", f"得分 {score} 不在该项允许的分值 {sorted(allowed, reverse=True)} 之中")
    for j, bracket in enumerate(row.get("brackets") or []):
        if isinstance(bracket, dict):
            low, high = bracket.get("above"), bracket.get("below")
            if isinstance(low, (int, float)) and isinstance(high, (int, float)) and low >= high:
                yield doc.diag(path + ("brackets", j), "R305", f"分档下限 {low} 应小于上限 {high}")


def check_roles(doc: Document) -> list[Diagnostic]:
    """registry/roles.yaml: provinces by their full names; one login, one role."""
    out = []
    provincial = get(doc.data, "provincial")
    seen: dict[str, str] = {login: "秘书局" for login in get(doc.data, "secretariat") or [] if isinstance(login, str)}
    for province, logins in (provincial.items() if isinstance(provincial, dict) else []):
        if province not in china.PROVINCES:
            hint = china.suggest_province(province)
            out.append(doc.diag(("provincial", province), "R313", f"“{province}”不是省级行政区全称" + (f"，是不是“{hint}”？" if hint else "")))
        for i, login in enumerate(logins if isinstance(logins, list) else []):
            if isinstance(login, str) and login in seen:
                out.append(doc.diag(("provincial", province, i), "R314", f"账号 {login} 已是{seen[login]}的账号：一个账号只担任一种角色"))
            elif isinstance(login, str):
                seen[login] = f"{province}矿业协会"
    return out


def check_experts(doc: Document) -> list[Diagnostic]:
    return list(_experts(doc))


def _experts(doc: Document) -> Iterator[Diagnostic]:
    rows = get(doc.data, "experts")
    if not isinstance(rows, list):
        return
    seen: dict[str, int] = {}
    for i, row in enumerate(rows):
        if not isinstance(row, dict):
            continue
        ident = row.get("id")
        if isinstance(ident, str):
            if ident in seen:
                yield doc.diag(("experts", i, "id"), "R311", f"专家编号 {ident} 重复（第 {doc.where(('experts', seen[ident]))[0]} 行已有）")
            else:
                seen[ident] = i
        province = row.get("province")
        if isinstance(province, str) and province not in china.PROVINCES:
            hint = china.suggest_province(province)
            yield doc.diag(("experts", i, "province"), "R312", f"“{province}”不是省级行政区全称" + (f"，是不是“{hint}”？" if hint else ""))
