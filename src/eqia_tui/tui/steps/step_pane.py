"""What every wizard step has in common: the draft it shows and the messages it sends.

A step never changes the draft itself. It posts `Answered` and the wizard screen, which owns
the draft, records the answer, schedules the save and then calls `answer_recorded`. So there
is one place where answers enter the file, and drawing a step can never write one.
"""

from __future__ import annotations

from typing import Any

from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message

from eqia_tui.core.model.assessment import Loaded
from eqia_tui.core.model.steps import Step
from eqia_tui.tui.steps.question_form import QuestionForm
from eqia_tui.tui.widgets.fields import Field
from eqia_tui.tui.widgets.help_panel import HelpPanel


class StepPane(Vertical):
    """One step of the wizard. Subclasses draw it; `refresh_view` brings it up to date."""

    DEFAULT_CSS = """
    StepPane {
        height: 1fr;
    }

    StepPane .intro {
        margin: 1 0;
        color: $text-muted;
    }
    """

    BINDINGS = [
        # The help is short on a small screen: it scrolls without leaving the question.
        Binding("alt+down", "scroll_help(1)", "Scroll the help down", show=False),
        Binding("alt+up", "scroll_help(-1)", "Scroll the help up", show=False),
    ]

    can_focus = False

    class Answered(Message):
        """The officer gave an answer (None when they cleared it). The wizard records it."""

        def __init__(
            self,
            pane: StepPane,
            section: str,
            question: str,
            value: Any,
            characteristic: str | None = None,
        ) -> None:
            super().__init__()
            self.pane = pane
            self.section = section
            self.question = question
            self.value = value
            self.characteristic = characteristic

    class Jump(Message):
        """Go to a question: `section.question` or `grid.characteristic.question`."""

        def __init__(self, key: str) -> None:
            super().__init__()
            self.key = key

    def __init__(self, draft: Loaded, step: Step) -> None:
        super().__init__(classes="step-pane", id=f"step-{step.id}")
        self.draft = draft
        self.step = step

    def refresh_view(self) -> None:
        """Called when the step is shown and after any answer changes."""

    def action_scroll_help(self, by: int) -> None:
        for panel in self.screen.query(HelpPanel):
            if panel.display:
                panel.scroll_relative(
                    y=by * max(1, panel.scrollable_content_region.height - 1), animate=False
                )

    def focus_first(self) -> None:
        # Arriving on a step shows it from the top, intro and heading included, unless that
        # would leave the first question's answer control out of sight (a small screen).
        for field in self.query(Field):
            if field.display:
                field.focus_input(scroll=False)
                break
        for form in self.query(QuestionForm):
            form.call_after_refresh(form.show_from_top)

    def focus_question(self, question: str) -> None:
        for field in self.query(Field):
            if field.question.id == question and field.display:
                field.focus_input()
                return
        self.focus_first()

    def send_answer(
        self, section: str, event: Field.Changed, characteristic: str | None = None
    ) -> None:
        """Pass a field's new answer to the wizard, which records it in the draft."""
        event.stop()
        question = event.field.question.id
        self.post_message(self.Answered(self, section, question, event.value, characteristic))

    def answer_recorded(self, event: Answered) -> None:
        """Called by the wizard once an answer is in the draft: update what depends on it."""
