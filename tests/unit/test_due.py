"""Reminders: reviews due or overdue, and actions past their due date, across the store."""

from __future__ import annotations

import shutil
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from eqia_tui.core.model.questionnaire import Questionnaire
from eqia_tui.core.review.due import DueItem, assessment_due_items
from eqia_tui.core.storage.registry import Registry
from eqia_tui.core.storage.store import Store, due_items

from .helpers import EXAMPLE, complete_answers, make_assessment

TODAY = date(2026, 3, 2)


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return Store(tmp_path, Registry())


def save(store: Store, kcc: Questionnaire, assessment_id: str, answers: dict[str, Any]) -> None:
    store.save(kcc, make_assessment(answers, assessment_id=assessment_id))


def with_review(review: date, title: str = "Library opening hours") -> dict[str, Any]:
    answers = complete_answers()
    answers["details"]["title"] = title
    answers["monitoring"]["review_date"] = review
    return answers


def with_actions(*dues: date | None) -> dict[str, Any]:
    answers = with_review(TODAY + timedelta(days=365))
    answers["judgement"]["option"] = "internal-action"
    rows = []
    for number, due in enumerate(dues, start=1):
        row: dict[str, Any] = {
            "characteristics": ["age"],
            "issue": f"Issue {number}",
            "action": f"Action number {number}",
            "owner": "Libraries",
            "timescale": "Soon",
        }
        if due is not None:
            row["due"] = due
        rows.append(row)
    answers["action_plan"] = {"actions": rows}
    return answers


def test_an_empty_store_has_nothing_due(store: Store) -> None:
    assert due_items(store, TODAY, 30) == []


def test_the_example_review_is_overdue(store: Store) -> None:
    store.drafts.mkdir(parents=True)
    shutil.copy(EXAMPLE, store.drafts / "customer-service-policy.toml")
    items = due_items(store, TODAY, 30)
    assert items == [
        DueItem(
            assessment_id="customer-service-policy",
            title="Customer Service Policy",
            kind="review",
            key="monitoring.review_date",
            date=date(2016, 7, 27),
            overdue=True,
            days=-3505,
            message="Customer Service Policy: the review was due on 27/07/2016, 3,505 days ago.",
        )
    ]


def test_reviews_inside_the_window_are_due_not_overdue(store: Store, kcc: Questionnaire) -> None:
    save(store, kcc, "soon", with_review(TODAY + timedelta(days=10), "Soon"))
    save(store, kcc, "today", with_review(TODAY, "Today"))
    save(store, kcc, "edge", with_review(TODAY + timedelta(days=30), "Edge"))
    save(store, kcc, "later", with_review(TODAY + timedelta(days=31), "Later"))
    save(store, kcc, "passed", with_review(TODAY - timedelta(days=1), "Passed"))
    items = due_items(store, TODAY, 30)
    assert [(i.assessment_id, i.overdue, i.days) for i in items] == [
        ("passed", True, -1),
        ("today", False, 0),
        ("soon", False, 10),
        ("edge", False, 30),
    ]
    assert items[0].message == "Passed: the review was due on 01/03/2026, 1 day ago."
    assert items[1].message == "Today: the review is due today (02/03/2026)."
    assert items[2].message == "Soon: the review is due on 12/03/2026, in 10 days."


def test_within_zero_days_lists_only_today_and_overdue(store: Store, kcc: Questionnaire) -> None:
    save(store, kcc, "soon", with_review(TODAY + timedelta(days=1)))
    save(store, kcc, "today", with_review(TODAY))
    assert [i.assessment_id for i in due_items(store, TODAY, 0)] == ["today"]


def test_actions_past_their_due_date_are_overdue(store: Store, kcc: Questionnaire) -> None:
    answers = with_actions(TODAY - timedelta(days=3), None, TODAY, TODAY + timedelta(days=2))
    save(store, kcc, "plan", answers)
    items = due_items(store, TODAY, 30)
    assert len(items) == 1
    item = items[0]
    assert item.kind == "action"
    assert item.key == "action_plan.actions[0].due"
    assert item.overdue
    assert item.date == TODAY - timedelta(days=3)
    assert item.message == (
        'Library opening hours: action 1 ("Action number 1") was due on 27/02/2026, 3 days ago.'
    )


def test_actions_in_a_section_no_longer_asked_are_ignored(kcc: Questionnaire) -> None:
    answers = with_actions(TODAY - timedelta(days=3))
    answers["judgement"]["option"] = "screening-sufficient"
    assessment = make_assessment(answers)
    assert assessment_due_items(kcc, assessment, TODAY, 30) == []


def test_a_broken_draft_is_skipped_not_a_crash(store: Store, kcc: Questionnaire) -> None:
    save(store, kcc, "good", with_review(TODAY - timedelta(days=5)))
    (store.drafts / "broken.toml").write_text("this is = = not toml", encoding="utf-8")
    (store.drafts / "wrong.toml").write_text('format = "something else"\n', encoding="utf-8")
    skipped: list[str] = []
    items = due_items(store, TODAY, 30, skipped=skipped)
    assert [i.assessment_id for i in items] == ["good"]
    assert skipped == ["broken", "wrong"]


def test_an_assessment_without_a_review_date_has_nothing_due(kcc: Questionnaire) -> None:
    answers = complete_answers()
    del answers["monitoring"]
    assert assessment_due_items(kcc, make_assessment(answers), TODAY, 30) == []


def test_overdue_items_come_first_then_by_date(store: Store, kcc: Questionnaire) -> None:
    save(store, kcc, "a-soon", with_review(TODAY + timedelta(days=2)))
    save(store, kcc, "b-old", with_review(TODAY - timedelta(days=100)))
    save(store, kcc, "c-plan", with_actions(TODAY - timedelta(days=200)))
    save(store, kcc, "d-recent", with_review(TODAY - timedelta(days=1)))
    ids = [i.assessment_id for i in due_items(store, TODAY, 30)]
    assert ids == ["c-plan", "b-old", "d-recent", "a-soon"]


def test_as_dict_is_ready_for_json() -> None:
    item = DueItem("x", "X", "review", "monitoring.review_date", TODAY, False, 0, "X: due.")
    assert item.as_dict() == {
        "assessment_id": "x",
        "title": "X",
        "kind": "review",
        "key": "monitoring.review_date",
        "date": "2026-03-02",
        "overdue": False,
        "days": 0,
        "message": "X: due.",
    }
