"""Facts about China that validation needs: province-level divisions and the national bounding box."""

from __future__ import annotations

# The 34 province-level administrative divisions, by full name.
PROVINCES: tuple[str, ...] = (
    "北京市", "天津市", "河北省", "山西省", "内蒙古自治区", "辽宁省", "吉林省", "黑龙江省", "上海市", "江苏省",
    "浙江省", "安徽省", "福建省", "江西省", "山东省", "河南省", "湖北省", "湖南省", "广东省", "广西壮族自治区",
    "海南省", "重庆市", "四川省", "贵州省", "云南省", "西藏自治区", "陕西省", "甘肃省", "青海省", "宁夏回族自治区",
    "新疆维吾尔自治区", "台湾省", "香港特别行政区", "澳门特别行政区",
)

# Decimal degrees enclosing the whole territory (mainland, islands, South China Sea).
LONGITUDE = (73.0, 136.0)
LATITUDE = (3.0, 54.0)


def suggest_province(name: str) -> str | None:
    """The full name a short or misspelt province most likely means ("河北" -> "河北省")."""
    for full in PROVINCES:
        if name and (full.startswith(name) or name.startswith(full[:2])):
            return full
    return None
