"""Draft actions drawn from the screening grid, for the officer to accept, edit or discard.

One for each characteristic whose negative impact is high, medium or unknown and that no
action in the plan covers yet. The action's words come from the characteristic's "action
needed" answer, unless it is empty or only points to another answer ("As above", "Same as
age"): then a plain action is drafted instead. Nothing here changes the assessment: the
officer decides.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from eqia_tui.assessment import Assessment
from eqia_tui.checks import points_elsewhere
from eqia_tui.conditions import is_answered
from eqia_tui.questionnaire import ALL, ChoiceQuestion, Questionnaire, TableQuestion

IMPACT_QUESTION = "negative_impact"
DETAILS_QUESTION = "action_details"
ACTION_COLUMNS = {"characteristics", "issue", "action"}


@dataclass(frozen=True)
class SuggestedAction:
    characteristic: str
    row: dict[str, Any]
    """The action's answers, keyed by the table's column ids."""
    summary: str
    """One line saying why it is suggested."""


def action_table(questionnaire: Questionnaire) -> tuple[str, TableQuestion] | None:
    """The action plan: the first table with characteristics, issue and action columns."""
    for section in questionnaire.sections:
        for question in section.questions:
            if (
                isinstance(question, TableQuestion)
                and {c.id for c in question.columns} >= ACTION_COLUMNS
            ):
                return section.id, question
    return None


def covered(rows: list[dict[str, Any]], characteristic: str) -> bool:
    for row in rows:
        value = row.get("characteristics")
        if value in (ALL, [ALL]) or (isinstance(value, list) and characteristic in value):
            return True
    return False


def suggest_actions(questionnaire: Questionnaire, assessment: Assessment) -> list[SuggestedAction]:
    weighting = questionnaire.weighting
    found = action_table(questionnaire)
    if weighting is None or found is None:
        return []
    grid = questionnaire.section(weighting.grid)
    impact = grid.question(IMPACT_QUESTION) if grid else None
    if grid is None or not isinstance(impact, ChoiceQuestion):
        return []
    scale = questionnaire.scale_for(impact)
    medium = scale.rank("medium") if scale else None
    section_id, table = found
    rows = assessment.answers.get(section_id, {}).get(table.id) or []
    out = []
    for characteristic in questionnaire.characteristics:
        row = assessment.row(grid.id, characteristic.id)
        level = row.get(IMPACT_QUESTION)
        if not isinstance(level, str) or scale is None or medium is None:
            continue
        rank = scale.rank(level)
        if rank is None or rank < medium or covered(rows, characteristic.id):
            continue
        option = scale.option(level)
        counts_as = option.counts_as if option else None
        details = row.get(DETAILS_QUESTION)
        label = characteristic.label
        if counts_as is not None:
            issue = f"Not enough evidence about the impact on {label.lower()}."
            action = f"Gather evidence about the impact on {label.lower()}."
            summary = f"{label}: impact unknown, so gather evidence"
        else:
            issue = f"{option.label if option else level} negative impact on {label.lower()}."
            own_words = (
                isinstance(details, str)
                and is_answered(details)
                and not points_elsewhere(details, questionnaire)
            )
            action = (
                details.strip()
                if own_words and isinstance(details, str)
                else f"Reduce the impact on {label.lower()}."
            )
            summary = f"{label}: {option.label.lower() if option else level} negative impact"
        out.append(
            SuggestedAction(
                characteristic.id,
                {"characteristics": [characteristic.id], "issue": issue, "action": action},
                summary,
            )
        )
    return out
