"""Every help screen in Chinese and within the terminal's width as it shows Chinese (cli/help_text.py)."""

from __future__ import annotations

import re

import click
import pytest
from click.testing import CliRunner

from wenquan import __version__
from wenquan.cli.help_text import _CLOSING, _OPENING, columns, wrap
from wenquan.cli.main import cli

ENGLISH = ("Usage:", "Options:", "Commands:", "Positional arguments", "Show this message", "Show the version",
           "default:", "required]", "env var:", "[OPTIONS]", "COMMAND [ARGS]")
TYPES = re.compile(r"\b(TEXT|INTEGER|FLOAT|DIRECTORY|FILE|PATH|BOOLEAN)\b")


def command_paths() -> list[list[str]]:
    """Every command under `wenquan`, nested groups' commands too, as the words that name it."""
    found: list[list[str]] = [[]]

    def walk(group: click.Group, path: list[str]) -> None:
        ctx = click.Context(group)
        for name in group.list_commands(ctx):
            command = group.get_command(ctx, name)
            assert command is not None, name
            found.append([*path, name])
            if isinstance(command, click.Group):
                walk(command, [*path, name])

    walk(cli, [])
    return found


PATHS = command_paths()


def test_every_command_is_walked() -> None:
    names = {" ".join(p) for p in PATHS}
    assert {"", "advance", "audit", "build", "export", "panel", "panel draw", "calendar", "forge"} <= names
    assert len(names) > 30


@pytest.mark.parametrize("path", PATHS, ids=lambda p: " ".join(p) or "wenquan")
def test_help_is_chinese_and_fits(path: list[str]) -> None:
    result = CliRunner().invoke(cli, [*path, "--help"], prog_name="wenquan", terminal_width=80)
    assert result.exit_code == 0, result.output
    text = result.stdout
    assert text.startswith(f"用法：wenquan {' '.join(path)}".rstrip() + " ")
    assert "\n选项：\n" in text
    assert "显示本说明并退出" in text
    for english in ENGLISH:
        assert english not in text, (english, text)
    for line in text.splitlines():
        if line.strip().startswith("-"):  # an option's own column: its names and the kind of value, in Chinese
            assert not TYPES.search(re.split(r"\s{2,}", line.strip())[0]), line
        # Only an option whose names and choices alone are longer than its column may run over (as click lets
        # it); everything else is wrapped to the terminal's 80 columns.
        if columns(line) > 80:
            assert re.fullmatch(r" +-\S.*", line) and columns(line.split("  ")[1] if "  " in line.strip() else line) > 40, line
    for line in text.splitlines():
        stripped = line.rstrip()
        assert not stripped or stripped[-1] not in _OPENING, line  # an opening bracket goes on with its words
        first = stripped.lstrip()[:1]
        assert not first or first not in _CLOSING - {")", "]", "}", ".", "%"}, line


def test_group_lists_each_command_with_its_first_sentence() -> None:
    text = CliRunner().invoke(cli, ["--help"], prog_name="wenquan", terminal_width=80).stdout
    assert "\n命令：\n" in text
    listed = text.split("\n命令：\n")[1]
    assert "..." not in listed  # click's cut at a character count, which falls mid-word in Chinese
    assert re.search(r"\n  audit +核对流程记录的每一项都由带匹配尾注的 wenquan 提交写入。\n", text)


def test_version_and_usage_errors_in_chinese() -> None:
    result = CliRunner().invoke(cli, ["--version"], prog_name="wenquan")
    assert result.stdout == f"wenquan {__version__}\n"
    result = CliRunner().invoke(cli, ["advance"], prog_name="wenquan")
    assert result.exit_code == 2
    assert "用法：wenquan advance [选项] ID STATE（wenquan advance --help 查看说明）" in result.stderr
    result = CliRunner().invoke(cli, ["panel", "draw"], prog_name="wenquan")
    assert "用法：wenquan panel draw [选项] ID" in result.stderr


def test_options_column_says_the_kind_of_value_and_extras_in_chinese() -> None:
    text = CliRunner().invoke(cli, ["export", "--help"], prog_name="wenquan", terminal_width=80).stdout
    assert re.search(r"\n  -o, --output 文本 +输出文件或文件夹", text)
    assert "[默认：md]" in text
    assert "--year 整数" in text
    text = CliRunner().invoke(cli, ["bot", "--help"], prog_name="wenquan", terminal_width=80).stdout
    assert "[必填]" in text and "--event 文件" in text


def test_wrap_counts_two_columns_for_chinese() -> None:
    text = "把申报推进到下一状态（中文状态名或 submit、recommend、inspect、review、notice、name、reject、withdraw）。"
    lines = wrap(text, 40)
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")
    assert all(columns(line) <= 40 for line in lines), lines
    assert len(lines) == 3
    assert all(re.search(r"(^|[\s（、])" + word + r"($|[\s、）])", " ".join(lines)) for word in ("submit", "recommend", "withdraw"))


def test_wrap_keeps_punctuation_where_it_belongs() -> None:
    assert wrap("一二三四五，六七", 10) == ["一二三四", "五，六七"]  # a comma never begins a line, nor overflows one
    assert wrap("一二三四，五六", 10) == ["一二三四，", "五六"]
    assert wrap("一二三四（五六", 10) == ["一二三四", "（五六"]  # an opening bracket goes with what follows
    assert wrap("mkdocs build 之后", 12) == ["mkdocs build", "之后"]  # a word is never cut
    assert wrap("averyveryverylongword 字", 8) == ["averyveryverylongword", "字"]  # longer than a line: alone
    assert wrap("", 10) == [""]
    assert wrap("公文格式） [默认：md]", 12) == ["公文格式）", "[默认：md]"]  # a bracketed extra stays whole
    # a placeholder is part of the word it stands in; a word set close after Chinese never begins a line with its
    # punctuation, and one ending in an opening bracket never ends a line
    assert wrap("材料（reports/<年度>-annual.yaml）", 20) == ["材料", "（reports/<年度>-annual.yaml）"]
    assert wrap("一二三四五.yaml 六", 10) == ["一二三四", "五.yaml 六"]
    assert wrap("一二三四 a/< 五", 10) == ["一二三四", "a/< 五"]
    assert wrap("一二三 .yaml", 8) == ["一二三", ".yaml"]  # after a space, a word may begin a line whatever it starts with
    assert wrap("（averyveryverylongword）", 8) == ["（averyveryverylongword）"]  # nothing may stand alone: it runs over
    assert columns("温泉ab") == 6


@pytest.mark.parametrize("path", [[], ["panel"], ["calendar"]], ids=lambda p: " ".join(p) or "wenquan")
def test_a_group_typed_alone_shows_its_help_not_an_error(path: list[str]) -> None:
    result = CliRunner().invoke(cli, path, prog_name="wenquan", terminal_width=80)
    assert "用法错误" not in result.output
    assert result.stderr.startswith(f"用法：wenquan {' '.join(path)}".rstrip() + " [选项] 命令 [参数]...")
    assert "\n命令：\n" in result.stderr


def test_click_extras_in_chinese_whatever_their_combination() -> None:
    from wenquan.cli.help_text import _description

    assert _description("说明  [default: md; required]") == "说明  [默认：md；必填]"
    assert _description("年度 [2000<=x<=2100; required]") == "年度 [2000<=x<=2100；必填]"  # after a range
    assert _description("说明  [default: 3]") == "说明  [默认：3]"
    assert _description("说明  [env var: WENQUAN_TODAY; default: 3; required]") == "说明  [环境变量：WENQUAN_TODAY；默认：3；必填]"
    assert _description("说明  [1<=x<=4]") == "说明  [1<=x<=4]"  # a range is no word: as it stands
