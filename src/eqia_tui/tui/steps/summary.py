"""The last step: the review status and its moves, open comments, what is still missing,
the checks, every answer on one page, and exports."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.widget import Widget
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
from eqia_tui.core.model.assessment.review_record import Comment
from eqia_tui.core.model.conditions import is_answered
from eqia_tui.core.model.questionnaire import Questionnaire, Section, TableQuestion
from eqia_tui.core.model.statuses import (
    APPROVED,
    CHANGES_REQUESTED,
    DRAFT,
    SIGNED,
    STATUS_WORDS,
    SUBMITTED,
)
from eqia_tui.core.review.comments import in_order, place_words
from eqia_tui.core.review.history import versions
from eqia_tui.core.review.status import allowed, last_move, status_of, status_words
from eqia_tui.core.review.waivers import waivers_of
from eqia_tui.core.rules.weighting import suggest
from eqia_tui.core.signing import is_signed, needs_approval
from eqia_tui.core.text.dates import local
from eqia_tui.core.text.problems import BadInput
from eqia_tui.tui.steps.step_pane import StepPane
from eqia_tui.tui.widgets.plain import plain, visible
from eqia_tui.tui.widgets.size_watch import watch_size


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


MOVE_BUTTONS = {
    SUBMITTED: "Submit for review",
    APPROVED: "Approve",
    CHANGES_REQUESTED: "Ask for changes",
    DRAFT: "Back to draft",
}
"""The review moves the summary offers as buttons, by the status each moves to. Sign-off
and reopening have buttons of their own."""


def on_day(moment: datetime) -> str:
    """A recorded time as a day people read: "3 March 2025"."""
    return f"{local(moment):%-d %B %Y}"


def sign_off_refusal(questionnaire: Questionnaire, assessment: Assessment) -> str:
    """Why sign-off must wait for the review, and what to do, or "" when it need not wait.
    Sign-off needs approval only when the questionnaire asks for a review."""
    try:
        needs_approval(questionnaire, assessment)
    except BadInput:
        pass
    else:
        return ""
    status = status_of(assessment)
    needs = "Sign-off needs a reviewer's approval first."
    if status == SUBMITTED:
        return f"{needs} It is with the reviewer now. Sign it off once they approve it."
    if status == CHANGES_REQUESTED:
        return (
            f"{needs} The reviewer asked for changes. Make them, then submit it for review again."
        )
    if status == APPROVED:
        approval = last_move(assessment, APPROVED)
        who = approval.by if approval else "the reviewer"
        return (
            f"The answers changed after {who} approved them. "
            "Submit it for review again, and sign it off once it is approved."
        )
    return f"{needs} Choose Submit for review on the summary."


def comment_text(questionnaire: Questionnaire, assessment: Assessment, comment: Comment) -> Text:
    """An open comment in the summary's list: where it is, who wrote it and when, its
    words, and how many replies it has."""
    text = Text()
    text.append(f"• {place_words(questionnaire, assessment, comment.on)}\n", style="bold")
    text.append(f"   {comment.by}, {on_day(comment.at)}: ", style="italic")
    text.append(comment.text)
    count = len(comment.replies)
    if count:
        text.append(f" ({count} repl{'y' if count == 1 else 'ies'})", style="dim")
    return text


def _highlight(options: OptionList, keep: int | None) -> None:
    """Highlight an item of a list filled again: the one highlighted before, else the first,
    so Enter on the list goes to an item at once, without Down first."""
    if options.option_count:
        options.highlighted = min(keep or 0, options.option_count - 1)


class SummaryPage(VerticalScroll):
    """The summary's page: the list with the focus stays in view when the page is shown or
    shrinks (the help opened under it at 80 columns)."""

    def on_mount(self) -> None:
        watch_size(self, self._keep_focus_in_view)  # a change of size with no Resize event

    def on_resize(self, _event: events.Resize) -> None:
        self.call_after_refresh(self._keep_focus_in_view)

    def _keep_focus_in_view(self) -> None:
        focused = self.screen.focused if self.is_mounted else None
        if focused is not None and self in focused.ancestors:
            self.scroll_to_widget(focused, animate=False, immediate=True)


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

    Summary #open-comments {
        height: auto;
        max-height: 12;
    }
    """

    class ExportRequested(Message):
        """The officer asked to export the assessment."""

    class ActionRequested(Message):
        """Save a version, sign off or reopen: the wizard does the asking."""

        def __init__(self, action: str) -> None:
            super().__init__()
            self.action = action

    class MoveRequested(Message):
        """Move the review status on to `to` (see `MOVE_BUTTONS`): the wizard does the asking."""

        def __init__(self, to: str) -> None:
            super().__init__()
            self.to = to

    def compose(self) -> ComposeResult:
        with SummaryPage(id="summary-scroll"):
            yield Static("", id="summary-head")
            yield Static("", id="signed-state")
            with Horizontal(classes="summary-buttons"):
                yield Button("Export…", id="export", variant="primary", compact=True)
                yield Button("Save a version", id="version", compact=True)
                yield Button("Sign off", id="sign", compact=True)
                yield Button("Reopen", id="reopen", compact=True)
            yield Static("", id="review-state", classes="summary-heading")
            with Horizontal(classes="summary-buttons", id="review-buttons"):
                for to, label in MOVE_BUTTONS.items():
                    yield Button(label, id=f"move-{to}", compact=True)
            yield Static("", id="comments-heading", classes="summary-heading")
            yield OptionList(id="open-comments")
            yield Static("", id="comments-resolved")
            yield Static(Text("Still to answer", style="bold"), classes="summary-heading")
            yield Static("", id="missing-none")
            yield OptionList(id="missing")
            yield Static(
                Text("Other checks a reviewer would make", style="bold"),
                classes="summary-heading",
            )
            yield Static("", id="findings-none")
            yield OptionList(id="findings")
            yield Static("", id="review-history", classes="summary-heading")
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
        self._show_review()
        self._show_comments()

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

    def _show_review(self) -> None:
        """The review status in words, the moves allowed now as buttons, why sign-off must
        wait (when it must), and every move so far."""
        q, a = self.draft.questionnaire, self.draft.assessment
        status = status_of(a)
        text = Text()
        text.append("Review: ", style="bold")
        text.append(f"{status_words(a)}.")
        last = last_move(a)
        if last is not None and last.note and status != SIGNED:
            text.append(f"\nNote: {last.note}", style="italic")
        refusal = "" if status == SIGNED else sign_off_refusal(q, a)
        if refusal:
            text.append(f"\n{refusal}", style="bold")
        self.query_one("#review-state", Static).update(visible(text))
        history = Text("History of the review", style="bold")
        for made in a.review.moves:
            history.append(f"\n• {STATUS_WORDS[made.status]} by {made.by} on {on_day(made.at)}")
            if made.note:
                history.append(f": {made.note}", style="dim")
        shown_history = self.query_one("#review-history", Static)
        shown_history.update(visible(history))
        shown_history.display = bool(a.review.moves)
        # Reopening a signed assessment is the Reopen button; signing is Sign off.
        can = set(allowed(a)) if status != SIGNED else set()
        for to in MOVE_BUTTONS:
            self.query_one(f"#move-{to}", Button).display = to in can
        self.query_one("#review-buttons").display = bool(can & set(MOVE_BUTTONS))

    def _show_comments(self) -> None:
        """Open comments first, each a way to its answer; then resolved ones, a line each."""
        q, a = self.draft.questionnaire, self.draft.assessment
        comments = in_order(a)
        open_ = [c for c in comments if c.is_open]
        resolved = [c for c in comments if not c.is_open]
        heading = Text("Open comments", style="bold")
        if open_:
            heading.append(f" ({len(open_)})", style="bold")
        else:
            heading.append("\n")
            heading.append("No open comments.", style="green")
        shown_heading = self.query_one("#comments-heading", Static)
        shown_heading.update(heading)
        shown_heading.display = bool(comments)  # no review comments yet: nothing to say
        options = self.query_one("#open-comments", OptionList)
        keep = options.highlighted
        options.clear_options()
        for number, comment in enumerate(open_):
            # Option ids must be unique; two comments can share a key path.
            options.add_option(
                Option(visible(comment_text(q, a, comment)), id=f"{number}|{comment.on}")
            )
        _highlight(options, keep)
        options.display = bool(open_)
        done = Text()
        if resolved:
            done.append(f"Resolved ({len(resolved)}):", style="bold")
            for comment in resolved:
                when = f" on {on_day(comment.resolved_at)}" if comment.resolved_at else ""
                done.append(
                    f"\n✓ {place_words(q, a, comment.on)}: resolved by {comment.resolved_by}{when}",
                    style="dim",
                )
        shown_done = self.query_one("#comments-resolved", Static)
        shown_done.update(visible(done))
        shown_done.display = bool(resolved)

    @on(OptionList.OptionSelected, "#open-comments")
    def _jump_to_comment(self, event: OptionList.OptionSelected) -> None:
        key = (event.option.id or "").partition("|")[2]
        if key:
            self.post_message(self.Jump(key))
        else:
            self.notify("This comment is about the whole assessment, not one answer.")

    @on(Button.Pressed, "#review-buttons Button")
    def _move(self, event: Button.Pressed) -> None:
        if event.button.id:
            self.post_message(self.MoveRequested(event.button.id.removeprefix("move-")))

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
        """The first list with something in it: open comments, else what is missing. The
        page shows from the top, scrolled only as far as the list needs to be seen."""
        target: Widget = self.query_one("#export", Button)
        for list_id in ("#open-comments", "#missing"):
            options = self.query_one(list_id, OptionList)
            if options.display and options.option_count:
                target = options
                break
        target.focus(scroll_visible=False)
        self.query_one("#summary-scroll", VerticalScroll).scroll_home(animate=False)
        self.call_after_refresh(target.scroll_visible, animate=False)

    @on(OptionList.OptionSelected, "#missing")
    def _jump(self, event: OptionList.OptionSelected) -> None:
        if event.option.id:
            self.post_message(self.Jump(event.option.id))

    @on(Button.Pressed, "#export")
    def _export(self) -> None:
        self.post_message(self.ExportRequested())
