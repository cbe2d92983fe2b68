"""Ask for a file path: to open an assessment, or to export one (with a choice of format)."""

from __future__ import annotations

from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, RadioButton, RadioSet, Static


class PathDialog(ModalScreen[tuple[str, Path] | None]):
    """Returns (format, path). With one format, no choice is shown."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(
        self,
        title: str,
        default: Path | None,
        formats: list[tuple[str, str]],
        action: str,
        must_exist: bool = False,
    ) -> None:
        super().__init__(classes="dialog-screen")
        self._title = title
        self._default = default
        self._formats = formats
        self._action = action
        self._must_exist = must_exist
        self._format = formats[0][0]

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog dialog-wide"):
            yield Label(self._title, classes="dialog-title")
            if len(self._formats) > 1:
                yield Label("Format", classes="field-label")
                yield RadioSet(
                    *(
                        RadioButton(label, value=i == 0)
                        for i, (_, label) in enumerate(self._formats)
                    ),
                    id="format",
                )
            yield Label("File", classes="field-label")
            yield Input(str(self._default or ""), placeholder="Path to the file", id="path")
            yield Static("", id="path-error", classes="field-error")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Cancel", id="cancel", compact=True)
                yield Button(self._action, id="go", variant="primary", compact=True)

    def on_mount(self) -> None:
        self.query_one("#path", Input).focus()

    @on(RadioSet.Changed, "#format")
    def _format_changed(self, event: RadioSet.Changed) -> None:
        old = self._format
        self._format = self._formats[event.index][0]
        path_input = self.query_one("#path", Input)
        path = Path(path_input.value)
        if path.suffix == f".{old}":
            path_input.value = str(path.with_suffix(f".{self._format}"))

    @on(Input.Submitted)
    @on(Button.Pressed, "#go")
    def _go(self) -> None:
        text = self.query_one("#path", Input).value.strip()
        error = self.query_one("#path-error", Static)
        path = Path(text).expanduser() if text else None
        message = ""
        if path is None:
            message = "Please give a file path."
        elif path.is_dir():
            message = "That is a folder. Please give a file name."
        elif self._must_exist and not path.is_file():
            message = "There is no file at that path."
        if message:
            error.update(message)
            error.add_class("-shown")
            return
        assert path is not None
        self.dismiss((self._format, path))

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
