"""An assessment in memory, its id, and what reading one gives back.

`answers` mirrors the file (see docs/format.md): reading and writing the file is in
`document`, the questions asked and the answers missing are in `asked`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from eqia_tui.core.model.assessment.review_record import ReviewRecord
from eqia_tui.core.model.conditions import is_answered
from eqia_tui.core.model.questionnaire import Questionnaire
from eqia_tui.core.text.problems import BadInput, Problem

FORMAT = "eqia-assessment"
FORMAT_VERSION = 1
SLUG = re.compile(r"^[a-z0-9-]{1,64}$")
COMMENT_ID = re.compile(r"^c[1-9][0-9]{0,8}$")
"""A comment's id: "c" and a number, such as "c1"."""
SLUG_RULE = "use 1 to 64 lower-case letters, digits and hyphens"
"""What an assessment id may be, in words."""


def is_slug(value: str) -> bool:
    return bool(SLUG.fullmatch(value))


def slugify(text: str) -> str:
    """A file-safe id from a title: 'Customer Service Policy' -> 'customer-service-policy'."""
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return slug[:64].rstrip("-") or "assessment"


def now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


@dataclass
class Assessment:
    """An assessment in memory. `answers` mirrors the file: `answers[section][question]`,
    and for a grid `answers[grid][characteristic][question]`."""

    id: str
    questionnaire: str
    questionnaire_version: str
    created: datetime
    updated: datetime
    answers: dict[str, Any] = field(default_factory=dict)
    resume_at: str = ""
    """The wizard step the officer was on, so reopening lands there."""
    history: list[dict[str, Any]] = field(default_factory=list)
    signed: dict[str, Any] | None = None
    set_aside: dict[str, Any] = field(default_factory=dict)
    """Answers to questions the questionnaire no longer asks, kept so nothing is lost."""
    review: ReviewRecord = field(default_factory=ReviewRecord)
    """The review status moves and the comments (`[review_record]`): not part of the answers."""

    @property
    def title(self) -> str:
        value = self.answers.get("details", {}).get("title")
        return value if isinstance(value, str) and value.strip() else self.id

    def get(self, section: str, question: str, characteristic: str | None = None) -> Any:
        table = self.answers.get(section, {})
        if characteristic is not None:
            table = table.get(characteristic, {})
        return table.get(question)

    def set(
        self, section: str, question: str, value: Any, characteristic: str | None = None
    ) -> bool:
        """Store an answer; an empty one is removed. True when something changed."""
        table = self.answers.setdefault(section, {})
        if characteristic is not None:
            table = table.setdefault(characteristic, {})
        old = table.get(question)
        if not is_answered(value):
            if question not in table:
                return False
            del table[question]
            return True
        if old == value:
            return False
        table[question] = value
        return True

    def row(self, grid: str, characteristic: str) -> dict[str, Any]:
        value = self.answers.get(grid, {}).get(characteristic, {})
        return value if isinstance(value, dict) else {}


def new_assessment(questionnaire: Questionnaire, assessment_id: str, title: str = "") -> Assessment:
    if not is_slug(assessment_id):
        raise invalid_id(assessment_id)
    stamp = now()
    assessment = Assessment(
        id=assessment_id,
        questionnaire=questionnaire.id,
        questionnaire_version=questionnaire.version,
        created=stamp,
        updated=stamp,
    )
    if title and questionnaire.resolve("details.title"):
        assessment.set("details", "title", title)
    return assessment


def invalid_id(assessment_id: str) -> BadInput:
    """The problem with an id given for an assessment that is not a valid one."""
    return BadInput([Problem("", "", f'"{assessment_id}" is not a valid id: {SLUG_RULE}')])


@dataclass
class Loaded:
    """An assessment read from a file, the questionnaire it was checked against, and notes."""

    assessment: Assessment
    questionnaire: Questionnaire
    notes: list[str] = field(default_factory=list)
    """Answers kept aside because the questionnaire changed: nothing is dropped silently."""
