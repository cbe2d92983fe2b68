"""Draft actions drawn from the screening grid, for the officer to accept, edit or discard.

One for each characteristic whose impact (`roles.impact`) is medium or more, or unknown,
and that no action in the plan (`roles.action_plan`) covers yet. The action's words come
from the characteristic's internal-action answer (`roles.internal_action`), unless it is
empty or only points to another answer ("As above", "Same as age"): then a plain action is
drafted instead. Nothing here changes the assessment: the officer decides.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from eqia_tui.core.model.assessment import Assessment
from eqia_tui.core.model.conditions import is_answered
from eqia_tui.core.model.questionnaire import ALL, Questionnaire, TableQuestion
from eqia_tui.core.model.roles import action_plan, impact, internal_action
from eqia_tui.core.rules.pointers import points_elsewhere


@dataclass(frozen=True)
class SuggestedAction:
    characteristic: str
    row: dict[str, Any]
    """The action's answers, keyed by the table's column ids."""
    summary: str
    """One line saying why it is suggested."""
    issue: str
    action: str
    groups_column: str
    """The column of `row` that names the groups it is for."""


def action_table(questionnaire: Questionnaire) -> tuple[str, TableQuestion] | None:
    """The action plan, when the questionnaire names one with the columns a suggested
    action fills (groups, issue and action): (section id, table question)."""
    plan = action_plan(questionnaire)
    if plan is None or None in (plan.characteristics, plan.issue, plan.action):
        return None
    return plan.section.id, plan.table


def covered(rows: list[dict[str, Any]], characteristic: str, column: str) -> bool:
    """True when a row's groups (in `column`) include the characteristic, or all groups."""
    for row in rows:
        value = row.get(column)
        if value in (ALL, [ALL]) or (isinstance(value, list) and characteristic in value):
            return True
    return False


def suggest_actions(questionnaire: Questionnaire, assessment: Assessment) -> list[SuggestedAction]:
    plan, found = action_plan(questionnaire), impact(questionnaire)
    if plan is None or found is None:
        return []
    groups, issue_column, action_column = plan.characteristics, plan.issue, plan.action
    if groups is None or issue_column is None or action_column is None:
        return []
    grid, question = found
    scale = questionnaire.scale_for(question)
    if scale is None:
        return []
    lowest = scale.rank("medium")
    ranks = sorted({r for v in scale.values() if (r := scale.rank(v)) is not None})
    # "Medium or more": the second level up from the bottom when the scale has no medium.
    threshold = lowest if lowest is not None else (ranks[1] if len(ranks) > 1 else None)
    details_found = internal_action(questionnaire)
    details_id = details_found[1].id if details_found and details_found[0] is grid else None
    rows = plan.rows(assessment.answers.get(plan.section.id, {}))
    out = []
    for characteristic in questionnaire.characteristics:
        row = assessment.row(grid.id, characteristic.id)
        level = row.get(question.id)
        if not isinstance(level, str) or threshold is None:
            continue
        rank = scale.rank(level)
        if rank is None or rank < threshold or covered(rows, characteristic.id, groups.id):
            continue
        option = scale.option(level)
        counts_as = option.counts_as if option else None
        details = row.get(details_id) if details_id else None
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
                {groups.id: [characteristic.id], issue_column.id: issue, action_column.id: action},
                summary,
                issue,
                action,
                groups.id,
            )
        )
    return out
