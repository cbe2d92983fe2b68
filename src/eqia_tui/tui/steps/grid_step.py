"""The screening grid as master and detail: characteristics on the left, questions on the right."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from eqia_tui.core.model.assessment import Loaded, missing_answers
from eqia_tui.core.model.steps import Status, Step, characteristic_status
from eqia_tui.tui.steps.question_form import QuestionForm
from eqia_tui.tui.steps.step_pane import StepPane
from eqia_tui.tui.widgets.fields import Field
from eqia_tui.tui.widgets.plain import visible

STATUS_STYLES = {
    Status.NOT_STARTED: "dim",
    Status.IN_PROGRESS: "yellow",
    Status.DONE: "green",
    Status.ATTENTION: "bold red",
}


class GridStep(StepPane):
    """The keys to move between characteristics are the wizard's: they work wherever the
    focus is on this step, the Back and Next buttons included."""

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

    GridStep #grid-detail .intro {
        margin: 0;
    }

    GridStep #characteristic-title {
        margin: 0 0 1 0;
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
            yield OptionList(*self._options(), id="characteristics")
        with Vertical(id="grid-detail"):
            title = Static("", id="characteristic-title")
            yield QuestionForm(q, section, heading=title)

    @property
    def form(self) -> QuestionForm:
        return self.query_one(QuestionForm)

    def _options(self) -> list[Option]:
        q, a = self.draft.questionnaire, self.draft.assessment
        section = self.step.section
        assert section is not None
        missing = missing_answers(q, a)
        options = []
        for characteristic in q.characteristics:
            status = characteristic_status(q, a, section, characteristic.id, missing)
            if status is Status.ATTENTION and characteristic.id == self.current:
                # Not while the officer is still on it: a "yes" asks for its details next.
                status = Status.IN_PROGRESS
            text = Text(f"{status.mark} ", style=STATUS_STYLES[status])
            text.append(characteristic.label)
            text.append(f"\n\u00a0\u00a0{status.value}", style="dim")
            options.append(Option(visible(text), id=characteristic.id))
        return options

    def on_mount(self) -> None:
        self.show_characteristic(self.current)

    def show_characteristic(self, characteristic_id: str) -> None:
        q, a = self.draft.questionnaire, self.draft.assessment
        found = q.characteristic(characteristic_id)
        section = self.step.section
        if found is None or section is None:
            return
        self.current = characteristic_id
        title = Text.assemble((found.label, "bold underline"), "\n", (found.help, "italic"))
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
        options = self.query_one("#characteristics", OptionList)
        highlighted = options.highlighted
        for option in self._options():
            key = option.id or ""
            # Replace only the lines whose status changed, so a keystroke redraws nothing else.
            if str(options.get_option(key).prompt) != str(option.prompt):
                options.replace_option_prompt(key, option.prompt)
        options.highlighted = highlighted

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
