"""One widget per question type. Each knows how to show its question and report a new answer.

A field remembers the last answer it reported, so loading a value into it never looks
like the officer typing: the widget's own change event sees the same value and stays quiet.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from rich.segment import Segment
from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.geometry import Region
from textual.message import Message
from textual.strip import Strip
from textual.widgets import Input, Label, RadioButton, RadioSet, SelectionList, Static, TextArea
from textual.widgets.selection_list import Selection

from eqia_tui.core.model.questionnaire import (
    ALL,
    AnyQuestion,
    CharacteristicsQuestion,
    ChoiceQuestion,
    DateQuestion,
    LongTextQuestion,
    Questionnaire,
    TextQuestion,
    YesNoQuestion,
)
from eqia_tui.core.text.safe_text import shown
from eqia_tui.tui.widgets.option_button import OptionButton
from eqia_tui.tui.widgets.plain import plain, visible

UK_DATE = re.compile(r"^\s*(\d{1,2})\s*/\s*(\d{1,2})\s*/\s*(\d{4})\s*$")
DATE_HINT = "Type the date as day/month/year, for example 01/12/2026."


def parse_uk_date(text: str) -> date | None:
    """`01/12/2026` -> 1 December 2026. Raises ValueError with a plain message."""
    if not text.strip():
        return None
    match = UK_DATE.match(text)
    if not match:
        raise ValueError(DATE_HINT)
    day, month, year = (int(g) for g in match.groups())
    if not 1 <= month <= 12:
        raise ValueError(f"There is no month {month}: the month comes second, from 1 to 12.")
    if year < 1900:
        raise ValueError(f"The year {year} is too early. {DATE_HINT}")
    try:
        return date(year, month, day)
    except ValueError:
        named = date(year, month, 1).strftime("%B %Y")
        raise ValueError(f"There is no such date: {named} has no day {day}.") from None


def format_uk_date(value: date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


class Field(Vertical):
    """A question with its label, its input and a line for errors."""

    can_focus = False

    class Changed(Message):
        """The officer gave a new answer (None when they cleared it)."""

        def __init__(self, field: Field, value: Any) -> None:
            super().__init__()
            self.field = field
            self.value = value

        @property
        def control(self) -> Field:
            return self.field

    def __init__(self, questionnaire: Questionnaire, question: AnyQuestion) -> None:
        super().__init__(classes="field", id=f"field-{question.id}")
        self.questionnaire = questionnaire
        self.question = question
        self._value: Any = None
        self._required = question.required

    def compose(self) -> ComposeResult:
        yield Label(self._label_text(), classes="field-label")
        yield from self.compose_input()
        yield Static("", classes="field-error")

    def compose_input(self) -> ComposeResult:
        raise NotImplementedError

    def _label_text(self) -> Text:
        text = plain(self.questionnaire.words(self.question.label), style="bold")
        if self._required:
            text.append("  (required)", style="dim")
        return text

    @property
    def value(self) -> Any:
        return self._value

    def set_value(self, value: Any) -> None:
        """Show an answer loaded from the file, without reporting it as a change."""
        self._value = value
        self.set_error("")
        self.show_value(value)

    def show_value(self, value: Any) -> None:
        raise NotImplementedError

    def choose(self, value: Any) -> None:
        """Give an answer for the officer, as a key they pressed would: shown and reported."""
        self.show_value(value)
        self.set_error("")
        self.report(value)

    def report(self, value: Any) -> None:
        if value == self._value:
            return
        self._value = value
        self.post_message(self.Changed(self, value))

    def input_problem(self) -> str:
        """What is wrong with what is typed but not yet accepted as an answer ("" if nothing)."""
        return ""

    def set_required(self, required: bool) -> None:
        if required != self._required:
            self._required = required
            if self.is_mounted:
                self.query_one(".field-label", Label).update(self._label_text())

    def set_error(self, message: str, *, note: bool = False) -> None:
        """Show a problem under the input; a `note` is advice, not an error."""
        if not self.is_mounted:
            return
        error = self.query_one(".field-error", Static)
        error.update(plain(message, lines=True) if message else "")
        error.set_class(bool(message), "-shown")
        error.set_class(note, "-note")
        self.set_class(bool(message) and not note, "-invalid")

    def focus_input(self, scroll: bool = True) -> None:
        for widget in self.query("*"):
            if widget.focusable:
                widget.focus(scroll_visible=False)
                if scroll:
                    # Bring the whole question into view, label included, not just its input.
                    self.call_after_refresh(self.scroll_visible, animate=False, top=True)
                return


class TextField(Field):
    question: TextQuestion

    def compose_input(self) -> ComposeResult:
        yield Input(
            placeholder=shown(self.question.placeholder),
            max_length=self.question.max_length or 0,
        )

    def show_value(self, value: Any) -> None:
        self.query_one(Input).value = value or ""

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        event.stop()
        # Spaces are kept as typed: an answer loaded from a file is shown and kept exactly.
        self.report(event.value if event.value.strip() else None)


class AnswerArea(TextArea):
    """A text area that always wraps to the width it is drawn at.

    A text area laid out while hidden, or below the part of the form on screen (a details
    box that appears after a "yes"), can be given its size without being told, and then
    keeps its lines unwrapped or wrapped to an old width. So before drawing, it checks the
    width it last wrapped to and wraps again if that is out of date.
    """

    BINDINGS = [
        Binding("ctrl+home", "to_start", "Start of the answer", show=False),
        Binding("ctrl+end", "to_end", "End of the answer", show=False),
    ]

    _wrapped_at = -1

    def on_focus(self, event: events.Focus) -> None:
        # Tabbing into an answer carries on from its end, as adding to it is what comes next.
        # A click places the cursor where it lands, after this.
        if not event.from_app_focus:
            self.move_cursor(self.document.end)

    def action_to_start(self) -> None:
        self.move_cursor(self.document.start)

    def action_to_end(self) -> None:
        self.move_cursor(self.document.end)

    def _rewrap_and_refresh_virtual_size(self) -> None:
        self._wrapped_at = self.wrap_width
        super()._rewrap_and_refresh_virtual_size()

    def render_lines(self, crop: Region) -> list[Strip]:
        if self._wrapped_at != self.wrap_width:
            self._rewrap_and_refresh_virtual_size()
        return super().render_lines(crop)


class LongTextField(Field):
    question: LongTextQuestion

    def compose_input(self) -> ComposeResult:
        area = AnswerArea(soft_wrap=True, show_line_numbers=False, tab_behavior="focus")
        # Content, not a string, which a text area would read as markup.
        area.placeholder = Content(shown(self.question.placeholder or "Write your answer here."))
        yield area

    _loaded: str | None = None
    """The answer from the file as the text area holds it, when that is not quite the same
    (it writes every line break the same way): the officer has not changed it."""

    def show_value(self, value: Any) -> None:
        area = self.query_one(TextArea)
        self._loaded = None
        if area.text != (value or ""):
            area.load_text(value or "")
            self._loaded = area.text if area.text != (value or "") else None

    @on(TextArea.Changed)
    def _changed(self, event: TextArea.Changed) -> None:
        event.stop()
        text = event.text_area.text
        if text == self._loaded:
            return  # the answer as loaded, with its line breaks made alike: not a change
        self._loaded = None
        self.report(text if text.strip() else None)


class CharacteristicsList(SelectionList[str]):
    """Tick boxes ticked only when chosen, so the choice never shows by colour alone."""

    def render_line(self, y: int) -> Strip:
        strip = super().render_line(y)
        segments = list(strip)
        index = self.scroll_offset.y + y
        if len(segments) < 2 or index >= self.option_count:
            return strip
        chosen = self.get_option_at_index(index).value in self.selected
        mark = segments[1]
        segments[1] = Segment("✓" if chosen else " ", mark.style, mark.control)
        return Strip(segments, strip.cell_length)


class _RadioField(Field):
    """Yes/no and choices: a set of radio buttons, one per option."""

    def options(self) -> list[tuple[Any, str, str]]:
        """(stored value, label, one-line explanation) for each button."""
        raise NotImplementedError

    def compose_input(self) -> ComposeResult:
        self._options = self.options()
        horizontal = self.horizontal()
        buttons = [OptionButton(self._button_label(label)) for _, label, _ in self._options]
        radio = RadioSet(*buttons)
        radio.set_class(horizontal, "-horizontal")
        yield radio
        if not horizontal:
            # A radio button shows one line, so the one-line explanations go underneath.
            explained = Text()
            for _, label, help_ in self._options:
                if help_:
                    explained.append(f"{label}: ", style="bold")
                    explained.append(f"{help_}\n")
            explained.rstrip()
            yield Static(visible(explained), classes="option-help")

    def horizontal(self) -> bool:
        """Short options with nothing to explain sit side by side."""
        return all(not help_ for _, _, help_ in self._options)

    def _button_label(self, label: str, suggested: bool = False) -> Text:
        text = plain(label)
        if suggested:
            text.append("  (suggested)", style="bold italic")
        return text

    def show_value(self, value: Any) -> None:
        radio = self.query_one(RadioSet)
        pressed = None
        # A radio set will not let a button be switched off, so set them quietly and
        # tell the set which one is on.
        with self.prevent(RadioButton.Changed):
            for (stored, _, _), button in zip(self._options, radio.query(RadioButton), strict=True):
                button.value = value is not None and stored == value
                pressed = button if button.value else pressed
        radio._pressed_button = pressed
        # The keyboard highlight starts on the chosen option, else on the first, so that
        # Space or Enter chooses at once.
        buttons = list(radio.query(RadioButton))
        radio._selected = buttons.index(pressed) if pressed is not None else 0

    @on(RadioSet.Changed)
    def _changed(self, event: RadioSet.Changed) -> None:
        event.stop()
        if 0 <= event.index < len(self._options):
            self.report(self._options[event.index][0])

    def mark_suggested(self, value: Any) -> None:
        """Mark one option as the tool's suggestion, leaving the officer's choice alone."""
        for (stored, label, _), button in zip(self._options, self.query(RadioButton), strict=True):
            button.label = self._button_label(label, suggested=stored == value)


class YesNoField(_RadioField):
    question: YesNoQuestion

    BINDINGS = [
        Binding("y", "choose(0)", "Yes", show=False),
        Binding("n", "choose(1)", "No", show=False),
    ]

    def options(self) -> list[tuple[Any, str, str]]:
        return [(True, self.question.yes_label, ""), (False, self.question.no_label, "")]

    def action_choose(self, index: int) -> None:
        """Y or N answers without reaching for the arrow keys."""
        buttons = list(self.query(RadioButton))
        radio = self.query_one(RadioSet)
        radio._selected = index
        buttons[index].value = True


class ChoiceField(_RadioField):
    question: ChoiceQuestion

    def options(self) -> list[tuple[Any, str, str]]:
        options = self.questionnaire.options_for(self.question)
        # Options on a scale are short levels: their explanations go to the help panel.
        on_scale = self.question.scale is not None
        return [(o.value, o.label, "" if on_scale else o.help) for o in options]

    def horizontal(self) -> bool:
        # A short scale (low, medium, high) stacks, leaving room to mark the suggestion.
        return super().horizontal() and len(self._options) > 3


class DateField(Field):
    question: DateQuestion

    def compose_input(self) -> ComposeResult:
        yield Input(placeholder="dd/mm/yyyy", max_length=10, classes="date-input")

    def show_value(self, value: Any) -> None:
        self.query_one(Input).value = format_uk_date(value)

    def _parse(self, text: str) -> tuple[bool, date | None, str]:
        try:
            return True, parse_uk_date(text), ""
        except ValueError as error:
            return False, None, str(error)

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        event.stop()
        ok, value, _ = self._parse(event.value)
        if ok:
            self.set_error("")
            self.report(value)

    @on(Input.Blurred)
    @on(Input.Submitted)
    def _check(self, event: Input.Blurred | Input.Submitted) -> None:
        self.set_error(self.input_problem())

    def input_problem(self) -> str:
        _, _, message = self._parse(self.query_one(Input).value)
        return message


class CharacteristicsField(Field):
    """Choose some characteristics, or all of them."""

    question: CharacteristicsQuestion

    def compose_input(self) -> ComposeResult:
        choices: list[Selection[str]] = [Selection("All characteristics", ALL)]
        choices += [Selection(plain(c.label), c.id) for c in self.questionnaire.characteristics]
        yield CharacteristicsList(*choices)

    def show_value(self, value: Any) -> None:
        chosen = {ALL} if value in (ALL, [ALL]) else set(value or [])
        selection = self.query_one(SelectionList)
        selection.deselect_all()
        for item in chosen:
            selection.select(item)

    @on(SelectionList.SelectedChanged)
    def _changed(self, event: SelectionList.SelectedChanged[str]) -> None:
        event.stop()
        chosen = list(event.selection_list.selected)
        if ALL in chosen:
            self.report(ALL)
            return
        order = [c.id for c in self.questionnaire.characteristics]
        self.report(sorted(chosen, key=order.index) or None)


FIELD_TYPES: dict[type, type[Field]] = {
    TextQuestion: TextField,
    LongTextQuestion: LongTextField,
    YesNoQuestion: YesNoField,
    ChoiceQuestion: ChoiceField,
    DateQuestion: DateField,
    CharacteristicsQuestion: CharacteristicsField,
}


def make_field(questionnaire: Questionnaire, question: AnyQuestion) -> Field:
    """The widget for a question that is not a table (tables: `steps.table_field`)."""
    return FIELD_TYPES[type(question)](questionnaire, question)
