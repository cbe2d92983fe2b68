"""The suggested weighting and judgement, worked out from the answers by the questionnaire's rules.

Rules are tried in order and the first that matches wins. The officer's own weighting
and judgement are theirs: nothing here writes to the assessment.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from eqia_tui.assessment import Assessment
from eqia_tui.conditions import all_hold, is_answered
from eqia_tui.problems import english_list
from eqia_tui.questionnaire import Questionnaire, Rule, Section


@dataclass(frozen=True)
class Suggestion:
    suggested_rating: str | None
    suggested_judgement: str | None
    reasons: list[str] = field(default_factory=list)
    complete: bool = False
    unanswered: list[str] = field(default_factory=list)
    """Characteristic ids still missing an answer the rules need."""
    rule: str = ""
    """The id of the rule that decided, or "otherwise"."""

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        del data["rule"]
        return data


NO_RULES = Suggestion(
    suggested_rating=None,
    suggested_judgement=None,
    reasons=["This questionnaire has no weighting rules, so there is no suggestion."],
    complete=True,
)


def suggest(questionnaire: Questionnaire, assessment: Assessment) -> Suggestion:
    weighting = questionnaire.weighting
    if weighting is None:
        return NO_RULES
    grid = questionnaire.section(weighting.grid)
    assert grid is not None, "checked when the questionnaire was loaded"

    unanswered = [
        c.id
        for c in questionnaire.characteristics
        if not all(is_answered(assessment.row(grid.id, c.id).get(need)) for need in weighting.needs)
    ]
    level, reason, rule_id = weighting.otherwise, weighting.otherwise_reason, "otherwise"
    for rule in weighting.rules:
        text = _match(questionnaire, assessment, grid, rule)
        if text is not None:
            level, reason, rule_id = rule.level, text, rule.id
            break
    reasons = [reason]
    if unanswered:
        labels = [_label(questionnaire, cid) for cid in unanswered]
        reasons.append(
            f"Not complete: {english_list(labels)} still "
            f"{'needs' if len(labels) == 1 else 'need'} an answer. "
            "The suggestion may change."
        )
    return Suggestion(
        suggested_rating=level,
        suggested_judgement=weighting.judgement_for.get(level),
        reasons=reasons,
        complete=not unanswered,
        unanswered=unanswered,
        rule=rule_id,
    )


def _label(questionnaire: Questionnaire, characteristic_id: str) -> str:
    found = questionnaire.characteristic(characteristic_id)
    return found.label if found else characteristic_id


def _match(
    questionnaire: Questionnaire, assessment: Assessment, grid: Section, rule: Rule
) -> str | None:
    """The rule's reason with the matching characteristics filled in, or None if no match."""
    matched: list[tuple[str, str]] = []
    first = grid.question(rule.when[0].question)
    for characteristic in questionnaire.characteristics:
        row = assessment.row(grid.id, characteristic.id)

        def lookup(ref: str, row: dict[str, Any] = row) -> tuple[Any, Any]:
            return grid.question(ref), row.get(ref)

        if all_hold(questionnaire, rule.when, lookup):
            value = row.get(rule.when[0].question)
            answer = (
                questionnaire.label_of(first, value)
                if first is not None and is_answered(value)
                else "not answered"
            )
            matched.append((characteristic.label, answer))
    if len(matched) < rule.min_count:
        return None
    return rule.reason.format(
        matched=english_list([f"{label} ({answer})" for label, answer in matched]),
        characteristics=english_list([label for label, _ in matched]),
        count=len(matched),
    )
