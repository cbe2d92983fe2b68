"""Ask before doing something that cannot be undone."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Label, Static

from eqia_tui.tui.dialogs.dialog import Dialog
from eqia_tui.tui.widgets.plain import plain
from eqia_tui.tui.widgets.steady_footer import SteadyFooter


class ConfirmDialog(Dialog[bool]):
    """Yes or no, with the safe answer focused. Returns True to go ahead."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, title: str, message: str, confirm: str = "Delete") -> None:
        super().__init__()
        self._title = title
        self._message = message
        self._confirm = confirm

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(plain(self._title), classes="dialog-title")
            # Plain text: a message may quote a file name or an answer, never markup.
            yield Static(plain(self._message, lines=True), classes="dialog-body")
            # The main button first, as in the other dialogs; Cancel has the focus.
            with Horizontal(classes="dialog-buttons"):
                yield Button(self._confirm, id="confirm", variant="error", compact=True)
                yield Button("Cancel", id="cancel", compact=True)
        yield SteadyFooter()

    def on_mount(self) -> None:
        self.query_one("#cancel", Button).focus()

    @on(Button.Pressed, "#confirm")
    def _confirm_pressed(self) -> None:
        self.dismiss(True)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(False)
