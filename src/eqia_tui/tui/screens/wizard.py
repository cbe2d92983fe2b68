"""The guided wizard: one step at a time, every change saved within a second."""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import threading
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from time import monotonic
from typing import Any

from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import Screen
from textual.timer import Timer
from textual.widget import AwaitMount, Widget
from textual.widgets import Button, ContentSwitcher, Footer, Header, Static

from eqia_tui.core.disk.draft_lock import HEARTBEAT_EVERY, DraftLock, Holder
from eqia_tui.core.disk.files import atomic_write
from eqia_tui.core.disk.locations import drafts_dir, export_folder
from eqia_tui.core.model.assessment import Loaded, Missing, missing_answers, now
from eqia_tui.core.model.steps import SUMMARY, Status, Step, step_status, steps
from eqia_tui.core.signing import is_read_only
from eqia_tui.core.storage.store import dumps
from eqia_tui.tui.dialogs.sign_off import SignOffChoice
from eqia_tui.tui.steps.grid_step import GridStep
from eqia_tui.tui.steps.overview import GridOverview
from eqia_tui.tui.steps.section_step import SectionStep
from eqia_tui.tui.steps.step_pane import StepPane
from eqia_tui.tui.steps.summary import Summary
from eqia_tui.tui.widgets.fields import Field
from eqia_tui.tui.widgets.help_panel import HelpPanel
from eqia_tui.tui.widgets.step_bar import StepBar

SETTLE_ROUNDS = 6
"""How many hops an answer may take up the widget tree before leaving stops waiting for it."""
SAVE_DELAY = 0.3
"""Seconds of quiet before saving, so a burst of typing is one write, well within a second."""
SAVE_WITHIN = 0.5
"""The longest a change waits to be saved while the officer types without a pause: with the
write itself, the file is never more than a second behind the typing."""
SOONEST = 0.02
"""The shortest delay a save is put off by; anything shorter is saved at once."""
RETRY_EVERY = 5.0
"""Seconds between two tries to save while saving fails (a full disk, a lost network folder)."""
NARROW = 110
"""Below this width the help panel starts hidden (F1 shows it)."""

PANES: dict[str, type[StepPane]] = {
    "section": SectionStep,
    "grid": GridStep,
    "overview": GridOverview,
    "summary": Summary,
}


class ChangedOutside(OSError):
    """The file is not as this window read or last wrote it: another program changed it."""

    def __init__(self, path: Path) -> None:
        super().__init__(None, "another program changed it since eqia last read it", str(path))


def _digest(data: bytes | None) -> bytes | None:
    return None if data is None else hashlib.sha256(data).digest()


def _read(path: Path) -> bytes | None:
    """The file's bytes, or None when there is no file."""
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None


class _Writer:
    """Writes drafts off the main thread; a newer save always wins over an older one.

    Before each write it reads the file: if it is not what this window read or last wrote,
    another program changed it, and nothing is written (`ChangedOutside`). Once a file is
    replaced, `keep` may keep what it held as a recovery copy.
    """

    def __init__(self, path: Path, keep: Callable[[bytes, bool], None]) -> None:
        self._lock = threading.Lock()
        self._written = 0
        self._wanted = 0
        """The newest save asked for: an older one still waiting is left out."""
        self._keep = keep
        self.expected = _digest(_read(path))
        """What the file held when it was read or last written (its hash)."""

    def write(self, path: Path, text: str, sequence: int, replace: bool = False) -> bool:
        """Write `text` unless a newer save has, or is waiting to. `replace`: the officer
        chose to replace a file another program changed. Returns whether it was written.

        While the disk is slow, saves queue up behind the one writing: only the newest of
        them is written, so the file never falls further behind than one write.
        """
        data = text.encode("utf-8")
        self._wanted = max(self._wanted, sequence)
        with self._lock:
            if sequence < self._written or sequence < self._wanted:
                return False
            current = _read(path)
            if not replace and _digest(current) != self.expected:
                raise ChangedOutside(path)
            atomic_write(path, data)
            self._written = sequence
            self.expected = _digest(data)
        if current is not None and current != data:
            # Kept after the save, not before: the officer's words reach the disk first.
            self._keep(current, replace)
        return True

    def reread(self, path: Path) -> None:
        """The file as it is now is what this window has: after taking the file's version."""
        with self._lock:
            self.expected = _digest(_read(path))


class WizardScreen(Screen[None]):
    BINDINGS = [
        Binding("ctrl+down", "characteristic(1)", "Characteristic", key_display="^↓↑"),
        Binding("ctrl+up", "characteristic(-1)", "Previous characteristic", show=False),
        Binding("ctrl+n", "next", "Next"),
        Binding("ctrl+b", "back", "Back"),
        Binding("f1", "toggle_help", "Help"),
        Binding("ctrl+s", "save", "Save", show=False),
        Binding("ctrl+r", "save_version", "Save a version", show=False),
        Binding("f5", "check_again", "Check again"),
        Binding("escape", "close", "Drafts"),
    ]

    def __init__(self, draft: Loaded, path: Path, clock: Callable[[], datetime] = now) -> None:
        super().__init__(classes="wizard")
        self.draft = draft
        self.path = path
        self.clock = clock
        self.current = ""
        self._save_timer: Timer | None = None
        self._dirty = False
        self._answers_changed = False
        self._sequence = 0
        self._help_choice: bool | None = None
        self._actions_offered = False
        self._waiver_reasons: dict[tuple[str, str], str] = {}
        """Reasons for waivers typed in the sign-off dialog (in memory), kept until sign-off."""
        self._opening = True
        """Until the first step is drawn: landing on it is not a move worth saving."""
        self._outside: str | None = None
        """The file's path for the title bar when it is not one of the drafts ("" if it is)."""
        self._saved_text = dumps(draft.questionnaire, draft.assessment)
        """The draft as last written (or as opened): what leaving compares against."""
        self._first_unsaved: float | None = None
        """When the oldest change not yet saved was made (`monotonic`), for `SAVE_WITHIN`."""
        self._writer = _Writer(path, self._keep_recovery_copy)
        self._kept_at: float | None = None
        """When a recovery copy was last kept in this session (`monotonic`)."""
        self._not_saved = ""
        """Why the last save failed ("" when it worked): shown until a save works again."""
        self._saved_at = ""
        self._retry_timer: Timer | None = None
        self._conflict = False
        """Another program changed the file: nothing is saved until the officer chooses."""
        self._lock: DraftLock | None = None
        self.held_by: Holder | None = None
        """Who holds the draft when another window does: this one is then read-only."""
        self._taken_over = False
        self._asking_to_leave = False
        self._ok_sequence = 0
        """The newest save that worked: an older one that failed later changes nothing."""
        self._home: Path | None = None
        """The data folder (recovery copies go in its `recovery/`); set when mounted."""

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
        with Horizontal(id="wizard-nav"):
            yield Button("◀ Back", id="back", compact=True)
            yield Static("", id="saved")
            yield Button("Next ▶", id="next", variant="primary", compact=True)
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.title = "Equality Impact Assessment"
        self.sub_title = self._where()
        self._home = getattr(self.app, "home", None)
        self._take_lock()
        self.set_interval(HEARTBEAT_EVERY, self._heartbeat)
        for note in self.draft.notes:
            self.notify(note, title="Kept aside", severity="warning", timeout=10)
        step_id, _, characteristic = self.draft.assessment.resume_at.partition(".")
        ids = [s.id for s in self.steps()]
        self.goto(step_id if step_id in ids else ids[0], characteristic or None)

    def on_resize(self, event: events.Resize) -> None:
        self._apply_help_visibility()

    def _apply_help_visibility(self) -> None:
        wide = self.size.width >= NARROW
        shown = self._help_choice if self._help_choice is not None else wide
        self.query_one(HelpPanel).display = shown

    # --- Steps -------------------------------------------------------------------------------

    def steps(self) -> list[Step]:
        return steps(self.draft.questionnaire, self.draft.assessment)

    def _step(self, step_id: str) -> Step | None:
        return next((s for s in self.steps() if s.id == step_id), None)

    def pane(self, step_id: str) -> StepPane | None:
        found = self.query(f"#step-{step_id}")
        return found.first(StepPane) if found else None

    def action_characteristic(self, by: int) -> None:
        pane = self.pane(self.current)
        if isinstance(pane, GridStep):
            pane.action_move(by)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "characteristic":
            return isinstance(self.pane(self.current), GridStep)  # shown on the grid only
        if action == "check_again":
            return self.held_by is not None  # shown while another window holds the draft
        return True

    def action_goto(self, step_id: str) -> None:
        """A click on a step in the step bar."""
        self.goto(step_id)

    def goto(self, step_id: str, characteristic: str | None = None, question: str = "") -> None:
        """Show a step (and a characteristic of a grid); focus `question`, else the first."""
        step = self._step(step_id)
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
        self._apply_read_only()
        self._explain_step(pane.step)
        if question:
            pane.focus_question(question)
            # Once more after the step is drawn: showing a step can move the focus off the
            # question (to the first one) when the widget that had it is hidden.
            self.call_after_refresh(pane.focus_question, question)
        else:
            pane.focus_first()
        self._refresh_chrome()
        if isinstance(pane, SectionStep) and not read_only:
            self._offer_actions(pane)
        if self._opening:
            # Messages the first step sends while it is drawn are part of opening too.
            self.call_after_refresh(self._opened)

    def _opened(self) -> None:
        self._opening = False
        if not self._dirty:
            # Where the file opened is not a change to it.
            self._saved_text = dumps(self.draft.questionnaire, self.draft.assessment)

    # --- Action plan suggestions -------------------------------------------------------------

    def _offer_actions(self, pane: SectionStep) -> None:
        """When the action plan opens, offer actions drawn from the screening, once a visit."""
        from eqia_tui.core.rules.action_suggestions import action_table, suggest_actions
        from eqia_tui.tui.dialogs.action_suggestions import ActionSuggestions

        found = action_table(self.draft.questionnaire)
        section = pane.step.section
        if found is None or section is None or found[0] != section.id:
            return
        if self._actions_offered:
            return
        self._actions_offered = True
        suggestions = suggest_actions(self.draft.questionnaire, self.draft.assessment)
        if not suggestions:
            return
        section_id, table = found

        def chosen(rows: list[dict[str, Any]] | None) -> None:
            if not rows:
                return
            current = list(self.draft.assessment.get(section_id, table.id) or [])
            self.draft.assessment.set(section_id, table.id, current + rows)
            field = pane.form.field(table.id)
            if field is not None:
                field.set_value(self.draft.assessment.get(section_id, table.id))
            self.schedule_save(answers=True)
            self._refresh_chrome()
            self.notify(f"Added {len(rows)} action(s) to the plan.")

        self.app.push_screen(
            ActionSuggestions(self.draft.questionnaire, table, suggestions), chosen
        )

    def action_suggest_actions(self) -> None:
        from eqia_tui.core.rules.action_suggestions import action_table, suggest_actions

        found = action_table(self.draft.questionnaire)
        if found is None or self._step(found[0]) is None:
            self.notify("There is no action plan to fill with the answers given so far.")
            return
        if not suggest_actions(self.draft.questionnaire, self.draft.assessment):
            self.notify("Every characteristic that needs an action already has one.")
            return
        self._actions_offered = False
        pane = self.pane(found[0])
        if self.current == found[0] and isinstance(pane, SectionStep):
            self._offer_actions(pane)
        else:
            self.goto(found[0])

    # --- Versions and sign-off ---------------------------------------------------------------

    def read_only(self) -> bool:
        """Signed, or open in another window: nothing can be changed here."""
        return is_read_only(self.draft.assessment) or self.held_by is not None

    def _held_elsewhere(self) -> bool:
        """Say so when another window holds the draft, so nothing can be recorded here."""
        if self.held_by is None:
            return False
        self.notify(
            f"Open in another window: {self.held_by.words()}. Press F5 to check again.",
            severity="warning",
        )
        return True

    def _apply_read_only(self) -> None:
        """A signed assessment opens read-only: every step but the summary is locked. So
        does a draft another window holds."""
        for pane in self.query(StepPane):
            if not isinstance(pane, Summary):
                pane.disabled = self.read_only()
        self.set_class(is_read_only(self.draft.assessment), "-read-only")

    def _with_author(
        self,
        title: str,
        message: str,
        extra: list[tuple[str, str, str]],
        action: str,
        then: Callable[[dict[str, str]], None],
    ) -> None:
        """Ask for the officer's name once (remembered in config.toml), plus any other lines."""
        from eqia_tui.core.disk.files import write_reason
        from eqia_tui.core.disk.locations import config_file
        from eqia_tui.core.storage.config import load_config, save_config
        from eqia_tui.core.text.problems import BadInput
        from eqia_tui.tui.dialogs.prompt import PromptDialog

        try:
            config = load_config()
        except BadInput as error:
            self.notify(error.problems[0].line(), severity="error")
            return
        fields = [] if config.author else [("author", "Your name (kept for next time)", "")]

        def done(values: dict[str, str] | None) -> None:
            if values is None:
                return
            if "author" in values:
                path = config_file()
                try:
                    save_config(config.model_copy(update={"author": values["author"]}), path)
                except OSError as error:
                    # Only remembering the name failed: what the dialog was for still happens.
                    self.notify(
                        f"Could not save your name to {path}: {write_reason(error, path)}. "
                        "Your answers are safe: your name is used this time, "
                        "and you will be asked for it again next time.",
                        severity="error",
                        timeout=10,
                    )
            else:
                values["author"] = config.author
            then(values)

        if not fields + extra:
            done({})  # nothing to ask: the name is remembered
            return
        self.app.push_screen(PromptDialog(title, message, fields + extra, action), done)

    def action_save_version(self) -> None:
        from eqia_tui.core.review.history import record_version

        if self._held_elsewhere():
            return

        def record(values: dict[str, str]) -> None:
            entry = record_version(
                self.draft.assessment, values["author"], values["comment"], self.clock().date()
            )
            self._refresh_summary()
            version = entry["version"]
            kept = f"Version {version} is kept here, and saved with your next change: "
            if self._write_now(f"{kept}press Ctrl+S to try again.", answers=True):
                self.notify(f"Saved version {version}.", title="Version history")

        self._with_author(
            "Save a version",
            "The version table is kept for you: each version gets the next number.",
            [("comment", "What changed in this version?", "")],
            "Save version",
            record,
        )

    def action_sign(self) -> None:
        """Sign off, or say what stops it: the check's errors, each a way to its answer or
        to a waiver (see screens/sign_off.py). Warnings never stop it."""
        from eqia_tui.core.signing import blocking_errors, can_waive, is_signed, signing_day
        from eqia_tui.tui.dialogs.sign_off import SignOffDialog

        if self._held_elsewhere():
            return
        q, a = self.draft.questionnaire, self.draft.assessment
        if is_signed(a):
            self.notify("This assessment is already signed off.")
            return
        errors = blocking_errors(q, a, signing_day(self.clock()))
        if not errors:
            self._ask_signer({})
            return
        listed = [(f, can_waive(q, a, f)) for f in errors]
        self.app.push_screen(SignOffDialog(listed, self._waiver_reasons), self._sign_off_chosen)

    def _sign_off_chosen(self, choice: SignOffChoice | None) -> None:
        if choice is None:
            return
        # Reasons typed so far are kept (in memory only) until sign-off or leaving.
        self._waiver_reasons = dict(choice.reasons)
        if choice.action == "jump":
            self.jump(choice.key)
        elif choice.action == "sign":
            self._ask_signer(choice.reasons)

    def _ask_signer(self, reasons: dict[tuple[str, str], str]) -> None:
        from eqia_tui.core.review.waivers import Waiver
        from eqia_tui.core.signing import sign
        from eqia_tui.core.text.problems import BadInput

        q, a = self.draft.questionnaire, self.draft.assessment

        def signed(values: dict[str, str]) -> None:
            at = self.clock()
            waivers = [
                Waiver(finding, key, reason, values["author"], at)
                for (finding, key), reason in reasons.items()
            ]
            try:
                sign(q, a, values["by"], at, waivers=waivers)
            except BadInput as error:
                # Nothing is signed, for example when the name is blank.
                lines = [p.line() for p in error.problems]
                self.notify("\n".join(lines[:3]), title="Not signed off", severity="error")
                return
            self._waiver_reasons = {}
            self.save_now(answers=True)
            self._apply_read_only()
            self._refresh_summary()
            self.notify("Signed off. The assessment is now read-only.", title="Sign-off")

        count = len(reasons)
        waived = (
            f" the {count} waiver{'' if count == 1 else 's'} with your reasons," if count else ""
        )
        self._with_author(
            "Sign off",
            f"Signing records who signed, when,{waived} and a fingerprint of every answer, "
            "the waivers and the questionnaire. The fingerprint shows any later change when "
            "the assessment is checked. It is not a signature: it does not prove who signed.",
            [("by", "Name of the person signing", "")],
            "Sign off",
            signed,
        )

    def action_reopen(self) -> None:
        from eqia_tui.core.signing import is_signed, reopen
        from eqia_tui.tui.dialogs.confirm import ConfirmDialog

        if self._held_elsewhere():
            return
        if not is_signed(self.draft.assessment):
            self.notify("This assessment is not signed, so it is open for changes already.")
            return

        def reopened(values: dict[str, str]) -> None:
            entry = reopen(self.draft.assessment, values["author"], self.clock().date())
            self.save_now(answers=True)
            self._apply_read_only()
            self._refresh_summary()
            self.notify(f"Reopened as version {entry['version']}. You can change answers again.")

        def confirmed(yes: bool | None) -> None:
            if yes:
                self._with_author("Reopen", "", [], "Reopen", reopened)

        self.app.push_screen(
            ConfirmDialog(
                "Reopen for changes?",
                "The sign-off will be cleared and a new version recorded. "
                "It will need signing again.",
                confirm="Reopen",
            ),
            confirmed,
        )

    def _refresh_summary(self) -> None:
        pane = self.pane(SUMMARY)
        if pane is not None:
            pane.refresh_view()

    def _remember_place(self, characteristic: str | None = None) -> None:
        pane = self.pane(self.current)
        if isinstance(pane, GridStep):
            characteristic = pane.current
        place = f"{self.current}.{characteristic}" if characteristic else self.current
        if place != self.draft.assessment.resume_at:
            self.draft.assessment.resume_at = place
            # Opening a file never rewrites it: only the officer's own moves are saved.
            if not self._opening:
                self.schedule_save()

    def _refresh_chrome(self) -> None:
        q, a = self.draft.questionnaire, self.draft.assessment
        missing = missing_answers(q, a)
        all_steps = self.steps()
        self.query_one(StepBar).show(
            [(s, self._status(s, missing)) for s in all_steps], self.current
        )
        ids = [s.id for s in all_steps]
        index = ids.index(self.current) if self.current in ids else 0
        self.query_one("#back", Button).disabled = index == 0
        next_button = self.query_one("#next", Button)
        next_button.disabled = index >= len(ids) - 1
        self.sub_title = self._where()

    def _where(self) -> str:
        """The title, and the file when it is not one of the drafts, so nobody edits blind."""
        if self._outside is None:  # the file does not move: look once, not at every key
            home = getattr(self.app, "home", None)
            inside = home is not None and self.path.parent.resolve() == drafts_dir(home).resolve()
            self._outside = "" if inside else f" ({self.path})"
        return f"{self.draft.assessment.title}{self._outside}"

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
        step = self._step(parts[0])
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

    # --- Answers and saving ------------------------------------------------------------------

    @on(StepPane.Answered)
    def _answered(self, event: StepPane.Answered) -> None:
        """Every answer the officer gives enters the draft here, and only here."""
        event.stop()
        if self.read_only():
            return
        left_out = self._left_out_by(event)
        if left_out:
            self._confirm_lightest_judgement(event, left_out)
            return
        self._record(event)

    def _record(self, event: StepPane.Answered) -> None:
        a = self.draft.assessment
        if a.set(event.section, event.question, event.value, event.characteristic):
            self.schedule_save(answers=True)
        event.pane.answer_recorded(event)
        self._refresh_chrome()

    def _left_out_by(self, event: StepPane.Answered) -> list[str]:
        """What the documents would leave out if this answer is the lightest judgement
        (Option 1) while actions are written; empty for any other answer."""
        from eqia_tui.core.checks import actions_written
        from eqia_tui.core.rules.weighting import lightest_judgement

        q = self.draft.questionnaire
        if q.weighting is None or event.characteristic is not None:
            return []
        if f"{event.section}.{event.question}" != q.weighting.judgement_question:
            return []
        if event.value is None or event.value != lightest_judgement(q):
            return []
        return actions_written(q, self.draft.assessment)

    def _confirm_lightest_judgement(self, event: StepPane.Answered, left_out: list[str]) -> None:
        from eqia_tui.core.text.problems import english_list
        from eqia_tui.tui.dialogs.confirm import ConfirmDialog

        q = self.draft.questionnaire
        found = q.resolve(f"{event.section}.{event.question}")
        words = q.label_of(found[1], event.value) if found else str(event.value)
        before = self.draft.assessment.get(event.section, event.question)

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

        self.app.push_screen(
            ConfirmDialog(
                f"Choose {words}?",
                f"Actions are written: {english_list(left_out)}. With this judgement they are "
                "left out of the documents, and the check reports it as an error. "
                "Choose it anyway?",
                confirm="Choose it",
            ),
            answered,
        )

    def schedule_save(self, answers: bool = False) -> None:
        """Save soon. `answers`: the answers changed, not only the officer's place in them,
        so the file's `updated` time moves on.

        Soon is after `SAVE_DELAY` of quiet, so a burst of typing is one write, but never
        later than `SAVE_WITHIN` after the oldest change not yet saved, however fast the
        officer types.
        """
        if self.held_by is not None:
            return  # another window holds the draft: this one writes nothing
        self._dirty = True
        self._answers_changed = self._answers_changed or answers
        at = monotonic()
        if self._first_unsaved is None:
            self._first_unsaved = at
        if self._save_timer is not None:
            self._save_timer.stop()
        left = self._first_unsaved + SAVE_WITHIN - at
        if left < SOONEST:
            # Saved now, not by a timer: Textual's timer may never fire for a delay of 0.
            self.save()
            return
        self._save_timer = self.set_timer(min(SAVE_DELAY, left), self.save)

    def save(self) -> None:
        """Write the draft now (off the main thread) if anything changed."""
        if not self._dirty or self.held_by is not None or self._conflict:
            return
        self._dirty = False
        self._first_unsaved = None
        self._stamp()
        text = dumps(self.draft.questionnaire, self.draft.assessment)
        if text == self._saved_text and not self._not_saved:
            return  # the file already says this: writing it again would only reformat it
        self._sequence += 1
        self._saved_text = text
        self._write(text, self._sequence)

    def _stamp(self) -> None:
        """A change to the answers moves `updated` on; a move between steps does not."""
        if self._answers_changed:
            self.draft.assessment.updated = self.clock()
            self._answers_changed = False

    @work(thread=True, group="save")
    def _write(self, text: str, sequence: int) -> None:
        try:
            written = self._writer.write(self.path, text, sequence)
        except ChangedOutside:
            self.app.call_from_thread(self._from_saver, self._changed_outside)
            return
        except OSError as error:
            self.app.call_from_thread(self._from_saver, self._save_failed, error, sequence)
            return
        if written:
            self.app.call_from_thread(self._from_saver, self._save_worked, sequence)

    def _from_saver(self, report: Callable[..., None], *args: object) -> None:
        """A save ended: say how, unless the screen has closed meanwhile (the app quitting
        while the disk was slow). The file is written either way; only the words are lost."""
        if self.is_attached and self.query("#saved"):
            report(*args)

    def _save_worked(self, sequence: int) -> None:
        self._ok_sequence = max(self._ok_sequence, sequence)
        if self._retry_timer is not None:
            self._retry_timer.stop()
            self._retry_timer = None
        if self._not_saved:
            self._not_saved = ""
            self.notify(f"Saved to {self.path} again. Nothing was lost.", title="Saved")
        self._saved_at = self.clock().astimezone().strftime("%H:%M:%S")
        self._show_status()

    def _save_failed(self, error: OSError, sequence: int | None = None) -> None:
        """A save failed: say so once, show "Not saved" and try again every few seconds."""
        if sequence is not None and sequence < self._ok_sequence:
            return  # a newer save has worked since
        if not self._mark_not_saved(error):
            return
        self.notify(
            f"Could not save to {self.path}: {self._not_saved}. Your answers are still here, "
            "and eqia tries again every few seconds.",
            severity="error",
            timeout=10,
        )

    def _mark_not_saved(self, error: OSError) -> bool:
        """Keep the draft marked as changed, show "Not saved" and start trying again.
        True when saves were working until now."""
        from eqia_tui.core.disk.files import write_reason

        self._dirty = True
        self._saved_text = ""  # not written: the next save must write, whatever it holds
        first = not self._not_saved
        self._not_saved = write_reason(error, self.path)
        if self._retry_timer is None:
            self._retry_timer = self.set_interval(RETRY_EVERY, self._retry)
        self._show_status()
        return first

    def _retry(self) -> None:
        if self._not_saved and not self._conflict:
            self._dirty = True
            self.save()

    def _show_status(self) -> None:
        """The line between Back and Next: when the draft was saved, or why it is not."""
        from eqia_tui.tui.widgets.plain import plain

        if self.held_by is not None:
            words, problem = "Read only: open in another window", False
        elif self._conflict:
            words, problem = "Not saved: the file was changed outside eqia (Ctrl+S)", True
        elif self._not_saved:
            words, problem = f"Not saved: {self._not_saved}. Trying again", True
        else:
            words, problem = (f"Saved {self._saved_at}" if self._saved_at else ""), False
        label = self.query_one("#saved", Static)
        label.update(plain(words))
        label.set_class(problem, "-not-saved")

    async def settle(self) -> None:
        """Let answers typed just before leaving reach the draft before it is written.

        Each key reaches its box at once, but the answer travels up to the step in messages.
        A quit pressed straight after typing (a paste, say) would otherwise overtake them.
        Saves already under way are waited for, so what leaving finds is up to date.
        """
        for _ in range(SETTLE_ROUNDS):
            waiting = []
            for node in self.walk_children(with_self=False):
                done = asyncio.Event()
                if node.call_later(done.set):
                    waiting.append(done.wait())
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(asyncio.gather(*waiting), timeout=0.5)
        for worker in list(self.app.workers):
            if worker.node is self and worker.group == "save" and not worker.is_finished:
                with contextlib.suppress(Exception):  # a failed save has said so already
                    await worker.wait()

    def flush(self) -> None:
        """Save now, on this thread: used when leaving, so quitting never loses an answer.

        Raises OSError when the draft cannot be written (`ChangedOutside` when another
        program changed the file): the draft then stays marked as changed.
        """
        if self._save_timer is not None:
            self._save_timer.stop()
        if self.held_by is not None:
            return
        if self._conflict:
            raise ChangedOutside(self.path)
        if self._dirty or self._not_saved or self._unsaved():
            self._dirty = False
            self._first_unsaved = None
            self._sequence += 1
            self._stamp()
            text = dumps(self.draft.questionnaire, self.draft.assessment)
            try:
                self._writer.write(self.path, text, self._sequence)
            except ChangedOutside:
                self._dirty = True  # the caller asks what to do (`_changed_outside`)
                raise
            except OSError as error:
                self._mark_not_saved(error)
                raise
            self._saved_text = text
            self._save_worked(self._sequence)

    def _unsaved(self) -> bool:
        """Answers changed since the last write, even if the change has not been counted yet.

        Only a save sets `updated`, so the same answers give the same text as last written.
        """
        return dumps(self.draft.questionnaire, self.draft.assessment) != self._saved_text

    def action_save(self) -> None:
        if self._conflict:
            self._conflict = False  # Ctrl+S asks again what to do with the other change
        self.save_now()

    def save_now(self, answers: bool = False) -> None:
        """Write the draft at once; `answers` as for `schedule_save`."""
        if self.held_by is not None:
            return
        self._dirty = True
        self._answers_changed = self._answers_changed or answers
        self.save()

    async def action_close(self) -> None:
        await self.settle()
        try:
            self.flush()
        except OSError as error:
            self.ask_before_losing(error, self._close_anyway, leaving="Close")
            return
        self._close_anyway()

    def _close_anyway(self) -> None:
        self.release_lock()
        self.dismiss(None)

    def ask_before_losing(
        self, error: OSError, leave: Callable[[], object], leaving: str = "Quit"
    ) -> None:
        """The draft could not be saved while leaving: save it elsewhere, stay, or leave."""
        from eqia_tui.core.disk.files import write_reason
        from eqia_tui.tui.dialogs.choice import ChoiceDialog

        if self._asking_to_leave:
            return  # Ctrl+Q again while the question is on the screen
        self._asking_to_leave = True
        if isinstance(error, ChangedOutside):
            why = (
                f"Another program changed {self.path} since eqia read it, so your latest "
                "changes were not written over it."
            )
        else:
            why = f"Could not save to {self.path}: {write_reason(error, self.path)}."

        def chosen(choice: str | None) -> None:
            self._asking_to_leave = False
            if choice == "elsewhere":
                self._save_elsewhere(leave)
            elif choice == "leave":
                leave()
            elif isinstance(error, ChangedOutside):
                self._conflict = False
                self._changed_outside()  # staying: choose what to do with the other change

        self.app.push_screen(
            ChoiceDialog(
                "Your latest changes are not saved",
                f"{why} Save the draft somewhere else (another folder, a USB stick), stay "
                "while eqia keeps trying, or leave without your latest changes.",
                [
                    ("elsewhere", "Save elsewhere…"),
                    ("leave", f"{leaving} without saving"),
                    ("stay", "Stay"),
                ],
                cancel="stay",
            ),
            chosen,
        )

    def _save_elsewhere(self, then: Callable[[], object]) -> None:
        """Write the draft to a file the officer chooses, then leave."""
        from eqia_tui.core.disk.files import write_reason
        from eqia_tui.tui.dialogs.path_dialog import PathDialog

        self._stamp()
        text = dumps(self.draft.questionnaire, self.draft.assessment)

        def write_there(path: Path) -> str:
            if path.exists():
                return f"There is a file called {path.name} there already: choose another name."
            try:
                atomic_write(path, text)
            except OSError as error:
                return f"Could not write {path}: {write_reason(error, path)}. Choose another place."
            return ""

        def written(result: tuple[str, Path] | None) -> None:
            if result is None:
                return  # cancelled: the officer stays, and eqia keeps trying
            self.notify(f"Saved to {result[1]}.", title="Saved elsewhere")
            then()

        default = export_folder() / f"{self.draft.assessment.id}.toml"
        dialog = PathDialog(
            "Save the draft elsewhere",
            default,
            [("toml", "Assessment file (TOML)")],
            "Save",
            check=write_there,
        )
        self.app.push_screen(dialog, written)

    # --- Another program changed the file --------------------------------------------------

    def _changed_outside(self) -> None:
        """Nothing is written over another program's change until the officer chooses."""
        from eqia_tui.tui.dialogs.choice import ChoiceDialog

        self._dirty = True
        self._saved_text = ""  # not written: the next save must write, whatever it holds
        if self._conflict:
            return  # asked already
        self._conflict = True
        self._show_status()
        assessment_id = self.draft.assessment.id
        self.app.push_screen(
            ChoiceDialog(
                "The file was changed by another program",
                f"{self.path} was changed outside eqia since you opened it (by an editor, or "
                "a folder that syncs, say), so your latest changes are not saved yet. "
                "Keep yours, take the file's, or save yours as a copy beside it. Nothing is "
                "lost: the version you do not keep becomes a recovery copy, and "
                f"eqia restore {assessment_id} brings it back.",
                [
                    ("keep", "Keep mine"),
                    ("take", "Take the file's"),
                    ("copy", "Save mine as a copy"),
                    ("later", "Later"),
                ],
                cancel="later",
            ),
            self._conflict_chosen,
        )

    def _conflict_chosen(self, choice: str | None) -> None:
        if choice == "keep":
            self._keep_mine()
        elif choice == "take":
            self._take_theirs()
        elif choice == "copy":
            self._save_as_copy()
        # "later": nothing is saved until Ctrl+S asks again

    def _keep_mine(self) -> None:
        self._conflict = False
        self._stamp()
        text = dumps(self.draft.questionnaire, self.draft.assessment)
        self._sequence += 1
        try:
            self._writer.write(self.path, text, self._sequence, replace=True)
        except OSError as error:
            self._save_failed(error)
            return
        self._dirty = False
        self._saved_text = text
        self._save_worked(self._sequence)
        self.notify(
            "Saved yours over the other change, which is kept as a recovery copy.",
            title="Saved",
        )

    @work(group="reload", exclusive=True)
    async def _take_theirs(self) -> None:
        from eqia_tui.core.storage.recovery import keep_copy

        self._stamp()
        mine = dumps(self.draft.questionnaire, self.draft.assessment)
        if self._home is not None:
            try:
                keep_copy(self._home, self.draft.assessment.id, mine.encode("utf-8"))
            except OSError as error:
                self._conflict = False
                self._save_failed(error)
                return
        if await self._reload():
            self._conflict = False
            self._show_status()
            self.notify("Showing the file's version. Yours is kept as a recovery copy.")

    def _save_as_copy(self) -> None:
        from eqia_tui.core.disk.files import write_reason
        from eqia_tui.core.model.assessment import is_slug

        if self._home is None:
            return
        a = self.draft.assessment
        folder = drafts_dir(self._home)
        base = f"{a.id[:58]}-copy"
        new_id, number = base, 1
        while (folder / f"{new_id}.toml").exists():
            number += 1
            new_id = f"{base}-{number}"
        if not is_slug(new_id):
            return
        old_id, old_path = a.id, self.path
        a.id = new_id
        self._stamp()
        text = dumps(self.draft.questionnaire, a)
        path = folder / f"{new_id}.toml"
        try:
            folder.mkdir(parents=True, exist_ok=True)
            atomic_write(path, text)
        except OSError as error:
            a.id = old_id
            self.notify(
                f"Could not save a copy to {path}: {write_reason(error, path)}. "
                "Your answers are still here.",
                severity="error",
                timeout=10,
            )
            self._conflict = False
            self._changed_outside()
            return
        self.release_lock()
        self.path = path
        self._outside = None
        self._writer = _Writer(path, self._keep_recovery_copy)
        self._saved_text = text
        self._dirty = False
        self._conflict = False
        self._take_lock()
        self._save_worked(self._sequence)
        self.sub_title = self._where()
        self.notify(
            f"Saved yours as {path.name}; {old_path.name} keeps the other program's change. "
            "You are now working on the copy.",
            title="Saved as a copy",
        )

    async def _reload(self) -> bool:
        """Read the draft again from its file and show it, on the step the officer is on."""
        from eqia_tui.core.storage.store import load_file
        from eqia_tui.core.text.problems import BadInput

        registry = getattr(self.app, "registry", None)
        try:
            loaded = load_file(self.path, registry)  # type: ignore[arg-type]
        except BadInput as error:
            self.notify(error.problems[0].line(), title="Cannot read the file", severity="error")
            return False
        place = self.draft.assessment.resume_at
        current = self.current
        pane = self.pane(current)
        characteristic = pane.current if isinstance(pane, GridStep) else None
        self.draft = loaded
        self.draft.assessment.resume_at = place
        self._writer.reread(self.path)
        self._dirty = self._answers_changed = False
        self._saved_text = dumps(self.draft.questionnaire, self.draft.assessment)
        self._opening = True
        await self.query_one("#steps", ContentSwitcher).remove_children()
        self.goto(current, characteristic)
        self.sub_title = self._where()
        return True

    def _keep_recovery_copy(self, data: bytes, always: bool) -> None:
        """Before a save replaces the file, keep it as it was: before the first save of the
        session, then at most every `recovery.EVERY`, and always when the officer chose to
        replace another program's change. Runs on the writer's thread."""
        from eqia_tui.core.model.assessment import is_slug
        from eqia_tui.core.storage.recovery import EVERY, keep_copy

        at = monotonic()
        recent = self._kept_at is not None and at - self._kept_at < EVERY.total_seconds()
        if self._home is None or (recent and not always):
            return
        if not is_slug(self.draft.assessment.id):
            return
        with contextlib.suppress(OSError):  # the save itself says whether the disk works
            keep_copy(self._home, self.draft.assessment.id, data)
            self._kept_at = at

    def keep_unsaved(self) -> None:
        """The draft could not be saved and eqia is stopped: keep it as a recovery copy, so
        `eqia restore` can bring it back. Raises OSError when that cannot be written either."""
        from eqia_tui.core.model.assessment import is_slug
        from eqia_tui.core.storage.recovery import keep_copy

        if self._home is None or not is_slug(self.draft.assessment.id):
            return
        self._stamp()
        text = dumps(self.draft.questionnaire, self.draft.assessment)
        keep_copy(self._home, self.draft.assessment.id, text.encode("utf-8"))

    # --- One writer per draft ----------------------------------------------------------------

    def _take_lock(self) -> None:
        """Hold the draft while this window is open. If another window holds it, this one
        is read-only and says who has it."""
        lock = self._lock or DraftLock(self.path)
        try:
            holder = lock.acquire()
        except OSError:
            # A folder that cannot be written: no lock, and the saves say why they fail.
            holder = None
        self._lock = lock
        self._show_held(holder)

    def _show_held(self, holder: Holder | None) -> None:
        from eqia_tui.tui.widgets.plain import plain

        self.held_by = holder
        banner = self.query_one("#held-banner", Static)
        banner.display = holder is not None
        if holder is not None:
            banner.update(
                plain(
                    f"Open in another window: {holder.words()}. You can read this draft here, "
                    "not change it. Press F5 to check again.",
                    lines=True,
                )
            )
        self._apply_read_only()
        self._show_status()
        self.refresh_bindings()

    def release_lock(self) -> None:
        """Let the draft go: when the window closes, or the app quits."""
        if self._lock is not None:
            self._lock.release()

    def on_unmount(self) -> None:
        self.release_lock()

    def _heartbeat(self) -> None:
        if self._lock is None:
            return
        other = self._lock.heartbeat()
        if other is not None and not self._taken_over:
            self._taken_over = True
            self.notify(
                f"{other.words()} has opened this draft as well. eqia checks the file before "
                "each save, so neither of you writes over the other.",
                severity="warning",
                timeout=15,
            )

    async def action_check_again(self) -> None:
        """F5: take the draft if the other window has let it go."""
        if self.held_by is None:
            return
        self._take_lock()
        holder = self.held_by
        if holder is not None:
            self.notify(f"Still open in another window: {holder.words()}.")
            return
        if await self._reload():
            self.notify("The draft is yours to change now.", title="Draft")

    # --- Help --------------------------------------------------------------------------------

    def action_toggle_help(self) -> None:
        panel = self.query_one(HelpPanel)
        self._help_choice = not panel.display
        self._apply_help_visibility()

    def _explain_step(self, step: Step) -> None:
        """Until a question has focus, the help panel says what this step is for."""
        q = self.draft.questionnaire
        intro = q.words(step.section.intro) if step.section is not None else ""
        if step.kind == "overview":
            intro = "Every characteristic with its answers. Choose a row to change them."
        elif step.kind == "summary":
            intro = (
                "What is still missing, the checks a reviewer would make, and every answer. "
                "Choose an item to go to its question. Export, save a version or sign off here."
            )
        self.query_one(HelpPanel).show_text(step.title, intro)

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        if self._dirty and not self._opening:
            self.save()  # a move to another question or step saves at once
        field = _field_of(event.widget)
        if field is None:
            return
        pane = self.pane(self.current)
        characteristic = None
        if isinstance(pane, GridStep) and field in pane.form.fields():
            characteristic = self.draft.questionnaire.characteristic(pane.current)
        self.query_one(HelpPanel).show_question(
            self.draft.questionnaire, field.question, characteristic
        )

    # --- Export ------------------------------------------------------------------------------

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

    def action_export(self) -> None:
        self._ask_export()

    def _ask_export(self, fmt: str = "", tried: Path | None = None, problem: str = "") -> None:
        """The export dialog; after a failed export, again with the same path, format and why."""
        from eqia_tui.exports import FORMATS
        from eqia_tui.tui.dialogs.path_dialog import PathDialog

        formats = [(f, FORMAT_LABELS.get(f, f)) for f in FORMATS]
        default = tried or export_folder() / f"{self.draft.assessment.id}.{formats[0][0]}"

        def chosen(result: tuple[str, Path] | None) -> None:
            if result is None:
                return
            fmt, path = result
            if path.exists():
                from eqia_tui.tui.dialogs.confirm import ConfirmDialog

                self.app.push_screen(
                    ConfirmDialog(
                        "Replace the file?",
                        f"{path} already exists. Replace it with this export?",
                        confirm="Replace",
                    ),
                    lambda yes: self._write_export(fmt, path) if yes else None,
                )
                return
            self._write_export(fmt, path)

        dialog = PathDialog(
            "Export the assessment", default, formats, "Export", fmt=fmt, problem=problem
        )
        self.app.push_screen(dialog, chosen)

    def _write_export(self, fmt: str, path: Path) -> None:
        """Write the export. If it cannot be, say why and open the dialog again as it was."""
        from eqia_tui.core.disk.files import write_reason
        from eqia_tui.core.text.problems import BadInput
        from eqia_tui.exports import export_document

        self._write_now("Your answers are still here, and go into the export.")
        try:
            content = export_document(self.draft.questionnaire, self.draft.assessment, fmt)
            atomic_write(path, content)
        except BadInput as error:
            problem = error.problems[0].message
        except OSError as error:
            problem = (
                f"Could not write {path}: {write_reason(error, path)}. "
                "Your answers are safe: choose another place, or try again."
            )
        else:
            self.notify(f"Exported to {path}", title="Export")
            return
        self.notify(problem, severity="error", timeout=10)
        self._ask_export(fmt, path, problem)

    def _write_now(self, kept: str, answers: bool = False) -> bool:
        """Write the draft at once, on this thread, before saying it is saved or exporting it.

        If it cannot be written, say why and what is `kept`, and return False. The draft
        stays marked as changed, so the next save (or Ctrl+S) tries again.
        """
        from eqia_tui.core.disk.files import write_reason

        self._answers_changed = self._answers_changed or answers
        try:
            self.flush()
        except OSError as error:
            self._dirty = True
            self.notify(
                f"Could not save to {self.path}: {write_reason(error, self.path)}. {kept}",
                severity="error",
                timeout=10,
            )
            if isinstance(error, ChangedOutside):
                self._conflict = False
                self._changed_outside()
            return False
        return True


FORMAT_LABELS = {
    "toml": "Assessment file (TOML), to open again or share",
    "json": "Data file (JSON), for other tools",
    "md": "Plain text with headings (Markdown)",
    "html": "Web page (HTML)",
    "docx": "Word document",
    "csv": "Action plan as a spreadsheet (CSV)",
}


def _field_of(widget: Widget | None) -> Field | None:
    while widget is not None:
        if isinstance(widget, Field):
            return widget
        parent = widget.parent
        widget = parent if isinstance(parent, Widget) else None
    return None
