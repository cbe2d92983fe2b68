"""Answering questions as an officer would: what the fields show, and what the wizard keeps.

Each test here comes from watching someone use the app: a details box that did not wrap,
a choice shown by colour alone, a bad date saved without a word, a click that did nothing.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from textual import events
from textual.pilot import Pilot
from textual.widgets import Button, Input, RadioButton, SelectionList, Static, TextArea

from eqia_tui.tui.dialogs.action_suggestions import ActionSuggestions
from eqia_tui.tui.dialogs.confirm import ConfirmDialog
from eqia_tui.tui.dialogs.row_editor import RowEditor
from eqia_tui.tui.screens.wizard import WizardScreen
from eqia_tui.tui.steps.grid_step import GridStep
from eqia_tui.tui.steps.question_form import QuestionForm
from eqia_tui.tui.steps.section_step import REASON_CHECK
from eqia_tui.tui.widgets.characteristics_list import CharacteristicsList
from eqia_tui.tui.widgets.step_bar import StepBar
from eqia_tui.tui.widgets.typed_date import parse_uk_date

from .helpers import EXAMPLE, answer, field, make_app, new_draft, settle, wizard

LONG_ANSWER = "Evening opening helps people who work in the day to use the library. " * 3


async def new_draft_on_age(pilot: Pilot[Any]) -> WizardScreen:
    """A new draft, on the screening grid at Age."""
    screen = await new_draft(pilot)
    screen.goto("screening", "age")
    await settle(pilot)
    return screen


async def open_a_new_action(pilot: Pilot[Any], screen: WizardScreen) -> None:
    """From a new draft, the action plan's form for a new action."""
    screen.draft.assessment.set("judgement", "option", "internal-action")
    screen.goto("action_plan")
    await settle(pilot)
    if isinstance(pilot.app.screen, ActionSuggestions):
        await pilot.press("escape")  # no suggestions wanted here
        await settle(pilot)
    field(pilot.app, "actions").query_one("#add", Button).press()  # type: ignore[arg-type]
    await settle(pilot)


async def test_a_details_box_that_appears_wraps_what_is_typed(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await new_draft_on_age(pilot)
        await answer(pilot, "promotes_equal_opportunities", True)
        await settle(pilot)
        area = field(app, "equal_opportunities_details").query_one(TextArea)
        area.focus()
        await pilot.press(*LONG_ANSWER[:120])
        await settle(pilot)
        # 120 characters in a box about 60 wide take at least two lines, never one.
        assert area.wrap_width > 0
        assert area.wrapped_document.height >= 120 // area.wrap_width
        wide_lines = area.wrapped_document.height
        await pilot.resize_terminal(80, 24)
        await settle(pilot)
        assert area.wrapped_document.height > wide_lines, "narrower box, more lines"
        await pilot.resize_terminal(100, 30)
        await settle(pilot)
        assert area.wrapped_document.height == wide_lines, "wrapped again at once"


async def test_a_choice_is_marked_not_only_coloured(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await new_draft_on_age(pilot)
        await answer(pilot, "negative_impact", "medium")
        await settle(pilot)
        buttons = list(field(app, "negative_impact").query(RadioButton))
        marks = [button.BUTTON_INNER for button in buttons]
        assert marks == [" ", "●", " ", " ", " "]
        assert "●" in str(buttons[1].render()) and "●" not in str(buttons[0].render())


async def test_y_n_and_enter_answer_a_yes_no_question_at_once(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await new_draft_on_age(pilot)
        question = field(app, "affects_less_favourably")
        assert question.query_one("OptionSet").has_focus
        await pilot.press("enter")  # nothing chosen yet: the first option is ready to pick
        await settle(pilot)
        assert screen.draft.assessment.row("screening", "age")["affects_less_favourably"] is True
        await pilot.press("n")
        await settle(pilot)
        assert screen.draft.assessment.row("screening", "age")["affects_less_favourably"] is False
        await pilot.press("y")
        await settle(pilot)
        assert screen.draft.assessment.row("screening", "age")["affects_less_favourably"] is True
        assert field(app, "affects_details").display


async def test_an_action_with_an_impossible_due_date_is_not_saved(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await new_draft(pilot)
        await open_a_new_action(pilot, screen)
        editor = app.screen
        assert isinstance(editor, RowEditor)
        editor.query_one(CharacteristicsList).select("age")
        for column, text in (
            ("issue", "Older people may miss the change."),
            ("action", "Write to every older member."),
        ):
            editor.query_one(f"#field-{column} TextArea", TextArea).insert(text)
        editor.query_one("#field-owner Input", Input).value = "Library manager"
        editor.query_one("#field-timescale Input", Input).value = "By March"
        editor.query_one("#field-due Input", Input).value = "30/02/2026"
        await settle(pilot)
        editor.query_one("#save", Button).press()
        await settle(pilot)
        assert app.screen is editor, "a date that does not exist keeps the form open"
        error = str(editor.query_one("#field-due .field-error", Static).render())
        assert "There is no such date" in error
        assert screen.draft.assessment.get("action_plan", "actions") is None

        editor.query_one("#field-due Input", Input).value = "28/02/2026"
        await settle(pilot)
        editor.query_one("#save", Button).press()
        await settle(pilot)
        (action,) = screen.draft.assessment.get("action_plan", "actions")
        assert str(action["due"]) == "2026-02-28"


async def test_characteristics_chosen_are_ticked_not_only_coloured(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await new_draft(pilot)
        await open_a_new_action(pilot, screen)
        choices = app.screen.query_one(SelectionList)
        choices.select("race")
        await settle(pilot)
        lines = [choices.render_line(y).text for y in range(choices.option_count)]
        assert lines[0].startswith("▐ ▌ All characteristics")
        race = next(line for line in lines if "Race" in line)
        assert race.startswith("▐✓▌")


async def test_clicking_a_step_in_the_step_bar_goes_there(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await new_draft(pilot)
        text = str(screen.query_one(StepBar).render())
        # The steps after the current one show as a mark and a number: "○3".
        column = text.index("3") + 1  # the bar has one cell of padding on the left
        await pilot.click(StepBar, offset=(column, 0))
        await settle(pilot)
        assert screen.current == screen.steps()[2].id


async def test_changing_the_weighting_after_the_reasons_asks_to_check_them(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await new_draft(pilot)
        screen.goto("proportionality")
        await settle(pilot)
        await answer(pilot, "reasons", "Few people are affected, and only for a week.")
        await answer(pilot, "rating", "high")
        await settle(pilot)
        note = field(app, "reasons").query_one(".field-error", Static)
        assert str(note.render()) == REASON_CHECK
        assert note.has_class("-note") and not field(app, "reasons").has_class("-invalid")
        await answer(pilot, "reasons", "High: the change closes the only branch in the area.")
        await settle(pilot)
        assert str(note.render()) == ""


async def test_opening_a_file_does_not_rewrite_it(tmp_path: Path) -> None:
    copy = tmp_path / "elsewhere" / "csp.toml"
    copy.parent.mkdir()
    shutil.copy(EXAMPLE, copy)
    before = copy.read_bytes()
    app = make_app(tmp_path / "home", open_path=copy)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        screen = wizard(app)
        assert str(copy) in screen.sub_title, "the title bar says which file is open"
        await pilot.pause(0.5)  # longer than the autosave delay
        await settle(pilot)
        await pilot.press("ctrl+q")
    assert copy.read_bytes() == before


async def test_quit_straight_after_typing_keeps_every_character(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    typed = "Parents with pushchairs need the lift."
    async with app.run_test(size=(120, 36)) as pilot:
        await new_draft_on_age(pilot)
        await answer(pilot, "affects_less_favourably", True)
        await settle(pilot)
        field(app, "affects_details").query_one(TextArea).focus()
        await settle(pilot)
        # A paste and a quit at once: every key is queued before any is handled.
        for character in [*typed, "ctrl+q"]:
            app.post_message(events.Key(character, character if len(character) == 1 else None))
        await pilot.pause()
    saved = (tmp_path / "drafts" / "parking.toml").read_text()
    assert typed in saved


async def test_a_signed_assessment_says_it_is_locked(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await new_draft(pilot)
        banner = screen.query_one("#read-only-banner", Static)
        assert not banner.display
        screen.draft.assessment.signed = {"by": "Sam Patel", "at": "2026-02-10T17:00:00Z"}
        screen.goto("details")
        await settle(pilot)
        assert banner.display and "locked" in str(banner.render())


async def test_the_characteristic_being_answered_is_not_flagged_until_left(
    tmp_path: Path,
) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await new_draft_on_age(pilot)
        await answer(pilot, "affects_less_favourably", True)
        await settle(pilot)
        pane = screen.pane("screening")
        assert isinstance(pane, GridStep)
        options = pane.query_one("#characteristics")
        assert "needs attention" not in str(options.get_option("age").prompt)  # type: ignore[attr-defined]
        assert "!" not in str(screen.query_one(StepBar).render()), "nor is any step"
        await pilot.press("ctrl+down")
        await settle(pilot)
        assert "needs attention" in str(options.get_option("age").prompt)  # type: ignore[attr-defined]


async def test_an_edited_suggestion_that_covers_more_removes_their_suggestions(
    tmp_path: Path,
) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await new_draft(pilot)
        a = screen.draft.assessment
        for characteristic in ("age", "race", "carers"):
            a.set("screening", "negative_impact", "medium", characteristic)
        a.set("judgement", "option", "internal-action")
        screen.goto("action_plan")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, ActionSuggestions)
        assert [s.characteristic for s in dialog.pending] == ["age", "race", "carers"]
        await pilot.press("e")
        await settle(pilot)
        editor = app.screen
        assert isinstance(editor, RowEditor)
        editor.query_one(CharacteristicsList).select("carers")
        editor.query_one("#field-owner Input", Input).value = "Equality team"
        editor.query_one("#field-timescale Input", Input).value = "By June"
        await settle(pilot)
        editor.query_one("#save", Button).press()
        await settle(pilot)
        assert app.screen is dialog
        assert [s.characteristic for s in dialog.pending] == ["race"]


async def test_tab_never_stops_on_the_form_itself(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await new_draft_on_age(pilot)
        assert field(app, "affects_less_favourably").query_one("OptionSet").has_focus
        await pilot.press("shift+tab")
        await settle(pilot)
        assert not isinstance(app.focused, QuestionForm), "a stop that shows no focus"


@pytest.mark.parametrize(
    ("typed", "said"),
    [
        ("31/02/2015", "There is no such date: February 2015 has no day 31."),
        ("1/13/2020", "There is no month 13: the month comes second, from 1 to 12."),
        ("01/01/0000", "The year 0 is too early."),
        ("12-1-2020", "Type the date as day/month/year"),
    ],
)
def test_a_date_that_cannot_be_says_why_in_words(typed: str, said: str) -> None:
    with pytest.raises(ValueError) as caught:
        parse_uk_date(typed)
    assert str(caught.value).startswith(said)


async def test_leaving_a_half_written_action_asks_first(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await new_draft(pilot)
        await open_a_new_action(pilot, screen)
        editor = app.screen
        assert isinstance(editor, RowEditor)
        await pilot.press("escape")  # nothing typed: it simply closes
        await settle(pilot)
        assert not isinstance(app.screen, RowEditor)

        field(app, "actions").query_one("#add", Button).press()
        await settle(pilot)
        editor = app.screen
        assert isinstance(editor, RowEditor)
        editor.query_one("#field-issue TextArea", TextArea).insert("Carers may miss it.")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDialog), "Esc asks before throwing it away"
        await pilot.press("escape")  # no: back to the form, the words still there
        await settle(pilot)
        assert app.screen is editor
        await pilot.press("ctrl+q")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDialog), "and so does quitting"
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is editor and app.is_running


async def test_tabbing_into_an_answer_carries_on_from_its_end(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await new_draft(pilot)
        # As when a draft is opened: the answer is loaded, the cursor left at its start.
        screen.draft.assessment.set("details", "subject", "Shorter hours.")
        field(app, "subject").set_value("Shorter hours.")
        await settle(pilot)
        field(app, "title").query_one(Input).focus()
        await pilot.press("tab")
        await settle(pilot)
        area = field(app, "subject").query_one(TextArea)
        assert area.has_focus
        await pilot.press(*" On Mondays.")
        await settle(pilot)
        assert screen.draft.assessment.get("details", "subject") == "Shorter hours. On Mondays."


async def test_next_characteristic_works_from_the_buttons_too(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await new_draft_on_age(pilot)
        screen.query_one("#next", Button).focus()
        await pilot.press("ctrl+down")
        await settle(pilot)
        pane = screen.pane("screening")
        assert isinstance(pane, GridStep) and pane.current == "disability"
        screen.goto("details")
        await settle(pilot)
        assert not screen.check_action("characteristic", (1,)), "hidden away from the grid"
