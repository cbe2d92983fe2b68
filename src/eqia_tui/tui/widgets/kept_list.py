"""A list of options that keeps the highlighted one in view when its lines wrap again."""

from __future__ import annotations

from textual import events
from textual.widgets import OptionList

from .size_watch import watch_size


class KeptList(OptionList):
    """An option list whose highlighted option stays wholly in view when the list resizes.

    A long option wraps onto more lines when the list narrows, and the list narrows by its
    scroll bar once it holds more lines than fit. The option list scrolls to the highlight
    when the highlight moves, not when the lines under it wrap again, so an option chosen
    before the list's width settled could end a line below the view. Textual has no hook for
    "the lines were laid out again", so this scrolls to the highlight after every resize,
    once the new lines are drawn (tests/functional/test_kept_in_view.py).
    """

    def on_mount(self) -> None:
        watch_size(self, self.scroll_to_highlight)  # a change of size with no Resize event

    def on_resize(self, _event: events.Resize) -> None:
        self.call_after_refresh(self.scroll_to_highlight)
