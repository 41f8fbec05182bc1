"""The repository's own commit hooks, run for a wenquan commit as `git commit` runs them.

`pre-commit` runs with GIT_INDEX_FILE naming an index of exactly the tree being committed (as for
`git commit --only`), `commit-msg` with the path of the message, which it may change. A hook that fails
refuses the commit; nothing is changed. A `commit-msg` hook may add to the message (a Change-Id, a
Signed-off-by) but not alter wenquan's own trailers, which the audit relies on. `--no-verify` skips both,
as it does for git.
"""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

from wenquan.errors import UserError
from wenquan.store.log import trailers_of
from wenquan.store.writer import Git, GitFailed

_TRUE = {"true", "yes", "on", "1", ""}
HOOK_INDEX = "wenquan-hook-index"


@dataclass(frozen=True)
class Config:
    """What a commit needs of git's configuration: sign it? where are the hooks?"""

    sign: bool = False
    hooks_path: str | None = None

    @classmethod
    def parse(cls, out: bytes | GitFailed) -> Config:
        """From `git config -z --get-regexp` (which fails when no key matches)."""
        if isinstance(out, GitFailed):
            return cls()
        values: dict[str, str] = {}
        for item in out.decode("utf-8", "replace").split("\0"):
            key, _, value = item.partition("\n")
            if key:
                values[key.lower()] = value
        sign = values.get("commit.gpgsign")
        return cls(sign is not None and sign.strip().lower() in _TRUE, values.get("core.hookspath") or None)


def folder(git: Git, config: Config) -> Path:
    if config.hooks_path:
        configured = Path(os.path.expanduser(config.hooks_path))
        return configured if configured.is_absolute() else git.root / configured
    common = git.git_dir / "commondir"
    base = (git.git_dir / common.read_text(encoding="utf-8").strip()).resolve() if common.is_file() else git.git_dir
    return base / "hooks"


def verify(git: Git, config: Config, tree: str, message: str) -> str:
    """Run pre-commit on `tree` and commit-msg on `message`; the message as the hooks leave it."""
    hooks = folder(git, config)
    pre, msg = hooks / "pre-commit", hooks / "commit-msg"
    if _runnable(pre):
        index = git.git_dir / HOOK_INDEX
        try:
            git.run("read-tree", tree, env={"GIT_INDEX_FILE": str(index)})
            _run(git, pre, [], {"GIT_INDEX_FILE": str(index)})
        finally:
            index.unlink(missing_ok=True)
    if _runnable(msg):
        file = git.git_dir / "COMMIT_EDITMSG"
        file.write_text(message, encoding="utf-8")
        _run(git, msg, [str(file)], {})
        changed = file.read_text(encoding="utf-8", errors="replace")
        ours, theirs = trailers_of(message), trailers_of(changed)
        altered = [key for key, value in ours.items() if theirs.get(key) != value]
        if altered or changed.splitlines()[:1] != message.splitlines()[:1]:
            raise UserError(f"commit-msg 钩子 {msg} 改动了 wenquan 的提交说明（{'、'.join(altered) or '标题'}），"
                            f"审计依赖这些尾注；提交被拒绝，未做任何改动")
        message = changed
    return message


def _runnable(hook: Path) -> bool:
    return hook.is_file() and os.access(hook, os.X_OK)


def _run(git: Git, hook: Path, args: list[str], env: dict[str, str]) -> None:
    try:
        done = subprocess.run([str(hook), *args], cwd=git.root, capture_output=True,
                              env={**os.environ, "GIT_EDITOR": ":", **env})
    except OSError as exc:
        raise UserError(f"无法运行 git 钩子 {hook}：{exc.strerror}；未做任何改动（如确需跳过钩子，加 --no-verify）") from exc
    if done.returncode != 0:
        said = (done.stderr + done.stdout).decode("utf-8", "replace").strip()
        raise UserError(f"git 钩子 {hook.name} 拒绝了提交（退出码 {done.returncode}）{'：' + said if said else ''}；"
                        f"未做任何改动（如确需跳过钩子，加 --no-verify）")
