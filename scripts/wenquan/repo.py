"""Where things are: the repository root (the folder holding mkdocs.yml and dossiers/) and its parts."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from wenquan.errors import UserError
from wenquan.rootdir import find_root

# The checkout this package was installed from (editable installs): a fallback for schemas and rules
# when validating a file that lives outside any wenquan repository.
PACKAGE_CHECKOUT = Path(__file__).resolve().parents[2]
# A dossier id, as the schemas' `dossier` fields have it (schemas/workflow.schema.json).
DOSSIER_ID = re.compile(r"[a-z0-9-]{3,64}")


@dataclass(frozen=True)
class Repository:
    root: Path
    verify: bool = True  # run the repository's pre-commit and commit-msg hooks on wenquan's commits (--no-verify: False)

    @classmethod
    def discover(cls, start: Path) -> Repository:
        root = find_root(start)
        if root is None:
            raise UserError(f"{start}: 不在 wenquan 仓库中（向上找不到同时含有 mkdocs.yml 和 dossiers/ 的文件夹）；"
                            f"请进入仓库目录，或用 -C 指定仓库")
        return cls(root)

    @property
    def dossiers(self) -> Path:
        return self.root / "dossiers"

    @property
    def registry(self) -> Path:
        return self.root / "registry"

    @property
    def schemas(self) -> Path:
        return schemas_dir(self.root)

    def dossier_dir(self, dossier_id: str) -> Path:
        """The folder of dossier `dossier_id`, which must be a dossier id: never a path out of dossiers/."""
        if not DOSSIER_ID.fullmatch(dossier_id):
            shown = dossier_id if dossier_id.isprintable() and len(dossier_id) <= 80 else repr(dossier_id[:80])
            raise UserError(f"“{shown}”不是申报编号：编号由 3–64 个小写英文字母、数字和连字符组成，例如 hebei-xiongxian"
                            f"（即 dossiers/ 下的文件夹名）")
        return self.dossiers / dossier_id


def schemas_dir(root: Path | None) -> Path:
    if root is not None and (root / "schemas").is_dir():
        return root / "schemas"
    return PACKAGE_CHECKOUT / "schemas"


def registry_file(root: Path | None, name: str) -> Path:
    if root is not None and (root / "registry" / name).is_file():
        return root / "registry" / name
    return PACKAGE_CHECKOUT / "registry" / name
