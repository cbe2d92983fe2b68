"""The draft store: one TOML file per assessment in `$EQIA_HOME/drafts/`, every write atomic."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import tomli_w

from eqia_tui import locations
from eqia_tui.assessment import (
    SLUG_RULE,
    Assessment,
    Loaded,
    check_header,
    is_slug,
    now,
    parse_assessment,
    progress,
    to_document,
)
from eqia_tui.files import atomic_write, read_toml
from eqia_tui.problems import BadInput
from eqia_tui.questionnaire import Questionnaire
from eqia_tui.registry import Registry
from eqia_tui.weighting import suggest


def dumps(questionnaire: Questionnaire, assessment: Assessment) -> str:
    return tomli_w.dumps(to_document(questionnaire, assessment), multiline_strings=True)


def load_file(path: Path, registry: Registry) -> Loaded:
    """Read and check an assessment file. Never changes the file."""
    data = read_toml(path)
    questionnaire_id, _ = check_header(data, str(path))
    try:
        questionnaire = registry.get(questionnaire_id)
    except BadInput as error:
        raise BadInput.one(
            path, "questionnaire", f'"{questionnaire_id}" {error.problems[0].message}'
        ) from None
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
    error: str = ""
    due: str = ""
    """Reviews or actions that are due or overdue, in a few words (empty when none)."""

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
            raise BadInput.one("<id>", "id", f'"{assessment_id}" is not a valid id: {SLUG_RULE}')
        return self.drafts / f"{assessment_id}.toml"

    def exists(self, assessment_id: str) -> bool:
        return self.path_for(assessment_id).exists()

    def load(self, assessment_id: str) -> Loaded:
        path = self.path_for(assessment_id)
        if not path.exists():
            raise BadInput.one(path, "", f'no draft with the id "{assessment_id}" in {self.drafts}')
        return load_file(path, self.registry)

    def save(self, questionnaire: Questionnaire, assessment: Assessment) -> Path:
        """Write the draft atomically and stamp it as updated now."""
        path = self.path_for(assessment.id)
        assessment.updated = now()
        write_file(path, questionnaire, assessment)
        return path

    def delete(self, assessment_id: str) -> None:
        self.path_for(assessment_id).unlink(missing_ok=True)

    def ids(self) -> list[str]:
        if not self.drafts.is_dir():
            return []
        return sorted(p.stem for p in self.drafts.glob("*.toml") if is_slug(p.stem))

    def summaries(self) -> list[DraftSummary]:
        """Every draft, newest first. A file that cannot be read is listed with the reason."""
        out = []
        for assessment_id in self.ids():
            out.append(self.summary(assessment_id))
        return sorted(
            out,
            key=lambda s: (s.updated.timestamp() if s.updated else 0.0, s.id),
            reverse=True,
        )

    def summary(self, assessment_id: str) -> DraftSummary:
        path = self.path_for(assessment_id)
        try:
            loaded = load_file(path, self.registry)
        except BadInput as error:
            first = error.problems[0]
            more = len(error.problems) - 1
            reason = f"{first.key}: {first.message}" if first.key else first.message
            if more:
                reason += f" (and {more} more)"
            return DraftSummary(id=assessment_id, path=path, error=reason)
        q, a = loaded.questionnaire, loaded.assessment
        from eqia_tui.due import DUE_WINDOW_DAYS, assessment_due_items, due_words

        items = assessment_due_items(q, a, date.today(), DUE_WINDOW_DAYS)
        return DraftSummary(
            id=a.id,
            path=path,
            title=a.title,
            questionnaire=q.id,
            updated=a.updated,
            progress=progress(q, a),
            suggested_rating=suggest(q, a).suggested_rating,
            due=due_words(items),
        )
