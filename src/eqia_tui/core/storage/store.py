"""The draft store: one TOML file per assessment in `$EQIA_HOME/drafts/`, every write atomic."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import tomli_w

from eqia_tui.core.disk import locations
from eqia_tui.core.disk.draft_lock import DraftLock, Holder, lock_path
from eqia_tui.core.disk.files import atomic_write, write_reason
from eqia_tui.core.model.assessment import (
    Assessment,
    Loaded,
    invalid_id,
    is_slug,
    new_assessment,
    now,
    to_document,
)
from eqia_tui.core.model.questionnaire import Questionnaire
from eqia_tui.core.review import DUE_WINDOW_DAYS
from eqia_tui.core.review.due_dates import DueItem, sort_items
from eqia_tui.core.storage.listing import summaries as read_summaries
from eqia_tui.core.storage.reading import bad_name as bad_name
from eqia_tui.core.storage.reading import first_problem as first_problem
from eqia_tui.core.storage.reading import load_file as load_file
from eqia_tui.core.storage.reading import mismatch
from eqia_tui.core.storage.reading import unreadable as unreadable
from eqia_tui.core.storage.registry import Registry
from eqia_tui.core.storage.summary import DraftSummary, Summary, draft_summary, newest_first
from eqia_tui.core.text.problems import BadInput


def dumps(questionnaire: Questionnaire, assessment: Assessment) -> str:
    return tomli_w.dumps(to_document(questionnaire, assessment), multiline_strings=True)


def write_file(path: Path, questionnaire: Questionnaire, assessment: Assessment) -> None:
    atomic_write(path, dumps(questionnaire, assessment))


class Store:
    def __init__(self, home: Path, registry: Registry) -> None:
        self.home = home
        self.registry = registry

    @property
    def drafts(self) -> Path:
        return locations.drafts_dir(self.home)

    def path_for(self, assessment_id: str) -> Path:
        # Check the id before building any path from it, so "../x" can never escape the store.
        if not is_slug(assessment_id):
            raise invalid_id(assessment_id)
        return self.drafts / f"{assessment_id}.toml"

    def exists(self, assessment_id: str) -> bool:
        return self.path_for(assessment_id).exists()

    def load(self, assessment_id: str) -> Loaded:
        """The draft with this id. Its file name and the id inside it must agree."""
        path = self.path_for(assessment_id)
        if not path.exists():
            raise BadInput.one(path, "", f'no draft with the id "{assessment_id}" in {self.drafts}')
        loaded = load_file(path, self.registry)
        if loaded.assessment.id != assessment_id:
            raise BadInput.one(path, "id", mismatch(loaded.assessment.id, path))
        return loaded

    def save(self, questionnaire: Questionnaire, assessment: Assessment) -> Path:
        """Write the draft atomically and stamp it as updated now, making the folder if need be."""
        path = self.path_for(assessment.id)
        assessment.updated = now()
        path.parent.mkdir(parents=True, exist_ok=True)
        write_file(path, questionnaire, assessment)
        return path

    def create(
        self, questionnaire: Questionnaire, title: str, assessment_id: str, resume_with: str
    ) -> tuple[Questionnaire, Assessment, Path]:
        """Write a new draft now: the questionnaire as kept for it, the draft and its file.

        `resume_with` is the command that opens an existing draft, named when the id is taken.
        Raises BadInput when the id is taken or the file cannot be written (nothing is left
        behind)."""
        path = self.path_for(assessment_id)
        if path.exists():
            raise BadInput.one(
                path,
                "",
                f'a draft with the id "{assessment_id}" already exists; '
                f"resume it with: {resume_with}",
            )
        assessment = new_assessment(questionnaire, assessment_id, title)
        try:
            # A questionnaire file is kept beside the drafts, so the draft opens once it has gone.
            questionnaire = self.registry.keep(questionnaire)
            path = self.save(questionnaire, assessment)
        except OSError as error:
            where = Path(error.filename) if isinstance(error.filename, str) else path
            why = write_reason(error, where)
            raise BadInput.one(
                where, "", f"cannot be written: {why}; nothing was created"
            ) from None
        return questionnaire, assessment, path

    def delete(self, assessment_id: str) -> None:
        """Delete the draft and its lock file. A draft open in another window is left as it
        is: `HeldElsewhere` says who has it. Raises OSError when the file cannot be deleted."""
        path = self.path_for(assessment_id)
        lock = DraftLock(path)
        try:
            other = lock.acquire()
        except OSError:  # no lock can be made here: deleting will say why it fails too
            path.unlink(missing_ok=True)
            return
        if other is not None:
            raise HeldElsewhere(other)
        try:
            path.unlink(missing_ok=True)
            # Holding the lock, nobody else can be using it: its file goes with the draft.
            lock_path(path).unlink(missing_ok=True)
        finally:
            lock.release()

    def ids(self) -> list[str]:
        """The ids of the drafts: the names of the files in `drafts/` that are valid ids."""
        return sorted(p.stem for p in self.files() if is_slug(p.stem))

    def files(self) -> list[Path]:
        """Every `.toml` file in `drafts/`, whether or not its name is a valid id."""
        if not self.drafts.is_dir():
            return []
        return sorted(self.drafts.glob("*.toml"))

    def summaries(self, today: date | None = None, *, parallel: bool = False) -> list[DraftSummary]:
        """Every draft, newest first. A file that cannot be read is listed with the reason.

        Drafts are known by their file name. A file whose name is not a valid id, or whose
        `id` differs from its name, is listed as broken, so an id never shows twice.
        `parallel`: see `listing.summaries` (the command line only).
        """
        day = today or date.today()
        return newest_first([draft_summary(s, day) for s in self.all_summaries(parallel)])

    def all_summaries(self, parallel: bool = False) -> list[Summary]:
        """The summary of every file in `drafts/`, through the summary index."""
        return read_summaries(self.files(), self.registry, folders=[self.drafts], parallel=parallel)

    def summary(self, assessment_id: str, today: date | None = None) -> DraftSummary:
        (found,) = read_summaries([self.path_for(assessment_id)], self.registry)
        return draft_summary(found, today or date.today())


class HeldElsewhere(Exception):
    """A draft that another window has open: it is not deleted from under it."""

    def __init__(self, holder: Holder) -> None:
        super().__init__(holder.words())
        self.holder = holder


def due_items(
    store: Store,
    today: date,
    within_days: int = DUE_WINDOW_DAYS,
    skipped: list[str] | None = None,
    *,
    parallel: bool = False,
) -> list[DueItem]:
    """What is due across every draft in the store, overdue first, then by date.

    A draft that cannot be read is left out; pass `skipped` to collect the ids of those
    (or the file name, when it is not a valid id). `parallel`: see `listing.summaries`.
    """
    items: list[DueItem] = []
    for found in store.all_summaries(parallel):
        if found.error:
            if skipped is not None:
                skipped.append(found.id if is_slug(found.id) else Path(found.path).name)
            continue
        items.extend(found.due(today, within_days))
    return sort_items(items)
