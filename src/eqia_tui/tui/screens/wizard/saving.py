"""Autosave: when the open draft is written, on which thread, what happens when the disk
refuses it, and the line between Back and Next that says which."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from functools import partial
from time import monotonic

from textual.timer import Timer
from textual.widgets import Static

from eqia_tui.core.disk.draft_writer import ChangedOutside, DraftWriter
from eqia_tui.core.disk.files import write_reason
from eqia_tui.core.model.assessment import is_slug
from eqia_tui.core.storage.recovery import EVERY, keep_copy
from eqia_tui.core.storage.store import dumps
from eqia_tui.core.text.dates import local, time_of_day
from eqia_tui.tui.screens.wizard.base import DraftScreen
from eqia_tui.tui.widgets.plain import plain

SAVE_DELAY = 0.3
"""Seconds of quiet before saving, so a burst of typing is one write, well within a second."""
SAVE_WITHIN = 0.5
"""The longest a change waits to be saved while the officer types without a pause: with the
write itself, the file is never more than a second behind the typing."""
SOONEST = 0.02
"""The shortest delay a save is put off by; anything shorter is saved at once."""
RETRY_EVERY = 5.0
"""Seconds between two tries to save while saving fails (a full disk, a lost network folder)."""


class Autosave:
    """Writes the screen's draft within a second of every change, off the main thread.

    A save that fails keeps the draft marked as changed, shows "Not saved" and is tried
    again every `RETRY_EVERY` seconds. A file another program changed is never written
    over: `changed_outside` is called, and nothing is saved until the officer chooses.
    """

    def __init__(self, screen: DraftScreen, changed_outside: Callable[[], None]) -> None:
        self._screen = screen
        self._changed_outside = changed_outside
        self._save_timer: Timer | None = None
        self.dirty = False
        """Something changed that is not written yet."""
        self._answers_changed = False
        self._sequence = 0
        self._saved_text = dumps(screen.draft.questionnaire, screen.draft.assessment)
        """The draft as last written (or as opened): what leaving compares against."""
        self._first_unsaved: float | None = None
        """When the oldest change not yet saved was made (`monotonic`), for `SAVE_WITHIN`."""
        self._writer = DraftWriter(screen.path, self._keep_recovery_copy)
        self._kept_at: float | None = None
        """When a recovery copy was last kept in this session (`monotonic`)."""
        self._not_saved = ""
        """Why the last save failed ("" when it worked): shown until a save works again."""
        self._saved_at = ""
        self._retry_timer: Timer | None = None
        self.conflict = False
        """Another program changed the file: nothing is saved until the officer chooses."""
        self._ok_sequence = 0
        """The newest save that worked: an older one that failed later changes nothing."""

    # --- Saving soon -------------------------------------------------------------------------

    def schedule(self, answers: bool = False) -> None:
        """Save soon. `answers`: the answers changed, not only the officer's place in them,
        so the file's `updated` time moves on.

        Soon is after `SAVE_DELAY` of quiet, so a burst of typing is one write, but never
        later than `SAVE_WITHIN` after the oldest change not yet saved, however fast the
        officer types.
        """
        if self._screen.held_by is not None:
            return  # another window holds the draft: this one writes nothing
        self.dirty = True
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
        self._save_timer = self._screen.set_timer(min(SAVE_DELAY, left), self.save)

    def save(self) -> None:
        """Write the draft now (off the main thread) if anything changed."""
        if not self.dirty or self._screen.held_by is not None or self.conflict:
            return
        self.dirty = False
        self._first_unsaved = None
        text = self.text()
        if text == self._saved_text and not self._not_saved:
            return  # the file already says this: writing it again would only reformat it
        self._sequence += 1
        self._saved_text = text
        self._screen.run_worker(
            partial(self._write, text, self._sequence), thread=True, group="save"
        )

    def save_now(self, answers: bool = False) -> None:
        """Write the draft at once; `answers` as for `schedule`."""
        if self._screen.held_by is not None:
            return
        self.dirty = True
        self._answers_changed = self._answers_changed or answers
        self.save()

    def save_by_hand(self) -> None:
        """Ctrl+S: save now. After another program's change, ask again what to do with it."""
        if self.conflict:
            self.conflict = False
        self.save_now()

    def text(self) -> str:
        """The draft as it is written now. A change to the answers moves `updated` on; a
        move between steps does not."""
        draft = self._screen.draft
        if self._answers_changed:
            draft.assessment.updated = self._screen.clock()
            self._answers_changed = False
        return dumps(draft.questionnaire, draft.assessment)

    def _write(self, text: str, sequence: int) -> None:
        """On the saving thread."""
        call = self._screen.app.call_from_thread
        try:
            written = self._writer.write(self._screen.path, text, sequence)
        except ChangedOutside:
            call(self._from_saver, self._changed_outside)
            return
        except OSError as error:
            call(self._from_saver, self.failed, error, sequence)
            return
        if written:
            call(self._from_saver, self.worked, sequence)

    def _from_saver(self, report: Callable[..., None], *args: object) -> None:
        """A save ended: say how, unless the screen has closed meanwhile (the app quitting
        while the disk was slow). The file is written either way; only the words are lost."""
        if self._screen.is_attached and self._screen.query("#saved"):
            report(*args)

    # --- Saving at once ----------------------------------------------------------------------

    def flush(self) -> None:
        """Save now, on this thread: used when leaving, so quitting never loses an answer.

        Raises OSError when the draft cannot be written (`ChangedOutside` when another
        program changed the file): the draft then stays marked as changed.
        """
        if self._save_timer is not None:
            self._save_timer.stop()
        if self._screen.held_by is not None:
            return
        if self.conflict:
            raise ChangedOutside(self._screen.path)
        if self.dirty or self._not_saved or self.unsaved():
            self.dirty = False
            self._first_unsaved = None
            self._sequence += 1
            text = self.text()
            try:
                self._writer.write(self._screen.path, text, self._sequence)
            except ChangedOutside:
                self.dirty = True  # the caller asks what to do (`changed_outside`)
                raise
            except OSError as error:
                self._mark_not_saved(error)
                raise
            self._saved_text = text
            self.worked(self._sequence)

    def write_now(self, kept: str, answers: bool = False) -> bool:
        """Write the draft at once, on this thread, before saying it is saved or exporting it.

        If it cannot be written, say why and what is `kept`, and return False. The draft
        stays marked as changed, so the next save (or Ctrl+S) tries again.
        """
        self._answers_changed = self._answers_changed or answers
        path = self._screen.path
        try:
            self.flush()
        except OSError as error:
            self.dirty = True
            self._screen.notify(
                f"Could not save to {path}: {write_reason(error, path)}. {kept}",
                severity="error",
                timeout=10,
            )
            if isinstance(error, ChangedOutside):
                self.conflict = False
                self._changed_outside()
            return False
        return True

    def write_over(self) -> None:
        """Write the draft over whatever the file holds now: the officer chose to keep
        theirs over another program's change. Raises OSError when it cannot be written."""
        text = self.text()
        self._sequence += 1
        self._writer.write(self._screen.path, text, self._sequence, replace=True)
        self.dirty = False
        self._saved_text = text
        self.worked(self._sequence)

    def unsaved(self) -> bool:
        """Answers changed since the last write, even if the change has not been counted yet.

        Only a save sets `updated`, so the same answers give the same text as last written.
        """
        draft = self._screen.draft
        return dumps(draft.questionnaire, draft.assessment) != self._saved_text

    # --- What the file holds -----------------------------------------------------------------

    def opened(self) -> None:
        """The first step is drawn: where the file opened is not a change to it."""
        if not self.dirty:
            self._saved_text = dumps(
                self._screen.draft.questionnaire, self._screen.draft.assessment
            )

    def reloaded(self) -> None:
        """The screen read its draft again from the file: that is what was last written."""
        self._writer.reread(self._screen.path)
        self.dirty = self._answers_changed = False
        self._saved_text = dumps(self._screen.draft.questionnaire, self._screen.draft.assessment)

    def moved(self, text: str) -> None:
        """`text` was written to the screen's new `path` (the draft saved as a copy)."""
        self._writer = DraftWriter(self._screen.path, self._keep_recovery_copy)
        self._saved_text = text
        self.dirty = False
        self.conflict = False

    def unwritten(self) -> None:
        """Not written (another program changed the file): the next save must write,
        whatever the draft holds."""
        self.dirty = True
        self._saved_text = ""

    def _keep_recovery_copy(self, data: bytes, always: bool) -> None:
        """Before a save replaces the file, keep it as it was: before the first save of the
        session, then at most every `recovery.EVERY`, and always when the officer chose to
        replace another program's change. Runs on the writer's thread."""
        at = monotonic()
        recent = self._kept_at is not None and at - self._kept_at < EVERY.total_seconds()
        home = self._screen.home
        if home is None or (recent and not always):
            return
        if not is_slug(self._screen.draft.assessment.id):
            return
        with contextlib.suppress(OSError):  # the save itself says whether the disk works
            keep_copy(home, self._screen.draft.assessment.id, data)
            self._kept_at = at

    # --- Saved, or not -----------------------------------------------------------------------

    def worked(self, sequence: int | None = None) -> None:
        """A save worked (`sequence`: which one; None: the newest)."""
        sequence = self._sequence if sequence is None else sequence
        self._ok_sequence = max(self._ok_sequence, sequence)
        if self._retry_timer is not None:
            self._retry_timer.stop()
            self._retry_timer = None
        if self._not_saved:
            self._not_saved = ""
            self._screen.notify(
                f"Saved to {self._screen.path} again. Nothing was lost.", title="Saved"
            )
        self._saved_at = time_of_day(local(self._screen.clock()), seconds=True)
        self.show_status()

    def failed(self, error: OSError, sequence: int | None = None) -> None:
        """A save failed: say so once, show "Not saved" and try again every few seconds."""
        if sequence is not None and sequence < self._ok_sequence:
            return  # a newer save has worked since
        if not self._mark_not_saved(error):
            return
        self._screen.notify(
            f"Could not save to {self._screen.path}: {self._not_saved}. Your answers are still "
            "here, and eqia tries again every few seconds.",
            severity="error",
            timeout=10,
        )

    def _mark_not_saved(self, error: OSError) -> bool:
        """Keep the draft marked as changed, show "Not saved" and start trying again.
        True when saves were working until now."""
        self.unwritten()
        first = not self._not_saved
        self._not_saved = write_reason(error, self._screen.path)
        if self._retry_timer is None:
            self._retry_timer = self._screen.set_interval(RETRY_EVERY, self._retry)
        self.show_status()
        return first

    def _retry(self) -> None:
        if self._not_saved and not self.conflict:
            self.dirty = True
            self.save()

    def show_status(self) -> None:
        """The line between Back and Next: when the draft was saved, or why it is not."""
        if self._screen.held_by is not None:
            words, problem = "Read only: open in another window", False
        elif self.conflict:
            words, problem = "Not saved: the file was changed outside eqia (Ctrl+S)", True
        elif self._not_saved:
            words, problem = f"Not saved: {self._not_saved}. Trying again", True
        else:
            words, problem = (f"Saved {self._saved_at}" if self._saved_at else ""), False
        label = self._screen.query_one("#saved", Static)
        label.update(plain(words))
        label.set_class(problem, "-not-saved")
