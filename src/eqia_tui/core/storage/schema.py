"""The JSON Schema of an assessment file, made from the same pydantic models that check it.

An editor that understands schemas (for TOML files too, such as the Even Better TOML
extension or Taplo) then offers the question ids as completions and marks a wrong answer
while the officer types.
"""

from __future__ import annotations

import json
from typing import Any

from eqia_tui.core.model.assessment import answers_model
from eqia_tui.core.model.questionnaire import DERIVED_KEYS, Questionnaire

DIALECT = "https://json-schema.org/draft/2020-12/schema"


def assessment_schema(questionnaire: Questionnaire) -> dict[str, Any]:
    """The schema of an assessment file for this questionnaire."""
    schema = answers_model(questionnaire).model_json_schema(by_alias=True)
    out: dict[str, Any] = {"$schema": DIALECT}
    out.update(schema)
    out["title"] = f"Equality impact assessment file ({questionnaire.id} {questionnaire.version})"
    out["description"] = (
        f'An assessment that answers the questionnaire "{questionnaire.title}" '
        f"({questionnaire.id}, version {questionnaire.version}). Made by eqia schema."
    )
    # Exports add a [computed] table; reading ignores it, so the schema allows it.
    properties = out.setdefault("properties", {})
    for key in DERIVED_KEYS:
        properties[key] = {
            "type": "object",
            "description": "Worked out again from the answers on reading; safe to delete.",
        }
    return out


def schema_text(questionnaire: Questionnaire) -> str:
    return json.dumps(assessment_schema(questionnaire), indent=2, ensure_ascii=False) + "\n"
