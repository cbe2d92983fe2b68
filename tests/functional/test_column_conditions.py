"""The form for a row of a table follows the conditions on its columns, as the checks do.

The purchases questionnaire asks "How much will it cost?" (required) only after "Does it
cost money?" is answered Yes, and makes "Who holds the budget?" required only then.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from textual.widgets import DataTable, Input, Label, Static

from eqia_tui.tui.dialogs.row_editor import RowEditor
from eqia_tui.tui.widgets.fields import Field

from .helpers import make_app, new_draft, settle

PURCHASES = (
    Path(__file__).resolve().parents[1] / "fixtures" / "column-conditions" / "purchases.toml"
)


def _field(editor: RowEditor, column: str) -> Field:
    return editor.query_one(f"#field-{column}", Field)


def _label(editor: RowEditor, column: str) -> str:
    return str(_field(editor, column).query_one(".field-label", Label).render())


def _error(editor: RowEditor, column: str) -> str:
    return str(_field(editor, column).query_one(".field-error", Static).render())


async def test_a_column_asked_after_yes_comes_and_goes_with_the_answer(tmp_path: Path) -> None:
    # The officer's own questionnaires folder (tests/conftest.py points it at a fresh folder).
    questionnaires = Path(os.environ["EQIA_CONFIG_DIR"]) / "questionnaires"
    questionnaires.mkdir(parents=True, exist_ok=True)
    shutil.copy(PURCHASES, questionnaires / PURCHASES.name)
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 36)) as pilot:
        screen = await new_draft(pilot, "purchases", "Office move", "office-move")
        await pilot.press("ctrl+n")  # on to the purchases
        await settle(pilot)
        assert screen.current == "plan"
        await pilot.press("a")  # add an item
        await settle(pilot)
        editor = app.screen
        assert isinstance(editor, RowEditor)
        assert not _field(editor, "cost").display, "not asked before the yes"
        assert "(required)" not in _label(editor, "budget_holder")

        await pilot.press(*"New chairs", "tab", "y")  # costs money: yes
        await settle(pilot)
        assert _field(editor, "cost").display, "asked after the yes"
        assert "(required)" in _label(editor, "cost")
        assert "(required)" in _label(editor, "budget_holder")

        await pilot.press("ctrl+s")  # the cost left empty
        await settle(pilot)
        assert editor.is_current, "refused"
        assert "This is needed" in _error(editor, "cost")
        assert "This is needed" in _error(editor, "budget_holder")
        assert editor.query_one("#field-cost Input", Input).has_focus
        assert screen.draft.assessment.get("plan", "items") is None

        await pilot.press(*"£300")  # a cost typed, then the answer changes to No
        await pilot.press("shift+tab", "n")
        await settle(pilot)
        assert not _field(editor, "cost").display, "gone with the no"
        assert "(required)" not in _label(editor, "budget_holder")
        assert "This is needed" not in _error(editor, "budget_holder")

        await pilot.press("ctrl+s")
        await settle(pilot)
        assert screen.is_current, "accepted"
        # The row saved is the row shown: no cost, which is no longer asked.
        assert screen.draft.assessment.get("plan", "items") == [
            {"item": "New chairs", "costs_money": False}
        ]
        listed = screen.query_one(DataTable)
        assert [str(cell) for cell in listed.get_row_at(0)] == ["New chairs", "No", "Not asked"]
