"""Answers that need a word with the officer first: the lightest judgement while actions are
written, and the actions the screening suggests for the action plan. Either way the answer
enters the draft through the screen, which owns it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from eqia_tui.core.checks import actions_written
from eqia_tui.core.model.questionnaire import TableQuestion
from eqia_tui.core.rules.action_suggestions import action_table, suggest_actions
from eqia_tui.core.rules.weighting import lightest_judgement
from eqia_tui.core.text.problems import english_list
from eqia_tui.tui.dialogs.action_suggestions import ActionSuggestions
from eqia_tui.tui.dialogs.confirm import ConfirmDialog
from eqia_tui.tui.screens.wizard.base import DraftScreen
from eqia_tui.tui.steps.section_step import SectionStep
from eqia_tui.tui.steps.step_pane import StepPane

AddRows = Callable[[SectionStep, str, TableQuestion, list[dict[str, Any]]], None]
"""Adds rows to a table of a step: (the step, its section, the table, the rows)."""


class JudgementCheck:
    """Choosing the lightest judgement (Option 1) leaves the written actions out of the
    documents: the officer confirms it before it is recorded."""

    def __init__(self, screen: DraftScreen, record: Callable[[StepPane.Answered], None]) -> None:
        self._screen = screen
        self._record = record
        """Records an answer in the draft (the screen's `_record`)."""

    def asks_first(self, event: StepPane.Answered) -> bool:
        """True when the answer waits for the officer to confirm it."""
        left_out = self._left_out_by(event)
        if left_out:
            self._confirm(event, left_out)
        return bool(left_out)

    def _left_out_by(self, event: StepPane.Answered) -> list[str]:
        """What the documents would leave out if this answer is the lightest judgement
        (Option 1) while actions are written; empty for any other answer."""
        q = self._screen.draft.questionnaire
        if q.weighting is None or event.characteristic is not None:
            return []
        if f"{event.section}.{event.question}" != q.weighting.judgement_question:
            return []
        if event.value is None or event.value != lightest_judgement(q):
            return []
        return actions_written(q, self._screen.draft.assessment)

    def _confirm(self, event: StepPane.Answered, left_out: list[str]) -> None:
        q = self._screen.draft.questionnaire
        found = q.resolve(f"{event.section}.{event.question}")
        words = q.label_of(found[1], event.value) if found else str(event.value)
        before = self._screen.draft.assessment.get(event.section, event.question)

        def answered(yes: bool | None) -> None:
            if yes:
                self._record(event)
                return
            # Put the officer's earlier answer back on the screen; the file never changed.
            pane = event.pane
            field = pane.form.field(event.question) if isinstance(pane, SectionStep) else None
            if field is not None:
                field.set_value(before)
                field.focus_input()

        self._screen.app.push_screen(
            ConfirmDialog(
                f"Choose {words}?",
                f"Actions are written: {english_list(left_out)}. With this judgement they are "
                "left out of the documents, and the check reports it as an error. "
                "Choose it anyway?",
                confirm="Choose it",
            ),
            answered,
        )


class ActionOffer:
    """When the action plan opens, offer actions drawn from the screening, once a visit."""

    def __init__(self, screen: DraftScreen, add: AddRows, goto: Callable[[str], None]) -> None:
        self._screen = screen
        self._add = add
        self._goto = goto
        self._offered = False

    def offer(self, pane: SectionStep) -> None:
        """On arriving at `pane`: offer the actions if it is the action plan."""
        draft = self._screen.draft
        found = action_table(draft.questionnaire)
        section = pane.step.section
        if found is None or section is None or found[0] != section.id:
            return
        if self._offered:
            return
        self._offered = True
        suggestions = suggest_actions(draft.questionnaire, draft.assessment)
        if not suggestions:
            return
        section_id, table = found

        def chosen(rows: list[dict[str, Any]] | None) -> None:
            if not rows:
                return
            self._add(pane, section_id, table, rows)
            self._screen.notify(f"Added {len(rows)} action(s) to the plan.")

        self._screen.app.push_screen(
            ActionSuggestions(draft.questionnaire, table, suggestions), chosen
        )

    def suggest(self) -> None:
        """From the palette: offer the actions again, going to the action plan first."""
        screen = self._screen
        found = action_table(screen.draft.questionnaire)
        if found is None or screen.step(found[0]) is None:
            screen.notify("There is no action plan to fill with the answers given so far.")
            return
        if not suggest_actions(screen.draft.questionnaire, screen.draft.assessment):
            screen.notify("Every characteristic that needs an action already has one.")
            return
        self._offered = False
        pane = screen.pane(found[0])
        if screen.current == found[0] and isinstance(pane, SectionStep):
            self.offer(pane)
        else:
            self._goto(found[0])
