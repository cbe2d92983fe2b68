"""Add or edit one row of a table, such as an action of the action plan, in a form."""

from __future__ import annotations

from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Label

from eqia_tui.core.model.assessment import ColumnState, column_state
from eqia_tui.core.model.conditions import is_answered
from eqia_tui.core.model.questionnaire import Questionnaire, TableQuestion
from eqia_tui.tui.dialogs.confirm import ConfirmDialog
from eqia_tui.tui.dialogs.dialog import Dialog
from eqia_tui.tui.widgets.fields import Field, make_field
from eqia_tui.tui.widgets.plain import plain
from eqia_tui.tui.widgets.steady_footer import SteadyFooter

NEEDED = "This is needed. Please fill it in."


class RowEditor(Dialog[dict[str, Any] | None]):
    """Returns the row's answers, or None when cancelled.

    A column is shown only while the row, as typed so far, asks it, and marked required
    while it is required (`column_state`, as the checks and the exports decide). An answer
    in a column that goes out of the form is kept while the form is open, so answering
    back brings it back, but Save leaves it out: the row saved is the row shown.
    """

    DEFAULT_CSS = """
    /* At 80x24 the first answers and the buttons show without scrolling: the list of
       characteristics shows five at a time and scrolls for the rest. */
    RowEditor CharacteristicsField SelectionList {
        max-height: 7;
    }

    RowEditor .dialog-title {
        margin-bottom: 0;
    }
    """

    BINDINGS = [
        Binding("escape", "cancel", "Cancel"),
        Binding("ctrl+s", "save", "Save row"),
    ]

    def __init__(
        self, questionnaire: Questionnaire, table: TableQuestion, row: dict[str, Any], title: str
    ) -> None:
        super().__init__()
        self.questionnaire = questionnaire
        self.table = table
        self.row = dict(row)
        self._given = dict(row)
        self._title = title
        self._needed: set[str] = set()
        """Columns showing NEEDED since the last Save: the message goes when they stop being
        required."""

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog dialog-wide dialog-tall"):
            yield Label(plain(self._title), classes="dialog-title")
            with VerticalScroll(classes="dialog-form"):
                for column in self.table.columns:
                    yield make_field(self.questionnaire, column)
            with Horizontal(classes="dialog-buttons"):
                # Each button says its key: the footer may be hidden under a long form.
                yield Button("Save  Ctrl+S", id="save", variant="primary", compact=True)
                yield Button("Cancel  Esc", id="cancel", compact=True)
        yield SteadyFooter()

    def on_mount(self) -> None:
        fields = list(self.query(Field))
        for field in fields:
            field.set_value(self.row.get(field.question.id))
        self._apply_conditions()
        shown = [field for field in fields if field.display]
        if shown:
            shown[0].focus_input()

    def _state(self, field: Field) -> ColumnState:
        return column_state(self.questionnaire, self.table, field.question, self.row)

    def _apply_conditions(self, *, reveal: bool = False) -> None:
        """Show the columns this row asks, each marked required when it is."""
        for field in self.query(Field):
            state = self._state(field)
            if reveal and state.asked and not field.display:
                # A column that appears (a cost after "yes") is brought into view.
                self.call_after_refresh(field.scroll_visible, animate=False)
            column = field.question.id
            if not state.asked or (not state.required and column in self._needed):
                # A problem with a column gone from the form, or no longer needed, goes too.
                field.set_error("")
                self._needed.discard(column)
            field.display = state.asked
            field.set_required(state.required)

    @on(Field.Changed)
    def _changed(self, event: Field.Changed) -> None:
        event.stop()
        column = event.field.question.id
        if is_answered(event.value):
            self.row[column] = event.value
        else:
            self.row.pop(column, None)
        event.field.set_error("")
        self._needed.discard(column)
        self._apply_conditions(reveal=True)

    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        problems: list[Field] = []
        not_asked: set[str] = set()
        self._needed.clear()
        for field in self.query(Field):
            state = self._state(field)
            if not state.asked:
                not_asked.add(field.question.id)
                continue
            problem = field.input_problem()
            missing = state.required and not is_answered(self.row.get(field.question.id))
            if not problem and missing:
                problem = NEEDED
                self._needed.add(field.question.id)
            if problem:
                field.set_error(problem)
                problems.append(field)
        if problems:
            problems[0].focus_input()
            self.notify(
                "Some answers are missing or need correcting. Nothing was saved yet.",
                severity="warning",
            )
            return
        self.dismiss({key: value for key, value in self.row.items() if key not in not_asked})

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        if not self.unsaved():
            self.dismiss(None)
            return

        def confirmed(discard: bool | None) -> None:
            if discard:
                self.dismiss(None)

        self.app.push_screen(
            ConfirmDialog(
                "Discard what you typed?",
                "This form has answers that are not saved. Cancel keeps them here.",
                confirm="Discard",
            ),
            confirmed,
        )

    def unsaved(self) -> bool:
        """Answers typed in this form that Save has not yet taken."""
        return self.row != self._given
