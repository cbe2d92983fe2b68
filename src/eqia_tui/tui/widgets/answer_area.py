"""The text area a written answer is typed in."""

from __future__ import annotations

from textual import events
from textual.binding import Binding
from textual.content import Content
from textual.widgets import TextArea

from eqia_tui.core.text.safe_text import shown


class AnswerArea(TextArea):
    """A text area for a written answer: Tab moves on, and arriving by Tab carries on from
    the end of the answer. Ctrl+Home and Ctrl+End go to its start and end."""

    BINDINGS = [
        Binding("ctrl+home", "to_start", "Start of the answer", show=False),
        Binding("ctrl+end", "to_end", "End of the answer", show=False),
    ]

    def __init__(self, placeholder: str) -> None:
        super().__init__(soft_wrap=True, show_line_numbers=False, tab_behavior="focus")
        # Content, not a string, which a text area would read as markup.
        self.placeholder = Content(shown(placeholder))

    def on_focus(self, event: events.Focus) -> None:
        # Tabbing into an answer carries on from its end, as adding to it is what comes next.
        # A click places the cursor where it lands, after this.
        if not event.from_app_focus:
            self.move_cursor(self.document.end)

    def action_to_start(self) -> None:
        self.move_cursor(self.document.start)

    def action_to_end(self) -> None:
        self.move_cursor(self.document.end)
