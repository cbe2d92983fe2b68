"""The Word export's table rows: the same document as python-docx writes, in linear time.

The rows of a table (the screening grid, the action plan) are written as XML elements
directly, because python-docx's `add_row` looks the table's grid up again for each new row,
which grows with the rows already there: 50,000 actions took seven minutes. The first test
builds each table the plain python-docx way and compares the XML, element for element. The
second counts the calls into python-docx: the same for 10 rows as for 300, so no per-row work
is left there. The figures for 50,000 rows are in docs/performance.md ("Huge inputs").
"""

from __future__ import annotations

import copy
import sys
from collections.abc import Callable
from pathlib import Path
from types import FrameType
from typing import Any

import docx as python_docx
import pytest
from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.shared import Pt
from lxml import etree

from eqia_tui.core.storage.registry import Registry
from eqia_tui.core.storage.store import load_file
from eqia_tui.exports import docx as word
from eqia_tui.exports.view import Cell, Table, build_view

from .helpers import EXAMPLE

TEXTS = [
    "",
    "Yes",
    " leading space",
    "trailing space ",
    "tab\there",
    "two\nlines",
    "a\r\nb",
    "é <&>",
]
CELLS = [
    Cell(text) for text in TEXTS
] + [
    Cell("", missing=True),
    Cell("", asked=False),
    Cell("High", tone="high"),
    Cell("Yes", detail="Because.\n\n  And more."),
    Cell("Odd", tone="no such tone"),
]  # fmt: skip


def table_view(columns: int, row_headers: bool, weights: bool) -> Table:
    rows = [
        [CELLS[(r * columns + c) % len(CELLS)] for c in range(columns)] for r in range(len(CELLS))
    ]
    return Table(
        key="t",
        caption="A table",
        columns=[f"Column {c}" for c in range(columns)],
        rows=rows,
        row_headers=row_headers,
        weights=[1.0 + c for c in range(columns)] if weights else [],
    )


def plain_table(document: Any, view: Table) -> None:
    """The table as python-docx's own calls write it: what `_table` did before."""
    table = document.add_table(rows=1, cols=len(view.columns))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    word._padding(table)
    header = table.rows[0]
    word._repeat_header(header)
    size = Pt(9) if view.wide else None
    for cell, text in zip(header.cells, view.columns, strict=True):
        run = cell.paragraphs[0].add_run(text)
        run.bold = True
        run.font.size = size
        word._shade(cell, word.LABEL_SHADE)
    for row in view.rows:
        added = table.add_row()
        word._keep_together(added)
        for index, (cell, value) in enumerate(zip(added.cells, row, strict=True)):
            paragraph = cell.paragraphs[0]
            if index == 0 and view.row_headers:
                run = paragraph.add_run(value.shown)
                run.bold = True
                run.font.size = size
                continue
            lines = value.shown.splitlines() or [""]
            first = paragraph.add_run(lines[0])
            first.italic = not value.text
            first.bold = bool(value.detail) or bool(value.tone)
            first.font.size = size
            rest = lines[1:] + [line for line in value.detail.splitlines() if line.strip()]
            for line in rest:
                paragraph.add_run().add_break()
                paragraph.add_run(line).font.size = size
            word._shade(cell, word.SHADES.get(value.tone, ""))
    if view.weights:
        total = sum(view.weights)
        room = word._usable_width(document)
        word._widths(table, [int(room * w / total) for w in view.weights])


def last_table_xml(build: Callable[[Any], None]) -> bytes:
    document = Document()
    build(document)
    return bytes(etree.tostring(document.tables[-1]._tbl))


@pytest.mark.parametrize("columns", [2, 6])
@pytest.mark.parametrize("row_headers", [False, True])
@pytest.mark.parametrize("weights", [False, True])
def test_rows_are_the_xml_python_docx_writes(
    columns: int, row_headers: bool, weights: bool
) -> None:
    view = table_view(columns, row_headers, weights)
    fast = last_table_xml(lambda document: word._table(document, view, view.caption))
    plain = last_table_xml(lambda document: plain_table(document, view))
    assert fast == plain


def calls_into_python_docx(rows: int) -> int:
    """How many Python functions of python-docx run to export the example with `rows`
    actions."""
    loaded = load_file(EXAMPLE, Registry())
    actions = loaded.assessment.answers["action_plan"]["actions"]
    loaded.assessment.answers["action_plan"]["actions"] = [
        copy.deepcopy(actions[i % len(actions)]) for i in range(rows)
    ]
    view = build_view(loaded.questionnaire, loaded.assessment)
    package = str(Path(python_docx.__file__).parent)
    count = 0

    def profile(frame: FrameType, event: str, arg: Any) -> None:
        nonlocal count
        if event == "call" and frame.f_code.co_filename.startswith(package):
            count += 1

    sys.setprofile(profile)
    try:
        word.render_docx(view)
    finally:
        sys.setprofile(None)
    return count


def test_python_docx_does_no_work_per_row() -> None:
    assert calls_into_python_docx(300) == calls_into_python_docx(10)
