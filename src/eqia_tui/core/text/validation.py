"""The one translator from pydantic's errors to plain English: one line per key path.

The questionnaire, the assessment and the settings file are each checked by pydantic models.
pydantic says where a value failed as a path through its models, with the branches of unions
and the tags of tagged unions in it. This module puts each error back at the key path as the
file writes it (`sections[2].questions[0].help`), drops what only repeats another error, and
asks the caller for the words: only the caller knows what each key of its file allows.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeAlias

from pydantic import ValidationError
from pydantic_core import ErrorDetails

from eqia_tui.core.text.problems import Problem, described, format_key

TagTest: TypeAlias = Callable[[list[str | int], Any, str], bool]
"""Whether a part of pydantic's path, read at this point of the data, is the tag of a tagged
union (such as a question's type) rather than a key: (the parts kept so far, the data there,
the part)."""


@dataclass(frozen=True)
class Failure:
    """One of pydantic's errors, placed at its key path as written in the file."""

    parts: list[str | int]
    branch_at: int | None
    """How many of `parts` come before the first union branch pydantic named (None: none)."""
    kind: str
    """pydantic's name for the error, such as `missing` or `string_type`."""
    given: Any
    """The value the file holds there."""
    context: dict[str, Any]
    """What pydantic says it wanted, such as `{"pattern": ...}` or `{"min_length": 1}`."""
    said: str
    """pydantic's own words, for errors the caller has no better words for."""

    @property
    def key(self) -> str:
        return format_key(self.parts)


Words: TypeAlias = Callable[[list[Failure]], str]
"""The line for one key path, given every failure pydantic reported there (a union reports one
for each of its branches), in the order pydantic reported them."""


def plain_problems(
    error: ValidationError, data: Any, file: str, words: Words, *, is_tag: TagTest | None = None
) -> list[Problem]:
    """One problem for each key path that failed, in the order pydantic found them.

    `data` is what the file holds, to tell keys from the names pydantic adds (see
    `file_key_path`); `is_tag` recognises the tags of tagged unions there.
    """
    found: dict[str, list[Failure]] = {}
    for failure in failures(error, data, is_tag):
        found.setdefault(failure.key, []).append(failure)
    return [Problem(file, key, words(group)) for key, group in found.items()]


def failures(error: ValidationError, data: Any, is_tag: TagTest | None = None) -> list[Failure]:
    """pydantic's errors at their key paths, without those that only repeat another.

    Left out: a list said to be too short because one of its items failed; and the error of a
    branch of a union at the union itself when another branch of it got further into the value
    (as a list of characteristics with one unknown id does): the deeper one says more
    precisely what is wrong.
    """
    placed: list[Failure] = []
    for item in error.errors():
        if _is_echo(item):
            continue
        parts, branch_at = file_key_path(item["loc"], data, is_tag)
        placed.append(
            Failure(
                parts=parts,
                branch_at=branch_at,
                kind=item["type"],
                given=item.get("input"),
                context=dict(item.get("ctx") or {}),
                said=str(item["msg"]).removeprefix("Value error, "),
            )
        )
    deeper = {
        format_key(f.parts[: f.branch_at])
        for f in placed
        if f.branch_at is not None and len(f.parts) > f.branch_at
    }
    return [
        f
        for f in placed
        if not (f.branch_at is not None and len(f.parts) == f.branch_at and f.key in deeper)
    ]


def must_be(wanted: str, given: Any) -> str:
    """'must be a table, not the text "x"'."""
    return f"must be {wanted}, not {described(given)}"


def _is_echo(item: ErrorDetails) -> bool:
    """pydantic also says a list is too short when one of its items failed: skip that."""
    if item["type"] != "too_short":
        return False
    given = item.get("input")
    wanted = (item.get("ctx") or {}).get("min_length", 0)
    return isinstance(given, list | tuple | dict) and len(given) >= wanted


_MISSING = object()
"""Where the key path has left the data the file holds."""

_BRANCH_NAMES = frozenset(
    {"literal", "str", "bool", "int", "float", "date", "datetime", "list", "tuple", "dict"}
)
"""Names pydantic gives the branches of a union such as `bool | str`."""


def file_key_path(
    loc: tuple[str | int, ...], data: Any, is_tag: TagTest | None = None
) -> tuple[list[str | int], int | None]:
    """A pydantic error's key path as written in the file, without the parts pydantic adds.

    pydantic names the branch of a union it tried: `bool` or `str` after the value of a
    `bool | str` field, `list[...]` or `literal[...]` for other unions, `[key]` for a bad
    dict key, and, via `is_tag`, tags such as a question's type. These are told apart
    from keys by where they stand in the data, never by their name alone: a key named
    `characteristics` or `date` stays in the path.

    Returns the path and how many of its parts come before the first union branch
    dropped (None when pydantic named no branch).
    """
    parts: list[str | int] = []
    branch_at: int | None = None
    node: Any = data
    for index, part in enumerate(loc):
        last = index == len(loc) - 1
        if isinstance(part, int):
            if isinstance(node, dict):
                # A single table written where a list of them is allowed (one condition):
                # the file has no list to index.
                continue
            parts.append(part)
            node = node[part] if isinstance(node, list) and -len(node) <= part < len(node) else None
            continue
        after_index = index > 0 and isinstance(loc[index - 1], int)
        keep = True
        if part == "[key]" or (after_index and is_tag is not None and is_tag(parts, node, part)):
            keep = False
        elif isinstance(node, dict):
            # A key of this table, or one missing from it (the last part); else a branch.
            keep = part in node or last
        elif node is _MISSING or node is None:
            # Off the file's data: fall back to the names of pydantic's markers.
            keep = not (part in _BRANCH_NAMES or part.startswith("function-") or "[" in part)
        else:
            # A text, number or list has no keys: this is the name of a branch.
            keep = False
        if keep:
            parts.append(part)
            node = node.get(part, _MISSING) if isinstance(node, dict) else _MISSING
        elif branch_at is None and part != "[key]":
            branch_at = len(parts)
    return parts, branch_at
