"""Add or edit one row of a table, such as an action of the action plan, in a form."""

from __future__ import annotations

from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Footer, Label

from eqia_tui.conditions import is_answered
from eqia_tui.questionnaire import Questionnaire, TableQuestion
from eqia_tui.widgets.fields import Field, make_field


class RowEditor(ModalScreen[dict[str, Any] | None]):
    """Returns the row's answers, or None when cancelled."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel"),
        Binding("ctrl+s", "save", "Save row"),
    ]

    def __init__(
        self, questionnaire: Questionnaire, table: TableQuestion, row: dict[str, Any], title: str
    ) -> None:
        super().__init__(classes="dialog-screen")
        self.questionnaire = questionnaire
        self.table = table
        self.row = dict(row)
        self._given = dict(row)
        self._title = title

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog dialog-wide dialog-tall"):
            yield Label(self._title, classes="dialog-title")
            with VerticalScroll(classes="dialog-form"):
                for column in self.table.columns:
                    yield make_field(self.questionnaire, column)
            with Horizontal(classes="dialog-buttons"):
                yield Button("Save", id="save", variant="primary", compact=True)
                yield Button("Cancel", id="cancel", compact=True)
        yield Footer()

    def on_mount(self) -> None:
        fields = list(self.query(Field))
        for field in fields:
            field.set_value(self.row.get(field.question.id))
        if fields:
            fields[0].focus_input()

    @on(Field.Changed)
    def _changed(self, event: Field.Changed) -> None:
        event.stop()
        column = event.field.question.id
        if is_answered(event.value):
            self.row[column] = event.value
        else:
            self.row.pop(column, None)
        event.field.set_error("")

    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        problems: list[Field] = []
        for field in self.query(Field):
            problem = field.input_problem()
            missing = field.question.required and not is_answered(self.row.get(field.question.id))
            if not problem and missing:
                problem = "This is needed. Please fill it in."
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
        self.dismiss(self.row)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        if not self.unsaved():
            self.dismiss(None)
            return
        from eqia_tui.screens.confirm import ConfirmDialog

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
