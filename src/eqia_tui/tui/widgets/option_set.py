"""One answer from a few options: radio buttons the officer moves through with the arrow
keys and chooses with Space or Enter, or clicks.

Textual's `RadioSet` cannot be told, through its public interface, that nothing is chosen
once something was, nor which option the keys start from. A form needs both: it shows the
answers in the file (on the screening grid, each characteristic's in turn), and Space or
Enter must keep an answer, not change it. So the form uses this set, built from public
parts only. It keeps no state but its buttons: the chosen option is the button that is on.
It looks and answers the keys as a `RadioSet` does.
"""

from __future__ import annotations

from textual import events
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.message import Message
from textual.reactive import var
from textual.widgets import RadioButton

from eqia_tui.tui.widgets.option_button import OptionButton


class OptionSet(VerticalScroll, can_focus=True, can_focus_children=False):
    """Options of which one, or none, is chosen. Posts `Changed` only for the officer's
    choice; `show` puts an answer on screen without one."""

    ALLOW_SELECT = False
    ALLOW_MAXIMIZE = True

    DEFAULT_CSS = """
    OptionSet {
        width: 1fr;
        height: auto;
        padding: 0 1;
        border: tall $border-blurred;
        background: $surface;
        pointer: pointer;

        & > RadioButton {
            width: 1fr;
            padding: 0;
            border: none;
            background: transparent;

            & > .toggle--button {
                color: $panel-darken-2;
                background: $panel;
            }
        }

        & > RadioButton.-on .toggle--button {
            color: $text-success;
        }

        /* The option the keys are on: Space or Enter chooses it. */
        &:blur > RadioButton.-selected > .toggle--label {
            background: $block-cursor-blurred-background;
        }

        &:focus {
            border: tall $border;
            background-tint: $foreground 5%;

            & > RadioButton.-selected > .toggle--label {
                color: $block-cursor-foreground;
                background: $block-cursor-background;
                text-style: $block-cursor-text-style;
            }
        }

        /* Short options with nothing to explain sit side by side. */
        &.-horizontal {
            layout: grid;
            grid-size: 3;
            grid-rows: 1;
            grid-columns: 1fr 1fr 1fr;

            & > RadioButton {
                margin-right: 1;
            }
        }
    }
    """

    BINDINGS = [
        Binding("down,right", "move(1)", "Next option", show=False),
        Binding("enter,space", "choose_highlighted", "Choose", show=False),
        Binding("up,left", "move(-1)", "Previous option", show=False),
    ]

    highlighted: var[int] = var(0)
    """The option the keys are on."""

    class Changed(Message):
        """The officer chose the option at `index`."""

        def __init__(self, option_set: OptionSet, index: int) -> None:
            super().__init__()
            self.option_set = option_set
            self.index = index

        @property
        def control(self) -> OptionSet:
            return self.option_set

    def __init__(self, *buttons: OptionButton, classes: str | None = None) -> None:
        super().__init__(*buttons, classes=classes)
        self._buttons = buttons

    @property
    def buttons(self) -> list[RadioButton]:
        """The options, in order (before the set is mounted too)."""
        return list(self._buttons)

    @property
    def chosen(self) -> int | None:
        """The index of the option chosen, None when there is none."""
        return next((i for i, button in enumerate(self.buttons) if button.value), None)

    def on_mount(self) -> None:
        for button in self.buttons:
            button.can_focus = False  # the set has the focus, and moves between them
        self.watch_highlighted()

    def show(self, index: int | None) -> None:
        """Show the option at `index` as chosen (None: none is), as an answer loaded, not as
        the officer's choice: no `Changed`. The keys start from it, or from the first."""
        with self.prevent(RadioButton.Changed):
            for number, button in enumerate(self.buttons):
                button.value = number == index
        self.highlighted = index if index is not None else 0

    def choose(self, index: int) -> None:
        """Choose the option at `index` as the officer does (a click, Space): shown, and
        `Changed` posted when it was not chosen already."""
        self.highlighted = index
        self.buttons[index].value = True

    def action_move(self, by: int) -> None:
        count = len(self.buttons)
        if count:
            self.highlighted = (self.highlighted + by) % count

    def action_choose_highlighted(self) -> None:
        if 0 <= self.highlighted < len(self.buttons):
            self.choose(self.highlighted)

    def watch_highlighted(self) -> None:
        for number, button in enumerate(self.buttons):
            button.set_class(number == self.highlighted, "-selected")
            if number == self.highlighted:
                self.call_after_refresh(self.scroll_to_widget, button, animate=False)

    def on_radio_button_changed(self, event: RadioButton.Changed) -> None:
        event.stop()
        pressed = event.radio_button
        if event.value != pressed.value:
            return  # shown otherwise since (`show`): no longer what the officer did
        with self.prevent(RadioButton.Changed):
            if not pressed.value:
                # Clicking the chosen option keeps it: another is chosen by choosing it.
                pressed.value = True
                return
            for button in self.buttons:
                if button is not pressed:
                    button.value = False
        index = self.buttons.index(pressed)
        self.highlighted = index
        self.post_message(self.Changed(self, index))

    def on_click(self, event: events.Click) -> None:
        # A click on an option chooses it (the button's own doing) and brings the keys here.
        self.focus()
