"""Reading an assessment answered with another version of its questionnaire.

An answer the questionnaire no longer asks for (a section, a characteristic, a question or
a column it dropped, or an option it no longer offers) is moved under `[set_aside]` with its
key path, and a note says so: nothing is dropped silently. A file answered with a newer
version than the one installed is refused instead, since setting its answers aside would
move answers this eqia does not know yet.
"""

from __future__ import annotations

import copy
import re
from typing import Any

from eqia_tui.core.model.assessment.model import Assessment
from eqia_tui.core.model.assessment.wording import wrong_type
from eqia_tui.core.model.questionnaire import (
    ALL,
    DERIVED_KEYS,
    HEADER_KEYS,
    TRAILER_KEYS,
    AnyQuestion,
    CharacteristicsQuestion,
    ChoiceQuestion,
    Questionnaire,
    TableQuestion,
)
from eqia_tui.core.text.problems import BadInput, format_key

_VERSION_NUMBER = re.compile(r"^\d+(\.\d+)*$")


def is_newer_version(version: str, than: str) -> bool:
    """True when both are numbers such as "1.10" and `version` comes after `than`.

    Each part is compared as a number, however many digits it has (never converted to an
    int: Python reads at most 4,300 digits).
    """
    if not (_VERSION_NUMBER.match(version) and _VERSION_NUMBER.match(than)):
        return False
    mine, theirs = ([_number_key(p) for p in v.split(".")] for v in (version, than))
    width = max(len(mine), len(theirs))
    zero = _number_key("0")
    return mine + [zero] * (width - len(mine)) > theirs + [zero] * (width - len(theirs))


def _number_key(digits: str) -> tuple[int, str]:
    """Digits in an order that compares them as numbers: shorter is smaller, then by text."""
    significant = digits.lstrip("0")
    return len(significant), significant


def set_aside_changes(
    questionnaire: Questionnaire, data: dict[str, Any], file: str
) -> tuple[dict[str, Any], list[str]]:
    """Move answers the questionnaire no longer asks into `set_aside`. Returns notes.

    Each answer keeps its path under `set_aside`, rows of a table included:
    `action_plan.actions[0].cost` moves to `set_aside.action_plan.actions[0].cost`.
    """
    existing = data.get("set_aside")
    aside: dict[str, Any] = copy.deepcopy(existing) if isinstance(existing, dict) else {}
    notes: list[str] = []

    def keep(path: list[str | int], value: Any, why: str) -> None:
        if existing is not None and not isinstance(existing, dict):
            raise BadInput.one(file, "set_aside", wrong_type("dict_type", existing))
        target: Any = aside
        for depth, part in enumerate(path[:-1]):
            target = _aside_child(target, part, path[depth + 1])
            if target is None:
                where = format_key(["set_aside", *path[: depth + 1]])
                wanted = "list_type" if isinstance(path[depth + 1], int) else "dict_type"
                raise BadInput.one(file, where, wrong_type(wanted, _at(aside, path[: depth + 1])))
        _put_aside(target, path[-1], value, ["set_aside", *path], file)
        notes.append(f"{format_key(path)}: {why}; the answer is kept aside under [set_aside]")

    known = set(HEADER_KEYS) | set(TRAILER_KEYS) | set(DERIVED_KEYS)
    for key in list(data):
        if key in known:
            continue
        section = questionnaire.section(key)
        value = data[key]
        if section is None:
            keep([key], data.pop(key), "this section is no longer asked")
            continue
        if not isinstance(value, dict):
            continue
        rows: list[tuple[list[str | int], dict[str, Any]]] = []
        if section.per_characteristic:
            for cid in list(value):
                if questionnaire.characteristic(cid) is None:
                    keep([key, cid], value.pop(cid), "this characteristic is no longer asked")
                elif isinstance(value[cid], dict):
                    rows.append(([key, cid], value[cid]))
        else:
            rows.append(([key], value))
        for path, row in rows:
            for qid in list(row):
                question = section.question(qid)
                if question is None:
                    keep([*path, qid], row.pop(qid), "this question is no longer asked")
                elif _no_longer_an_option(questionnaire, question, row[qid]):
                    keep([*path, qid], row.pop(qid), AGAIN)
                elif isinstance(question, TableQuestion) and isinstance(row[qid], list):
                    for index, table_row in enumerate(row[qid]):
                        if not isinstance(table_row, dict):
                            continue
                        for cid in list(table_row):
                            column = next((c for c in question.columns if c.id == cid), None)
                            where: list[str | int] = [*path, qid, index, cid]
                            if column is None:
                                keep(where, table_row.pop(cid), "this column is no longer asked")
                            elif _no_longer_an_option(questionnaire, column, table_row[cid]):
                                keep(where, table_row.pop(cid), AGAIN)
    return aside, notes


AGAIN = "this answer is no longer an option: answer again"


def _no_longer_an_option(questionnaire: Questionnaire, question: AnyQuestion, value: Any) -> bool:
    """A choice, or a list of characteristics, that names something the questionnaire dropped."""
    if isinstance(question, ChoiceQuestion):
        allowed = [o.value for o in questionnaire.options_for(question)]
        return isinstance(value, str) and value not in allowed
    if isinstance(question, CharacteristicsQuestion) and isinstance(value, list):
        ids = {c.id for c in questionnaire.characteristics} | {ALL}
        return any(isinstance(v, str) and v not in ids for v in value)
    return False


def _aside_child(target: Any, part: str | int, next_part: str | int) -> Any:
    """The table or list at `part` under `target`, made if need be; None if something else."""
    empty: Any = [] if isinstance(next_part, int) else {}
    if isinstance(part, int):
        while len(target) <= part:
            target.append({})
        child = target[part]
    else:
        child = target.setdefault(part, empty)
    return child if isinstance(child, type(empty)) else None


def _at(tree: Any, path: list[str | int]) -> Any:
    for part in path:
        tree = tree[part]
    return tree


def _put_aside(target: Any, part: str | int, value: Any, where: list[Any], file: str) -> None:
    """Put an answer aside; one already there under the same path is merged, never lost."""
    if isinstance(part, int):
        while len(target) <= part:
            target.append({})
        old = target[part]
    elif part not in target:
        target[part] = value
        return
    else:
        old = target[part]
    if isinstance(old, dict) and isinstance(value, dict):
        for key, item in value.items():
            _put_aside(old, key, item, [*where, key], file)
    elif old != value:
        raise BadInput.one(
            file,
            format_key(where),
            "already holds an answer set aside, and the file answers the same question "
            "again; keep one of the two",
        )


def kept_aside(assessment: Assessment, notes: list[str]) -> list[str]:
    """A note for each answer under `[set_aside]` that no note of this reading names yet.

    Those answers were set aside when the file was read before; they stay until someone
    answers the question again and deletes them.
    """
    named = {note.partition(": ")[0] for note in notes}
    out: list[str] = []
    stack: list[tuple[list[str | int], Any]] = [([], assessment.set_aside)]
    while stack:
        path, value = stack.pop()
        if isinstance(value, dict) and value:
            stack.extend(([*path, k], v) for k, v in reversed(list(value.items())))
        elif isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
            stack.extend(([*path, i], v) for i, v in reversed(list(enumerate(value))))
        elif path and not any(format_key(path[:n]) in named for n in range(1, len(path) + 1)):
            out.append(
                f"{format_key(path)}: this answer was set aside when the questionnaire changed "
                "and is kept under [set_aside]; answer again if need be, then delete it there"
            )
    return out
