"""What a window too small for eqia shows: the smallest size, instead of a broken layout.

The app puts this screen over whatever is open when the window gets smaller than
`MIN_WIDTH` by `MIN_HEIGHT`, and takes it away when the window is big enough again (see
`EqiaApp._fit_the_window`): nothing under it is closed or lost.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Center, Middle
from textual.screen import Screen
from textual.widgets import Static

MIN_WIDTH = 80
MIN_HEIGHT = 24


def too_small(width: int, height: int) -> bool:
    return width < MIN_WIDTH or height < MIN_HEIGHT


def message(width: int, height: int) -> Text:
    text = Text()
    text.append(
        f"Make the window at least {MIN_WIDTH} columns by {MIN_HEIGHT} lines.\n", style="bold"
    )
    text.append(f"It is {width} by {height} now.\n\n")
    text.append("eqia comes back as soon as the window is big enough. ")
    text.append("Your draft is kept. Ctrl+Q quits.")
    return text


class TooSmallScreen(Screen[None]):
    """The smallest size the app needs, and the size the window is now."""

    DEFAULT_CSS = """
    TooSmallScreen {
        background: $surface;
    }

    TooSmallScreen #too-small {
        width: auto;
        max-width: 100%;
        height: auto;
        padding: 0 1;
    }
    """

    def compose(self) -> ComposeResult:
        with Middle(), Center():
            yield Static(message(*self.app.size), id="too-small")

    def on_resize(self) -> None:
        self.query_one("#too-small", Static).update(message(*self.app.size))
