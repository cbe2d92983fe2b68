"""Conditions on the columns of a table (`ask_when`, `required_when`).

One rule, `column_state`, says whether a column is asked in a row and whether the row needs
an answer in it. The checks, the missing answers and every export follow it, so they agree:
a cell the check reports is the cell the documents show as not answered, and a column not
asked in a row is shown as not asked (left blank in the spreadsheet), whatever the row holds.
"""

from __future__ import annotations

import csv
import io
import tomllib
from datetime import date
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import docx
import pytest

from eqia_tui.core.checks import check
from eqia_tui.core.model.assessment import (
    Assessment,
    ColumnState,
    column_state,
    missing_answers,
    new_assessment,
)
from eqia_tui.core.model.questionnaire import (
    Questionnaire,
    TableQuestion,
    load_questionnaire_data,
    load_questionnaire_file,
)
from eqia_tui.exports import export_document
from eqia_tui.exports.view import build_view

PURCHASES = (
    Path(__file__).resolve().parents[1] / "fixtures" / "column-conditions" / "purchases.toml"
)

HEADER = [
    "What is needed",
    "Does it cost money?",
    "How much will it cost?",
    "Who holds the budget?",
]

ROWS: list[dict[str, Any]] = [
    {"item": "New chairs", "costs_money": True},
    # A cost typed before the answer changed to No: kept in the file, but no longer asked.
    {"item": "Ask the users", "costs_money": False, "cost": "£50"},
    {"item": "A ramp", "costs_money": True, "cost": "£900", "budget_holder": "Head of Estates"},
]

# The table as the Markdown, web page and Word document show it.
SHOWN = [
    ["New chairs", "Yes", "Not answered", "Not answered"],
    ["Ask the users", "No", "Not asked", "Not given"],
    ["A ramp", "Yes", "£900", "Head of Estates"],
]
# The spreadsheet: answers only, a cell with no answer (or not asked) left blank.
SPREADSHEET = [
    ["New chairs", "Yes", "", ""],
    ["Ask the users", "No", "", ""],
    ["A ramp", "Yes", "£900", "Head of Estates"],
]


@pytest.fixture(scope="module")
def purchases() -> Questionnaire:
    return load_questionnaire_file(PURCHASES)


def _table(questionnaire: Questionnaire) -> TableQuestion:
    section = questionnaire.section("plan")
    assert section is not None
    table = section.question("items")
    assert isinstance(table, TableQuestion)
    return table


def _assessment(questionnaire: Questionnaire, rows: list[dict[str, Any]]) -> Assessment:
    assessment = new_assessment(questionnaire, "office-move")
    assessment.set("details", "title", "Office move")
    assessment.set("plan", "items", [dict(row) for row in rows])
    return assessment


# --- The rule itself ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("column", "row", "expected"),
    [
        ("item", {}, ColumnState(asked=True, required=True)),
        ("costs_money", {}, ColumnState(asked=True, required=True)),
        # Asked only after a yes; `required = true` then applies.
        ("cost", {}, ColumnState(asked=False, required=False)),
        ("cost", {"costs_money": False}, ColumnState(asked=False, required=False)),
        ("cost", {"costs_money": False, "cost": "£50"}, ColumnState(asked=False, required=False)),
        ("cost", {"costs_money": True}, ColumnState(asked=True, required=True)),
        # Always asked; required only after a yes.
        ("budget_holder", {}, ColumnState(asked=True, required=False)),
        ("budget_holder", {"costs_money": False}, ColumnState(asked=True, required=False)),
        ("budget_holder", {"costs_money": True}, ColumnState(asked=True, required=True)),
    ],
)
def test_column_state_follows_the_other_columns_of_the_row(
    purchases: Questionnaire, column: str, row: dict[str, Any], expected: ColumnState
) -> None:
    table = _table(purchases)
    found = next(c for c in table.columns if c.id == column)
    assert column_state(purchases, table, found, row) == expected


def test_a_column_without_conditions_is_asked_and_required_as_written(kcc: Questionnaire) -> None:
    section = kcc.section("action_plan")
    assert section is not None
    table = section.question("actions")
    assert isinstance(table, TableQuestion)
    for column in table.columns:
        assert column_state(kcc, table, column, {}) == ColumnState(True, column.required)


def test_an_answer_in_a_column_not_asked_counts_as_no_answer(purchases: Questionnaire) -> None:
    data = tomllib.loads(PURCHASES.read_text(encoding="utf-8"))
    data["sections"][1]["questions"][0]["columns"].append(
        {
            "id": "quote",
            "type": "text",
            "label": "Who gave the quote?",
            "help": "The firm that said what it would cost.",
            "ask_when": {"question": "cost", "answered": True},
        }
    )
    chained = load_questionnaire_data(data, str(PURCHASES))
    table = _table(chained)
    quote = table.columns[-1]
    assert column_state(chained, table, quote, {"costs_money": True, "cost": "£50"}).asked
    # The cost is still in the row, but the row no longer asks for it.
    assert not column_state(chained, table, quote, {"costs_money": False, "cost": "£50"}).asked


# --- The check, the missing answers and the documents agree --------------------------------------


def test_the_view_marks_as_missing_exactly_what_the_check_reports(
    purchases: Questionnaire,
) -> None:
    assessment = _assessment(purchases, ROWS)
    table = next(t for t in build_view(purchases, assessment).tables() if t.key == "plan.items")
    assert table.columns == HEADER
    assert [[cell.shown for cell in row] for row in table.rows] == SHOWN
    ids = [c.id for c in _table(purchases).columns]
    missing = {
        f"plan.items[{index}].{ids[position]}"
        for index, row in enumerate(table.rows)
        for position, cell in enumerate(row)
        if cell.missing
    }
    checked = {f.key for f in check(purchases, assessment, date(2026, 1, 1))}
    assert {key for key in checked if key.startswith("plan.items[")} == missing
    assert {m.key for m in missing_answers(purchases, assessment) if m.row is not None} == missing
    assert missing == {"plan.items[0].cost", "plan.items[0].budget_holder"}


class _Rows(HTMLParser):
    """The text of each row of the tables in a web page, cell by cell."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[list[str]] = []
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "tr":
            self.rows.append([])
        elif tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None:
            self.rows[-1].append("".join(self._cell).strip())
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def _shown_rows(questionnaire: Questionnaire, assessment: Assessment, fmt: str) -> list[list[str]]:
    """The rows of the purchases table, header first, as the document in `fmt` shows them."""
    content = export_document(questionnaire, assessment, fmt)
    if fmt == "md":
        lines = str(content).splitlines()
        start = lines.index("| " + " | ".join(HEADER) + " |")
        rows = []
        for line in lines[start:]:
            if not line.startswith("|"):
                break
            rows.append([cell.strip() for cell in line.strip("|").split(" | ")])
        return [rows[0], *rows[2:]]  # without the line under the header
    if fmt == "html":
        parser = _Rows()
        parser.feed(str(content))
        start = parser.rows.index(HEADER)
        return parser.rows[start : start + 1 + len(ROWS)]
    assert isinstance(content, bytes)
    document = docx.Document(io.BytesIO(content))
    tables = [[[cell.text for cell in row.cells] for row in t.rows] for t in document.tables]
    found = [t for t in tables if t[0] == HEADER]
    assert len(found) == 1
    return found[0]


@pytest.mark.parametrize("fmt", ["md", "html", "docx"])
def test_documents_show_a_column_not_asked_as_not_asked(purchases: Questionnaire, fmt: str) -> None:
    assessment = _assessment(purchases, ROWS)
    assert _shown_rows(purchases, assessment, fmt) == [HEADER, *SHOWN]


def test_the_spreadsheet_leaves_a_column_not_asked_blank(purchases: Questionnaire) -> None:
    assessment = _assessment(purchases, ROWS)
    text = str(export_document(purchases, assessment, "csv")).removeprefix("\ufeff")
    assert list(csv.reader(io.StringIO(text))) == [HEADER, *SPREADSHEET]


@pytest.mark.parametrize("fmt", ["md", "html", "docx"])
def test_a_column_asked_in_no_row_is_left_out_of_the_documents(
    purchases: Questionnaire, fmt: str
) -> None:
    rows = [{"item": "Ask the users", "costs_money": False, "cost": "£50"}]
    assessment = _assessment(purchases, rows)
    table = next(t for t in build_view(purchases, assessment).tables() if t.key == "plan.items")
    assert table.columns == ["What is needed", "Does it cost money?"]
    content = export_document(purchases, assessment, fmt)
    if isinstance(content, bytes):
        document = docx.Document(io.BytesIO(content))
        content = "\n".join(cell.text for t in document.tables for r in t.rows for cell in r.cells)
    assert "How much will it cost?" not in content
    assert "£50" not in content
    # The spreadsheet keeps every column, so its layout never changes.
    header = str(export_document(purchases, assessment, "csv")).splitlines()[0]
    assert "How much will it cost?" in header
