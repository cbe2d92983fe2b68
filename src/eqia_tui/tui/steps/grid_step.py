"""The screening grid as master and detail: characteristics on the left, questions on the right."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from eqia_tui.core.model.assessment import Loaded, missing_answers
from eqia_tui.core.model.steps import Status, Step, characteristic_status
from eqia_tui.core.review.comments import open_counts
from eqia_tui.core.text.safe_text import shown
from eqia_tui.tui.steps.question_form import QuestionForm
from eqia_tui.tui.steps.step_pane import StepPane
from eqia_tui.tui.widgets.comments_panel import OPEN_MARK, open_words
from eqia_tui.tui.widgets.fields import Field
from eqia_tui.tui.widgets.kept_list import KeptList
from eqia_tui.tui.widgets.plain import plain, visible

STATUS_STYLES = {
    Status.NOT_STARTED: "$foreground-muted",
    Status.IN_PROGRESS: "$text-warning",
    Status.DONE: "$text-success",
    Status.ATTENTION: "bold $text-error",
}
"""Each status's mark, in a colour of the theme, so it reads in every theme, high contrast
included. The status is said in words too."""


class GridStep(StepPane):
    """The keys to move between characteristics are the wizard's: they work wherever the
    focus is on this step, the Back and Next buttons included.

    The section's introduction and the characteristic's description are each folded to
    one line above the questions, which do not scroll away: on a small screen the questions
    fill the rest. The help panel (F1) shows both in full."""

    DEFAULT_CSS = """
    GridStep {
        layout: horizontal;
    }

    GridStep #grid-master {
        width: 30;
        height: 1fr;
        border-right: vkey $primary;
    }

    GridStep .grid-master-title {
        padding: 0 1;
    }

    GridStep #characteristics {
        height: 1fr;
        border: none;
    }

    GridStep #grid-detail {
        width: 1fr;
        height: 1fr;
        padding: 0 1;
    }

    /* The introduction and the characteristic's description fold to a line each, above
       the questions; the whole of both is in the help (F1). */
    GridStep .grid-heading {
        height: 1;
        padding: 0 1;
        text-wrap: nowrap;
        text-overflow: ellipsis;
    }

    GridStep #grid-intro {
        color: $text-muted;
    }
    """

    class Selected(Message):
        """The officer moved to another characteristic (so reopening lands on it)."""

        def __init__(self, characteristic: str) -> None:
            super().__init__()
            self.characteristic = characteristic

    def __init__(self, draft: Loaded, step: Step) -> None:
        super().__init__(draft, step)
        self.current = self.draft.questionnaire.characteristics[0].id

    def compose(self) -> ComposeResult:
        section = self.step.section
        assert section is not None
        q = self.draft.questionnaire
        with Vertical(id="grid-master"):
            yield Static(Text("Characteristics", style="bold"), classes="grid-master-title")
            yield KeptList(*self._options(), id="characteristics")
        with Vertical(id="grid-detail"):
            intro = plain(q.words(section.intro)) if section.intro else Text()
            yield Static(intro, id="grid-intro", classes="grid-heading")
            yield Static("", id="characteristic-title", classes="grid-heading")
            yield QuestionForm(q, section, intro=False)

    @property
    def form(self) -> QuestionForm:
        return self.query_one(QuestionForm)

    def _options(self) -> list[Option]:
        q, a = self.draft.questionnaire, self.draft.assessment
        section = self.step.section
        assert section is not None
        missing = missing_answers(q, a)
        comments = open_counts(a)
        options = []
        for characteristic in q.characteristics:
            status = characteristic_status(q, a, section, characteristic.id, missing)
            if status is Status.ATTENTION and characteristic.id == self.current:
                # Not while the officer is still on it: a "yes" asks for its details next.
                status = Status.IN_PROGRESS
            # Open comments: a mark after the name, and how many in words under it.
            count = comments[f"{section.id}.{characteristic.id}"]
            prompt = Content.assemble(
                (f"{status.mark} ", STATUS_STYLES[status]),
                shown(characteristic.label),
                (f" {OPEN_MARK}" if count else "", "bold"),
                (f"\n\u00a0\u00a0{status.value}", "$foreground-muted"),
                (f", {open_words(count)}" if count else "", "$foreground-muted"),
            )
            options.append(Option(prompt, id=characteristic.id))
        return options

    def on_mount(self) -> None:
        self.app.theme_changed_signal.subscribe(self, self._theme_changed)
        self.show_characteristic(self.current)

    def _theme_changed(self, _theme: object) -> None:
        """Draw every mark again in the new theme's colours."""
        options = self.query_one("#characteristics", OptionList)
        highlighted = options.highlighted
        for option in self._options():
            options.replace_option_prompt(option.id or "", option.prompt)
        options.highlighted = highlighted

    def show_characteristic(self, characteristic_id: str) -> None:
        q, a = self.draft.questionnaire, self.draft.assessment
        found = q.characteristic(characteristic_id)
        section = self.step.section
        if found is None or section is None:
            return
        self.current = characteristic_id
        title = Text.assemble((found.label, "bold underline"), "  ", (found.help, "italic"))
        self.query_one("#characteristic-title", Static).update(visible(title))
        self.form.load(a, a.row(section.id, characteristic_id))
        self.form.scroll_home(animate=False)
        options = self.query_one("#characteristics", OptionList)
        index = options.get_option_index(characteristic_id)
        if options.highlighted != index:
            options.highlighted = index
        self.refresh_view()  # the one left behind may now need attention
        self.post_message(self.Selected(characteristic_id))

    def refresh_view(self) -> None:
        section = self.step.section
        assert section is not None
        # A mark on each question of this characteristic with open comments.
        self.form.mark_comments(open_counts(self.draft.assessment), f"{section.id}.{self.current}.")
        options = self.query_one("#characteristics", OptionList)
        highlighted = options.highlighted
        changed = False
        for option in self._options():
            key = option.id or ""
            # Replace only the lines whose status changed, so a keystroke redraws nothing else.
            if str(options.get_option(key).prompt) != str(option.prompt):
                options.replace_option_prompt(key, option.prompt)
                changed = True
        options.highlighted = highlighted
        if changed:  # a line more or less above or in the highlight: keep it in view
            self.call_after_refresh(options.scroll_to_highlight)

    @on(OptionList.OptionHighlighted, "#characteristics")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        # Only the officer moving through the list switches characteristic, not its set-up.
        if not event.option_list.has_focus:
            return
        if event.option.id and event.option.id != self.current:
            self.show_characteristic(event.option.id)

    @on(OptionList.OptionSelected, "#characteristics")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id and event.option.id != self.current:
            self.show_characteristic(event.option.id)
        self.focus_first()

    def action_move(self, by: int) -> None:
        ids = [c.id for c in self.draft.questionnaire.characteristics]
        index = ids.index(self.current) + by
        if 0 <= index < len(ids):
            self.show_characteristic(ids[index])
            self.focus_first()
        elif by > 0:
            self.notify("This is the last characteristic. Ctrl+N goes to the next step.")
        else:
            self.notify("This is the first characteristic.")

    @on(Field.Changed)
    def _answer(self, event: Field.Changed) -> None:
        section = self.step.section
        assert section is not None
        self.send_answer(section.id, event, self.current)

    def answer_recorded(self, event: StepPane.Answered) -> None:
        section = self.step.section
        assert section is not None
        if event.characteristic == self.current:
            row = self.draft.assessment.row(section.id, self.current)
            self.form.apply_conditions(self.draft.assessment, row, reveal=True)
        self.refresh_view()
