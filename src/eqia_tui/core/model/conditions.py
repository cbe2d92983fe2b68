"""Deciding whether a condition holds. Only the fixed tests of `Condition`; nothing is evaluated."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from eqia_tui.core.model.questionnaire import AnyQuestion, Condition, Questionnaire

Lookup = Callable[[str], tuple[AnyQuestion | None, Any]]
"""Given a condition's `question`: the question it names and its answer (None if unanswered)."""


def is_answered(value: Any) -> bool:
    """An empty string, an empty list and None all count as not answered."""
    if value is None:
        return False
    if isinstance(value, str):
        return bool(value.strip())
    if isinstance(value, list | tuple | dict):
        return bool(value)
    return True


def holds(questionnaire: Questionnaire, condition: Condition, lookup: Lookup) -> bool:
    question, value = lookup(condition.question)
    answered = is_answered(value)
    if condition.answered is not None:
        return answered == condition.answered
    if not answered:
        return False
    if condition.equals is not None:
        return bool(value == condition.equals)
    if condition.in_ is not None:
        return value in condition.in_
    if condition.at_least is not None and question is not None:
        scale = questionnaire.scale_for(question)
        if scale is None:
            return False
        have, want = scale.rank(value), scale.rank(condition.at_least)
        return have is not None and want is not None and have >= want
    return False


def all_hold(questionnaire: Questionnaire, conditions: Iterable[Condition], lookup: Lookup) -> bool:
    return all(holds(questionnaire, c, lookup) for c in conditions)
