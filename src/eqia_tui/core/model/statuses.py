"""The review statuses and their words, in a module that imports nothing heavy.

The drafts list reads them from the summary index before the models are loaded (see
`core.storage.summary`), so they live here rather than beside the review record that uses
them (`model.assessment.review_record`, which takes them from here).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Final

from eqia_tui.core.text.dates import local

DRAFT: Final = "draft"
SUBMITTED: Final = "submitted"
CHANGES_REQUESTED: Final = "changes-requested"
APPROVED: Final = "approved"
SIGNED: Final = "signed"

STATUSES: Final = (DRAFT, SUBMITTED, CHANGES_REQUESTED, APPROVED, SIGNED)
"""Every review status, in the order an assessment usually moves through them."""

STATUS_WORDS: Final = {
    DRAFT: "Draft",
    SUBMITTED: "Submitted for review",
    CHANGES_REQUESTED: "Changes requested",
    APPROVED: "Approved",
    SIGNED: "Signed off",
}
"""Each status as people read it."""


def in_words(day: date) -> str:
    """A day as "3 March 2025"."""
    return f"{day.day} {day:%B %Y}"


def phrase(
    status: str, by: str | None, at: datetime | None, day: Callable[[date], str] = in_words
) -> str:
    """A status as people read it, with who moved it there and when when that is known:
    "Changes requested by Sam Patel on 3 March 2025". `day` writes the day (on this
    computer's clock)."""
    words = STATUS_WORDS.get(status, status)
    if by is None or at is None:
        return words
    return f"{words} by {by} on {day(local(at).date())}"
