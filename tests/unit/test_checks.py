"""The robustness check: each check fires on its own defect, and only there.

`tests/fixtures/checks/clean.toml` has nothing to find. Each test breaks it one way and
asserts the exact set of finding ids, so a check that fires too widely fails as surely as
one that does not fire at all.
"""

from __future__ import annotations

import copy
import json
import tomllib
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest

from eqia_tui.cli import main
from eqia_tui.core.checks import (
    ACRONYMS,
    EVIDENCE_WORDS,
    Finding,
    check,
    explained_acronyms,
    has_errors,
    longest_sentence,
    question_name,
    summary,
    unexplained_acronyms,
)
from eqia_tui.core.model.assessment import Assessment, parse_assessment
from eqia_tui.core.model.questionnaire import (
    Questionnaire,
    load_questionnaire_data,
    load_questionnaire_file,
)
from eqia_tui.core.model.roles import acronyms
from eqia_tui.core.rules.pointers import points_elsewhere
from eqia_tui.core.storage.store import dumps

from .helpers import EXAMPLE, KCC_DATA
from .test_checks_legal import LEGAL_IDS

KCC_WORDS = acronyms(load_questionnaire_data(KCC_DATA, "kcc-eqia.toml"))

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "checks"
CLEAN = FIXTURES / "clean.toml"
MINI_QUESTIONNAIRE = FIXTURES / "mini-questionnaire.toml"
MINI = FIXTURES / "mini.toml"
TODAY = date(2026, 6, 1)
ALTERNATIVES = (
    "Keeping Monday opening would mean closing another evening, which working parents use."
)
LONG = (
    "This sentence goes on and on with one idea after another so that by the time a reader "
    "reaches the end of it they have forgotten the beginning and need to read it all again."
)

Mutate = Callable[[dict[str, Any]], None]


def clean_data() -> dict[str, Any]:
    return tomllib.loads(CLEAN.read_text(encoding="utf-8"))


def load(questionnaire: Questionnaire, data: dict[str, Any]) -> Assessment:
    return parse_assessment(data, "test.toml", questionnaire).assessment


def findings_for(questionnaire: Questionnaire, mutate: Mutate | None = None) -> list[Finding]:
    data = clean_data()
    if mutate is not None:
        mutate(data)
    return check(questionnaire, load(questionnaire, data), TODAY)


def ids(findings: list[Finding]) -> set[str]:
    return {f.id for f in findings}


# --- The clean fixture -------------------------------------------------------------------------


def test_clean_fixture_has_no_findings(kcc: Questionnaire) -> None:
    assert findings_for(kcc) == []


def test_clean_fixture_exercises_the_evidence_rule(kcc: Questionnaire) -> None:
    """The clean file has an unknown impact covered by an action that gathers evidence, so
    the no-finding result above means the rule looked and was satisfied."""
    data = clean_data()
    assert data["screening"]["age"]["negative_impact"] == "unknown"
    assert "Survey" in data["action_plan"]["actions"][0]["action"]


# --- One defect each ---------------------------------------------------------------------------


def _set(path: str, value: Any) -> Mutate:
    def mutate(data: dict[str, Any]) -> None:
        *parents, last = path.split(".")
        target = data
        for part in parents:
            target = target.setdefault(part, {})
        target[last] = value

    return mutate


def _delete(path: str) -> Mutate:
    def mutate(data: dict[str, Any]) -> None:
        *parents, last = path.split(".")
        target = data
        for part in parents:
            target = target[part]
        del target[last]

    return mutate


def _all(*steps: Mutate) -> Mutate:
    def mutate(data: dict[str, Any]) -> None:
        for step in steps:
            step(data)

    return mutate


def _action(index: int, column: str, value: Any = None) -> Mutate:
    def mutate(data: dict[str, Any]) -> None:
        row = data["action_plan"]["actions"][index]
        if value is None:
            del row[column]
        else:
            row[column] = value

    return mutate


DEFECTS: list[tuple[str, Mutate, str]] = [
    (
        "yes-without-details",
        _delete("screening.age.affects_details"),
        "screening.age.affects_details",
    ),
    (
        "yes-without-details",
        _delete("screening.carers.equal_opportunities_details"),
        "screening.carers.equal_opportunities_details",
    ),
    ("characteristic-not-answered", _delete("screening.carers"), "screening.carers"),
    ("required-missing", _delete("details.owner"), "details.owner"),
    (
        "required-missing",
        _delete("screening.race.promotes_equal_opportunities"),
        "screening.race.promotes_equal_opportunities",
    ),
    (
        # Gender becomes unknown; only the age action gathers evidence, and not for gender.
        "unknown-without-evidence-action",
        _all(
            _set("screening.gender.negative_impact", "unknown"),
            _set("screening.gender.evidence", "No figures by gender yet."),
            _set("screening.gender.action_details", "Ask women's groups."),
        ),
        "screening.gender.negative_impact",
    ),
    (
        # The age action no longer finds anything out.
        "unknown-without-evidence-action",
        _action(0, "action", "Move the reading group to Tuesday."),
        "screening.age.negative_impact",
    ),
    (
        # The officer agrees with the high weighting, so it is not stale.
        "high-without-justification",
        _all(
            _set("screening.disability.negative_impact", "high"),
            _set("proportionality.rating", "high"),
            _set("due_regard.alternatives", ALTERNATIVES),
            _delete("judgement.justification"),
        ),
        "judgement.justification",
    ),
    (
        "weighting-differs-without-reasons",
        _all(_set("proportionality.rating", "low"), _delete("proportionality.reasons")),
        "proportionality.reasons",
    ),
    (
        # Without the plan, the unknown age impact is made low so nothing else is missing.
        "no-actions",
        _all(_delete("action_plan"), _set("screening.age.negative_impact", "low")),
        "action_plan.actions",
    ),
    ("action-incomplete", _action(1, "owner"), "action_plan.actions[1].owner"),
    ("action-incomplete", _action(2, "timescale"), "action_plan.actions[2].timescale"),
    (
        # Internal action in the grid and an action plan, both left out with Option 1.
        "lightest-judgement-with-actions",
        _set("judgement.option", "screening-sufficient"),
        "judgement.option",
    ),
    (
        # Only the action plan: the grid says no action ("N/A", "No") where it is asked.
        "lightest-judgement-with-actions",
        _all(
            _set("judgement.option", "screening-sufficient"),
            _set("screening.age.negative_impact", "low"),
            _set("screening.age.action_details", "N/A"),
            _set("screening.disability.negative_impact", "low"),
            _set("screening.disability.action_details", "No"),
            _delete("screening.race.action_details"),
            _set("proportionality.rating", "low"),
        ),
        "judgement.option",
    ),
    (
        "weighting-differs-from-suggestion",
        _all(
            _set("proportionality.rating", "high"),
            _set("due_regard.alternatives", ALTERNATIVES),
        ),
        "proportionality.reasons",
    ),
    ("no-review-date", _delete("monitoring.review_date"), "monitoring.review_date"),
    (
        "review-date-passed",
        _set("monitoring.review_date", date(2026, 5, 31)),
        "monitoring.review_date",
    ),
    ("long-sentence", _set("details.subject", LONG), "details.subject"),
    (
        "long-sentence",
        _action(0, "expected_outcome", LONG),
        "action_plan.actions[0].expected_outcome",
    ),
    (
        "unexplained-acronym",
        _set("screening.race.action_details", "Ask the BME forum."),
        "screening.race.action_details",
    ),
    (
        "points-elsewhere",
        _set("screening.race.action_details", "As above."),
        "screening.race.action_details",
    ),
    (
        "points-elsewhere",
        _set("screening.carers.equal_opportunities_details", "Same as age"),
        "screening.carers.equal_opportunities_details",
    ),
    (
        "points-elsewhere",
        _action(2, "expected_outcome", "See action 1."),
        "action_plan.actions[2].expected_outcome",
    ),
]

WARNINGS = (
    "long-sentence",
    "unexplained-acronym",
    "points-elsewhere",
    "weighting-differs-from-suggestion",
)


@pytest.mark.parametrize(
    ("finding_id", "mutate", "key"),
    DEFECTS,
    ids=[f"{d[0]}:{d[2]}" for d in DEFECTS],
)
def test_each_check_fires_on_its_defect_only(
    kcc: Questionnaire, finding_id: str, mutate: Mutate, key: str
) -> None:
    findings = findings_for(kcc, mutate)
    assert ids(findings) == {finding_id}
    assert [f.key for f in findings] == [key]
    finding = findings[0]
    assert finding.message and finding.fix
    assert finding.severity == ("warning" if finding_id.startswith(WARNINGS) else "error")


def test_screening_sufficient_with_risk_and_no_action_for_the_group(kcc: Questionnaire) -> None:
    """No action is written anywhere ("None" in the grid means no action): the judgement is
    too light for the grid, and the group with a medium impact has no action or reason (the
    legal test `impact-without-action`). Both are true, so both are reported."""
    findings = findings_for(
        kcc,
        _all(
            _set("judgement.option", "screening-sufficient"),
            _delete("action_plan"),
            _set("screening.age.negative_impact", "low"),
            _delete("screening.age.action_details"),
            _set("screening.disability.action_details", "None."),
            _delete("screening.race.action_details"),
        ),
    )
    assert [(f.id, f.key) for f in findings] == [
        ("impact-without-action", "screening.disability.action_details"),
        ("screening-sufficient-with-risk", "judgement.option"),
    ]


def test_every_check_id_is_covered_by_a_defect() -> None:
    covered = (
        {d[0] for d in DEFECTS}
        | LEGAL_IDS
        | {
            "screening-sufficient-with-risk",
            "changed-since-signed",
            "long-sentence-in-help",
            "unexplained-acronym-in-help",
        }
    )
    documented = set(_documented_ids())
    assert covered == documented


def _documented_ids() -> list[str]:
    docs = Path(__file__).resolve().parents[2] / "docs" / "checks.md"
    return [
        line.split("`")[1] for line in docs.read_text().splitlines() if line.startswith("### `")
    ]


def test_messages_name_the_characteristic_by_label(kcc: Questionnaire) -> None:
    [finding] = findings_for(kcc, _delete("screening.age.affects_details"))
    assert finding.message.startswith("Age: ")
    [finding] = findings_for(kcc, _delete("screening.race.promotes_equal_opportunities"))
    assert "Race" in finding.message and "race" not in finding.message.split(":")[0]
    [finding] = findings_for(kcc, _set("judgement.option", "screening-sufficient"))
    assert '"Unknown" for Age and "Medium" for Disability' in finding.message


def test_a_whole_row_missing_is_one_finding_not_six(kcc: Questionnaire) -> None:
    findings = findings_for(kcc, _delete("screening.disability"))
    assert [(f.id, f.key) for f in findings] == [
        ("characteristic-not-answered", "screening.disability")
    ]


def test_high_impact_with_full_assessment_needs_no_justification_check(
    kcc: Questionnaire,
) -> None:
    """Only a lighter judgement than the high weighting calls for needs the reason."""
    findings = findings_for(
        kcc,
        _all(
            _set("screening.disability.negative_impact", "high"),
            _set("judgement.option", "full-assessment"),
            _delete("judgement.justification"),
        ),
    )
    assert "high-without-justification" not in ids(findings)
    assert ("required-missing", "judgement.justification") in {(f.id, f.key) for f in findings}


def test_high_impact_with_a_justification_is_accepted(kcc: Questionnaire) -> None:
    findings = findings_for(
        kcc,
        _all(
            _set("screening.disability.negative_impact", "high"),
            _set("proportionality.rating", "high"),
            _set("due_regard.alternatives", ALTERNATIVES),
        ),
    )
    assert findings == []


def test_review_date_today_is_not_past(kcc: Questionnaire) -> None:
    assert findings_for(kcc, _set("monitoring.review_date", TODAY)) == []


def test_an_action_for_all_covers_every_characteristic(kcc: Questionnaire) -> None:
    findings = findings_for(
        kcc,
        _all(
            _set("screening.gender.negative_impact", "unknown"),
            _set("screening.gender.evidence", "No figures by gender yet."),
            _set("screening.gender.action_details", "Ask women's groups."),
            _action(2, "action", "Consult every group on the new times before the change."),
        ),
    )
    assert findings == []


def test_acronym_spelled_out_is_accepted(kcc: Questionnaire) -> None:
    text = "Ask the black and minority ethnic (BME) forum."
    assert findings_for(kcc, _set("screening.race.action_details", text)) == []


@pytest.mark.parametrize(
    "explained",
    [
        "The Kent County Council (KCC) libraries open later.",
        "The KCC (Kent County Council) libraries open later.",
    ],
)
def test_acronym_explained_once_counts_everywhere(kcc: Questionnaire, explained: str) -> None:
    findings = findings_for(
        kcc,
        _all(
            _set("details.subject", explained),
            _set("screening.race.action_details", "Ask the KCC translation team."),
            _action(1, "owner", "KCC Mobile Library Team"),
        ),
    )
    assert findings == []


def test_acronym_explained_later_in_the_assessment_counts_too(kcc: Questionnaire) -> None:
    findings = findings_for(
        kcc,
        _all(
            _set("details.subject", "KCC libraries will open later."),
            _set("monitoring.arrangements", "Kent County Council (KCC) will count visits."),
        ),
    )
    assert findings == []


def test_an_unexplained_acronym_is_reported_once_at_its_first_use(kcc: Questionnaire) -> None:
    findings = findings_for(
        kcc,
        _all(
            _set("details.subject", "KCC libraries will open later."),
            _set("screening.race.action_details", "Ask the KCC translation team."),
            _action(1, "owner", "KCC Mobile Library Team"),
        ),
    )
    assert [(f.id, f.key) for f in findings] == [("unexplained-acronym", "details.subject")]
    assert "It is also used in 2 other answers." in findings[0].message


def test_acronym_explained_by_the_questionnaire_wording(kcc: Questionnaire) -> None:
    """The sign-off asks for the "Directorate management team (DMT) member": the printed
    assessment explains DMT, so an answer may use it."""
    assert findings_for(kcc, _set("details.subject", "The DMT asked for this review.")) == []


# --- Answers that only point elsewhere ------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "As above",
        "As above.",
        "See above",
        "see above.",
        "Same as above",
        "As per above",
        "Ditto",
        "Same as age",
        "Same as for disability.",
        "As for Age",
        "See age",
        "The same actions as for age, disability and race.",
        "The same good practice as for age, disability and race.",
        "As previous row",
        "See previous answer",
        "See action 1.",
        "See row 3",
        "As stated above",
        "N/A - see above",
        "See the action plan",
        "Same as age and disability",
        "As above, also.",
    ],
)
def test_points_elsewhere(kcc: Questionnaire, text: str) -> None:
    assert points_elsewhere(text, kcc)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "None",
        "N/A",
        "As needed",
        "Same as everyone else",
        "See the council website for opening times.",
        "As above, plus a large print letter to every mobile library user.",
        "Older people, as above, may find the new times harder.",
        "Ask the reading group and other Monday visitors what times would suit them.",
        "Above the counter there is a new sign.",
        "Age",
        "Before",
    ],
)
def test_does_not_point_elsewhere(kcc: Questionnaire, text: str) -> None:
    assert not points_elsewhere(text, kcc)


def test_points_elsewhere_names_the_row_and_quotes_the_answer(kcc: Questionnaire) -> None:
    [finding] = findings_for(kcc, _set("screening.race.action_details", "As above."))
    assert finding.message == (
        'Race: the answer to "Action needed" ("a) Is internal action required? ...") only '
        'points to another answer: "As above".'
    )
    assert finding.fix.startswith("Write the answer out in this row")
    [finding] = findings_for(kcc, _action(2, "expected_outcome", "See action 1."))
    assert finding.message.startswith(
        'In action 3 ("The new times must be clear to everyone"), "Expected outcome" only points'
    )


def test_a_pointer_outside_a_row_is_not_flagged(kcc: Questionnaire) -> None:
    """Only rows are read on their own; an answer in a section follows the one before it."""
    assert findings_for(kcc, _set("monitoring.arrangements", "As above.")) == []


# --- How messages name questions -------------------------------------------------------------


def test_question_names_follow_the_screen(kcc: Questionnaire) -> None:
    def name(ref: str) -> str:
        found = kcc.resolve(ref)
        assert found is not None
        return question_name(kcc, found[1])

    assert name("proportionality.reasons") == '"State the rating and your reasons"'
    assert name("monitoring.arrangements") == '"Monitoring arrangements"'
    assert name("details.owner") == '"Responsible owner or senior officer"'
    assert name("screening.action_details") == (
        '"Action needed" ("a) Is internal action required? ...")'
    )
    assert name("screening.affects_less_favourably") == (
        '"Affected less favourably" ("Could this policy, procedure...")'
    )


def test_every_question_name_is_recognisable_on_screen(kcc: Questionnaire) -> None:
    """The name starts with the label as shown, or is the short label followed by the
    label's first words."""
    for section in kcc.sections:
        questions = list(section.questions)
        for question in section.questions:
            questions += getattr(question, "columns", [])
        for question in questions:
            label = kcc.words(question.label)
            name = question_name(kcc, question)
            opening = name.split('("', 1)[-1].rstrip('.")').rstrip()
            assert name == f'"{label}"' or label.startswith(opening), name
            assert len(name) <= 70, name


def test_messages_and_fixes_are_plain_sentences(kcc: Questionnaire) -> None:
    findings = [f for _, mutate, _ in DEFECTS for f in findings_for(kcc, mutate)]
    findings += check(kcc, load(kcc, tomllib.loads(EXAMPLE.read_text(encoding="utf-8"))), TODAY)
    for finding in findings:
        for text in (finding.message, finding.fix):
            assert text.lstrip('"')[:1].isupper(), text
            ending = text.replace("...", "\u2026")
            assert ending.endswith((".", '."')) and not ending.endswith(('.".', "..")), text
            assert "Answer it." not in text and "Fix:" not in text
            assert not any(bad in text for bad in ("['", "{'", "True", "False", "datetime")), text
        both = f"{finding.message} {finding.fix}"
        assert unexplained_acronyms(both) == [], both


# --- Signed, then changed ------------------------------------------------------------------------


def test_signed_and_unchanged_is_clean_then_a_change_is_found(kcc: Questionnaire) -> None:
    signing = pytest.importorskip("eqia_tui.core.signing")
    assessment = load(kcc, clean_data())
    # kcc-eqia asks for the equality group's approval before sign-off.
    signing.submit(kcc, assessment, by="Sam Patel", at=datetime(2026, 2, 10, 9, 0, tzinfo=UTC))
    signing.approve(kcc, assessment, by="Jo Brown", at=datetime(2026, 2, 10, 12, 0, tzinfo=UTC))
    signing.sign(kcc, assessment, by="Sam Patel", at=datetime(2026, 2, 10, 17, 0, tzinfo=UTC))
    assert check(kcc, assessment, TODAY) == []
    assessment.set("details", "owner", "Somebody else")
    findings = check(kcc, assessment, TODAY)
    assert [(f.id, f.key) for f in findings] == [("changed-since-signed", "signed")]
    assert '"Responsible owner or senior officer"' in findings[0].message


# --- Help texts of the questionnaire --------------------------------------------------------------


def _kcc_with_help(help_text: str) -> Questionnaire:
    data = copy.deepcopy(KCC_DATA)
    owner = next(q for q in data["sections"][0]["questions"] if q["id"] == "owner")
    owner["help"] = help_text
    return load_questionnaire_data(data, "kcc-eqia-test.toml")


def test_help_with_unexplained_acronym(kcc: Questionnaire) -> None:
    questionnaire = _kcc_with_help("The CMT member who owns this work.")
    findings = check(questionnaire, load(questionnaire, clean_data()), TODAY)
    assert [(f.id, f.key, f.severity) for f in findings] == [
        ("unexplained-acronym-in-help", "details.owner", "warning")
    ]


def test_help_with_long_sentence(kcc: Questionnaire) -> None:
    questionnaire = _kcc_with_help(LONG)
    findings = check(questionnaire, load(questionnaire, clean_data()), TODAY)
    assert [(f.id, f.key) for f in findings] == [("long-sentence-in-help", "details.owner")]


def test_built_in_questionnaire_help_is_plain_english(kcc: Questionnaire) -> None:
    """Every section of kcc-eqia asked (full assessment included): no help warnings."""
    data = clean_data()
    data["judgement"]["option"] = "full-assessment"
    findings = check(kcc, load(kcc, data), TODAY)
    assert not [f for f in findings if f.id.endswith("-in-help")]


# --- Any questionnaire ----------------------------------------------------------------------------


def test_questionnaire_without_weighting_skips_those_checks_cleanly() -> None:
    data = copy.deepcopy(KCC_DATA)
    del data["weighting"]
    del data["roles"]["internal_action_judgement"]  # it names an option of the judgement
    questionnaire = load_questionnaire_data(data, "no-weighting.toml")
    # Break what only the weighting-based checks could see: they are skipped, not crashed.
    broken = clean_data()
    broken["judgement"]["option"] = "screening-sufficient"
    broken["proportionality"]["rating"] = "high"
    del broken["action_plan"]
    findings = check(questionnaire, load(questionnaire, broken), TODAY)
    assert findings == []


def test_questionnaire_with_no_grid_and_no_table() -> None:
    questionnaire = load_questionnaire_file(MINI_QUESTIONNAIRE)
    data = tomllib.loads(MINI.read_text(encoding="utf-8"))
    findings = check(questionnaire, load(questionnaire, data), TODAY)
    assert [(f.id, f.key) for f in findings] == [
        ("yes-without-details", "details.consultation_details"),
        ("unexplained-acronym", "findings.summary"),
    ]
    data["findings"]["next_review"] = date(2026, 1, 1)
    findings = check(questionnaire, load(questionnaire, data), TODAY)
    assert "review-date-passed" in ids(findings)


# --- Plain English helpers ------------------------------------------------------------------------


def test_longest_sentence_counts_words_per_sentence() -> None:
    assert longest_sentence("") == 0
    assert longest_sentence("One two three. Four five!") == 3
    assert longest_sentence("First line\nsecond line has four") == 4
    assert longest_sentence(LONG) == 35


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The DMT agreed it.", ["DMT"]),
        ("The directorate management team (DMT) agreed it.", []),
        ("The DMT (directorate management team) agreed it.", []),
        ("Send it to the directorate management team. The DMT agreed.", []),
        ("Our EqIA and the KCC plan.", ["EqIA", "KCC"]),
        ("Please send the form.", []),
        ("SENDING is not SEND.", ["SEND"]),
        ("The E&D team.", ["E&D"]),
        ("The E & D team.", ["E&D"]),
        ("Our EQIA and our EQiA.", ["EqIA"]),
        ("KCC (2015) agreed it.", ["KCC"]),
        ("PLEASE SEND THE FORM TO THE TEAM.", []),
        ("KCC and BME.", ["KCC", "BME"]),
        ("The LGBT forum and the NHS trust in the UK.", []),
        ("The SEN and SEND teams.", ["SEN", "SEND"]),
    ],
)
def test_unexplained_acronyms(text: str, expected: list[str]) -> None:
    assert unexplained_acronyms(text, known=KCC_WORDS) == expected


def test_acronyms_explained_elsewhere() -> None:
    texts = ["Kent County Council (KCC) runs it.", "The BME (Black, Minority and Ethnic) forum."]
    assert explained_acronyms(texts, KCC_WORDS) == {"KCC", "BME"}
    assert unexplained_acronyms("The KCC and BME plan.", {"KCC", "BME"}, KCC_WORDS) == []


def test_council_short_forms_come_from_the_questionnaire() -> None:
    # The general list knows nothing of one council; kcc-eqia names its own short forms.
    assert unexplained_acronyms("The KCC plan.") == []
    assert unexplained_acronyms("The KCC plan.", known=KCC_WORDS) == ["KCC"]
    data = copy.deepcopy(KCC_DATA)
    data["roles"]["plain_words"] = ["BME", "KCC"]
    del data["roles"]["acronyms"]["KCC"]
    plain = acronyms(load_questionnaire_data(data, "plain.toml"))
    assert unexplained_acronyms("The KCC and BME plan.", known=plain) == []


def test_documented_lists_are_short() -> None:
    assert len(ACRONYMS) <= 20 and len(EVIDENCE_WORDS) <= 12


def test_summary_and_has_errors() -> None:
    error = Finding("required-missing", "error", "a.b", "m", "f")
    warning = Finding("long-sentence", "warning", "a.c", "m", "f")
    assert summary([]) == "No problems found."
    assert summary([error, warning, warning]) == "Found 1 error and 2 warnings."
    assert has_errors([error]) and not has_errors([warning])


# --- The command ----------------------------------------------------------------------------------


def _run(capsys: pytest.CaptureFixture[str], *args: str | Path) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_check_clean_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "check", CLEAN, "--today", "2026-06-01")
    assert code == 0
    assert out == "No problems found.\n"


def test_cli_check_errors_exit_1_one_line_each(
    capsys: pytest.CaptureFixture[str], kcc: Questionnaire, tmp_path: Path
) -> None:
    data = clean_data()
    del data["details"]["owner"]
    del data["action_plan"]["actions"][0]["owner"]
    path = tmp_path / "broken.toml"
    path.write_text(dumps(kcc, load(kcc, data)), encoding="utf-8")
    code, out, _ = _run(capsys, "check", path, "--today", "2026-06-01")
    assert code == 1
    lines = out.splitlines()
    assert lines[0] == (
        'error: details.owner: About the policy: "Responsible owner or senior officer" is not '
        "answered. Fix: Fill it in: the person accountable for this work."
    )
    assert lines[1].startswith("error: action_plan.actions[0].owner: Action 1 (")
    assert lines[-1] == "Found 2 errors."


def test_cli_check_warnings_only_exit_0_and_json(
    capsys: pytest.CaptureFixture[str], kcc: Questionnaire, tmp_path: Path
) -> None:
    data = clean_data()
    data["details"]["subject"] = "The BME forum asked for this."
    path = tmp_path / "warning.toml"
    path.write_text(dumps(kcc, load(kcc, data)), encoding="utf-8")
    code, out, _ = _run(capsys, "check", path, "--today", "2026-06-01", "--json")
    assert code == 0
    assert json.loads(out) == [
        {
            "id": "unexplained-acronym",
            "severity": "warning",
            "key": "details.subject",
            "message": 'The answer to "What is being assessed?" uses BME without saying what '
            "it stands for.",
            "fix": "Write it out once with the short form in brackets, as in "
            '"black and minority ethnic (BME)". Once is enough for the whole assessment.',
        }
    ]


def test_cli_check_unreadable_file_exits_2(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, out, err = _run(capsys, "check", tmp_path / "missing.toml")
    assert code == 2 and out == ""
    assert "no such file" in err


def test_cli_check_example_reports_the_real_gap(capsys: pytest.CaptureFixture[str]) -> None:
    """The example leaves "affected less favourably" empty for religion or belief, as the
    original form did. (Only that gap is asserted: the example is still being extended.)"""
    code, out, _ = _run(capsys, "check", EXAMPLE, "--json")
    assert code == 1
    findings = json.loads(out)
    gap = [
        f for f in findings if f["key"] == "screening.religion_or_belief.affects_less_favourably"
    ]
    assert len(gap) == 1
    assert gap[0]["id"] == "required-missing" and gap[0]["severity"] == "error"
    assert gap[0]["message"].startswith("Religion or belief: ")
    # Nothing invented: every finding is about a key path of the kcc-eqia questionnaire.
    sections = {"details", "screening", "proportionality", "judgement", "full_assessment"}
    sections |= {"action_plan", "due_regard", "monitoring", "sign_off", "signed"}
    assert {f["key"].split(".")[0] for f in findings} <= sections
