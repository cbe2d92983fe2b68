"""Problems found in a file the user gave us, reported one line each."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a file: where it is and what is allowed instead."""

    file: str
    key: str
    message: str

    def line(self) -> str:
        where = f"{self.file}: {self.key}" if self.key else self.file
        return f"{where}: {self.message}"


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
