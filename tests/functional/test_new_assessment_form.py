"""The new-assessment form (Ctrl+N on the start screen), filled in by keys.

Each check says what is wrong in plain words under the form, puts the cursor where the fix
goes, and creates nothing; once the answer is fixed, Enter starts the assessment.
"""

from __future__ import annotations

import shutil
import tomllib
from pathlib import Path
from typing import Any

from textual.pilot import Pilot
from textual.widgets import Input, RadioButton, RadioSet

from eqia_tui.tui.dialogs.new_assessment import NewAssessmentDialog
from eqia_tui.tui.screens.drafts import DraftsScreen
from eqia_tui.tui.screens.wizard import WizardScreen

from .helpers import EXAMPLE, make_app, settle

NO_TITLE = "Please give the name of the policy, service or project."
BAD_NAME = "The file name is not valid: use 1 to 64 lower-case letters, digits and hyphens."


async def open_the_form(pilot: Pilot[Any]) -> NewAssessmentDialog:
    await settle(pilot)
    assert isinstance(pilot.app.screen, DraftsScreen)
    await pilot.press("ctrl+n")
    await settle(pilot)
    dialog = pilot.app.screen
    assert isinstance(dialog, NewAssessmentDialog)
    assert focused_box(pilot) == "title", "the name of the policy is asked first"
    return dialog


def focused_box(pilot: Pilot[Any]) -> str | None:
    focused = pilot.app.focused
    return focused.id if isinstance(focused, Input) else None


def said(dialog: NewAssessmentDialog) -> str:
    return str(dialog.query_one("#new-error").render())


def box(dialog: NewAssessmentDialog, box_id: str) -> str:
    return dialog.query_one(f"#{box_id}", Input).value


def drafts(home: Path) -> list[str]:
    folder = home / "drafts"
    return sorted(p.name for p in folder.glob("*.toml")) if folder.is_dir() else []


def saved(home: Path, name: str) -> dict[str, Any]:
    return tomllib.loads((home / "drafts" / name).read_text(encoding="utf-8"))


async def test_an_empty_name_is_asked_for_then_start_works(tmp_path: Path) -> None:
    home = tmp_path / "home"
    app = make_app(home)
    async with app.run_test(size=(120, 36)) as pilot:
        dialog = await open_the_form(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is dialog, "nothing to start yet"
        assert said(dialog) == NO_TITLE
        assert focused_box(pilot) == "title"

        await pilot.press(*"   ", "enter")  # spaces are not a name either
        await settle(pilot)
        assert app.screen is dialog
        assert said(dialog) == NO_TITLE
        assert drafts(home) == []

        await pilot.press("ctrl+u", *"Library opening hours")
        await settle(pilot)
        assert box(dialog, "id") == "library-opening-hours", "the file name follows the name"
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, WizardScreen)
    assert drafts(home) == ["library-opening-hours.toml"]
    draft = saved(home, "library-opening-hours.toml")
    assert draft["details"]["title"] == "Library opening hours"
    assert draft["questionnaire"] == "kcc-eqia", "the council's form unless another is chosen"


async def test_a_file_name_with_other_characters_is_explained(tmp_path: Path) -> None:
    home = tmp_path / "home"
    app = make_app(home)
    async with app.run_test(size=(120, 36)) as pilot:
        dialog = await open_the_form(pilot)
        await pilot.press(*"Parking permits", "tab")
        assert focused_box(pilot) == "id"
        await pilot.press("ctrl+u", *"Parking permits!", "enter")
        await settle(pilot)
        assert app.screen is dialog
        assert said(dialog) == BAD_NAME
        assert focused_box(pilot) == "id", "the cursor is where the fix goes"
        assert drafts(home) == []

        await pilot.press("ctrl+u", "enter")  # no file name at all
        await settle(pilot)
        assert app.screen is dialog
        assert said(dialog) == BAD_NAME

        await pilot.press(*"permits-2027", "enter")
        await settle(pilot)
        assert isinstance(app.screen, WizardScreen)
    assert drafts(home) == ["permits-2027.toml"]
    assert saved(home, "permits-2027.toml")["details"]["title"] == "Parking permits"


async def test_a_file_name_that_is_taken_is_refused_and_the_draft_kept(tmp_path: Path) -> None:
    home = tmp_path / "home"
    (home / "drafts").mkdir(parents=True)
    shutil.copy(EXAMPLE, home / "drafts" / EXAMPLE.name)
    before = (home / "drafts" / EXAMPLE.name).read_bytes()
    app = make_app(home)
    async with app.run_test(size=(120, 36)) as pilot:
        dialog = await open_the_form(pilot)
        await pilot.press(*"Customer Service Policy")
        await settle(pilot)
        # The name made from the title is taken: the form offers the next free one.
        assert box(dialog, "id") == "customer-service-policy-2"
        await pilot.press("tab", "ctrl+u", *"customer-service-policy", "enter")
        await settle(pilot)
        assert app.screen is dialog
        assert said(dialog) == (
            'A draft called "customer-service-policy" already exists. Choose another name.'
        )
        assert focused_box(pilot) == "id"

        await pilot.press(*"-2026", "enter")
        await settle(pilot)
        assert isinstance(app.screen, WizardScreen)
    assert drafts(home) == sorted([EXAMPLE.name, "customer-service-policy-2026.toml"])
    assert (home / "drafts" / EXAMPLE.name).read_bytes() == before, "the other draft is kept"


async def test_the_message_is_about_the_newest_problem(tmp_path: Path) -> None:
    home = tmp_path / "home"
    app = make_app(home)
    async with app.run_test(size=(120, 36)) as pilot:
        dialog = await open_the_form(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert said(dialog) == NO_TITLE
        await pilot.press(*"Parking permits", "tab", "ctrl+u", *"Bad name", "enter")
        await settle(pilot)
        assert said(dialog) == BAD_NAME, "the older problem, fixed, is no longer shown"


async def test_the_questionnaire_is_chosen_by_keys(tmp_path: Path) -> None:
    home = tmp_path / "home"
    app = make_app(home)
    async with app.run_test(size=(120, 36)) as pilot:
        dialog = await open_the_form(pilot)
        choices = dialog.query_one("#questionnaire", RadioSet)
        labels = [str(button.label) for button in choices.query(RadioButton)]
        assert labels == [
            "Equality across the commissioning cycle (commissioning-cycle)",
            "Equality Impact Assessment (kcc-eqia)",
        ]
        assert choices.pressed_index == 1, "the council's form is chosen to begin with"
        await pilot.press("shift+tab")  # from the name back to the choice
        assert app.focused is choices
        # The keys' highlight starts on the chosen questionnaire: Enter keeps it.
        assert [str(b.label) for b in choices.query(RadioButton).filter(".-selected")] == labels[1:]
        await pilot.press("enter")
        await settle(pilot)
        assert choices.pressed_index == 1
        await pilot.press("up", "enter")
        await settle(pilot)
        assert choices.pressed_index == 0
        await pilot.press("tab", *"Home care contract", "enter")
        await settle(pilot)
        assert isinstance(app.screen, WizardScreen)
    draft = saved(home, "home-care-contract.toml")
    assert draft["questionnaire"] == "commissioning-cycle"
    assert draft["details"]["title"] == "Home care contract"


async def test_escape_creates_nothing(tmp_path: Path) -> None:
    home = tmp_path / "home"
    app = make_app(home)
    async with app.run_test(size=(120, 36)) as pilot:
        await open_the_form(pilot)
        await pilot.press(*"Parking permits", "escape")
        await settle(pilot)
        assert isinstance(app.screen, DraftsScreen)
    assert drafts(home) == []


async def test_the_error_goes_once_the_officer_types_a_fix(tmp_path: Path) -> None:
    app = make_app(tmp_path / "home")
    async with app.run_test(size=(120, 36)) as pilot:
        dialog = await open_the_form(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert said(dialog) == NO_TITLE
        await pilot.press("P")
        await settle(pilot)
        assert said(dialog) == "", "the problem is being fixed: it is no longer shown"
