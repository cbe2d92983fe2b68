"""What every wizard step has in common: the draft it edits and the messages it sends."""

from __future__ import annotations

from typing import Any

from textual.containers import Vertical
from textual.message import Message

from eqia_tui.assessment import Loaded
from eqia_tui.steps import Step
from eqia_tui.widgets.fields import Field
from eqia_tui.widgets.question_form import QuestionForm


class StepPane(Vertical):
    """One step of the wizard. Subclasses draw it; `refresh_view` brings it up to date."""

    can_focus = False

    class Changed(Message):
        """An answer changed: save soon and update whatever depends on it."""

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

    def focus_first(self) -> None:
        # Arriving on a step shows it from the top, intro and heading included.
        for field in self.query(Field):
            if field.display:
                field.focus_input(scroll=False)
                break
        for form in self.query(QuestionForm):
            form.call_after_refresh(form.scroll_home, animate=False)

    def focus_question(self, question: str) -> None:
        for field in self.query(Field):
            if field.question.id == question and field.display:
                field.focus_input()
                return
        self.focus_first()

    def store_answer(self, section: str, event: Field.Changed, characteristic: Any = None) -> None:
        event.stop()
        if self.draft.assessment.set(section, event.field.question.id, event.value, characteristic):
            self.post_message(self.Changed())
