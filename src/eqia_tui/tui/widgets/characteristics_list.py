"""The list of characteristics to tick, for an answer that names some of them, or all."""

from __future__ import annotations

from rich.segment import Segment
from textual.strip import Strip
from textual.widgets import Checkbox, SelectionList


class CharacteristicsList(SelectionList[str]):
    """Tick boxes ticked only when chosen, so the choice never shows by colour alone.

    A selection list draws the same mark in every box and shows the choice by colour, and
    Textual has no hook to change the mark. So each line is drawn as usual and the mark in
    its box swapped: a tick when chosen, a space when not. The box is recognised by its
    three parts (a check box's); a line drawn any other way is left as it is, showing the
    choice by colour only, and the test that looks for the tick fails (test_answering).
    """

    BOX = (Checkbox.BUTTON_LEFT, Checkbox.BUTTON_INNER, Checkbox.BUTTON_RIGHT)

    def render_line(self, y: int) -> Strip:
        strip = super().render_line(y)
        index = self.scroll_offset.y + y
        segments = list(strip)
        if index >= self.option_count or tuple(s.text for s in segments[:3]) != self.BOX:
            return strip
        chosen = self.get_option_at_index(index).value in self.selected
        mark = segments[1]
        segments[1] = Segment("✓" if chosen else " ", mark.style, mark.control)
        return Strip(segments, strip.cell_length)
