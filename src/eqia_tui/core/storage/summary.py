"""What the lists and the register show of one assessment file, in a form that keeps.

A `Summary` is worked out from a file once (`core.storage.summarising`) and kept in the
summary index (`core.storage.index`), so that a list of thousands of drafts does not read and
check every file each time. It holds only what does not change with the day: what is due,
and the words for the review status, are worked out from it when shown (`draft_summary`).

This module imports nothing heavy (no models, no pydantic), so the start screen can list the
drafts from the index before the models are loaded.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, NamedTuple

from eqia_tui.core.model.statuses import DRAFT, phrase
from eqia_tui.core.review import DUE_WINDOW_DAYS
from eqia_tui.core.review.due_dates import Dated, DueItem, due_from, due_words_on

SUMMARY_FORM = 1
"""The shape of a summary as kept in the index: raise it when a field is added or changes
meaning, and every index made before is rebuilt."""


class Impact(NamedTuple):
    """A characteristic with a negative impact, and its level, as the officer saw them."""

    characteristic: str
    """The characteristic's label, such as "Age"."""
    level: str
    """The level's label, such as "High"."""
    level_id: str = ""
    """The level as stored, such as "high"."""


@dataclass(frozen=True)
class Summary:
    """One assessment file, as the lists and the register show it. `error` is set (and
    little else) when the file could not be read."""

    id: str
    path: str
    error: str = ""
    title: str = ""
    directorate: str = ""
    owner: str = ""
    decision_maker: str = ""
    questionnaire: str = ""
    questionnaire_version: str = ""
    questionnaire_title: str = ""
    updated: datetime | None = None
    progress: int = 0
    suggested_rating: str | None = None
    """The weighting the rules suggest (an id such as "high"); None without rules."""
    suggested_rating_words: str = ""
    suggestion_complete: bool = True
    suggestion_started: bool = True
    own_rating: str | None = None
    """The weighting the officer chose, if any."""
    own_rating_words: str = ""
    judgement: str | None = None
    """The officer's judgement, as stored (an option's value), if any."""
    judgement_words: str = ""
    negative_impacts: tuple[Impact, ...] = ()
    review_status: str = DRAFT
    review_by: str | None = None
    """Who made the move to the current status, when recorded."""
    review_at: datetime | None = None
    open_comments: int = 0
    signed_by: str = ""
    signed_at: datetime | None = None
    version: str = ""
    """The latest version saved in the history, if any."""
    review_date: date | None = None
    dated: tuple[Dated, ...] = field(default_factory=tuple)
    """The review date and actions' due dates: what is due is worked out from them."""

    @property
    def broken(self) -> bool:
        return bool(self.error)

    def review_words(self) -> str:
        """The review status as people read it, with who and when."""
        return phrase(self.review_status, self.review_by, self.review_at)

    def due(self, today: date, within_days: int = DUE_WINDOW_DAYS) -> list[DueItem]:
        return due_from(self.id, self.title, list(self.dated), today, within_days)

    def to_json(self) -> str:
        """The summary as JSON text, for the index (`from_json` reads it back)."""
        data: dict[str, Any] = {}
        for name in self.__dataclass_fields__:
            value = getattr(self, name)
            if name == "negative_impacts":
                value = [[i.characteristic, i.level, i.level_id] for i in value]
            elif name == "dated":
                value = [[d.kind, d.key, d.date.isoformat(), d.what] for d in value]
            elif isinstance(value, datetime | date):
                value = value.isoformat()
            data[name] = value
        return json.dumps(data, ensure_ascii=False, separators=(",", ":"))

    @classmethod
    def from_json(cls, text: str) -> Summary:
        """A summary from `to_json`. Raises ValueError (or KeyError, TypeError) when the text
        is not one: the index is then rebuilt."""
        data = json.loads(text)
        for name in ("updated", "review_at", "signed_at"):
            if data.get(name) is not None:
                data[name] = datetime.fromisoformat(data[name])
        if data.get("review_date") is not None:
            data["review_date"] = date.fromisoformat(data["review_date"])
        data["negative_impacts"] = tuple(Impact(*i) for i in data["negative_impacts"])
        data["dated"] = tuple(
            Dated(kind, key, date.fromisoformat(day), what)
            for kind, key, day, what in data["dated"]
        )
        if data.keys() != _FIELDS:
            raise KeyError("not the fields of a summary")
        # Thousands are read before the start screen's first frame: the fields are set as
        # they are, without the checks of a frozen dataclass's __init__ (their names are).
        made = object.__new__(cls)
        made.__dict__.update(data)
        return made


_FIELDS = frozenset(Summary.__dataclass_fields__)


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


def draft_summary(summary: Summary, today: date) -> DraftSummary:
    """A line of the drafts list from a summary, with what is due on `today`."""
    if summary.error:
        return DraftSummary(id=summary.id, path=Path(summary.path), error=summary.error)
    return DraftSummary(
        id=summary.id,
        path=Path(summary.path),
        title=summary.title,
        questionnaire=summary.questionnaire,
        updated=summary.updated,
        progress=summary.progress,
        suggested_rating=summary.suggested_rating,
        suggestion_complete=summary.suggestion_complete,
        suggestion_started=summary.suggestion_started,
        due=due_words_on(summary.dated, today, DUE_WINDOW_DAYS),
        review_status=summary.review_status,
        review_words=summary.review_words(),
        open_comments=summary.open_comments,
    )


_NEVER = datetime.min.replace(tzinfo=UTC)


def moment(when: datetime | None) -> datetime:
    """A time to sort by, with no local clock involved (a date and time without a time zone
    counts as UTC): on some systems the local clock cannot place a time before 1970."""
    if when is None:
        return _NEVER
    if when.tzinfo is None:
        return when.replace(tzinfo=UTC)
    return when


def newest_first(summaries: list[DraftSummary]) -> list[DraftSummary]:
    return sorted(summaries, key=lambda s: (moment(s.updated), s.id), reverse=True)
