"""One widget per question type. Each shows its question and reports the officer's answers.

A field keeps no copy of its answer: `value` reads it from the input itself. The screen that
owns the draft shows an answer with `set_value`, which fills the input without its change
event, so loading an answer never looks like the officer typing; every answer the officer
gives is reported as `Changed`, for the screen to record.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Input, Label, RadioButton, SelectionList, Static, TextArea
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
from eqia_tui.tui.widgets.answer_area import AnswerArea
from eqia_tui.tui.widgets.characteristics_list import CharacteristicsList
from eqia_tui.tui.widgets.error_line import ErrorLine
from eqia_tui.tui.widgets.option_button import OptionButton
from eqia_tui.tui.widgets.option_set import OptionSet
from eqia_tui.tui.widgets.plain import plain, visible
from eqia_tui.tui.widgets.typed_date import format_uk_date, parse_uk_date


class Field(Vertical):
    """A question with its label, its input and a line for errors."""

    DEFAULT_CSS = """
    Field {
        height: auto;
        margin-bottom: 1;

        & > .field-label {
            width: 1fr;
        }

        /* The explanations of the options, under a set of choices. */
        & > .option-help {
            color: $text-muted;
            padding: 0 1;
        }

        &.-invalid Input, &.-invalid TextArea {
            border: tall $error;
        }
    }
    """

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
        self._required = question.required

    def compose(self) -> ComposeResult:
        yield Label(self._label_text(), classes="field-label")
        yield from self.compose_input()
        yield ErrorLine()

    def compose_input(self) -> ComposeResult:
        raise NotImplementedError

    def _label_text(self) -> Text:
        text = plain(self.questionnaire.words(self.question.label), style="bold")
        if self._required:
            text.append("  (required)", style="dim")
        return text

    @property
    def value(self) -> Any:
        """The answer the input shows (None when there is none)."""
        raise NotImplementedError

    def set_value(self, value: Any) -> None:
        """Show an answer from the draft, without reporting it as the officer's."""
        self.set_error("")
        self.show_value(value)

    def show_value(self, value: Any) -> None:
        """Put `value` in the input without its change event."""
        raise NotImplementedError

    def choose(self, value: Any) -> None:
        """Give an answer for the officer, as a key they pressed would: shown and reported."""
        self.set_value(value)
        self.report(value)

    def report(self, value: Any) -> None:
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
        self.query_one(ErrorLine).say(message, note=note)
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

    @property
    def value(self) -> str | None:
        # Spaces are kept as typed: an answer loaded from a file is shown and kept exactly.
        text = self.query_one(Input).value
        return text if text.strip() else None

    def show_value(self, value: Any) -> None:
        with self.prevent(Input.Changed):
            self.query_one(Input).value = value or ""

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        event.stop()
        self.report(self.value)


class LongTextField(Field):
    question: LongTextQuestion

    DEFAULT_CSS = """
    LongTextField TextArea {
        height: 6;
    }
    """

    def compose_input(self) -> ComposeResult:
        yield AnswerArea(self.question.placeholder or "Write your answer here.")

    @property
    def value(self) -> str | None:
        text = self.query_one(TextArea).text
        return text if text.strip() else None

    def show_value(self, value: Any) -> None:
        area = self.query_one(TextArea)
        # Loaded again only when it differs, so the cursor stays where the officer left it.
        # (A text area writes every line break alike: an answer with others differs.)
        if area.text != (value or ""):
            with self.prevent(TextArea.Changed):
                area.load_text(value or "")

    @on(TextArea.Changed)
    def _changed(self, event: TextArea.Changed) -> None:
        event.stop()
        self.report(self.value)


class _RadioField(Field):
    """Yes/no and choices: a set of radio buttons, one per option."""

    def options(self) -> list[tuple[Any, str, str]]:
        """(stored value, label, one-line explanation) for each button."""
        raise NotImplementedError

    def compose_input(self) -> ComposeResult:
        self._options = self.options()
        horizontal = self.horizontal()
        buttons = [OptionButton(self._button_label(label)) for _, label, _ in self._options]
        yield OptionSet(*buttons, classes="-horizontal" if horizontal else None)
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

    @property
    def value(self) -> Any:
        chosen = self.query_one(OptionSet).chosen
        return None if chosen is None else self._options[chosen][0]

    def show_value(self, value: Any) -> None:
        stored = [option for option, _, _ in self._options]
        self.query_one(OptionSet).show(
            stored.index(value) if value is not None and value in stored else None
        )

    @on(OptionSet.Changed)
    def _changed(self, event: OptionSet.Changed) -> None:
        event.stop()
        # No index: the officer cleared the answer (Delete or Backspace).
        self.report(None if event.index is None else self._options[event.index][0])

    def mark_suggested(self, value: Any) -> None:
        """Mark one option as the tool's suggestion, leaving the officer's choice alone."""
        buttons = self.query(RadioButton)
        for (stored, label, _), button in zip(self._options, buttons, strict=True):
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
        self.query_one(OptionSet).choose(index)


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

    DEFAULT_CSS = """
    DateField Input {
        width: 18;
    }
    """

    def compose_input(self) -> ComposeResult:
        yield Input(placeholder="dd/mm/yyyy", max_length=10, classes="date-input")

    @property
    def value(self) -> date | None:
        """The date typed; None when the box is empty or holds no date."""
        _, value, _ = self._parse(self.query_one(Input).value)
        return value

    def show_value(self, value: Any) -> None:
        with self.prevent(Input.Changed):
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

    DEFAULT_CSS = """
    CharacteristicsField SelectionList {
        height: auto;
        max-height: 13;
    }
    """

    def compose_input(self) -> ComposeResult:
        choices: list[Selection[str]] = [Selection("All characteristics", ALL)]
        choices += [Selection(plain(c.label), c.id) for c in self.questionnaire.characteristics]
        yield CharacteristicsList(*choices)

    @property
    def value(self) -> str | list[str] | None:
        chosen = self.query_one(CharacteristicsList).selected
        if ALL in chosen:
            return ALL
        order = [c.id for c in self.questionnaire.characteristics]
        return sorted(chosen, key=order.index) or None

    def show_value(self, value: Any) -> None:
        chosen = {ALL} if value in (ALL, [ALL]) else set(value or [])
        selection = self.query_one(CharacteristicsList)
        with self.prevent(SelectionList.SelectedChanged):
            selection.deselect_all()
            for item in chosen:
                selection.select(item)

    @on(SelectionList.SelectedChanged)
    def _changed(self, event: SelectionList.SelectedChanged[str]) -> None:
        event.stop()
        self.report(self.value)


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
