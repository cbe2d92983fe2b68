"""The register: every assessment in one or more folders, one row each, to publish.

A register is made from the summaries of the files (`core.storage.summary.Summary`), never
from the files themselves, so it is as quick as the drafts list. It is written three ways:

- CSV, for a spreadsheet: a header row, then one row per assessment. It starts with a byte
  order mark so that Excel reads it as UTF-8, and a cell a spreadsheet would run as a
  formula is written as text (`exports.csv.as_text`).
- JSON, for other programs, in the shape `REGISTER_SCHEMA` describes (`eqia schema
  --register` prints it).
- One web page (or a folder of them, `pages`): landmarks, a skip link, a summary of the
  counts, and one table with a caption and column headers. No scripts: the other orders
  and the filters are pages of their own, linked from the top of each page.

A file that cannot be read keeps its row, saying why. Rows are in order of directorate,
then title; the files that cannot be read come last.
"""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from eqia_tui.core.model.statuses import STATUS_WORDS, STATUSES
from eqia_tui.core.review import DUE_WINDOW_DAYS
from eqia_tui.core.review.due_dates import DueItem, due_words
from eqia_tui.core.storage.summary import Summary
from eqia_tui.core.text.dates import local
from eqia_tui.exports.csv import BOM, as_text

REGISTER_FORMATS = ("html", "csv", "json")
"""What `eqia register --format` takes."""

MAIN_PAGE = "index.html"
"""The register's page in a folder; the other orders and the filters are beside it."""

NOT_CHOSEN = "not-chosen"
"""The weighting of an assessment whose officer has not chosen one yet, in the counts."""
WEIGHTING_ORDER = {"high": 0, "medium": 1, "low": 2}
"""The usual weightings, highest first; any other comes after them, and none at all last."""


@dataclass(frozen=True)
class Entry:
    """One file in the register: its summary, where it was found, and its document."""

    summary: Summary
    path: str
    """The file's path as the register shows it: from the folder it was found in."""
    document: str = ""
    """The relative link to the assessment as a web page, when one was written."""


@dataclass(frozen=True)
class Register:
    """Every assessment found, in the register's order, and the day it was made."""

    entries: tuple[Entry, ...]
    made: date
    """The day the register was made: what is due is worked out for this day."""
    due_within: int = DUE_WINDOW_DAYS
    """A review this many days away or fewer is due soon."""
    due: dict[int, list[DueItem]] = field(default_factory=dict, compare=False, repr=False)

    def due_items(self, index: int) -> list[DueItem]:
        """What is due for the entry at `index` (worked out once)."""
        if index not in self.due:
            entry = self.entries[index]
            self.due[index] = (
                [] if entry.summary.error else entry.summary.due(self.made, self.due_within)
            )
        return self.due[index]


def make_register(
    entries: Sequence[Entry], made: date, due_within: int = DUE_WINDOW_DAYS
) -> Register:
    """The register of `entries`, in order: by directorate (none given last), then title;
    the files that cannot be read at the end, by path."""
    return Register(tuple(sorted(entries, key=_register_order)), made, due_within)


def _register_order(entry: Entry) -> tuple[Any, ...]:
    s = entry.summary
    if s.error:
        return (1, "", "", entry.path)
    return (
        0,
        not s.directorate,
        s.directorate.casefold(),
        s.title.strip().casefold(),
        s.id,
        entry.path,
    )


# --- What each row says ----------------------------------------------------------------------


def status_words(s: Summary) -> str:
    return "" if s.error else STATUS_WORDS.get(s.review_status, s.review_status)


def suggested_words(s: Summary) -> str:
    """The suggested weighting, with "so far" while the answers it needs are not all given."""
    if not s.suggested_rating_words or not s.suggestion_started:
        return ""
    return (
        s.suggested_rating_words if s.suggestion_complete else f"{s.suggested_rating_words} so far"
    )


def impacts_words(s: Summary) -> str:
    """ "Age: High; Disability: Unknown" """
    return "; ".join(f"{i.characteristic}: {i.level}" for i in s.negative_impacts)


def signed_day(s: Summary) -> date | None:
    """The day of sign-off, on this computer's clock."""
    return local(s.signed_at).date() if s.signed_at is not None else None


def review_state(items: list[DueItem]) -> str:
    """ "overdue", "due-soon" or "" for the review of one assessment."""
    review = next((i for i in items if i.kind == "review"), None)
    if review is None:
        return ""
    return "overdue" if review.overdue else "due-soon"


def actions_overdue(items: list[DueItem]) -> int:
    return sum(1 for i in items if i.kind == "action" and i.overdue)


# --- The counts ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Counts:
    """How many assessments there are of each kind, for the top of the page and the JSON."""

    total: int
    readable: int
    cannot_be_read: int
    by_status: dict[str, int]
    """By review status id, in the order an assessment moves through them."""
    by_weighting: dict[str, int]
    """By the officer's weighting id (`NOT_CHOSEN` when there is none), highest first."""
    weighting_words: dict[str, str]
    review_overdue: int
    review_due_soon: int
    actions_overdue: int
    """Assessments with one or more actions overdue."""


def counts(register: Register) -> Counts:
    statuses: Counter[str] = Counter()
    weightings: Counter[str] = Counter()
    words: dict[str, str] = {NOT_CHOSEN: "Not chosen yet"}
    overdue = soon = actions = 0
    broken = 0
    for index, entry in enumerate(register.entries):
        s = entry.summary
        if s.error:
            broken += 1
            continue
        statuses[s.review_status] += 1
        weighting = s.own_rating or NOT_CHOSEN
        weightings[weighting] += 1
        if s.own_rating:
            words.setdefault(s.own_rating, s.own_rating_words or s.own_rating)
        items = register.due_items(index)
        state = review_state(items)
        overdue += state == "overdue"
        soon += state == "due-soon"
        actions += actions_overdue(items) > 0
    by_status = {status: statuses[status] for status in STATUSES if statuses[status]}
    by_status.update({s: n for s, n in sorted(statuses.items()) if s not in by_status})
    by_weighting = dict(sorted(weightings.items(), key=lambda item: weighting_rank(item[0])))
    total = len(register.entries)
    return Counts(
        total=total,
        readable=total - broken,
        cannot_be_read=broken,
        by_status=by_status,
        by_weighting=by_weighting,
        weighting_words={w: words[w] for w in by_weighting},
        review_overdue=overdue,
        review_due_soon=soon,
        actions_overdue=actions,
    )


def weighting_rank(weighting: str | None) -> tuple[int, str]:
    if not weighting or weighting == NOT_CHOSEN:
        return (len(WEIGHTING_ORDER) + 1, "")
    return (WEIGHTING_ORDER.get(weighting, len(WEIGHTING_ORDER)), weighting)


# --- CSV -------------------------------------------------------------------------------------

CSV_COLUMNS = (
    "ID",
    "Title",
    "Directorate",
    "Owner",
    "Decision-maker",
    "Status",
    "Version",
    "Weighting",
    "Suggested weighting",
    "Judgement",
    "Negative impacts",
    "Signed off on",
    "Signed off by",
    "Review date",
    "Due",
    "Questionnaire",
    "Questionnaire version",
    "File",
    "Document",
    "Problem",
)


def to_csv(register: Register) -> str:
    """The register for a spreadsheet: dates as YYYY-MM-DD, no cell run as a formula."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    for index, entry in enumerate(register.entries):
        s = entry.summary
        items = register.due_items(index)
        signed = signed_day(s)
        row = [
            s.id,
            s.title,
            s.directorate,
            s.owner,
            s.decision_maker,
            status_words(s),
            s.version,
            s.own_rating_words,
            suggested_words(s),
            s.judgement_words,
            impacts_words(s),
            signed.isoformat() if signed else "",
            s.signed_by,
            s.review_date.isoformat() if s.review_date else "",
            due_words(items),
            s.questionnaire,
            s.questionnaire_version,
            entry.path,
            entry.document,
            s.error,
        ]
        writer.writerow([as_text(cell) for cell in row])
    return BOM + buffer.getvalue()


# --- JSON ------------------------------------------------------------------------------------


def to_json(register: Register) -> str:
    return json.dumps(register_data(register), indent=2, ensure_ascii=False) + "\n"


def register_data(register: Register) -> dict[str, Any]:
    """The register as `REGISTER_SCHEMA` describes it."""
    c = counts(register)
    return {
        "register": {
            "format": "eqia-register",
            "format_version": 1,
            "made": register.made.isoformat(),
            "due_within_days": register.due_within,
            "count": c.total,
            "counts": {
                "readable": c.readable,
                "cannot_be_read": c.cannot_be_read,
                "by_status": c.by_status,
                "by_weighting": c.by_weighting,
                "review_overdue": c.review_overdue,
                "review_due_soon": c.review_due_soon,
                "with_actions_overdue": c.actions_overdue,
            },
        },
        "assessments": [
            _assessment_data(entry, register.due_items(index))
            for index, entry in enumerate(register.entries)
        ],
    }


def _assessment_data(entry: Entry, items: list[DueItem]) -> dict[str, Any]:
    s = entry.summary
    readable = not s.error

    def text(value: str) -> str | None:
        return value if readable else None

    def choice(value: str | None, words: str) -> dict[str, str] | None:
        return {"id": value, "words": words} if value else None

    return {
        "id": s.id,
        "title": text(s.title),
        "directorate": text(s.directorate),
        "owner": text(s.owner),
        "decision_maker": text(s.decision_maker),
        "status": s.review_status if readable else None,
        "status_words": status_words(s) if readable else None,
        "version": s.version or None,
        "weighting": choice(s.own_rating, s.own_rating_words),
        "suggested_weighting": (
            {
                "id": s.suggested_rating,
                "words": s.suggested_rating_words,
                "complete": s.suggestion_complete,
            }
            if readable and s.suggested_rating and s.suggestion_started
            else None
        ),
        "judgement": choice(s.judgement, s.judgement_words),
        "negative_impacts": [
            {"characteristic": i.characteristic, "level": i.level, "level_id": i.level_id}
            for i in s.negative_impacts
        ],
        "signed": (
            {"by": s.signed_by, "at": s.signed_at.isoformat()} if s.signed_at is not None else None
        ),
        "review": (
            {"date": s.review_date.isoformat(), "state": review_state(items) or "not-due"}
            if s.review_date is not None
            else None
        ),
        "actions_overdue": actions_overdue(items),
        "questionnaire": (
            {
                "id": s.questionnaire,
                "version": s.questionnaire_version,
                "title": s.questionnaire_title,
            }
            if readable
            else None
        ),
        "path": entry.path,
        "document": entry.document or None,
        "error": s.error or None,
    }
