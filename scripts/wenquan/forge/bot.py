"""`wenquan bot`: workflow commands written in forge comments (issue 19), the model being rfcbot.

This module reads one webhook payload as GitHub writes it, finds the `/wenquan …` lines of the comment or review,
decides for each who may run it (registry/roles.yaml and the experts' `forge_login`), on which branch, and whether
the same comment was already acted on. Running a command is the CLI's own business (cli/bot.py runs it exactly as
typed, in-process, never through a shell); the answer is Markdown for the bot to post.
"""

from __future__ import annotations

import json
import re
import shlex
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from wenquan.dossier.validate import load_valid as load_checked
from wenquan.errors import UserError
from wenquan.store.writer import Git, GitFailed, check_revision

EVENTS = ("issue_comment", "pull_request_review", "pull_request_review_comment", "issues")
PREFIX = "/wenquan "
LOGIN = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$")
URL = re.compile(r"^https://[A-Za-z0-9.-]+(?::\d+)?/[A-Za-z0-9._~/#%?=&+-]*$")
# The commands that record something, and the position of the dossier's id in each (`panel draw ID`).
WRITES = {"advance": 1, "panel": 2, "inspect": 1, "score": 1, "object": 1, "resolve": 1, "report": 1,
          "review-selfcheck": 1, "file-selfcheck": 1, "spot-check": 1}
ACTED = ("created", "submitted", "opened")   # a comment acts once, when it is made; an edit never re-runs it


@dataclass(frozen=True)
class Event:
    name: str
    action: str | None
    login: str
    body: str
    comment_id: int
    url: str
    private: bool | None
    default_branch: str
    pr_head: str | None
    pr_base: str | None

    @property
    def on_pull_request(self) -> bool:
        return self.pr_head is not None


@dataclass
class Command:
    number: int                     # 1, 2, … in the comment's order
    text: str                       # the line after "/wenquan ", as written
    args: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    dossier: str | None = None
    branch: str | None = None
    done: str | None = None         # the commit that already recorded this command (a redelivered comment)


def _get(data: Any, *path: str) -> Any:
    for key in path:
        data = data.get(key) if isinstance(data, dict) else None
    return data


def read_event(path: Path, name: str | None, pr_head: str | None = None, pr_base: str | None = None) -> Event:
    """The event as GitHub delivers it; `pr_head`/`pr_base` name the branches of a pull request whose comment event
    does not carry them (issue_comment)."""
    if name not in EVENTS:
        raise UserError(f"不支持的事件“{name}”：wenquan bot 处理 " + "、".join(EVENTS))
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise UserError(f"{path}：无法读取事件（{exc}）") from None
    item = _get(data, {"pull_request_review": "review", "issues": "issue"}.get(name, "comment"))
    login = _get(item, "user", "login")
    body, ident, url = _get(item, "body"), _get(item, "id"), _get(item, "html_url")
    if not isinstance(login, str) or not LOGIN.match(login):
        raise UserError(f"{path}：事件中没有有效的提交人账号（{name}.user.login）")
    if not isinstance(ident, int) or not isinstance(url, str) or not URL.match(url):
        raise UserError(f"{path}：事件中没有有效的评论编号和链接（id、html_url）")
    pr = _get(data, "pull_request")
    head = _get(pr, "head", "ref") if pr else pr_head if _get(data, "issue", "pull_request") else None
    base = _get(pr, "base", "ref") if pr else pr_base if _get(data, "issue", "pull_request") else None
    default = str(_get(data, "repository", "default_branch") or "main")
    return Event(name, _get(data, "action"), login, body if isinstance(body, str) else "", ident, url,
                 _get(data, "repository", "private"), check_revision(default),
                 check_revision(str(head)) if head else None, check_revision(str(base)) if base else None)


def commands(body: str) -> list[Command]:
    """The comment's `/wenquan …` lines, each split as a shell would split it (quotes), but never given to one."""
    found: list[Command] = []
    for line in body.replace("\r\n", "\n").split("\n"):
        if not line.startswith(PREFIX):
            continue
        text = line[len(PREFIX):].strip()
        command = Command(len(found) + 1, text)
        try:
            command.args = shlex.split(text, comments=False, posix=True)
        except ValueError as exc:
            command.problems.append(f"无法解析这条命令（{exc}）：引号要成对")
        found.append(command)
    return found


@dataclass(frozen=True)
class Roles:
    secretariat: frozenset[str]
    provincial: dict[str, str]      # login -> province
    experts: dict[str, str]         # login -> expert id

    @classmethod
    def load(cls, root: Path) -> Roles:
        path = root / "registry" / "roles.yaml"
        if not path.is_file():
            raise UserError("registry/roles.yaml 不存在：没有登记任何账号的角色，wenquan bot 不执行任何命令")
        roles = load_checked(path, "roles", root, "registry/roles.yaml ")
        experts = load_checked(root / "registry" / "experts.yaml", "experts", root, "registry/experts.yaml ")
        provincial = {login: province for province, logins in (roles.get("provincial") or {}).items() for login in logins}
        return cls(frozenset(roles["secretariat"]), provincial,
                   {e["forge_login"]: e["id"] for e in experts["experts"] if e.get("forge_login")})

    def role(self, login: str) -> str:
        if login in self.secretariat:
            return "秘书局"
        if login in self.provincial:
            return f"{self.provincial[login]}矿业协会"
        if login in self.experts:
            return f"专家 {self.experts[login]}"
        return "无"


def _province(root: Path, dossier: str) -> str | None:
    from wenquan.dossier.loader import trusted_mapping

    path = root / "dossiers" / dossier / "dossier.yaml"
    try:
        data = trusted_mapping(path.read_bytes()) if path.is_file() else None
    except OSError:
        return None
    province = _get(data, "applicant", "province")
    return province if isinstance(province, str) else None


def authorize(root: Path, roles: Roles, login: str, command: Command) -> None:
    """What `login` may run (issue 19 §1); the expert's `--expert` is set from the login, never from the comment."""
    if command.problems:
        return
    args = command.args
    if not args or args[0] not in WRITES:
        command.problems.append("不是 wenquan 的流程命令；可用：" + "、".join(WRITES))
        return
    position = WRITES[args[0]]
    positional = [a for a in args[1:] if not a.startswith("-")]
    command.dossier = args[position] if len(args) > position and not args[position].startswith("-") else None
    if command.dossier is None or not re.fullmatch(r"[a-z0-9-]{3,64}", command.dossier):
        command.problems.append("命令中没有申报编号")
        return
    if login in roles.secretariat:
        return
    if login in roles.provincial:
        province = roles.provincial[login]
        allowed = (args[0] == "advance" and positional[1:2] == ["推荐"]) or (args[0] == "panel" and positional[:1] == ["draw"])
        if not allowed:
            command.problems.append(f"{province}矿业协会的账号只能推荐本省的申报（advance ID 推荐）或提名省推荐专家（panel draw ID --provincial 甲,乙）")
        elif _province(root, command.dossier) != province:
            command.problems.append(f"{command.dossier} 不是{province}的申报：只能办理本省的申报")
        return
    if login in roles.experts:
        if args[0] != "score":
            command.problems.append("专家的账号只能提交自己的评审表（score ID 1.1=… …）")
        elif any(a == "--expert" or a.startswith("--expert=") or a in ("--by", "--correct") or a.startswith(("--by=", "--correct="))
                 for a in args):
            command.problems.append("不要写 --expert、--by 或 --correct：评审表按账号认定为本人的（专家编号 "
                                    f"{roles.experts[login]}），更正由秘书局办理")
        else:
            command.args = [*args, "--expert", roles.experts[login]]
        return
    command.problems.append(f"账号 {login} 没有登记在 registry/roles.yaml 或专家库的 forge_login 中：不能办理任何命令")


def changed_dossiers(git: Git, base: str, head: str) -> set[str]:
    """The dossiers a pull request changes: git's own diff between the branches (rename detection on)."""
    try:
        names = git.run("diff", "--name-only", "-M", f"{base}...{head}", "--", "dossiers/")
    except GitFailed as exc:
        raise UserError(f"无法比较拉取请求的分支 {base} 与 {head}：{exc}（请先 git fetch 两个分支）") from None
    return {Path(n).parts[1] for n in names.splitlines() if len(Path(n).parts) > 2}


def place(event: Event, git: Git, found: list[Command]) -> None:
    """Onto the pull request's head branch when the command concerns a dossier the PR changes, else the default
    branch (issue 19 §5)."""
    changed = changed_dossiers(git, event.pr_base, event.pr_head) if event.pr_head and event.pr_base else set()
    for command in found:
        command.branch = event.pr_head if command.dossier in changed else event.default_branch


def recorded(git: Git, branch: str | None, comment_id: int, number: int | None = None) -> str | None:
    """The commit on `branch` that already recorded this comment (command `number` of it, when given): webhooks
    deliver again when unsure."""
    if branch is None:
        return None
    try:
        out = git.run("log", branch, "-F", f"--grep=Comment-Id: {comment_id}", "--format=%H%x00%B%x01")
    except GitFailed:
        return None
    for entry in out.split("\x01"):
        sha, _, body = entry.strip().partition("\x00")
        if sha and (number is None or f"\nComment-Command: {number}\n" in f"\n{body}\n"):
            return sha
    return None


def attribution(event: Event, command: Command) -> list[tuple[str, str]]:
    """The trailers a comment's command adds to its commit: who, where, which comment and which of its commands."""
    return [("Actor-Login", event.login), ("Source", event.url), ("Comment-Id", str(event.comment_id)),
            ("Comment-Command", str(command.number))]


def code(text: str) -> str:
    """Text shown as inline code in the reply: no Markdown, no mention, no HTML from a comment reaches the post."""
    text = text.replace("\n", " ").replace("\r", " ")
    fence = "`" * (max((len(m) for m in re.findall(r"`+", text)), default=0) + 1)
    return f"{fence} {text} {fence}"


def plain(text: str) -> str:
    """A message shown in the reply as plain text: Markdown and HTML special characters escaped, mentions broken."""
    text = re.sub(r"([\\`*_{}\[\]()#+!|<>~])", r"\\\1", text)
    return text.replace("@", "@\u200b")


def header(event: Event, found: list[Command]) -> list[str]:
    where = "拉取请求" if event.on_pull_request else "议题"
    if not found:
        return [f"<!-- wenquan:bot {event.comment_id} -->", f"这条{where}评论中没有以 `/wenquan ` 开头的命令。"]
    return [f"<!-- wenquan:bot {event.comment_id} -->", f"**wenquan** 处理 {code(event.login)} 的评论中的 {len(found)} 条命令：", ""]


def _where(command: Command) -> str:
    return f"分支 {code(command.branch or '')}"


def done(command: Command, sha: str, said: str) -> str:
    return f"{command.number}. {code(command.text)}：**已完成**，提交 {code(sha[:10])}（{_where(command)}）。{plain(said)}"


def already(command: Command) -> str:
    return f"{command.number}. {code(command.text)}：**已处理**（提交 {code((command.done or '')[:10])}，{_where(command)}），不再重复执行。"


def would(command: Command) -> str:
    return f"{command.number}. {code(command.text)}：试运行，可以执行，将提交到{_where(command)}。"


def refused(command: Command, problems: list[str]) -> str:
    reasons = "\n".join(f"    - {plain(p)}" for problem in problems for p in problem.splitlines() if p.strip())
    return f"{command.number}. {code(command.text)}：**未执行**，没有任何改动。原因：\n{reasons}"


def unchanged(command: Command, said: str) -> str:
    return f"{command.number}. {code(command.text)}：没有需要记录的改动（与已有记录相同）。{plain(said)}"


def skipped(command: Command) -> str:
    return f"{command.number}. {code(command.text)}：**未执行**：前面的命令未执行，其后的命令一律不执行。"
