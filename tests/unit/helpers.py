"""Plain helpers shared by the unit tests (fixtures live in conftest.py)."""

from __future__ import annotations

import copy
import tomllib
from datetime import UTC, date, datetime
from importlib import resources
from pathlib import Path
from typing import Any

import pytest

from eqia_tui.cli import main
from eqia_tui.core.model.assessment import Assessment
from eqia_tui.core.model.assessment.review_record import Move
from eqia_tui.core.model.statuses import APPROVED, SUBMITTED

REPO = Path(__file__).resolve().parents[2]
EXAMPLE = REPO / "examples" / "customer-service-policy.toml"
KCC_PATH = Path(str(resources.files("eqia_tui.questionnaires") / "kcc-eqia.toml"))

KCC_CHARACTERISTICS = [
    "age",
    "disability",
    "gender",
    "gender_identity",
    "race",
    "religion_or_belief",
    "sexual_orientation",
    "pregnancy_and_maternity",
    "marriage_and_civil_partnership",
    "carers",
]

KCC_DATA = tomllib.loads(KCC_PATH.read_text(encoding="utf-8"))
KCC_VERSION: str = KCC_DATA["version"]
"""The version of kcc-eqia new drafts get (1.0 is kept beside it for older drafts)."""
EXAMPLE_DATA = tomllib.loads(EXAMPLE.read_text(encoding="utf-8"))


def complete_answers() -> dict[str, Any]:
    """Answers to every question kcc-eqia requires, with a low weighting and no action plan,
    and the ones its legal tests ask for at that weighting (kcc-eqia 1.2): the check finds no
    error in them."""
    row = {
        "affects_less_favourably": False,
        "positive_impact": "low",
        "negative_impact": "low",
        "promotes_equal_opportunities": False,
    }
    return {
        "details": {
            "directorate": "Growth",
            "title": "Library opening hours",
            "subject": "Longer opening hours at two libraries.",
            "owner": "Head of Libraries",
            "screening_date": date(2026, 1, 5),
            "decision_maker": "Cabinet Member for Communities",
            "decision_date": date(2026, 2, 1),
        },
        "screening": {cid: dict(row) for cid in KCC_CHARACTERISTICS},
        "proportionality": {"rating": "low", "reasons": "Little relevance to equality."},
        "judgement": {"option": "screening-sufficient", "justification": "No impact found."},
        "due_regard": {
            "eliminate_discrimination": "Nobody loses access: every group keeps the same hours.",
            "advance_equality": "Longer hours help people who work in the day.",
            "foster_good_relations": "More people of every group can meet in the library.",
        },
        "monitoring": {
            "review_date": date(2027, 1, 5),
            "arrangements": "Yearly footfall.",
            "measures": "Visits by hour, and complaints about the hours.",
        },
        "sign_off": {
            "senior_officer_name": "A. Officer",
            "senior_officer_job_title": "Head of Service",
            "senior_officer_date": date(2026, 1, 6),
            "dmt_member_name": "B. Member",
            "dmt_member_job_title": "Director",
            "dmt_member_date": date(2026, 1, 7),
        },
    }


STAMP = datetime(2026, 1, 5, 9, 30, tzinfo=UTC)


def make_assessment(
    answers: dict[str, Any] | None = None, assessment_id: str = "test-assessment"
) -> Assessment:
    return Assessment(
        id=assessment_id,
        questionnaire="kcc-eqia",
        questionnaire_version=KCC_VERSION,
        created=STAMP,
        updated=STAMP,
        answers=copy.deepcopy(answers or {}),
    )


def assessment_data(
    answers: dict[str, Any], assessment_id: str = "test-assessment"
) -> dict[str, Any]:
    """A whole assessment file's data for the current kcc-eqia with these answers."""
    return {
        "format": "eqia-assessment",
        "format_version": 1,
        "id": assessment_id,
        "questionnaire": "kcc-eqia",
        "questionnaire_version": KCC_VERSION,
        "created": STAMP,
        "updated": STAMP,
        **copy.deepcopy(answers),
    }


class Run:
    """Call `eqia` in-process and collect its exit code and output (the `run` fixture)."""

    def __init__(self, capsys: pytest.CaptureFixture[str]) -> None:
        self.capsys = capsys

    def __call__(self, *args: str | Path) -> tuple[int, str, str]:
        self.capsys.readouterr()
        code = main([str(a) for a in args])
        out, err = self.capsys.readouterr()
        return code, out, err

    def exits(self, *args: str | Path) -> tuple[int, str, str]:
        """For argparse's own exits (usage errors, --help, --version)."""
        self.capsys.readouterr()
        with pytest.raises(SystemExit) as caught:
            main([str(a) for a in args])
        out, err = self.capsys.readouterr()
        code = caught.value.code
        assert isinstance(code, int)
        return code, out, err


READY_REVIEW = date(2027, 7, 27)
"""A review date after every clock the tests use, so it has not passed."""


def ready_to_sign(answers: dict[str, Any], review_date: date = READY_REVIEW) -> dict[str, Any]:
    """Fill the gaps of the example's answers so that `eqia check` finds no error in them
    (its two warnings stay): the yes/no answers it leaves out, the timescale of two actions,
    the review date, the sign-off names, and the answers the legal tests ask for that the
    source form does not give (kcc-eqia 1.2). `answers` is the raw file data or
    `Assessment.answers`; it is changed in place and returned.

    Pass a review date that has passed to leave exactly one error, `review-date-passed`."""
    for row in answers["screening"].values():
        row.setdefault("affects_less_favourably", False)
        row.setdefault("promotes_equal_opportunities", False)
    answers["details"].setdefault("decision_maker", "Cabinet Member for Customer Services")
    answers["details"].setdefault("decision_date", date(2015, 9, 1))
    answers["screening"]["carers"].setdefault(
        "evidence", "The carers forum told us about the needs of carers who are also older."
    )
    duty = answers.setdefault("due_regard", {})
    duty.setdefault(
        "eliminate_discrimination", "No customer is refused a service for not going online."
    )
    duty.setdefault("advance_equality", "Disabled and older customers keep a phone and face route.")
    duty.setdefault("foster_good_relations", "Customers from every group help design services.")
    duty.setdefault("cumulative", "Library changes this year touch the same older customers.")
    answers["monitoring"].setdefault("measures", "Complaints and take-up of each route, by group.")
    for action in answers["action_plan"]["actions"]:
        action.setdefault("timescale", "Ongoing")
    answers["monitoring"]["review_date"] = review_date
    answers["sign_off"] = {
        "senior_officer_name": "Sam Patel",
        "senior_officer_job_title": "Head of Customer Services",
        "senior_officer_date": date(2026, 3, 1),
        "dmt_member_name": "Alex Morgan",
        "dmt_member_job_title": "Director of Strategy",
        "dmt_member_date": date(2026, 3, 2),
    }
    return answers


def approve(assessment: Assessment) -> Assessment:
    """Give an assessment (changed in place) a review that ends in approval, with no
    fingerprint of the answers approved, so sign-off need not wait for the review its
    questionnaire asks for. The tests of the review itself are in test_review_record.py."""
    when = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
    assessment.review.moves = [
        Move(SUBMITTED, "Pat Brown-Clarke", when),
        Move(APPROVED, "Jordan Hale", when),
    ]
    return assessment
