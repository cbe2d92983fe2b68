"""The action plan's rows by keys and clicks: add in the form, move, delete (asked first).

Every change is checked twice: in the table the officer sees, and in the draft's file after
Ctrl+S ("Save now"), so nothing depends on how long the autosave waits.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from textual.pilot import Pilot
from textual.widgets import Button, DataTable

from eqia_tui.tui.dialogs.confirm import ConfirmDialog
from eqia_tui.tui.dialogs.row_editor import RowEditor
from eqia_tui.tui.screens.wizard import WizardScreen

from .helpers import make_app, settle

DRAFT = """\
format = "eqia-assessment"
format_version = 1
id = "parking"
questionnaire = "kcc-eqia"
questionnaire_version = "1.0"
created = 2026-11-01 09:00:00+00:00
updated = 2026-11-01 09:00:00+00:00
resume_at = "judgement"

[details]
title = "Parking permits"

[judgement]
option = "internal-action"
"""
"""A draft on the judgement step, with internal action chosen: the action plan comes next.
Nothing is screened, so no actions are offered when the plan opens."""

BAYS = {
    "characteristics": "all",
    "issue": "Bays move away.",
    "action": "Keep bays near the door.",
    "owner": "Parking team",
    "timescale": "By March",
}
LETTERS = {
    "characteristics": ["age"],
    "issue": "Emails missed.",
    "action": "Write to them by post.",
    "owner": "Customer team",
    "timescale": "By June",
}


def home_with_draft(tmp_path: Path) -> tuple[Path, Path]:
    home = tmp_path / "home"
    (home / "drafts").mkdir(parents=True)
    path = home / "drafts" / "parking.toml"
    path.write_text(DRAFT, encoding="utf-8")
    return home, path


async def open_the_action_plan(pilot: Pilot[Any]) -> None:
    """From the start screen: open the only draft, then Ctrl+N from the judgement."""
    await settle(pilot)
    await pilot.press("enter")
    await settle(pilot)
    await pilot.press("ctrl+n")
    await settle(pilot)
    assert " Action plan " in step_bar(pilot), step_bar(pilot)
    assert isinstance(pilot.app.focused, DataTable), "the list of actions has the focus"


def step_bar(pilot: Pilot[Any]) -> str:
    return str(pilot.app.screen.query_one("#step-bar").render())


def table(pilot: Pilot[Any]) -> DataTable[Any]:
    screen = pilot.app.screen
    assert isinstance(screen, WizardScreen), f"expected the wizard, got {screen}"
    shown: DataTable[Any] = screen.query_one("#field-actions DataTable", DataTable)
    return shown


def listed(pilot: Pilot[Any]) -> list[str]:
    """The issue of each action, as the table shows it, top to bottom."""
    return [str(cell) for cell in table(pilot).get_column("issue")]


def highlighted(pilot: Pilot[Any]) -> str:
    shown = table(pilot)
    return str(shown.get_cell_at(shown.cursor_coordinate._replace(column=1)))


async def saved_actions(pilot: Pilot[Any], path: Path) -> list[dict[str, Any]] | None:
    """Ctrl+S, then the actions as the file has them (None: the file has no actions)."""
    await pilot.press("ctrl+s")
    await settle(pilot)
    saved = tomllib.loads(path.read_text(encoding="utf-8"))
    actions: list[dict[str, Any]] | None = saved.get("action_plan", {}).get("actions")
    return actions


async def add_action(pilot: Pilot[Any], row: dict[str, Any]) -> None:
    """A, then the form filled in by keys (outcome, due date and cost left out), Ctrl+S."""
    await pilot.press("a")
    await settle(pilot)
    editor = pilot.app.screen
    assert isinstance(editor, RowEditor)
    assert str(editor.query_one(".dialog-title").render()) == "New action"
    # The tick boxes have the focus: "All characteristics" first, then one per characteristic.
    if row["characteristics"] != "all":
        assert row["characteristics"] == ["age"]
        await pilot.press("down")  # Age, the first characteristic
    await pilot.press("space")
    for column in ("issue", "action"):
        await pilot.press("tab", *row[column])
    await pilot.press("tab", "tab", *row["owner"])  # past the expected outcome
    await pilot.press("tab", *row["timescale"])
    await pilot.press("ctrl+s")
    await settle(pilot)
    assert isinstance(pilot.app.screen, WizardScreen), "the form closes once saved"


async def test_actions_added_moved_and_deleted_by_keys_reach_the_file(tmp_path: Path) -> None:
    home, path = home_with_draft(tmp_path)
    app = make_app(home)
    async with app.run_test(size=(120, 36)) as pilot:
        await open_the_action_plan(pilot)
        assert listed(pilot) == []
        assert app.screen.query_one("#field-actions #delete", Button).disabled

        await add_action(pilot, BAYS)
        assert listed(pilot) == [BAYS["issue"]]
        assert await saved_actions(pilot, path) == [BAYS]

        await add_action(pilot, LETTERS)
        assert listed(pilot) == [BAYS["issue"], LETTERS["issue"]]
        assert highlighted(pilot) == LETTERS["issue"], "the new action is highlighted"
        assert await saved_actions(pilot, path) == [BAYS, LETTERS]

        # Ctrl+Up moves the highlighted action up, and the highlight goes with it.
        await pilot.press("ctrl+up")
        await settle(pilot)
        assert listed(pilot) == [LETTERS["issue"], BAYS["issue"]]
        assert highlighted(pilot) == LETTERS["issue"]
        assert await saved_actions(pilot, path) == [LETTERS, BAYS]

        # Ctrl+Down moves it back down.
        await pilot.press("ctrl+down")
        await settle(pilot)
        assert listed(pilot) == [BAYS["issue"], LETTERS["issue"]]
        assert highlighted(pilot) == LETTERS["issue"]
        assert await saved_actions(pilot, path) == [BAYS, LETTERS]

        # D asks first; Esc keeps the action.
        await pilot.press("d")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, ConfirmDialog)
        assert str(dialog.query_one(".dialog-title").render()) == "Delete action 2?"
        assert str(dialog.query_one(".dialog-body").render()) == (
            f"This action will be removed: “{LETTERS['issue']}”"
        )
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, WizardScreen)
        assert listed(pilot) == [BAYS["issue"], LETTERS["issue"]]
        assert await saved_actions(pilot, path) == [BAYS, LETTERS]

        # Cancel has the focus, so Enter keeps the action too.
        await pilot.press("delete")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("enter")
        await settle(pilot)
        assert listed(pilot) == [BAYS["issue"], LETTERS["issue"]]
        assert await saved_actions(pilot, path) == [BAYS, LETTERS]

        # Shift+Tab to Delete, Enter: the highlighted action goes, and only that one.
        await pilot.press("d")
        await settle(pilot)
        await pilot.press("shift+tab", "enter")
        await settle(pilot)
        assert isinstance(app.screen, WizardScreen)
        assert listed(pilot) == [BAYS["issue"]]
        assert await saved_actions(pilot, path) == [BAYS]


async def test_up_and_down_buttons_move_an_action_and_stop_at_the_ends(tmp_path: Path) -> None:
    home, path = home_with_draft(tmp_path)
    app = make_app(home)
    async with app.run_test(size=(120, 36)) as pilot:
        await open_the_action_plan(pilot)
        await add_action(pilot, BAYS)
        await add_action(pilot, LETTERS)

        await pilot.click("#field-actions #up")
        await settle(pilot)
        assert listed(pilot) == [LETTERS["issue"], BAYS["issue"]]
        assert await saved_actions(pilot, path) == [LETTERS, BAYS]

        await pilot.click("#field-actions #up")  # already at the top: nothing moves
        await settle(pilot)
        assert listed(pilot) == [LETTERS["issue"], BAYS["issue"]]
        assert highlighted(pilot) == LETTERS["issue"]
        assert await saved_actions(pilot, path) == [LETTERS, BAYS]

        await pilot.click("#field-actions #down")
        await settle(pilot)
        assert listed(pilot) == [BAYS["issue"], LETTERS["issue"]]
        assert await saved_actions(pilot, path) == [BAYS, LETTERS]

        # The buttons are part of the table's question: its keys work from them too.
        await pilot.press("ctrl+down")  # already at the bottom: nothing moves
        await settle(pilot)
        assert listed(pilot) == [BAYS["issue"], LETTERS["issue"]]
        assert await saved_actions(pilot, path) == [BAYS, LETTERS]


async def test_deleting_the_last_action_empties_the_plan_in_the_file(tmp_path: Path) -> None:
    home, path = home_with_draft(tmp_path)
    app = make_app(home)
    async with app.run_test(size=(120, 36)) as pilot:
        await open_the_action_plan(pilot)
        await add_action(pilot, BAYS)
        assert await saved_actions(pilot, path) == [BAYS]

        await pilot.click("#field-actions #delete")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDialog)
        assert str(app.screen.query_one(".dialog-title").render()) == "Delete action 1?"
        await pilot.click("#confirm")
        await settle(pilot)
        assert listed(pilot) == []
        assert app.screen.query_one("#field-actions #delete", Button).disabled
        assert app.screen.query_one("#field-actions #edit", Button).disabled
        assert await saved_actions(pilot, path) is None

        # With nothing listed, D has nothing to delete: no question is asked.
        # The focus is on the Add button, in the same question: its keys work there too.
        assert app.focused is app.screen.query_one("#field-actions #add")
        await pilot.press("d")
        await settle(pilot)
        assert isinstance(app.screen, WizardScreen)
