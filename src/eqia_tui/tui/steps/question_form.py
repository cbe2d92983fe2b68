"""The questions of one section, drawn from the questionnaire, shown or hidden by conditions."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from textual import events
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.geometry import Offset, Region
from textual.widget import Widget
from textual.widgets import Static

from eqia_tui.core.model.assessment import Assessment, question_asked, question_required
from eqia_tui.core.model.questionnaire import Questionnaire, Section, TableQuestion
from eqia_tui.tui.steps.table_field import TableField
from eqia_tui.tui.widgets.comments_panel import OPEN_MARK, open_words
from eqia_tui.tui.widgets.fields import Field, make_field
from eqia_tui.tui.widgets.plain import plain
from eqia_tui.tui.widgets.size_watch import watch_size


class QuestionForm(VerticalScroll):
    """A form for one section, or for one characteristic's row of a grid.

    The question with focus is always seen whole, its label with its answer control: moving
    the focus, and the form growing or shrinking (the help shown or hidden with F1),
    scroll it into view together, on the smallest screen too.
    """

    DEFAULT_CSS = """
    QuestionForm {
        height: 1fr;
        padding: 0 1;
    }

    /* Above a question with open comments: a mark and the count in words. */
    QuestionForm .comment-mark {
        display: none;
        color: $text-warning;
        text-style: bold;
    }

    QuestionForm .comment-mark.-shown {
        display: block;
    }
    """

    # Tab goes from question to question; the form scrolls to the one with focus. A form
    # that took focus itself would be a stop on the way that shows nothing.
    can_focus = False

    def __init__(
        self,
        questionnaire: Questionnaire,
        section: Section,
        *,
        heading: Widget | None = None,
        intro: bool = True,
        id: str = "",
    ) -> None:
        super().__init__(classes="question-form", id=id or None)
        self.questionnaire = questionnaire
        self.section = section
        self._heading = heading
        self._intro = intro
        """Whether the form starts with the section's introduction (the grid shows it once,
        above the form, instead)."""
        self._last_question: Field | None = None
        """The question that last had the focus (`reveal`)."""

    def compose(self) -> ComposeResult:
        if self.section.intro and self._intro:
            intro = plain(self.questionnaire.words(self.section.intro), lines=True)
            yield Static(intro, classes="intro")
        if self._heading is not None:
            yield self._heading
        for question in self.section.questions:
            if isinstance(question, TableQuestion):
                field: Field = TableField(self.questionnaire, question)
            else:
                field = make_field(self.questionnaire, question)
            # The line for open comments, above the label: there from the start, so showing
            # it never waits for a widget to be added (`mark_comments`).
            field.compose_add_child(Static("", classes="comment-mark"))
            yield field

    def fields(self) -> list[Field]:
        return list(self.query(Field))

    def _question_of(self, widget: Widget | None) -> Field | None:
        """The question of this form that `widget` is part of, if any."""
        while widget is not None and widget is not self:
            if isinstance(widget, Field) and widget.parent is self:
                return widget
            parent = widget.parent
            widget = parent if isinstance(parent, Widget) else None
        return None

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        self._last_question = self._question_of(event.widget) or self._last_question
        # After the screen's own scroll to the control: the label comes into view with it.
        self.call_after_refresh(self.reveal)

    def on_mount(self) -> None:
        watch_size(self, self.reveal)  # a change of size with no Resize event

    def on_resize(self, event: events.Resize) -> None:
        # Less room (the help or the comments opened under the form): the question with
        # focus, or the one that had it last, stays in view.
        self.call_after_refresh(self.reveal)

    def scroll_to_region(self, region: Region, *, center: bool = False, **kwargs: Any) -> Offset:
        """Scroll as Textual asks, except for the focus: a form never centres a control.

        Textual centres a control that takes the focus (`Screen.set_focus` calls
        `scroll_to_center`, animated, on its own message queue). The form's own `reveal`
        then raced that animation, and where the form ended depended on which came first.
        A request to centre while a question here has the focus is answered by `reveal`,
        at once, so there is one scroll and one place to end (tests/functional/
        test_kept_in_view.py). Nothing in the app asks a form to centre anything else."""
        if center and self.is_mounted and self._question_of(self.screen.focused) is not None:
            before = self.scroll_offset
            self.reveal()
            return self.scroll_offset - before
        return super().scroll_to_region(region, center=center, **kwargs)

    def reveal(self) -> None:
        """Scroll the least needed to show the question with focus whole, label and control
        together. A question taller than the form (a long table) shows its control.

        With the focus outside the form (in the comments on the question, say), the
        question that had it last is shown: the same place whichever comes first, the
        focus moving or the form shrinking."""
        if not self.is_mounted:
            return
        focused = self.screen.focused
        question = self._question_of(focused)
        if question is None:
            focused = None
            question = self._last_question
        if question is None or not question.display or not question.is_attached:
            return
        whole = question.virtual_region
        if whole.height <= self.scrollable_content_region.height:
            self.scroll_to_region(whole, animate=False, immediate=True)
        elif focused is not None:
            self.scroll_to_widget(focused, animate=False, immediate=True)
        else:
            self.scroll_to_region(whole, animate=False, immediate=True, top=True)

    def show_from_top(self) -> None:
        """Arriving on a step: from the top, introduction included, as far as the question
        with focus still shows whole."""
        self.scroll_home(animate=False, immediate=True)
        self.reveal()

    def field(self, question_id: str) -> Field | None:
        found = self.query(f"#field-{question_id}")
        return found.first(Field) if found else None

    def mark_comments(self, counts: Mapping[str, int], prefix: str) -> None:
        """A line above each question with open comments: ✎ and how many, in words.
        `counts` are by key path (`core.review.comments.open_counts`); a question's key
        path is `prefix` and its id."""
        for field in self.fields():
            key = prefix + field.question.id
            count = counts.get(key, 0)
            for mark in field.query_children(".comment-mark").results(Static):
                if count:
                    mark.update(f"{OPEN_MARK} {open_words(count)} (F4 to read)")
                mark.set_class(bool(count), "-shown")
            if isinstance(field, TableField):
                field.mark_comments(counts, key)

    def load(self, assessment: Assessment, values: dict[str, Any]) -> None:
        """Show these answers and apply the conditions for them."""
        for field in self.fields():
            field.set_value(values.get(field.question.id))
        self.apply_conditions(assessment, values)

    def apply_conditions(
        self, assessment: Assessment, values: dict[str, Any], *, reveal: bool = False
    ) -> None:
        """Show the questions asked for these answers; with `reveal`, scroll to a new one."""
        q, section = self.questionnaire, self.section
        for field in self.fields():
            question = field.question
            asked = question_asked(q, assessment, section, question, values)
            if reveal and asked and not field.display:
                # A question that appears (details after a "yes") is brought into view.
                self.call_after_refresh(field.scroll_visible, animate=False)
            field.display = asked
            field.set_required(question_required(q, assessment, section, question, values))
