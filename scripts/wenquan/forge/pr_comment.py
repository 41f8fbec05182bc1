"""One Markdown comment for a pull request: validation, the semantic diff, eligibility changes, the audit,
and the approvals the change needs (from CODEOWNERS). Posted by CI and updated in place (MARKER)."""

from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path

from wenquan import clock
from wenquan.documents.textsafe import forge_inline
from wenquan.dossier.diagnostics import ERROR
from wenquan.dossier.validate import Target, default_targets, targets_for, validate_targets
from wenquan.forge import codeowners, diff_render, semdiff
from wenquan.repo import Repository
from wenquan.rules.figures import typed_figures
from wenquan.workflow.audit import audit

MARKER = "<!-- wenquan:review-comment -->"
SHOWN = 30    # diagnostics listed in full; the rest are counted


def kind_of(path: str) -> str:
    """Whose file it is: the applicant's (申报主体), the secretariat's records (秘书局), or the system's."""
    parts = path.split("/")
    if parts[0] == "registry" or (parts[0] == "dossiers" and parts[-1] in ("workflow.yaml", "review.yaml")):
        return "秘书局记录"
    if parts[0] == "dossiers":
        return "申报主体文件"
    return "系统文件"


def changed_files(root: Path, base: str, head: str) -> list[str]:
    out = subprocess.run(["git", "diff", "--name-only", f"{base}...{head}"], cwd=root, capture_output=True,
                         text=True, encoding="utf-8", check=True).stdout
    return [line for line in out.splitlines() if line]


def _relative(root: Path, path: str) -> str:
    try:
        return Path(path).resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path


def _targets(root: Path, files: list[str]) -> list[Target]:
    """What the pull request's changes need checked: every file when the registry or the schemas change (they bear on
    every dossier), else the files of each dossier the change touches (issue 20: the cost follows the change)."""
    if any(f.startswith(("registry/", "schemas/")) for f in files):
        return default_targets(root)
    folders = sorted({root / "dossiers" / parts[1] for parts in (f.split("/") for f in files)
                      if len(parts) > 2 and parts[0] == "dossiers"})
    targets, _ = targets_for([folder for folder in folders if folder.is_dir()])
    return targets


def _validation(root: Path, today: dt.date, files: list[str]) -> list[str]:
    report = validate_targets(_targets(root, files), root, today, (typed_figures,))
    errors = [d for d in report.diagnostics if d.severity == ERROR]
    warnings = [d for d in report.diagnostics if d.severity != ERROR]
    if not report.diagnostics:
        return [f"✅ 检查了本次改动涉及的 {report.files} 个文件，全部通过。"]
    lines = [f"{'❌' if errors else '⚠️'} 检查了本次改动涉及的 {report.files} 个文件：{len(errors)} 个错误，{len(warnings)} 个警告。", "",
             "| 位置 | 级别 | 字段 | 说明 |", "| --- | --- | --- | --- |"]
    for d in sorted(report.diagnostics, key=lambda d: (d.severity != ERROR, d.path, d.line))[:SHOWN]:
        lines.append(f"| `{_relative(root, d.path)}:{d.line}:{d.column}` | {'错误' if d.severity == ERROR else '警告'} | {forge_inline(d.field)} | {forge_inline(d.message)} |")
    if len(report.diagnostics) > SHOWN:
        lines += ["", f"另有 {len(report.diagnostics) - SHOWN} 条未列出，请运行 `wenquan validate`。"]
    return lines


def _audit(root: Path, base: str) -> list[str]:
    findings = audit(Repository(root), base)
    if not findings:
        return ["✅ 流程记录与提交尾注一致（`wenquan audit --since` 基准提交）。"]
    return [f"❌ {len(findings)} 处流程记录不是由 wenquan 命令写入或被改动过：", ""] + \
        [f"- `{f.path}`：{forge_inline(f.message)}" for f in findings]


def _approvals(root: Path, files: list[str]) -> list[str]:
    rules = codeowners.load(root)
    groups: dict[tuple[str, tuple[str, ...]], list[str]] = {}
    for path in files:
        groups.setdefault((kind_of(path), codeowners.owners_of(rules, path)), []).append(path)
    if not groups:
        return ["没有改动的文件。"]
    lines = ["| 文件类别 | 需要批准 | 文件 |", "| --- | --- | --- |"]
    for (kind, owners), paths in sorted(groups.items()):
        shown = "、".join(f"`{p}`" for p in paths[:8]) + (f" 等 {len(paths)} 个" if len(paths) > 8 else "")
        lines.append(f"| {kind} | {' '.join(owners) or '（CODEOWNERS 未指定）'} | {shown} |")
    if any(kind == "秘书局记录" for kind, _ in groups):
        lines += ["", "秘书局记录只应由 wenquan 命令写入（每次一个带尾注的提交）；申报主体的拉取请求不应修改它们。"]
    return lines


def render(root: Path, base: str, head: str = "HEAD", today: dt.date | None = None) -> str:
    today = today or clock.today()
    base_sha, head_sha = semdiff.resolve(root, base), semdiff.resolve(root, head)
    diffs = semdiff.diff(root, base_sha, head_sha, on=today)
    files = changed_files(root, base_sha, head_sha)
    eligibility = [(d, c) for d in diffs for c in d.conditions]
    out = [MARKER, "## wenquan 审查摘要", "", f"基准 `{base_sha[:8]}` → 本次 `{head_sha[:8]}`，按 {today.isoformat()} 评估。", "",
           "### 检查（wenquan validate）", "", *_validation(root, today, files), ""]
    out += ["### 申报条件的变化", ""]
    if eligibility:
        out += [f"- {forge_inline(d.place)}：{c.rule} {forge_inline(c.title)} {diff_render.became(c.old, c.new, bold=True)}" for d, c in eligibility]
    else:
        out.append("没有申报条件的判断结果发生变化。")
    out += ["", "### 改动的含义（wenquan diff）", "", diff_render.markdown(diffs, "####").rstrip(), ""]
    out += ["### 流程记录审计（wenquan audit）", "", *_audit(root, base_sha), ""]
    out += ["### 需要的批准（CODEOWNERS）", "", *_approvals(root, files), ""]
    return "\n".join(out)
