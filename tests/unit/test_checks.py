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

from eqia_tui.assessment import Assessment, parse_assessment
from eqia_tui.checks import (
    ACRONYMS,
    EVIDENCE_WORDS,
    Finding,
    check,
    has_errors,
    longest_sentence,
    summary,
    unexplained_acronyms,
)
from eqia_tui.cli import main
from eqia_tui.questionnaire import Questionnaire, load_questionnaire_data, load_questionnaire_file
from eqia_tui.store import dumps

from .helpers import EXAMPLE, KCC_DATA

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "checks"
CLEAN = FIXTURES / "clean.toml"
MINI_QUESTIONNAIRE = FIXTURES / "mini-questionnaire.toml"
MINI = FIXTURES / "mini.toml"
TODAY = date(2026, 6, 1)
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
        "high-without-justification",
        _all(
            _set("screening.disability.negative_impact", "high"),
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
        "screening-sufficient-with-risk",
        _set("judgement.option", "screening-sufficient"),
        "judgement.option",
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
]


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
    assert finding.severity == ("warning" if finding_id.startswith(("long", "unex")) else "error")


def test_every_check_id_is_covered_by_a_defect() -> None:
    covered = {d[0] for d in DEFECTS} | {
        "changed-since-signed",
        "long-sentence-in-help",
        "unexplained-acronym-in-help",
    }
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
    assert "Age (Unknown)" in finding.message and "Disability (Medium)" in finding.message


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
    findings = findings_for(kcc, _set("screening.disability.negative_impact", "high"))
    assert findings == []


def test_a_differing_weighting_with_reasons_is_accepted(kcc: Questionnaire) -> None:
    assert findings_for(kcc, _set("proportionality.rating", "high")) == []


def test_review_date_today_is_not_past(kcc: Questionnaire) -> None:
    assert findings_for(kcc, _set("monitoring.review_date", TODAY)) == []


def test_an_action_for_all_covers_every_characteristic(kcc: Questionnaire) -> None:
    findings = findings_for(
        kcc,
        _all(
            _set("screening.gender.negative_impact", "unknown"),
            _set("screening.gender.action_details", "Ask women's groups."),
            _action(2, "action", "Consult every group on the new times before the change."),
        ),
    )
    assert findings == []


def test_acronym_spelled_out_is_accepted(kcc: Questionnaire) -> None:
    text = "Ask the black and minority ethnic (BME) forum."
    assert findings_for(kcc, _set("screening.race.action_details", text)) == []


# --- Signed, then changed ------------------------------------------------------------------------


def test_signed_and_unchanged_is_clean_then_a_change_is_found(kcc: Questionnaire) -> None:
    signing = pytest.importorskip("eqia_tui.signing")
    assessment = load(kcc, clean_data())
    signing.sign(kcc, assessment, by="Sam Patel", at=datetime(2026, 2, 10, 17, 0, tzinfo=UTC))
    assert check(kcc, assessment, TODAY) == []
    assessment.set("details", "owner", "Somebody else")
    findings = check(kcc, assessment, TODAY)
    assert [(f.id, f.key) for f in findings] == [("changed-since-signed", "signed")]
    assert "details.owner" in findings[0].message


# --- Help texts of the questionnaire --------------------------------------------------------------


def _kcc_with_help(help_text: str) -> Questionnaire:
    data = copy.deepcopy(KCC_DATA)
    owner = next(q for q in data["sections"][0]["questions"] if q["id"] == "owner")
    owner["help"] = help_text
    return load_questionnaire_data(data, "kcc-eqia-test.toml")


def test_help_with_unexplained_acronym(kcc: Questionnaire) -> None:
    questionnaire = _kcc_with_help("The DMT member who owns this work.")
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
    ],
)
def test_unexplained_acronyms(text: str, expected: list[str]) -> None:
    assert unexplained_acronyms(text) == expected


def test_documented_lists_are_short() -> None:
    assert len(ACRONYMS) <= 15 and len(EVIDENCE_WORDS) <= 12


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
    assert lines[0].startswith('error: details.owner: About the policy: "Owner" is not answered.')
    assert "Fix: Answer it." in lines[0]
    assert lines[1].startswith("error: action_plan.actions[0].owner: Action 1 (")
    assert lines[-1] == "Found 2 errors."


def test_cli_check_warnings_only_exit_0_and_json(
    capsys: pytest.CaptureFixture[str], kcc: Questionnaire, tmp_path: Path
) -> None:
    data = clean_data()
    data["details"]["subject"] = "The DMT asked for this."
    path = tmp_path / "warning.toml"
    path.write_text(dumps(kcc, load(kcc, data)), encoding="utf-8")
    code, out, _ = _run(capsys, "check", path, "--today", "2026-06-01", "--json")
    assert code == 0
    assert json.loads(out) == [
        {
            "id": "unexplained-acronym",
            "severity": "warning",
            "key": "details.subject",
            "message": 'The answer to "What is being assessed?" uses DMT without saying what '
            "it stands for.",
            "fix": "Write the words out, or give them once with the short form in brackets: "
            'DMT ("directorate management team").',
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
    sections |= {"action_plan", "monitoring", "sign_off", "signed"}
    assert {f["key"].split(".")[0] for f in findings} <= sections
