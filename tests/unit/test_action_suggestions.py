"""Draft actions from the screening: the words come from the officer's own answer, never
from an answer that only points to another one."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import pytest

from eqia_tui.core.model.assessment import parse_assessment
from eqia_tui.core.model.questionnaire import Questionnaire
from eqia_tui.core.rules.action_suggestions import suggest_actions

CLEAN = Path(__file__).resolve().parents[1] / "fixtures" / "checks" / "clean.toml"


def _suggestions(kcc: Questionnaire, **details: str) -> dict[str, dict[str, Any]]:
    """The suggested rows by characteristic, for the clean assessment with no action plan
    (age is unknown and disability medium) and the given "action needed" answers."""
    data = tomllib.loads(CLEAN.read_text(encoding="utf-8"))
    del data["action_plan"]
    for characteristic, text in details.items():
        data["screening"][characteristic]["action_details"] = text
    assessment = parse_assessment(data, "test.toml", kcc).assessment
    return {s.characteristic: s.row for s in suggest_actions(kcc, assessment)}


def test_the_officers_own_words_become_the_action(kcc: Questionnaire) -> None:
    rows = _suggestions(kcc, disability="Phone every mobile library user.")
    assert set(rows) == {"age", "disability"}
    assert rows["disability"]["action"] == "Phone every mobile library user."
    assert rows["age"]["action"] == "Gather evidence about the impact on age."


@pytest.mark.parametrize("pointer", ["As above", "See above.", "Same as age", "Ditto"])
def test_an_answer_that_points_elsewhere_is_not_copied(kcc: Questionnaire, pointer: str) -> None:
    rows = _suggestions(kcc, disability=pointer)
    assert rows["disability"]["action"] == "Reduce the impact on disability."
    assert rows["disability"]["issue"] == "Medium negative impact on disability."


def test_an_empty_answer_gets_the_same_plain_action(kcc: Questionnaire) -> None:
    rows = _suggestions(kcc, disability="  ")
    assert rows["disability"]["action"] == "Reduce the impact on disability."
