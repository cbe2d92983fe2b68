"""A step for one ordinary section: its questions, and the suggestion where it matters."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding

from eqia_tui.core.model.conditions import is_answered
from eqia_tui.core.review.comments import open_counts
from eqia_tui.core.rules.weighting import suggest
from eqia_tui.tui.steps.question_form import QuestionForm
from eqia_tui.tui.steps.step_pane import StepPane
from eqia_tui.tui.widgets.fields import ChoiceField, Field
from eqia_tui.tui.widgets.suggestion import SuggestionPanel

REASON_NEEDED = "Your weighting differs from the suggestion. Please say why."
REASON_CHECK = "Your weighting differs from the suggestion. Check that your reasons say why."


class SectionStep(StepPane):
    """The suggestion, where there is one, scrolls with the questions under the section's
    introduction: on a small screen it never pushes the questions out of sight."""

    BINDINGS = [Binding("f2", "use_suggestion", "Use suggestion")]

    DEFAULT_CSS = """
    SectionStep SuggestionPanel {
        margin: 0 0 1 0;
    }
    """

    def compose(self) -> ComposeResult:
        section = self.step.section
        assert section is not None
        panel = SuggestionPanel(classes="suggestion") if self._uses_suggestion() else None
        yield QuestionForm(self.draft.questionnaire, section, heading=panel)

    def _refs(self) -> tuple[str, str]:
        weighting = self.draft.questionnaire.weighting
        if weighting is None:
            return "", ""
        return weighting.rating_question, weighting.judgement_question

    def _uses_suggestion(self) -> bool:
        section = self.step.section
        assert section is not None
        return any(ref.partition(".")[0] == section.id for ref in self._refs() if ref)

    @property
    def form(self) -> QuestionForm:
        return self.query_one(QuestionForm)

    def on_mount(self) -> None:
        section = self.step.section
        assert section is not None
        self.form.load(self.draft.assessment, self.draft.assessment.answers.get(section.id, {}))
        self.refresh_view()

    def _suggested_here(self) -> tuple[Field, str] | None:
        """The field on this step that has a suggestion (the weighting or the judgement) and
        the suggested value, when the officer's answer is not that value already."""
        q, a = self.draft.questionnaire, self.draft.assessment
        section = self.step.section
        assert section is not None
        suggestion = suggest(q, a)
        rating_ref, judgement_ref = self._refs()
        for ref, value in (
            (rating_ref, suggestion.suggested_rating),
            (judgement_ref, suggestion.suggested_judgement),
        ):
            section_id, _, question_id = ref.partition(".")
            field = self.form.field(question_id) if section_id == section.id else None
            if field is not None and value and a.get(section_id, question_id) != value:
                return field, value
        return None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "use_suggestion":
            # Shown in the footer only when there is a suggestion to take.
            return self._uses_suggestion() and not self.disabled and bool(self._suggested_here())
        return True

    def action_use_suggestion(self) -> None:
        """The officer takes the suggestion: that is their choice, recorded like any other."""
        found = self._suggested_here()
        if found is None:
            return
        field, value = found
        field.choose(value)
        field.focus_input()

    def refresh_view(self) -> None:
        section = self.step.section
        assert section is not None
        # A mark on each question (and row of a table) with open comments.
        self.form.mark_comments(open_counts(self.draft.assessment), f"{section.id}.")
        if not self._uses_suggestion():
            return
        q, a = self.draft.questionnaire, self.draft.assessment
        suggestion = suggest(q, a)
        # The reasons belong with the weighting; the judgement step needs only the outcome.
        rating_section = self._refs()[0].partition(".")[0]
        rating_ref, judgement_ref = self._refs()
        here = self.step.id == rating_section
        own = a.get(*rating_ref.split(".")) if here else None
        self.query_one(SuggestionPanel).show(
            q, suggestion, reasons=here, own=own if isinstance(own, str) else None
        )
        for ref, value in (
            (rating_ref, suggestion.suggested_rating),
            (judgement_ref, suggestion.suggested_judgement),
        ):
            section_id, _, question_id = ref.partition(".")
            field = self.form.field(question_id) if section_id == section.id else None
            if isinstance(field, ChoiceField):
                field.mark_suggested(value)
        self._check_reasons(suggestion.suggested_rating)
        self.screen.refresh_bindings()  # "Use suggestion" comes and goes with the answers

    def _check_reasons(self, suggested: str | None) -> None:
        """A weighting different from the suggestion needs a reason."""
        weighting = self.draft.questionnaire.weighting
        section = self.step.section
        if weighting is None or weighting.reasons_question is None or section is None:
            return
        reasons_section, _, reasons_id = weighting.reasons_question.partition(".")
        field = self.form.field(reasons_id) if reasons_section == section.id else None
        if field is None:
            return
        a = self.draft.assessment
        rating = a.get(*weighting.rating_question.split("."))
        differs = is_answered(rating) and suggested is not None and rating != suggested
        if not differs:
            field.set_error("")
        elif not is_answered(field.value):
            field.set_error(REASON_NEEDED)
        elif self._reasons_older_than_weighting:
            # Reasons written for another weighting may not say why this one was chosen.
            field.set_error(REASON_CHECK, note=True)
        else:
            field.set_error("")

    _reasons_older_than_weighting = False
    """The weighting changed after the reasons were written: they may need a look."""

    @on(Field.Changed)
    def _answer(self, event: Field.Changed) -> None:
        section = self.step.section
        assert section is not None
        self.send_answer(section.id, event)

    def answer_recorded(self, event: StepPane.Answered) -> None:
        section = self.step.section
        assert section is not None
        weighting = self.draft.questionnaire.weighting
        if weighting is not None:
            changed = f"{section.id}.{event.question}"
            if changed == weighting.rating_question:
                self._reasons_older_than_weighting = True
            elif changed == weighting.reasons_question:
                self._reasons_older_than_weighting = False
        self.form.apply_conditions(
            self.draft.assessment, self.draft.assessment.answers.get(section.id, {}), reveal=True
        )
        self.refresh_view()
