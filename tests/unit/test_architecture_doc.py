"""docs/architecture.md matches the tree: every package and module of the core and the
interface is named there, and every module it names exists."""

from __future__ import annotations

import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SRC = REPO / "src" / "eqia_tui"
DOC = (REPO / "docs" / "architecture.md").read_text(encoding="utf-8")
NAMED = set(re.findall(r"`([a-z_/.]+)`", DOC))
LAST_PARTS = {token.rstrip("/").rsplit("/", 1)[-1] for token in NAMED}


def _names(folder: Path) -> set[str]:
    out = set()
    for child in folder.iterdir():
        if child.name.startswith(("_", ".")) or child.name == "questionnaires":
            continue
        if child.is_dir():
            out.add(f"{child.name}/")
        elif child.suffix == ".py":
            out.add(child.stem)
    return out


def _mentioned(name: str) -> bool:
    bare = name.rstrip("/")
    return bool({name, bare, f"{bare}.py", f"{bare}/"} & (NAMED | LAST_PARTS))


def test_every_package_and_module_is_in_the_doc() -> None:
    folders = [SRC / "core", SRC / "tui", SRC / "cli", SRC / "exports", SRC / "plain"]
    folders += [p for f in (SRC / "core", SRC / "tui") for p in f.iterdir() if p.is_dir()]
    folders += [SRC / "tui" / "screens" / "wizard"]
    missing = sorted(
        f"{folder.relative_to(SRC)}/{name}"
        for folder in folders
        if folder.name != "__pycache__"
        for name in _names(folder)
        if not _mentioned(name)
    )
    assert not missing, f"not in docs/architecture.md: {missing}"


def test_every_module_the_doc_names_exists() -> None:
    every = {p.stem for p in SRC.rglob("*.py")} | {p.name for p in SRC.rglob("*") if p.is_dir()}
    every |= {p.name for p in SRC.rglob("*.tcss")}
    for token in NAMED:
        if token.startswith(("tests/", "docs/")):
            assert (REPO / token).exists(), f"docs/architecture.md names {token}"
        elif token.endswith((".py", "/")) or token in {"app.tcss"}:
            name = token.rstrip("/").rsplit("/", 1)[-1]
            stem = name[:-3] if name.endswith(".py") else name
            assert stem in every or name in every, f"docs/architecture.md names {token}"
