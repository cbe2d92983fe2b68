"""Reminders: reviews that are due or overdue, and actions past their due date.

Works from the questionnaire's roles, not from kcc-eqia by name: `roles.review_date` is the
review date, and the `due` column of `roles.action_plan` is an action's due date. Only
sections the questionnaire asks, given the answers, count.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import asdict, dataclass
from datetime import date, datetime
from typing import Any, Literal

from eqia_tui.core.model.assessment import Assessment, section_asked
from eqia_tui.core.model.questionnaire import Questionnaire
from eqia_tui.core.model.roles import ActionPlan, action_plan, review_date
from eqia_tui.core.model.rows import first_words, row_name
from eqia_tui.core.text import dates
from eqia_tui.core.text.problems import format_key

DueKind = Literal["review", "action"]


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


def assessment_due_items(
    questionnaire: Questionnaire, assessment: Assessment, today: date, within_days: int
) -> list[DueItem]:
    """What is due for one assessment: reviews passed or within `within_days`, actions passed."""
    items: list[DueItem] = []
    review = review_date(questionnaire)
    if review is not None and section_asked(questionnaire, assessment, review[0]):
        section, question = review
        day = _day(_answers(assessment, section.id).get(question.id))
        if day is not None:
            days = (day - today).days
            if days <= within_days:
                key = format_key([section.id, question.id])
                items.append(_review(assessment, key, day, days))
    plan = action_plan(questionnaire)
    if plan is not None and section_asked(questionnaire, assessment, plan.section):
        items.extend(_overdue_rows(assessment, plan, _answers(assessment, plan.section.id), today))
    return items


def _answers(assessment: Assessment, section_id: str) -> dict[str, Any]:
    answers = assessment.answers.get(section_id, {})
    return answers if isinstance(answers, dict) else {}


def sort_items(items: list[DueItem]) -> list[DueItem]:
    return sorted(items, key=lambda i: (not i.overdue, i.date, i.assessment_id, i.key))


def _day(value: Any) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return None


def _review(assessment: Assessment, key: str, day: date, days: int) -> DueItem:
    title = assessment.title
    when = dates.day(day)
    if days < 0:
        message = f"{title}: the review was due on {when}, {_days(-days)} ago."
    elif days == 0:
        message = f"{title}: the review is due today ({when})."
    else:
        message = f"{title}: the review is due on {when}, in {_days(days)}."
    return DueItem(
        assessment_id=assessment.id,
        title=title,
        kind="review",
        key=key,
        date=day,
        overdue=days < 0,
        days=days,
        message=message,
    )


def _overdue_rows(
    assessment: Assessment, plan: ActionPlan, answers: dict[str, Any], today: date
) -> Iterator[DueItem]:
    column, table = plan.due, plan.table
    if column is None:
        return
    key = format_key([plan.section.id, table.id])
    for index, row in enumerate(plan.rows(answers)):
        day = _day(row.get(column.id))
        if day is None or day >= today:
            continue
        days = (day - today).days
        what = row_name(table, index, row, prefer=plan.action, capital=False, words=_words)
        title = assessment.title
        yield DueItem(
            assessment_id=assessment.id,
            title=title,
            kind="action",
            key=f"{key}[{index}].{column.id}",
            date=day,
            overdue=True,
            days=days,
            message=f"{title}: {what} was due on {dates.day(day)}, {_days(-days)} ago.",
        )


def _words(text: str) -> str:
    """An action's words in a reminder: cut at 50 characters with "...", full stop kept."""
    return first_words(text, ellipsis="...")


def _days(count: int) -> str:
    return "1 day" if count == 1 else f"{count:,} days"


def due_words(items: list[DueItem]) -> str:
    """A few words for the drafts list: what is overdue or due soon."""
    overdue = [i for i in items if i.overdue]
    soon = [i for i in items if not i.overdue]
    parts = []
    reviews = sum(1 for i in overdue if i.kind == "review")
    actions = sum(1 for i in overdue if i.kind == "action")
    if reviews:
        parts.append("review overdue")
    if actions:
        parts.append(f"{actions} action{'s' if actions > 1 else ''} overdue")
    if soon:
        parts.append("review due soon")
    return ", ".join(parts)
