"""One window changes a draft at a time: the lock this window takes on its draft, and what
it shows while another window holds it, or while it is open for review (`eqia review`:
the answers read-only, comments writable)."""

from __future__ import annotations

from textual.widgets import Static

from eqia_tui.core.disk.draft_lock import DraftLock, Holder
from eqia_tui.tui.screens.wizard.base import DraftScreen
from eqia_tui.tui.screens.wizard.saving import Autosave
from eqia_tui.tui.widgets.plain import plain

REVIEWING = (
    "Reviewing: the answers are read-only. Press C to comment on what you are on, "
    "and F4 to read the comments."
)


class DraftHold:
    """Takes the draft's lock when the screen opens and lets it go when it closes. While
    another window holds it, the screen is read-only and says who has it (`held_by`)."""

    def __init__(self, screen: DraftScreen, saving: Autosave) -> None:
        self._screen = screen
        self._saving = saving
        self._lock: DraftLock | None = None
        self._taken_over = False

    def take(self) -> None:
        """Hold the draft while this window is open. If another window holds it, this one
        is read-only and says who has it."""
        lock = self._lock or DraftLock(self._screen.path)
        try:
            holder = lock.acquire()
        except OSError:
            # A folder that cannot be written: no lock, and the saves say why they fail.
            holder = None
        self._lock = lock
        self._show(holder)

    def _show(self, holder: Holder | None) -> None:
        screen = self._screen
        screen.held_by = holder
        banner = screen.query_one("#held-banner", Static)
        banner.display = holder is not None or screen.review_mode
        if holder is not None:
            banner.update(
                plain(
                    f"Open in another window: {holder.words()}. You can read this draft here, "
                    "not change it. Press F5 to check again.",
                    lines=True,
                )
            )
        elif screen.review_mode:
            banner.update(REVIEWING)
        screen.apply_read_only()
        self._saving.show_status()
        screen.refresh_bindings()

    def release(self) -> None:
        """Let the draft go: when the window closes, or the app quits."""
        if self._lock is not None:
            self._lock.release()

    def moved(self) -> None:
        """The screen's draft is written to another file now (saved as a copy): let the
        old file go and hold the new one."""
        self.release()
        self._lock = None
        self.take()

    def heartbeat(self) -> None:
        """Say, now and then, that this window still holds the draft."""
        if self._lock is None:
            return
        other = self._lock.heartbeat()
        if other is not None and not self._taken_over:
            self._taken_over = True
            self._screen.notify(
                f"{other.words()} has opened this draft as well. eqia checks the file before "
                "each save, so neither of you writes over the other.",
                severity="warning",
                timeout=15,
            )

    def check_again(self) -> bool:
        """F5: take the draft if the other window has let it go. True when this window has
        just taken it (the screen then reads the draft again)."""
        if self._screen.held_by is None:
            return False
        self.take()
        holder = self._screen.held_by
        if holder is not None:
            self._screen.notify(f"Still open in another window: {holder.words()}.")
            return False
        return True

    def reviewing_only(self) -> bool:
        """Say so when the draft is open for review, where the answers (and so versions,
        sign-off and reopening) cannot be changed: only comments and review moves can."""
        if not self._screen.review_mode:
            return False
        self._screen.notify(
            "You are reviewing this assessment, so its answers cannot change here. "
            "Open it with eqia open to change them.",
            severity="warning",
        )
        return True

    def held_elsewhere(self) -> bool:
        """Say so when another window holds the draft, so nothing can be recorded here."""
        holder = self._screen.held_by
        if holder is None:
            return False
        self._screen.notify(
            f"Open in another window: {holder.words()}. Press F5 to check again.",
            severity="warning",
        )
        return True
