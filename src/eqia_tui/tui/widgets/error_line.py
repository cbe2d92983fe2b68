"""The line under an input that says what is wrong with it, hidden while there is nothing."""

from __future__ import annotations

from textual.widgets import Static

from eqia_tui.tui.widgets.plain import plain


class ErrorLine(Static):
    """An error in the error colour, or a note (advice, not an error) in the warning colour.

    Its words say what is wrong, or what to check. Without colour (NO_COLOR, a monochrome
    screen) an error is still told from a note: an error is in bold, a note in italics.

    Its words may quote a file name or an answer: they are shown as written, never as markup.
    """

    DEFAULT_CSS = """
    ErrorLine {
        display: none;
        color: $text-error;
        text-style: bold;

        &.-shown {
            display: block;
        }

        &.-note {
            color: $text-warning;
            text-style: italic;
        }
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("", id=id, classes="field-error")

    def say(self, message: str, *, note: bool = False) -> None:
        """Show `message` ("" hides the line); a `note` is advice, not an error."""
        self.update(plain(message, lines=True) if message else "")
        self.set_class(bool(message), "-shown")
        self.set_class(note, "-note")
