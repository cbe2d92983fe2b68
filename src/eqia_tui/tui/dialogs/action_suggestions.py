"""Offer draft actions from the screening: the officer adds, edits or discards each one."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Label, OptionList, Static
from textual.widgets.option_list import Option

from eqia_tui.core.model.questionnaire import Questionnaire, TableQuestion
from eqia_tui.core.rules.action_suggestions import SuggestedAction, covered
from eqia_tui.tui.dialogs.dialog import Dialog
from eqia_tui.tui.dialogs.row_editor import RowEditor
from eqia_tui.tui.widgets.plain import plain, visible
from eqia_tui.tui.widgets.steady_footer import SteadyFooter


class ActionSuggestions(Dialog[list[dict[str, Any]]]):
    """Returns the rows the officer chose to add (possibly edited). Nothing is added otherwise."""

    BINDINGS = [
        Binding("a", "add", "Add"),
        Binding("e", "edit", "Edit, then add"),
        Binding("d", "discard", "Discard"),
        Binding("escape", "done", "Done"),
    ]

    def __init__(
        self, questionnaire: Questionnaire, table: TableQuestion, suggestions: list[SuggestedAction]
    ) -> None:
        super().__init__()
        self.questionnaire = questionnaire
        self.table = table
        self.pending = list(suggestions)
        self.accepted: list[dict[str, Any]] = []

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog dialog-wide"):
            yield Label("Suggested actions from the screening", classes="dialog-title")
            yield Static(
                "These come from the characteristics with a high, medium or unknown negative "
                "impact that no action covers yet. Add, edit or discard each one.",
                classes="dialog-body",
            )
            yield OptionList(id="suggestions")
            yield Static("", id="suggestion-detail", classes="dialog-body")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Discard", id="discard", compact=True)
                yield Button("Edit, then add", id="edit", compact=True)
                yield Button("Add", id="add", variant="primary", compact=True)
                yield Button("Done", id="done", compact=True)
        yield SteadyFooter()

    def on_mount(self) -> None:
        self._refill()
        self.query_one("#suggestions", OptionList).focus()

    def _refill(self) -> None:
        options = self.query_one("#suggestions", OptionList)
        options.clear_options()
        options.add_options([Option(plain(s.summary), id=s.characteristic) for s in self.pending])
        if self.pending:
            options.highlighted = 0
        self._show_detail()
        for button in ("#add", "#edit", "#discard"):
            self.query_one(button, Button).disabled = not self.pending

    def _current(self) -> SuggestedAction | None:
        index = self.query_one("#suggestions", OptionList).highlighted
        return self.pending[index] if index is not None and index < len(self.pending) else None

    @on(OptionList.OptionHighlighted)
    def _show_detail(self) -> None:
        current = self._current()
        detail = Text()
        if current is not None:
            detail.append("Issue: ", style="bold")
            detail.append(f"{current.issue}\n")
            detail.append("Action: ", style="bold")
            detail.append(current.action)
        self.query_one("#suggestion-detail", Static).update(visible(detail))

    def _take(self, row: dict[str, Any] | None) -> None:
        current = self._current()
        if current is None:
            return
        if row is not None:
            self.accepted.append(row)
        self.pending.remove(current)
        # An action edited to cover more characteristics answers their suggestions too.
        self.pending = [
            s for s in self.pending if not covered(self.accepted, s.characteristic, s.groups_column)
        ]
        if not self.pending:
            self.dismiss(self.accepted)
            return
        self._refill()

    @on(Button.Pressed, "#add")
    def action_add(self) -> None:
        current = self._current()
        if current is not None:
            self._take(dict(current.row))

    @on(Button.Pressed, "#edit")
    def action_edit(self) -> None:
        current = self._current()
        if current is None:
            return

        def edited(row: dict[str, Any] | None) -> None:
            if row is not None:
                self._take(row)

        self.app.push_screen(
            RowEditor(self.questionnaire, self.table, current.row, "Edit the suggested action"),
            edited,
        )

    @on(Button.Pressed, "#discard")
    def action_discard(self) -> None:
        self._take(None)

    @on(Button.Pressed, "#done")
    def action_done(self) -> None:
        self.dismiss(self.accepted)
