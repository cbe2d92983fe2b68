"""Ask the officer to choose one of a few ways on: after a failed save, or a file changed
by another program."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Label, Static

from eqia_tui.tui.dialogs.dialog import Dialog
from eqia_tui.tui.widgets.plain import plain
from eqia_tui.tui.widgets.steady_footer import SteadyFooter


class ChoiceDialog(Dialog[str]):
    """Returns the id of the button pressed; Esc returns `cancel` (the safe way, focused)."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(
        self, title: str, message: str, choices: list[tuple[str, str]], cancel: str
    ) -> None:
        super().__init__()
        self._title = title
        self._message = message
        self._choices = choices
        self._cancel = cancel

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog dialog-wide"):
            yield Label(plain(self._title), classes="dialog-title")
            # Plain text: a message quotes file names, never markup.
            yield Static(plain(self._message, lines=True), classes="dialog-body")
            with Horizontal(classes="dialog-buttons"):
                for key, label in self._choices:
                    safe = key == self._cancel
                    yield Button(
                        label, id=key, variant="default" if safe else "primary", compact=True
                    )
        yield SteadyFooter()

    def on_mount(self) -> None:
        self.query_one(f"#{self._cancel}", Button).focus()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id or self._cancel)

    def action_cancel(self) -> None:
        self.dismiss(self._cancel)
