"""Sign-off refused: the errors the check finds, each a way to its answer or to a waiver.

The dialog lists every error that stops sign-off. Choosing one closes the dialog and goes
to its answer. To sign off despite an error, the officer records a waiver: why it is
signed off anyway (W, or the Waive button). A missing answer cannot be waived. When every
error is waived, Sign off goes on to the sign-off itself. The wizard does the signing:
the dialog only returns what the officer chose (`SignOffChoice`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Label, OptionList, Static
from textual.widgets.option_list import Option

from eqia_tui.core.checks import Finding
from eqia_tui.tui.dialogs.dialog import Dialog
from eqia_tui.tui.dialogs.prompt import PromptDialog
from eqia_tui.tui.widgets.error_line import ErrorLine
from eqia_tui.tui.widgets.plain import visible
from eqia_tui.tui.widgets.steady_footer import SteadyFooter

Reasons = dict[tuple[str, str], str]
"""A waiver's reason by the finding's (id, key path)."""


@dataclass(frozen=True)
class SignOffChoice:
    """What the officer chose: sign off (every error waived), go to an error's answer, or
    neither. `reasons` holds the waivers recorded so far, so none is lost on the way."""

    action: Literal["sign", "jump", "cancel"]
    key: str = ""
    """For "jump": the key path of the answer to go to."""
    reasons: Reasons = field(default_factory=dict)


class SignOffDialog(Dialog[SignOffChoice]):
    """The errors that stop sign-off. Returns a SignOffChoice, never None."""

    DEFAULT_CSS = """
    SignOffDialog #sign-off-errors {
        height: auto;
        max-height: 14;
    }
    """

    BINDINGS = [
        Binding("w", "waive", "Waive"),
        Binding("escape", "cancel", "Cancel"),
    ]

    def __init__(self, errors: list[tuple[Finding, bool]], reasons: Reasons | None = None) -> None:
        """`errors`: each error with whether it may be waived (a missing answer may not)."""
        super().__init__()
        self.errors = errors
        self.reasons: Reasons = {
            (f.id, f.key): reasons[(f.id, f.key)]
            for f, can in errors
            if can and reasons and reasons.get((f.id, f.key))
        }

    def compose(self) -> ComposeResult:
        count = len(self.errors)
        with Vertical(classes="dialog dialog-wide"):
            yield Label("Not ready to sign off", classes="dialog-title")
            yield Static(
                f"The check finds {count} error{'' if count == 1 else 's'}. Choose one to go to "
                "its answer and put it right. To sign off despite an error, record why: "
                "highlight it and press W. Your reason is kept with the sign-off, covered by "
                "its fingerprint (which shows any later change), and shown in every copy. A "
                "missing answer cannot be waived: answer it.",
                classes="dialog-body",
            )
            yield OptionList(id="sign-off-errors")
            yield ErrorLine(id="sign-off-note")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Waive…", id="waive", compact=True)
                yield Button("Sign off", id="sign", variant="primary", compact=True)
                yield Button("Cancel", id="cancel", compact=True)
        yield SteadyFooter()

    def on_mount(self) -> None:
        self._refill()
        options = self.query_one("#sign-off-errors", OptionList)
        options.highlighted = 0
        options.focus()

    def _refill(self) -> None:
        options = self.query_one("#sign-off-errors", OptionList)
        highlighted = options.highlighted
        options.clear_options()
        for index, (finding, can) in enumerate(self.errors):
            options.add_option(Option(visible(self._words(finding, can)), id=str(index)))
        if highlighted is not None and self.errors:
            options.highlighted = min(highlighted, len(self.errors) - 1)
        ready = self.all_waived
        self.query_one("#sign", Button).disabled = not ready
        self.query_one("#waive", Button).disabled = not any(can for _, can in self.errors)

    def _words(self, finding: Finding, can: bool) -> Text:
        reason = self.reasons.get((finding.id, finding.key))
        text = Text()
        if reason:
            text.append("✓ Waived: ", style="bold green")
        else:
            text.append("✗ Error: ", style="bold red")
        text.append(finding.message)
        if reason:
            text.append(f"\n   Reason: {reason}", style="green")
        elif can:
            text.append(f"\n   {finding.fix}", style="dim")
        else:
            text.append(f"\n   {finding.fix} A missing answer cannot be waived.", style="dim")
        return text

    @property
    def all_waived(self) -> bool:
        return all((f.id, f.key) in self.reasons for f, _ in self.errors)

    def _current(self) -> tuple[Finding, bool] | None:
        index = self.query_one("#sign-off-errors", OptionList).highlighted
        return self.errors[index] if index is not None and index < len(self.errors) else None

    def _note(self, words: str) -> None:
        self.query_one(ErrorLine).say(words)

    @on(OptionList.OptionHighlighted)
    def _clear_note(self) -> None:
        self._note("")

    @on(OptionList.OptionSelected, "#sign-off-errors")
    def _go_to_answer(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        finding, _ = self.errors[event.option_index]
        self.dismiss(SignOffChoice("jump", finding.key, dict(self.reasons)))

    @on(Button.Pressed, "#waive")
    def action_waive(self) -> None:
        current = self._current()
        if current is None:
            return
        finding, can = current
        if not can:
            self._note("A missing answer cannot be waived. Choose it to go and answer it.")
            return
        key = (finding.id, finding.key)

        def recorded(values: dict[str, str] | None) -> None:
            if values is None:
                return
            self.reasons[key] = values["reason"]
            self._refill()
            if self.all_waived:
                self.query_one("#sign", Button).focus()

        self.app.push_screen(
            PromptDialog(
                "Waive this error",
                f"{finding.message}\nSay why the assessment should be signed off despite it. "
                "The reason, your name and the date are kept with the sign-off.",
                [
                    (
                        "reason",
                        "Reason for signing off despite this error",
                        self.reasons.get(key, ""),
                    )
                ],
                "Record waiver",
            ),
            recorded,
        )

    @on(Button.Pressed, "#sign")
    def _sign(self) -> None:
        if self.all_waived:
            self.dismiss(SignOffChoice("sign", reasons=dict(self.reasons)))

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(SignOffChoice("cancel", reasons=dict(self.reasons)))
