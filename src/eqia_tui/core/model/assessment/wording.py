"""What is wrong with an assessment file, in words: for each key path, what the file may
hold there (the options of a choice, a date, the keys of a table...).

pydantic's errors come through the one translator, `core.text.validation`; the words are
the assessment's own.
"""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from eqia_tui.core.model.assessment.file_models import HISTORY_KEYS, SIGNED_KEYS, WAIVER_KEYS
from eqia_tui.core.model.assessment.model import FORMAT_VERSION, SLUG_RULE
from eqia_tui.core.model.questionnaire import (
    HEADER_KEYS,
    TRAILER_KEYS,
    AnyQuestion,
    CharacteristicsQuestion,
    ChoiceQuestion,
    DateQuestion,
    LongTextQuestion,
    Questionnaire,
    TableQuestion,
    TextQuestion,
    YesNoQuestion,
)
from eqia_tui.core.text.problems import Problem, described, quoted_list, shown
from eqia_tui.core.text.validation import Failure, must_be, plain_problems


def answer_problems(
    error: ValidationError, questionnaire: Questionnaire, file: str, data: dict[str, Any]
) -> list[Problem]:
    """pydantic's errors on an assessment file, one line per key path as written in the file.

    A question may be called `date` or `list`: the names pydantic gives the branches of a
    union are told from keys by where they stand in the data. One line per key path is
    enough: a union reports each of its branches, and the first says what is allowed.
    """

    def words(found: list[Failure]) -> str:
        first = found[0]
        if first.kind == "value_error":
            return first.said
        return _allowed_message(questionnaire, first.parts, first.kind, first.given)

    return plain_problems(error, data, file, words)


def _allowed_message(questionnaire: Questionnaire, loc: list[Any], kind: str, given: Any) -> str:
    """What is allowed at this key path, in words."""
    if loc and loc[0] in ("history", "signed"):
        return _trailer_message(loc, kind, given)
    if loc and loc[0] == "review_record":
        return _review_message(loc, kind, given)
    question = _question_at(questionnaire, loc)
    if kind == "extra_forbidden":
        return _unknown_key_message(questionnaire, loc)
    if kind == "missing":
        return "is required but missing"
    if question is None:
        if loc and loc[0] == "format_version":
            return f"must be {FORMAT_VERSION}"
        if loc and loc[0] in ("created", "updated"):
            return "must be a TOML date and time, such as 2026-11-23T18:00:00Z (no quotes)"
        if loc and loc[0] == "id":
            return f"{shown(given)} is not a valid id: {SLUG_RULE}"
        return wrong_type(kind, given)
    return f"{shown(given)} is not allowed; {expected_words(questionnaire, question)}"


_WANTED = {
    "dict_type": "a table",
    "model_type": "a table",
    "model_attributes_type": "a table",
    "list_type": "a list of tables",
    "string_type": "text in quotes",
}


def wrong_type(kind: str, given: Any) -> str:
    """A value of the wrong type where no question's words apply, such as a section that is
    not a table."""
    wanted = _WANTED.get(kind)
    if wanted is None:
        return "has the wrong type here"
    return f"has the wrong type here: {must_be(wanted, given)}"


def expected_words(questionnaire: Questionnaire, question: AnyQuestion) -> str:
    if isinstance(question, TextQuestion | LongTextQuestion):
        return 'use text in quotes, such as "..."'
    if isinstance(question, YesNoQuestion):
        return "use true (yes) or false (no), without quotes"
    if isinstance(question, DateQuestion):
        return "use a TOML date such as 2026-12-01, without quotes"
    if isinstance(question, ChoiceQuestion):
        return f"allowed: {quoted_list(o.value for o in questionnaire.options_for(question))}"
    if isinstance(question, CharacteristicsQuestion):
        ids = [c.id for c in questionnaire.characteristics]
        return f'use "all" or a list of characteristic ids from {quoted_list(ids)}'
    return "use a list of tables ([[...]]), one for each row"


def _question_at(questionnaire: Questionnaire, loc: list[Any]) -> AnyQuestion | None:
    if not loc:
        return None
    section = questionnaire.section(str(loc[0]))
    if section is None:
        return None
    rest = loc[1:]
    if section.per_characteristic:
        rest = rest[1:]
    if not rest:
        return None
    question = section.question(str(rest[0]))
    if isinstance(question, TableQuestion) and len(rest) >= 3:
        return next((c for c in question.columns if c.id == rest[2]), None)
    if isinstance(question, CharacteristicsQuestion | TableQuestion) or len(rest) == 1:
        return question
    return None


def _unknown_key_message(questionnaire: Questionnaire, loc: list[Any]) -> str:
    if len(loc) == 1:
        known = [*HEADER_KEYS, *(s.id for s in questionnaire.sections), *TRAILER_KEYS]
        return f"unknown key; allowed at the top: {', '.join(known)}"
    section = questionnaire.section(str(loc[0]))
    if section is None:
        return "unknown key"
    if section.per_characteristic and len(loc) == 2:
        ids = [c.id for c in questionnaire.characteristics]
        return f'unknown characteristic "{loc[1]}"; allowed: {", ".join(ids)}'
    rest = loc[2:] if section.per_characteristic else loc[1:]
    if len(rest) == 1:
        ids = [q.id for q in section.questions]
        return f'no question "{rest[0]}" in "{section.id}"; allowed: {", ".join(ids)}'
    question = section.question(str(rest[0]))
    if isinstance(question, TableQuestion):
        ids = [c.id for c in question.columns]
        return f'no column "{rest[-1]}" in "{question.id}"; allowed: {", ".join(ids)}'
    return "unknown key"


_TRAILER_WORDS: dict[tuple[str, ...], str] = {
    ("history",): "must be a list of tables: one [[history]] block for each version",
    ("history", "*"): "must be a table: one [[history]] block for each version",
    ("history", "*", "version"): 'must be text in quotes, such as "1.0"',
    ("history", "*", "author"): 'must be text in quotes, such as "Jo Smith"',
    ("history", "*", "date"): "must be a TOML date such as 2015-07-27 (no quotes)",
    ("history", "*", "comment"): 'must be text in quotes, such as "First draft"',
    ("signed",): "must be a table",
    ("signed", "by"): 'must be text in quotes, such as "Jo Smith"',
    ("signed", "at"): "must be a TOML date and time such as 2026-11-25T10:15:00Z (no quotes)",
    ("signed", "version"): 'must be text in quotes, such as "2.0"',
    ("signed", "canonical_form"): "must be a whole number: 3, or 2 or 1 for a sign-off made "
    "by an earlier eqia",
    ("signed", "sha256"): "must be the SHA-256 hash of the answers: 64 hexadecimal characters "
    "(0-9 and a-f) in quotes",
    ("signed", "answers"): "must be a table with a fingerprint for each answer",
    ("signed", "answers", "*"): "must be a fingerprint: 16 hexadecimal characters "
    "(0-9 and a-f) in quotes",
    ("signed", "parts"): "must be a table with a fingerprint for each part of the sign-off",
    ("signed", "parts", "*"): "must be a fingerprint: 16 hexadecimal characters "
    "(0-9 and a-f) in quotes",
    ("signed", "waivers"): "must be a list of tables: one [[signed.waivers]] block for each "
    "error waived",
    ("signed", "waivers", "*"): "must be a table: one [[signed.waivers]] block for each "
    "error waived",
    ("signed", "waivers", "*", "finding"): "must be text in quotes: the id of the finding, such "
    'as "review-date-passed"',
    ("signed", "waivers", "*", "key"): "must be text in quotes: the key path of the finding, "
    'such as "monitoring.review_date"',
    ("signed", "waivers", "*", "message"): "must be text in quotes: what the check said",
    ("signed", "waivers", "*", "reason"): "must be text in quotes: why the assessment was "
    "signed off despite the finding",
    ("signed", "waivers", "*", "by"): 'must be text in quotes, such as "Jo Smith"',
    ("signed", "waivers", "*", "at"): "must be a TOML date and time such as "
    "2026-11-25T10:15:00Z (no quotes)",
}

_WAIVER_MISSING = {
    "finding": 'the id of the finding it waives, such as "review-date-passed"',
    "key": 'the key path of the finding it waives, such as "monitoring.review_date"',
    "reason": "the reason why the assessment was signed off despite the finding",
    "by": "the name of who recorded it",
    "at": "when it was recorded, as a TOML date and time",
}


def _trailer_message(loc: list[Any], kind: str, given: Any) -> str:
    """What is allowed in `[[history]]` or `[signed]`, at this key path."""
    # A row of the history, or a key of signed.answers, stands for any.
    shape = tuple(
        "*" if isinstance(part, int) or (loc[0] == "signed" and index == 2) else str(part)
        for index, part in enumerate(loc)
    )
    in_waiver = shape[:3] == ("signed", "waivers", "*") and len(shape) == 4
    if kind == "extra_forbidden":
        keys = HISTORY_KEYS if loc[0] == "history" else WAIVER_KEYS if in_waiver else SIGNED_KEYS
        return f"unknown key; allowed: {', '.join(keys)}"
    if kind == "missing":
        if shape == ("signed", "sha256"):
            return "is missing: a sign-off needs the SHA-256 hash of the answers"
        if in_waiver and shape[3] in _WAIVER_MISSING:
            return f"is missing: a waiver needs {_WAIVER_MISSING[shape[3]]}"
        return "is required but missing"
    words = _TRAILER_WORDS.get(shape, "has the wrong type here")
    return f"{words}, not {described(given)}"


_TIME = "a TOML date and time such as 2026-11-25T10:15:00Z (no quotes)"
_STATUS = "draft, submitted, changes-requested, approved or signed"
_REVIEW_KEYS: dict[tuple[str, ...], tuple[str, ...]] = {
    ("review_record",): ("status", "moves", "comments"),
    ("review_record", "moves", "*"): ("status", "by", "at", "note", "answers"),
    ("review_record", "comments", "*"): (
        "id",
        "on",
        "by",
        "at",
        "text",
        "resolved_by",
        "resolved_at",
        "replies",
    ),
    ("review_record", "comments", "*", "replies", "*"): ("by", "at", "text"),
}
_REVIEW_WORDS: dict[str, str] = {
    "status": f"must be one of {_STATUS}",
    "by": 'must be a name in quotes, such as "Jo Smith"',
    "resolved_by": 'must be a name in quotes, such as "Jo Smith"',
    "at": f"must be {_TIME}",
    "resolved_at": f"must be {_TIME}",
    "note": "must be text in quotes",
    "text": "must be text in quotes, not empty",
    "on": 'must be a key path in quotes, such as "screening.age"',
    "id": 'must be "c" and a number in quotes, such as "c1"',
    "answers": "must be a SHA-256 hash: 64 hexadecimal characters (0 to 9, a to f)",
    "moves": "must be a list of tables: one [[review_record.moves]] block for each move",
    "comments": "must be a list of tables: one [[review_record.comments]] block for each",
    "replies": "must be a list of tables: one block for each reply",
}


def _review_message(loc: list[Any], kind: str, given: Any) -> str:
    """What is allowed in `[review_record]`, at this key path."""
    shape = tuple("*" if isinstance(part, int) else str(part) for part in loc)
    if kind == "extra_forbidden":
        keys = _REVIEW_KEYS.get(shape[:-1], ())
        return f"unknown key; allowed: {', '.join(keys)}"
    if kind == "missing":
        return "is required but missing"
    if len(shape) == 1 or shape[-1] == "*":
        return f"must be a table, not {described(given)}"
    words = _REVIEW_WORDS.get(shape[-1], "has the wrong type here")
    return f"{words}, not {described(given)}"
