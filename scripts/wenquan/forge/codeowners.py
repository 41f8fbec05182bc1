"""Who must approve a change: GitHub's CODEOWNERS rules, matched by the `codeowners` library (PyPI), which follows
GitHub's own reading (gitignore-style patterns, `docs/*` not reaching into subfolders, `\\#` escapes, the last
matching rule wins)."""

from __future__ import annotations

from pathlib import Path

from codeowners import CodeOwners

LOCATIONS = (".github/CODEOWNERS", "CODEOWNERS", "docs/CODEOWNERS")


def parse(text: str) -> CodeOwners:
    return CodeOwners(text)


def load(root: Path) -> CodeOwners | None:
    for name in LOCATIONS:
        if (root / name).is_file():
            return parse((root / name).read_text(encoding="utf-8"))
    return None


def owners_of(rules: CodeOwners | None, path: str) -> tuple[str, ...]:
    """The owners of the last rule that matches `path` (none when no rule does)."""
    return tuple(owner for _, owner in rules.of(path)) if rules is not None else ()
