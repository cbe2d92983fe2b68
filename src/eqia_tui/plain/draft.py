"""The draft plain mode works on: read, held and written as the wizard does.

Plain mode holds the draft's lock (`core.disk.draft_lock`) from opening to closing, as a
wizard window does, so two windows never write the same draft. A draft another window holds
opens read only (`held_by` says who has it), and is read again from its file, so the other
window's changes are seen; `check_again` takes the lock once that window has let it go.

Each save goes through the store's writer (`core.disk.draft_writer`): atomic, and never over
a change another program made to the file. Nothing is written until an answer changes:
opening a draft and walking through it leaves the file as it was, byte for byte.
"""

from __future__ import annotations

import contextlib
from pathlib import Path

from eqia_tui.core.disk.draft_lock import DraftLock, Holder
from eqia_tui.core.disk.draft_writer import ChangedOutside, DraftWriter
from eqia_tui.core.disk.files import reason, write_reason
from eqia_tui.core.model.assessment import Assessment, is_slug, now, slugify
from eqia_tui.core.model.questionnaire import Questionnaire
from eqia_tui.core.storage.recovery import keep_copy
from eqia_tui.core.storage.registry import Registry
from eqia_tui.core.storage.resolve import Target, resolve
from eqia_tui.core.storage.store import Store, dumps
from eqia_tui.core.text.problems import BadInput


class NotSaved(Exception):
    """A save that failed: `str()` says why, in one line. The answers are still in memory."""


class PlainDraft:
    """An open draft: its file, its questionnaire and answers, and the lock on it."""

    def __init__(
        self,
        path: Path,
        store: Store,
        questionnaire: Questionnaire,
        assessment: Assessment,
        lock: DraftLock,
        notes: list[str] | None = None,
        *,
        target: Target | None = None,
        held_by: Holder | None = None,
    ) -> None:
        self.path = path
        self.store = store
        self.questionnaire = questionnaire
        self.assessment = assessment
        self.notes = list(notes or [])
        """Answers set aside on opening because the questionnaire changed, in words."""
        self._lock = lock
        self._target = target or Target(path)
        """Where the draft is read again from (`reload`)."""
        self.held_by = held_by
        """Who holds the draft's lock when another window does: then it is read only here."""
        self._writer = DraftWriter(path, self._keep)
        self._sequence = 0
        self._kept = False
        self._written = dumps(questionnaire, assessment)
        """The draft as last written or read: a save that would write the same does nothing."""

    @property
    def text(self) -> str:
        return dumps(self.questionnaire, self.assessment)

    def changed(self) -> bool:
        """Answers changed since the last save."""
        return self.text != self._written

    def save(self) -> None:
        """Write the draft now, atomically, as the holder of its lock. Nothing is written
        when the answers are as last saved. Raises NotSaved when the disk refuses it or
        another program changed the file."""
        if not self.changed():
            return
        if not self._lock.held:
            raise NotSaved(f"{self.path}: not saved: this window does not hold the draft")
        self.assessment.updated = now()
        text = self.text
        self._sequence += 1
        try:
            self._writer.write(self.path, text, self._sequence)
        except ChangedOutside:
            raise NotSaved(
                f"{self.path}: not saved: another program changed the file since eqia read it; "
                "your answers are kept here until you quit"
            ) from None
        except OSError as error:
            raise NotSaved(f"{self.path}: not saved: {write_reason(error, self.path)}") from None
        self._written = text
        self._lock.heartbeat()

    def replace(self, assessment: Assessment) -> None:
        """A new assessment for this draft (signed off, reopened, a version saved): saved now.
        Raises NotSaved, the draft unchanged, when another window holds it."""
        if not self._lock.held:
            raise NotSaved(f"{self.path}: not saved: this window does not hold the draft")
        self.assessment = assessment
        self.save()

    def move_to(self, questionnaire: Questionnaire, assessment: Assessment) -> None:
        """The draft moved on to another version of its questionnaire: saved now, or, when
        it cannot be written, kept as it was (raises NotSaved, the draft unchanged)."""
        if not self._lock.held:
            raise NotSaved(f"{self.path}: not saved: this window does not hold the draft")
        before = (self.questionnaire, self.assessment, self.notes)
        self.questionnaire, self.assessment, self.notes = questionnaire, assessment, []
        try:
            self.save()
        except NotSaved:
            self.questionnaire, self.assessment, self.notes = before
            raise

    def close(self) -> None:
        """Let the draft go."""
        self._lock.release()

    def reload(self) -> str:
        """Read the draft again from its file, as it is now (another window may have changed
        it). Returns "", or why it cannot be read: then the answers stay as they were."""
        try:
            loaded = self._target.load(self.store)
        except BadInput as error:
            return error.problems[0].line()
        except OSError as error:
            return f"{self.path} cannot be read again: {reason(error)}."
        self.questionnaire, self.assessment = loaded.questionnaire, loaded.assessment
        self.notes = list(loaded.notes)
        self._written = self.text
        self._writer.reread(self.path)
        return ""

    def check_again(self) -> str:
        """Another window held the draft: take it if that window has let it go (`held_by` is
        then None), and read the file again either way. Returns "", or why it could not be
        taken or read again, in one line."""
        if self.held_by is None:
            return ""
        try:
            self.held_by = self._lock.acquire()
        except OSError as error:
            problem = write_reason(error, self.path)
            return f"{self.path} cannot be opened for changes: {problem}."
        return self.reload()

    def _keep(self, data: bytes, always: bool) -> None:
        """Keep the file as it was before the first save of the session, as the wizard does."""
        if (self._kept and not always) or not is_slug(self.assessment.id):
            return
        with contextlib.suppress(OSError):  # the save itself says whether the disk works
            keep_copy(self.store.home, self.assessment.id, data)
            self._kept = True


def _take(path: Path, read_only_if_held: bool = False) -> tuple[DraftLock, Holder | None]:
    """The lock on the draft at `path`, taken, and None; or, when another window holds it,
    the lock not taken and who holds it (`read_only_if_held`), else BadInput naming them."""
    lock = DraftLock(path)
    try:
        holder = lock.acquire()
    except OSError as error:
        raise BadInput.one(
            path, "", f"cannot be opened for changes: {write_reason(error, path)}"
        ) from None
    if holder is not None and not read_only_if_held:
        raise BadInput.one(
            path,
            "",
            f"is open in another window ({holder.words()}); close it there, then try again",
        )
    return lock, holder


def _held(path: Path) -> DraftLock:
    """The lock on the draft at `path`, taken; BadInput naming who holds it if it is taken."""
    return _take(path)[0]


def open_draft(
    home_or_store: Path | Store, target: str, *, read_only_if_held: bool = False
) -> PlainDraft:
    """The draft a draft id or a file path names, read, checked and held.

    Raises BadInput (one line, exit 2) when it cannot be read, or when another window holds
    it; with `read_only_if_held`, such a draft opens read only instead (`held_by`).
    """
    store = (
        home_or_store
        if isinstance(home_or_store, Store)
        else Store(home_or_store, Registry(home_or_store))
    )
    found = resolve(target, store)
    loaded = found.load(store)
    lock, holder = _take(found.path, read_only_if_held)
    try:
        # Read again under the lock: the other window may have saved just before letting go.
        loaded = found.load(store)
    except BadInput:
        lock.release()
        raise
    return PlainDraft(
        found.path,
        store,
        loaded.questionnaire,
        loaded.assessment,
        lock,
        loaded.notes,
        target=found,
        held_by=holder,
    )


def create(
    store: Store, questionnaire: Questionnaire, title: str, assessment_id: str | None = None
) -> PlainDraft:
    """A new draft, written now and held. Raises BadInput when the id is taken or the file
    cannot be written (nothing is left behind)."""
    assessment_id = assessment_id or slugify(title)
    questionnaire, assessment, path = store.create(
        questionnaire, title, assessment_id, f"eqia open {assessment_id} --plain"
    )
    lock = _held(path)
    return PlainDraft(
        path, store, questionnaire, assessment, lock, target=Target(path, assessment.id)
    )
