"""The suggested weighting for kcc-eqia: every rule, in order, and partial answers."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from eqia_tui.core.model.questionnaire import Questionnaire, load_questionnaire_data
from eqia_tui.core.rules.weighting import NO_RULES, Suggestion, suggest
from eqia_tui.core.storage.registry import Registry
from eqia_tui.core.storage.store import load_file

from .helpers import EXAMPLE, KCC_CHARACTERISTICS, complete_answers, make_assessment

QUIET = {"affects_less_favourably": False, "negative_impact": "low"}
OTHERWISE_REASON = "No group has a negative impact above low, and none is waiting for a rating."


def screening(**rows: dict[str, Any]) -> dict[str, Any]:
    """A full grid where every characteristic is quiet unless given here."""
    grid = {cid: dict(QUIET) for cid in KCC_CHARACTERISTICS}
    for cid, row in rows.items():
        grid[cid] = dict(row)
    return {"screening": grid}


def rate(kcc: Questionnaire, answers: dict[str, Any]) -> Suggestion:
    return suggest(kcc, make_assessment(answers))


def test_low_when_nothing_is_above_low(kcc: Questionnaire) -> None:
    race = {"affects_less_favourably": False, "negative_impact": "none"}
    result = rate(kcc, screening(race=race))
    assert result.suggested_rating == "low"
    assert result.suggested_judgement == "screening-sufficient"
    assert result.reasons == [OTHERWISE_REASON]
    assert result.rules_complete is True
    assert result.unanswered == []
    assert result.rule == "otherwise"


def test_rule_1_high_negative_impact(kcc: Questionnaire) -> None:
    result = rate(
        kcc, screening(disability={"affects_less_favourably": True, "negative_impact": "high"})
    )
    assert result.suggested_rating == "high"
    assert result.suggested_judgement == "full-assessment"
    assert result.rule == "high_negative_impact"
    assert result.reasons == ["Negative impact is high for Disability (High)."]
    assert result.rules_complete is True


def test_rule_1_names_every_matching_characteristic(kcc: Questionnaire) -> None:
    high = {"affects_less_favourably": True, "negative_impact": "high"}
    result = rate(kcc, screening(age=high, race=high, carers=high))
    assert result.reasons == [
        "Negative impact is high for Age (High), Race (High) and Carers (High)."
    ]


def test_high_wins_over_medium_first_match_wins(kcc: Questionnaire) -> None:
    result = rate(
        kcc,
        screening(
            age={"affects_less_favourably": True, "negative_impact": "medium"},
            race={"affects_less_favourably": True, "negative_impact": "unknown"},
            gender={"affects_less_favourably": True},
            carers={"affects_less_favourably": False, "negative_impact": "high"},
        ),
    )
    assert result.suggested_rating == "high"
    assert result.rule == "high_negative_impact"
    assert result.reasons[0] == "Negative impact is high for Carers (High)."
    assert "Age" not in result.reasons[0]


def test_rule_2_medium_negative_impact(kcc: Questionnaire) -> None:
    result = rate(
        kcc, screening(age={"affects_less_favourably": True, "negative_impact": "medium"})
    )
    assert result.suggested_rating == "medium"
    assert result.suggested_judgement == "internal-action"
    assert result.rule == "medium_or_unknown_negative_impact"
    assert result.reasons[0].startswith("Negative impact is medium or unknown for Age (Medium).")
    assert result.rules_complete is True


def test_rule_2_unknown_counts_as_medium(kcc: Questionnaire) -> None:
    result = rate(
        kcc, screening(race={"affects_less_favourably": False, "negative_impact": "unknown"})
    )
    assert result.suggested_rating == "medium"
    assert result.suggested_judgement == "internal-action"
    assert result.rule == "medium_or_unknown_negative_impact"
    assert result.reasons[0].startswith("Negative impact is medium or unknown for Race (Unknown).")
    assert "Unknown counts as medium" in result.reasons[0]


def test_rule_2_wins_over_rule_3(kcc: Questionnaire) -> None:
    result = rate(
        kcc,
        screening(
            age={"affects_less_favourably": True, "negative_impact": "medium"},
            race={"affects_less_favourably": True},
        ),
    )
    assert result.rule == "medium_or_unknown_negative_impact"
    assert "Age (Medium)" in result.reasons[0]
    assert "Race" not in result.reasons[0]
    assert result.unanswered == ["race"]


def test_rule_3_affected_but_not_rated(kcc: Questionnaire) -> None:
    result = rate(
        kcc,
        screening(
            gender={"affects_less_favourably": True},
            carers={"affects_less_favourably": True, "negative_impact": ""},
        ),
    )
    assert result.suggested_rating == "medium"
    assert result.suggested_judgement == "internal-action"
    assert result.rule == "affected_but_not_rated"
    assert result.reasons[0] == (
        "Gender and Carers: marked as treated less well, but the negative impact is not rated yet."
    )
    assert result.rules_complete is False
    assert result.unanswered == ["gender", "carers"]
    assert result.reasons[1] == (
        "Not complete: Gender and Carers still need an answer. The suggestion may change."
    )


def test_not_affected_and_not_rated_is_low_but_incomplete(kcc: Questionnaire) -> None:
    result = rate(kcc, screening(religion_or_belief={"affects_less_favourably": False}))
    assert result.suggested_rating == "low"
    assert result.rule == "otherwise"
    assert result.rules_complete is False
    assert result.unanswered == ["religion_or_belief"]
    assert result.reasons == [
        OTHERWISE_REASON,
        "Not complete: Religion or belief still needs an answer. The suggestion may change.",
    ]


def test_rated_but_affects_unanswered_is_incomplete(kcc: Questionnaire) -> None:
    result = rate(kcc, screening(age={"negative_impact": "high"}))
    assert result.suggested_rating == "high"
    assert result.rules_complete is False
    assert result.unanswered == ["age"]


def test_empty_assessment_lists_every_characteristic_in_order(kcc: Questionnaire) -> None:
    result = rate(kcc, {})
    assert result.suggested_rating == "low"
    assert result.suggested_judgement == "screening-sufficient"
    assert result.rules_complete is False
    assert result.unanswered == KCC_CHARACTERISTICS
    assert "Age, Disability, Gender" in result.reasons[1]
    assert result.reasons[1].endswith("Carers still need an answer. The suggestion may change.")


def test_partial_grid_still_computes(kcc: Questionnaire) -> None:
    answers = {"screening": {"age": {"affects_less_favourably": True, "negative_impact": "high"}}}
    result = rate(kcc, answers)
    assert result.suggested_rating == "high"
    assert result.rules_complete is False
    assert result.unanswered == KCC_CHARACTERISTICS[1:]


@pytest.mark.parametrize(
    ("level", "judgement"),
    [("high", "full-assessment"), ("medium", "internal-action"), ("none", "screening-sufficient")],
)
def test_judgement_follows_the_level(kcc: Questionnaire, level: str, judgement: str) -> None:
    result = rate(kcc, screening(age={"affects_less_favourably": False, "negative_impact": level}))
    assert result.suggested_judgement == judgement


def test_officers_own_rating_and_judgement_are_never_overwritten(kcc: Questionnaire) -> None:
    answers = complete_answers()
    answers["screening"]["disability"]["negative_impact"] = "high"
    assessment = make_assessment(answers)
    before = copy.deepcopy(assessment.answers)
    result = suggest(kcc, assessment)
    assert result.suggested_rating == "high"
    # The judgement follows the officer's own weighting, low.
    assert result.suggested_judgement == "screening-sufficient"
    assert result.judgement_basis == "own weighting"
    assert assessment.answers == before
    assert assessment.get("proportionality", "rating") == "low"
    assert assessment.get("judgement", "option") == "screening-sufficient"


def test_as_dict_has_the_rate_keys(kcc: Questionnaire) -> None:
    data = rate(kcc, screening(age={"affects_less_favourably": True})).as_dict()
    assert list(data) == [
        "suggested_rating",
        "suggested_judgement",
        "judgement_basis",
        "judgement_reasons",
        "reasons",
        "rules_complete",
        "unanswered",
        "internal_action_written",
    ]
    assert data["suggested_rating"] == "medium"
    assert data["unanswered"] == ["age"]


def test_example_file_is_medium() -> None:
    loaded = load_file(EXAMPLE, Registry())
    result = suggest(loaded.questionnaire, loaded.assessment)
    assert result.suggested_rating == "medium"
    assert result.suggested_judgement == "internal-action"
    assert result.rule == "medium_or_unknown_negative_impact"
    assert result.reasons[0].startswith("Negative impact is medium or unknown for Age (Medium)")
    assert result.rules_complete == (result.unanswered == [])


# --- Other questionnaires: min_count, {count}, no weighting ---------------------------------


def counted_questionnaire() -> Questionnaire:
    data: dict[str, Any] = {
        "id": "counted",
        "version": "1",
        "title": "Counted",
        "area": "Testshire",
        "scales": {
            "level": {
                "label": "Level",
                "options": [
                    {"value": "big", "label": "Big"},
                    {"value": "small", "label": "Small"},
                ],
            }
        },
        "characteristics": [
            {"id": "one", "label": "One", "help": "h"},
            {"id": "two", "label": "Two", "help": "h"},
            {"id": "three", "label": "Three", "help": "h"},
        ],
        "sections": [
            {
                "id": "grid",
                "title": "Grid",
                "per_characteristic": True,
                "questions": [{"id": "hit", "type": "yes_no", "label": "Hit?", "help": "h"}],
            },
            {
                "id": "result",
                "title": "Result",
                "questions": [
                    {"id": "rating", "type": "choice", "scale": "level", "label": "R", "help": "h"},
                    {
                        "id": "next",
                        "type": "choice",
                        "label": "N",
                        "help": "h",
                        "options": [
                            {"value": "act", "label": "Act"},
                            {"value": "rest", "label": "Rest"},
                        ],
                    },
                ],
            },
        ],
        "weighting": {
            "grid": "grid",
            "scale": "level",
            "needs": ["hit"],
            "rating_question": "result.rating",
            "judgement_question": "result.next",
            "otherwise": "small",
            "otherwise_reason": "Fewer than two hits.",
            "judgement_for": {"big": "act", "small": "rest"},
            "rules": [
                {
                    "id": "two_hits",
                    "level": "big",
                    "min_count": 2,
                    "when": {"question": "hit", "equals": True},
                    "reason": "{count} hits: {characteristics}; {matched}.",
                }
            ],
        },
    }
    return load_questionnaire_data(data, "counted.toml")


def grid_answers(**hits: bool) -> dict[str, Any]:
    return {"grid": {cid: {"hit": value} for cid, value in hits.items()}}


def test_min_count_not_reached_falls_through() -> None:
    q = counted_questionnaire()
    result = suggest(q, make_assessment(grid_answers(one=True, two=False, three=False)))
    assert result.suggested_rating == "small"
    assert result.suggested_judgement == "rest"
    assert result.reasons == ["Fewer than two hits."]
    assert result.rules_complete is True


def test_min_count_reached_fills_count_characteristics_and_matched() -> None:
    q = counted_questionnaire()
    result = suggest(q, make_assessment(grid_answers(one=True, three=True)))
    assert result.suggested_rating == "big"
    assert result.suggested_judgement == "act"
    assert result.reasons[0] == "2 hits: One and Three; One (Yes) and Three (Yes)."
    assert result.unanswered == ["two"]
    assert result.reasons[1].startswith("Not complete: Two still needs an answer.")


def test_questionnaire_without_weighting_has_no_suggestion() -> None:
    data: dict[str, Any] = {
        "id": "plain",
        "version": "1",
        "title": "Plain",
        "area": "Testshire",
        "sections": [
            {
                "id": "details",
                "title": "Details",
                "questions": [{"id": "title", "type": "text", "label": "Name", "help": "h"}],
            }
        ],
    }
    q = load_questionnaire_data(data, "plain.toml")
    result = suggest(q, make_assessment({}))
    assert result is NO_RULES
    assert result.suggested_rating is None
    assert result.suggested_judgement is None
    assert result.rules_complete is True
    assert result.unanswered == []
