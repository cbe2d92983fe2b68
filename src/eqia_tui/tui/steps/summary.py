"""The last step: what is still missing, the checks, every answer on one page, and exports."""

from __future__ import annotations

from datetime import date
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.widgets import Button, OptionList, Static
from textual.widgets.option_list import Option

from eqia_tui.core.checks import check
from eqia_tui.core.model.assessment import (
    Assessment,
    missing_answers,
    progress,
    question_asked,
    section_asked,
)
from eqia_tui.core.model.conditions import is_answered
from eqia_tui.core.model.questionnaire import Questionnaire, Section, TableQuestion
from eqia_tui.core.review.history import versions
from eqia_tui.core.review.waivers import waivers_of
from eqia_tui.core.rules.weighting import suggest
from eqia_tui.core.signing import is_signed
from eqia_tui.tui.steps.step_pane import StepPane
from eqia_tui.tui.widgets.plain import plain, visible


def answers_text(questionnaire: Questionnaire, assessment: Assessment) -> Text:
    """Every answer given, section by section, as the officer worded it."""
    q, a = questionnaire, assessment
    text = Text()
    for section in q.sections:
        if not section_asked(q, a, section):
            continue
        text.append(f"\n{section.title}\n", style="bold underline")
        if section.per_characteristic:
            for characteristic in q.characteristics:
                row = a.row(section.id, characteristic.id)
                text.append(f"\n{characteristic.label}\n", style="bold")
                _answers(text, q, a, section, row, indent="  ")
        else:
            _answers(text, q, a, section, a.answers.get(section.id, {}), indent="")
    return text


def _answers(
    text: Text, q: Questionnaire, a: Assessment, section: Section, row: dict[str, Any], indent: str
) -> None:
    for question in section.questions:
        if not question_asked(q, a, section, question, row):
            continue
        value = row.get(question.id)
        title = q.words(question.title)
        text.append(f"{indent}{title}{'' if title.endswith('?') else ':'} ", style="bold")
        if not is_answered(value):
            text.append("not answered\n", style="dim italic")
        elif isinstance(question, TableQuestion) and isinstance(value, list):
            text.append(f"{len(value)} {question.row_label}(s)\n")
            for number, item in enumerate(value, 1):
                text.append(f"{indent}  {number}.\n")
                for column in question.columns:
                    if is_answered(item.get(column.id)):
                        text.append(f"{indent}    {column.title}: ", style="italic")
                        text.append(f"{q.label_of(column, item[column.id])}\n")
        else:
            text.append(f"{q.label_of(question, value)}\n")


def _highlight(options: OptionList, keep: int | None) -> None:
    """Highlight an item of a list filled again: the one highlighted before, else the first,
    so Enter on the list goes to an item at once, without Down first."""
    if options.option_count:
        options.highlighted = min(keep or 0, options.option_count - 1)


class Summary(StepPane):
    DEFAULT_CSS = """
    Summary #summary-scroll {
        padding: 0 1;
    }

    Summary .summary-heading {
        margin-top: 1;
    }

    Summary #missing {
        height: auto;
        max-height: 10;
    }

    Summary .summary-buttons {
        height: auto;
        margin: 1 0;
    }

    Summary .summary-buttons Button {
        margin-right: 2;
    }
    """

    class ExportRequested(Message):
        """The officer asked to export the assessment."""

    class ActionRequested(Message):
        """Save a version, sign off or reopen: the wizard does the asking."""

        def __init__(self, action: str) -> None:
            super().__init__()
            self.action = action

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="summary-scroll"):
            yield Static("", id="summary-head")
            yield Static("", id="signed-state")
            with Horizontal(classes="summary-buttons"):
                yield Button("Export…", id="export", variant="primary", compact=True)
                yield Button("Save a version", id="version", compact=True)
                yield Button("Sign off", id="sign", compact=True)
                yield Button("Reopen", id="reopen", compact=True)
            yield Static(Text("Still to answer", style="bold"), classes="summary-heading")
            yield Static("", id="missing-none")
            yield OptionList(id="missing")
            yield Static(
                Text("Other checks a reviewer would make", style="bold"),
                classes="summary-heading",
            )
            yield Static("", id="findings-none")
            yield OptionList(id="findings")
            yield Static(Text("All answers", style="bold"), classes="summary-heading")
            yield Static("", id="answers")

    def on_mount(self) -> None:
        self.refresh_view()

    def refresh_view(self) -> None:
        q, a = self.draft.questionnaire, self.draft.assessment
        missing = missing_answers(q, a)
        head = Text(a.title, style="bold")
        head.append(f"\n{q.title}, version {q.version}\n", style="dim")
        head.append(f"{progress(q, a)}% of required answers given. ")
        suggestion = suggest(q, a)
        weighting = q.weighting
        if weighting is not None and suggestion.suggested_rating:
            scale = q.scales[weighting.scale]
            chosen = a.get(*weighting.rating_question.split("."))
            suggested = scale.option(suggestion.suggested_rating)
            head.append(f"\nSuggested weighting: {suggested.label if suggested else '-'}. ")
            own = scale.option(chosen) if isinstance(chosen, str) else None
            head.append(f"Your weighting: {own.label if own else 'not chosen yet'}.")
        self.query_one("#summary-head", Static).update(visible(head))
        options = self.query_one("#missing", OptionList)
        keep = options.highlighted
        options.clear_options()
        options.add_options([Option(plain(f"• {m.label}"), id=m.key) for m in missing])
        _highlight(options, keep)
        options.display = bool(missing)
        none = self.query_one("#missing-none", Static)
        none.update(
            ""
            if missing
            else Text("Nothing is missing. Every required answer is given.", style="green")
        )
        none.display = not missing
        self.query_one("#answers", Static).update(visible(answers_text(q, a)))
        self._show_findings()
        self._show_signed()

    def _show_findings(self) -> None:
        q, a = self.draft.questionnaire, self.draft.assessment
        # What is missing is listed above; here only what else a reviewer would raise.
        missing = {m.key for m in missing_answers(q, a)}
        findings = [f for f in check(q, a, date.today()) if f.key not in missing]
        options = self.query_one("#findings", OptionList)
        keep = options.highlighted
        options.clear_options()
        for number, finding in enumerate(findings):
            mark = Text()
            if finding.waiver is not None:
                mark.append("✓ Waived error: ", style="bold green")
            elif finding.severity == "error":
                mark.append("✗ Error: ", style="bold red")
            else:
                mark.append("! Warning: ", style="bold yellow")
            mark.append(finding.message)
            if finding.waiver is not None:
                mark.append(f"\n   Waived at sign-off: {finding.waiver.text()}", style="green")
            else:
                mark.append(f"\n   {finding.fix}", style="dim")
            # Option ids must be unique; two findings can share a key path.
            options.add_option(Option(visible(mark), id=f"{number}|{finding.key}"))
        _highlight(options, keep)
        options.display = bool(findings)
        none = self.query_one("#findings-none", Static)
        none.update(Text("No problems found.", style="green") if not findings else "")
        none.display = not findings

    def _show_signed(self) -> None:
        a = self.draft.assessment
        signed = is_signed(a)
        text = Text()
        history = versions(a)
        if history:
            latest = history[-1]
            text.append(f"Latest version {latest.version}", style="bold")
            text.append(f" ({latest.date_text}, {latest.author}): {latest.comment}\n")
        if signed and a.signed:
            text.append("Signed off", style="bold green")
            text.append(f" by {a.signed.get('by')}. Read-only: choose Reopen to change it.")
            waived = len(waivers_of(a.signed))
            if waived:
                text.append(
                    f"\n{waived} error{' was' if waived == 1 else 's were'} waived at sign-off: "
                    "see the checks below."
                )
        self.query_one("#signed-state", Static).update(visible(text))
        self.query_one("#sign", Button).display = not signed
        self.query_one("#reopen", Button).display = signed

    @on(OptionList.OptionSelected, "#findings")
    def _jump_to_finding(self, event: OptionList.OptionSelected) -> None:
        if event.option.id:
            self.post_message(self.Jump(event.option.id.partition("|")[2]))

    @on(Button.Pressed, "#version")
    def _version(self) -> None:
        self.post_message(self.ActionRequested("version"))

    @on(Button.Pressed, "#sign")
    def _sign(self) -> None:
        self.post_message(self.ActionRequested("sign"))

    @on(Button.Pressed, "#reopen")
    def _reopen(self) -> None:
        self.post_message(self.ActionRequested("reopen"))

    def focus_first(self) -> None:
        options = self.query_one("#missing", OptionList)
        if options.display and options.option_count:
            options.focus(scroll_visible=False)
        else:
            self.query_one("#export", Button).focus(scroll_visible=False)
        self.query_one("#summary-scroll", VerticalScroll).scroll_home(animate=False)

    @on(OptionList.OptionSelected, "#missing")
    def _jump(self, event: OptionList.OptionSelected) -> None:
        if event.option.id:
            self.post_message(self.Jump(event.option.id))

    @on(Button.Pressed, "#export")
    def _export(self) -> None:
        self.post_message(self.ExportRequested())
