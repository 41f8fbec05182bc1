"""`wenquan bot` (issue 19): recorded webhook payloads, shaped as GitHub's documented examples, against real git
repositories. Who may do what, the same commits as the CLI plus the comment's trailers, an answer per command,
idempotent redelivery, the branch a command lands on, and nothing from the comment ever reaching a shell."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from conftest import git
from workflow_helpers import GOOD, ID, commits, members, ok, to_inspection, wq

SECRETARY, HEBEI, HENAN, STRANGER = "cnma-sec", "hebei-assoc", "henan-assoc", "someone-else"
URL = "https://github.com/cnma/wenquan-data/pull/7#issuecomment-{id}"


@pytest.fixture
def forge_repo(git_repo: Path) -> Path:
    """The test repository with its roles: the secretariat, two provincial associations, every expert's login."""
    (git_repo / "registry" / "roles.yaml").write_text(yaml.safe_dump(
        {"schema_version": 1, "secretariat": [SECRETARY], "provincial": {"河北省": [HEBEI], "河南省": [HENAN]}},
        allow_unicode=True), encoding="utf-8")
    path = git_repo / "registry" / "experts.yaml"
    experts = yaml.safe_load(path.read_text(encoding="utf-8"))
    for expert in experts["experts"]:
        expert["forge_login"] = f"expert-{expert['id']}"
    path.write_text(yaml.safe_dump(experts, allow_unicode=True, sort_keys=False), encoding="utf-8")
    git(git_repo, "commit", "-qam", "角色")
    return git_repo


def comment(tmp: Path, login: str, body: str, ident: int = 1001, action: str = "created", private: bool = True,
            pr: bool = False) -> Path:
    """An issue_comment payload as GitHub documents it (the fields wenquan reads, and a few it does not)."""
    payload: dict[str, Any] = {
        "action": action,
        "issue": {"number": 7, "title": "申报", **({"pull_request": {"url": "https://api.github.com/repos/cnma/wenquan-data/pulls/7"}} if pr else {})},
        "comment": {"id": ident, "body": body, "html_url": URL.format(id=ident), "user": {"login": login, "type": "User"}},
        "repository": {"full_name": "cnma/wenquan-data", "private": private, "default_branch": "main"},
        "sender": {"login": login}}
    path = tmp / f"event-{ident}-{action}.json"
    path.write_text(json.dumps(payload, ensure_ascii=False), encoding="utf-8")
    return path


def review(tmp: Path, login: str, body: str, head: str, ident: int = 2001) -> Path:
    payload = {"action": "submitted",
               "review": {"id": ident, "body": body, "html_url": URL.format(id=ident), "user": {"login": login}},
               "pull_request": {"number": 7, "head": {"ref": head}, "base": {"ref": "main"}},
               "repository": {"full_name": "cnma/wenquan-data", "private": True, "default_branch": "main"}}
    path = tmp / f"review-{ident}.json"
    path.write_text(json.dumps(payload, ensure_ascii=False), encoding="utf-8")
    return path


def bot(root: Path, event: Path, *extra: str, name: str = "issue_comment") -> tuple[Any, str]:
    reply = event.with_suffix(".md")
    result = wq(root, "bot", "--event", str(event), "--event-name", name, "--reply", str(reply), *extra)
    return result, reply.read_text(encoding="utf-8") if reply.exists() else ""


def last_message(root: Path) -> str:
    return git(root, "log", "-1", "--format=%B")


def test_the_secretariat_advances_and_the_commit_says_who_and_where(forge_repo: Path, tmp_path: Path) -> None:
    before = commits(forge_repo)
    result, reply = bot(forge_repo, comment(tmp_path, SECRETARY, f"好的。\n/wenquan advance {ID} 申报 --date 2026-03-02\n谢谢"))
    assert result.exit_code == 0, result.output
    assert commits(forge_repo) == before + 1
    message = last_message(forge_repo)
    for trailer in (f"Dossier: {ID}", "Transition: - -> 申报", f"Actor-Login: {SECRETARY}", f"Source: {URL.format(id=1001)}",
                    "Comment-Id: 1001", "Comment-Command: 1"):
        assert trailer in message, trailer
    assert "**已完成**" in reply and "分支 ` main `" in reply
    ok(forge_repo, "audit")


def test_a_redelivered_comment_records_once(forge_repo: Path, tmp_path: Path) -> None:
    event = comment(tmp_path, SECRETARY, f"/wenquan advance {ID} 申报 --date 2026-03-02")
    bot(forge_repo, event)
    before = commits(forge_repo)
    result, reply = bot(forge_repo, event)
    assert result.exit_code == 0 and commits(forge_repo) == before and "**已处理**" in reply


def test_unknown_logins_and_roles_beyond_their_reach_change_nothing(forge_repo: Path, tmp_path: Path) -> None:
    ok(forge_repo, "advance", ID, "申报", "--date", "2026-03-02")
    before = commits(forge_repo)
    result, reply = bot(forge_repo, comment(tmp_path, STRANGER, f"/wenquan advance {ID} 推荐 --date 2026-03-10"))
    assert result.exit_code == 1 and "没有登记" in reply and commits(forge_repo) == before
    result, reply = bot(forge_repo, comment(tmp_path, HENAN, f"/wenquan advance {ID} 推荐 --date 2026-03-10", ident=1002))
    assert result.exit_code == 1 and "不是河南省的申报" in reply and commits(forge_repo) == before
    result, reply = bot(forge_repo, comment(tmp_path, HEBEI, f"/wenquan advance {ID} 考察 --date 2026-03-10", ident=1003))
    assert result.exit_code == 1 and "只能推荐本省的申报" in reply and commits(forge_repo) == before
    result, reply = bot(forge_repo, comment(tmp_path, HEBEI, f"/wenquan advance {ID} 推荐 --date 2026-03-10", ident=1004))
    assert result.exit_code == 0 and "**已完成**" in reply and f"Actor-Login: {HEBEI}" in last_message(forge_repo)


def test_an_expert_scores_only_for_themselves_and_only_on_their_panel(forge_repo: Path, tmp_path: Path) -> None:
    to_inspection(forge_repo)
    panel = members(forge_repo)
    pool = {e["id"] for e in yaml.safe_load((forge_repo / "registry" / "experts.yaml").read_text(encoding="utf-8"))["experts"]}
    sitting = next(m for m in panel if m in pool)
    outsider = next(e for e in sorted(pool) if e not in panel)
    sheet = " ".join(GOOD)
    result, reply = bot(forge_repo, comment(tmp_path, f"expert-{sitting}", f"/wenquan score {ID} {sheet} --expert {outsider}"))
    assert result.exit_code == 1 and "不要写 --expert" in reply
    result, reply = bot(forge_repo, comment(tmp_path, f"expert-{outsider}", f"/wenquan score {ID} {sheet}", ident=1002))
    assert result.exit_code == 1 and "不是本专家组成员" in reply
    result, reply = bot(forge_repo, comment(tmp_path, f"expert-{sitting}", f"/wenquan score {ID} {sheet}", ident=1003))
    assert result.exit_code == 0, reply
    assert f"Expert: {sitting}" in last_message(forge_repo) and f"Actor-Login: expert-{sitting}" in last_message(forge_repo)
    result, reply = bot(forge_repo, comment(tmp_path, f"expert-{sitting}", f"/wenquan advance {ID} 评审", ident=1004))
    assert result.exit_code == 1 and "只能提交自己的评审表" in reply
    ok(forge_repo, "audit")


def test_nothing_in_a_comment_reaches_a_shell(forge_repo: Path, tmp_path: Path) -> None:
    canary = tmp_path / "pwned"
    body = (f"/wenquan advance {ID} 申报 --date 2026-03-02 --note '$(touch {canary}); `touch {canary}` && touch {canary} | x'\n"
            f"/wenquan advance {ID} 推荐 --date 2026-03-10; touch {canary}")
    result, reply = bot(forge_repo, comment(tmp_path, SECRETARY, body))
    assert not canary.exists()
    assert f"$(touch {canary})" in yaml.safe_load((forge_repo / "dossiers" / ID / "workflow.yaml").read_text(encoding="utf-8"))["events"][0]["note"]
    assert "**已完成**" in reply and "**未执行**" in reply            # the second: 推荐 then a stray argument
    assert result.exit_code == 1


def test_a_refused_command_stops_the_rest(forge_repo: Path, tmp_path: Path) -> None:
    before = commits(forge_repo)
    body = f"/wenquan advance {ID} 推荐 --date 2026-03-10\n/wenquan advance {ID} 申报 --date 2026-03-02"
    result, reply = bot(forge_repo, comment(tmp_path, SECRETARY, body))
    assert result.exit_code == 1 and commits(forge_repo) == before
    assert reply.count("**未执行**") == 2 and "前面的命令未执行" in reply


def test_public_repositories_and_edited_comments_are_not_acted_on(forge_repo: Path, tmp_path: Path) -> None:
    before = commits(forge_repo)
    body = f"/wenquan advance {ID} 申报 --date 2026-03-02"
    _, reply = bot(forge_repo, comment(tmp_path, SECRETARY, body, private=False))
    assert "应为私有仓库" in reply and commits(forge_repo) == before
    _, reply = bot(forge_repo, comment(tmp_path, SECRETARY, body, ident=1002, action="edited"))
    assert "不重新执行" in reply and commits(forge_repo) == before
    result, _ = bot(forge_repo, comment(tmp_path, SECRETARY, body, ident=1003, private=False), "--allow-public")
    assert result.exit_code == 0 and commits(forge_repo) == before + 1


def test_a_command_on_a_dossier_the_pull_request_changes_lands_on_its_branch(forge_repo: Path, tmp_path: Path) -> None:
    git(forge_repo, "switch", "-qc", "apply-kaifeng")
    path = forge_repo / "dossiers" / "henan-kaifeng" / "dossier.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("reinjection: 52", "reinjection: 53"), encoding="utf-8")
    git(forge_repo, "commit", "-qam", "开封补充材料")
    git(forge_repo, "switch", "-q", "main")
    body = "/wenquan advance henan-kaifeng 申报 --date 2026-03-02\n" f"/wenquan advance {ID} 申报 --date 2026-03-02"
    result, reply = bot(forge_repo, review(tmp_path, SECRETARY, body, "apply-kaifeng"), name="pull_request_review")
    assert result.exit_code == 0, reply
    assert "Comment-Id: 2001" in git(forge_repo, "log", "-1", "--format=%B", "apply-kaifeng")
    assert "henan-kaifeng" in git(forge_repo, "log", "-1", "--format=%B", "apply-kaifeng")
    assert f"Dossier: {ID}" in git(forge_repo, "log", "-1", "--format=%B", "main")
    assert "分支 ` apply-kaifeng `" in reply and "分支 ` main `" in reply


def test_the_roles_file_is_validated(forge_repo: Path) -> None:
    path = forge_repo / "registry" / "roles.yaml"
    path.write_text("schema_version: 1\nsecretariat: [ok-login, 'bad login']\nprovincial: {山东: [x]}\n", encoding="utf-8")
    result = wq(forge_repo, "validate")
    assert result.exit_code == 1 and "roles.yaml" in result.output and "山东" in result.output


def test_the_issue_form_is_generated_from_the_schema() -> None:
    """Issue 19 §8: .github/ISSUE_TEMPLATE/apply.yml is what `wenquan forge issue-form` writes from the schema now, and
    GitHub's issue-form schema accepts it."""
    import subprocess

    from conftest import ROOT
    from wenquan.forge.issue_form import render

    schema = json.loads((ROOT / "schemas" / "dossier.schema.json").read_text(encoding="utf-8"))
    shipped = ROOT / ".github" / "ISSUE_TEMPLATE" / "apply.yml"
    assert shipped.read_text(encoding="utf-8") == render(schema), "运行 wenquan forge issue-form 重新生成"
    result = subprocess.run(["check-jsonschema", "--builtin-schema", "vendor.github-issue-forms", str(shipped)],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def issue(tmp: Path, login: str, answers: dict[str, str], ident: int = 3001, action: str = "opened") -> Path:
    """An `issues` payload whose body is what GitHub makes of a filled issue form: ### label, blank line, answer."""
    body = "\n\n".join(f"### {label}\n\n{answer}" for label, answer in answers.items())
    payload = {"action": action,
               "issue": {"id": ident, "number": 12, "title": "申报：示范镇", "body": body, "labels": [{"name": "申报"}],
                         "html_url": f"https://github.com/cnma/wenquan-data/issues/12#{ident}", "user": {"login": login}},
               "repository": {"full_name": "cnma/wenquan-data", "private": True, "default_branch": "main"}}
    path = tmp / f"issue-{ident}-{action}.json"
    path.write_text(json.dumps(payload, ensure_ascii=False), encoding="utf-8")
    return path


FORM = {"申报编号": "hubei-shifan", "申报级别": "乡", "地点": "示范镇", "申报单位": "示范镇人民政府", "所在省级行政区": "湖北省",
        "所在地级行政区": "_No response_", "可采热流体量（立方米/天）": "１２,５００", "温度（摄氏度）": "52.5", "电话": "027-5550123"}


def test_an_application_from_the_issue_form_opens_a_branch(forge_repo: Path, tmp_path: Path) -> None:
    from conftest import ROOT

    labels = yaml.safe_load((ROOT / ".github" / "ISSUE_TEMPLATE" / "apply.yml").read_text(encoding="utf-8"))
    shown = {item["attributes"]["label"] for item in labels["body"] if item["type"] != "markdown"}
    assert set(FORM) <= shown                                    # the test speaks the form's own labels
    event = issue(tmp_path, "some-county-official", FORM)
    result, reply = bot(forge_repo, event, name="issues")
    assert result.exit_code == 0, reply
    assert git(forge_repo, "symbolic-ref", "--short", "HEAD").strip() == "main"          # back where it was
    text = git(forge_repo, "show", "apply/hubei-shifan:dossiers/hubei-shifan/dossier.yaml")
    data = yaml.safe_load(text)
    assert (data["level"], data["place"], data["applicant"]["name"], data["applicant"]["province"]) == ("乡", "示范镇", "示范镇人民政府", "湖北省")
    assert data["resources"]["exploitable_m3_per_day"] == 12500 and data["fluid"]["temperature_c"] == 52.5
    assert data["contact"]["phone"] == "027-5550123" and data["applicant"]["prefecture"] is None
    assert text.startswith("# yaml-language-server: $schema=../../schemas/dossier.schema.json")
    assert "已为示范镇建立申报分支" in reply and "还缺" in reply
    assert "Comment-Id: 3001" in git(forge_repo, "log", "-1", "--format=%B", "apply/hubei-shifan")
    again, reply = bot(forge_repo, event, name="issues")
    assert again.exit_code == 0 and "**已处理**" in reply


def test_an_issue_form_with_bad_answers_opens_nothing(forge_repo: Path, tmp_path: Path) -> None:
    answers = {**FORM, "申报编号": "Hubei Shifan", "温度（摄氏度）": "很热"}
    result, reply = bot(forge_repo, issue(tmp_path, "someone", answers), name="issues")
    assert result.exit_code == 1 and "**没有建立申报**" in reply and "“温度（摄氏度）”应为数字" in reply and "小写拼音" in reply
    assert git(forge_repo, "branch", "--list", "apply/*").strip() == ""
    result, reply = bot(forge_repo, issue(tmp_path, "someone", {"问题": "网站打不开"}, ident=3002), name="issues")
    assert result.exit_code == 0 and "不是用申报表单提交的" in reply


def test_a_dossier_broken_by_hand_has_no_province_to_act_for(repo: Path) -> None:
    """A provincial association acts only for its own province's dossiers: where the dossier cannot be read, it has
    none (refused, not a crash)."""
    from wenquan.forge.bot import _province

    assert _province(repo, ID) == "河北省"
    (repo / "dossiers" / ID / "dossier.yaml").write_text("applicant: [\n", encoding="utf-8")
    assert _province(repo, ID) is None
    (repo / "dossiers" / ID / "dossier.yaml").write_bytes(b"applicant: \xff\n")
    assert _province(repo, ID) is None
