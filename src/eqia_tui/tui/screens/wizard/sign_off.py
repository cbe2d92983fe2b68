"""Versions, sign-off and reopening: the records a review keeps, each asked for in a dialog
(with the officer's name, remembered in config.toml) and written at once. Sign-off waits
for a reviewer's approval when the questionnaire asks for a review (see reviewing.py)."""

from __future__ import annotations

from collections.abc import Callable

from eqia_tui.core.disk.files import write_reason
from eqia_tui.core.disk.locations import config_file
from eqia_tui.core.review.history import record_version
from eqia_tui.core.review.waivers import Waiver
from eqia_tui.core.signing import (
    blocking_errors,
    can_waive,
    is_signed,
    reopen,
    sign,
    signing_day,
)
from eqia_tui.core.storage.config import load_config, save_config
from eqia_tui.core.text.problems import BadInput
from eqia_tui.tui.dialogs.confirm import ConfirmDialog
from eqia_tui.tui.dialogs.prompt import PromptDialog
from eqia_tui.tui.dialogs.sign_off import SignOffChoice, SignOffDialog
from eqia_tui.tui.screens.wizard.base import DraftScreen
from eqia_tui.tui.screens.wizard.holding import DraftHold
from eqia_tui.tui.screens.wizard.saving import Autosave
from eqia_tui.tui.steps.summary import sign_off_refusal


def with_author(
    screen: DraftScreen,
    title: str,
    message: str,
    extra: list[tuple[str, str, str]],
    action: str,
    then: Callable[[dict[str, str]], None],
    optional: frozenset[str] = frozenset(),
) -> None:
    """Ask for the person's name once (remembered in config.toml), plus any other lines
    (`optional` names those that may be left empty). `then` gets them, the name as "author".
    The dialog is the last chance to cancel: nothing is done unless its button is pressed."""
    try:
        config = load_config()
    except BadInput as error:
        screen.notify(error.problems[0].line(), severity="error")
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
                screen.notify(
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
    screen.app.push_screen(PromptDialog(title, message, fields + extra, action, optional), done)


class SignOff:
    """Saving a version, signing off and reopening the screen's draft."""

    def __init__(
        self,
        screen: DraftScreen,
        saving: Autosave,
        hold: DraftHold,
        jump: Callable[[str], None],
    ) -> None:
        self._screen = screen
        self._saving = saving
        self._hold = hold
        self._jump = jump
        """Goes to the question a finding is about."""
        self._waiver_reasons: dict[tuple[str, str], str] = {}
        """Reasons for waivers typed in the sign-off dialog (in memory), kept until sign-off."""

    def _with_author(
        self,
        title: str,
        message: str,
        extra: list[tuple[str, str, str]],
        action: str,
        then: Callable[[dict[str, str]], None],
    ) -> None:
        with_author(self._screen, title, message, extra, action, then)

    def save_version(self) -> None:
        if self._hold.held_elsewhere():
            return
        screen = self._screen

        def record(values: dict[str, str]) -> None:
            entry = record_version(
                screen.draft.assessment, values["author"], values["comment"], screen.clock().date()
            )
            screen.refresh_summary()
            version = entry["version"]
            kept = f"Version {version} is kept here, and saved with your next change: "
            if self._saving.write_now(f"{kept}press Ctrl+S to try again.", answers=True):
                screen.notify(f"Saved version {version}.", title="Version history")

        self._with_author(
            "Save a version",
            "The version table is kept for you: each version gets the next number.",
            [("comment", "What changed in this version?", "")],
            "Save version",
            record,
        )

    def sign(self) -> None:
        """Sign off, or say what stops it: the check's errors, each a way to its answer or
        to a waiver (see dialogs/sign_off.py). Warnings never stop it."""
        if self._hold.held_elsewhere():
            return
        screen = self._screen
        q, a = screen.draft.questionnaire, screen.draft.assessment
        if is_signed(a):
            screen.notify("This assessment is already signed off.")
            return
        refusal = sign_off_refusal(q, a)
        if refusal:
            # The questionnaire asks for a review: nothing to sign until it is approved.
            screen.notify(refusal, title="Not signed off", severity="error", timeout=10)
            return
        errors = blocking_errors(q, a, signing_day(screen.clock()))
        if not errors:
            self._ask_signer({})
            return
        listed = [(f, can_waive(q, a, f)) for f in errors]
        screen.app.push_screen(SignOffDialog(listed, self._waiver_reasons), self._chosen)

    def _chosen(self, choice: SignOffChoice | None) -> None:
        if choice is None:
            return
        # Reasons typed so far are kept (in memory only) until sign-off or leaving.
        self._waiver_reasons = dict(choice.reasons)
        if choice.action == "jump":
            self._jump(choice.key)
        elif choice.action == "sign":
            self._ask_signer(choice.reasons)

    def _ask_signer(self, reasons: dict[tuple[str, str], str]) -> None:
        screen = self._screen
        q, a = screen.draft.questionnaire, screen.draft.assessment

        def signed(values: dict[str, str]) -> None:
            at = screen.clock()
            waivers = [
                Waiver(finding, key, reason, values["author"], at)
                for (finding, key), reason in reasons.items()
            ]
            try:
                sign(q, a, values["by"], at, waivers=waivers)
            except BadInput as error:
                # Nothing is signed, for example when the name is blank.
                lines = [p.line() for p in error.problems]
                screen.notify("\n".join(lines[:3]), title="Not signed off", severity="error")
                return
            self._waiver_reasons = {}
            # Written now, so "Signed off." is said only once the file holds it. If the disk
            # refuses, the sign-off stays here, "Not saved" shows, and autosave tries again.
            saved = self._saving.write_now(
                "The sign-off is kept here but not saved yet: eqia tries again every few "
                "seconds, and says when it has saved it.",
                answers=True,
            )
            screen.apply_read_only()
            screen.refresh_summary()
            if saved:
                screen.notify("Signed off. The assessment is now read-only.", title="Sign-off")

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

    def reopen(self) -> None:
        if self._hold.held_elsewhere():
            return
        screen = self._screen
        if not is_signed(screen.draft.assessment):
            screen.notify("This assessment is not signed, so it is open for changes already.")
            return

        def reopened(values: dict[str, str]) -> None:
            # The time too, not only the day: the move back to draft records when.
            entry = reopen(screen.draft.assessment, values["author"], screen.clock())
            saved = self._saving.write_now(  # as for sign-off: said only once it is written
                "The reopening is kept here but not saved yet: eqia tries again every few "
                "seconds, and says when it has saved it.",
                answers=True,
            )
            screen.apply_read_only()
            screen.refresh_summary()
            if saved:
                screen.notify(
                    f"Reopened as version {entry['version']}. It is back to draft, "
                    "so you can change answers again."
                )

        def confirmed(yes: bool | None) -> None:
            if yes:
                self._with_author("Reopen", "", [], "Reopen", reopened)

        screen.app.push_screen(
            ConfirmDialog(
                "Reopen for changes?",
                "The sign-off will be cleared and a new version recorded. "
                "It goes back to draft and will need signing again.",
                confirm="Reopen",
            ),
            confirmed,
        )
