"""Telling a widget it was shown or changed size, even when Textual sends no resize event."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.geometry import Size
from textual.screen import Screen
from textual.widget import Widget


def watch_size(widget: Widget, changed: Callable[[], object]) -> None:
    """Call `changed` (after the next refresh) each time a layout of the screen shows
    `widget` again or leaves it a different size: when Textual would send it `Resize`. Call
    it once `widget` is mounted; it ends with the widget.

    Textual sends `Resize` when a layout finds a widget's region changed since the layout
    before. After a scroll, though, its map of the screen is only marked stale, and anything
    that asks where a widget is before the next layout (a scroll to a widget, say) rebuilds
    that map at once, new sizes included. The next layout then finds nothing changed and
    sends no `Resize` (Textual 8.2; seen with the help opening under the summary after a
    visit to another step, tests/functional/test_kept_in_view.py). The screen's layout
    signal is published after every layout, so the size is compared there instead. The same
    goes for a widget shown again (a step's page when the officer comes back to the step).
    """
    seen: list[tuple[Size, bool]] = [(widget.size, _displayed(widget))]

    def compare(_screen: Screen[Any]) -> None:
        now = (widget.size, _displayed(widget))
        if now != seen[0]:
            seen[0] = now
            if now[1]:
                widget.call_after_refresh(changed)

    widget.screen.screen_layout_refresh_signal.subscribe(widget, compare, immediate=True)


def _displayed(widget: Widget) -> bool:
    """Whether `widget` and every container around it are displayed."""
    return all(node.display for node in widget.ancestors_with_self if isinstance(node, Widget))
