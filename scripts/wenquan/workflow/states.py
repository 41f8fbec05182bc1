"""The states of an application and the transitions between them (管理办法 二、三、四)."""

from __future__ import annotations

from wenquan.errors import UsageError

STATES = ("申报", "推荐", "考察", "评审", "公示", "命名", "否决", "撤回", "整改", "撤销")
ALIASES = {"submit": "申报", "recommend": "推荐", "inspect": "考察", "review": "评审", "notice": "公示", "name": "命名",
           "reject": "否决", "withdraw": "撤回", "rectify": "整改", "revoke": "撤销"}
BEFORE_NAMING = ("申报", "推荐", "考察", "评审", "公示")

# state -> the states it may move to; None is a dossier not yet submitted. Nothing follows 否决, 撤回 or 撤销.
ALLOWED: dict[str | None, tuple[str, ...]] = {
    None: ("申报",),
    "申报": ("推荐", "撤回"),
    "推荐": ("考察", "撤回"),
    "考察": ("评审", "撤回"),
    "评审": ("公示", "否决", "撤回"),
    "公示": ("命名", "否决", "撤回", "公示"),   # 公示 again: corrected and noticed anew after an upheld objection (释-06)
    "命名": ("整改", "撤销"),
    "整改": ("命名", "撤销"),
    "否决": (),
    "撤回": (),
    "撤销": (),
}

NEXT_STEP = {
    None: "提交申报（wenquan advance ID 申报）",
    "申报": "省矿业协会初步核实后推荐（advance ID 推荐）",
    "推荐": "抽取并审核专家组（panel draw / panel approve），然后进入实地考察（advance ID 考察）",
    "考察": "记录实地考察（inspect），收齐评审表（score），然后进入评审（advance ID 评审）",
    "评审": "总分不低于 60 分则公示（advance ID 公示 --start 日期），否则否决",
    "公示": "公示期满且无待处理、成立的异议后命名（advance ID 命名）；异议成立的，否决或更正后重新公示（释-06）",
    "命名": "按年报、中评估要求接受检查",
    "整改": "整改完成后恢复命名（advance ID 命名），限期不改则撤销",
    "否决": "流程已结束",
    "撤回": "流程已结束",
    "撤销": "流程已结束",
}


def parse_state(word: str) -> str:
    if word in STATES:
        return word
    if word.lower() in ALIASES:
        return ALIASES[word.lower()]
    raise UsageError(f"不认识的状态“{word}”；可用：" + "、".join(STATES) + "，或 " + "、".join(ALIASES))


def shown(state: str | None) -> str:
    return state or "未申报"
