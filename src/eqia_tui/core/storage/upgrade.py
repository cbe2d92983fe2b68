"""Moving a draft answered with an older version of its questionnaire on to the newest
version installed, keeping every answer.

The draft is read again against the newest version by the migration every reading uses
(`parse_assessment`): an answer the new version no longer asks is set aside under
`[set_aside]`, with a note, and never dropped. The draft then names the new version, and
its version history says so ("Moved to kcc-eqia 1.2 from 1.1"). The review record and
its comments go with it as they are.

Refused: a signed assessment (its sign-off covers the questionnaire: reopen it first) and
a draft on the newest version already. A file is written in one step, holding the draft's
lock, after the text to be written has been read back and checked.
"""

from __future__ import annotations

import tomllib
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from eqia_tui.core.disk.draft_lock import DraftLock
from eqia_tui.core.disk.files import atomic_write, parse_toml, read_bytes, write_reason
from eqia_tui.core.model.assessment import (
    Assessment,
    Loaded,
    check_header,
    is_newer_version,
    is_slug,
    now,
    parse_assessment,
    to_document,
)
from eqia_tui.core.model.questionnaire import Questionnaire
from eqia_tui.core.review.history import record_version
from eqia_tui.core.storage.recovery import keep_copy
from eqia_tui.core.storage.registry import NotInstalled, Registry
from eqia_tui.core.storage.resolve import Target
from eqia_tui.core.storage.store import Store, dumps
from eqia_tui.core.text.problems import BadInput


@dataclass(frozen=True)
class Upgrade:
    """A draft moved on to a newer version of its questionnaire, not written yet."""

    answered_with: str
    """The version the draft names: "1.1"."""
    before: Questionnaire
    """The questionnaire the draft opens with: that version, or a newer one when that
    version is not installed (the draft's answers were then read with it)."""
    after: Questionnaire
    """The newest version installed: the one the draft moves to."""
    moved: Loaded
    """The draft as it will be written: read against `after`, with the history entry."""
    new_questions: list[str] = field(default_factory=list)
    """The key paths of the questions `after` asks and `before` did not: "decision.maker"."""
    new_characteristics: list[str] = field(default_factory=list)
    """The ids of the characteristics `after` asks about and `before` did not."""
    set_aside: list[str] = field(default_factory=list)
    """A note for each answer the new version no longer asks, now under `[set_aside]`."""

    @property
    def versions(self) -> str:
        """The move in a few words: "kcc-eqia 1.1 to 1.2"."""
        return f"{self.after.id} {self.answered_with} to {self.after.version}"

    def summary(self) -> str:
        """What changes, in one line: "3 new questions; nothing set aside"."""
        new = [_count(len(self.new_questions), "new question")]
        if self.new_characteristics:
            new.append(_count(len(self.new_characteristics), "new characteristic"))
        aside = (
            f"{_count(len(self.set_aside), 'answer')} set aside"
            if self.set_aside
            else "nothing set aside"
        )
        return f"{' and '.join(new)}; {aside}"


def _count(number: int, noun: str) -> str:
    if number == 0:
        return f"no {noun}s"
    return f"{number} {noun}{'' if number == 1 else 's'}"


def newest(registry: Registry, questionnaire_id: str) -> Questionnaire:
    """The newest version of a questionnaire installed: the one a new draft gets."""
    return registry.get(questionnaire_id)


def newer_version(registry: Registry, assessment: Assessment) -> Questionnaire | None:
    """The newest version of the draft's questionnaire, when it is newer than the one the
    draft names and the draft can move to it (it is not signed). None otherwise, and
    whenever that cannot be told (a questionnaire that cannot be read): this only offers."""
    if assessment.signed:
        return None
    try:
        after = newest(registry, assessment.questionnaire)
    except BadInput:
        return None
    if after.version == assessment.questionnaire_version:
        return None
    if is_newer_version(assessment.questionnaire_version, after.version):
        return None
    return after


def prepare(
    registry: Registry,
    data: dict[str, Any],
    file: str,
    by: str,
    at: datetime,
    noted: Sequence[str] = (),
) -> Upgrade:
    """The draft whose raw data (as read from its file) is `data`, moved on to the newest
    version of its questionnaire, with a history entry by `by` on the day of `at`.

    `noted`: notes of answers already set aside when an open draft was read with a newer
    version than it names. Raises BadInput (one line for each problem, `file` named) when
    the draft cannot be read, is signed, is on the newest version already, or its answers
    cannot be read with the new version. Nothing is changed: `data` is left as it is.
    """
    questionnaire_id, version = check_header(data, file)
    before = _installed(registry, questionnaire_id, version, file)
    current = parse_assessment(data, file, before)  # a broken draft says what is wrong first
    if current.assessment.signed:
        raise BadInput.one(
            file,
            "signed",
            "is signed off, and its sign-off covers the questionnaire; moving it to another "
            "version would break the sign-off. Reopen it first, then move it",
        )
    after = _installed(registry, questionnaire_id, None, file)
    if after.version == version:
        raise BadInput.one(
            file,
            "questionnaire_version",
            f'is "{version}", the newest version of {questionnaire_id} installed; '
            "there is nothing to move it to",
        )
    if is_newer_version(version, after.version):
        raise BadInput.one(
            file,
            "questionnaire_version",
            f'is "{version}", newer than {questionnaire_id} {after.version}, the version new '
            "drafts get; there is nothing to move it to",
        )
    moved = parse_assessment(data, file, after)
    assessment = moved.assessment
    assessment.questionnaire_version = after.version
    record_version(assessment, by, f"Moved to {after.id} {after.version} from {version}", at.date())
    notes = list(moved.notes) + [n for n in noted if n not in moved.notes]
    return Upgrade(
        answered_with=version,
        before=before,
        after=after,
        moved=Loaded(assessment, after, []),
        new_questions=_new_questions(before, after),
        new_characteristics=[
            c.id for c in after.characteristics if before.characteristic(c.id) is None
        ],
        set_aside=notes,
    )


def prepare_open(registry: Registry, draft: Loaded, file: str, by: str, at: datetime) -> Upgrade:
    """`prepare` for a draft open in the app, as it is in memory."""
    a = draft.assessment
    noted = draft.notes if draft.questionnaire.version != a.questionnaire_version else []
    return prepare(registry, to_document(draft.questionnaire, a), file, by, at, noted)


def _installed(
    registry: Registry, questionnaire_id: str, version: str | None, file: str
) -> Questionnaire:
    try:
        return registry.get(questionnaire_id, version)
    except NotInstalled as error:
        raise BadInput.one(file, "questionnaire", f'"{questionnaire_id}" {error.reason}') from None


def _new_questions(before: Questionnaire, after: Questionnaire) -> list[str]:
    out: list[str] = []
    for section in after.sections:
        old = before.section(section.id)
        for question in section.questions:
            if old is None or old.question(question.id) is None:
                out.append(f"{section.id}.{question.id}")
    return out


def upgrade_file(
    store: Store, target: Target, by: str, at: datetime, dry_run: bool = False
) -> Upgrade:
    """Move the draft or file that `target` names on to the newest version, holding its
    lock, and write it in one step. The file as it was is kept as a recovery copy first.
    Raises BadInput, with the file untouched, when it cannot be moved, another window has
    it open, or it cannot be written. A `dry_run` only reads: it takes no lock, so it works
    on a draft open in another window and in a folder that cannot be written."""
    target.load(store)  # the same checks as any command: a draft's id must match its file
    path = target.path
    if dry_run:
        return prepare(store.registry, parse_toml(read_bytes(path), path), str(path), by, at)
    lock = DraftLock(path)
    try:
        holder = lock.acquire()
    except OSError as error:
        raise BadInput.one(path, "", f"cannot be changed: {write_reason(error, path)}") from None
    if holder is not None:
        raise BadInput.one(
            path,
            "",
            f"is open in another window ({holder.words()}); close it there, then try again",
        )
    try:
        # Read again under the lock: another window may have saved just before letting go.
        raw = read_bytes(path)
        upgrade = prepare(store.registry, parse_toml(raw, path), str(path), by, at)
        assessment = upgrade.moved.assessment
        assessment.updated = now()
        text = dumps(upgrade.after, assessment)
        # What is about to be written must read back with the new version: checked before
        # the file is touched (a problem here is eqia's, and is told as one line).
        parse_assessment(tomllib.loads(text), str(path), upgrade.after)
        try:
            if is_slug(assessment.id):
                keep_copy(store.home, assessment.id, raw)
            atomic_write(path, text)
        except OSError as error:
            raise BadInput.one(
                path, "", f"cannot be written: {write_reason(error, path)}; nothing was changed"
            ) from None
        return upgrade
    finally:
        lock.release()
