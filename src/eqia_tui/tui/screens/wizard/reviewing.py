"""The review status: submit for review, approve, ask for changes, take back to draft.

Each move is asked for in a dialog that says what it does, with an optional note (a note
is expected when asking for changes) and the person's name, asked once and remembered in
config.toml. Nothing changes unless the dialog's button is pressed. Submitting runs the
check first, and asks "Submit anyway?" when it finds errors. A move the core refuses
(approving your own submission, say) shows why, and nothing changes. Sign-off and
reopening are in sign_off.py.
"""

from __future__ import annotations

from eqia_tui.core.checks import check
from eqia_tui.core.model.statuses import APPROVED, CHANGES_REQUESTED, DRAFT, STATUS_WORDS, SUBMITTED
from eqia_tui.core.review.status import VERBS, allowed, move, status_of
from eqia_tui.core.signing import approve, signing_day, submit
from eqia_tui.core.text.problems import BadInput
from eqia_tui.tui.dialogs.confirm import ConfirmDialog
from eqia_tui.tui.screens.wizard.base import DraftScreen
from eqia_tui.tui.screens.wizard.holding import DraftHold
from eqia_tui.tui.screens.wizard.saving import Autosave
from eqia_tui.tui.screens.wizard.sign_off import with_author

MOVES = (SUBMITTED, APPROVED, CHANGES_REQUESTED, DRAFT)
"""The moves made here. Sign-off and reopening are the sign-off part's."""

ASKING = {
    SUBMITTED: (
        "Submit for review?",
        "The equality group will be asked to review it. They see what the check finds. "
        "You can still change the answers, but they will need to approve them again.",
        "Submit",
    ),
    APPROVED: (
        "Approve it?",
        "Approval lets the officer sign it off. It holds for the answers as they are now: "
        "if they change, it needs approving again.",
        "Approve",
    ),
    CHANGES_REQUESTED: (
        "Ask for changes?",
        "The officer will see your note. Say what needs to change before you approve it.",
        "Ask for changes",
    ),
    DRAFT: (
        "Take it back to draft?",
        "It stops waiting for review. Submit it again when it is ready.",
        "Back to draft",
    ),
}
"""For each move: the dialog's question, what the move does, and its button."""

DONE = {
    SUBMITTED: "Submitted for review.",
    APPROVED: "Approved. It can be signed off now.",
    CHANGES_REQUESTED: "Changes requested. The officer will see your note.",
    DRAFT: "Back to draft.",
}

NAMES_NOTE = "Names are as people give them: eqia does not check who anyone is."


class Reviewing:
    """Moving the screen's draft through the review, each move saved at once."""

    def __init__(self, screen: DraftScreen, saving: Autosave, hold: DraftHold) -> None:
        self._screen = screen
        self._saving = saving
        self._hold = hold

    def allowed_now(self) -> list[str]:
        """The moves made here that the status allows now (for the palette)."""
        a = self._screen.draft.assessment
        return [to for to in allowed(a) if to in MOVES] if not a.signed else []

    def start(self, to: str) -> None:
        """Ask for the move to `to`, and make it once the person confirms."""
        if self._hold.held_elsewhere():
            return
        screen = self._screen
        q, a = screen.draft.questionnaire, screen.draft.assessment
        if to not in self.allowed_now():
            now = STATUS_WORDS[status_of(a)].lower()
            screen.notify(
                f"This assessment is {now}, so you cannot {VERBS.get(to, to)} now.",
                title="Review",
                severity="warning",
            )
            return
        if to != SUBMITTED:
            self._ask(to)
            return
        findings = check(q, a, signing_day(screen.clock()))
        errors = sum(1 for f in findings if f.severity == "error" and f.waiver is None)
        if not errors:
            self._ask(to)
            return

        def confirmed(yes: bool | None) -> None:
            if yes:
                self._ask(to)

        many = f"{errors} error{'' if errors == 1 else 's'}"
        screen.app.push_screen(
            ConfirmDialog(
                "Submit anyway?",
                f"The check finds {many}. The summary lists them. The reviewer will see "
                f"how many there are. You can fix them first, or submit it now.",
                confirm="Submit anyway",
            ),
            confirmed,
        )

    def _ask(self, to: str) -> None:
        title, message, action = ASKING[to]
        note = (
            "What needs to change?"
            if to == CHANGES_REQUESTED
            else "A note for the record (you may leave it empty)"
        )
        optional = frozenset() if to == CHANGES_REQUESTED else frozenset({"note"})
        with_author(
            self._screen,
            title,
            f"{message} {NAMES_NOTE}",
            [("note", note, "")],
            action,
            lambda values: self._make(to, values),
            optional,
        )

    def _make(self, to: str, values: dict[str, str]) -> None:
        """Record the move, save and show it; or say why it is refused (nothing changes)."""
        screen = self._screen
        q, a = screen.draft.questionnaire, screen.draft.assessment
        by, note, at = values["author"], values.get("note", ""), screen.clock()
        errors = 0
        try:
            if to == SUBMITTED:
                found = submit(q, a, by, at, note)
                errors = sum(1 for f in found if f.severity == "error" and f.waiver is None)
            elif to == APPROVED:
                approve(q, a, by, at, note)
            else:
                move(a, to, by, at, note)
        except BadInput as error:
            screen.notify(
                "\n".join(_refusal(p.key, p.message, p.line()) for p in error.problems[:3]),
                title="Nothing changed",
                severity="error",
                timeout=10,
            )
            return
        self._saving.save_now()
        screen.refresh_summary()
        done = DONE[to]
        if errors:
            done += f" The check found {errors} error{'' if errors == 1 else 's'}."
        screen.notify(done, title="Review")


def _refusal(key: str, message: str, line: str) -> str:
    """A refusal about the status reads as a sentence about this assessment."""
    if key == "review_record.status":
        return f"This assessment {message}."
    return line
