"""A date as the officer types it in a form: day/month/year, with a plain reason when it is
not a date."""

from __future__ import annotations

import re
from datetime import date

from eqia_tui.core.text import dates

UK_DATE = re.compile(r"^\s*(\d{1,2})\s*/\s*(\d{1,2})\s*/\s*(\d{4})\s*$")
DATE_HINT = "Type the date as day/month/year, for example 01/12/2026."


def parse_uk_date(text: str) -> date | None:
    """`01/12/2026` -> 1 December 2026. Raises ValueError with a plain message."""
    if not text.strip():
        return None
    match = UK_DATE.match(text)
    if not match:
        raise ValueError(DATE_HINT)
    day, month, year = (int(g) for g in match.groups())
    if not 1 <= month <= 12:
        raise ValueError(f"There is no month {month}: the month comes second, from 1 to 12.")
    if year < 1900:
        raise ValueError(f"The year {year} is too early. {DATE_HINT}")
    try:
        return date(year, month, day)
    except ValueError:
        named = date(year, month, 1).strftime("%B %Y")
        raise ValueError(f"There is no such date: {named} has no day {day}.") from None


def format_uk_date(value: date | None) -> str:
    return dates.day(value) if value else ""
