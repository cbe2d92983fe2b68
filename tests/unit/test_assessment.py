"""The assessment file: reading, checking, writing, and which answers are still missing."""

from __future__ import annotations

import copy
import tomllib
from collections.abc import Callable
from datetime import date, datetime
from typing import Any

import pytest

from eqia_tui.core.model.assessment import (
    Assessment,
    Missing,
    check_header,
    is_slug,
    missing_answers,
    new_assessment,
    parse_assessment,
    progress,
    question_asked,
    required_count,
    section_asked,
    slugify,
    to_document,
)
from eqia_tui.core.model.questionnaire import Questionnaire, load_questionnaire_data
from eqia_tui.core.storage.store import dumps
from eqia_tui.core.text.problems import BadInput, Problem

from .helpers import (
    KCC_CHARACTERISTICS,
    KCC_DATA,
    KCC_VERSION,
    assessment_data,
    complete_answers,
    make_assessment,
)

FILE = "a.toml"


def parse(kcc: Questionnaire, data: dict[str, Any]) -> Assessment:
    return parse_assessment(data, FILE, kcc).assessment


def problems_for(kcc: Questionnaire, data: dict[str, Any]) -> list[Problem]:
    with pytest.raises(BadInput) as caught:
        parse_assessment(data, FILE, kcc)
    assert caught.value.problems
    return caught.value.problems


def missing_keys(kcc: Questionnaire, answers: dict[str, Any]) -> list[str]:
    return [m.key for m in missing_answers(kcc, make_assessment(answers))]


def with_plan(answers: dict[str, Any], *rows: dict[str, Any]) -> dict[str, Any]:
    answers["judgement"]["option"] = "internal-action"
    answers["action_plan"] = {"actions": list(rows)}
    return answers


ROW = {
    "characteristics": ["age", "race"],
    "issue": "Hard to reach online.",
    "action": "Keep the phone line.",
    "owner": "Contact centre",
    "timescale": "By March",
}


# --- Round trip ------------------------------------------------------------------------------


def test_example_round_trips_through_toml(kcc: Questionnaire, example_data: dict[str, Any]) -> None:
    first = parse(kcc, example_data)
    text = dumps(kcc, first)
    second = parse(kcc, tomllib.loads(text))
    assert second == first
    assert dumps(kcc, second) == text


def test_round_trip_keeps_every_kind_of_answer(kcc: Questionnaire) -> None:
    answers = with_plan(
        complete_answers(),
        {**ROW, "due": date(2026, 3, 31), "cost": "None"},
        {**ROW, "characteristics": "all"},
    )
    answers["details"]["full_assessment_date"] = date(2026, 2, 1)
    data = assessment_data(answers)
    data["resume_at"] = "screening"
    data["history"] = [
        {"version": "0.1", "author": "AO", "date": date(2026, 1, 5), "comment": "First draft"}
    ]
    data["signed"] = {"by": "A. Officer", "at": datetime(2026, 1, 5, 10, 0), "sha256": "a" * 64}
    data["set_aside"] = {"details": {"budget": "1m"}}
    first = parse(kcc, data)
    assert first.resume_at == "screening"
    assert first.history == data["history"]
    assert first.signed == data["signed"]
    assert first.set_aside == {"details": {"budget": "1m"}}
    assert first.get("action_plan", "actions")[1]["characteristics"] == "all"
    assert first.get("action_plan", "actions")[0]["due"] == date(2026, 3, 31)
    second = parse(kcc, tomllib.loads(dumps(kcc, first)))
    assert second == first


def test_loaded_answers_match_the_file(kcc: Questionnaire, example_data: dict[str, Any]) -> None:
    a = parse(kcc, example_data)
    assert a.id == "customer-service-policy"
    assert a.questionnaire == "kcc-eqia"
    assert a.questionnaire_version == "1.3"
    assert a.created == example_data["created"]
    assert a.title == "Customer Service Policy"
    assert a.get("details", "screening_date") == date(2014, 12, 1)
    assert a.get("screening", "negative_impact", "age") == "medium"
    assert a.get("screening", "affects_less_favourably", "gender") is False
    assert a.get("screening", "affects_less_favourably", "religion_or_belief") is None
    assert a.row("screening", "nope") == {}


def test_document_is_in_the_questionnaires_order(kcc: Questionnaire) -> None:
    answers = complete_answers()
    # Build the answers in a scrambled order: the file must still follow the questionnaire.
    scrambled = {k: dict(reversed(list(v.items()))) for k, v in reversed(list(answers.items()))}
    scrambled["screening"] = {
        cid: dict(reversed(list(row.items())))
        for cid, row in reversed(list(answers["screening"].items()))
    }
    doc = to_document(kcc, make_assessment(scrambled))
    assert list(doc) == [
        "format",
        "format_version",
        "id",
        "questionnaire",
        "questionnaire_version",
        "created",
        "updated",
        "details",
        "screening",
        "proportionality",
        "judgement",
        "due_regard",
        "monitoring",
        "sign_off",
    ]
    assert list(doc["screening"]) == KCC_CHARACTERISTICS
    assert list(doc["screening"]["age"]) == [
        "affects_less_favourably",
        "positive_impact",
        "negative_impact",
        "promotes_equal_opportunities",
    ]
    assert list(doc["details"]) == [
        "directorate",
        "title",
        "subject",
        "owner",
        "screening_date",
        "decision_maker",
        "decision_date",
    ]


def test_document_header(kcc: Questionnaire) -> None:
    doc = to_document(kcc, make_assessment({}))
    assert doc["format"] == "eqia-assessment"
    assert doc["format_version"] == 1
    assert "resume_at" not in doc
    assert "set_aside" not in doc


def test_computed_table_is_ignored_on_reading(
    kcc: Questionnaire, example_data: dict[str, Any]
) -> None:
    plain = parse(kcc, example_data)
    example_data["computed"] = {"suggested_rating": "high", "anything": [1, 2]}
    assert parse(kcc, example_data) == plain


def test_parsing_does_not_change_the_input(
    kcc: Questionnaire, example_data: dict[str, Any]
) -> None:
    example_data["questionnaire_version"] = "0.9"
    example_data["details"]["budget"] = "1m"
    before = copy.deepcopy(example_data)
    parse_assessment(example_data, FILE, kcc)
    assert example_data == before


# --- Empty string means not answered ---------------------------------------------------------


def test_empty_string_is_not_answered(kcc: Questionnaire, example_data: dict[str, Any]) -> None:
    example_data["details"]["owner"] = ""
    example_data["details"]["subject"] = "   "
    example_data["screening"]["age"]["negative_impact"] = ""
    a = parse(kcc, example_data)
    assert "owner" not in a.answers["details"]
    assert "subject" not in a.answers["details"]
    assert "negative_impact" not in a.answers["screening"]["age"]
    keys = [m.key for m in missing_answers(kcc, a)]
    assert "details.owner" in keys
    assert "details.subject" in keys
    assert "screening.age.negative_impact" in keys
    assert "owner = " not in dumps(kcc, a).split("[screening")[0]


def test_empty_string_choice_is_not_a_bad_value(kcc: Questionnaire) -> None:
    answers = complete_answers()
    answers["proportionality"]["rating"] = ""
    a = parse(kcc, assessment_data(answers))
    assert a.get("proportionality", "rating") is None
    assert missing_keys(kcc, a.answers) == ["proportionality.rating"]


def test_empty_cells_in_a_table_row_are_dropped(kcc: Questionnaire) -> None:
    answers = with_plan(complete_answers(), {**ROW, "cost": "", "expected_outcome": " "})
    a = parse(kcc, assessment_data(answers))
    assert a.get("action_plan", "actions") == [ROW]


def test_set_removes_empty_answers_and_reports_changes() -> None:
    a = make_assessment({})
    assert a.set("details", "owner", "Someone") is True
    assert a.set("details", "owner", "Someone") is False
    assert a.get("details", "owner") == "Someone"
    assert a.set("details", "owner", "") is True
    assert a.get("details", "owner") is None
    assert "owner" not in a.answers["details"]
    assert a.set("details", "owner", "  ") is False
    assert a.set("screening", "negative_impact", "high", characteristic="age") is True
    assert a.answers["screening"] == {"age": {"negative_impact": "high"}}
    assert a.row("screening", "age") == {"negative_impact": "high"}


def test_title_falls_back_to_the_id() -> None:
    assert make_assessment({}, assessment_id="my-draft").title == "my-draft"
    assert make_assessment({"details": {"title": "  "}}, assessment_id="x").title == "x"
    assert make_assessment({"details": {"title": "Libraries"}}).title == "Libraries"


# --- Bad input: one problem per mistake, with its key path -----------------------------------

Mutation = Callable[[dict[str, Any]], Any]

BAD_ANSWERS: list[tuple[str, Mutation, str, str]] = [
    (
        "level misspelt",
        lambda d: d["screening"]["age"].update(negative_impact="mediun"),
        "screening.age.negative_impact",
        '"mediun" is not allowed; allowed: "high", "medium", "low", "none" or "unknown"',
    ),
    (
        "unknown characteristic",
        lambda d: d["screening"].update(carerz={"negative_impact": "low"}),
        "screening.carerz",
        'unknown characteristic "carerz"; allowed: age, disability, gender',
    ),
    (
        "unknown question",
        lambda d: d["details"].update(ownr="Someone"),
        "details.ownr",
        'no question "ownr" in "details"; allowed: directorate, title, subject, owner',
    ),
    (
        "unknown grid question",
        lambda d: d["screening"]["age"].update(harm="high"),
        "screening.age.harm",
        'no question "harm" in "screening"',
    ),
    (
        "unknown top-level key",
        lambda d: d.update(detailz={"title": "x"}),
        "detailz",
        "unknown key; allowed at the top: format, format_version, id",
    ),
    (
        "yes/no given as text",
        lambda d: d["screening"]["gender"].update(affects_less_favourably="no"),
        "screening.gender.affects_less_favourably",
        '"no" is not allowed; use true (yes) or false (no), without quotes',
    ),
    (
        "text given as a number",
        lambda d: d["details"].update(owner=3),
        "details.owner",
        '3 is not allowed; use text in quotes, such as "..."',
    ),
    (
        "date given as text",
        lambda d: d["details"].update(screening_date="2014-12-01"),
        "details.screening_date",
        '"2014-12-01" is not allowed; use a TOML date such as 2026-12-01, without quotes',
    ),
    (
        "date given as a date and time",
        lambda d: d["details"].update(screening_date=datetime(2014, 12, 1, 9, 0)),
        "details.screening_date",
        "use a TOML date such as 2026-12-01",
    ),
    (
        "choice given as a number",
        lambda d: d["proportionality"].update(rating=2),
        "proportionality.rating",
        '2 is not allowed; allowed: "high", "medium" or "low"',
    ),
    (
        "updated given as text",
        lambda d: d.update(updated="yesterday"),
        "updated",
        "must be a TOML date and time, such as 2026-11-23T18:00:00Z (no quotes)",
    ),
    (
        "created missing",
        lambda d: d.pop("created"),
        "created",
        "is required but missing",
    ),
    (
        "grid row not a table",
        lambda d: d["screening"].update(age="medium"),
        "screening.age",
        "has the wrong type here",
    ),
    (
        "section not a table",
        lambda d: d.update(details="Customer Service Policy"),
        "details",
        "has the wrong type here",
    ),
    (
        "resume_at not text",
        lambda d: d.update(resume_at=3),
        "resume_at",
        "has the wrong type here",
    ),
    (
        "set_aside not a table",
        lambda d: d.update(set_aside="x"),
        "set_aside",
        "has the wrong type here",
    ),
    (
        "id not a slug",
        lambda d: d.update(id="Not A Slug"),
        "id",
        '"Not A Slug" is not a valid id: use 1 to 64 lower-case letters, digits and hyphens',
    ),
    (
        "format_version newer",
        lambda d: d.update(format_version=2),
        "format_version",
        "must be 1",
    ),
    (
        "history not a list",
        lambda d: d.update(history="v1"),
        "history",
        'must be a list of tables: one [[history]] block for each version, not the text "v1"',
    ),
    (
        "history version as a number",
        lambda d: d["history"][2].update(version=0.7),
        "history[2].version",
        'must be text in quotes, such as "1.0", not the number 0.7',
    ),
    (
        "history date as text",
        lambda d: d["history"][0].update(date="yesterday"),
        "history[0].date",
        'must be a TOML date such as 2015-07-27 (no quotes), not the text "yesterday"',
    ),
    (
        "history author as a number",
        lambda d: d["history"][1].update(author=7),
        "history[1].author",
        "not the number 7",
    ),
    (
        "history unknown key",
        lambda d: d["history"][1].update(colour="blue"),
        "history[1].colour",
        "unknown key; allowed: version, author, date, comment",
    ),
    (
        "signed without a hash",
        lambda d: d.update(signed={"by": "Jo"}),
        "signed.sha256",
        "is missing: a sign-off needs the SHA-256 hash of the answers",
    ),
    (
        "signed hash too short",
        lambda d: d.update(signed={"sha256": "ab12"}),
        "signed.sha256",
        '64 hexadecimal characters (0-9 and a-f) in quotes, not the text "ab12"',
    ),
    (
        "signed unknown key",
        lambda d: d.update(signed={"sha256": "a" * 64, "note": "x"}),
        "signed.note",
        "unknown key; allowed: by, at, version, canonical_form, sha256, answers",
    ),
    (
        "signed canonical form as text",
        lambda d: d.update(signed={"sha256": "a" * 64, "canonical_form": "1"}),
        "signed.canonical_form",
        "must be a whole number: 3, or 2 or 1 for a sign-off made by an earlier eqia, not the "
        'text "1"',
    ),
]


@pytest.mark.parametrize(
    ("mutate", "key", "text"),
    [pytest.param(m, k, t, id=name) for name, m, k, t in BAD_ANSWERS],
)
def test_bad_answer_reports_one_problem_with_key_path(
    kcc: Questionnaire, example_data: dict[str, Any], mutate: Mutation, key: str, text: str
) -> None:
    mutate(example_data)
    problems = problems_for(kcc, example_data)
    assert [p.key for p in problems] == [key], [p.line() for p in problems]
    (problem,) = problems
    assert text in problem.message
    assert problem.line() == f"{FILE}: {key}: {problem.message}"


BAD_ROWS: list[tuple[str, dict[str, Any], str, str]] = [
    (
        "unknown column",
        {**ROW, "colour": "red"},
        "action_plan.actions[0].colour",
        'no column "colour" in "actions"; allowed: characteristics, issue, action',
    ),
    (
        "column date as text",
        {**ROW, "due": "soon"},
        "action_plan.actions[0].due",
        '"soon" is not allowed; use a TOML date such as 2026-12-01',
    ),
    (
        "characteristics not all or a list",
        {**ROW, "characteristics": "everyone"},
        "action_plan.actions[0].characteristics",
        '"everyone" is not allowed; use "all" or a list of characteristic ids from "age"',
    ),
]


@pytest.mark.parametrize(
    ("row", "key", "text"),
    [pytest.param(r, k, t, id=name) for name, r, k, t in BAD_ROWS],
)
def test_bad_table_row_reports_key_path(
    kcc: Questionnaire, row: dict[str, Any], key: str, text: str
) -> None:
    problems = problems_for(kcc, assessment_data(with_plan(complete_answers(), row)))
    assert [p.key for p in problems] == [key], [p.line() for p in problems]
    assert text in problems[0].message


def test_table_given_as_a_table_not_a_list(kcc: Questionnaire) -> None:
    answers = complete_answers()
    answers["action_plan"] = {"actions": {"issue": "x"}}
    problems = problems_for(kcc, assessment_data(answers))
    assert [p.key for p in problems] == ["action_plan.actions"]
    assert "use a list of tables ([[...]]), one for each row" in problems[0].message


def test_every_problem_is_reported_at_once(
    kcc: Questionnaire, example_data: dict[str, Any]
) -> None:
    example_data["screening"]["age"]["negative_impact"] = "mediun"
    example_data["screening"]["race"]["negative_impact"] = "mediun"
    example_data["details"]["ownr"] = "x"
    example_data["updated"] = "yesterday"
    keys = [p.key for p in problems_for(kcc, example_data)]
    assert sorted(keys) == sorted(
        [
            "screening.age.negative_impact",
            "screening.race.negative_impact",
            "details.ownr",
            "updated",
        ]
    )


# --- The header, checked before a questionnaire is chosen -------------------------------------

HEADER_CASES: list[tuple[str, Mutation, str, str]] = [
    ("format wrong", lambda d: d.update(format="eqia"), "format", 'must be "eqia-assessment"'),
    ("format missing", lambda d: d.pop("format"), "format", 'must be "eqia-assessment"'),
    (
        "format_version newer",
        lambda d: d.update(format_version=2),
        "format_version",
        "is 2, but this version of eqia reads up to 1; update eqia to open it",
    ),
    (
        "format_version as text",
        lambda d: d.update(format_version="1"),
        "format_version",
        "must be the whole number 1",
    ),
    (
        "format_version as a boolean",
        lambda d: d.update(format_version=True),
        "format_version",
        "must be the whole number 1",
    ),
    ("format_version zero", lambda d: d.update(format_version=0), "format_version", "must be 1"),
    (
        "questionnaire missing",
        lambda d: d.pop("questionnaire"),
        "questionnaire",
        'is missing; name the questionnaire answered, such as "kcc-eqia"',
    ),
    (
        "questionnaire not text",
        lambda d: d.update(questionnaire=3),
        "questionnaire",
        'must name the questionnaire, such as "kcc-eqia"',
    ),
    (
        "questionnaire_version as a number",
        lambda d: d.update(questionnaire_version=1.0),
        "questionnaire_version",
        'must be text, such as "1.0"',
    ),
    (
        "id not a slug",
        lambda d: d.update(id="A B"),
        "id",
        '"A B" is not a valid id: use 1 to 64 lower-case letters, digits and hyphens',
    ),
    ("id with a path", lambda d: d.update(id="../x"), "id", '"../x" is not a valid id'),
    ("id missing", lambda d: d.pop("id"), "id", "is missing; give the assessment an id: use 1"),
    ("format missing", lambda d: d.pop("format"), "format", 'is missing; it must be "eqia-'),
    ("format_version missing", lambda d: d.pop("format_version"), "format_version", "is missing"),
    (
        "questionnaire_version missing",
        lambda d: d.pop("questionnaire_version"),
        "questionnaire_version",
        'is missing; it must be text, such as "1.0"',
    ),
]


@pytest.mark.parametrize(
    ("mutate", "key", "text"),
    [pytest.param(m, k, t, id=name) for name, m, k, t in HEADER_CASES],
)
def test_check_header(example_data: dict[str, Any], mutate: Mutation, key: str, text: str) -> None:
    mutate(example_data)
    with pytest.raises(BadInput) as caught:
        check_header(example_data, FILE)
    assert [p.key for p in caught.value.problems] == [key]
    assert text in caught.value.problems[0].message


def test_check_header_reports_every_problem(example_data: dict[str, Any]) -> None:
    example_data.update(format="x", format_version=9, id="A B")
    example_data.pop("questionnaire_version")
    with pytest.raises(BadInput) as caught:
        check_header(example_data, FILE)
    assert [p.key for p in caught.value.problems] == [
        "format",
        "format_version",
        "questionnaire_version",
        "id",
    ]


def test_check_header_returns_the_questionnaire(example_data: dict[str, Any]) -> None:
    assert check_header(example_data, FILE) == ("kcc-eqia", "1.3")


# --- Another version of the questionnaire ----------------------------------------------------


def test_other_version_keeps_removed_answers_aside(
    kcc: Questionnaire, example_data: dict[str, Any]
) -> None:
    example_data["questionnaire_version"] = "0.9"
    example_data["details"]["budget"] = "1m"
    example_data["screening"]["martians"] = {"negative_impact": "low"}
    example_data["screening"]["age"]["colour"] = "red"
    example_data["screening"]["race"]["negative_impact"] = "severe"
    example_data["old_section"] = {"question": True}
    loaded = parse_assessment(example_data, FILE, kcc)
    a = loaded.assessment
    assert a.set_aside == {
        "details": {"budget": "1m"},
        "screening": {
            "martians": {"negative_impact": "low"},
            "age": {"colour": "red"},
            "race": {"negative_impact": "severe"},
        },
        "old_section": {"question": True},
    }
    assert sorted(loaded.notes) == sorted(
        [
            "details.budget: this question is no longer asked; "
            "the answer is kept aside under [set_aside]",
            "screening.martians: this characteristic is no longer asked; "
            "the answer is kept aside under [set_aside]",
            "screening.age.colour: this question is no longer asked; "
            "the answer is kept aside under [set_aside]",
            "screening.race.negative_impact: this answer is no longer an option: answer again; "
            "the answer is kept aside under [set_aside]",
            "old_section: this section is no longer asked; "
            "the answer is kept aside under [set_aside]",
        ]
    )
    # Everything else is still there; the moved answers are not.
    assert a.get("details", "title") == "Customer Service Policy"
    assert a.get("details", "budget") is None
    assert a.get("screening", "negative_impact", "race") is None
    assert a.get("screening", "negative_impact", "age") == "medium"
    assert "colour" not in a.row("screening", "age")
    assert "martians" not in a.answers["screening"]
    assert "race" in [m.characteristic for m in missing_answers(kcc, a)]


def test_set_aside_survives_saving_and_reloading(
    kcc: Questionnaire, example_data: dict[str, Any]
) -> None:
    example_data["questionnaire_version"] = "0.9"
    example_data["details"]["budget"] = "1m"
    first = parse_assessment(example_data, FILE, kcc)
    text = dumps(kcc, first.assessment)
    assert '[set_aside.details]\nbudget = "1m"' in text
    again = parse_assessment(tomllib.loads(text), FILE, kcc)
    assert again.assessment.set_aside == {"details": {"budget": "1m"}}
    assert again.notes == []
    assert again.assessment.answers == first.assessment.answers


def test_other_version_merges_with_answers_already_aside(
    kcc: Questionnaire, example_data: dict[str, Any]
) -> None:
    example_data["questionnaire_version"] = "0.8"
    example_data["set_aside"] = {"details": {"sponsor": "X"}, "older": 1}
    example_data["details"]["budget"] = "1m"
    loaded = parse_assessment(example_data, FILE, kcc)
    assert loaded.assessment.set_aside == {
        "details": {"sponsor": "X", "budget": "1m"},
        "older": 1,
    }
    assert len(loaded.notes) == 1


def test_other_version_with_nothing_removed_has_no_notes(
    kcc: Questionnaire, example_data: dict[str, Any]
) -> None:
    example_data["questionnaire_version"] = "0.9"
    loaded = parse_assessment(example_data, FILE, kcc)
    assert loaded.notes == []
    assert loaded.assessment.set_aside == {}
    example_data["questionnaire_version"] = kcc.version
    assert loaded.assessment.answers == parse(kcc, example_data).answers


def test_other_version_still_refuses_bad_values(
    kcc: Questionnaire, example_data: dict[str, Any]
) -> None:
    example_data["questionnaire_version"] = "0.9"
    example_data["details"]["owner"] = 3
    problems = problems_for(kcc, example_data)
    assert [p.key for p in problems] == ["details.owner"]


def test_same_version_never_sets_aside(kcc: Questionnaire, example_data: dict[str, Any]) -> None:
    example_data["details"]["budget"] = "1m"
    problems = problems_for(kcc, example_data)
    assert [p.key for p in problems] == ["details.budget"]


# --- Which answers are still needed ----------------------------------------------------------


def test_complete_answers_leave_nothing_missing(kcc: Questionnaire) -> None:
    a = make_assessment(complete_answers())
    assert missing_answers(kcc, a) == []
    assert required_count(kcc, a) == 5 + 4 * 10 + 2 + 2 + 2 + 6
    assert progress(kcc, a) == 100


def test_empty_assessment_misses_every_required_answer_in_order(kcc: Questionnaire) -> None:
    a = make_assessment({})
    missing = missing_answers(kcc, a)
    keys = [m.key for m in missing]
    assert keys[:6] == [
        "details.directorate",
        "details.title",
        "details.subject",
        "details.owner",
        "details.screening_date",
        "screening.age.affects_less_favourably",
    ]
    assert "details.full_assessment_date" not in keys
    assert "screening.age.affects_details" not in keys
    assert not any(k.startswith(("full_assessment.", "action_plan.")) for k in keys)
    assert keys[-1] == "sign_off.dmt_member_date"
    assert len(keys) == required_count(kcc, a)
    assert progress(kcc, a) == 0
    assert missing[0] == Missing("details", "directorate", None, "About the policy: Directorate")
    assert missing[5] == Missing(
        "screening", "affects_less_favourably", "age", "Age: Affected less favourably"
    )


def test_ask_when_and_required_when_yes(kcc: Questionnaire) -> None:
    answers = complete_answers()
    answers["screening"]["age"]["affects_less_favourably"] = True
    answers["screening"]["race"]["promotes_equal_opportunities"] = True
    assert missing_keys(kcc, answers) == [
        "screening.age.affects_details",
        "screening.race.equal_opportunities_details",
    ]
    a = make_assessment(answers)
    grid = kcc.section("screening")
    assert grid is not None
    question = grid.question("affects_details")
    assert question is not None
    assert question_asked(kcc, a, grid, question, a.row("screening", "age")) is True
    assert question_asked(kcc, a, grid, question, a.row("screening", "gender")) is False


@pytest.mark.parametrize(
    ("level", "needs_action"),
    [("high", True), ("medium", True), ("unknown", True), ("low", False), ("none", False)],
)
def test_action_details_required_from_medium_up(
    kcc: Questionnaire, level: str, needs_action: bool
) -> None:
    answers = complete_answers()
    answers["screening"]["disability"]["negative_impact"] = level
    expected = ["screening.disability.action_details"] if needs_action else []
    assert missing_keys(kcc, answers) == expected


def test_full_assessment_judgement_asks_more_sections(kcc: Questionnaire) -> None:
    answers = complete_answers()
    answers["judgement"]["option"] = "full-assessment"
    a = make_assessment(answers)
    full = kcc.section("full_assessment")
    plan = kcc.section("action_plan")
    assert full is not None and plan is not None
    assert section_asked(kcc, a, full) and section_asked(kcc, a, plan)
    assert missing_keys(kcc, answers) == [
        "full_assessment.context",
        "full_assessment.aims_and_objectives",
        "full_assessment.beneficiaries",
        "full_assessment.information_and_data",
        "full_assessment.involvement_and_engagement",
        "full_assessment.adverse_impact",
        "full_assessment.positive_impact",
        "action_plan.actions",
    ]
    assert required_count(kcc, a) == 57 + 8
    assert progress(kcc, a) == round(100 * 57 / 65)


def test_internal_action_asks_for_the_action_plan_only(kcc: Questionnaire) -> None:
    answers = complete_answers()
    answers["judgement"]["option"] = "internal-action"
    assert missing_keys(kcc, answers) == ["action_plan.actions"]
    answers["action_plan"] = {"actions": [ROW]}
    assert missing_keys(kcc, answers) == []


def test_answers_in_a_section_not_asked_do_not_count(kcc: Questionnaire) -> None:
    answers = complete_answers()
    answers["full_assessment"] = {"context": "Written before the judgement changed."}
    a = make_assessment(answers)
    full = kcc.section("full_assessment")
    assert full is not None
    assert section_asked(kcc, a, full) is False
    assert missing_answers(kcc, a) == []
    assert progress(kcc, a) == 100


def test_example_progress_matches_its_missing_answers(
    kcc: Questionnaire, example_data: dict[str, Any]
) -> None:
    a = parse(kcc, example_data)
    missing = missing_answers(kcc, a)
    total = required_count(kcc, a)
    assert total > len(missing)
    assert progress(kcc, a) == round(100 * (total - len(missing)) / total)


def test_progress_rounds_to_a_whole_percentage(kcc: Questionnaire) -> None:
    answers = complete_answers()
    del answers["details"]["owner"]
    a = make_assessment(answers)
    assert required_count(kcc, a) == 57
    assert progress(kcc, a) == round(100 * 56 / 57) == 98


# --- New assessments and ids -----------------------------------------------------------------


def test_new_assessment(kcc: Questionnaire) -> None:
    a = new_assessment(kcc, "library-hours", "Library hours")
    assert a.id == "library-hours"
    assert a.questionnaire == "kcc-eqia"
    assert a.questionnaire_version == "1.3"
    assert a.created == a.updated
    assert a.created.tzinfo is not None
    assert a.answers == {"details": {"title": "Library hours"}}
    assert a.title == "Library hours"


@pytest.mark.parametrize("bad", ["", "A B", "../x", "x/y", "Caps", "a_b", "a" * 65, "é"])
def test_new_assessment_refuses_bad_ids(kcc: Questionnaire, bad: str) -> None:
    assert not is_slug(bad)
    with pytest.raises(BadInput) as caught:
        new_assessment(kcc, bad)
    (problem,) = caught.value.problems
    assert (
        problem.line()
        == f'"{bad}" is not a valid id: use 1 to 64 lower-case letters, digits and hyphens'
    )


@pytest.mark.parametrize("good", ["a", "customer-service-policy", "2026-budget", "a" * 64])
def test_is_slug(good: str) -> None:
    assert is_slug(good)


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("Customer Service Policy", "customer-service-policy"),
        ("  Libraries: opening hours (2026)!  ", "libraries-opening-hours-2026"),
        ("???", "assessment"),
        ("", "assessment"),
        ("x" * 70, "x" * 64),
    ],
)
def test_slugify(title: str, slug: str) -> None:
    assert slugify(title) == slug
    assert is_slug(slugify(title))


# --- Known bugs ------------------------------------------------------------------------------


def _without_cost_column() -> Questionnaire:
    data = copy.deepcopy(KCC_DATA)
    data["version"] = "2.0"
    table = data["sections"][5]["questions"][0]
    table["columns"] = [c for c in table["columns"] if c["id"] != "cost"]
    return load_questionnaire_data(data, "kcc-2.toml")


def test_other_version_keeps_removed_table_column_aside() -> None:
    newer = _without_cost_column()
    data = assessment_data(with_plan(complete_answers(), {**ROW, "cost": "None"}))
    loaded = parse_assessment(data, FILE, newer)
    assert loaded.assessment.get("action_plan", "actions") == [ROW]
    assert loaded.notes
    assert loaded.assessment.set_aside


def test_question_called_date_keeps_its_key_path(example_data: dict[str, Any]) -> None:
    data = copy.deepcopy(KCC_DATA)
    data["sections"][0]["questions"][4]["id"] = "date"
    data["roles"]["assessment_dates"][0] = "details.date"
    questionnaire = load_questionnaire_data(data, "kcc-date.toml")
    del example_data["details"]["screening_date"]
    example_data["details"]["date"] = "yesterday"
    problems = problems_for(questionnaire, example_data)
    assert [p.key for p in problems] == ["details.date"]


def test_other_version_with_set_aside_not_a_table_is_bad_input(
    kcc: Questionnaire, example_data: dict[str, Any]
) -> None:
    example_data["questionnaire_version"] = "0.9"
    example_data["set_aside"] = "x"
    example_data["details"]["budget"] = "1m"
    problems = problems_for(kcc, example_data)
    assert [p.key for p in problems] == ["set_aside"]


def test_bad_characteristic_in_a_row_is_one_problem(kcc: Questionnaire) -> None:
    data = assessment_data(with_plan(complete_answers(), {**ROW, "characteristics": ["age", "x"]}))
    problems = problems_for(kcc, data)
    assert [p.key for p in problems] == ["action_plan.actions[0].characteristics[1]"]


def test_set_aside_not_a_table_says_so(kcc: Questionnaire, example_data: dict[str, Any]) -> None:
    example_data["questionnaire_version"] = "0.9"
    example_data["set_aside"] = "x"
    example_data["old_section"] = {"question": True}
    (problem,) = problems_for(kcc, example_data)
    assert problem.key == "set_aside"
    assert 'must be a table, not the text "x"' in problem.message


def test_set_aside_part_not_a_table_is_bad_input(
    kcc: Questionnaire, example_data: dict[str, Any]
) -> None:
    example_data["questionnaire_version"] = "0.9"
    example_data["set_aside"] = {"details": "x"}
    example_data["details"]["budget"] = "1m"
    (problem,) = problems_for(kcc, example_data)
    assert problem.key == "set_aside.details"
    assert "must be a table" in problem.message


def test_answer_already_set_aside_is_not_overwritten(
    kcc: Questionnaire, example_data: dict[str, Any]
) -> None:
    example_data["questionnaire_version"] = "0.9"
    example_data["set_aside"] = {"details": {"budget": "1m"}, "old": {"a": 1}}
    example_data["details"]["budget"] = "2m"
    (problem,) = problems_for(kcc, example_data)
    assert problem.key == "set_aside.details.budget"
    example_data["details"]["budget"] = "1m"
    example_data["old"] = {"b": 2}
    aside = parse(kcc, example_data).set_aside
    assert aside == {"details": {"budget": "1m"}, "old": {"a": 1, "b": 2}}


def test_removed_column_kept_aside_survives_saving_and_keeps_the_version() -> None:
    newer = _without_cost_column()
    rows = [ROW, {**ROW, "cost": "5000"}]
    data = assessment_data(with_plan(complete_answers(), *rows))
    loaded = parse_assessment(data, FILE, newer)
    assert loaded.notes == [
        "action_plan.actions[1].cost: this column is no longer asked; "
        "the answer is kept aside under [set_aside]"
    ]
    assert loaded.assessment.set_aside == {"action_plan": {"actions": [{}, {"cost": "5000"}]}}
    assert loaded.assessment.get("action_plan", "actions") == [ROW, ROW]
    # Only saving from the app moves the file on to the new version.
    assert loaded.assessment.questionnaire_version == KCC_VERSION
    again = parse_assessment(tomllib.loads(dumps(newer, loaded.assessment)), FILE, newer)
    assert again.assessment.set_aside == loaded.assessment.set_aside
    assert again.notes == []


def test_other_version_sets_aside_a_row_naming_a_removed_characteristic(
    kcc: Questionnaire,
) -> None:
    data = assessment_data(with_plan(complete_answers(), {**ROW, "characteristics": ["martians"]}))
    data["questionnaire_version"] = "0.9"
    loaded = parse_assessment(data, FILE, kcc)
    assert loaded.assessment.set_aside == {
        "action_plan": {"actions": [{"characteristics": ["martians"]}]}
    }
    assert loaded.notes == [
        "action_plan.actions[0].characteristics: this answer is no longer an option: "
        "answer again; the answer is kept aside under [set_aside]"
    ]
    assert [m.key for m in missing_answers(kcc, loaded.assessment)] == [
        "action_plan.actions[0].characteristics"
    ]


@pytest.mark.parametrize("question_id", ["list", "str", "bool", "literal"])
def test_question_named_like_a_type_keeps_its_key_path(
    example_data: dict[str, Any], question_id: str
) -> None:
    data = copy.deepcopy(KCC_DATA)
    data["sections"][0]["questions"][1]["id"] = question_id  # the title, a text question
    questionnaire = load_questionnaire_data(data, "kcc-renamed.toml")
    del example_data["details"]["title"]
    example_data["details"][question_id] = 3
    (problem,) = problems_for(questionnaire, example_data)
    assert problem.key == f"details.{question_id}"
    assert problem.message == '3 is not allowed; use text in quotes, such as "..."'


def test_characteristics_not_a_list_is_one_problem(kcc: Questionnaire) -> None:
    data = assessment_data(with_plan(complete_answers(), {**ROW, "characteristics": "some"}))
    (problem,) = problems_for(kcc, data)
    assert problem.key == "action_plan.actions[0].characteristics"
    assert problem.message.startswith('"some" is not allowed; use "all" or a list')


# --- Required columns of a table -------------------------------------------------------------


def test_missing_answers_reports_a_required_column_left_empty(kcc: Questionnaire) -> None:
    answers = with_plan(complete_answers(), ROW, {**ROW, "owner": "", "timescale": "  "})
    a = parse(kcc, assessment_data(answers))
    missing = missing_answers(kcc, a)
    assert [m.key for m in missing] == [
        "action_plan.actions[1].owner",
        "action_plan.actions[1].timescale",
    ]
    assert missing[0] == Missing(
        "action_plan", "actions", None, "Action plan: Action 2: Owner", 1, "owner"
    )
    assert required_count(kcc, a) == required_count(kcc, make_assessment(complete_answers())) + (
        1 + 2 * 5
    )
    assert 0 < progress(kcc, a) < 100


def test_complete_rows_leave_nothing_missing(kcc: Questionnaire) -> None:
    a = parse(kcc, assessment_data(with_plan(complete_answers(), ROW, ROW)))
    assert missing_answers(kcc, a) == []
    assert progress(kcc, a) == 100
