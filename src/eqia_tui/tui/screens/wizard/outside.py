"""Another program changed the draft's file (an editor, a folder that syncs): nothing is
written over its change until the officer chooses to keep theirs, take the file's, or save
theirs as a copy. Whatever is not kept becomes a recovery copy."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from eqia_tui.core.disk.files import atomic_write, write_reason
from eqia_tui.core.disk.locations import drafts_dir
from eqia_tui.core.model.assessment import is_slug
from eqia_tui.core.storage.recovery import keep_copy
from eqia_tui.tui.dialogs.choice import ChoiceDialog
from eqia_tui.tui.screens.wizard.base import DraftScreen
from eqia_tui.tui.screens.wizard.holding import DraftHold
from eqia_tui.tui.screens.wizard.saving import Autosave


class OutsideChange:
    """Asks what to do when a save finds the file changed by another program."""

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
        """Reads the draft again from its file and shows it; False when it cannot be read."""

    def ask(self) -> None:
        """Nothing is written over another program's change until the officer chooses."""
        saving = self._saving
        saving.unwritten()
        if saving.conflict:
            return  # asked already
        saving.conflict = True
        saving.show_status()
        screen = self._screen
        assessment_id = screen.draft.assessment.id
        screen.app.push_screen(
            ChoiceDialog(
                "The file was changed by another program",
                f"{screen.path} was changed outside eqia since you opened it (by an editor, or "
                "a folder that syncs, say). So your latest changes are not saved yet. "
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
            self._chosen,
        )

    def ask_again(self) -> None:
        """Ask once more, though the officer has been asked already (staying after a
        failed quit, or a save that found the file changed again)."""
        self._saving.conflict = False
        self.ask()

    def _chosen(self, choice: str | None) -> None:
        if choice == "keep":
            self._keep_mine()
        elif choice == "take":
            self._screen.run_worker(self._take_theirs(), group="reload", exclusive=True)
        elif choice == "copy":
            self._save_as_copy()
        # "later": nothing is saved until Ctrl+S asks again

    def _keep_mine(self) -> None:
        self._saving.conflict = False
        try:
            self._saving.write_over()
        except OSError as error:
            self._saving.failed(error)
            return
        self._screen.notify(
            "Saved yours over the other change, which is kept as a recovery copy.",
            title="Saved",
        )

    async def _take_theirs(self) -> None:
        screen, saving = self._screen, self._saving
        mine = saving.text()
        if screen.home is not None:
            try:
                keep_copy(screen.home, screen.draft.assessment.id, mine.encode("utf-8"))
            except OSError as error:
                saving.conflict = False
                saving.failed(error)
                return
        if await self._reload():
            saving.conflict = False
            saving.show_status()
            screen.notify("Showing the file's version. Yours is kept as a recovery copy.")

    def _save_as_copy(self) -> None:
        screen, saving = self._screen, self._saving
        if screen.home is None:
            return
        a = screen.draft.assessment
        folder = drafts_dir(screen.home)
        base = f"{a.id[:58]}-copy"
        new_id, number = base, 1
        while (folder / f"{new_id}.toml").exists():
            number += 1
            new_id = f"{base}-{number}"
        if not is_slug(new_id):
            return
        old_id, old_path = a.id, screen.path
        a.id = new_id
        text = saving.text()
        path = folder / f"{new_id}.toml"
        try:
            folder.mkdir(parents=True, exist_ok=True)
            atomic_write(path, text)
        except OSError as error:
            a.id = old_id
            screen.notify(
                f"Could not save a copy to {path}: {write_reason(error, path)}. "
                "Your answers are still here.",
                severity="error",
                timeout=10,
            )
            self.ask_again()
            return
        screen.moved_to(path)
        saving.moved(text)
        self._hold.moved()
        saving.worked()
        screen.sub_title = screen.where()
        screen.notify(
            f"Saved yours as {path.name}; {old_path.name} keeps the other program's change. "
            "You are now working on the copy.",
            title="Saved as a copy",
        )
