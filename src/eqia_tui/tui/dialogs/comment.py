"""Write a comment, or a reply to one: the words, what the comment is about, and the
writer's name when it is not kept in config.toml yet."""

from __future__ import annotations

from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from eqia_tui.tui.dialogs.dialog import Dialog
from eqia_tui.tui.widgets.error_line import ErrorLine
from eqia_tui.tui.widgets.plain import plain
from eqia_tui.tui.widgets.steady_footer import SteadyFooter


@dataclass(frozen=True)
class Written:
    """What the dialog returns: the words, the key path they are about, and the name given
    ("" when the name kept in config.toml is used)."""

    text: str
    on: str
    by: str


class CommentDialog(Dialog[Written | None]):
    """Returns what was written, or None when cancelled.

    `targets` are the places the comment can be about, as (key path, words), with `chosen`
    highlighted; with one target, it is named above the box instead of listed. `quoted` is
    the comment a reply answers, shown above the box. `ask_name` adds a box for the name.
    """

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    DEFAULT_CSS = """
    CommentDialog #comment-on {
        height: auto;
        max-height: 6;
        border: none;
        margin-bottom: 1;
    }

    /* The boxes take a line each, so the whole form fits a screen of 24 lines. */
    CommentDialog Input {
        margin-bottom: 1;
    }
    """

    def __init__(
        self,
        title: str,
        *,
        targets: list[tuple[str, str]],
        chosen: str,
        action: str,
        box_label: str = "Your comment",
        quoted: str = "",
        ask_name: bool = False,
    ) -> None:
        super().__init__()
        self._title = title
        self._targets = targets
        self._chosen = chosen
        self._action = action
        self._box_label = box_label
        self._quoted = quoted
        self._ask_name = ask_name

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog dialog-wide"):
            yield Label(plain(self._title), classes="dialog-title")
            if self._quoted:
                yield Static(plain(self._quoted, lines=True), classes="dialog-body")
            if len(self._targets) > 1:
                yield Label("What is it about? (Up and Down to choose)", classes="field-label")
                yield OptionList(
                    *(Option(plain(words), id=key) for key, words in self._targets),
                    id="comment-on",
                )
            elif self._targets:
                words = f"About: {self._targets[0][1]}"
                yield Static(plain(words, lines=True), classes="dialog-body")
            if self._ask_name:
                yield Label("Your name (kept for next time)", classes="field-label")
                yield Input(placeholder="Your name", id="comment-by", compact=True)
            yield Label(plain(self._box_label), classes="field-label")
            yield Input(placeholder="Write it here", id="comment-text", compact=True)
            yield ErrorLine(id="comment-error")
            with Horizontal(classes="dialog-buttons"):
                yield Button(self._action, id="go", variant="primary", compact=True)
                yield Button("Cancel", id="cancel", compact=True)
        yield SteadyFooter()

    def on_mount(self) -> None:
        for found in self.query("#comment-on"):
            options = found if isinstance(found, OptionList) else None
            if options is not None:
                keys = [key for key, _ in self._targets]
                options.highlighted = keys.index(self._chosen) if self._chosen in keys else 0
        first = "#comment-by" if self._ask_name else "#comment-text"
        self.query_one(first, Input).focus()

    def _about(self) -> str:
        found = self.query("#comment-on")
        if found:
            option = found.first(OptionList).highlighted_option
            if option is not None and option.id is not None:
                return option.id
        return self._targets[0][0] if self._targets else ""

    @on(Input.Submitted, "#comment-by")
    def _named(self) -> None:
        self.query_one("#comment-text", Input).focus()

    @on(Input.Submitted, "#comment-text")
    @on(Button.Pressed, "#go")
    def _go(self) -> None:
        by = ""
        if self._ask_name:
            name_box = self.query_one("#comment-by", Input)
            by = name_box.value.strip()
            if not by:
                self.query_one(ErrorLine).say("Your name is needed. Please fill it in.")
                name_box.focus()
                return
        text_box = self.query_one("#comment-text", Input)
        text = text_box.value.strip()
        if not text:
            what = self._box_label.removeprefix("Your ").lower()
            self.query_one(ErrorLine).say(f"The {what} is empty. Please write it.")
            text_box.focus()
            return
        self.dismiss(Written(text, self._about(), by))

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
