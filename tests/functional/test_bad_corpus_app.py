"""The bad-input corpus opened in the app (issue 9): the drafts list with every file of it,
and a representative set opened in the wizard, each step visited.

No crash, nothing a terminal would act on drawn, and the answers left as they are.
"""

from __future__ import annotations

import os
import shutil
import tomllib
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from eqia_tui.tui.screens.drafts_table import DraftsTable, describe
from eqia_tui.tui.screens.wizard import WizardScreen
from hostile import unsafe

from .helpers import make_app, settle

CORPUS = Path(__file__).resolve().parents[1] / "fixtures" / "bad" / "drafts"
WIDE = (130, 40)

OPENED = [
    "hostile-everywhere",
    "hostile-markup",
    "title-xml-invalid",
    "long-text-crlf",
    "signed-by-hostile",
    "waiver-hostile",
    "set-aside-hostile",
    "resume-at-escape",
    "review-date-9999",
]
"""A representative set: hostile text in every kind of answer, in the version history, the
sign-off and the answers set aside; text XML cannot hold; odd line breaks; edge dates."""


def corpus_file(name: str) -> Path:
    found = [p for p in CORPUS.iterdir() if p.stem.split("-", 1)[1] == name]
    assert len(found) == 1, name
    return found[0]


def drafts_home(tmp_path: Path) -> Path:
    """Every draft of the corpus in one drafts folder, with links and a pipe beside them."""
    drafts = tmp_path / "drafts"
    drafts.mkdir(parents=True)
    for path in CORPUS.iterdir():
        shutil.copyfile(path, drafts / path.name)
    (drafts / "out-of-folder.toml").symlink_to("/etc/passwd")
    (drafts / "loop.toml").symlink_to(drafts / "loop.toml")
    (drafts / "to-folder.toml").symlink_to(tmp_path)
    if hasattr(os, "mkfifo"):
        os.mkfifo(drafts / "pipe.toml")
    (drafts / "\x1b]0;PWNED\x07.toml").write_bytes(b"")
    return tmp_path


async def drawn_safely(pilot: Pilot[Any], where: str) -> None:
    await settle(pilot)
    assert unsafe(pilot.app.export_screenshot()) == [], where


async def test_the_drafts_list_lists_every_file_of_the_corpus(tmp_path: Path) -> None:
    home = drafts_home(tmp_path)
    app = make_app(home)
    async with app.run_test(size=WIDE) as pilot:
        await drawn_safely(pilot, "the drafts list")
        table = app.screen.query_one(DraftsTable)
        assert table.row_count == len(list((home / "drafts").iterdir()))
        for summary in table.shown:
            assert unsafe(describe(summary).plain) == [], summary.id
        for _ in range(0, table.row_count, 40):
            await pilot.press(*["down"] * 40)
            await drawn_safely(pilot, f"the drafts list at row {table.cursor_row}")
        assert app.is_running


def answers(path: Path) -> dict[str, Any]:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    return {k: v for k, v in data.items() if k not in ("updated", "resume_at")}


@pytest.mark.parametrize("name", OPENED)
async def test_a_file_of_the_corpus_opens_and_every_step_is_drawn_safely(
    tmp_path: Path, name: str
) -> None:
    path = tmp_path / "files" / "draft.toml"
    path.parent.mkdir()
    shutil.copyfile(corpus_file(name), path)
    before = answers(path)
    app = make_app(tmp_path / "home", open_path=path)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, WizardScreen), name
        seen: set[str] = set()
        while screen.current not in seen:
            seen.add(screen.current)
            await drawn_safely(pilot, f"{name}: {screen.current}")
            await pilot.press("ctrl+n")
            await settle(pilot)
        await pilot.press("f1")
        await drawn_safely(pilot, f"{name}: help")
        await pilot.press("ctrl+q")
    assert answers(path) == before
