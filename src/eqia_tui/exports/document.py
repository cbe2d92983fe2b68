"""The parts of a document view: cells, fields, tables and parts, in words, with the
colours of the levels. Every export format renders these (see `view` for how an
assessment becomes one)."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Literal

from eqia_tui.core.text.safe_text import shown

NOT_ANSWERED = "Not answered"
"""Shown for a required answer that is missing."""
NONE_GIVEN = "Not given"
"""Shown for an optional answer left empty ("None" would read as an answer, such as no cost)."""
NOT_ASKED = "Not asked"
"""Shown in a table for a column its row does not ask (a cost after "Does it cost money? No")."""

LEVEL_COLOURS = {
    "high": "f6d7d2",
    "medium": "fff2cc",
    "low": "dcefdc",
    "none": "eeeeee",
    "unknown": "fff2cc",
}
"""The background of a level's cell in the web page and the Word document, as hex RGB.
A colour is an extra: the words are always there too ("unknown" also gets a dashed
outline in the web page, so it is not told from "medium" by colour alone)."""

TONES = tuple(LEVEL_COLOURS)
"""Levels that get a colour."""


@dataclass(frozen=True)
class Cell:
    """One answer as words. `detail` is the explanation folded in after a "Yes"."""

    text: str
    missing: bool = False
    """True when the answer is required but not given."""
    detail: str = ""
    tone: str = ""
    """A level such as "high", for colour as an extra; empty for no colour."""
    asked: bool = True
    """False for a cell of a table whose column this row does not ask: it has no text."""

    @property
    def shown(self) -> str:
        if self.text:
            return self.text
        if not self.asked:
            return NOT_ASKED
        return NOT_ANSWERED if self.missing else NONE_GIVEN

    def flat(self, separator: str = ": ") -> str:
        """The text and its detail on one line."""
        return f"{self.shown}{separator}{self.detail}" if self.detail else self.shown


@dataclass(frozen=True)
class Field:
    key: str
    label: str
    value: Cell
    long: bool = False
    """Long text: shown as a paragraph under its label rather than in a short row."""


@dataclass(frozen=True)
class Table:
    key: str
    caption: str
    columns: list[str]
    rows: list[list[Cell]]
    row_headers: bool = False
    """The first cell of each row names the row (the characteristic)."""
    empty_text: str = ""
    """Said instead of the table when there are no rows."""
    legend: list[tuple[str, str]] = field(default_factory=list)
    """(column heading, the full question) where the heading is a shortened form."""
    weights: list[float] = field(default_factory=list)
    """How much room each column wants, relative to the others (long text wants more)."""

    @property
    def wide(self) -> bool:
        return len(self.columns) > 4


@dataclass(frozen=True)
class Heading:
    """A heading inside a part: level 1 under the part's title, level 2 under that."""

    key: str
    text: str
    level: int = 1


@dataclass(frozen=True)
class Note:
    """A paragraph of words inside a part, such as why something is left out."""

    key: str
    text: str


Item = Field | Table | Heading | Note


@dataclass(frozen=True)
class Part:
    id: str
    title: str
    items: list[Item] = field(default_factory=list)
    layout: Literal["fields", "text"] = "fields"
    """"fields": short answers, shown as label and answer side by side. "text": mostly long
    answers, each under its own heading."""
    headings: tuple[str, str] = ("Question", "Answer")
    """What a format that heads its label and answer columns calls them (Markdown does)."""


Block = list[Field] | Table | Heading | Note


def blocks(part: Part) -> Iterator[Block]:
    """A part's items as every format lays them out: each table, heading and note on its
    own, and the fields between them together (a grid of label and answer, or headed
    paragraphs)."""
    pending: list[Field] = []
    for item in part.items:
        if not isinstance(item, Field):
            if pending:
                yield pending
                pending = []
            yield item
        else:
            pending.append(item)
    if pending:
        yield pending


@dataclass(frozen=True)
class DocumentView:
    title: str
    about: list[Field]
    parts: list[Part]
    updated: datetime | None = None
    """When the answers last changed: the date a document made from them carries."""
    status: str = ""
    """Where the document stands, for a banner and the page header: a draft, or signed off."""

    def part(self, part_id: str) -> Part | None:
        return next((p for p in self.parts if p.id == part_id), None)

    def tables(self) -> list[Table]:
        return [item for p in self.parts for item in p.items if isinstance(item, Table)]


# --- Answers as words --------------------------------------------------------------------------


def date_words(value: Any) -> str:
    """A date as dd/mm/yyyy, a date and time as dd/mm/yyyy HH:MM; anything else as text."""
    if isinstance(value, datetime):
        return value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    return "" if value is None else str(value)


def readable(value: Any) -> Any:
    """The view with every text made safe to write: a control character (which XML cannot
    hold), U+FFFE, U+FFFF or a bidirectional override is written as a visible stand-in,
    such as ␛ or <U+FFFE> (see `safe_text.shown`). The file itself is never changed.

    Returns `value` itself when nothing in it needs changing.
    """
    if isinstance(value, str):
        return shown(value, lines=True)
    if isinstance(value, Cell):  # by far the most common: a table of 50,000 rows has 300,000
        text, detail = shown(value.text, lines=True), shown(value.detail, lines=True)
        if text is value.text and detail is value.detail:
            return value
        return dataclasses.replace(value, text=text, detail=detail)
    if isinstance(value, list | tuple):
        items = [readable(item) for item in value]
        if all(new is old for new, old in zip(items, value, strict=True)):
            return value
        return items if isinstance(value, list) else tuple(items)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {}
        for item in dataclasses.fields(value):
            old = getattr(value, item.name)
            new = readable(old)
            if new is not old:
                changes[item.name] = new
        return dataclasses.replace(value, **changes) if changes else value
    return value
