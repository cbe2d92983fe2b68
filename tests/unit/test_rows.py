"""Naming a table row: one function for the checks and the reminders, each keeping its
wording. The checks cut an action's words between whole words and leave out its full stop;
the reminders prefer the action column, cut at 50 characters and keep the full stop."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from eqia_tui.core.checks import check
from eqia_tui.core.model.questionnaire import Questionnaire, TableQuestion
from eqia_tui.core.model.roles import action_plan
from eqia_tui.core.model.rows import first_words, row_name, row_words
from eqia_tui.core.review.due import assessment_due_items

from .helpers import complete_answers, make_assessment
from .test_huge_inputs import MB, guard

TODAY = date(2026, 3, 2)
LONG = "Survey Monday visitors for four weeks, then gather their feedback on the new hours."


@pytest.fixture
def actions(kcc: Questionnaire) -> TableQuestion:
    plan = action_plan(kcc)
    assert plan is not None
    return plan.table


def overdue_plan(issue: str, action: str) -> dict[str, object]:
    answers = complete_answers()
    answers["monitoring"]["review_date"] = TODAY + timedelta(days=365)
    answers["judgement"]["option"] = "internal-action"
    row = {"characteristics": ["age"], "issue": issue, "action": action, "due": date(2026, 1, 1)}
    answers["action_plan"] = {"actions": [row]}
    return answers


def test_a_reminder_names_the_action_cut_at_the_limit_with_its_full_stop(
    kcc: Questionnaire,
) -> None:
    assessment = make_assessment(overdue_plan("Opening hours", LONG))
    [item] = assessment_due_items(kcc, assessment, TODAY, 30)
    assert item.message == (
        'Library opening hours: action 1 ("Survey Monday visitors for four weeks, then gat...") '
        "was due on 01/01/2026, 60 days ago."
    )
    short = make_assessment(overdue_plan("Opening hours", "Reword   the\npolicy."))
    [item] = assessment_due_items(kcc, short, TODAY, 30)
    assert 'action 1 ("Reword the policy.") was due' in item.message


def test_a_check_names_the_row_by_its_first_text_cut_between_words(kcc: Questionnaire) -> None:
    answers = overdue_plan(LONG, "Reword the policy.")
    del answers["action_plan"]["actions"][0]["due"]  # type: ignore[index]
    findings = check(kcc, make_assessment(answers), TODAY)
    messages = [f.message for f in findings if f.id == "action-incomplete"]
    assert messages
    assert all(
        m.startswith('Action 1 ("Survey Monday visitors for four weeks, then...") has no ')
        for m in messages
    )


def test_the_two_ways_of_cutting() -> None:
    text = "One two three four five six seven eight nine ten eleven twelve."
    assert first_words(text, 30, ellipsis="...") == "One two three four five six..."
    assert first_words(text, 30, ellipsis="...", whole_words=True) == "One two three four five..."
    assert first_words("Ends here.", full_stop=False) == "Ends here"
    assert first_words("Ends here.") == "Ends here."
    assert first_words("a, b, c, d, e, f, g", 12, ellipsis="...", whole_words=True) == "a, b, c..."
    assert first_words("x" * 60) == "x" * 49 + "…"


def test_row_name_and_row_words(actions: TableQuestion) -> None:
    row = {"issue": "The issue", "action": "The action"}
    assert row_name(actions, 2, row) == 'Action 3 ("The issue")'
    assert row_name(actions, 2, row, prefer=actions.columns[2]) == 'Action 3 ("The action")'
    assert row_name(actions, 0, row, capital=False, words=str.upper) == 'action 1 ("THE ISSUE")'
    assert row_name(actions, 0, {"issue": "   "}) == "Action 1"
    assert row_words(actions, {"owner": "  Libraries\n team "}) == "Libraries team"
    assert row_words(actions, {}) == ""


def test_a_huge_answer_is_read_only_as_far_as_the_name_needs(actions: TableQuestion) -> None:
    huge = {"issue": "word " * (2 * MB)}
    with guard(10):
        for _ in range(200):
            assert row_name(actions, 0, huge).startswith('Action 1 ("word word')
