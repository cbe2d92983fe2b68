"""The suggested judgement follows the officer and the form (issue 8, items 2 and 8).

It goes with the officer's own weighting once they have chosen one, the suggested weighting
before; it is at least internal action while internal action is written in the grid. The
checks flag Option 1 with actions written and a weighting that no longer fits the
suggestion, and `[computed]` says what its keys mean.
"""

from __future__ import annotations

import copy
import json
import tomllib
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from eqia_tui.core.checks import actions_written, check
from eqia_tui.core.model.assessment import parse_assessment
from eqia_tui.core.model.questionnaire import Questionnaire, load_questionnaire_data
from eqia_tui.core.rules.weighting import (
    judgement_order,
    lightest_judgement,
    says_action_needed,
    suggest,
)
from eqia_tui.exports import export_document

from .helpers import KCC_DATA, Run, assessment_data, complete_answers, make_assessment

TODAY = date(2026, 6, 1)
LOW_TO_OPTION_1 = 'Your weighting is "Low", which goes with "Option 1: screening is enough".'


def answers_with(**rows: dict[str, Any]) -> dict[str, Any]:
    """Every required answer given (low weighting, Option 1), with these grid rows changed."""
    answers = complete_answers()
    for cid, row in rows.items():
        answers["screening"][cid].update(row)
    return answers


# --- The basis: the officer's own weighting, or the suggested one -------------------------------


def test_the_suggested_weighting_decides_until_the_officer_chooses(kcc: Questionnaire) -> None:
    answers = answers_with(disability={"negative_impact": "high"})
    del answers["proportionality"]["rating"]
    result = suggest(kcc, make_assessment(answers))
    assert result.suggested_rating == "high"
    assert result.suggested_judgement == "full-assessment"
    assert result.judgement_basis == "suggested weighting"
    assert result.judgement_reasons == [
        'You have not chosen a weighting yet. The suggested one is "High", which goes with '
        '"Option 3: full impact assessment".'
    ]


def test_the_officers_lower_weighting_decides_the_judgement(kcc: Questionnaire) -> None:
    # The grid says high; the officer chose low. The weighting stays as the grid suggests.
    result = suggest(kcc, make_assessment(answers_with(disability={"negative_impact": "high"})))
    assert result.suggested_rating == "high"
    assert result.suggested_judgement == "screening-sufficient"
    assert result.judgement_basis == "own weighting"
    assert result.judgement_reasons == [LOW_TO_OPTION_1]


def test_the_officers_higher_weighting_decides_the_judgement(kcc: Questionnaire) -> None:
    answers = complete_answers()
    answers["proportionality"]["rating"] = "high"
    result = suggest(kcc, make_assessment(answers))
    assert result.suggested_rating == "low"
    assert result.suggested_judgement == "full-assessment"
    assert result.judgement_basis == "own weighting"


# --- The internal-action floor -------------------------------------------------------------------


def test_internal_action_written_raises_option_1_to_option_2(kcc: Questionnaire) -> None:
    """The issue's case: affected less favourably, low impact, an action written."""
    answers = answers_with(
        disability={
            "affects_less_favourably": True,
            "affects_details": "The route past the works is hard to see.",
            "action_details": "Signage and a safety audit.",
        },
        # Pointing elsewhere still says action is needed.
        carers={"action_details": "As above"},
    )
    result = suggest(kcc, make_assessment(answers))
    assert result.suggested_rating == "low"
    assert result.suggested_judgement == "internal-action"
    assert result.judgement_basis == "own weighting"
    assert result.internal_action_written == ["disability", "carers"]
    assert result.judgement_reasons == [
        LOW_TO_OPTION_1,
        'Internal action is written for Disability and Carers, so at least "Option 2: '
        'internal action needed".',
    ]


def test_the_floor_applies_on_the_suggested_weighting_too(kcc: Questionnaire) -> None:
    answers = answers_with(age={"action_details": "Tell the reading group first."})
    del answers["proportionality"]["rating"]
    result = suggest(kcc, make_assessment(answers))
    assert result.judgement_basis == "suggested weighting"
    assert result.suggested_judgement == "internal-action"
    assert len(result.judgement_reasons) == 2


def test_a_full_assessment_stays_a_full_assessment(kcc: Questionnaire) -> None:
    answers = answers_with(age={"action_details": "Tell the reading group first."})
    answers["proportionality"]["rating"] = "high"
    result = suggest(kcc, make_assessment(answers))
    assert result.suggested_judgement == "full-assessment"
    assert result.internal_action_written == ["age"]
    # Nothing was raised, so nothing is said about the floor.
    assert len(result.judgement_reasons) == 1


@pytest.mark.parametrize(
    "text", ["None", "none.", "N/A", "n/a", "No", "Not applicable", "No action.", "NIL", "-"]
)
def test_an_answer_saying_no_action_does_not_raise_the_judgement(
    kcc: Questionnaire, text: str
) -> None:
    assert not says_action_needed(text)
    result = suggest(kcc, make_assessment(answers_with(age={"action_details": text})))
    assert result.suggested_judgement == "screening-sufficient"
    assert result.internal_action_written == []


@pytest.mark.parametrize(
    ("value", "needed"),
    [
        ("As above", True),
        ("No change to the signs, but a letter to users.", True),
        ("See the action plan.", True),
        ("Nothing needed.", False),
        ("   ", False),
        (None, False),
        (True, True),
        (False, False),
    ],
)
def test_says_action_needed(value: Any, needed: bool) -> None:
    assert says_action_needed(value) is needed


def test_without_the_internal_action_role_there_is_no_floor() -> None:
    data = copy.deepcopy(KCC_DATA)
    del data["roles"]["internal_action"]
    questionnaire = load_questionnaire_data(data, "kcc-no-internal-action.toml")
    answers = answers_with(age={"action_details": "Tell the reading group first."})
    result = suggest(questionnaire, make_assessment(answers))
    assert result.suggested_judgement == "screening-sufficient"
    assert result.internal_action_written == []


def test_judgements_are_ordered_by_their_weighting_levels(kcc: Questionnaire) -> None:
    assert judgement_order(kcc) == ["screening-sufficient", "internal-action", "full-assessment"]
    assert lightest_judgement(kcc) == "screening-sufficient"


# --- eqia rate -----------------------------------------------------------------------------------


def test_rate_json_reports_the_basis_and_the_floor(
    run: Run, tmp_path: Path, write_toml: Any
) -> None:
    answers = answers_with(disability={"action_details": "Signage and a safety audit."})
    path = write_toml(tmp_path / "floor.toml", assessment_data(answers))
    code, out, _ = run("rate", path, "--json")
    assert code == 0
    data = json.loads(out)
    assert data["suggested_rating"] == "low"
    assert data["suggested_judgement"] == "internal-action"
    assert data["judgement_basis"] == "own weighting"
    assert data["judgement_reasons"][1].startswith("Internal action is written for Disability,")
    assert data["rules_complete"] is True
    assert "complete" not in data
    assert data["internal_action_written"] == ["disability"]


def test_rate_text_says_the_basis(run: Run, tmp_path: Path, write_toml: Any) -> None:
    answers = answers_with(disability={"action_details": "Signage and a safety audit."})
    del answers["proportionality"]["rating"]
    path = write_toml(tmp_path / "floor.toml", assessment_data(answers))
    code, out, _ = run("rate", path)
    assert code == 0
    lines = out.splitlines()
    assert lines[1] == (
        "Suggested judgement: Option 2: internal action needed (from the suggested weighting)"
    )
    assert lines[-3] == "Why this judgement:"
    assert lines[-1].startswith("  - Internal action is written for Disability, so at least")


# --- The checks ----------------------------------------------------------------------------------


def finding_ids(questionnaire: Questionnaire, answers: dict[str, Any]) -> list[tuple[str, str]]:
    return [(f.id, f.key) for f in check(questionnaire, make_assessment(answers), TODAY)]


def test_option_1_with_internal_action_written_is_an_error(kcc: Questionnaire) -> None:
    answers = answers_with(
        disability={"action_details": "Signage and a safety audit."},
        carers={"action_details": "As above"},
    )
    findings = check(kcc, make_assessment(answers), TODAY)
    [finding] = [f for f in findings if f.id == "lightest-judgement-with-actions"]
    assert finding.severity == "error"
    assert finding.key == "judgement.option"
    assert finding.message == (
        'The judgement is "Option 1: screening is enough", but actions are written: internal '
        "action for Disability and Carers in the screening grid."
    )
    assert finding.fix.startswith(
        'Choose "Option 2: internal action needed" (or "Option 3: full impact assessment"), '
        "or remove the actions if none are needed."
    )


def test_option_1_with_an_action_plan_says_it_is_left_out(kcc: Questionnaire) -> None:
    answers = complete_answers()
    answers["action_plan"] = {
        "actions": [
            {"characteristics": "all", "action": "Change the signs."},
            {"characteristics": ["age"], "action": "Ask the reading group."},
        ]
    }
    findings = check(kcc, make_assessment(answers), TODAY)
    [finding] = [f for f in findings if f.id == "lightest-judgement-with-actions"]
    assert "2 actions in the action plan" in finding.message
    assert finding.fix.endswith(
        'With "Option 1: screening is enough" the action plan is left out of the documents.'
    )


def test_option_1_with_actions_and_risk_is_one_finding(kcc: Questionnaire) -> None:
    answers = answers_with(
        disability={"negative_impact": "medium", "action_details": "Signage."},
    )
    answers["proportionality"]["rating"] = "medium"
    # What the legal tests ask for at a medium weighting (kcc-eqia 1.2).
    answers["screening"]["disability"]["evidence"] = "Complaints about the signs."
    answers["due_regard"]["engagement"] = "We asked the disability forum."
    answers["due_regard"]["engagement_changes"] = "The forum chose the new signs."
    ids = finding_ids(kcc, answers)
    assert ids == [("lightest-judgement-with-actions", "judgement.option")]
    [finding] = check(kcc, make_assessment(answers), TODAY)
    assert '"Medium" for Disability' in finding.message


def test_actions_written_says_what_option_1_would_leave_out(kcc: Questionnaire) -> None:
    """For the app's question before Option 1 is chosen, whatever the judgement is now."""
    assert actions_written(kcc, make_assessment(complete_answers())) == []
    answers = answers_with(age={"action_details": "Ask the group."}, race={"action_details": "-"})
    answers["judgement"]["option"] = "internal-action"
    answers["action_plan"] = {"actions": [{"action": "Ask the group."}, {}]}
    assert actions_written(kcc, make_assessment(answers)) == [
        "internal action for Age in the screening grid",
        "1 action in the action plan",
    ]


def test_option_2_with_actions_is_fine(kcc: Questionnaire) -> None:
    answers = answers_with(disability={"action_details": "Signage."})
    answers["judgement"]["option"] = "internal-action"
    answers["action_plan"] = {
        "actions": [
            {
                "characteristics": ["disability"],
                "issue": "Hard to see the route.",
                "action": "Signage.",
                "owner": "Highways",
                "timescale": "By March",
            }
        ]
    }
    assert "lightest-judgement-with-actions" not in {i for i, _ in finding_ids(kcc, answers)}


def test_a_weighting_that_no_longer_fits_is_a_warning(kcc: Questionnaire) -> None:
    answers = answers_with(disability={"negative_impact": "high", "action_details": "Ramps."})
    answers["judgement"]["option"] = "full-assessment"
    findings = [
        f for f in check(kcc, make_assessment(answers), TODAY) if f.id.startswith("weighting")
    ]
    assert [(f.id, f.severity, f.key) for f in findings] == [
        ("weighting-differs-from-suggestion", "warning", "proportionality.reasons")
    ]
    assert findings[0].message == 'The weighting is "Low" but the tool now suggests "High".'
    assert "still says why" in findings[0].fix


def test_the_warning_says_so_far_while_the_grid_is_unanswered(kcc: Questionnaire) -> None:
    answers = answers_with(disability={"negative_impact": "high", "action_details": "Ramps."})
    del answers["screening"]["carers"]["negative_impact"]
    findings = check(kcc, make_assessment(answers), TODAY)
    [finding] = [f for f in findings if f.id == "weighting-differs-from-suggestion"]
    assert finding.message == (
        'The weighting is "Low" but the tool now suggests "High" so far '
        "(not every characteristic is answered)."
    )


def test_without_reasons_it_is_the_error_alone(kcc: Questionnaire) -> None:
    answers = answers_with(disability={"negative_impact": "high", "action_details": "Ramps."})
    del answers["proportionality"]["reasons"]
    ids = {i for i, _ in finding_ids(kcc, answers)}
    assert "weighting-differs-without-reasons" in ids
    assert "weighting-differs-from-suggestion" not in ids


# --- [computed] ----------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["toml", "json"])
def test_computed_says_what_it_means(kcc: Questionnaire, fmt: str) -> None:
    answers = complete_answers()
    del answers["sign_off"]["dmt_member_date"]
    del answers["sign_off"]["senior_officer_name"]
    text = str(export_document(kcc, make_assessment(answers), fmt))
    computed = (tomllib.loads(text) if fmt == "toml" else json.loads(text))["computed"]
    assert "complete" not in computed
    assert computed["rules_complete"] is True
    assert computed["required_answered"] is False
    assert computed["missing"] == 2
    assert computed["sign_off_missing"] == 2
    assert computed["judgement_basis"] == "own weighting"
    assert computed["judgement_reasons"] == [LOW_TO_OPTION_1]


def test_everything_answered_says_so(kcc: Questionnaire) -> None:
    text = str(export_document(kcc, make_assessment(complete_answers()), "toml"))
    computed = tomllib.loads(text)["computed"]
    assert computed["required_answered"] is True
    assert computed["missing"] == 0
    assert computed["sign_off_missing"] == 0


def test_a_file_with_the_old_computed_complete_still_opens(
    kcc: Questionnaire, run: Run, tmp_path: Path, write_toml: Any
) -> None:
    data = assessment_data(complete_answers())
    data["computed"] = {"suggested_rating": "low", "complete": True, "unanswered": []}
    path = write_toml(tmp_path / "old-export.toml", data)
    assessment = parse_assessment(data, str(path), kcc).assessment
    assert assessment.get("proportionality", "rating") == "low"
    code, out, err = run("validate", path)
    assert (code, err) == (0, "")
    code, out, _ = run("rate", path, "--json")
    assert code == 0
    assert json.loads(out)["rules_complete"] is True
