"""The version history an officer used to keep by hand: the document-level `[[history]]` array.

Each entry is a table with `version` (text such as "0.3"), `author`, `date` (a TOML date)
and `comment`. Drafts count up from 0.1 (0.9 is followed by 0.10, not 1.0); a sign-off
makes the next whole number, and drafts after it count on from there (1.1, 1.2, then 2.0
at the next sign-off). Versions are compared as numbers, never as text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from eqia_tui.core.model.assessment import Assessment
from eqia_tui.core.text import dates
from eqia_tui.core.text.problems import BadInput

VersionNumber = tuple[int, int]
"""(major, minor): "1.10" is (1, 10), which comes after (1, 9)."""

_VERSION = re.compile(r"^\s*v?(\d{1,9})(?:\.(\d{1,9}))?\s*$", re.IGNORECASE)
"""A version number: a part of more than nine digits is not one (no assessment reaches a
billion versions, and a number of thousands of digits could not even be read)."""

FIRST_DRAFT = "0.1"
FIRST_SIGN_OFF = "1.0"


def parse_version(value: Any) -> VersionNumber | None:
    """ "0.10" -> (0, 10); "2" -> (2, 0); anything else (including TOML floats) -> None.

    A float such as `version = 0.1` is refused because 0.1 and 0.10 would be the same number.
    """
    if isinstance(value, bool) or not isinstance(value, str | int):
        return None
    if isinstance(value, int):
        return (value, 0) if 0 <= value < 10**9 else None
    match = _VERSION.match(value)
    if match is None:
        return None
    return int(match[1]), int(match[2] or 0)


def format_version(number: VersionNumber) -> str:
    return f"{number[0]}.{number[1]}"


def latest_version(history: Iterable[Mapping[str, Any]]) -> VersionNumber | None:
    """The highest version recorded, compared as numbers. Entries without one are ignored."""
    numbers = [parse_version(entry.get("version")) for entry in history]
    known = [n for n in numbers if n is not None]
    return max(known) if known else None


def next_version(history: Iterable[Mapping[str, Any]], signing: bool = False) -> str:
    """The version number the next entry gets.

    0.1, 0.2, ... 0.9, 0.10 for drafts; signing makes the next whole number (1.0 on the first
    sign-off, 2.0 on the next), and drafts after a sign-off go on 1.1, 1.2, ...
    """
    latest = latest_version(history)
    if latest is None:
        return FIRST_SIGN_OFF if signing else FIRST_DRAFT
    major, minor = latest
    if signing:
        return format_version((major + 1, 0))
    return format_version((major, minor + 1))


def record_version(
    assessment: Assessment,
    author: str,
    comment: str,
    on: date,
    signing: bool = False,
) -> dict[str, Any]:
    """Append the next version to `assessment.history` and return the new entry.

    The entry always has the keys version, author, date and comment. `on` is a day: a
    date and time is cut down to its date.
    """
    author = author.strip()
    if not author:
        raise BadInput.one(
            "history",
            "author",
            "a version needs an author: give your name (it is remembered in config.toml)",
        )
    day = on.date() if isinstance(on, datetime) else on
    entry: dict[str, Any] = {
        "version": next_version(assessment.history, signing=signing),
        "author": author,
        "date": day,
        "comment": comment.strip(),
    }
    assessment.history.append(entry)
    return entry


@dataclass(frozen=True)
class Version:
    """One row of the version table, read leniently from whatever the file holds."""

    version: str
    author: str
    date: date | None
    comment: str

    @property
    def date_text(self) -> str:
        """The date as councils write it: dd/mm/yyyy, or empty when there is none."""
        return dates.day(self.date) if self.date else ""


def versions(assessment: Assessment) -> list[Version]:
    """The history as typed rows, in the order the file lists them.

    A hand-edited file may leave a key out or give it the wrong type: such a cell reads
    as empty rather than failing, so the table can always be shown.
    """
    rows = []
    for entry in assessment.history:
        if not isinstance(entry, Mapping):
            continue
        raw_date = entry.get("date")
        day: date | None
        if isinstance(raw_date, datetime):
            day = raw_date.date()
        elif isinstance(raw_date, date):
            day = raw_date
        else:
            day = None
        rows.append(
            Version(
                version=_text(entry.get("version")),
                author=_text(entry.get("author")),
                date=day,
                comment=_text(entry.get("comment")),
            )
        )
    return rows


def _text(value: Any) -> str:
    if value is None:
        return ""
    return value if isinstance(value, str) else str(value)
