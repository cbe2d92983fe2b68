"""The wizard's command palette (Ctrl+P): search a command by its words, run it with Enter.

Each test checks what the officer sees first (the command at the top of the list, the one
Enter runs), then that the command did what its name says, on the screen and in the file.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import pytest
import tomli_w
from textual.command import CommandList, CommandPalette
from textual.pilot import Pilot
from textual.widgets import Input

import eqia_tui.tui.screens.wizard.saving as saving_module
from eqia_tui.tui.dialogs.action_suggestions import ActionSuggestions
from eqia_tui.tui.dialogs.confirm import ConfirmDialog
from eqia_tui.tui.dialogs.path_dialog import PathDialog
from eqia_tui.tui.dialogs.prompt import PromptDialog
from eqia_tui.tui.screens.drafts import DraftsScreen
from eqia_tui.tui.screens.wizard import WizardScreen
from eqia_tui.tui.widgets.help_panel import HelpPanel
from unit.helpers import ready_to_sign

from .helpers import FIXED, approved, example_answers, make_app, settle

PATH_IN_DRAFTS = Path("drafts") / "parking-permits.toml"


def saved(home: Path, name: Path = PATH_IN_DRAFTS) -> dict[str, Any]:
    return tomllib.loads((home / name).read_text(encoding="utf-8"))


async def start_a_new_draft(pilot: Pilot[Any]) -> None:
    """Ctrl+N on the start screen, a title, Enter: the wizard opens on its first step."""
    await settle(pilot)
    await pilot.press("ctrl+n")
    await settle(pilot)
    await pilot.press(*"Parking permits", "enter")
    await settle(pilot)
    assert isinstance(pilot.app.screen, WizardScreen)


async def open_the_only_draft(pilot: Pilot[Any]) -> None:
    await settle(pilot)
    await pilot.press("enter")
    await settle(pilot)
    assert isinstance(pilot.app.screen, WizardScreen)


def top_hit(pilot: Pilot[Any]) -> str:
    """The first line of the highlighted command: what Enter runs."""
    commands = pilot.app.screen.query_one(CommandList)
    assert commands.highlighted is not None, "nothing is highlighted"
    prompt = commands.get_option_at_index(commands.highlighted).prompt
    return str(prompt).split("\n")[0]


async def run_command(pilot: Pilot[Any], query: str, expected: str) -> None:
    """Ctrl+P, type `query`, check the highlighted command is `expected`, then Enter."""
    await pilot.press("ctrl+p")
    await settle(pilot)
    assert isinstance(pilot.app.screen, CommandPalette)
    await pilot.press(*query)
    await settle(pilot)
    assert top_hit(pilot) == expected
    await pilot.press("enter")
    await settle(pilot)
    assert not isinstance(pilot.app.screen, CommandPalette), "the palette closes"


def step_bar(pilot: Pilot[Any]) -> str:
    return str(pilot.app.screen.query_one("#step-bar").render())


def toasts(pilot: Pilot[Any]) -> str:
    """Every notification on the screen, as one text."""
    return "\n".join(str(toast.render()) for toast in pilot.app.screen.query("Toast"))


async def test_go_to_a_step_or_a_characteristic_by_its_name(tmp_path: Path) -> None:
    home = tmp_path / "home"
    app = make_app(home)
    async with app.run_test(size=(120, 36), notifications=True) as pilot:
        await start_a_new_draft(pilot)
        assert " 1 About the policy " in step_bar(pilot)

        await run_command(pilot, "judgement", "Go to step 5: Judgement")
        assert " 5 Judgement " in step_bar(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert saved(home)["resume_at"] == "judgement", "the move is saved"

        await run_command(pilot, "disability", "Go to characteristic: Disability")
        assert " 2 Screening grid " in step_bar(pilot)
        assert str(app.screen.query_one("#characteristic-title").render()).startswith("Disability")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert saved(home)["resume_at"] == "screening.disability"

        await run_command(pilot, "go to step 9", "Go to step 9: Summary")
        assert " 9 Summary " in step_bar(pilot)


async def test_export_asks_where_and_writes_the_file(tmp_path: Path) -> None:
    home = tmp_path / "home"
    out = tmp_path / "out" / "parking.md"
    out.parent.mkdir()
    app = make_app(home)
    async with app.run_test(size=(120, 36), notifications=True) as pilot:
        await start_a_new_draft(pilot)
        await run_command(pilot, "export", "Export the assessment")
        dialog = app.screen
        assert isinstance(dialog, PathDialog)
        assert str(dialog.query_one(".dialog-title").render()) == "Export the assessment"
        assert dialog.query_one("#path", Input).value.endswith("parking-permits.toml")
        # Ctrl+U clears the box; Tab to the formats, the third is Markdown: the name follows.
        await pilot.press("ctrl+u", *str(out.with_suffix(".toml")), "tab", "down", "down", "enter")
        await settle(pilot)
        assert dialog.query_one("#path", Input).value == str(out)
        await pilot.press("tab", "enter")  # on to Export
        await settle(pilot)
        assert isinstance(app.screen, WizardScreen)
        assert f"Exported to {out}" in toasts(pilot)
    assert out.read_text(encoding="utf-8").startswith(
        "# Equality Impact Assessment: Parking permits\n"
    )


async def test_save_a_version_records_it_in_the_file(tmp_path: Path) -> None:
    home = tmp_path / "home"
    app = make_app(home)
    async with app.run_test(size=(120, 36), notifications=True) as pilot:
        await start_a_new_draft(pilot)
        await run_command(pilot, "save a version", "Save a version")
        dialog = app.screen
        assert isinstance(dialog, PromptDialog)
        assert str(dialog.query_one(".dialog-title").render()) == "Save a version"
        await pilot.press(*"Priya Shah", "tab", *"First draft", "enter")
        await settle(pilot)
        assert isinstance(app.screen, WizardScreen)
        assert "Saved version 0.1." in toasts(pilot)
    [entry] = saved(home)["history"]
    assert (entry["version"], entry["author"], entry["comment"]) == (
        "0.1",
        "Priya Shah",
        "First draft",
    )


async def test_save_now_writes_at_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The autosave waits far longer than the test, so only "Save now" can write the answer.
    monkeypatch.setattr(saving_module, "SAVE_DELAY", 3600.0)
    monkeypatch.setattr(saving_module, "SAVE_WITHIN", 3600.0)
    home = tmp_path / "home"
    app = make_app(home)
    async with app.run_test(size=(120, 36), notifications=True) as pilot:
        await start_a_new_draft(pilot)
        await pilot.press(*"Growth")  # the first question, the directorate, has the focus
        await settle(pilot)
        assert "directorate" not in saved(home)["details"], "not saved yet"
        await run_command(pilot, "save now", "Save now")
        assert saved(home)["details"]["directorate"] == "Growth"
        assert str(app.screen.query_one("#saved").render()).startswith("Saved ")


async def test_show_or_hide_help_and_back_to_drafts(tmp_path: Path) -> None:
    home = tmp_path / "home"
    app = make_app(home)
    async with app.run_test(size=(120, 36), notifications=True) as pilot:
        await start_a_new_draft(pilot)
        help_panel = app.screen.query_one(HelpPanel)
        assert help_panel.display, "a wide screen shows the help"
        await run_command(pilot, "help", "Show or hide help")
        assert not help_panel.display
        await run_command(pilot, "help", "Show or hide help")
        assert help_panel.display

        await run_command(pilot, "drafts", "Back to drafts")
        assert isinstance(app.screen, DraftsScreen)
        # The draft is listed, and no other command of the wizard is offered here.
        await pilot.press("ctrl+p")
        await settle(pilot)
        await pilot.press(*"export")
        await settle(pilot)
        assert app.screen.query_one(CommandList).option_count == 0
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, DraftsScreen)


async def test_suggest_actions_says_when_there_is_no_action_plan(tmp_path: Path) -> None:
    home = tmp_path / "home"
    app = make_app(home)
    async with app.run_test(size=(120, 36), notifications=True) as pilot:
        await start_a_new_draft(pilot)
        await run_command(pilot, "suggest", "Suggest actions from the screening")
        assert isinstance(app.screen, WizardScreen)
        assert "There is no action plan to fill with the answers given so far." in toasts(pilot)
        assert " 1 About the policy " in step_bar(pilot), "no move to a step that is not asked"


def home_with_screened_draft(tmp_path: Path) -> Path:
    """A draft whose screening rates Age's negative impact medium, with internal action
    chosen and no action written yet: an action is there to suggest."""
    home = tmp_path / "home"
    (home / "drafts").mkdir(parents=True)
    data = {
        "format": "eqia-assessment",
        "format_version": 1,
        "id": "parking-permits",
        "questionnaire": "kcc-eqia",
        "questionnaire_version": "1.0",
        "created": FIXED,
        "updated": FIXED,
        "details": {"title": "Parking permits"},
        "screening": {"age": {"affects_less_favourably": True, "negative_impact": "medium"}},
        "judgement": {"option": "internal-action"},
    }
    (home / PATH_IN_DRAFTS).write_text(tomli_w.dumps(data), encoding="utf-8")
    return home


async def test_suggest_actions_goes_to_the_plan_and_offers_them(tmp_path: Path) -> None:
    home = home_with_screened_draft(tmp_path)
    app = make_app(home)
    async with app.run_test(size=(120, 36), notifications=True) as pilot:
        await open_the_only_draft(pilot)
        await run_command(pilot, "suggest", "Suggest actions from the screening")
        assert isinstance(app.screen, ActionSuggestions)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, WizardScreen)
        assert " Action plan " in step_bar(pilot)
        # Asked again on the plan itself, it offers them again.
        await run_command(pilot, "suggest", "Suggest actions from the screening")
        assert isinstance(app.screen, ActionSuggestions)


def home_with_ready_example(tmp_path: Path) -> Path:
    """The example, with no error left that stops sign-off (its review date is ahead),
    approved by a reviewer."""
    home = tmp_path / "home"
    (home / "drafts").mkdir(parents=True)
    data = approved(ready_to_sign(example_answers()))
    (home / "drafts" / "customer-service-policy.toml").write_text(
        tomli_w.dumps(data), encoding="utf-8"
    )
    return home


async def test_sign_off_then_reopen_for_changes(tmp_path: Path) -> None:
    home = home_with_ready_example(tmp_path)
    name = Path("drafts") / "customer-service-policy.toml"
    app = make_app(home)
    async with app.run_test(size=(120, 36), notifications=True) as pilot:
        await open_the_only_draft(pilot)
        await run_command(pilot, "reopen", "Reopen for changes")
        assert "This assessment is not signed, so it is open for changes already." in toasts(pilot)

        await run_command(pilot, "sign off", "Sign off")
        dialog = app.screen
        assert isinstance(dialog, PromptDialog), "no error stops it: the names are asked"
        assert str(dialog.query_one(".dialog-title").render()) == "Sign off"
        await pilot.press(*"Priya Shah", "tab", *"Sam Patel", "enter")
        await settle(pilot)
        assert isinstance(app.screen, WizardScreen)
        assert app.screen.query_one("#read-only-banner").display
        assert saved(home, name)["signed"]["by"] == "Sam Patel"

        await run_command(pilot, "reopen", "Reopen for changes")
        confirm = app.screen
        assert isinstance(confirm, ConfirmDialog)
        assert str(confirm.query_one(".dialog-title").render()) == "Reopen for changes?"
        await pilot.press("shift+tab", "enter")  # from Cancel to Reopen
        await settle(pilot)
        assert isinstance(app.screen, WizardScreen), "the name is remembered: not asked again"
        assert not app.screen.query_one("#read-only-banner").display
    after = saved(home, name)
    assert "signed" not in after
    assert after["history"][-1]["author"] == "Priya Shah"


async def test_quit_from_the_palette_saves_and_closes(tmp_path: Path) -> None:
    home = tmp_path / "home"
    app = make_app(home)
    async with app.run_test(size=(120, 36), notifications=True) as pilot:
        await start_a_new_draft(pilot)
        await pilot.press(*"Growth")
        await run_command(pilot, "quit", "Quit")
        assert not app.is_running
    assert saved(home)["details"]["directorate"] == "Growth"
