"""Dates and times as people in an English council write them: day/month/year, 24-hour
clock. Every message, list and export formats them here, so they read the same everywhere.
"""

from __future__ import annotations

from datetime import date, datetime

DAY = "%d/%m/%Y"
"""A day: 04/01/2027."""


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
