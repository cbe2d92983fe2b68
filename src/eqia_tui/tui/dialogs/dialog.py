"""What every dialog has in common: a box over the screen it was opened from.

A dialog composes a `Vertical` with the class `dialog` (`dialog-wide` for a wider box,
`dialog-tall` for a long form that scrolls), holding a `dialog-title`, perhaps a
`dialog-body` or a `dialog-form`, and its buttons in a `dialog-buttons` row, the main one
first. Where the box sits on the screen, and the dimmed screen behind it, are the app's
layout (`.dialog-screen` in app.tcss).
"""

from __future__ import annotations

from typing import TypeVar

from textual.screen import ModalScreen

ResultT = TypeVar("ResultT")


class Dialog(ModalScreen[ResultT]):
    """A dialog that returns a `ResultT` when dismissed."""

    DEFAULT_CSS = """
    Dialog .dialog {
        width: 60;
        max-width: 95%;
        height: auto;
        max-height: 95%;
        padding: 0 1;
        border: thick $primary;
        background: $surface;
    }

    Dialog .dialog.dialog-wide {
        width: 90;
    }

    /* A long form (an action) fills most of the screen and scrolls; its buttons stay in view. */
    Dialog .dialog.dialog-tall {
        height: 90%;
    }

    Dialog .dialog-title {
        text-style: bold;
        margin-bottom: 1;
    }

    Dialog .dialog-body {
        margin-bottom: 1;
    }

    Dialog .dialog-form {
        height: auto;
    }

    Dialog .dialog-tall .dialog-form {
        height: 1fr;
    }

    Dialog .field-label {
        width: 1fr;
    }

    Dialog .dialog-buttons {
        height: auto;
        align-horizontal: right;
        margin-top: 1;
    }

    Dialog .dialog-buttons Button {
        margin-left: 2;
    }
    """

    def __init__(self) -> None:
        super().__init__(classes="dialog-screen")
