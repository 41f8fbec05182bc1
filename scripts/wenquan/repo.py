"""Where things are: the repository root (the folder holding mkdocs.yml and dossiers/) and its parts."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from wenquan.errors import UserError

# The checkout this package was installed from (editable installs): a fallback for schemas and rules
# when validating a file that lives outside any wenquan repository.
PACKAGE_CHECKOUT = Path(__file__).resolve().parents[2]


def is_root(folder: Path) -> bool:
    return (folder / "mkdocs.yml").is_file() and (folder / "dossiers").is_dir()


def find_root(start: Path) -> Path | None:
    start = start.resolve()
    for folder in (start, *start.parents):
        if is_root(folder):
            return folder
    return None


@dataclass(frozen=True)
class Repository:
    root: Path

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
        return self.dossiers / dossier_id


def schemas_dir(root: Path | None) -> Path:
    if root is not None and (root / "schemas").is_dir():
        return root / "schemas"
    return PACKAGE_CHECKOUT / "schemas"


def registry_file(root: Path | None, name: str) -> Path:
    if root is not None and (root / "registry" / name).is_file():
        return root / "registry" / name
    return PACKAGE_CHECKOUT / "registry" / name
