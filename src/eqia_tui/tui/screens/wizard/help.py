"""The help panel beside the steps: what the step is for, then the question in focus."""

from __future__ import annotations

from textual.widget import Widget

from eqia_tui.core.model.steps import Step
from eqia_tui.tui.screens.wizard.base import DraftScreen
from eqia_tui.tui.steps.grid_step import GridStep
from eqia_tui.tui.widgets.fields import Field
from eqia_tui.tui.widgets.help_panel import HelpPanel

NARROW = 110
"""Below this width the help panel starts hidden (F1 shows it)."""


class StepHelp:
    """What the screen's help panel shows, and whether it is shown."""

    def __init__(self, screen: DraftScreen) -> None:
        self._screen = screen
        self._choice: bool | None = None
        """Shown or hidden with F1; None until then (shown when the screen is wide)."""

    def fit(self) -> None:
        """Show the panel if the officer chose to, else if the screen is wide enough."""
        wide = self._screen.size.width >= NARROW
        shown = self._choice if self._choice is not None else wide
        self._screen.query_one(HelpPanel).display = shown

    def toggle(self) -> None:
        panel = self._screen.query_one(HelpPanel)
        self._choice = not panel.display
        self.fit()

    def explain(self, step: Step) -> None:
        """Until a question has focus, the help panel says what this step is for."""
        q = self._screen.draft.questionnaire
        intro = q.words(step.section.intro) if step.section is not None else ""
        if step.kind == "overview":
            intro = "Every characteristic with its answers. Choose a row to change them."
        elif step.kind == "summary":
            intro = (
                "Where the review stands, the open comments, what is still missing, the checks "
                "a reviewer would make, and every answer. Choose an item to go to its question. "
                "Move the review on, export, save a version or sign off here."
            )
        self._screen.query_one(HelpPanel).show_text(step.title, intro)

    def follow(self, widget: Widget) -> None:
        """Show the help of the question `widget` belongs to, if it belongs to one."""
        field = _field_of(widget)
        if field is None:
            return
        screen = self._screen
        pane = screen.pane(screen.current)
        q = screen.draft.questionnaire
        characteristic, intro = None, ""
        if isinstance(pane, GridStep) and field in pane.form.fields():
            # The grid folds these to a line each: the help has them whole.
            characteristic = q.characteristic(pane.current)
            intro = q.words(pane.step.section.intro) if pane.step.section is not None else ""
        screen.query_one(HelpPanel).show_question(q, field.question, characteristic, intro)


def _field_of(widget: Widget | None) -> Field | None:
    while widget is not None:
        if isinstance(widget, Field):
            return widget
        parent = widget.parent
        widget = parent if isinstance(parent, Widget) else None
    return None
