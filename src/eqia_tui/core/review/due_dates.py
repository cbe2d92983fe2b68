"""What is due, from dates alone: a review date and actions' due dates, against today.

The dates are read from an assessment once (`core.review.due.dated_items`) and kept in the
summary index (`core.storage.index`); what is due is worked out from them each time, since
it changes with the day. This module imports nothing heavy, so the drafts list can use it
before the models are loaded.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date, timedelta
from typing import Any, Literal, NamedTuple

from eqia_tui.core.text import dates

DueKind = Literal["review", "action"]


class Dated(NamedTuple):
    """A date in an assessment that something is due by. A named tuple: the drafts list
    reads thousands of them from the summary index before its first frame."""

    kind: DueKind
    key: str
    """Where the date is in the file, such as `monitoring.review_date`."""
    date: date
    what: str = ""
    """For an action, what it is in a few words ("the action "Add signage""); empty for the
    review."""

    def as_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "key": self.key,
            "date": self.date.isoformat(),
            "what": self.what,
        }


@dataclass(frozen=True)
class DueItem:
    """One thing that needs doing: a review or an action, with the date it is due."""

    assessment_id: str
    title: str
    kind: DueKind
    key: str
    """Where the date is in the file, such as `monitoring.review_date`."""
    date: date
    overdue: bool
    """True when the date has passed; a date of today is due, not overdue."""
    days: int
    """Days from today to the date: negative when overdue, 0 for today."""
    message: str
    """One plain-English sentence saying what is due."""

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["date"] = self.date.isoformat()
        return data


def due_from(
    assessment_id: str, title: str, dated: list[Dated], today: date, within_days: int
) -> list[DueItem]:
    """What is due on `today`: a review passed or within `within_days`, actions passed."""
    items: list[DueItem] = []
    for one in dated:
        days = (one.date - today).days
        if one.kind == "review" and days <= within_days:
            items.append(_review(assessment_id, title, one, days))
        elif one.kind == "action" and days < 0:
            message = f"{title}: {one.what} was due on {dates.day(one.date)}, {_days(-days)} ago."
            items.append(
                DueItem(assessment_id, title, "action", one.key, one.date, True, days, message)
            )
    return items


def _review(assessment_id: str, title: str, one: Dated, days: int) -> DueItem:
    when = dates.day(one.date)
    if days < 0:
        message = f"{title}: the review was due on {when}, {_days(-days)} ago."
    elif days == 0:
        message = f"{title}: the review is due today ({when})."
    else:
        message = f"{title}: the review is due on {when}, in {_days(days)}."
    return DueItem(assessment_id, title, "review", one.key, one.date, days < 0, days, message)


def sort_items(items: list[DueItem]) -> list[DueItem]:
    return sorted(items, key=lambda i: (not i.overdue, i.date, i.assessment_id, i.key))


def _days(count: int) -> str:
    return "1 day" if count == 1 else f"{count:,} days"


def due_words_on(dated: tuple[Dated, ...], today: date, within_days: int) -> str:
    """`due_words(due_from(...))` without writing each item's message: the drafts list
    needs only the few words."""
    soon = today + timedelta(days=within_days)
    reviews = actions = due_soon = 0
    for one in dated:
        if one.date < today:
            if one.kind == "review":
                reviews += 1
            elif one.kind == "action":
                actions += 1
        elif one.kind == "review" and one.date <= soon:
            due_soon += 1
    return _words(reviews, actions, due_soon)


def due_words(items: list[DueItem]) -> str:
    """A few words for the drafts list: what is overdue or due soon."""
    overdue = [i for i in items if i.overdue]
    reviews = sum(1 for i in overdue if i.kind == "review")
    actions = sum(1 for i in overdue if i.kind == "action")
    return _words(reviews, actions, len(items) - len(overdue))


def _words(reviews: int, actions: int, soon: int) -> str:
    parts = []
    if reviews:
        parts.append("review overdue")
    if actions:
        parts.append(f"{actions} action{'s' if actions > 1 else ''} overdue")
    if soon:
        parts.append("review due soon")
    return ", ".join(parts)
