"""Leaving a draft: closing the window or quitting eqia. Answers on their way are let
through and the draft is written first; if it cannot be, the officer chooses between
saving it elsewhere, staying, and leaving without the latest changes."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable
from pathlib import Path

from eqia_tui.core.disk.draft_writer import ChangedOutside
from eqia_tui.core.disk.files import atomic_write, write_reason
from eqia_tui.core.disk.locations import export_folder
from eqia_tui.core.model.assessment import is_slug
from eqia_tui.core.storage.recovery import keep_copy
from eqia_tui.tui.dialogs.choice import ChoiceDialog
from eqia_tui.tui.dialogs.path_dialog import PathDialog
from eqia_tui.tui.screens.wizard.base import DraftScreen
from eqia_tui.tui.screens.wizard.holding import DraftHold
from eqia_tui.tui.screens.wizard.outside import OutsideChange
from eqia_tui.tui.screens.wizard.saving import Autosave

SETTLE_ROUNDS = 6
"""How many hops an answer may take up the widget tree before leaving stops waiting for it."""


class Leaving:
    """Closing the draft's window, or quitting eqia with it open."""

    def __init__(
        self, screen: DraftScreen, saving: Autosave, hold: DraftHold, outside: OutsideChange
    ) -> None:
        self._screen = screen
        self._saving = saving
        self._hold = hold
        self._outside = outside
        self._asking = False
        """The question about unsaved changes is on the screen."""

    async def settle(self) -> None:
        """Let answers typed just before leaving reach the draft before it is written.

        Each key reaches its box at once, but the answer travels up to the step in messages.
        A quit pressed straight after typing (a paste, say) would otherwise overtake them.
        Saves already under way are waited for, so what leaving finds is up to date.
        """
        screen = self._screen
        for _ in range(SETTLE_ROUNDS):
            waiting = []
            for node in screen.walk_children(with_self=False):
                done = asyncio.Event()
                if node.call_later(done.set):
                    waiting.append(done.wait())
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(asyncio.gather(*waiting), timeout=0.5)
        for worker in list(screen.app.workers):
            if worker.node is screen and worker.group == "save" and not worker.is_finished:
                with contextlib.suppress(Exception):  # a failed save has said so already
                    await worker.wait()

    async def close(self) -> None:
        """Back to the drafts, once the draft is written (or the officer chose to go)."""
        await self.settle()
        try:
            self._saving.flush()
        except OSError as error:
            self.ask_before_losing(error, self._close_anyway, leaving="Close")
            return
        self._close_anyway()

    def _close_anyway(self) -> None:
        self._hold.release()
        self._screen.dismiss(None)

    def ask_before_losing(
        self, error: OSError, leave: Callable[[], object], leaving: str = "Quit"
    ) -> None:
        """The draft could not be saved while leaving: save it elsewhere, stay, or leave."""
        if self._asking:
            return  # Ctrl+Q again while the question is on the screen
        self._asking = True
        path = self._screen.path
        if isinstance(error, ChangedOutside):
            why = (
                f"Another program changed {path} since eqia read it, so your latest "
                "changes were not written over it."
            )
        else:
            why = f"Could not save to {path}: {write_reason(error, path)}."

        def chosen(choice: str | None) -> None:
            self._asking = False
            if choice == "elsewhere":
                self._save_elsewhere(leave)
            elif choice == "leave":
                leave()
            elif isinstance(error, ChangedOutside):
                self._outside.ask_again()  # staying: choose what to do with the other change

        self._screen.app.push_screen(
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
        text = self._saving.text()

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
            self._screen.notify(f"Saved to {result[1]}.", title="Saved elsewhere")
            then()

        default = export_folder() / f"{self._screen.draft.assessment.id}.toml"
        dialog = PathDialog(
            "Save the draft elsewhere",
            default,
            [("toml", "Assessment file (TOML)")],
            "Save",
            check=write_there,
        )
        self._screen.app.push_screen(dialog, written)

    def keep_unsaved(self) -> None:
        """The draft could not be saved and eqia is stopped: keep it as a recovery copy, so
        `eqia restore` can bring it back. Raises OSError when that cannot be written either."""
        home, assessment = self._screen.home, self._screen.draft.assessment
        if home is None or not is_slug(assessment.id):
            return
        text = self._saving.text()
        keep_copy(home, assessment.id, text.encode("utf-8"))
