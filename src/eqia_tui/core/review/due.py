"""Reminders: reviews that are due or overdue, and actions past their due date.

Works from the questionnaire's roles, not from kcc-eqia by name: `roles.review_date` is the
review date, and the `due` column of `roles.action_plan` is an action's due date. Only
sections the questionnaire asks, given the answers, count. The dates are read here
(`dated_items`); what is due on a given day is worked out from them in `review.due_dates`.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from typing import Any

from eqia_tui.core.model.assessment import Assessment, section_asked
from eqia_tui.core.model.questionnaire import Questionnaire
from eqia_tui.core.model.roles import ActionPlan, action_plan, review_date
from eqia_tui.core.model.rows import first_words, row_name
from eqia_tui.core.review.due_dates import (
    Dated,
    DueItem,
    DueKind,
    due_from,
    due_words,
    sort_items,
)
from eqia_tui.core.text.problems import format_key

__all__ = [
    "Dated",
    "DueItem",
    "DueKind",
    "assessment_due_items",
    "dated_items",
    "due_from",
    "due_words",
    "sort_items",
]


def assessment_due_items(
    questionnaire: Questionnaire, assessment: Assessment, today: date, within_days: int
) -> list[DueItem]:
    """What is due for one assessment: reviews passed or within `within_days`, actions passed."""
    dated = dated_items(questionnaire, assessment)
    return due_from(assessment.id, assessment.title, dated, today, within_days)


def dated_items(questionnaire: Questionnaire, assessment: Assessment) -> list[Dated]:
    """The review date and every action's due date, in the sections asked."""
    items: list[Dated] = []
    review = review_date(questionnaire)
    if review is not None and section_asked(questionnaire, assessment, review[0]):
        section, question = review
        day = _day(_answers(assessment, section.id).get(question.id))
        if day is not None:
            items.append(Dated("review", format_key([section.id, question.id]), day))
    plan = action_plan(questionnaire)
    if plan is not None and section_asked(questionnaire, assessment, plan.section):
        items.extend(_action_dates(plan, _answers(assessment, plan.section.id)))
    return items


def _answers(assessment: Assessment, section_id: str) -> dict[str, Any]:
    answers = assessment.answers.get(section_id, {})
    return answers if isinstance(answers, dict) else {}


def _day(value: Any) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return None


def _action_dates(plan: ActionPlan, answers: dict[str, Any]) -> Iterator[Dated]:
    column, table = plan.due, plan.table
    if column is None:
        return
    key = format_key([plan.section.id, table.id])
    for index, row in enumerate(plan.rows(answers)):
        day = _day(row.get(column.id))
        if day is None:
            continue
        what = row_name(table, index, row, prefer=plan.action, capital=False, words=_words)
        yield Dated("action", f"{key}[{index}].{column.id}", day, what)


def _words(text: str) -> str:
    """An action's words in a reminder: cut at 50 characters with "...", full stop kept."""
    return first_words(text, ellipsis="...")
