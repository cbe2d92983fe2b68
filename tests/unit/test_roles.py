"""Roles: the questionnaire says which questions are the action plan, the review date and the
rest. Nothing is guessed from ids, so a council can rename every one of them."""

from __future__ import annotations

import copy
import re
import tomllib
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import tomli_w

from eqia_tui.cli import main
from eqia_tui.core.checks import check
from eqia_tui.core.model import roles
from eqia_tui.core.model.assessment import Assessment, parse_assessment
from eqia_tui.core.model.questionnaire import Questionnaire, load_questionnaire_data, missing_roles
from eqia_tui.core.review.due import assessment_due_items
from eqia_tui.core.rules.action_suggestions import suggest_actions
from eqia_tui.core.text.problems import BadInput
from eqia_tui.exports import export_document

from .helpers import KCC_DATA, KCC_PATH

TODAY = date(2026, 11, 29)
CLEAN = Path(__file__).resolve().parents[1] / "fixtures" / "checks" / "clean.toml"

RENAMED = {
    "action_plan": "plan_of_work",
    "actions": "steps",
    "characteristics": "groups",
    "issue": "problem",
    "action": "what_we_will_do",
    "due": "by_when",
    "review_date": "look_again_on",
    "monitoring": "follow_up",
    "negative_impact": "harm",
    "action_details": "what_we_do_inside",
    "internal-action": "fix-it-ourselves",
    "due_regard": "our_duty",
    "measures": "what_we_count",
}


REFERENCE_KEYS = {"id", "question", "value", "table", "in", "equals"}
"""Keys whose values are ids or references to ids (`section.question`)."""


def _rename(text: str) -> str:
    return ".".join(RENAMED.get(part, part) for part in text.split("."))


def _renamed(value: Any, key: str = "") -> Any:
    """`value` with every id in RENAMED renamed where it is an id or a reference to one."""
    if isinstance(value, dict):
        return {k: _renamed(v, k) for k, v in value.items()}
    if isinstance(value, list):
        return [_renamed(v, key) for v in value]
    if isinstance(value, str) and (key in REFERENCE_KEYS or key.endswith("_question")):
        return _rename(value)
    return value


def _renamed_questionnaire() -> Questionnaire:
    renamed = _renamed(copy.deepcopy(KCC_DATA))
    weighting = renamed["weighting"]
    weighting["judgement_for"] = {k: _rename(v) for k, v in weighting["judgement_for"].items()}
    weighting["needs"] = [_rename(n) for n in weighting["needs"]]
    r = renamed["roles"]
    for name in ("review_date", "impact", "internal_action", "internal_action_judgement"):
        r[name] = _rename(r[name])
    r["action_plan"] = {k: _rename(v) for k, v in r["action_plan"].items()}
    for name, value in r.items():  # the roles of the legal tests
        if name in ("decision_maker", "decision_date") or name.startswith(
            ("engagement_", "alternatives", "intersection", "cumulative", "monitoring_")
        ):
            r[name] = _rename(value)
        elif name in ("assessment_dates", "evidence", "engagement"):
            r[name] = [_rename(v) for v in value]
    r["general_duty"] = {k: _rename(v) for k, v in r["general_duty"].items()}
    return load_questionnaire_data(renamed, "renamed.toml")


def _renamed_answers(data: dict[str, Any]) -> dict[str, Any]:
    out = copy.deepcopy(data)
    if "action_plan" in out:
        rows = out.pop("action_plan").pop("actions")
        out["plan_of_work"] = {
            "steps": [{RENAMED.get(k, k): v for k, v in row.items()} for row in rows]
        }
    if "monitoring" in out:
        monitoring = out.pop("monitoring")
        monitoring["look_again_on"] = monitoring.pop("review_date")
        if "measures" in monitoring:
            monitoring["what_we_count"] = monitoring.pop("measures")
        out["follow_up"] = monitoring
    if "due_regard" in out:
        out["our_duty"] = out.pop("due_regard")
    for row in out.get("screening", {}).values():
        if "negative_impact" in row:
            row["harm"] = row.pop("negative_impact")
        if "action_details" in row:
            row["what_we_do_inside"] = row.pop("action_details")
    judgement = out.get("judgement", {})
    if judgement.get("option") == "internal-action":
        judgement["option"] = "fix-it-ourselves"
    return out


def _load(questionnaire: Questionnaire, data: dict[str, Any]) -> Assessment:
    return parse_assessment(data, "test.toml", questionnaire).assessment


def _clean() -> dict[str, Any]:
    return tomllib.loads(CLEAN.read_text(encoding="utf-8"))


def _kcc() -> Questionnaire:
    return load_questionnaire_data(copy.deepcopy(KCC_DATA), str(KCC_PATH))


def test_the_built_in_questionnaire_declares_every_role() -> None:
    kcc = _kcc()
    assert missing_roles(kcc) == []
    plan = roles.action_plan(kcc)
    assert plan is not None and plan.table.id == "actions"
    assert plan.due is not None and plan.due.id == "due"
    review = roles.review_date(kcc)
    assert review is not None and review[1].id == "review_date"
    assert len(roles.sign_off(kcc)) == 6
    assert roles.acronyms(kcc)["KCC"] == "Kent County Council"


@pytest.mark.parametrize(
    ("mutate", "expected"),
    [
        (
            lambda d: d["roles"]["action_plan"].update(table="action_plan.todo"),
            'roles.action_plan.table: "action_plan.todo" is not a table question',
        ),
        (
            lambda d: d["roles"]["action_plan"].update(due="cost"),
            'roles.action_plan.due: "cost" must be a date column',
        ),
        (
            lambda d: d["roles"]["action_plan"].update(issue="nothing"),
            'roles.action_plan.issue: "nothing" is not a column of "action_plan.actions"',
        ),
        (
            lambda d: d["roles"].update(review_date="monitoring.arrangements"),
            'roles.review_date: "monitoring.arrangements" must be a date question',
        ),
        (
            lambda d: d["roles"].update(impact="details.title"),
            'roles.impact: "details.title" is not a question of a grid',
        ),
        (
            lambda d: d["roles"].update(internal_action="screening.negative_impact"),
            'roles.internal_action: "screening.negative_impact" must be a text question',
        ),
        (
            lambda d: d["roles"].update(internal_action_judgement="fix-it"),
            'roles.internal_action_judgement: "fix-it" is not an option of "judgement.option"',
        ),
        (
            lambda d: d["roles"]["sign_off"].append("sign_off.nobody"),
            'roles.sign_off[6]: "sign_off.nobody" is not a question of a section',
        ),
        (
            lambda d: d["roles"].update(sign_off=["action_plan.actions"]),
            'roles.sign_off[0]: "action_plan.actions" must be a question with one answer',
        ),
        (
            lambda d: d["roles"].update(colour="red"),
            "roles.colour: unknown key",
        ),
    ],
)
def test_a_dangling_role_is_reported_with_its_key(mutate: Any, expected: str) -> None:
    data = copy.deepcopy(KCC_DATA)
    mutate(data)
    with pytest.raises(BadInput) as caught:
        load_questionnaire_data(data, "q.toml")
    lines = [p.line() for p in caught.value.problems]
    assert any(expected in line for line in lines), lines


def test_questionnaire_check_notes_each_missing_role(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = copy.deepcopy(KCC_DATA)
    del data["roles"]["review_date"]
    del data["roles"]["action_plan"]
    path = tmp_path / "q.toml"
    path.write_text(tomli_w.dumps(data), encoding="utf-8")
    assert main(["questionnaire", "check", str(path)]) == 0
    out, err = capsys.readouterr()
    assert "valid questionnaire" in out
    notes = err.splitlines()
    assert len(notes) == 2
    assert re.match(r"note: .*q\.toml: roles\.action_plan: not given, so no suggested", notes[0])
    assert "roles.review_date: not given, so no review reminders" in notes[1]


def test_without_roles_nothing_is_guessed() -> None:
    """A questionnaire with the same ids as kcc-eqia but no roles gets no review check, no
    reminders and no suggested actions: ids alone mean nothing."""
    data = copy.deepcopy(KCC_DATA)
    del data["roles"]
    bare = load_questionnaire_data(data, "bare.toml")
    answers = _clean()
    answers["monitoring"]["review_date"] = date(2020, 1, 1)
    answers["screening"]["disability"]["negative_impact"] = "high"
    assessment = _load(bare, answers)
    assert "review-date-passed" not in {f.id for f in check(bare, assessment, TODAY)}
    assert assessment_due_items(bare, assessment, TODAY, 30) == []
    assert suggest_actions(bare, assessment) == []


def test_every_role_renamed_still_checks_reminds_and_suggests() -> None:
    kcc, renamed = _kcc(), _renamed_questionnaire()
    assert missing_roles(renamed) == []
    answers = _clean()
    # A review date passed, an action overdue, a high impact with no action yet.
    answers["monitoring"]["review_date"] = date(2026, 1, 1)
    answers["action_plan"]["actions"][0]["due"] = date(2026, 6, 1)
    answers["action_plan"]["actions"] = answers["action_plan"]["actions"][:1]
    answers["screening"]["gender"]["negative_impact"] = "high"
    answers["screening"]["gender"]["action_details"] = "Keep a phone line open."
    before = _load(kcc, answers)
    after = _load(renamed, _renamed_answers(answers))

    def finding_ids(q: Questionnaire, a: Assessment) -> list[str]:
        return [f.id for f in check(q, a, TODAY)]

    assert "review-date-passed" in finding_ids(kcc, before)
    assert finding_ids(renamed, after) == finding_ids(kcc, before)

    due_before = assessment_due_items(kcc, before, TODAY, 30)
    due_after = assessment_due_items(renamed, after, TODAY, 30)
    assert [i.kind for i in due_before] == ["review", "action"]
    assert [(i.kind, i.days) for i in due_after] == [(i.kind, i.days) for i in due_before]
    assert due_after[0].key == "follow_up.look_again_on"
    assert due_after[1].key == "plan_of_work.steps[0].by_when"

    suggested = suggest_actions(renamed, after)
    assert [s.characteristic for s in suggested] == [
        s.characteristic for s in suggest_actions(kcc, before)
    ]
    assert [s.characteristic for s in suggested] == ["disability", "gender"]
    gender = next(s for s in suggested if s.characteristic == "gender")
    assert gender.row == {
        "groups": ["gender"],
        "problem": "High negative impact on gender.",
        "what_we_will_do": "Keep a phone line open.",
    }

    csv = export_document(renamed, after, "csv")
    assert isinstance(csv, str) and "Survey" in csv
