"""How a table row is named to a person: its number and its first words, so nobody mistakes
one action for another. The checks and the reminders name rows here.

The words are cut to fit in one of two ways (see `first_words`): the checks cut between
whole words and leave out a closing full stop ('Action 3 ("Rewrite the policy...")'), the
reminders cut at the limit ('action 3 ("Rewrite the pol...")'). Either way only the start of
a long answer is read, so naming a row takes the same time whatever the size of its answers.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from eqia_tui.core.model.conditions import is_answered
from eqia_tui.core.model.questionnaire import (
    AnyQuestion,
    LongTextQuestion,
    TableQuestion,
    TextQuestion,
)

ROW_WORDS = 50
"""The most characters of a row's words shown before they are cut."""


def one_line(text: str) -> str:
    """`text` on one line: each run of spaces and line breaks made one space, none at the ends."""
    return " ".join(text.split())


def _one_line_start(text: str, want: int) -> str:
    """The start of `one_line(text)`: at least `want` characters of it, or all of it when it
    is shorter. Reads only as much of a long answer as it needs (a longer start each time,
    so a run of spaces cannot make it read the answer more than about twice)."""
    size = 2 * max(want, 64)
    while size < len(text):
        start = one_line(text[:size])  # a start of one_line(text), perhaps ending mid-word
        if len(start) >= want:
            return start
        size *= 2
    return one_line(text)


def first_words(
    text: str,
    limit: int = ROW_WORDS,
    *,
    ellipsis: str = "…",
    whole_words: bool = False,
    full_stop: bool = True,
) -> str:
    """`text` on one line and at most `limit` characters long, ending in `ellipsis` when cut.

    With `whole_words` the cut falls after the last whole word that fits (and a comma,
    semicolon, colon or dash left at the end goes); without, at the limit. Without
    `full_stop`, a full stop that ends the text is left out, for a message that puts its own.
    Reads only the start of a long text.
    """
    # Longer than limit + 1, the words only depend on the first limit - len(ellipsis).
    words = _one_line_start(text, limit + 2)
    if not full_stop and words.endswith("."):
        words = words[:-1]
    if len(words) <= limit:
        return words
    room = limit - len(ellipsis)
    if whole_words:
        return words[:room].rsplit(" ", 1)[0].rstrip(",;:-") + ellipsis
    return words[:room].rstrip() + ellipsis


def row_text(
    table: TableQuestion, row: dict[str, Any], prefer: AnyQuestion | None = None
) -> str | None:
    """The row's first written answer, whole: from the `prefer` column when it is answered,
    else from the first text column answered. None when no text column is answered."""
    columns = sorted(table.columns, key=lambda c: c is not prefer) if prefer else table.columns
    for column in columns:
        value = row.get(column.id)
        if isinstance(column, TextQuestion | LongTextQuestion) and is_answered(value):
            return str(value)
    return None


def row_words(
    table: TableQuestion,
    row: dict[str, Any],
    prefer: AnyQuestion | None = None,
    limit: int = ROW_WORDS,
) -> str:
    """The row's first written words (see `row_text`), on one line and cut at `limit`
    characters with "…". "" when no text column is answered."""
    text = row_text(table, row, prefer)
    return "" if text is None else first_words(text, limit)


def row_name(
    table: TableQuestion,
    index: int,
    row: dict[str, Any],
    *,
    prefer: AnyQuestion | None = None,
    capital: bool = True,
    words: Callable[[str], str] = first_words,
) -> str:
    """'Action 3 ("Rewrite the policy")': the row's number and its first words (see
    `row_text`), shortened by `words`; just 'Action 3' when no text column is answered.

    With `capital` the row label starts with a capital letter, the rest of it small, as a
    sentence starts ("Action 3"); without, it is written as the questionnaire gives it
    ("action 3"), to follow other words.
    """
    label = table.row_label.capitalize() if capital else table.row_label
    name = f"{label} {index + 1}"
    text = row_text(table, row, prefer)
    return name if text is None else f'{name} ("{words(text)}")'
