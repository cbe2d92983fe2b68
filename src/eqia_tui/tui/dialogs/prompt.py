"""A small form in a dialog: a few lines of text, such as a name and a comment."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label, Static

from eqia_tui.tui.dialogs.dialog import Dialog
from eqia_tui.tui.widgets.error_line import ErrorLine
from eqia_tui.tui.widgets.plain import plain
from eqia_tui.tui.widgets.steady_footer import SteadyFooter


class PromptDialog(Dialog[dict[str, str] | None]):
    """Returns the answers by field id, or None when cancelled. Every field is required,
    except those named in `optional` (returned as "" when left empty)."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(
        self,
        title: str,
        message: str,
        fields: list[tuple[str, str, str]],
        action: str,
        optional: frozenset[str] = frozenset(),
    ) -> None:
        super().__init__()
        self._optional = optional
        self._title = title
        self._message = message
        self._fields = fields
        self._action = action

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog dialog-wide"):
            yield Label(plain(self._title), classes="dialog-title")
            if self._message:
                yield Static(plain(self._message, lines=True), classes="dialog-body")
            for field_id, label, default in self._fields:
                yield Label(plain(label), classes="field-label")
                yield Input(default, id=f"prompt-{field_id}")
            yield ErrorLine(id="prompt-error")
            with Horizontal(classes="dialog-buttons"):
                yield Button(self._action, id="go", variant="primary", compact=True)
                yield Button("Cancel", id="cancel", compact=True)
        yield SteadyFooter()

    def on_mount(self) -> None:
        for input_ in self.query(Input):
            if not input_.value:
                input_.focus()
                return
        self.query_one("#go", Button).focus()

    @on(Input.Submitted)
    @on(Button.Pressed, "#go")
    def _go(self) -> None:
        values = {}
        for field_id, label, _ in self._fields:
            box = self.query_one(f"#prompt-{field_id}", Input)
            if not box.value.strip() and field_id not in self._optional:
                needed = f"{label.split(' (')[0]} is needed. Please fill it in."
                self.query_one(ErrorLine).say(needed)
                box.focus()
                return
            values[field_id] = box.value.strip()
        self.dismiss(values)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
