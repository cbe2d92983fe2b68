"""Dates and times as people in an English council write them: day/month/year, 24-hour
clock. Every message, list and export formats them here, so they read the same everywhere.
"""

from __future__ import annotations

import re
from datetime import date, datetime

DAY = "%d/%m/%Y"
"""A day: 04/01/2027."""

TYPED_DAY = re.compile(r"^\s*(\d{1,2})\s*/\s*(\d{1,2})\s*/\s*(\d+)\s*$")
"""A day as typed: day/month/year, with any number of figures in the year (checked after)."""
DAY_HINT = "Type the date as day/month/year, for example 01/12/2026."
EARLIEST_YEAR = 1900


def parse_day(text: str) -> date | None:
    """`01/12/2026` -> 1 December 2026; None for an empty box. Raises ValueError with one
    plain sentence or two saying what is wrong and how to write it.

    The year must have four figures: `04/01/17` could be 1917 or 2017, and the record must
    say which. The message shows the date as it would be written in full.
    """
    if not text.strip():
        return None
    match = TYPED_DAY.match(text)
    if not match:
        raise ValueError(DAY_HINT)
    day_text, month_text, year_text = match.groups()
    day_number, month, year = int(day_text), int(month_text), int(year_text)
    if len(year_text) != 4:
        raise ValueError(
            f"Write the year in four figures, like {_in_full(day_text, month_text, year_text)}."
        )
    if not 1 <= month <= 12:
        raise ValueError(f"There is no month {month}: the month comes second, from 1 to 12.")
    if year < EARLIEST_YEAR:
        raise ValueError(f"The year {year} is too early. {DAY_HINT}")
    try:
        return date(year, month, day_number)
    except ValueError:
        named = date(year, month, 1).strftime("%B %Y")
        raise ValueError(f"There is no such date: {named} has no day {day_number}.") from None


def _in_full(day_text: str, month_text: str, year_text: str) -> str:
    """The date typed, its year in four figures: 04/01/17 -> 04/01/2017. A year of one or
    two figures is shown in this century only as an example of how to write it; a year of
    three or five figures, which cannot be guessed, gets the usual example."""
    if len(year_text) > 2:
        return "01/12/2026"
    return f"{int(day_text):02d}/{int(month_text):02d}/{2000 + int(year_text)}"


def day(value: date) -> str:
    """04/01/2027. A date and time gives its day, as written (no time zone change)."""
    return value.strftime(DAY)


def day_and_time(value: datetime, *, seconds: bool = False, joiner: str = " ") -> str:
    """04/01/2027 14:30, or 04/01/2027 at 14:30 with `joiner=" at "`."""
    clock = "%H:%M:%S" if seconds else "%H:%M"
    return value.strftime(DAY) + joiner + value.strftime(clock)


def time_of_day(value: datetime, *, seconds: bool = False) -> str:
    """14:30, or 14:30:05."""
    return value.strftime("%H:%M:%S" if seconds else "%H:%M")


def local(value: datetime) -> datetime:
    """A time on this computer's clock. A time with no time zone is taken as local already,
    and one the clock cannot place is kept as written (some systems cannot place a time
    before 1970)."""
    if not value.tzinfo:
        return value
    try:
        return value.astimezone()
    except (OverflowError, OSError, ValueError):
        return value
