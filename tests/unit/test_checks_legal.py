"""The legal tests of `eqia check` (docs/checks.md, "The legal tests"), and kcc-eqia 1.2, the
questionnaire version that asks what they need (1.3, built in now, only adds two roles).

`tests/fixtures/checks/clean.toml` passes every check, the legal ones included. Each test
below plants one failure in a copy of it and asserts the exact findings, so a test that fires
too widely fails as surely as one that does not fire. Drafts of kcc-eqia 1.0, 1.1 and 1.2
still open with their kept questionnaire, and read with the newest they keep every answer.
"""

from __future__ import annotations

import copy
import tomllib
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import tomli_w

from eqia_tui.core.checks import Finding, check
from eqia_tui.core.model.assessment import Assessment, parse_assessment
from eqia_tui.core.model.questionnaire import (
    ChoiceQuestion,
    Questionnaire,
    load_questionnaire_data,
)
from eqia_tui.core.storage.registry import Registry
from eqia_tui.core.storage.store import load_file
from eqia_tui.core.text.problems import BadInput

from .helpers import EXAMPLE, KCC_DATA

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
CLEAN = FIXTURES / "checks" / "clean.toml"
SIGNED_1_0 = FIXTURES / "signed" / "customer-service-policy-signed-1.0.toml"
TODAY = date(2026, 6, 1)

Mutate = Callable[[dict[str, Any]], None]


def clean_data() -> dict[str, Any]:
    return tomllib.loads(CLEAN.read_text(encoding="utf-8"))


def load(questionnaire: Questionnaire, data: dict[str, Any]) -> Assessment:
    return parse_assessment(data, "test.toml", questionnaire).assessment


def findings_for(questionnaire: Questionnaire, *steps: Mutate) -> list[Finding]:
    data = clean_data()
    for step in steps:
        step(data)
    return check(questionnaire, load(questionnaire, data), TODAY)


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


def _for_groups(index: int, groups: list[str]) -> Mutate:
    def mutate(data: dict[str, Any]) -> None:
        data["action_plan"]["actions"][index]["characteristics"] = groups

    return mutate


SAME = "Tell people about the new times by letter."
"""One answer pasted into three rows of the grid."""

LEGAL_DEFECTS: list[tuple[str, str, str, list[Mutate]]] = [
    ("no-decision-maker", "error", "details.decision_maker", [_delete("details.decision_maker")]),
    ("no-decision-date", "warning", "details.decision_date", [_delete("details.decision_date")]),
    (
        "decision-before-assessment",
        "error",
        "details.decision_date",
        [_set("details.decision_date", date(2026, 1, 4))],
    ),
    (
        "equality-aim-not-considered",
        "error",
        "due_regard.eliminate_discrimination",
        [_delete("due_regard.eliminate_discrimination")],
    ),
    (
        "equality-aim-not-considered",
        "error",
        "due_regard.advance_equality",
        [_delete("due_regard.advance_equality")],
    ),
    (
        "equality-aim-not-considered",
        "error",
        "due_regard.foster_good_relations",
        [_delete("due_regard.foster_good_relations")],
    ),
    (
        "impact-without-evidence",
        "error",
        "screening.disability.evidence",
        [_delete("screening.disability.evidence")],
    ),
    (
        # No action is for disabled people any more (nor for all), and the grid says "None".
        "impact-without-action",
        "error",
        "screening.disability.action_details",
        [
            _for_groups(1, ["carers"]),
            _for_groups(2, ["race"]),
            _set("screening.disability.action_details", "None"),
        ],
    ),
    ("no-engagement", "error", "due_regard.engagement", [_delete("due_regard.engagement")]),
    (
        "engagement-changes-missing",
        "error",
        "due_regard.engagement_changes",
        [_delete("due_regard.engagement_changes")],
    ),
    (
        # A high impact and a high weighting, so the suggestion agrees; no alternatives.
        "no-alternatives",
        "error",
        "due_regard.alternatives",
        [
            _set("screening.disability.negative_impact", "high"),
            _set("proportionality.rating", "high"),
        ],
    ),
    (
        "intersection-not-considered",
        "error",
        "due_regard.intersection",
        [_delete("due_regard.intersection")],
    ),
    (
        "cumulative-not-considered",
        "error",
        "due_regard.cumulative",
        [_delete("due_regard.cumulative")],
    ),
    ("no-monitoring-measures", "error", "monitoring.measures", [_delete("monitoring.measures")]),
    (
        "repeated-answer",
        "warning",
        "screening.race.action_details",
        [
            _set("screening.race.action_details", SAME),
            _set("screening.pregnancy_and_maternity.action_details", SAME),
            _set("screening.carers.action_details", SAME.upper()),
        ],
    ),
    (
        "vague-answer",
        "warning",
        "due_regard.foster_good_relations",
        [_set("due_regard.foster_good_relations", "Not applicable to this policy.")],
    ),
]

LEGAL_IDS = {d[0] for d in LEGAL_DEFECTS}
"""Every id the legal tests and the boilerplate tests report."""


@pytest.fixture(scope="module")
def kcc12() -> Questionnaire:
    """The built-in kcc-eqia: the questions of the legal tests came in 1.2 and are kept."""
    return load_questionnaire_data(copy.deepcopy(KCC_DATA), "kcc-eqia.toml")


def test_kcc_eqia_is_version_1_3_and_needs_a_review(kcc12: Questionnaire) -> None:
    assert kcc12.version == "1.3"
    assert kcc12.review.required is True
    assert Registry().get("kcc-eqia", "1.2").review.required is True


def test_the_clean_file_passes_every_check_and_answers_every_legal_question(
    kcc12: Questionnaire,
) -> None:
    data = clean_data()
    assert data["questionnaire_version"] == "1.3"
    roles = kcc12.roles
    assert roles.general_duty is not None
    refs = [
        roles.decision_maker,
        roles.decision_date,
        roles.engagement_changes,
        roles.intersection,
        roles.cumulative,
        roles.monitoring_measures,
        *[ref for _, ref in roles.general_duty.aims()],
    ]
    for ref in refs:
        assert ref is not None
        section, question = ref.split(".")
        assert data[section][question], ref
    assert findings_for(kcc12) == []


@pytest.mark.parametrize(
    ("finding_id", "severity", "key", "steps"),
    LEGAL_DEFECTS,
    ids=[f"{d[0]}:{d[2]}" for d in LEGAL_DEFECTS],
)
def test_each_legal_check_fires_on_its_defect_only(
    kcc12: Questionnaire, finding_id: str, severity: str, key: str, steps: list[Mutate]
) -> None:
    findings = findings_for(kcc12, *steps)
    assert [(f.id, f.severity, f.key) for f in findings] == [(finding_id, severity, key)]
    assert findings[0].message.endswith(".") and findings[0].fix.endswith(".")


def test_messages_say_what_is_wrong_in_plain_words(kcc12: Questionnaire) -> None:
    [before] = findings_for(
        kcc12,
        _set("details.full_assessment_date", date(2026, 3, 2)),
        _set("details.decision_date", date(2026, 3, 1)),
    )
    assert before.message == (
        'The decision date, 01/03/2026, comes before "Date of full assessment" (02/03/2026). '
        "The assessment must come first."
    )
    [aim] = findings_for(kcc12, _delete("due_regard.advance_equality"))
    assert "the second aim of the equality duty" in aim.message
    [both] = findings_for(kcc12, _delete("due_regard.intersection"))
    assert both.message.startswith("Age and Disability could all be worse off")
    findings = findings_for(kcc12, *LEGAL_DEFECTS[-2][3])
    assert "the same answer for 3 groups: Race, Pregnancy and maternity and Carers" in (
        findings[0].message
    )


def test_a_decision_on_the_day_of_the_assessment_is_accepted(kcc12: Questionnaire) -> None:
    """The assessment may be finished the morning of the meeting: only an earlier date fails."""
    assert findings_for(kcc12, _set("details.decision_date", date(2026, 1, 5))) == []


def test_engagement_is_not_asked_for_at_a_low_weighting(kcc12: Questionnaire) -> None:
    findings = findings_for(
        kcc12,
        _set("proportionality.rating", "low"),
        _delete("due_regard.engagement"),
        _delete("due_regard.engagement_changes"),
    )
    assert "no-engagement" not in {f.id for f in findings}
    assert "engagement-changes-missing" not in {f.id for f in findings}


def test_intersection_is_not_asked_for_with_one_group_worse_off(kcc12: Questionnaire) -> None:
    findings = findings_for(
        kcc12,
        _set("screening.age.negative_impact", "low"),
        _delete("due_regard.intersection"),
        _delete("due_regard.cumulative"),
    )
    assert not {"intersection-not-considered", "cumulative-not-considered"} & {
        f.id for f in findings
    }


def test_evidence_in_the_full_assessment_counts_for_a_group_it_names(
    kcc12: Questionnaire,
) -> None:
    """`roles.evidence` also names the full assessment's "Information and data": evidence
    written there counts for each group it names by its label."""
    full = [
        _set("judgement.option", "full-assessment"),
        _delete("screening.disability.evidence"),
    ]
    [finding] = [f for f in findings_for(kcc12, *full) if f.id == "impact-without-evidence"]
    assert finding.key == "screening.disability.evidence"
    named = _set(
        "full_assessment.information_and_data",
        "Disability: the mobile library list has 42 users who cannot travel.",
    )
    assert "impact-without-evidence" not in {f.id for f in findings_for(kcc12, *full, named)}


def test_a_questionnaire_without_the_roles_skips_the_legal_tests() -> None:
    data = copy.deepcopy(KCC_DATA)
    for role in (
        "decision_maker",
        "decision_date",
        "assessment_dates",
        "general_duty",
        "evidence",
        "engagement",
        "engagement_changes",
        "alternatives",
        "intersection",
        "cumulative",
        "monitoring_measures",
    ):
        del data["roles"][role]
    bare = load_questionnaire_data(data, "bare.toml")
    answers = clean_data()
    for section in ("due_regard",):
        del answers[section]
    for key in ("decision_maker", "decision_date"):
        del answers["details"][key]
    del answers["monitoring"]["measures"]
    del answers["screening"]["disability"]["evidence"]
    findings = check(bare, load(bare, answers), TODAY)
    assert not LEGAL_IDS & {f.id for f in findings}


@pytest.mark.parametrize(
    ("role", "value", "message"),
    [
        (
            "decision_maker",
            "details.decision_makr",
            'roles.decision_maker: "details.decision_makr" is not a question of this '
            "questionnaire; write section.question",
        ),
        (
            "decision_date",
            "details.decision_maker",
            'roles.decision_date: "details.decision_maker" must be a date question',
        ),
        (
            "alternatives",
            "screening.evidence",
            'roles.alternatives: "screening.evidence" is in a grid; it must be a question '
            "outside the grids",
        ),
        (
            "engagement",
            ["due_regard.engagment"],
            'roles.engagement[0]: "due_regard.engagment" is not a question of this '
            "questionnaire; write section.question",
        ),
    ],
)
def test_a_role_that_names_a_missing_or_wrong_question_is_an_error(
    role: str, value: Any, message: str
) -> None:
    data = copy.deepcopy(KCC_DATA)
    data["roles"][role] = value
    with pytest.raises(BadInput) as raised:
        load_questionnaire_data(data, "kcc-eqia.toml")
    [problem] = raised.value.problems
    assert problem.line().endswith(message)


def test_an_aim_that_names_a_missing_question_is_an_error() -> None:
    data = copy.deepcopy(KCC_DATA)
    data["roles"]["general_duty"]["foster_good_relations"] = "due_regard.relations"
    with pytest.raises(BadInput) as raised:
        load_questionnaire_data(data, "kcc-eqia.toml")
    [problem] = raised.value.problems
    assert problem.line().endswith(
        'roles.general_duty.foster_good_relations: "due_regard.relations" is not a question '
        "of this questionnaire; write section.question"
    )


def test_the_example_names_the_legal_gaps_of_the_source_form() -> None:
    """The Customer Service Policy form names no decision-maker or decision date, does not
    take the three aims one by one, has no evidence about carers, says nothing of other
    changes and names nothing to measure. Its consultation, the rewrite it led to, and
    carers who belong to other groups are in the form, so those tests pass."""
    loaded = load_file(EXAMPLE, Registry())
    assert loaded.questionnaire.version == "1.3"
    findings = check(loaded.questionnaire, loaded.assessment, TODAY)
    legal = [(f.id, f.severity, f.key) for f in findings if f.id in LEGAL_IDS]
    assert sorted(legal) == sorted(
        [
            ("no-decision-maker", "error", "details.decision_maker"),
            ("impact-without-evidence", "error", "screening.carers.evidence"),
            ("equality-aim-not-considered", "error", "due_regard.eliminate_discrimination"),
            ("equality-aim-not-considered", "error", "due_regard.advance_equality"),
            ("equality-aim-not-considered", "error", "due_regard.foster_good_relations"),
            ("cumulative-not-considered", "error", "due_regard.cumulative"),
            ("no-monitoring-measures", "error", "monitoring.measures"),
            ("no-decision-date", "warning", "details.decision_date"),
        ]
    )


# --- Versions: 1.0, 1.1 and 1.2 drafts still open, and keep every answer with the newest ---------


def test_1_0_1_1_and_1_2_are_kept_beside_1_3() -> None:
    registry = Registry()
    folder = Path(registry.get("kcc-eqia").source).parent
    assert registry.get("kcc-eqia").version == "1.3"
    assert registry.get("kcc-eqia", "1.2").source == str(folder / "kcc-eqia-1.2.toml")
    assert registry.get("kcc-eqia", "1.1").source == str(folder / "kcc-eqia-1.1.toml")
    assert registry.get("kcc-eqia", "1.0").source == str(folder / "kcc-eqia-1.0.toml")


def test_1_2_keeps_every_question_and_option_of_1_1(kcc12: Questionnaire) -> None:
    """1.2 only adds: every section, question, type and option of 1.1 is still there."""
    old = Registry().get("kcc-eqia", "1.1")
    for section in old.sections:
        newer = kcc12.section(section.id)
        assert newer is not None, section.id
        assert newer.per_characteristic == section.per_characteristic
        for question in section.questions:
            kept = newer.question(question.id)
            assert kept is not None, f"{section.id}.{question.id}"
            assert kept.type == question.type
            assert kept.ask_when == question.ask_when
            assert kept.required_when == question.required_when
            assert kept.required == question.required
            if isinstance(question, ChoiceQuestion) and isinstance(kept, ChoiceQuestion):
                assert kcc12.options_for(kept) == old.options_for(question)
    assert [c.id for c in kcc12.characteristics] == [c.id for c in old.characteristics]
    assert kcc12.weighting == old.weighting


def _older_draft(version: str) -> dict[str, Any]:
    if version == "1.0":
        return tomllib.loads(SIGNED_1_0.read_text(encoding="utf-8"))
    data = tomllib.loads(EXAMPLE.read_text(encoding="utf-8"))
    if version == "1.2":
        data["questionnaire_version"] = "1.2"  # the example as it was before 1.3
        return data
    data["questionnaire_version"] = "1.1"  # the example as it was before 1.2
    for section in ("due_regard",):
        data.pop(section, None)
    for key in ("decision_maker", "decision_date"):
        data["details"].pop(key, None)
    data["monitoring"].pop("measures", None)
    for row in data["screening"].values():
        row.pop("evidence", None)
    return data


@pytest.mark.parametrize("version", ["1.0", "1.1", "1.2"])
def test_an_older_draft_opens_with_its_kept_questionnaire(version: str, tmp_path: Path) -> None:
    data = _older_draft(version)
    path = tmp_path / f"draft-{version}.toml"
    path.write_bytes(tomli_w.dumps(data).encode())
    loaded = load_file(path, Registry())
    assert loaded.questionnaire.version == version
    assert loaded.assessment.set_aside == {}


@pytest.mark.parametrize("version", ["1.0", "1.1", "1.2"])
def test_an_older_draft_read_with_the_newest_keeps_every_answer(
    kcc12: Questionnaire, version: str
) -> None:
    data = _older_draft(version)
    loaded = parse_assessment(data, "draft.toml", kcc12)
    assert loaded.assessment.set_aside == {}
    for section, answers in data.items():
        if kcc12.section(section) is None:
            continue
        assert loaded.assessment.answers[section] == answers, section
