"""Click's usage errors in Chinese: what is wrong with the command line, the command's usage and where the help is.
Click writes them in English ("Missing argument 'ID'."); the people who type these commands read Chinese."""

from __future__ import annotations

import re

import click

_MESSAGES = [
    (r"Missing argument '(.+)'\.", r"缺少参数 \1"),
    (r"Missing option '(.+)'\.", r"缺少选项 \1"),
    (r"No such option '(.+)'\. Did you mean '(.+)'\?", r"没有选项 \1，是不是 \2？"),
    (r"No such option '(.+)'\.", r"没有选项 \1"),
    (r"No such option: (.+)", r"没有选项 \1"),
    (r"Got unexpected extra arguments? \((.+)\)", r"多余的参数：\1"),
    (r"No such command '(.+)'\.", r"没有命令 \1"),
    (r"Option '(.+)' requires an argument\.", r"选项 \1 需要一个值"),
    (r"Option '(.+)' does not take a value\.", r"选项 \1 不带值"),
]
_VALUES = [
    (r"'(.*)' is not a valid integer( range)?\.", r"“\1”不是整数"),
    (r"'(.*)' is not a valid float( range)?\.", r"“\1”不是数字"),
    (r"(.+) is not in the range (.+)\.", r"\1 不在范围 \2 内"),
    (r"(?:File|Path|Directory) '(.+)' does not exist\.", r"\1 不存在"),
    (r"(?:File|Path) '(.+)' is a directory\.", r"\1 是文件夹"),
]


def _first(rules: list[tuple[str, str]], text: str) -> str | None:
    for pattern, shown in rules:
        if re.fullmatch(pattern, text, flags=re.S):
            return re.sub(pattern, shown, text, flags=re.S)
    return None


# What Click adds to a missing choice ("Missing option '--decision'. Choose from:\n\t成立,\n\t不成立"): the choices.
# A pattern's text, as every rule here: every command line loads this module, and only a usage error compiles it.
_CHOICES = r"(.+?)\s*Choose from:\s*(.*)"


def message(exc: click.UsageError) -> str:
    """The error in Chinese (unknown messages as Click wrote them)."""
    text = exc.format_message().strip()
    choices = re.fullmatch(_CHOICES, text, flags=re.S)
    if choices:
        listed = "、".join(c.strip() for c in choices.group(2).split(",\n") if c.strip())
        return f"{_message_of(choices.group(1))}（可选：{listed}）"
    return _message_of(text)


def _message_of(text: str) -> str:
    """One of Click's messages in Chinese, as Click wrote it where it is not known."""
    invalid = re.fullmatch(r"Invalid value for '(.+?)': (.+)", text, flags=re.S)
    if invalid:
        choice = re.fullmatch(r"""('(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*") is not (?:one of )?((?:'[^']*'(?:, )?)+)\.""",
                              invalid.group(2), flags=re.S)
        if choice:  # the value as Click wrote it (repr), then the choices
            import ast

            typed = "".join(c if c.isprintable() else repr(c)[1:-1] for c in ast.literal_eval(choice.group(1)))
            listed = "、".join(re.findall(r"'([^']*)'", choice.group(2)))
            return f"{invalid.group(1)} 的值无效：“{typed}”不是可选的值（可选：{listed}）"
        return f"{invalid.group(1)} 的值无效：{_first(_VALUES, invalid.group(2)) or invalid.group(2)}"
    return _first(_MESSAGES, text) or text


def shown(exc: click.UsageError) -> str:
    """What `wenquan` prints for a usage error: the error, then the usage line and the help command."""
    lines = [f"wenquan: 用法错误：{message(exc)}"]
    if exc.ctx is not None:
        usage = exc.ctx.get_usage()  # in Chinese already: every command's context is help_text's
        lines.append(f"{usage.strip()}（{exc.ctx.command_path} --help 查看说明）")
    return "\n".join(lines)
