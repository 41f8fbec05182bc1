"""The command line through click's CliRunner, in temporary copies of a repository."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import click
import pytest
import yaml
from click.testing import CliRunner

from wenquan.cli.main import cli

HEBEI = "dossiers/hebei-xiongxian/dossier.yaml"


def run(repo: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["-C", str(repo), *args])
    return result.exit_code, result.stdout, result.stderr


def break_dossier(repo: Path) -> None:
    path = repo / HEBEI
    text = path.read_text(encoding="utf-8")
    text = text.replace("wells: {total: 86, used: 80,", "wells: {total: 86, used: 96,")
    text = text.replace("  lithology: 白云岩", "  lithology: 石灰岩")
    path.write_text(text, encoding="utf-8")


def test_validate_everything_ok(repo: Path) -> None:
    code, out, err = run(repo, "validate")
    assert code == 0, out + err
    assert out == ""
    assert "检查了 9 个文件：0 个错误，0 个警告" in err


def test_validate_text_names_file_line_code_field(repo: Path) -> None:
    break_dossier(repo)
    code, out, _ = run(repo, "validate")
    assert code == 1
    lines = out.strip().splitlines()
    assert lines[0].startswith(f"{repo / HEBEI}:15:") or lines[0].startswith(f"{HEBEI}:15:")
    assert re.search(r":15:\d+: 错误 \[D201\] wells\.used: 已利用地热井数（96）不能多于地热井总数（86）", out)
    assert re.search(r":18:\d+: 错误 \[S103\] reservoir\.lithology: 热储岩性：", out)


def test_validate_json(repo: Path) -> None:
    break_dossier(repo)
    code, out, _ = run(repo, "validate", "--format", "json")
    assert code == 1
    data = json.loads(out)
    assert [(d["line"], d["code"], d["severity"], d["field"]) for d in data] == [
        (15, "D201", "error", "wells.used"), (18, "S103", "error", "reservoir.lithology")]
    assert set(data[0]) == {"path", "line", "column", "severity", "code", "field", "message"}


def test_validate_github_annotations(repo: Path) -> None:
    break_dossier(repo)
    code, out, _ = run(repo, "validate", "--format", "github")
    assert code == 1
    first = out.splitlines()[0]
    assert re.fullmatch(r"::error file=[^,]*dossier\.yaml,line=15,col=\d+,title=D201 wells\.used::已利用地热井数.*", first)


def test_github_escaping() -> None:
    from wenquan.dossier.diagnostics import Diagnostic
    from wenquan.dossier.reporters import github_line

    line = github_line(Diagnostic("a,b:c.yaml", 3, 4, "warning", "D209", "x", "50%\n下一行"))
    assert line == "::warning file=a%2Cb%3Ac.yaml,line=3,col=4,title=D209 x::50%25%0A下一行"


def test_strict_fails_on_warnings(repo: Path) -> None:
    path = repo / HEBEI
    path.write_text(path.read_text(encoding="utf-8").replace("  extracted_m3_per_day: 20100", "  extracted_m3_per_day: 40100"),
                    encoding="utf-8")
    assert run(repo, "validate")[0] == 0
    code, out, _ = run(repo, "validate", "--strict")
    assert code == 1 and "警告 [D209]" in out


def test_validate_named_paths_and_folders(repo: Path) -> None:
    break_dossier(repo)
    assert run(repo, "validate", str(repo / "dossiers/henan-kaifeng/dossier.yaml"))[0] == 0
    code, out, _ = run(repo, "validate", str(repo / "dossiers"))
    assert code == 1 and "D201" in out
    code, out, err = run(repo, "validate", str(repo / "README-none.md"))
    assert code == 1 and "不存在" in err
    (repo / "notes.txt").write_text("x", encoding="utf-8")
    code, out, _ = run(repo, "validate", str(repo / "notes.txt"))
    assert code == 1 and "[V001]" in out


def test_root_found_from_subfolder(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(repo / "dossiers" / "henan-kaifeng")
    result = CliRunner().invoke(cli, ["validate"])
    assert result.exit_code == 0, result.output
    assert "检查了 9 个文件" in result.stderr


def test_outside_a_repository_is_a_user_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["validate"])
    assert result.exit_code == 1
    assert "不在 wenquan 仓库中" in result.stderr
    assert "Traceback" not in result.output


def test_usage_errors_exit_2(repo: Path) -> None:
    assert run(repo, "validate", "--format", "xml")[0] == 2
    assert run(repo, "validate", "--today", "yesterday")[0] == 2
    assert run(repo, "no-such-command")[0] == 2
    assert run(repo, "new", "abc-def")[0] == 2  # --level and --place are required


def test_a_bug_exits_3_with_traceback(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import wenquan.dossier.validate

    def broken(*args: object, **kwargs: object) -> None:
        raise ZeroDivisionError("boom")

    monkeypatch.setattr(wenquan.dossier.validate, "validate_targets", broken)
    code, out, err = run(repo, "validate")
    assert code == 3
    assert "内部错误" in err and "ZeroDivisionError" in err


def test_new_scaffolds_every_key(repo: Path) -> None:
    code, out, _ = run(repo, "new", "hubei-yingcheng", "--level", "城", "--place", "应城市")
    assert code == 0, out
    path = repo / "dossiers/hubei-yingcheng/dossier.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.splitlines()[0] == "# yaml-language-server: $schema=../../schemas/dossier.schema.json"
    data = yaml.safe_load(text)
    schema = json.loads((repo / "schemas/dossier.schema.json").read_text(encoding="utf-8"))

    def keys(s: dict, node: object, where: str) -> None:
        if "properties" in s:
            assert isinstance(node, dict), where
            assert set(node) == set(s["properties"]), where
            for k, sub in s["properties"].items():
                keys(sub, node[k], f"{where}.{k}")
        elif "properties" in s.get("items", {}):
            assert isinstance(node, list) and len(node) == 1, where
            keys(s["items"], node[0], where + "[0]")

    keys(schema, data, "")
    assert data["level"] == "城" and data["place"] == "应城市" and data["schema_version"] == 1
    assert data["fluid"]["temperature_c"] is None
    # it loads without YAML-level errors; what is left is the applicant's to fill in
    code, out, _ = run(repo, "validate", str(path), "--format", "json")
    found = json.loads(out)
    assert code == 1
    assert found and not [d for d in found if d["code"].startswith("Y")]
    assert {"S100", "S103", "S107"} >= {d["code"] for d in found if d["code"].startswith("S")}


def test_new_refuses_bad_id_and_existing(repo: Path) -> None:
    code, _, err = run(repo, "new", "Bad_ID", "--level", "乡", "--place", "某镇")
    assert code == 1 and "小写英文字母" in err
    assert not (repo / "dossiers/Bad_ID").exists()
    before = (repo / HEBEI).read_bytes()
    code, _, err = run(repo, "new", "hebei-xiongxian", "--level", "乡", "--place", "雄县")
    assert code == 1 and "已存在" in err
    assert (repo / HEBEI).read_bytes() == before


def test_parallel_validation_reports_what_serial_does(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import shutil

    import wenquan.dossier.validate as core
    import wenquan.workers as workers
    from conftest import TODAY

    source = repo / "dossiers/hebei-xiongxian"
    for i in range(70):
        shutil.copytree(source, repo / f"dossiers/copy-{i:03d}")
    broken = repo / "dossiers/copy-042/dossier.yaml"
    broken.write_text(broken.read_text(encoding="utf-8").replace("  lithology: 白云岩", "  lithology: 石灰岩"), encoding="utf-8")
    targets = core.default_targets(repo)
    assert len(targets) >= workers.PARALLEL_FROM
    monkeypatch.setattr(workers, "WORKERS", 2)  # parallel even on a one-CPU machine, where the default is serial
    parallel = core.validate_targets(targets, repo, TODAY)
    monkeypatch.setattr(workers, "PARALLEL_FROM", 10**9)
    serial = core.validate_targets(targets, repo, TODAY)
    assert parallel.diagnostics == serial.diagnostics
    assert [(Path(d.path).parent.name, d.code) for d in parallel.diagnostics] == [("copy-042", "S103")]


@pytest.mark.parametrize(("args", "said"), [
    (["advance"], "缺少参数 ID"), (["advance", "x", "申报", "extra"], "多余的参数：extra"),
    (["advance", "--nope"], "没有选项 --nope，是不是 --note？"), (["nosuch"], "没有命令 nosuch"),
    (["export", "x", "y", "--format", "pdf"], "--format 的值无效：“pdf”不是可选的值（可选：md、docx）"),
    (["resolve", "x", "1", "--note", "n"], "缺少选项 --decision（可选：成立、不成立）"),
    (["new", "x", "--place", "p"], "缺少选项 --level（可选：乡、城、都）"),
    (["object", "x", "--channel", "a', \"b"], "--channel 的值无效：“a', \"b”不是可选的值（可选：信函、电话、邮件、网站）"),
    (["advance", "x", "撤销", "--ground", "9"], "--ground 的值无效：9 不在范围"), (["check", "x", "--on"], "选项 --on 需要一个值"),
])
def test_usage_errors_are_said_in_chinese(repo: Path, args: list[str], said: str) -> None:
    """A mistyped command line is answered in Chinese, with the command's usage and its help, exit code 2."""
    code, out, err = run(repo, *args)
    assert code == 2 and f"wenquan: 用法错误：{said}" in err, err
    assert "Error:" not in err and "Usage:" not in err


def _commands(command: click.Command, path: list[str]) -> list[tuple[list[str], click.Command]]:
    if isinstance(command, click.Group):
        return [found for name in command.list_commands(click.Context(command))
                for found in _commands(command.get_command(click.Context(command), name), [*path, name])]  # type: ignore[arg-type]
    return [(path, command)]


def test_no_usage_error_of_any_command_is_in_english(repo: Path) -> None:
    """Every command, given nothing, an unknown option, too many arguments, and each option with a bad value or
    none, answers in Chinese: no English word but the command line's own (its names, options, metavars, the
    values typed) reaches the reader."""
    known: set[str] = set()
    lines: list[list[str]] = []
    for path, command in _commands(cli, []):
        known.update(w for part in path for w in re.findall(r"[A-Za-z]+", part))
        lines += [path, [*path, "--bogus"], [*path, *"abcdef"]]
        for param in command.params:
            choices = list(param.type.choices) if isinstance(param.type, click.Choice) else []
            names = [param.metavar or "", param.human_readable_name, *param.opts, *map(str, choices)]
            known.update(w for name in names for w in re.findall(r"[A-Za-z]+", name))
            if isinstance(param, click.Option) and not param.is_flag:
                lines += [[*path, "x", param.opts[0], "zz"], [*path, "x", param.opts[0]]]
    assert len(lines) > 150
    from wenquan.documents.export import DOCS

    known.update(w for name in DOCS for w in re.findall(r"[A-Za-z]+", name))  # what `export` takes as DOC
    known.update(("wenquan", "cli", "help", "git", "init", "rev", "parse", "Word", "Excel", "YYYY", "yaml", "docx", "xlsx",
                  "hebei", "xiongxian", "dossiers", "zz", "bogus"))  # programs, formats and examples named to the reader
    english = []
    for args in lines:
        code, _, err = run(repo, *args)
        words = set(re.findall(r"[A-Za-z]{3,}", err.replace(str(repo), ""))) - known
        if code == 3 or (code and words):  # a line that worked (build, status) says what it did, not what was wrong
            english.append((args, code, sorted(words), err))
    assert english == [], "\n".join(f"{a} {c} {w} {e!r}" for a, c, w, e in english)


def test_each_commands_module_loads_when_the_command_is_asked_for() -> None:
    """The group names every command (help lists them all) but loads a command's module only when it is asked for
    (main.LAZY): the map names exactly the commands each module defines, and a fresh process that runs one command
    has loaded no other command's module."""
    import importlib

    from wenquan.cli import main as cli_main

    for name, module in cli_main.LAZY.items():
        assert name in [c.name for c in importlib.import_module(f"wenquan.cli.{module}").COMMANDS]
    for module in set(cli_main.LAZY.values()):
        assert {c.name for c in importlib.import_module(f"wenquan.cli.{module}").COMMANDS} == {n for n, m in cli_main.LAZY.items() if m == module}
    ctx = click.Context(cli_main.cli)
    listed = cli_main.cli.list_commands(ctx)
    assert {"audit", "advance", "validate", "build", "export", "bot", "forge"} <= set(listed)
    assert all(cli_main.cli.get_command(ctx, name) is not None for name in listed)
    loaded = subprocess.run([sys.executable, "-c", "import sys\nfrom wenquan.cli.main import cli\ncli.get_command(None, 'validate')\n"
                             "print(' '.join(sorted(m for m in sys.modules if m.startswith('wenquan.cli.'))))"],
                            capture_output=True, text=True, check=True).stdout.split()
    assert "wenquan.cli.dossier" in loaded and "wenquan.cli.workflow" in loaded
    assert not {f"wenquan.cli.{m}" for m in cli_main.LAZY.values() if m != "dossier"} & set(loaded)
