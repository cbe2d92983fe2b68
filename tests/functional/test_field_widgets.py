"""The answer widgets on Textual's public interface: a set of options that shows an answer
(or none) without reporting it as the officer's, and written answers that wrap to the width
they are drawn at. These tests fail if Textual changes under the widgets."""

from __future__ import annotations

from pathlib import Path

from textual.app import App, ComposeResult
from textual.widgets import TextArea
from textual.widgets.text_area import WrappedDocument

from eqia_tui.tui.widgets.fields import LongTextField
from eqia_tui.tui.widgets.option_button import OptionButton
from eqia_tui.tui.widgets.option_set import OptionSet

from .helpers import EXAMPLE, current_pane, field, make_app, settle, wizard

EXAMPLE_TEXT = EXAMPLE.read_text(encoding="utf-8")


class Options(App[None]):
    """One set of options, and the choices it reports."""

    def __init__(self) -> None:
        super().__init__()
        self.reported: list[int] = []

    def compose(self) -> ComposeResult:
        yield OptionSet(OptionButton("Low"), OptionButton("Medium"), OptionButton("High"))

    def on_option_set_changed(self, event: OptionSet.Changed) -> None:
        self.reported.append(event.index)


def marked(options: OptionSet) -> list[bool]:
    return [button.value for button in options.buttons]


def highlighted(options: OptionSet) -> list[bool]:
    return [button.has_class("-selected") for button in options.buttons]


async def test_an_answer_shown_is_not_reported_and_can_be_none() -> None:
    app = Options()
    async with app.run_test() as pilot:
        options = app.query_one(OptionSet)
        options.show(1)
        await pilot.pause()
        assert marked(options) == [False, True, False] and options.chosen == 1
        assert highlighted(options) == [False, True, False], "the keys start on the answer"
        options.show(None)
        await pilot.pause()
        assert marked(options) == [False, False, False] and options.chosen is None
        assert highlighted(options) == [True, False, False], "or on the first option"
        assert app.reported == []


async def test_a_click_chooses_and_clicking_the_choice_again_keeps_it() -> None:
    app = Options()
    async with app.run_test() as pilot:
        options = app.query_one(OptionSet)
        options.show(0)
        await pilot.click(options.buttons[2])
        await pilot.pause()
        assert marked(options) == [False, False, True] and app.reported == [2]
        assert options.has_focus and highlighted(options) == [False, False, True]
        await pilot.click(options.buttons[2])
        await pilot.pause()
        assert marked(options) == [False, False, True] and app.reported == [2]


async def test_the_keys_move_round_the_options_and_choose() -> None:
    app = Options()
    async with app.run_test() as pilot:
        options = app.query_one(OptionSet)
        options.focus()
        await pilot.press("enter")
        assert marked(options) == [True, False, False] and app.reported == [0]
        await pilot.press("down", "right", "space")
        assert marked(options) == [False, False, True] and app.reported == [0, 2]
        await pilot.press("down")  # past the last: round to the first
        assert highlighted(options) == [True, False, False]
        await pilot.press("up", "left", "enter")
        assert marked(options) == [False, True, False] and app.reported == [0, 2, 1]
        await pilot.press("space")  # the option chosen already: nothing new
        assert marked(options) == [False, True, False] and app.reported == [0, 2, 1]


def _example_at(tmp_path: Path, place: str, text: str = EXAMPLE_TEXT) -> Path:
    """The example assessment (or `text`) in the drafts folder, opening at `place`."""
    header, _, rest = text.partition("\n[details]")
    path = tmp_path / "home" / "drafts" / EXAMPLE.name
    path.parent.mkdir(parents=True)
    path.write_text(f'{header}resume_at = "{place}"\n\n[details]{rest}', encoding="utf-8")
    return path


async def test_each_characteristic_shows_its_own_answer_on_the_same_form(tmp_path: Path) -> None:
    path = _example_at(tmp_path, "screening.race")
    app = make_app(tmp_path / "home", open_path=path)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        draft = wizard(app).draft.assessment
        question = field(app, "affects_less_favourably")
        options = question.query_one(OptionSet)
        assert question.value is True and options.has_focus

        await pilot.press("ctrl+down", "ctrl+down")  # to sexual orientation: "no"
        await settle(pilot)
        assert field(app, "affects_less_favourably") is question, "the form is the same"
        assert question.value is False and highlighted(options) == [False, True]
        await pilot.press("enter")  # the keys are on the answer: Enter keeps it
        await settle(pilot)
        assert draft.row("screening", "sexual_orientation")["affects_less_favourably"] is False

        await pilot.press("ctrl+up")  # to religion or belief: not answered
        await settle(pilot)
        assert question.value is None and marked(options) == [False, False]
        assert field(app, "negative_impact").value == "low"
        assert "affects_less_favourably" not in draft.row("screening", "religion_or_belief")
        await pilot.press("enter")  # nothing chosen: the first option, Yes
        await settle(pilot)
        assert draft.row("screening", "religion_or_belief")["affects_less_favourably"] is True
        assert draft.row("screening", "sexual_orientation")["affects_less_favourably"] is False


async def test_an_answer_shown_is_never_taken_for_the_officers(tmp_path: Path) -> None:
    """The lightest judgement with actions written is asked about when the officer chooses
    it; a file that holds it already opens without a word, and nothing is recorded."""
    lightest = EXAMPLE_TEXT.replace('option = "full-assessment"', 'option = "screening-sufficient"')
    path = _example_at(tmp_path, "judgement", lightest)
    before = path.read_bytes()
    app = make_app(tmp_path / "home", open_path=path)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        assert wizard(app).current == "judgement" and app.screen is wizard(app), "no question"
        assert field(app, "option").value == "screening-sufficient"
        await pilot.press("ctrl+q")
    assert path.read_bytes() == before


def _wrapped_where_drawn(area: TextArea) -> bool:
    """The text area's lines are wrapped to the width it is drawn at."""
    fresh = WrappedDocument(area.document, area.wrap_width, area.indent_width)
    return area.wrap_width > 0 and area.wrapped_document.height == fresh.height


async def test_written_answers_wrap_to_the_width_they_are_drawn_at(tmp_path: Path) -> None:
    """Each step's answers are laid out before the step is shown, and the window changes
    size while they are hidden: still every answer wraps to its box when shown."""
    path = _example_at(tmp_path, "details")
    app = make_app(tmp_path / "home", open_path=path)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        screen = wizard(app)
        last = screen.steps()[-1].id
        for size in ((120, 36), (90, 30)):
            await pilot.resize_terminal(*size)
            await settle(pilot)
            seen = 0
            while True:
                for answer in current_pane(app).query(LongTextField):
                    if answer.display:
                        area = answer.query_one(TextArea)
                        assert _wrapped_where_drawn(area), (size, screen.current, answer.id)
                        seen += 1
                if screen.current == last:
                    break
                await pilot.press("ctrl+n")
                await settle(pilot)
            assert seen > 5
            while screen.current != screen.steps()[0].id:
                await pilot.press("ctrl+b")
                await settle(pilot)
