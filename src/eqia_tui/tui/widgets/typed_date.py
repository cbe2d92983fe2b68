"""A date as the officer types it in a form: day/month/year, with a plain reason when it is
not a date (the rules and their words are in `core.text.dates`, shared by every box)."""

from __future__ import annotations

from datetime import date

from eqia_tui.core.text import dates

DATE_HINT = dates.DAY_HINT


def parse_uk_date(text: str) -> date | None:
    """`01/12/2026` -> 1 December 2026. Raises ValueError with a plain message."""
    return dates.parse_day(text)


def format_uk_date(value: date | None) -> str:
    return dates.day(value) if value else ""
