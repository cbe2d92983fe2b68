"""How a table row is named to a person: its number and its first words, so nobody mistakes
one action for another. Checks, reminders and the row editor all name rows here."""

from __future__ import annotations

from typing import Any

from eqia_tui.core.model.conditions import is_answered
from eqia_tui.core.model.questionnaire import (
    AnyQuestion,
    LongTextQuestion,
    TableQuestion,
    TextQuestion,
)

ROW_WORDS = 50
"""The most characters of a row's words shown before they are cut with "…"."""


def row_words(
    table: TableQuestion,
    row: dict[str, Any],
    prefer: AnyQuestion | None = None,
    limit: int = ROW_WORDS,
) -> str:
    """The row's first written words, on one line and cut at `limit` characters: from the
    `prefer` column when it is answered, else the first text column answered. "" if none."""
    columns = sorted(table.columns, key=lambda c: c is not prefer) if prefer else table.columns
    for column in columns:
        value = row.get(column.id)
        if isinstance(column, TextQuestion | LongTextQuestion) and is_answered(value):
            words = " ".join(str(value).split())
            return words if len(words) <= limit else words[: limit - 1].rstrip() + "…"
    return ""


def row_name(table: TableQuestion, index: int, row: dict[str, Any]) -> str:
    """'Action 3 ("Rewrite the policy")': the row's number and its first words."""
    name = f"{table.row_label.capitalize()} {index + 1}"
    words = row_words(table, row)
    return f'{name} ("{words}")' if words else name
