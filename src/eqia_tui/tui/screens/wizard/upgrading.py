"""Moving the open draft on to the newest version of its questionnaire: offered in one line
when a draft on an older version opens, asked first with what changes, then written at once
and shown again with the new questions (see `core.storage.upgrade`)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from eqia_tui.core.disk.files import write_reason
from eqia_tui.core.disk.locations import config_file
from eqia_tui.core.model.assessment import Loaded
from eqia_tui.core.signing import is_signed
from eqia_tui.core.storage.config import load_config, save_config
from eqia_tui.core.storage.upgrade import Upgrade, newer_version, prepare_open
from eqia_tui.core.text.problems import BadInput
from eqia_tui.tui.dialogs.confirm import ConfirmDialog
from eqia_tui.tui.dialogs.prompt import PromptDialog
from eqia_tui.tui.host import host
from eqia_tui.tui.screens.wizard.base import DraftScreen
from eqia_tui.tui.screens.wizard.holding import DraftHold
from eqia_tui.tui.screens.wizard.saving import Autosave

COMMAND = "Move to the newest questionnaire version"
"""The palette's name for it, which the notice on opening quotes."""


class Upgrading:
    """Moving the screen's draft on to the newest version of its questionnaire."""

    def __init__(
        self,
        screen: DraftScreen,
        saving: Autosave,
        hold: DraftHold,
        reload: Callable[[], Awaitable[bool]],
    ) -> None:
        self._screen = screen
        self._saving = saving
        self._hold = hold
        self._reload = reload
        """Reads the draft again from its file and shows it (the screen's `reload`)."""

    name = COMMAND

    def available(self) -> bool:
        """Whether the draft can move on: a newer version is installed, and it is not
        signed nor open in another window. The palette lists the command only then."""
        screen = self._screen
        if screen.read_only():
            return False
        return newer_version(host(screen.app).registry, screen.draft.assessment) is not None

    def offer(self) -> None:
        """On opening: one line, when the draft could move on (not a dialog)."""
        screen = self._screen
        if screen.read_only():
            return
        a = screen.draft.assessment
        after = newer_version(host(screen.app).registry, a)
        if after is None:
            return
        screen.notify(
            f"This draft uses {a.questionnaire} {a.questionnaire_version}. To move it on to "
            f'{after.version}, press Ctrl+P and choose "{COMMAND}".',
            timeout=10,
        )

    def ask(self) -> None:
        """Say what would change and ask first; then move the draft on and save it."""
        if self._hold.held_elsewhere():
            return
        screen = self._screen
        if is_signed(screen.draft.assessment):
            screen.notify(
                "This assessment is signed off. Reopen it first: moving it to another "
                "version would break the sign-off."
            )
            return
        try:
            config = load_config()
            plan = self._plan(config.author or "you")
        except BadInput as error:
            screen.notify(error.problems[0].line(), title="Not moved", severity="warning")
            return
        title = f"Move to {plan.after.id} {plan.after.version}?"
        message = (
            f"This draft uses version {plan.answered_with}. {_sentence(plan.summary())}. "
            "Every answer is kept, and the version history records the move."
        )
        if config.author:
            screen.app.push_screen(
                ConfirmDialog(title, message, confirm="Move"),
                lambda yes: self._move(config.author) if yes else None,
            )
            return

        def named(values: dict[str, str] | None) -> None:
            if values is None:
                return
            path = config_file()
            try:
                save_config(config.model_copy(update={"author": values["author"]}), path)
            except OSError as error:
                screen.notify(
                    f"Could not save your name to {path}: {write_reason(error, path)}. "
                    "Your name is used this time.",
                    severity="warning",
                )
            self._move(values["author"])

        screen.app.push_screen(
            PromptDialog(
                title, message, [("author", "Your name (kept for next time)", "")], "Move"
            ),
            named,
        )

    def _plan(self, by: str) -> Upgrade:
        screen = self._screen
        registry = host(screen.app).registry
        return prepare_open(registry, screen.draft, str(screen.path), by, screen.clock())

    def _move(self, by: str) -> None:
        screen = self._screen
        before = screen.draft
        try:
            plan = self._plan(by)
        except BadInput as error:
            screen.notify(error.problems[0].line(), title="Not moved", severity="warning")
            return
        screen.draft = Loaded(plan.moved.assessment, plan.after, [])
        if not self._saving.write_now(
            "The draft stays on its version: try again once the file can be written."
        ):
            screen.draft = before
            self._saving.save_now()  # the file keeps the draft as it was
            return
        screen.run_worker(self._show(plan), group="upgrade")

    async def _show(self, plan: Upgrade) -> None:
        """Read the file back with the new version and show it."""
        if await self._reload():
            self._screen.notify(
                f"Moved to {plan.after.id} {plan.after.version}: {plan.summary()}.",
                title="Questionnaire version",
            )


def _sentence(text: str) -> str:
    """`text` with a capital letter first."""
    return text[:1].upper() + text[1:]
