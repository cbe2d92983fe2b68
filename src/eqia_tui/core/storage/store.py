"""The draft store: one TOML file per assessment in `$EQIA_HOME/drafts/`, every write atomic."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

import tomli_w

from eqia_tui.core.disk import locations
from eqia_tui.core.disk.draft_lock import DraftLock, Holder, lock_path
from eqia_tui.core.disk.files import atomic_write, read_toml, write_reason
from eqia_tui.core.model.assessment import (
    SLUG_RULE,
    Assessment,
    Loaded,
    check_header,
    invalid_id,
    is_slug,
    new_assessment,
    now,
    parse_assessment,
    progress,
    slugify,
    to_document,
)
from eqia_tui.core.model.assessment.review_record import DRAFT
from eqia_tui.core.model.questionnaire import Questionnaire
from eqia_tui.core.review import DUE_WINDOW_DAYS
from eqia_tui.core.review.comments import open_comments
from eqia_tui.core.review.due import (
    DueItem,
    assessment_due_items,
    due_words,
    sort_items,
)
from eqia_tui.core.review.status import status_of, status_words
from eqia_tui.core.rules.weighting import suggest
from eqia_tui.core.storage.registry import NotInstalled, Registry
from eqia_tui.core.text.problems import BadInput


def dumps(questionnaire: Questionnaire, assessment: Assessment) -> str:
    return tomli_w.dumps(to_document(questionnaire, assessment), multiline_strings=True)


def load_file(path: Path, registry: Registry) -> Loaded:
    """Read and check an assessment file. Never changes the file."""
    data = read_toml(path)
    questionnaire_id, questionnaire_version = check_header(data, str(path))
    try:
        questionnaire = registry.get(questionnaire_id, questionnaire_version)
    except NotInstalled as error:
        raise BadInput.one(path, "questionnaire", f'"{questionnaire_id}" {error.reason}') from None
    return parse_assessment(data, str(path), questionnaire)


def write_file(path: Path, questionnaire: Questionnaire, assessment: Assessment) -> None:
    atomic_write(path, dumps(questionnaire, assessment))


@dataclass(frozen=True)
class DraftSummary:
    """One line of the drafts list. `error` is set when the file could not be read."""

    id: str
    path: Path
    title: str = ""
    questionnaire: str = ""
    updated: datetime | None = None
    progress: int = 0
    suggested_rating: str | None = None
    suggestion_complete: bool = True
    """False while the answers the weighting rules need are not all given."""
    suggestion_started: bool = True
    """False while none of those answers is given: a suggestion from nothing means nothing."""
    error: str = ""
    due: str = ""
    """Reviews or actions that are due or overdue, in a few words (empty when none)."""
    review_status: str = DRAFT
    """The review status id (`core.review.status.status_of`): "draft", "submitted", ..."""
    review_words: str = ""
    """The review status as people read it, with who and when (`status_words`)."""
    open_comments: int = 0
    """How many comments on the draft are still open."""

    @property
    def broken(self) -> bool:
        return bool(self.error)


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

    def summaries(self) -> list[DraftSummary]:
        """Every draft, newest first. A file that cannot be read is listed with the reason.

        Drafts are known by their file name. A file whose name is not a valid id, or whose
        `id` differs from its name, is listed as broken, so an id never shows twice.
        """
        out = [self._summary_of(path) for path in self.files()]
        return sorted(out, key=lambda s: (_moment(s.updated), s.id), reverse=True)

    def summary(self, assessment_id: str) -> DraftSummary:
        return self._summary_of(self.path_for(assessment_id))

    def _summary_of(self, path: Path) -> DraftSummary:
        name = path.stem
        if not is_slug(name):
            return DraftSummary(id=name, path=path, error=bad_name(path))
        try:
            loaded = load_file(path, self.registry)
        except BadInput as error:
            return DraftSummary(id=name, path=path, error=first_problem(error, path))
        except Exception as error:  # one draft must never stop the whole list
            return DraftSummary(id=name, path=path, error=unreadable(error))
        q, a = loaded.questionnaire, loaded.assessment
        if a.id != name:
            return DraftSummary(id=name, path=path, error=mismatch(a.id, path))
        try:
            return self._working(loaded, path)
        except Exception:  # one draft must never stop the whole list
            return DraftSummary(
                id=name,
                path=path,
                error=f'the suggestion cannot be worked out with the questionnaire "{q.id}": '
                "check the questionnaire file with eqia questionnaire check",
            )

    def _working(self, loaded: Loaded, path: Path) -> DraftSummary:
        q, a = loaded.questionnaire, loaded.assessment
        items = assessment_due_items(q, a, date.today(), DUE_WINDOW_DAYS)
        suggestion = suggest(q, a)
        return DraftSummary(
            id=a.id,
            path=path,
            title=a.title,
            questionnaire=q.id,
            updated=a.updated,
            progress=progress(q, a),
            suggested_rating=suggestion.suggested_rating,
            suggestion_complete=suggestion.rules_complete,
            suggestion_started=len(suggestion.unanswered) < len(q.characteristics),
            due=due_words(items),
            review_status=status_of(a),
            review_words=status_words(a),
            open_comments=len(open_comments(a)),
        )


_NEVER = datetime.min.replace(tzinfo=UTC)


class HeldElsewhere(Exception):
    """A draft that another window has open: it is not deleted from under it."""

    def __init__(self, holder: Holder) -> None:
        super().__init__(holder.words())
        self.holder = holder


def _moment(when: datetime | None) -> datetime:
    """A time to sort by, with no local clock involved (a date and time without a time zone
    counts as UTC): on some systems the local clock cannot place a time before 1970."""
    if when is None:
        return _NEVER
    if when.tzinfo is None:
        return when.replace(tzinfo=UTC)
    return when


def unreadable(error: Exception) -> str:
    """Why a draft could not be read, when reading it failed in a way eqia did not foresee."""
    return (
        f"the file could not be read ({type(error).__name__}); this is a bug in eqia: "
        "please report it with the file"
    )


def bad_name(path: Path) -> str:
    """Why a file in `drafts/` with a name that is not an id cannot be used."""
    return f"the file name is not a valid id: rename it to {slugify(path.stem)}.toml ({SLUG_RULE})"


def mismatch(inner_id: str, path: Path) -> str:
    """Why a draft whose `id` is not its file name cannot be used."""
    return (
        f'the file is named {path.name} but its id is "{inner_id}": '
        f'make them the same, by renaming the file or changing its id to "{path.stem}"'
    )


def first_problem(error: BadInput, path: Path) -> str:
    """The first problem of a file, in a few words, and how many more there are."""
    first = error.problems[0]
    if first.file and first.file != str(path):
        reason = first.line()  # the problem is in another file, such as the questionnaire
    else:
        reason = f"{first.key}: {first.message}" if first.key else first.message
    more = len(error.problems) - 1
    if more:
        reason += f" (and {more} more)"
    return reason


def due_items(
    store: Store,
    today: date,
    within_days: int = DUE_WINDOW_DAYS,
    skipped: list[str] | None = None,
) -> list[DueItem]:
    """What is due across every draft in the store, overdue first, then by date.

    A draft that cannot be read is left out; pass `skipped` to collect the ids of those
    (or the file name, when it is not a valid id).
    """
    items: list[DueItem] = []
    for path in store.files():
        assessment_id = path.stem
        if not is_slug(assessment_id):
            if skipped is not None:
                skipped.append(path.name)
            continue
        try:
            loaded = store.load(assessment_id)
            found = assessment_due_items(
                loaded.questionnaire, loaded.assessment, today, within_days
            )
        except Exception:  # a draft that cannot be read is skipped, never the whole run
            if skipped is not None:
                skipped.append(assessment_id)
            continue
        items.extend(found)
    return sort_items(items)
