"""Problems: one line each, with the key path written the way it reads in TOML."""

from __future__ import annotations

import json
import tomllib

import pytest

from eqia_tui.core.model.questionnaire import Questionnaire
from eqia_tui.core.text.problems import (
    BadInput,
    Problem,
    described,
    english_list,
    format_key,
    quoted_list,
)
from eqia_tui.exports import export_document
from eqia_tui.exports.data import exported_document

from .helpers import complete_answers, make_assessment


@pytest.mark.parametrize(
    ("parts", "key"),
    [
        ([], ""),
        (["format"], "format"),
        (["sections", 2, "questions", 0, "help"], "sections[2].questions[0].help"),
        (["screening", "age", "negative_impact"], "screening.age.negative_impact"),
        (
            ["action_plan", "actions", 1, "characteristics", 0],
            "action_plan.actions[1].characteristics[0]",
        ),
    ],
)
def test_format_key(parts: list[str | int], key: str) -> None:
    assert format_key(parts) == key


def test_lists_in_words() -> None:
    assert english_list([]) == ""
    assert english_list(["a"]) == "a"
    assert english_list(["a", "b"]) == "a and b"
    assert english_list(["a", "b", "c"]) == "a, b and c"
    assert quoted_list(["low", "high"]) == '"low" or "high"'
    assert quoted_list(["x", "y", "z"], "and") == '"x", "y" and "z"'


def test_problem_line() -> None:
    assert Problem("a.toml", "details.owner", "bad").line() == "a.toml: details.owner: bad"
    assert Problem("a.toml", "", "no such file").line() == "a.toml: no such file"


def test_bad_input_carries_every_problem() -> None:
    error = BadInput([Problem("a", "x", "one"), Problem("a", "y", "two")])
    assert [p.key for p in error.problems] == ["x", "y"]
    assert str(error) == "a: x: one\na: y: two"
    single = BadInput.one("f.toml", "k", "m")
    assert single.problems == [Problem("f.toml", "k", "m")]


# --- The data exports ------------------------------------------------------------------------


def test_exported_document_adds_computed_and_drops_resume_at(kcc: Questionnaire) -> None:
    assessment = make_assessment(complete_answers())
    assessment.resume_at = "screening"
    doc = exported_document(kcc, assessment)
    assert "resume_at" not in doc
    assert doc["computed"] == {
        "suggested_rating": "low",
        "suggested_judgement": "screening-sufficient",
        "judgement_basis": "own weighting",
        "judgement_reasons": [
            'Your weighting is "Low", which goes with "Option 1: screening is enough".'
        ],
        "reasons": ["No group has a negative impact above low, and none is waiting for a rating."],
        "rules_complete": True,
        "unanswered": [],
        "internal_action_written": [],
        "required_answered": True,
        "missing": 0,
        "sign_off_missing": 0,
    }
    assert assessment.resume_at == "screening"


def test_toml_and_json_exports_agree(kcc: Questionnaire) -> None:
    assessment = make_assessment(complete_answers())
    as_toml = tomllib.loads(str(export_document(kcc, assessment, "toml")))
    as_json = json.loads(str(export_document(kcc, assessment, "json")))
    assert as_toml["computed"] == as_json["computed"]
    assert as_json["details"]["screening_date"] == "2026-01-05"
    assert as_toml["details"]["screening_date"].isoformat() == "2026-01-05"
    assert as_json["screening"] == as_toml["screening"]


def test_unknown_export_format(kcc: Questionnaire) -> None:
    with pytest.raises(BadInput) as caught:
        export_document(kcc, make_assessment({}), "pdf")
    (problem,) = caught.value.problems
    assert problem.file == "--format"
    assert problem.message.startswith('"pdf" is not a format; allowed: toml, json')


def test_a_problem_without_a_file_is_its_message() -> None:
    assert Problem("", "", '"A B" is not a valid id').line() == '"A B" is not a valid id'
    assert Problem("x.toml", "", "no such file").line() == "x.toml: no such file"
    assert Problem("", "id", "is missing").line() == "id: is missing"


@pytest.mark.parametrize(
    ("value", "words"),
    [
        (None, "nothing"),
        ("x", 'the text "x"'),
        (True, "true (a yes/no value)"),
        (3, "the number 3"),
        (1.0, "the number 1.0"),
        ([1], "a list"),
        ({"a": 1}, "a table"),
    ],
)
def test_values_are_described_without_python(value: object, words: str) -> None:
    assert described(value) == words
