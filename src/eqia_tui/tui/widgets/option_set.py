"""One answer from a few options: radio buttons the officer moves through with the arrow
keys and chooses with Space or Enter, or clicks.

Textual's `RadioSet` cannot be told, through its public interface, that nothing is chosen
once something was, nor which option the keys start from. A form needs both: it shows the
answers in the file (on the screening grid, each characteristic's in turn), and Space or
Enter must keep an answer, not change it. So the form uses this set, built from public
parts only. It keeps no state but its buttons: the chosen option is the button that is on.
It looks as a `RadioSet` does.

The arrow keys move the way the options are drawn: in a set laid out in rows and columns,
Down goes to the option drawn below, not to the next one in reading order. Moving never
answers: Space or Enter chooses, and Delete or Backspace clears the answer.
"""

from __future__ import annotations

from textual import events
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.geometry import Region
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
        Binding("down", "move_down(1)", "Option below", show=False),
        Binding("up", "move_down(-1)", "Option above", show=False),
        Binding("right", "move_across(1)", "Next option", show=False),
        Binding("left", "move_across(-1)", "Previous option", show=False),
        Binding("enter,space", "choose_highlighted", "Choose", show=False),
        Binding("delete,backspace", "clear", "Clear", key_display="Del"),
    ]

    highlighted: var[int] = var(0)
    """The option the keys are on."""

    class Changed(Message):
        """The officer chose the option at `index`, or cleared the answer (None)."""

        def __init__(self, option_set: OptionSet, index: int | None) -> None:
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
        self.refresh_bindings()  # "Clear answer" comes and goes with the answer

    def choose(self, index: int) -> None:
        """Choose the option at `index` as the officer does (a click, Space): shown, and
        `Changed` posted when it was not chosen already."""
        self.highlighted = index
        self.buttons[index].value = True

    def _places(self) -> list[Region]:
        """Where each option is drawn, in the set's own space (scrolling aside)."""
        return [button.virtual_region for button in self.buttons]

    def _in_reading_order(self, by: int) -> None:
        count = len(self.buttons)
        if count:
            self.highlighted = (self.highlighted + by) % count

    def action_move_down(self, by: int) -> None:
        """Up (-1) or Down (1): to the nearest option drawn above or below this one, in
        its column; past the last, round to the other end of the column. Where no other
        option is drawn above or below (options side by side), the keys stay put."""
        places = self._places()
        if not 0 <= self.highlighted < len(places) or not all(places):
            self._in_reading_order(by)  # not drawn yet: the order they are listed in
            return
        here = places[self.highlighted]
        column = sorted(
            (place.y * by, number)
            for number, place in enumerate(places)
            if place.x < here.right and here.x < place.right  # drawn over the same columns
        )
        beyond = [number for y, number in column if y > here.y * by]
        self.highlighted = beyond[0] if beyond else column[0][1]

    def action_move_across(self, by: int) -> None:
        """Left (-1) or Right (1): to the nearest option drawn beside this one, in its row.
        From the end of a row on to the next one as text is read (Left: back to the end of
        the row before); past the last option, round to the first."""
        places = self._places()
        if not 0 <= self.highlighted < len(places) or not all(places):
            self._in_reading_order(by)
            return
        here = places[self.highlighted]
        beside = sorted(
            (place.x * by, number)
            for number, place in enumerate(places)
            if place.y < here.bottom and here.y < place.bottom and place.x * by > here.x * by
        )
        if beside:
            self.highlighted = beside[0][1]
            return
        order = sorted(range(len(places)), key=lambda n: (places[n].y, places[n].x))
        self.highlighted = order[(order.index(self.highlighted) + by) % len(order)]

    def action_choose_highlighted(self) -> None:
        if 0 <= self.highlighted < len(self.buttons):
            self.choose(self.highlighted)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "clear":
            return self.chosen is not None  # in the footer only when there is an answer
        return True

    def action_clear(self) -> None:
        """Delete or Backspace: no option is chosen any more, and the officer's clearing is
        reported as `Changed` with no index. The keys stay where they were."""
        if self.chosen is None:
            return
        with self.prevent(RadioButton.Changed):
            for button in self.buttons:
                button.value = False
        self.post_message(self.Changed(self, None))
        self.refresh_bindings()

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
        self.refresh_bindings()

    def on_click(self, event: events.Click) -> None:
        # A click on an option chooses it (the button's own doing) and brings the keys here.
        self.focus()
