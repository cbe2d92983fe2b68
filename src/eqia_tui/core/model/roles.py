"""The questions a questionnaire gives a role: the action plan, the review date, the impact
question, the internal-action question and answer, the sign-off questions and its words.

Every part of the tool that needs one of these asks here. A role the questionnaire does not
give is None (or empty), and whatever depends on it is skipped: nothing is guessed from ids.
The roles are checked when the questionnaire is loaded, so a role given here resolves.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from eqia_tui.core.model.questionnaire import (
    AnyQuestion,
    CharacteristicsQuestion,
    ChoiceQuestion,
    DateQuestion,
    Questionnaire,
    Section,
    TableQuestion,
)

GENERAL_ACRONYMS: dict[str, str] = {
    "EqIA": "equality impact assessment",
    "EIA": "equality impact assessment",
    "PSED": "public sector equality duty",
    "E&D": "equality and diversity",
    "BME": "black and minority ethnic",
    "BAME": "black, Asian and minority ethnic",
    "GRT": "Gypsy, Roma and Traveller",
    "ESOL": "English for speakers of other languages",
    "BSL": "British Sign Language",
    "SEN": "special educational needs",
    "SEND": "special educational needs and disabilities",
    "EHCP": "education, health and care plan",
    "VCS": "voluntary and community sector",
    "VCSE": "voluntary, community and social enterprise",
}
"""Short forms used across English public services that readers outside them often do not
know. A questionnaire adds its own (`roles.acronyms`) and can accept some as plain
(`roles.plain_words`). Well-known ones (UK, NHS, LGBT) are left out."""


@dataclass(frozen=True)
class ActionPlan:
    """The action plan table and its columns with a role (None when not given)."""

    section: Section
    table: TableQuestion
    characteristics: CharacteristicsQuestion | None
    issue: AnyQuestion | None
    action: AnyQuestion | None
    due: DateQuestion | None

    def rows(self, answers: dict[str, Any]) -> list[dict[str, Any]]:
        """The table's rows in a section's answers, leaving out anything that is not a row."""
        value = answers.get(self.table.id)
        return [r for r in value if isinstance(r, dict)] if isinstance(value, list) else []


def _column(table: TableQuestion, column_id: str | None) -> AnyQuestion | None:
    return next((c for c in table.columns if c.id == column_id), None) if column_id else None


def action_plan(q: Questionnaire) -> ActionPlan | None:
    plan = q.roles.action_plan
    found = q.resolve(plan.table) if plan else None
    if plan is None or found is None:
        return None
    section, table = found
    if not isinstance(table, TableQuestion):
        return None
    characteristics = _column(table, plan.characteristics)
    due = _column(table, plan.due)
    return ActionPlan(
        section,
        table,
        characteristics if isinstance(characteristics, CharacteristicsQuestion) else None,
        _column(table, plan.issue),
        _column(table, plan.action),
        due if isinstance(due, DateQuestion) else None,
    )


def review_date(q: Questionnaire) -> tuple[Section, DateQuestion] | None:
    found = q.resolve(q.roles.review_date) if q.roles.review_date else None
    if found is None or not isinstance(found[1], DateQuestion):
        return None
    return found[0], found[1]


def impact(q: Questionnaire) -> tuple[Section, ChoiceQuestion] | None:
    """The grid question on a scale that suggested actions come from."""
    found = q.resolve(q.roles.impact) if q.roles.impact else None
    if found is None or not isinstance(found[1], ChoiceQuestion):
        return None
    return found[0], found[1]


def internal_action(q: Questionnaire) -> tuple[Section, AnyQuestion] | None:
    """The grid question where the officer writes internal action."""
    return q.resolve(q.roles.internal_action) if q.roles.internal_action else None


def sign_off(q: Questionnaire) -> list[tuple[Section, AnyQuestion]]:
    return [found for ref in q.roles.sign_off if (found := q.resolve(ref)) is not None]


def acronyms(q: Questionnaire | None) -> dict[str, str]:
    """The short forms the plain-English check asks to be explained, for this questionnaire."""
    if q is None:
        return dict(GENERAL_ACRONYMS)
    known = {**GENERAL_ACRONYMS, **q.roles.acronyms}
    for word in q.roles.plain_words:
        known.pop(word, None)
    return known
