"""The one translator from pydantic's errors to plain English (`core.text.validation`).

The questionnaire, the assessment and the settings file each give their own words; these
tests pin what they share: the key path as the file writes it, one line per key path, and
the errors that only repeat another left out.
"""

from __future__ import annotations

from typing import Any, Literal

import pytest
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from eqia_tui.core.text.validation import Failure, file_key_path, must_be, plain_problems


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)


class Row(_Strict):
    date: str
    """A key with the name pydantic gives a branch of a union."""


class Check(_Strict):
    question: str


class Doc(_Strict):
    answer: bool | str | None = None
    rows: list[Row] = Field(default_factory=list)
    tests: tuple[Check, ...] = Field(default=(Check(question="q"),), min_length=1)
    chosen: list[Literal["a", "b"]] | Literal["all"] = "all"

    @field_validator("tests", mode="before")
    @classmethod
    def _as_tuple(cls, value: Any) -> Any:
        return tuple(value) if isinstance(value, list) else value


def _problems(data: dict[str, Any]) -> list[tuple[str, list[str]]]:
    """(key, the kinds pydantic reported there) for each line."""
    seen: list[tuple[str, list[str]]] = []

    def words(found: list[Failure]) -> str:
        seen.append((found[0].key, [f.kind for f in found]))
        return "; ".join(f.kind for f in found)

    with pytest.raises(ValidationError) as caught:
        Doc.model_validate(data)
    problems = plain_problems(caught.value, data, "doc.toml", words)
    assert [(p.file, p.key) for p in problems] == [("doc.toml", key) for key, _ in seen]
    return seen


def test_each_branch_of_a_union_at_one_key_is_one_line() -> None:
    assert _problems({"answer": [1]}) == [("answer", ["bool_type", "string_type"])]


def test_a_key_named_like_a_branch_stays_in_the_path() -> None:
    assert _problems({"rows": [{"date": 3}]}) == [("rows[0].date", ["string_type"])]


def test_a_list_too_short_only_because_an_item_failed_is_not_said_again() -> None:
    assert _problems({"tests": [{"question": 3}]}) == [("tests[0].question", ["string_type"])]
    assert _problems({"tests": []}) == [("tests", ["too_short"])]


def test_the_branch_that_got_further_into_the_value_wins() -> None:
    # The list branch reached the unknown item; the "all" branch only says it is not "all".
    assert _problems({"chosen": ["a", "x"]}) == [("chosen[1]", ["literal_error"])]
    assert _problems({"chosen": "x"}) == [("chosen", ["list_type", "literal_error"])]


def test_a_branch_name_off_the_data_is_dropped_and_counted() -> None:
    parts, branch_at = file_key_path(("answer", "bool"), {"answer": [1]})
    assert (parts, branch_at) == (["answer"], 1)
    assert file_key_path(("answer",), {"answer": [1]}) == (["answer"], None)


def test_a_tag_the_caller_recognises_is_dropped_even_where_a_key_has_its_name() -> None:
    # `label` is missing from an item of type "date" that has a key named `date`.
    data = {"items": [{"type": "date", "date": 3}]}
    loc: tuple[str | int, ...] = ("items", 0, "date", "label")
    assert file_key_path(loc, data)[0] == ["items", 0, "date"], "read as the key `date`"
    parts, branch_at = file_key_path(
        loc, data, lambda kept, node, part: isinstance(node, dict) and node.get("type") == part
    )
    assert (parts, branch_at) == (["items", 0, "label"], 2)


def test_what_a_value_must_be_describes_the_value_given() -> None:
    assert must_be("a table", "x") == 'must be a table, not the text "x"'
    assert must_be("true or false", 3) == "must be true or false, not the number 3"
