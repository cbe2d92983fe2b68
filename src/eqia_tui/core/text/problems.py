"""Problems found in a file the user gave us, reported one line each."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path
from typing import Any, TypeAlias

from eqia_tui.core.text import safe_text


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a file: where it is and what is allowed instead."""

    file: str
    key: str
    message: str

    def line(self) -> str:
        """`file: key: message`; a problem with no file or key is the message alone.

        One line, safe to print: a file name, a key or a value quoted from a file may hold
        escape sequences or line breaks, and they are shown rather than acted on.
        """
        where = ": ".join(part for part in (self.file, self.key) if part)
        return safe_text.shown(f"{where}: {self.message}" if where else self.message)


Report: TypeAlias = Callable[[list[str | int], str], None]
"""Records a problem found while checking a file: its key path as parts, and what is wrong."""


class BadInput(Exception):
    """Raised when a file or argument cannot be used. Carries every problem found."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(p.line() for p in self.problems))

    @classmethod
    def one(cls, file: str | Path, key: str, message: str) -> BadInput:
        return cls([Problem(str(file), key, message)])


def format_key(parts: Iterable[str | int]) -> str:
    """Render a key path the way it reads in TOML: `sections[2].questions[0].help`."""
    out = ""
    for part in parts:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else part
    return out


def english_list(items: Sequence[str], conjunction: str = "and") -> str:
    """'a', 'a and b', 'a, b and c'."""
    items = list(items)
    if not items:
        return ""
    if len(items) == 1:
        return items[0]
    return f"{', '.join(items[:-1])} {conjunction} {items[-1]}"


def quoted_list(values: Iterable[object], conjunction: str = "or") -> str:
    return english_list([f'"{v}"' for v in values], conjunction)


def shown(value: Any) -> str:
    """A value as it is written in a TOML file, for messages: never a Python repr.

    Text is in double quotes, true and false are lower case, dates are ISO; a table or a
    list is named rather than printed, and a missing value is "nothing".
    """
    if value is None:
        return "nothing"
    if isinstance(value, str):
        return f'"{value}"'
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, list | tuple):
        return "a list"
    if isinstance(value, int) and value.bit_length() > _LONGEST_NUMBER_BITS:
        return _long_number(value)
    return str(value)


_LONGEST_NUMBER_BITS = 64
"""A whole number longer than this is described, not printed: Python prints at most 4,300
digits, and no line should be thousands of digits long."""


def _long_number(value: int) -> str:
    digits = int(value.bit_length() * 0.30103) + 1  # log10(2): about this many digits
    sign = "a negative" if value < 0 else "a"
    return f"{sign} whole number of about {digits:,} digits"


def described(value: Any) -> str:
    """What a value is, in words: 'the number 1.0', 'the text "x"', 'a table'."""
    if value is None:
        return "nothing"
    if isinstance(value, str):
        return f'the text "{value}"'
    if isinstance(value, bool):
        return f"{shown(value)} (a yes/no value)"
    if isinstance(value, int) and value.bit_length() > _LONGEST_NUMBER_BITS:
        return _long_number(value)
    if isinstance(value, int | float):
        return f"the number {value}"
    if isinstance(value, datetime):
        return f"the date and time {value.isoformat()}"
    if isinstance(value, date):
        return f"the date {value.isoformat()}"
    if isinstance(value, time):
        return f"the time {value.isoformat()}"
    return shown(value)
