"""The suggested weighting and judgement, worked out from the answers by the questionnaire's rules.

Rules are tried in order and the first that matches wins. The officer's own weighting
and judgement are theirs: nothing here writes to the assessment.

The suggested weighting comes from the grid alone. The suggested judgement follows the
officer: it goes with their own weighting once they have chosen one (the suggested weighting
until then), and it is at least the internal-action judgement (`roles.internal_action_judgement`)
while internal action is written in the grid (`roles.internal_action`).
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

from eqia_tui.core.model.assessment import Assessment, question_asked, section_asked
from eqia_tui.core.model.conditions import all_hold, is_answered
from eqia_tui.core.model.questionnaire import Questionnaire, Rule, Section
from eqia_tui.core.model.roles import action_plan, internal_action
from eqia_tui.core.text.problems import english_list

JudgementBasis = Literal["own weighting", "suggested weighting"]
OWN_WEIGHTING: JudgementBasis = "own weighting"
SUGGESTED_WEIGHTING: JudgementBasis = "suggested weighting"

NO_ACTION_ANSWERS = frozenset(
    {
        "no",
        "none",
        "nil",
        "na",
        "not applicable",
        "no action",
        "no action needed",
        "no action required",
        "no further action",
        "none needed",
        "none required",
        "none identified",
        "not needed",
        "not required",
        "nothing",
        "nothing needed",
        "nothing required",
    }
)
"""Short answers to the internal-action question that mean no action is needed. They are
compared in small letters, without punctuation ("N/A" reads as "na", "None." as "none"),
and an answer that is only punctuation ("-") says nothing. Anything else written there,
even one that only points elsewhere ("As above"), says that action is needed."""


@dataclass(frozen=True)
class Suggestion:
    suggested_rating: str | None
    """From the grid rules alone, whatever the officer chose."""
    suggested_judgement: str | None
    """The judgement that goes with `judgement_basis`, raised to the internal-action judgement
    when internal action is written in the grid."""
    judgement_basis: JudgementBasis | None = None
    """ "own weighting" when the officer has chosen a weighting, "suggested weighting" before
    then; None without weighting rules."""
    judgement_reasons: list[str] = field(default_factory=list)
    """Why this judgement, in words: the weighting it goes with, then, when internal action
    written in the grid raised it, which characteristics have it."""
    reasons: list[str] = field(default_factory=list)
    """Why this weighting."""
    rules_complete: bool = False
    """Every characteristic has answered the questions the rules need, so the suggested
    weighting will not change until an answer does. It says nothing about other answers,
    such as the sign-off."""
    unanswered: list[str] = field(default_factory=list)
    """Characteristic ids still missing an answer the rules need."""
    internal_action_written: list[str] = field(default_factory=list)
    """Characteristic ids whose internal-action answer (`roles.internal_action`) is written
    and says that action is needed (see `says_action_needed`)."""
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
    rules_complete=True,
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
    own = assessment.get(*weighting.rating_question.split(".", 1))
    mine = own if isinstance(own, str) and is_answered(own) else None
    basis = SUGGESTED_WEIGHTING if mine is None else OWN_WEIGHTING
    from_level = level if mine is None else mine
    judgement = weighting.judgement_for.get(from_level)
    judgement_reasons = [_basis_reason(questionnaire, basis, from_level, judgement)]
    written = internal_action_written(questionnaire, assessment)
    floor = questionnaire.roles.internal_action_judgement
    if written and floor and judgement is not None and _below(questionnaire, judgement, floor):
        judgement = floor
        names = english_list([_label(questionnaire, cid) for cid in written])
        judgement_reasons.append(
            f"Internal action is written for {names}, so at least "
            f'"{_judgement_words(questionnaire, floor)}".'
        )
    return Suggestion(
        suggested_rating=level,
        suggested_judgement=judgement,
        judgement_basis=basis,
        judgement_reasons=judgement_reasons,
        reasons=reasons,
        rules_complete=not unanswered,
        unanswered=unanswered,
        internal_action_written=written,
        rule=rule_id,
    )


def says_action_needed(value: Any) -> bool:
    """Whether an answer to the internal-action question says action is needed: yes, or any
    written answer except a short "none", "N/A", "No" or the like (`NO_ACTION_ANSWERS`)."""
    if isinstance(value, bool):
        return value
    if not is_answered(value):
        return False
    if isinstance(value, str):
        words = " ".join(re.sub(r"[^\w\s]", "", value.lower()).split())
        return bool(words) and words not in NO_ACTION_ANSWERS
    return True


def internal_action_written(questionnaire: Questionnaire, assessment: Assessment) -> list[str]:
    """The characteristic ids, in questionnaire order, whose internal-action answer in the grid
    says action is needed. Empty when the questionnaire gives no `internal_action` role."""
    found = internal_action(questionnaire)
    if found is None:
        return []
    section, question = found
    if not section.per_characteristic or not section_asked(questionnaire, assessment, section):
        return []
    written: list[str] = []
    for characteristic in questionnaire.characteristics:
        row = assessment.row(section.id, characteristic.id)
        if says_action_needed(row.get(question.id)) and question_asked(
            questionnaire, assessment, section, question, row
        ):
            written.append(characteristic.id)
    return written


def action_rows_written(questionnaire: Questionnaire, assessment: Assessment) -> int:
    """How many rows of the action plan (`roles.action_plan`) hold any answer, whether or not
    the action plan is asked at the moment: the rows a lighter judgement would leave out."""
    plan = action_plan(questionnaire)
    if plan is None:
        return 0
    rows = plan.rows(assessment.answers.get(plan.section.id, {}))
    return sum(1 for row in rows if any(is_answered(v) for v in row.values()))


def judgement_order(questionnaire: Questionnaire) -> list[str]:
    """The judgement options in `judgement_for`, lightest first: in the order of the weighting
    levels they are given for, from the lowest level up."""
    weighting = questionnaire.weighting
    scale = questionnaire.scales.get(weighting.scale) if weighting else None
    if weighting is None or scale is None:
        return []
    order: list[str] = []
    for level in reversed(scale.values()):
        judgement = weighting.judgement_for.get(level)
        if judgement is not None and judgement not in order:
            order.append(judgement)
    return order


def lightest_judgement(questionnaire: Questionnaire) -> str | None:
    """The judgement for the lowest weighting level (in kcc-eqia, "screening is enough")."""
    order = judgement_order(questionnaire)
    return order[0] if order else None


def _below(questionnaire: Questionnaire, judgement: str, floor: str) -> bool:
    """Whether `judgement` is lighter than `floor`. A floor that no weighting level is given
    for counts as just above the lightest judgement."""
    order = judgement_order(questionnaire)
    if judgement not in order:
        return False
    floor_rank = order.index(floor) if floor in order else 1
    return order.index(judgement) < floor_rank


def _judgement_words(questionnaire: Questionnaire, value: str) -> str:
    weighting = questionnaire.weighting
    found = questionnaire.resolve(weighting.judgement_question) if weighting else None
    return questionnaire.label_of(found[1], value) if found else value


def _basis_reason(
    questionnaire: Questionnaire, basis: JudgementBasis, level: str, judgement: str | None
) -> str:
    weighting = questionnaire.weighting
    scale = questionnaire.scales.get(weighting.scale) if weighting else None
    option = scale.option(level) if scale else None
    words = option.label if option else level
    if basis == OWN_WEIGHTING:
        start = f'Your weighting is "{words}"'
    else:
        start = f'You have not chosen a weighting yet. The suggested one is "{words}"'
    if judgement is None:
        return f"{start}, and no judgement goes with it."
    return f'{start}, which goes with "{_judgement_words(questionnaire, judgement)}".'


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
