"""The guided wizard: one step at a time, every change saved within a second.

The screen owns the draft. Every answer arrives as a `StepPane.Answered` message and enters
the draft in `_record`, and only there (rows added from the suggested actions in
`_add_rows`). The screen moves between the steps; the rest is done by parts it owns, each in
a module of its own: saving (saving.py), the lock that keeps other windows read-only
(holding.py), another program's change to the file (outside.py), closing and quitting
(leaving.py), versions and sign-off (sign_off.py), the review status (reviewing.py), export
(export.py), the help panel (help.py) and the answers that need a word with the officer
first (answers.py). What they share of the screen is in base.py. What is left here is the
screen itself: its layout, moving between steps and recording answers, a little over 400 lines.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widget import AwaitMount
from textual.widgets import (
    Button,
    ContentSwitcher,
    DataTable,
    Header,
    Input,
    Static,
    TextArea,
)

from eqia_tui.core.disk.draft_lock import HEARTBEAT_EVERY
from eqia_tui.core.model.assessment import Loaded, Missing, missing_answers, now
from eqia_tui.core.model.questionnaire import TableQuestion
from eqia_tui.core.model.steps import Status, Step, step_status
from eqia_tui.core.review.comments import open_counts
from eqia_tui.core.storage.store import load_file
from eqia_tui.core.text.problems import BadInput
from eqia_tui.tui.host import host
from eqia_tui.tui.screens.wizard.answers import ActionOffer, JudgementCheck
from eqia_tui.tui.screens.wizard.base import DraftScreen
from eqia_tui.tui.screens.wizard.commenting import Commenting
from eqia_tui.tui.screens.wizard.export import Export
from eqia_tui.tui.screens.wizard.help import StepHelp
from eqia_tui.tui.screens.wizard.holding import DraftHold
from eqia_tui.tui.screens.wizard.leaving import Leaving
from eqia_tui.tui.screens.wizard.outside import OutsideChange
from eqia_tui.tui.screens.wizard.reviewing import Reviewing
from eqia_tui.tui.screens.wizard.saving import Autosave
from eqia_tui.tui.screens.wizard.sign_off import SignOff
from eqia_tui.tui.screens.wizard.upgrading import Upgrading
from eqia_tui.tui.steps.grid_step import GridStep
from eqia_tui.tui.steps.overview import GridOverview
from eqia_tui.tui.steps.section_step import SectionStep
from eqia_tui.tui.steps.step_pane import StepPane
from eqia_tui.tui.steps.summary import Summary
from eqia_tui.tui.widgets.comments_panel import CommentsPanel
from eqia_tui.tui.widgets.help_panel import HelpPanel
from eqia_tui.tui.widgets.steady_footer import SteadyFooter
from eqia_tui.tui.widgets.step_bar import StepBar

PANES: dict[str, type[StepPane]] = {
    "section": SectionStep,
    "grid": GridStep,
    "overview": GridOverview,
    "summary": Summary,
}


class WizardScreen(DraftScreen):
    BINDINGS = [
        Binding("ctrl+down", "characteristic(1)", "Characteristic", key_display="^↓↑"),
        Binding("ctrl+up", "characteristic(-1)", "Previous characteristic", show=False),
        Binding("ctrl+n", "next", "Next"),
        Binding("ctrl+b", "back", "Back"),
        Binding("c", "comment", "Comment"),
        # The same key, left out of the footer while the officer answers: there, Quit and
        # the moves matter more at 80 columns, and the palette lists every comment command.
        Binding("c", "comment_quietly", "Comment", show=False),
        Binding("f4", "comments", "Comments"),
        Binding("f1", "toggle_help", "Help"),
        Binding("ctrl+s", "save", "Save", show=False),
        Binding("ctrl+r", "save_version", "Save a version", show=False),
        Binding("f5", "check_again", "Check again"),
        Binding("escape", "close", "Drafts"),
    ]

    def __init__(
        self,
        draft: Loaded,
        path: Path,
        clock: Callable[[], datetime] = now,
        *,
        review: bool = False,
    ) -> None:
        super().__init__(draft, path, clock)
        self.review_mode = review
        self._opening = True
        """Until the first step is drawn: landing on it is not a move worth saving."""
        # The parts of the screen, each given what it works with. A save that finds the
        # file changed by another program asks the officer what to do (`outside`).
        self.saving = Autosave(self, changed_outside=lambda: self.outside.ask())
        self.hold = DraftHold(self, self.saving)
        self.outside = OutsideChange(self, self.saving, self.hold, self.reload)
        self.leaving = Leaving(self, self.saving, self.hold, self.outside)
        self.sign_off = SignOff(self, self.saving, self.hold, self.jump)
        self.upgrading = Upgrading(self, self.saving, self.hold, self.reload)
        self.reviewing = Reviewing(self, self.saving, self.hold)
        self.export = Export(self, self.saving)
        self.commenting = Commenting(self, self.saving, self._refresh_chrome)
        self.help = StepHelp(self)
        self.judgement = JudgementCheck(self, self._record)
        self.offers = ActionOffer(self, self._add_rows, self.goto)

    # --- Layout ------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Header()
        yield StepBar(id="step-bar")
        yield Static(
            "Signed off, so the answers are locked. To change them, reopen the assessment "
            "from the summary.",
            id="read-only-banner",
        )
        yield Static("", id="held-banner")
        with Horizontal(id="wizard-body"):
            yield ContentSwitcher(id="steps")
            yield HelpPanel(id="help")
        yield CommentsPanel(id="comments")
        with Horizontal(id="wizard-nav"):
            yield Button("◀ Back", id="back", compact=True)
            yield Static("", id="saved")
            yield Button("Next ▶", id="next", variant="primary", compact=True)
        yield SteadyFooter(compact=True)

    def on_mount(self) -> None:
        self.title = "Equality Impact Assessment"
        self.sub_title = self.where()
        self.home = host(self.app).home
        self.hold.take()
        self.set_interval(HEARTBEAT_EVERY, self.hold.heartbeat)
        for note in self.draft.notes:
            self.notify(note, title="Kept aside", severity="warning", timeout=10)
        self.upgrading.offer()  # one line when a newer questionnaire version is installed
        step_id, _, characteristic = self.draft.assessment.resume_at.partition(".")
        ids = [s.id for s in self.steps()]
        self.goto(step_id if step_id in ids else ids[0], characteristic or None)

    def on_resize(self, event: events.Resize) -> None:
        self.help.fit()

    # --- Steps -------------------------------------------------------------------------------

    def action_characteristic(self, by: int) -> None:
        pane = self.pane(self.current)
        if isinstance(pane, GridStep):
            pane.action_move(by)
            # The cursor stays in the same boxes, now the next characteristic's: no focus
            # event, so the help is told.
            self.call_after_refresh(self._help_follows_focus)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "characteristic":
            return isinstance(self.pane(self.current), GridStep)  # shown on the grid only
        if action == "check_again":
            return self.held_by is not None  # shown while another window holds the draft
        if action == "comments":
            return self.commenting.shown()  # shown while there are comments to read
        if action in ("comment", "comment_quietly"):
            # In a box for words, C is a letter: the palette's "Comment on this question".
            if isinstance(self.focused, Input | TextArea):
                return False
            # In the footer while reviewing, or while the answers are locked.
            return self.read_only() == (action == "comment")
        return True

    def action_goto(self, step_id: str) -> None:
        """A click on a step in the step bar."""
        self.goto(step_id)

    def goto(self, step_id: str, characteristic: str | None = None, question: str = "") -> None:
        """Show a step (and a characteristic of a grid); focus `question`, else the first."""
        step = self.step(step_id)
        if step is None:
            self.notify("That step is not asked with the answers given so far.")
            return
        switcher = self.query_one("#steps", ContentSwitcher)
        pane = self.pane(step.id)
        mounting: AwaitMount | None = None
        if pane is None:
            pane = PANES[step.kind](self.draft, step)
            if isinstance(pane, GridStep) and characteristic:
                pane.current = characteristic
            mounting = switcher.mount(pane)
        elif isinstance(pane, GridStep) and characteristic and characteristic != pane.current:
            pane.show_characteristic(characteristic)
        self.current = step.id
        switcher.current = pane.id
        self.refresh_bindings()
        self._remember_place(characteristic)
        self._arrive(pane, mounting, question)

    @work(group="arrive", exclusive=True)
    async def _arrive(self, pane: StepPane, mounting: AwaitMount | None, question: str) -> None:
        # A step drawn for the first time is mounted before it is focused. A newer move
        # cancels this one, so a quick succession of steps never lands on a stale one.
        if mounting is not None:
            await mounting
        self._arrived(pane, question)

    def _arrived(self, pane: StepPane, question: str = "") -> None:
        read_only = self.read_only()
        pane.refresh_view()
        self.apply_read_only()
        self.help.explain(pane.step)
        if question:
            pane.focus_question(question)
            # Once more after the step is drawn: showing a step can move the focus off the
            # question (to the first one) when the widget that had it is hidden.
            self.call_after_refresh(pane.focus_question, question)
        else:
            pane.focus_first()
        # Another characteristic of the grid keeps the same boxes, and so the same focus,
        # which sends no focus event: the help follows the focus once it has settled.
        self.call_after_refresh(self._help_follows_focus)
        self._refresh_chrome()
        if isinstance(pane, SectionStep) and not read_only:
            self.offers.offer(pane)
        if self._opening:
            # Messages the first step sends while it is drawn are part of opening too.
            self.call_after_refresh(self._opened)

    def _opened(self) -> None:
        self._opening = False
        self.saving.opened()  # where the file opened is not a change to it

    def _move(self, by: int) -> None:
        ids = [s.id for s in self.steps()]
        if self.current not in ids:
            self.goto(ids[0])
            return
        index = ids.index(self.current) + by
        if 0 <= index < len(ids):
            self.goto(ids[index])

    def action_next(self) -> None:
        self._move(1)

    def action_back(self) -> None:
        self._move(-1)

    @on(Button.Pressed, "#next")
    def _next_pressed(self) -> None:
        self.action_next()

    @on(Button.Pressed, "#back")
    def _back_pressed(self) -> None:
        self.action_back()

    def jump(self, key: str) -> None:
        """Go to `section.question` or `grid.characteristic.question` and focus it."""
        parts = [p.split("[")[0] for p in key.split(".")]
        step = self.step(parts[0])
        if step is None:
            self.notify("That part is not asked with the answers given so far.")
            return
        characteristic = parts[1] if step.kind == "grid" and len(parts) > 1 else None
        question = (
            parts[2]
            if characteristic and len(parts) > 2
            else (parts[1] if not characteristic and len(parts) > 1 else "")
        )
        self.goto(step.id, characteristic, question)

    @on(StepPane.Jump)
    def _jump(self, event: StepPane.Jump) -> None:
        event.stop()
        self.jump(event.key)

    @on(GridStep.Selected)
    def _characteristic(self, event: GridStep.Selected) -> None:
        event.stop()
        if isinstance(self.pane(self.current), GridStep):
            self._remember_place(event.characteristic)
            self._refresh_chrome()  # the characteristic left behind may need attention now

    def _remember_place(self, characteristic: str | None = None) -> None:
        pane = self.pane(self.current)
        if isinstance(pane, GridStep):
            characteristic = pane.current
        place = f"{self.current}.{characteristic}" if characteristic else self.current
        if self.review_mode:
            return  # a reviewer's place is not the officer's: the file keeps the officer's
        if place != self.draft.assessment.resume_at:
            self.draft.assessment.resume_at = place
            # Opening a file never rewrites it: only the officer's own moves are saved.
            if not self._opening:
                self.saving.schedule()

    def _refresh_chrome(self) -> None:
        q, a = self.draft.questionnaire, self.draft.assessment
        missing = missing_answers(q, a)
        all_steps = self.steps()
        self.query_one(StepBar).show(
            [(s, self._status(s, missing)) for s in all_steps], self.current, open_counts(a)
        )
        self.commenting.refresh()
        ids = [s.id for s in all_steps]
        index = ids.index(self.current) if self.current in ids else 0
        self.query_one("#back", Button).disabled = index == 0
        next_button = self.query_one("#next", Button)
        next_button.disabled = index >= len(ids) - 1
        self.sub_title = self.where()

    def _status(self, step: Step, missing: list[Missing]) -> Status:
        """A step's mark. The characteristic being answered is not flagged yet: a "yes"
        asks for its details next, and the officer has not had the chance to give them."""
        q, a = self.draft.questionnaire, self.draft.assessment
        status = step_status(q, a, step, missing)
        if step.id != self.current or status is not Status.ATTENTION:
            return status
        pane = self.pane(step.id)
        if isinstance(pane, GridStep):
            others = [m for m in missing if m.characteristic != pane.current]
            if step_status(q, a, step, others) is not Status.ATTENTION:
                return Status.IN_PROGRESS
        return status

    async def reload(self) -> bool:
        """Read the draft again from its file and show it, on the step the officer is on."""
        try:
            loaded = load_file(self.path, host(self.app).registry)
        except BadInput as error:
            self.notify(error.problems[0].line(), title="Cannot read the file", severity="error")
            return False
        place = self.draft.assessment.resume_at
        current = self.current
        pane = self.pane(current)
        characteristic = pane.current if isinstance(pane, GridStep) else None
        self.draft = loaded
        self.draft.assessment.resume_at = place
        self.saving.reloaded()
        self._opening = True
        await self.query_one("#steps", ContentSwitcher).remove_children()
        self.goto(current, characteristic)
        self.sub_title = self.where()
        return True

    # --- Answers -----------------------------------------------------------------------------

    @on(StepPane.Answered)
    def _answered(self, event: StepPane.Answered) -> None:
        """Every answer the officer gives enters the draft here, and only here."""
        event.stop()
        if self.read_only():
            return
        if self.judgement.asks_first(event):
            return  # recorded once the officer confirms it
        self._record(event)

    def _record(self, event: StepPane.Answered) -> None:
        a = self.draft.assessment
        if a.set(event.section, event.question, event.value, event.characteristic):
            self.saving.schedule(answers=True)
        event.pane.answer_recorded(event)
        self._refresh_chrome()

    def _add_rows(
        self, pane: SectionStep, section_id: str, table: TableQuestion, rows: list[dict[str, Any]]
    ) -> None:
        """Rows the officer chose to add to a table (the actions the screening suggests)
        enter the draft here."""
        a = self.draft.assessment
        a.set(section_id, table.id, list(a.get(section_id, table.id) or []) + rows)
        field = pane.form.field(table.id)
        if field is not None:
            field.set_value(a.get(section_id, table.id))
        self.saving.schedule(answers=True)
        self._refresh_chrome()

    def action_suggest_actions(self) -> None:
        if not self.hold.reviewing_only():
            self.offers.suggest()

    # --- Help --------------------------------------------------------------------------------

    def action_toggle_help(self) -> None:
        self.help.toggle()

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        if self.saving.dirty and not self._opening:
            self.saving.save()  # a move to another question or step saves at once
        self.help.follow(event.widget)
        self.commenting.refresh()  # the comments on the question with the focus

    def on_screen_resume(self) -> None:
        """Back from the palette or a dialog: the help follows the focus it gives back."""
        self._help_follows_focus()

    def _help_follows_focus(self) -> None:
        """The help explains the focused question, if it is one on the step shown (while a
        move settles, the focus may still be on the step just left)."""
        focused, pane = self.focused, self.pane(self.current)
        if focused is not None and pane is not None and pane in focused.ancestors:
            self.help.follow(focused)

    # --- Commands: the keys, the summary's buttons and the palette (commands.py) ------------

    @on(Summary.ExportRequested)
    def _export_requested(self, event: Summary.ExportRequested) -> None:
        event.stop()
        self.action_export()

    @on(Summary.ActionRequested)
    def _summary_action(self, event: Summary.ActionRequested) -> None:
        event.stop()
        {
            "version": self.action_save_version,
            "sign": self.action_sign,
            "reopen": self.action_reopen,
        }[event.action]()

    @on(Summary.MoveRequested)
    def _move_requested(self, event: Summary.MoveRequested) -> None:
        event.stop()
        self.action_review(event.to)

    def action_review(self, to: str) -> None:
        """Move the review status on (reviewing.py): submit, approve, ask for changes."""
        self.reviewing.start(to)

    def action_export(self) -> None:
        self.export.ask()

    # Comments (commenting.py): C writes one, F4 goes to them; the panel's keys post the rest.

    def action_comment(self, about: str | None = None) -> None:
        self.commenting.comment(about)

    def action_comment_quietly(self) -> None:
        self.commenting.comment(None)

    def action_comment_on_step(self) -> None:
        self.commenting.comment_on_step()

    def action_comments(self) -> None:
        self.commenting.focus_panel()

    def action_reply(self) -> None:
        self.commenting.reply()

    def action_resolve(self) -> None:
        self.commenting.resolve()

    def action_open_again(self) -> None:
        self.commenting.open_again()

    @on(CommentsPanel.Reply)
    @on(CommentsPanel.Resolve)
    @on(CommentsPanel.OpenAgain)
    def _comment_key(self, event: CommentsPanel.Reply) -> None:
        event.stop()
        {
            CommentsPanel.Reply: self.commenting.reply,
            CommentsPanel.Resolve: self.commenting.resolve,
            CommentsPanel.OpenAgain: self.commenting.open_again,
        }[type(event)](event.comment_id)

    @on(DataTable.RowHighlighted)
    def _row_highlighted(self) -> None:
        self.commenting.refresh()  # the comments on the row of a table the officer is on

    def action_upgrade(self) -> None:
        """Move the draft on to the newest version of its questionnaire (upgrading.py)."""
        self.upgrading.ask()

    def action_save(self) -> None:
        self.saving.save_by_hand()

    # Open for review, the answers and their records stay as they are (holding.py says so).

    def action_save_version(self) -> None:
        if not self.hold.reviewing_only():
            self.sign_off.save_version()

    def action_sign(self) -> None:
        if not self.hold.reviewing_only():
            self.sign_off.sign()

    def action_reopen(self) -> None:
        if not self.hold.reviewing_only():
            self.sign_off.reopen()

    async def action_close(self) -> None:
        await self.leaving.close()

    async def action_check_again(self) -> None:
        """F5: take the draft if the other window has let it go."""
        if self.hold.check_again() and await self.reload():
            self.notify("The draft is yours to change now.", title="Draft")

    # --- What the app asks before leaving (`tui.host.HoldsDraft`) ----------------------------

    async def settle(self) -> None:
        await self.leaving.settle()

    def flush(self) -> None:
        self.saving.flush()

    def ask_before_losing(
        self, error: OSError, leave: Callable[[], object], leaving: str = "Quit"
    ) -> None:
        self.leaving.ask_before_losing(error, leave, leaving)

    def keep_unsaved(self) -> None:
        self.leaving.keep_unsaved()

    def release_lock(self) -> None:
        self.hold.release()

    def on_unmount(self) -> None:
        self.hold.release()
