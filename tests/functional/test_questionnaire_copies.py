"""A draft started from a questionnaire file reopens after a restart, once the file has gone."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Static

from eqia_tui.cli import main
from eqia_tui.tui.app import EqiaApp
from eqia_tui.tui.dialogs.new_assessment import NewAssessmentDialog
from eqia_tui.tui.screens.drafts import DraftsScreen
from eqia_tui.tui.screens.drafts_table import DraftsTable

from .helpers import ROOT, make_app, settle, wizard

MINI = ROOT / "tests" / "fixtures" / "checks" / "mini-questionnaire.toml"


@pytest.fixture(autouse=True)
def full_screen(monkeypatch: pytest.MonkeyPatch) -> None:
    """`eqia new` here opens the full-screen app: standard input is not a terminal under
    pytest, which would choose plain mode (tests/functional/test_plain_mode.py)."""
    monkeypatch.setenv("EQIA_PLAIN", "0")


SMALL = (80, 24)


def questionnaire_file(tmp_path: Path) -> Path:
    path = tmp_path / "x" / "q.toml"
    path.parent.mkdir()
    shutil.copy(MINI, path)
    return path


async def reopen_after_restart(home: Path, assessment_id: str, title: str) -> None:
    """A new app, as after a restart: the draft is listed as usual and Enter opens it."""
    app = make_app(home)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        drafts = app.screen.query_one(DraftsTable)
        (summary,) = drafts.shown
        assert summary.id == assessment_id
        assert not summary.broken, summary.error
        cells = drafts.get_row(assessment_id)
        assert str(cells[0]) == title
        # Every column fits the screen (none pushed off to the right); the questionnaire is
        # in its column or, on a screen too narrow for that column, in the line under the list.
        assert drafts.virtual_size.width <= drafts.size.width
        detail = str(app.screen.query_one("#draft-detail", Static).render())
        assert "mini-review" in [str(cell) for cell in cells] or (
            "Questionnaire: mini-review." in detail
        )
        await pilot.press("enter")
        await settle(pilot)
        screen = wizard(app)
        assert screen.draft.assessment.id == assessment_id
        assert screen.draft.questionnaire.id == "mini-review"


async def test_a_draft_started_in_the_new_dialog_reopens_after_a_restart(
    tmp_path: Path, eqia_dirs: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = questionnaire_file(tmp_path)
    started: list[EqiaApp] = []
    monkeypatch.setattr(EqiaApp, "run", lambda self, *args, **kwargs: started.append(self))
    monkeypatch.chdir(source.parent)
    # `eqia new --questionnaire q.toml`: the app opens on the new assessment dialog.
    assert main(["new", "--questionnaire", "q.toml"]) == 0
    (app,) = started
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, NewAssessmentDialog)
        await pilot.press(*"Meals")
        await pilot.press("enter")
        await settle(pilot)
        assert wizard(app).draft.assessment.id == "meals"
        await pilot.press("ctrl+q")
    assert (eqia_dirs.home / "drafts" / "meals.toml").is_file()

    source.unlink()
    monkeypatch.chdir(tmp_path)
    await reopen_after_restart(eqia_dirs.home, "meals", "Meals")


async def test_a_draft_started_with_a_title_reopens_from_a_shared_home(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = questionnaire_file(tmp_path)
    monkeypatch.setattr(EqiaApp, "run", lambda self, *args, **kwargs: None)
    team = tmp_path / "team"
    command = ["--home", str(team), "new", "--questionnaire", str(source), "--title", "Meals"]
    assert main(command) == 0
    source.rename(tmp_path / "moved.toml")
    # Another officer with settings of their own opens the shared folder.
    monkeypatch.setenv("EQIA_CONFIG_DIR", str(tmp_path / "other-config"))
    await reopen_after_restart(team, "meals", "Meals")


async def test_a_questionnaire_that_cannot_be_found_is_a_broken_row_with_the_fix(
    tmp_path: Path, eqia_dirs: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = questionnaire_file(tmp_path)
    monkeypatch.setattr(EqiaApp, "run", lambda self, *args, **kwargs: None)
    assert main(["new", "--questionnaire", str(source), "--title", "Meals"]) == 0
    source.unlink()
    (eqia_dirs.home / "questionnaires" / "mini-review-1.0.toml").unlink()
    app = make_app(eqia_dirs.home)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        drafts = app.screen.query_one(DraftsTable)
        (summary,) = drafts.shown
        assert summary.broken
        assert str(drafts.get_row("meals")[0]) == "meals: cannot be read"
        detail = str(app.screen.query_one("#draft-detail").render())
        assert (
            'questionnaire: "mini-review" version "1.0" is not installed: put the '
            f"questionnaire file in {eqia_dirs.config / 'questionnaires'}"
        ) in detail.replace("\n", " ")
        await pilot.press("enter")  # explained, not opened, and no crash
        await settle(pilot)
        assert isinstance(app.screen, DraftsScreen)
