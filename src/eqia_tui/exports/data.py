"""TOML and JSON exports: the answers as stored, plus a `[computed]` table with the suggestion
and how many answers are still missing (see docs/format.md)."""

from __future__ import annotations

import json
from datetime import date, datetime, time
from typing import Any

import tomli_w

from eqia_tui.core.model.assessment import Assessment, missing_answers, to_document
from eqia_tui.core.model.conditions import is_answered
from eqia_tui.core.model.questionnaire import Questionnaire
from eqia_tui.core.model.roles import sign_off
from eqia_tui.core.rules.weighting import suggest


def computed(questionnaire: Questionnaire, assessment: Assessment) -> dict[str, Any]:
    """The `[computed]` table: the suggestion (without the keys that have no value), whether
    every required answer is given, and how many sign-off answers are still to give (left out
    when the questionnaire names no sign-off questions)."""
    out = {k: v for k, v in suggest(questionnaire, assessment).as_dict().items() if v is not None}
    missing = len(missing_answers(questionnaire, assessment))
    out["required_answered"] = missing == 0
    out["missing"] = missing
    questions = sign_off(questionnaire)
    if questions:
        out["sign_off_missing"] = sum(
            1
            for section, question in questions
            if not is_answered(assessment.get(section.id, question.id))
        )
    return out


def exported_document(questionnaire: Questionnaire, assessment: Assessment) -> dict[str, Any]:
    doc = to_document(questionnaire, assessment)
    doc.pop("resume_at", None)
    doc["computed"] = computed(questionnaire, assessment)
    return doc


def to_toml(questionnaire: Questionnaire, assessment: Assessment) -> str:
    return tomli_w.dumps(exported_document(questionnaire, assessment), multiline_strings=True)


def _json_value(value: Any) -> Any:
    # A TOML time of day (10:30:00) can stand in [set_aside]: JSON has none, so it is text.
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


def to_json(questionnaire: Questionnaire, assessment: Assessment) -> str:
    doc = exported_document(questionnaire, assessment)
    return json.dumps(doc, indent=2, default=_json_value, ensure_ascii=False) + "\n"
