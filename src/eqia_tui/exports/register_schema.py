"""The JSON Schema of the register's JSON (`exports.register.to_json`), printed by `eqia schema
--register` and documented in docs/register.md."""

from __future__ import annotations

import json
from typing import Any

from eqia_tui.core.model.statuses import STATUSES
from eqia_tui.exports.register import NOT_CHOSEN


def _nullable(schema: dict[str, Any]) -> dict[str, Any]:
    return {"anyOf": [schema, {"type": "null"}]}


_TEXT = {"type": "string"}
_COUNT = {"type": "integer", "minimum": 0}
_DAY = {"type": "string", "format": "date"}
_CHOICE = {
    "type": "object",
    "required": ["id", "words"],
    "additionalProperties": False,
    "properties": {
        "id": {"type": "string", "description": "As stored in the file, such as high."},
        "words": {"type": "string", "description": "As people read it, such as High."},
    },
}

REGISTER_SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "Register of equality impact assessments",
    "description": "What eqia register --format json writes: the register's details and "
    "counts, then one entry per assessment file. A file that cannot be read has its id "
    "(from the file name), its path and the error; the rest is null.",
    "type": "object",
    "required": ["register", "assessments"],
    "additionalProperties": False,
    "properties": {
        "register": {
            "type": "object",
            "required": ["format", "format_version", "made", "due_within_days", "count", "counts"],
            "additionalProperties": False,
            "properties": {
                "format": {"const": "eqia-register"},
                "format_version": {"const": 1},
                "made": {**_DAY, "description": "The day the register was made."},
                "due_within_days": {
                    **_COUNT,
                    "description": "A review this many days away or fewer is due soon.",
                },
                "count": {**_COUNT, "description": "How many files, readable or not."},
                "counts": {
                    "type": "object",
                    "required": [
                        "readable",
                        "cannot_be_read",
                        "by_status",
                        "by_weighting",
                        "review_overdue",
                        "review_due_soon",
                        "with_actions_overdue",
                    ],
                    "additionalProperties": False,
                    "properties": {
                        "readable": _COUNT,
                        "cannot_be_read": _COUNT,
                        "by_status": {
                            "type": "object",
                            "description": "Readable assessments by review status.",
                            "propertyNames": {"enum": list(STATUSES)},
                            "additionalProperties": _COUNT,
                        },
                        "by_weighting": {
                            "type": "object",
                            "description": "By the officer's weighting (its id), highest "
                            f'first. The word "{NOT_CHOSEN}" marks those with none chosen yet.',
                            "additionalProperties": _COUNT,
                        },
                        "review_overdue": _COUNT,
                        "review_due_soon": _COUNT,
                        "with_actions_overdue": {
                            **_COUNT,
                            "description": "Assessments with one or more actions overdue.",
                        },
                    },
                },
            },
        },
        "assessments": {
            "type": "array",
            "description": "In order of directorate, then title; files that cannot be read last.",
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": [
                    "id",
                    "title",
                    "directorate",
                    "owner",
                    "decision_maker",
                    "status",
                    "status_words",
                    "version",
                    "weighting",
                    "suggested_weighting",
                    "judgement",
                    "negative_impacts",
                    "signed",
                    "review",
                    "actions_overdue",
                    "questionnaire",
                    "path",
                    "document",
                    "error",
                ],
                "properties": {
                    "id": _TEXT,
                    "title": _nullable(_TEXT),
                    "directorate": _nullable(_TEXT),
                    "owner": _nullable(_TEXT),
                    "decision_maker": _nullable(
                        {**_TEXT, "description": "Empty when the questionnaire asks for none."}
                    ),
                    "status": _nullable({"enum": list(STATUSES)}),
                    "status_words": _nullable(_TEXT),
                    "version": _nullable(
                        {**_TEXT, "description": "The latest version in the history."}
                    ),
                    "weighting": _nullable({**_CHOICE, "description": "The officer's weighting."}),
                    "suggested_weighting": _nullable(
                        {
                            "type": "object",
                            "description": "The weighting the answers suggest; complete is "
                            "false while answers it needs are missing.",
                            "required": ["id", "words", "complete"],
                            "additionalProperties": False,
                            "properties": {
                                "id": _TEXT,
                                "words": _TEXT,
                                "complete": {"type": "boolean"},
                            },
                        }
                    ),
                    "judgement": _nullable(_CHOICE),
                    "negative_impacts": {
                        "type": "array",
                        "description": "Each characteristic with a negative impact above none.",
                        "items": {
                            "type": "object",
                            "required": ["characteristic", "level", "level_id"],
                            "additionalProperties": False,
                            "properties": {
                                "characteristic": _TEXT,
                                "level": _TEXT,
                                "level_id": _TEXT,
                            },
                        },
                    },
                    "signed": _nullable(
                        {
                            "type": "object",
                            "required": ["by", "at"],
                            "additionalProperties": False,
                            "properties": {
                                "by": _TEXT,
                                "at": {"type": "string", "format": "date-time"},
                            },
                        }
                    ),
                    "review": _nullable(
                        {
                            "type": "object",
                            "required": ["date", "state"],
                            "additionalProperties": False,
                            "properties": {
                                "date": _DAY,
                                "state": {"enum": ["not-due", "due-soon", "overdue"]},
                            },
                        }
                    ),
                    "actions_overdue": _COUNT,
                    "questionnaire": _nullable(
                        {
                            "type": "object",
                            "required": ["id", "version", "title"],
                            "additionalProperties": False,
                            "properties": {"id": _TEXT, "version": _TEXT, "title": _TEXT},
                        }
                    ),
                    "path": {**_TEXT, "description": "From the folder the file was found in."},
                    "document": _nullable(
                        {**_TEXT, "description": "A relative link to the assessment's page."}
                    ),
                    "error": _nullable({**_TEXT, "description": "Why the file cannot be read."}),
                },
            },
        },
    },
}
"""The JSON Schema of `to_json` (`eqia schema --register`)."""


def schema_text() -> str:
    return json.dumps(REGISTER_SCHEMA, indent=2, ensure_ascii=False) + "\n"
