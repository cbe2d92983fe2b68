"""Conditions: the fixed tests (equals, in, at_least, answered) on earlier answers."""

from __future__ import annotations

from typing import Any

import pytest

from eqia_tui.core.model.conditions import all_hold, holds, is_answered
from eqia_tui.core.model.questionnaire import Condition, Questionnaire


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, False),
        ("", False),
        ("   ", False),
        ([], False),
        ({}, False),
        ("x", True),
        (False, True),
        (True, True),
        (0, True),
        (["age"], True),
    ],
)
def test_is_answered(value: Any, expected: bool) -> None:
    assert is_answered(value) is expected


def grid_lookup(kcc: Questionnaire, row: dict[str, Any]) -> Any:
    grid = kcc.section("screening")
    assert grid is not None

    def lookup(ref: str) -> tuple[Any, Any]:
        return grid.question(ref), row.get(ref)

    return lookup


def cond(**kwargs: Any) -> Condition:
    return Condition.model_validate(kwargs)


@pytest.mark.parametrize(
    ("condition", "row", "expected"),
    [
        (cond(question="affects_less_favourably", equals=True), {}, False),
        (
            cond(question="affects_less_favourably", equals=True),
            {"affects_less_favourably": True},
            True,
        ),
        (
            cond(question="affects_less_favourably", equals=True),
            {"affects_less_favourably": False},
            False,
        ),
        (
            cond(question="affects_less_favourably", equals=False),
            {"affects_less_favourably": False},
            True,
        ),
        (cond(question="affects_less_favourably", equals=False), {}, False),
        (cond(question="negative_impact", equals="high"), {"negative_impact": "high"}, True),
        (cond(question="negative_impact", equals="high"), {"negative_impact": "medium"}, False),
        (
            cond(question="negative_impact", **{"in": ["medium", "unknown"]}),
            {"negative_impact": "unknown"},
            True,
        ),
        (
            cond(question="negative_impact", **{"in": ["medium", "unknown"]}),
            {"negative_impact": "low"},
            False,
        ),
        (cond(question="negative_impact", at_least="medium"), {"negative_impact": "high"}, True),
        (cond(question="negative_impact", at_least="medium"), {"negative_impact": "medium"}, True),
        (
            cond(question="negative_impact", at_least="medium"),
            {"negative_impact": "unknown"},
            True,
        ),
        (cond(question="negative_impact", at_least="medium"), {"negative_impact": "low"}, False),
        (cond(question="negative_impact", at_least="medium"), {"negative_impact": "none"}, False),
        (cond(question="negative_impact", at_least="medium"), {}, False),
        (cond(question="negative_impact", at_least="high"), {"negative_impact": "unknown"}, False),
        (cond(question="negative_impact", answered=True), {"negative_impact": "none"}, True),
        (cond(question="negative_impact", answered=True), {"negative_impact": ""}, False),
        (cond(question="negative_impact", answered=False), {}, True),
        (cond(question="negative_impact", answered=False), {"negative_impact": "low"}, False),
    ],
)
def test_holds(
    kcc: Questionnaire, condition: Condition, row: dict[str, Any], expected: bool
) -> None:
    assert holds(kcc, condition, grid_lookup(kcc, row)) is expected


def test_all_hold_needs_every_condition(kcc: Questionnaire) -> None:
    conditions = [
        cond(question="affects_less_favourably", equals=True),
        cond(question="negative_impact", answered=False),
    ]
    assert all_hold(kcc, conditions, grid_lookup(kcc, {"affects_less_favourably": True}))
    assert not all_hold(
        kcc,
        conditions,
        grid_lookup(kcc, {"affects_less_favourably": True, "negative_impact": "low"}),
    )
    assert not all_hold(kcc, conditions, grid_lookup(kcc, {}))
    assert all_hold(kcc, [], grid_lookup(kcc, {}))
