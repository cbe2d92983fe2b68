"""Reading a questionnaire file: its models, then its semantic checks, every problem worded
in plain English with its key path (pydantic's errors through `core.text.validation`)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import ValidationError

from eqia_tui.core.disk.files import read_toml
from eqia_tui.core.model.questionnaire.models import (
    CONDITION_REF_PATTERN,
    ID_PATTERN,
    QUESTION_TYPES,
    QUESTIONNAIRE_ID_PATTERN,
    SECTION_QUESTION_PATTERN,
    VALUE_PATTERN,
    Questionnaire,
)
from eqia_tui.core.model.questionnaire.semantics import semantic_problems
from eqia_tui.core.text.problems import BadInput, Problem, quoted_list, shown
from eqia_tui.core.text.validation import Failure, must_be, plain_problems


def load_questionnaire_file(path: Path) -> Questionnaire:
    return load_questionnaire_data(read_toml(path), str(path))


def load_questionnaire_data(data: dict[str, Any], file: str) -> Questionnaire:
    try:
        questionnaire = Questionnaire.model_validate(data)
    except ValidationError as error:
        raise BadInput(validation_problems(error, data, file)) from None
    problems = semantic_problems(questionnaire, file)
    if problems:
        raise BadInput(problems)
    return questionnaire.model_copy(update={"source": file})


def validation_problems(error: ValidationError, data: Any, file: str) -> list[Problem]:
    """pydantic's errors on a questionnaire, one plain line per key path as written in TOML."""
    return plain_problems(error, data, file, _merged_message, is_tag=_is_question_tag)


def _is_question_tag(parts: list[str | int], node: Any, part: str) -> bool:
    """True for the type tag pydantic puts right after the index of a question or a column."""
    if part not in QUESTION_TYPES or len(parts) < 4 or not isinstance(parts[-1], int):
        return False
    container, owner = parts[-2], parts[-4]
    in_place = (container, owner) in {("questions", "sections"), ("columns", "questions")}
    return in_place and (not isinstance(node, dict) or node.get("type") == part)


_TYPE_WORDS = {
    "string_type": "text in quotes",
    "bool_type": "true or false",
    "bool_parsing": "true or false",
    "int_type": "a whole number",
    "int_parsing": "a whole number",
    "list_type": "a list",
    "tuple_type": "a table or a list of tables",
    "dict_type": "a table",
    "model_type": "a table",
    "model_attributes_type": "a table",
}


def _merged_message(found: list[Failure]) -> str:
    """One line for one key path: the branches of a union that all refused a value merge."""
    if len(found) > 1 and all(f.kind in _TYPE_WORDS for f in found):
        wanted: list[str] = []
        for failure in found:
            if _TYPE_WORDS[failure.kind] not in wanted:
                wanted.append(_TYPE_WORDS[failure.kind])
        return must_be(", or ".join(wanted), found[0].given)
    messages: list[str] = []
    for failure in found:
        message = _plain_message(failure)
        if message not in messages:
            messages.append(message)
    return "; ".join(messages)


_COLUMN_TYPES = tuple(t for t in QUESTION_TYPES if t != "table")

_PATTERN_WORDS = {
    ID_PATTERN: "is not a valid id: use lower-case letters, digits and underscores, "
    "starting with a letter",
    VALUE_PATTERN: "is not a valid value: use small letters, digits, hyphens and "
    "underscores, and start with a letter or digit",
    QUESTIONNAIRE_ID_PATTERN: "is not a valid questionnaire id: use small letters, "
    "digits and hyphens, and start with a letter or digit",
    CONDITION_REF_PATTERN: "is not a question id or section.question: write a question id "
    'such as "rating", or section.question such as "proportionality.rating"',
    SECTION_QUESTION_PATTERN: "must be written as section.question, "
    'such as "proportionality.rating"',
}


_FIXED_WORDS = {
    "extra_forbidden": "unknown key (check the spelling; see docs/questionnaires.md for the keys "
    "allowed)",
    "missing": "is required but missing",
    "string_too_short": "must not be empty",
    "too_short": "must not be empty",
}
"""The words for the errors that say the same wherever they are."""


def _plain_message(failure: Failure) -> str:
    kind, ctx, parts = failure.kind, failure.context, failure.parts
    is_column = len(parts) >= 2 and parts[-2] == "columns"
    types = _COLUMN_TYPES if is_column else QUESTION_TYPES
    what = "column" if is_column else "question"
    if kind in _FIXED_WORDS:
        return _FIXED_WORDS[kind]
    if kind == "union_tag_invalid":
        return f'unknown {what} type "{ctx.get("tag")}"; allowed: {quoted_list(types)}'
    if kind == "union_tag_not_found":
        return f"needs a type; allowed: {quoted_list(types)}"
    if kind == "string_pattern_mismatch":
        words = _PATTERN_WORDS.get(
            str(ctx.get("pattern")), f"does not have the form {ctx.get('pattern')}"
        )
        return f"{shown(failure.given)} {words}"
    if kind == "string_too_long":
        return f"is too long: at most {ctx.get('max_length')} characters"
    if kind in _TYPE_WORDS:
        return must_be(_TYPE_WORDS[kind], failure.given)
    if kind == "greater_than":
        return f"must be more than {ctx.get('gt')}"
    if kind == "greater_than_equal":
        return f"must be {ctx.get('ge')} or more"
    if kind == "literal_error":
        return f"must be {str(ctx.get('expected', '')).replace(chr(39), chr(34))}"
    return failure.said
