"""A radio button that shows the choice by a mark, not by colour alone."""

from __future__ import annotations

from textual.widgets import RadioButton


class OptionButton(RadioButton):
    """A radio button marked only when chosen, so the choice never shows by colour alone."""

    BUTTON_INNER = " "

    def watch_value(self) -> None:
        self.BUTTON_INNER = "●" if self.value else " "
        super().watch_value()
