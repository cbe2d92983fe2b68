"""The baseline for start-up and keystroke benchmarks: a small Textual app with no data behind it.

A Header, a few Labels, a RadioSet, an Input and a Footer: about what a start screen shows,
with none of eqia's imports, stylesheet, drafts or questionnaires.
"""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.widgets import Footer, Header, Input, Label, RadioButton, RadioSet


class MinimalApp(App[None]):
    TITLE = "Minimal"
    BINDINGS = [Binding("ctrl+q", "quit", "Quit", priority=True)]

    def compose(self) -> ComposeResult:
        yield Header()
        yield Label("A minimal Textual app, the baseline for eqia's benchmarks.")
        yield Label("Choose one option, then type below.")
        yield RadioSet(
            RadioButton("Low"),
            RadioButton("Medium"),
            RadioButton("High"),
            id="level",
        )
        yield Label("Notes")
        yield Input(placeholder="Type here", id="notes")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#notes", Input).focus()


if __name__ == "__main__":
    MinimalApp().run()
