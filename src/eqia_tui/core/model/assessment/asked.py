"""Which questions are asked, and which required, given the answers so far; which required
answers are still missing, and how far an assessment has got.

The conditions of a questionnaire (`ask_when`, `required_when`) are applied here, for
sections, questions and the columns of each row of a table: the checks, the wizard and the
exports all follow these rules.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from eqia_tui.core.model.assessment.model import Assessment
from eqia_tui.core.model.conditions import Lookup, all_hold, is_answered
from eqia_tui.core.model.questionnaire import AnyQuestion, Questionnaire, Section, TableQuestion


def lookup_for(
    questionnaire: Questionnaire,
    assessment: Assessment,
    local: dict[str, Any],
    section: Section | None,
) -> Lookup:
    """A lookup for conditions: plain ids look in `local`, `section.question` elsewhere."""

    def lookup(ref: str) -> tuple[AnyQuestion | None, Any]:
        if "." in ref:
            found = questionnaire.resolve(ref)
            section_id, _, question_id = ref.partition(".")
            return (found[1] if found else None, assessment.get(section_id, question_id))
        question = section.question(ref) if section else None
        return question, local.get(ref)

    return lookup


def section_asked(questionnaire: Questionnaire, assessment: Assessment, section: Section) -> bool:
    if not section.ask_when:
        return True
    return all_hold(
        questionnaire, section.ask_when, lookup_for(questionnaire, assessment, {}, None)
    )


def question_asked(
    questionnaire: Questionnaire,
    assessment: Assessment,
    section: Section,
    question: AnyQuestion,
    local: dict[str, Any],
) -> bool:
    if not question.ask_when:
        return True
    lookup = lookup_for(questionnaire, assessment, local, section)
    return all_hold(questionnaire, question.ask_when, lookup)


def question_required(
    questionnaire: Questionnaire,
    assessment: Assessment,
    section: Section,
    question: AnyQuestion,
    local: dict[str, Any],
) -> bool:
    if not question_asked(questionnaire, assessment, section, question, local):
        return False
    if question.required:
        return True
    if not question.required_when:
        return False
    lookup = lookup_for(questionnaire, assessment, local, section)
    return all_hold(questionnaire, question.required_when, lookup)


@dataclass(frozen=True)
class Missing:
    """A required answer that is not there yet."""

    section: str
    question: str
    characteristic: str | None
    label: str
    row: int | None = None
    """For a column of a table: the row (from 0) and the column's id."""
    column: str | None = None

    @property
    def key(self) -> str:
        parts = [self.section, self.characteristic, self.question]
        key = ".".join(p for p in parts if p)
        if self.row is not None and self.column:
            key += f"[{self.row}].{self.column}"
        return key


def missing_answers(questionnaire: Questionnaire, assessment: Assessment) -> list[Missing]:
    """Every required answer still to give, in the order the questionnaire asks them.

    A table's rows count too: a column the table requires, left empty in a row, is
    missing at `section.table[row].column`.
    """
    out: list[Missing] = []
    for section in questionnaire.sections:
        if not section_asked(questionnaire, assessment, section):
            continue
        if section.per_characteristic:
            for characteristic in questionnaire.characteristics:
                row = assessment.row(section.id, characteristic.id)
                for question in section.questions:
                    if question_required(
                        questionnaire, assessment, section, question, row
                    ) and not is_answered(row.get(question.id)):
                        label = f"{characteristic.label}: {question.title}"
                        out.append(Missing(section.id, question.id, characteristic.id, label))
            continue
        local = assessment.answers.get(section.id, {})
        for question in section.questions:
            value = local.get(question.id)
            if question_required(
                questionnaire, assessment, section, question, local
            ) and not is_answered(value):
                out.append(
                    Missing(section.id, question.id, None, f"{section.title}: {question.title}")
                )
            if isinstance(question, TableQuestion) and question_asked(
                questionnaire, assessment, section, question, local
            ):
                for index, column in _required_columns(questionnaire, question, value):
                    label = (
                        f"{section.title}: {question.row_label.capitalize()} {index + 1}: "
                        f"{column.title}"
                    )
                    out.append(Missing(section.id, question.id, None, label, index, column.id))
    return out


def table_rows(value: Any) -> list[tuple[int, dict[str, Any]]]:
    """The rows of a table's answer, each with its index in the file."""
    if not isinstance(value, list):
        return []
    return [(index, row) for index, row in enumerate(value) if isinstance(row, dict)]


@dataclass(frozen=True)
class ColumnState:
    """Whether a column of a table is asked in one row, and whether that row needs it."""

    asked: bool
    required: bool


def column_state(
    questionnaire: Questionnaire, table: TableQuestion, column: AnyQuestion, row: dict[str, Any]
) -> ColumnState:
    """Whether this column is asked in this row of the table, and required there.

    The one rule for a table's columns: the checks, the missing answers, the row editor and
    the exports all follow it. A column's conditions name earlier columns of the same row.
    A column not asked is not required, whatever its `required` says, and an answer the row
    still holds in a column it does not ask (typed before the answer it hangs on changed)
    counts as no answer for the columns after it.
    """
    if not column.ask_when and not column.required_when:
        return ColumnState(asked=True, required=column.required)
    position = next((i for i, c in enumerate(table.columns) if c.id == column.id), 0)
    earlier = table.columns[:position]

    def lookup(ref: str) -> tuple[AnyQuestion | None, Any]:
        found = next((c for c in earlier if c.id == ref), None)
        if found is None:
            return next((c for c in table.columns if c.id == ref), None), row.get(ref)
        if not column_state(questionnaire, table, found, row).asked:
            return found, None
        return found, row.get(ref)

    if not all_hold(questionnaire, column.ask_when, lookup):
        return ColumnState(asked=False, required=False)
    required = column.required or (
        bool(column.required_when) and all_hold(questionnaire, column.required_when, lookup)
    )
    return ColumnState(asked=True, required=required)


def column_required(
    questionnaire: Questionnaire, table: TableQuestion, column: AnyQuestion, row: dict[str, Any]
) -> bool:
    """Whether a row of the table needs an answer in this column (see `column_state`)."""
    return column_state(questionnaire, table, column, row).required


def _required_columns(
    questionnaire: Questionnaire, table: TableQuestion, value: Any
) -> list[tuple[int, AnyQuestion]]:
    """(row index, column) for each required column left empty in a row of the table."""
    return [
        (index, column)
        for index, row in table_rows(value)
        for column in table.columns
        if column_required(questionnaire, table, column, row)
        and not is_answered(row.get(column.id))
    ]


def required_count(questionnaire: Questionnaire, assessment: Assessment) -> int:
    """How many answers are required, a table's required columns in each of its rows included."""
    return _tally(questionnaire, assessment)[0]


def progress(questionnaire: Questionnaire, assessment: Assessment) -> int:
    """Percentage of required answers given, 0 to 100."""
    total, missing = _tally(questionnaire, assessment)
    if total == 0:
        return 100
    return round(100 * (total - missing) / total)


def _tally(questionnaire: Questionnaire, assessment: Assessment) -> tuple[int, int]:
    """How many answers are required (as `required_count`) and how many of those are still
    missing (as `missing_answers`), in one pass over the questionnaire."""
    total = missing = 0
    for section in questionnaire.sections:
        if not section_asked(questionnaire, assessment, section):
            continue
        rows = (
            [assessment.row(section.id, c.id) for c in questionnaire.characteristics]
            if section.per_characteristic
            else [assessment.answers.get(section.id, {})]
        )
        for row in rows:
            for question in section.questions:
                if question_required(questionnaire, assessment, section, question, row):
                    total += 1
                    missing += not is_answered(row.get(question.id))
        if section.per_characteristic:
            continue
        local = rows[0]
        for question in section.questions:
            if isinstance(question, TableQuestion) and question_asked(
                questionnaire, assessment, section, question, local
            ):
                for _, table_row in table_rows(local.get(question.id)):
                    for column in question.columns:
                        if column_required(questionnaire, question, column, table_row):
                            total += 1
                            missing += not is_answered(table_row.get(column.id))
    return total, missing
