"""Start a new assessment: choose the questionnaire (when there is more than one) and name it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label, RadioSet

from eqia_tui.core.model.assessment import SLUG_RULE, is_slug, slugify
from eqia_tui.core.storage.registry import Entry
from eqia_tui.tui.dialogs.dialog import Dialog
from eqia_tui.tui.widgets.error_line import ErrorLine
from eqia_tui.tui.widgets.option_button import OptionButton
from eqia_tui.tui.widgets.plain import plain
from eqia_tui.tui.widgets.steady_footer import SteadyFooter


@dataclass(frozen=True)
class NewAssessment:
    questionnaire: str
    title: str
    id: str


class NewAssessmentDialog(Dialog[NewAssessment | None]):
    """Returns the new assessment's questionnaire, title and id, or None when cancelled.

    `create`, when given, makes the draft when Start is pressed. It returns why the draft
    could not be made, in plain words, and the dialog then stays open with that shown and
    everything typed kept, so the officer can try again.
    """

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(
        self,
        questionnaires: list[Entry],
        taken: set[str],
        chosen: str = "",
        create: Callable[[NewAssessment], str] | None = None,
    ) -> None:
        super().__init__()
        self._create = create
        self.questionnaires = [e for e in questionnaires if not e.error]
        self.taken = taken
        self.chosen = chosen or (self.questionnaires[0].id if self.questionnaires else "")
        self._id_edited = False

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog dialog-wide"):
            yield Label("New assessment", classes="dialog-title")
            if len(self.questionnaires) > 1:
                yield Label("Questionnaire", classes="field-label")
                yield RadioSet(
                    *(
                        OptionButton(plain(f"{e.title} ({e.id})"), value=e.id == self.chosen)
                        for e in self.questionnaires
                    ),
                    id="questionnaire",
                )
            yield Label("Name of the policy, service or project", classes="field-label")
            yield Input(placeholder="For example: Customer Service Policy", id="title")
            yield Label("File name (made from the name; you can change it)", classes="field-label")
            yield Input(id="id")
            yield ErrorLine(id="new-error")
            # Tab goes from the file name to Start before Cancel: Tab follows the screen order.
            with Horizontal(classes="dialog-buttons"):
                yield Button("Start", id="start", variant="primary", compact=True)
                yield Button("Cancel", id="cancel", compact=True)
        yield SteadyFooter()

    def on_mount(self) -> None:
        self.query_one("#title", Input).focus()
        self.call_after_refresh(self._highlight_chosen)

    def _highlight_chosen(self) -> None:
        """The keys' highlight starts on the chosen questionnaire, so Enter keeps it. A radio
        set highlights its first button when mounted; its own actions move it from there."""
        for choices in self.query("#questionnaire").results(RadioSet):
            for _ in range(max(choices.pressed_index, 0)):
                choices.action_next_button()

    @on(RadioSet.Changed, "#questionnaire")
    def _questionnaire_changed(self, event: RadioSet.Changed) -> None:
        self.chosen = self.questionnaires[event.index].id

    @on(Input.Changed)
    def _typed(self) -> None:
        """The officer is fixing what the error line said: it goes until the next try."""
        self._error("")

    @on(Input.Changed, "#title")
    def _title_changed(self, event: Input.Changed) -> None:
        if not self._id_edited:
            with self.prevent(Input.Changed):
                self.query_one("#id", Input).value = self._free_id(slugify(event.value))

    @on(Input.Changed, "#id")
    def _id_changed(self) -> None:
        self._id_edited = True

    def _free_id(self, base: str) -> str:
        candidate, number = base, 2
        while candidate in self.taken:
            suffix = f"-{number}"
            candidate = base[: 64 - len(suffix)] + suffix
            number += 1
        return candidate

    def _error(self, message: str) -> None:
        self.query_one(ErrorLine).say(message)

    @on(Input.Submitted)
    @on(Button.Pressed, "#start")
    def _start(self) -> None:
        title = self.query_one("#title", Input).value.strip()
        assessment_id = self.query_one("#id", Input).value.strip()
        if not title:
            self._error("Please give the name of the policy, service or project.")
            self.query_one("#title", Input).focus()
            return
        if not is_slug(assessment_id):
            self._error(f"The file name is not valid: {SLUG_RULE}.")
            self.query_one("#id", Input).focus()
            return
        if assessment_id in self.taken:
            self._error(f'A draft called "{assessment_id}" already exists. Choose another name.')
            self.query_one("#id", Input).focus()
            return
        result = NewAssessment(self.chosen, title, assessment_id)
        problem = self._create(result) if self._create is not None else ""
        if problem:
            self._error(problem)
            return
        self.dismiss(result)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
