"""At 80x24, the forms, lists and bars of the wizard can be read and used (issue 11):
the action plan's words, the new-action form, the open dialog, dates, the summary's list,
the palette, the step bar, and a window too small for any of it."""

from __future__ import annotations

import io
import re
import shutil
from pathlib import Path

from rich.console import Console
from textual.command import CommandList, CommandPalette
from textual.widgets import DataTable, Input, OptionList

from eqia_tui.tui.app import EqiaApp
from eqia_tui.tui.dialogs.path_dialog import PathDialog
from eqia_tui.tui.dialogs.prompt import PromptDialog
from eqia_tui.tui.dialogs.row_editor import RowEditor
from eqia_tui.tui.screens.drafts import DraftsScreen
from eqia_tui.tui.screens.wizard import WizardScreen
from eqia_tui.tui.widgets.step_bar import StepBar

from .helpers import EXAMPLE, example_answers, field, home_with_example, make_app, wizard
from .keys import go_to_step, settle, type_into

SMALL = (80, 24)
LONG_ACTION = next(
    row["action"] for row in example_answers()["action_plan"]["actions"] if len(row["action"]) > 200
)


def screen_text(app: EqiaApp) -> str:
    """What the terminal shows, as plain text, dialogs over the screens behind them."""
    console = Console(
        width=app.size.width,
        height=app.size.height,
        file=io.StringIO(),
        record=True,
        legacy_windows=False,
    )
    update = app.screen._compositor.render_update(
        full=True,
        screen_stack=app._background_screens,
    )
    console.print(update)
    return console.export_text()


def example_app(tmp_path: Path) -> EqiaApp:
    home = home_with_example(tmp_path / "home")
    return make_app(home, open_path=home / "drafts" / EXAMPLE.name)


# --- 1. The action plan's words ------------------------------------------------------------


async def test_the_action_plan_shows_every_word_of_a_long_action_at_80x24(tmp_path: Path) -> None:
    app = example_app(tmp_path)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        await go_to_step(pilot, "action_plan")
        table = app.screen.query_one(DataTable)
        assert app.focused is table
        rows = example_answers()["action_plan"]["actions"]
        index = next(i for i, row in enumerate(rows) if row["action"] == LONG_ACTION)
        await pilot.press(*["down"] * index)
        await settle(pilot)
        text = screen_text(app)
        assert "…" not in text, "no answer is cut short"
        for word in re.findall(r"[\w'-]+", LONG_ACTION):
            assert re.search(rf"(?<![\w-]){re.escape(word)}(?![\w-])", text), (word, text)
        # What is left out for want of width is named, with where to read it.
        assert "Not shown at this width: Owner and Timescale." in text
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, RowEditor), "Enter shows the whole action"


# --- 2. The new-action form ------------------------------------------------------------------


async def test_the_new_action_form_shows_its_first_answers_and_its_keys_at_80x24(
    tmp_path: Path,
) -> None:
    app = example_app(tmp_path)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        await go_to_step(pilot, "action_plan")
        await pilot.press("a")
        await settle(pilot)
        assert isinstance(app.screen, RowEditor)
        text = screen_text(app)
        assert "Protected characteristics" in text
        assert "Issue identified" in text, "the second answer shows without scrolling"
        assert "Save  Ctrl+S" in text
        assert "Cancel  Esc" in text
        listed = app.screen.query_one("#field-characteristics SelectionList")
        assert listed.outer_size.height <= 7, "the list of characteristics is kept short"


# --- 3. Open a file ---------------------------------------------------------------------------


async def test_a_name_typed_in_the_open_dialog_goes_in_the_folder_it_offered(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "files"
    folder.mkdir()
    shutil.copy(EXAMPLE, folder / "policy.toml")
    shutil.copy(EXAMPLE, folder / "second.toml")
    app = make_app(tmp_path / "home")
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+o")
        await settle(pilot)
        await type_into(pilot, app.screen.query_one("#path", Input), str(folder / "policy.toml"))
        await pilot.press("enter")
        await settle(pilot)
        assert wizard(app).path == folder / "policy.toml"
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, DraftsScreen)

        await pilot.press("ctrl+o")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, PathDialog)
        assert dialog.query_one("#path", Input).value == f"{folder}/", "the folder is offered"
        await pilot.press(*"missing.toml", "enter")
        await settle(pilot)
        said = str(dialog.query_one("#path-error").render())
        assert said == f"There is no file {folder / 'missing.toml'}. Check the name."
        await pilot.press("ctrl+shift+a", "backspace", *"second.toml", "enter")
        await settle(pilot)
        assert wizard(app).path == folder / "second.toml", "a name alone is in that folder"


# --- 4. Dates ---------------------------------------------------------------------------------


async def test_a_two_figure_year_is_refused_asking_for_four_figures(tmp_path: Path) -> None:
    app = example_app(tmp_path)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        await go_to_step(pilot, "details")
        box = field(app, "screening_date").query_one(Input)
        box.scroll_visible(animate=False)
        await settle(pilot)
        await type_into(pilot, box, "04/01/17")
        await pilot.press("tab")
        await settle(pilot)
        said = str(field(app, "screening_date").query_one("ErrorLine").render())
        assert said == "Write the year in four figures, like 04/01/2017."


# --- 5. The summary's list of what is missing ---------------------------------------------------


async def test_enter_on_the_summary_list_goes_to_the_first_missing_answer_at_once(
    tmp_path: Path,
) -> None:
    app = example_app(tmp_path)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        await go_to_step(pilot, "summary")
        # The example's open comments come first; with none, the missing answers do.
        first_list = app.screen.query_one("#open-comments", OptionList)
        assert app.focused is first_list
        first = first_list.get_option_at_index(0).id
        assert first is not None
        await pilot.press("enter")
        await settle(pilot)
        step = first.partition("|")[2].split(".")[0]
        assert wizard(app).current == step, "Enter went to the first item"


# --- 6. The palette: actions before moves ---------------------------------------------------


async def test_the_palette_offers_the_action_before_the_step_as_the_words_are_typed(
    tmp_path: Path,
) -> None:
    app = example_app(tmp_path)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        for words, action in [
            ("sign off", "Sign off"),
            ("export", "Export the assessment"),
            ("version", "Save a version"),
        ]:
            await pilot.press("ctrl+p")
            await settle(pilot)
            assert isinstance(app.screen, CommandPalette)
            await pilot.press(words[0])
            for typed in range(2, len(words) + 1):
                await pilot.press(words[typed - 1])
                await settle(pilot)
                assert _top_hit(app) == action, f"after {words[:typed]!r}: {_top_hit(app)}"
            await pilot.press("escape")
            await settle(pilot)
        await pilot.press("ctrl+p")
        await settle(pilot)
        await pilot.press(*"version", "enter")
        await settle(pilot)
        assert isinstance(app.screen, PromptDialog), "Enter runs the action"


def _top_hit(app: EqiaApp) -> str:
    commands = app.screen.query_one(CommandList)
    if commands.highlighted is None:
        return ""
    return str(commands.get_option_at_index(commands.highlighted).prompt).split("\n")[0]


# --- 7. The step bar ---------------------------------------------------------------------------


async def test_the_step_bar_names_the_steps_when_there_is_room(tmp_path: Path) -> None:
    app = example_app(tmp_path)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await go_to_step(pilot, "action_plan")
        bar = str(app.screen.query_one(StepBar).render())
        assert " 7 Action plan " in bar
        for name in ("Proportionality", "Judgement", "Full", "Equality", "Monitoring", "Sign-off"):
            assert name in bar, bar
        await pilot.resize_terminal(80, 24)
        await settle(pilot)
        bar = str(app.screen.query_one(StepBar).render())
        assert " 7 Action plan " in bar and "✓6" in bar and "○10" in bar, bar
        # A short name is a word that means something: "Equality", never a bare "The".
        assert "✓8 Equality " in bar and "✓9 Monitoring " in bar, bar
        assert len(bar) <= 78, "the bar fits the window"


async def test_the_step_bar_names_every_step_in_its_tooltip(tmp_path: Path) -> None:
    app = example_app(tmp_path)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        screen = wizard(app)
        tooltip = str(screen.query_one(StepBar).tooltip)
        for number, step in enumerate(screen.steps(), 1):
            assert f" {number} {step.title}: " in tooltip, tooltip
        assert "1 About the policy: done (you are here)" in tooltip
        assert "8 The equality duty: done" in tooltip
        assert "10 Sign-off: not started" in tooltip


# --- 8. A window too small ---------------------------------------------------------------------


async def test_a_window_too_small_says_the_smallest_size_and_comes_back(tmp_path: Path) -> None:
    app = example_app(tmp_path)
    async with app.run_test(size=(60, 20)) as pilot:
        await settle(pilot)
        text = screen_text(app)
        assert "Make the window at least 80 columns by 24 lines." in text
        assert "It is 60 by 20 now." in text
        await pilot.resize_terminal(80, 24)
        await settle(pilot)
        assert isinstance(app.screen, WizardScreen), "the draft is back, as it was"
        assert "Make the window" not in screen_text(app)
        await pilot.resize_terminal(79, 30)
        await settle(pilot)
        assert "Make the window at least 80 columns by 24 lines." in screen_text(app)
        await pilot.resize_terminal(100, 23)
        await settle(pilot)
        assert "It is 100 by 23 now." in screen_text(app)
        await pilot.resize_terminal(100, 30)
        await settle(pilot)
        assert isinstance(app.screen, WizardScreen)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, DraftsScreen)
