"""The action plan for a spreadsheet: a header row of column labels, then one row per action.

Characteristics are labels joined with "; ", dates are dd/mm/yyyy. The text starts with a
byte order mark so that Excel reads it as UTF-8 (LibreOffice and Python ignore it). A cell
that a spreadsheet would run as a formula (it starts with =, +, -, @ or a tab) is written
with a leading apostrophe, which spreadsheets show as text and hide.
"""

from __future__ import annotations

import csv
import io

from eqia_tui.core.model.assessment import Assessment
from eqia_tui.core.model.questionnaire import Questionnaire
from eqia_tui.core.model.roles import action_plan
from eqia_tui.core.text.problems import BadInput
from eqia_tui.exports.view import table_rows

BOM = "\ufeff"
JOINER = "; "
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def as_text(value: str) -> str:
    """A cell's words, never run as a formula by the spreadsheet that opens the file."""
    return f"'{value}" if value.startswith(FORMULA_STARTS) else value


def to_csv(questionnaire: Questionnaire, assessment: Assessment) -> str:
    plan = action_plan(questionnaire)
    if plan is None:
        raise BadInput.one(
            "--format csv",
            "",
            f'the questionnaire "{questionnaire.id}" has no action plan (roles.action_plan) '
            "to put in a CSV file. Use --format md, html or docx for the whole assessment",
        )
    section_id, question = plan.section.id, plan.table
    rows = table_rows(
        questionnaire, question, assessment.get(section_id, question.id), joiner=JOINER
    )
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([as_text(column.label) for column in question.columns])
    for row in rows:
        writer.writerow([as_text(cell.text) for cell in row])
    return BOM + buffer.getvalue()
