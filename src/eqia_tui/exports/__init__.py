"""Exports: the same assessment written for other tools (TOML, JSON) and for readers."""

from __future__ import annotations

from eqia_tui.assessment import Assessment
from eqia_tui.exports.data import to_json, to_toml
from eqia_tui.problems import BadInput
from eqia_tui.questionnaire import Questionnaire

FORMATS = ("toml", "json")


def export_document(questionnaire: Questionnaire, assessment: Assessment, fmt: str) -> str | bytes:
    if fmt == "toml":
        return to_toml(questionnaire, assessment)
    if fmt == "json":
        return to_json(questionnaire, assessment)
    raise BadInput.one("--format", "", f'"{fmt}" is not a format; allowed: {", ".join(FORMATS)}')
