"""Ask for a file path: to open an assessment, or to export one (with a choice of format)."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label, RadioSet
from textual.widgets.input import Selection

from eqia_tui.core.disk.files import reason
from eqia_tui.tui.dialogs.dialog import Dialog
from eqia_tui.tui.host import host
from eqia_tui.tui.widgets.error_line import ErrorLine
from eqia_tui.tui.widgets.option_button import OptionButton
from eqia_tui.tui.widgets.steady_footer import SteadyFooter


class PathDialog(Dialog[tuple[str, Path] | None]):
    """Returns (format, path). With one format, no choice is shown.

    The box starts in the last folder chosen in any path dialog this session (the app's
    `last_folder`), else in the folder of `default`. `check` may refuse a path: it returns
    why, in plain words, and the dialog stays open with that shown under the box. `fmt`
    chooses the format shown first, and `problem` is shown under the box from the start:
    the dialog opened again, as it was, after its file could not be written.

    What the box offers is kept as the officer types: a folder offered alone has the cursor
    after it, so a name typed goes on the end; a whole path offered (an export's) is
    selected, so typing replaces it. Either way a name typed without a folder
    (`policy.toml`, `old/policy.toml`) is in the folder offered, and a message about a
    path names it in full.
    """

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(
        self,
        title: str,
        default: Path | None,
        formats: list[tuple[str, str]],
        action: str,
        must_exist: bool = False,
        check: Callable[[Path], str] | None = None,
        fmt: str = "",
        problem: str = "",
    ) -> None:
        super().__init__()
        self._title = title
        self._default = default
        self._formats = formats
        self._action = action
        self._must_exist = must_exist
        self._check = check
        ids = [f for f, _ in formats]
        self._format = fmt if fmt in ids else ids[0]
        self._problem_at_start = problem
        self._error_for: str | None = None
        """The path the message under the box is about; None when there is no message."""
        self._offered: Path | None = None
        """The folder the box offered when it opened, if any: a relative path is in it."""

    def _initial_path(self) -> str:
        folder = host(self.app).last_folder
        if self._default is not None:
            path = folder / self._default.name if folder else self._default
            self._offered = path.parent if path.parent != Path() else None
            return str(path)
        self._offered = folder
        return f"{folder}{os.sep}" if folder else ""

    def compose(self) -> ComposeResult:
        # Tab goes from the path to the format, then to the main button before Cancel
        # (Tab follows the order on screen, so the main button is drawn first).
        with Vertical(classes="dialog dialog-wide"):
            yield Label(self._title, classes="dialog-title")
            yield Label("File", classes="field-label")
            yield Input(
                self._initial_path(),
                placeholder="Path to the file",
                id="path",
                select_on_focus=False,
            )
            yield ErrorLine(id="path-error")
            if len(self._formats) > 1:
                yield Label("Format", classes="field-label")
                yield RadioSet(
                    *(OptionButton(label, value=f == self._format) for f, label in self._formats),
                    id="format",
                )
            with Horizontal(classes="dialog-buttons"):
                yield Button(self._action, id="go", variant="primary", compact=True)
                yield Button("Cancel", id="cancel", compact=True)
        yield SteadyFooter()

    def on_mount(self) -> None:
        path_input = self.query_one("#path", Input)
        path_input.focus()
        value = path_input.value
        if value.endswith(os.sep):
            path_input.selection = Selection.cursor(len(value))
        else:
            path_input.selection = Selection(0, len(value))
        self._show_error(self._problem_at_start)

    def _full_path(self, text: str) -> Path:
        """The path typed, a relative one taken from the folder the box offered."""
        path = Path(text).expanduser()
        if not path.is_absolute() and self._offered is not None:
            path = self._offered.expanduser() / path
        return path.absolute()

    @on(RadioSet.Changed, "#format")
    def _format_changed(self, event: RadioSet.Changed) -> None:
        old = self._format
        self._format = self._formats[event.index][0]
        path_input = self.query_one("#path", Input)
        path = Path(path_input.value)
        if path.suffix == f".{old}":
            path_input.value = str(path.with_suffix(f".{self._format}"))

    @on(Input.Changed, "#path")
    def _path_changed(self, event: Input.Changed) -> None:
        # Editing the path clears the message about it (the box filled in on opening does not).
        if event.value != self._error_for:
            self._show_error("")

    def _show_error(self, message: str) -> None:
        self.query_one("#path-error", ErrorLine).say(message)  # it may quote a file
        self._error_for = self.query_one("#path", Input).value if message else None

    def _problem(self, path: Path | None) -> str:
        if path is None:
            return "Please give a file path."
        try:
            if path.is_dir():
                return f"{path} is a folder. Please add the file name."
            if self._must_exist and not path.exists():
                if not path.parent.is_dir():
                    return f"There is no folder {path.parent}. Check the path."
                return f"There is no file {path}. Check the name."
        except OSError as error:  # a name too long, or a folder that cannot be looked in
            return f"That path cannot be used: {reason(error)}."
        if self._check is not None:
            return self._check(path)
        return ""

    @on(Input.Submitted, "#path")
    @on(Button.Pressed, "#go")
    def _go(self) -> None:
        path_input = self.query_one("#path", Input)
        text = path_input.value.strip()
        path = self._full_path(text) if text else None
        message = self._problem(path)
        if message or path is None:
            self._show_error(message)
            path_input.focus()
            return
        host(self.app).last_folder = path.absolute().parent
        self.dismiss((self._format, path))

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
