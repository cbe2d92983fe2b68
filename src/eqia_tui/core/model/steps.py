"""The wizard's steps and their state, worked out from the questionnaire and the answers.

No Textual here: the screens ask this module what the steps are and how far each one is,
so the same rules can be tested without a terminal.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from eqia_tui.core.model.assessment import Assessment, Missing, missing_answers, section_asked
from eqia_tui.core.model.conditions import is_answered
from eqia_tui.core.model.questionnaire import Questionnaire, Section

OVERVIEW_SUFFIX = "_overview"
SUMMARY = "summary"


class Status(Enum):
    NOT_STARTED = "not started"
    IN_PROGRESS = "in progress"
    DONE = "done"
    ATTENTION = "needs attention"

    @property
    def mark(self) -> str:
        return {
            Status.NOT_STARTED: "○",
            Status.IN_PROGRESS: "◐",
            Status.DONE: "✓",
            Status.ATTENTION: "!",
        }[self]


@dataclass(frozen=True)
class Step:
    """One step of the wizard. `kind` is section, grid, overview or summary."""

    id: str
    title: str
    kind: str
    section: Section | None = None


def steps(questionnaire: Questionnaire, assessment: Assessment) -> list[Step]:
    """The steps asked now: a section whose `ask_when` fails is left out until it holds."""
    out: list[Step] = []
    for section in questionnaire.sections:
        if not section_asked(questionnaire, assessment, section):
            continue
        if section.per_characteristic:
            out.append(Step(section.id, section.title, "grid", section))
            out.append(Step(section.id + OVERVIEW_SUFFIX, "Overview", "overview", section))
        else:
            out.append(Step(section.id, section.title, "section", section))
    out.append(Step(SUMMARY, "Summary", "summary"))
    return out


def _status(answered_any: bool, missing: list[Missing], attention: bool) -> Status:
    if attention:
        return Status.ATTENTION
    if not missing:
        return Status.DONE if answered_any else Status.NOT_STARTED
    return Status.IN_PROGRESS if answered_any else Status.NOT_STARTED


def _conditional(section: Section, missing: list[Missing]) -> bool:
    """A missing answer that became required by another answer, such as details for a yes."""
    for item in missing:
        question = section.question(item.question)
        if question is not None and question.required_when and not question.required:
            return True
    return False


def characteristic_status(
    questionnaire: Questionnaire,
    assessment: Assessment,
    section: Section,
    characteristic: str,
    missing: list[Missing] | None = None,
) -> Status:
    if missing is None:
        missing = missing_answers(questionnaire, assessment)
    mine = [m for m in missing if m.section == section.id and m.characteristic == characteristic]
    row = assessment.row(section.id, characteristic)
    answered = any(is_answered(v) for v in row.values())
    return _status(answered, mine, answered and _conditional(section, mine))


def step_status(
    questionnaire: Questionnaire,
    assessment: Assessment,
    step: Step,
    missing: list[Missing] | None = None,
) -> Status:
    if missing is None:
        missing = missing_answers(questionnaire, assessment)
    if step.kind == "summary":
        return Status.DONE if not missing else Status.IN_PROGRESS
    section = step.section
    assert section is not None
    mine = [m for m in missing if m.section == section.id]
    table = assessment.answers.get(section.id, {})
    answered = any(is_answered(v) for v in table.values())
    if step.kind == "overview":
        # Nothing is answered on the overview: it is done when its grid is, and never the
        # place that needs attention (the grid step says that).
        return _status(answered, mine, False)
    return _status(answered, mine, answered and _conditional(section, mine))
