"""TOML and JSON exports: the answers as stored, plus a `[computed]` table with the suggestion."""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

import tomli_w

from eqia_tui.assessment import Assessment, to_document
from eqia_tui.questionnaire import Questionnaire
from eqia_tui.weighting import suggest


def exported_document(questionnaire: Questionnaire, assessment: Assessment) -> dict[str, Any]:
    doc = to_document(questionnaire, assessment)
    doc.pop("resume_at", None)
    computed = {
        k: v for k, v in suggest(questionnaire, assessment).as_dict().items() if v is not None
    }
    doc["computed"] = computed
    return doc


def to_toml(questionnaire: Questionnaire, assessment: Assessment) -> str:
    return tomli_w.dumps(exported_document(questionnaire, assessment), multiline_strings=True)


def _json_value(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


def to_json(questionnaire: Questionnaire, assessment: Assessment) -> str:
    doc = exported_document(questionnaire, assessment)
    return json.dumps(doc, indent=2, default=_json_value, ensure_ascii=False) + "\n"
