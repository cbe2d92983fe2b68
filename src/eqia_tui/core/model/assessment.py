"""The assessment file: one TOML file per assessment, answers keyed by ids.

Reading checks a file against the questionnaire it names, with pydantic models built
from that questionnaire, so every problem comes back with its key path. Writing turns
an `Assessment` back into the same shape, in the questionnaire's order.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError, create_model

from eqia_tui.core.model.conditions import all_hold, is_answered
from eqia_tui.core.model.questionnaire import (
    ALL,
    DERIVED_KEYS,
    HEADER_KEYS,
    TRAILER_KEYS,
    AnyQuestion,
    CharacteristicsQuestion,
    ChoiceQuestion,
    DateQuestion,
    LongTextQuestion,
    Questionnaire,
    Section,
    TableQuestion,
    TextQuestion,
    YesNoQuestion,
    file_key_path,
)
from eqia_tui.core.text.problems import BadInput, Problem, described, format_key, quoted_list, shown

FORMAT = "eqia-assessment"
FORMAT_VERSION = 1
SLUG = re.compile(r"^[a-z0-9-]{1,64}$")


def is_slug(value: str) -> bool:
    return bool(SLUG.fullmatch(value))


def slugify(text: str) -> str:
    """A file-safe id from a title: 'Customer Service Policy' -> 'customer-service-policy'."""
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return slug[:64].rstrip("-") or "assessment"


def now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


@dataclass
class Assessment:
    """An assessment in memory. `answers` mirrors the file: `answers[section][question]`,
    and for a grid `answers[grid][characteristic][question]`."""

    id: str
    questionnaire: str
    questionnaire_version: str
    created: datetime
    updated: datetime
    answers: dict[str, Any] = field(default_factory=dict)
    resume_at: str = ""
    """The wizard step the officer was on, so reopening lands there."""
    history: list[dict[str, Any]] = field(default_factory=list)
    signed: dict[str, Any] | None = None
    set_aside: dict[str, Any] = field(default_factory=dict)
    """Answers to questions the questionnaire no longer asks, kept so nothing is lost."""

    @property
    def title(self) -> str:
        value = self.answers.get("details", {}).get("title")
        return value if isinstance(value, str) and value.strip() else self.id

    def get(self, section: str, question: str, characteristic: str | None = None) -> Any:
        table = self.answers.get(section, {})
        if characteristic is not None:
            table = table.get(characteristic, {})
        return table.get(question)

    def set(
        self, section: str, question: str, value: Any, characteristic: str | None = None
    ) -> bool:
        """Store an answer; an empty one is removed. True when something changed."""
        table = self.answers.setdefault(section, {})
        if characteristic is not None:
            table = table.setdefault(characteristic, {})
        old = table.get(question)
        if not is_answered(value):
            if question not in table:
                return False
            del table[question]
            return True
        if old == value:
            return False
        table[question] = value
        return True

    def row(self, grid: str, characteristic: str) -> dict[str, Any]:
        value = self.answers.get(grid, {}).get(characteristic, {})
        return value if isinstance(value, dict) else {}


def new_assessment(questionnaire: Questionnaire, assessment_id: str, title: str = "") -> Assessment:
    if not is_slug(assessment_id):
        raise BadInput([Problem("", "", f'"{assessment_id}" is not a valid id: {SLUG_RULE}')])
    stamp = now()
    assessment = Assessment(
        id=assessment_id,
        questionnaire=questionnaire.id,
        questionnaire_version=questionnaire.version,
        created=stamp,
        updated=stamp,
    )
    if title and questionnaire.resolve("details.title"):
        assessment.set("details", "title", title)
    return assessment


SLUG_RULE = "use 1 to 64 lower-case letters, digits and hyphens"


# --- Which questions are asked, given the answers so far ---------------------------------------


def lookup_for(
    questionnaire: Questionnaire,
    assessment: Assessment,
    local: dict[str, Any],
    section: Section | None,
) -> Any:
    """A lookup for conditions: plain ids look in `local`, `section.question` elsewhere."""

    def lookup(ref: str) -> tuple[AnyQuestion | None, Any]:
        if "." in ref:
            found = questionnaire.resolve(ref)
            section_id, _, question_id = ref.partition(".")
            return (found[1] if found else None, assessment.get(section_id, question_id))
        question = section.question(ref) if section else None
        return question, local.get(ref)

    return lookup


def section_asked(questionnaire: Questionnaire, assessment: Assessment, section: Section) -> bool:
    return all_hold(
        questionnaire, section.ask_when, lookup_for(questionnaire, assessment, {}, None)
    )


def question_asked(
    questionnaire: Questionnaire,
    assessment: Assessment,
    section: Section,
    question: AnyQuestion,
    local: dict[str, Any],
) -> bool:
    lookup = lookup_for(questionnaire, assessment, local, section)
    return all_hold(questionnaire, question.ask_when, lookup)


def question_required(
    questionnaire: Questionnaire,
    assessment: Assessment,
    section: Section,
    question: AnyQuestion,
    local: dict[str, Any],
) -> bool:
    if not question_asked(questionnaire, assessment, section, question, local):
        return False
    if question.required:
        return True
    if not question.required_when:
        return False
    lookup = lookup_for(questionnaire, assessment, local, section)
    return all_hold(questionnaire, question.required_when, lookup)


@dataclass(frozen=True)
class Missing:
    """A required answer that is not there yet."""

    section: str
    question: str
    characteristic: str | None
    label: str
    row: int | None = None
    """For a column of a table: the row (from 0) and the column's id."""
    column: str | None = None

    @property
    def key(self) -> str:
        parts = [self.section, self.characteristic, self.question]
        key = ".".join(p for p in parts if p)
        if self.row is not None and self.column:
            key += f"[{self.row}].{self.column}"
        return key


def missing_answers(questionnaire: Questionnaire, assessment: Assessment) -> list[Missing]:
    """Every required answer still to give, in the order the questionnaire asks them.

    A table's rows count too: a column the table requires, left empty in a row, is
    missing at `section.table[row].column`.
    """
    out: list[Missing] = []
    for section in questionnaire.sections:
        if not section_asked(questionnaire, assessment, section):
            continue
        if section.per_characteristic:
            for characteristic in questionnaire.characteristics:
                row = assessment.row(section.id, characteristic.id)
                for question in section.questions:
                    if question_required(
                        questionnaire, assessment, section, question, row
                    ) and not is_answered(row.get(question.id)):
                        label = f"{characteristic.label}: {question.title}"
                        out.append(Missing(section.id, question.id, characteristic.id, label))
            continue
        local = assessment.answers.get(section.id, {})
        for question in section.questions:
            value = local.get(question.id)
            if question_required(
                questionnaire, assessment, section, question, local
            ) and not is_answered(value):
                out.append(
                    Missing(section.id, question.id, None, f"{section.title}: {question.title}")
                )
            if isinstance(question, TableQuestion) and question_asked(
                questionnaire, assessment, section, question, local
            ):
                for index, column in _required_columns(questionnaire, question, value):
                    label = (
                        f"{section.title}: {question.row_label.capitalize()} {index + 1}: "
                        f"{column.title}"
                    )
                    out.append(Missing(section.id, question.id, None, label, index, column.id))
    return out


def table_rows(value: Any) -> list[tuple[int, dict[str, Any]]]:
    """The rows of a table's answer, each with its index in the file."""
    if not isinstance(value, list):
        return []
    return [(index, row) for index, row in enumerate(value) if isinstance(row, dict)]


@dataclass(frozen=True)
class ColumnState:
    """Whether a column of a table is asked in one row, and whether that row needs it."""

    asked: bool
    required: bool


def column_state(
    questionnaire: Questionnaire, table: TableQuestion, column: AnyQuestion, row: dict[str, Any]
) -> ColumnState:
    """Whether this column is asked in this row of the table, and required there.

    The one rule for a table's columns: the checks, the missing answers, the row editor and
    the exports all follow it. A column's conditions name earlier columns of the same row.
    A column not asked is not required, whatever its `required` says, and an answer the row
    still holds in a column it does not ask (typed before the answer it hangs on changed)
    counts as no answer for the columns after it.
    """
    position = next((i for i, c in enumerate(table.columns) if c.id == column.id), 0)
    earlier = table.columns[:position]

    def lookup(ref: str) -> tuple[AnyQuestion | None, Any]:
        found = next((c for c in earlier if c.id == ref), None)
        if found is None:
            return next((c for c in table.columns if c.id == ref), None), row.get(ref)
        if not column_state(questionnaire, table, found, row).asked:
            return found, None
        return found, row.get(ref)

    if not all_hold(questionnaire, column.ask_when, lookup):
        return ColumnState(asked=False, required=False)
    required = column.required or (
        bool(column.required_when) and all_hold(questionnaire, column.required_when, lookup)
    )
    return ColumnState(asked=True, required=required)


def column_required(
    questionnaire: Questionnaire, table: TableQuestion, column: AnyQuestion, row: dict[str, Any]
) -> bool:
    """Whether a row of the table needs an answer in this column (see `column_state`)."""
    return column_state(questionnaire, table, column, row).required


def _required_columns(
    questionnaire: Questionnaire, table: TableQuestion, value: Any
) -> list[tuple[int, AnyQuestion]]:
    """(row index, column) for each required column left empty in a row of the table."""
    return [
        (index, column)
        for index, row in table_rows(value)
        for column in table.columns
        if column_required(questionnaire, table, column, row)
        and not is_answered(row.get(column.id))
    ]


def required_count(questionnaire: Questionnaire, assessment: Assessment) -> int:
    """How many answers are required, a table's required columns in each of its rows included."""
    total = 0
    for section in questionnaire.sections:
        if not section_asked(questionnaire, assessment, section):
            continue
        rows = (
            [assessment.row(section.id, c.id) for c in questionnaire.characteristics]
            if section.per_characteristic
            else [assessment.answers.get(section.id, {})]
        )
        for row in rows:
            total += sum(
                1
                for q in section.questions
                if question_required(questionnaire, assessment, section, q, row)
            )
        if section.per_characteristic:
            continue
        local = rows[0]
        for question in section.questions:
            if isinstance(question, TableQuestion) and question_asked(
                questionnaire, assessment, section, question, local
            ):
                total += sum(
                    1
                    for _, table_row in table_rows(local.get(question.id))
                    for column in question.columns
                    if column_required(questionnaire, question, column, table_row)
                )
    return total


def progress(questionnaire: Questionnaire, assessment: Assessment) -> int:
    """Percentage of required answers given, 0 to 100."""
    total = required_count(questionnaire, assessment)
    if total == 0:
        return 100
    missing = len(missing_answers(questionnaire, assessment))
    return round(100 * (total - missing) / total)


# --- Validation: pydantic models built from the questionnaire ----------------------------------

_STRICT = ConfigDict(extra="forbid", strict=True, populate_by_name=True)


def _value_type(questionnaire: Questionnaire, question: AnyQuestion) -> Any:
    if isinstance(question, TextQuestion | LongTextQuestion):
        return str
    if isinstance(question, YesNoQuestion):
        return bool
    if isinstance(question, DateQuestion):
        return date
    if isinstance(question, ChoiceQuestion):
        values = tuple(o.value for o in questionnaire.options_for(question))
        return Literal[values]
    if isinstance(question, CharacteristicsQuestion):
        ids = (*tuple(c.id for c in questionnaire.characteristics), ALL)
        chosen = Annotated[list[Literal[ids]], AfterValidator(_each_once)]  # type: ignore[valid-type]
        return chosen | Literal[ALL]
    if isinstance(question, TableQuestion):
        columns = {
            f"f_{c.id}": (_value_type(questionnaire, c) | None, Field(None, alias=c.id))
            for c in question.columns
        }
        row = create_model(f"Row_{question.id}", __config__=_STRICT, **columns)  # type: ignore[call-overload]
        return list[row]
    raise TypeError(question)


def _each_once(chosen: list[str]) -> list[str]:
    """A list of characteristics names each one once, and "all" only on its own."""
    seen: set[str] = set()
    for value in chosen:
        if value in seen:
            raise ValueError(f'"{value}" is listed twice; list each characteristic once')
        seen.add(value)
    if ALL in seen and len(chosen) > 1:
        raise ValueError(
            f'"{ALL}" cannot be mixed with other characteristics: write "{ALL}" on its own, '
            f'or list the characteristics without "{ALL}"'
        )
    return chosen


# --- The version history and the sign-off, as the file holds them (see docs/format.md) --------

HEX_64 = r"^[0-9a-fA-F]{64}$"
HEX_16 = r"^[0-9a-fA-F]{16}$"


class HistoryEntry(BaseModel):
    """One `[[history]]` block: one version of the assessment."""

    model_config = ConfigDict(extra="forbid", strict=True, populate_by_name=True)

    f_version: str | None = Field(None, alias="version", description='Such as "0.3" or "1.0".')
    f_author: str | None = Field(None, alias="author", description="Who saved the version.")
    f_date: date | None = Field(None, alias="date", description="When, as a TOML date.")
    f_comment: str | None = Field(None, alias="comment", description="What changed.")


Fingerprint = Annotated[str, Field(pattern=HEX_16)]


class WaiverEntry(BaseModel):
    """One `[[signed.waivers]]` block: an error of the check signed off despite, and why."""

    model_config = ConfigDict(extra="forbid", strict=True, populate_by_name=True)

    f_finding: str = Field(
        alias="finding", description='The finding\'s id, such as "review-date-passed".'
    )
    f_key: str = Field(alias="key", description="The finding's key path.")
    f_message: str | None = Field(None, alias="message", description="What the check said.")
    f_reason: str = Field(
        alias="reason",
        pattern=r"\S",
        description="Why it was signed off despite the finding: not empty.",
    )
    f_by: str = Field(alias="by", description="Who recorded the waiver.")
    f_at: datetime = Field(alias="at", description="When the waiver was recorded.")


class SignedTable(BaseModel):
    """The `[signed]` table: who signed, when, the fingerprints of the answers, the waivers."""

    model_config = ConfigDict(extra="forbid", strict=True, populate_by_name=True)

    f_by: str | None = Field(None, alias="by", description="Who signed.")
    f_at: datetime | None = Field(None, alias="at", description="When they signed.")
    f_version: str | None = Field(None, alias="version", description="The version it made.")
    f_canonical_form: int | None = Field(None, alias="canonical_form")
    f_sha256: str = Field(
        alias="sha256", pattern=HEX_64, description="SHA-256 of the answers and the waivers."
    )
    f_answers: dict[str, Fingerprint] | None = Field(None, alias="answers")
    f_parts: dict[str, Fingerprint] | None = Field(
        None,
        alias="parts",
        description="A fingerprint of who signed, when, the version, the waivers and the "
        "questionnaire (canonical form 3).",
    )
    f_waivers: list[WaiverEntry] | None = Field(
        None, alias="waivers", description="Errors of the check signed off despite, with why."
    )


HISTORY_KEYS = ("version", "author", "date", "comment")
SIGNED_KEYS = ("by", "at", "version", "canonical_form", "sha256", "answers", "parts", "waivers")
WAIVER_KEYS = ("finding", "key", "message", "reason", "by", "at")

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


def _section_model(questionnaire: Questionnaire, section: Section) -> type[BaseModel]:
    fields = {
        f"f_{q.id}": (
            _value_type(questionnaire, q) | None,
            Field(None, alias=q.id, description=q.label),
        )
        for q in section.questions
    }
    model: type[BaseModel] = create_model(  # type: ignore[call-overload]
        f"Section_{section.id}", __config__=_STRICT, **fields
    )
    if not section.per_characteristic:
        return model
    rows = {
        f"f_{c.id}": (model | None, Field(None, alias=c.id, description=c.label))
        for c in questionnaire.characteristics
    }
    return create_model(f"Grid_{section.id}", __config__=_STRICT, **rows)  # type: ignore[call-overload,no-any-return]


_MODELS: dict[int, tuple[Questionnaire, type[BaseModel]]] = {}


def answers_model(questionnaire: Questionnaire) -> type[BaseModel]:
    """The whole assessment file for this questionnaire, as one pydantic model (built once)."""
    cached = _MODELS.get(id(questionnaire))
    if cached is not None and cached[0] is questionnaire:
        return cached[1]
    model = _build_answers_model(questionnaire)
    _MODELS[id(questionnaire)] = (questionnaire, model)
    return model


def _build_answers_model(questionnaire: Questionnaire) -> type[BaseModel]:
    sections = {
        f"f_{s.id}": (
            _section_model(questionnaire, s) | None,
            Field(None, alias=s.id, description=s.title),
        )
        for s in questionnaire.sections
    }
    config = ConfigDict(
        extra="forbid",
        strict=True,
        populate_by_name=True,
        title=f"eqia assessment ({questionnaire.id} {questionnaire.version})",
    )
    return create_model(  # type: ignore[call-overload,no-any-return]
        "Assessment",
        __config__=config,
        f_format=(Literal[FORMAT], Field(alias="format")),
        f_format_version=(Literal[FORMAT_VERSION], Field(alias="format_version")),
        f_id=(str, Field(alias="id", pattern=SLUG.pattern)),
        f_questionnaire=(Literal[questionnaire.id], Field(alias="questionnaire")),
        f_questionnaire_version=(str, Field(alias="questionnaire_version")),
        f_created=(datetime, Field(alias="created")),
        f_updated=(datetime, Field(alias="updated")),
        f_resume_at=(str | None, Field(None, alias="resume_at")),
        f_history=(list[HistoryEntry] | None, Field(None, alias="history")),
        f_signed=(SignedTable | None, Field(None, alias="signed")),
        f_set_aside=(dict[str, Any] | None, Field(None, alias="set_aside")),
        **sections,
    )


def _drop_empty(value: Any) -> Any:
    """An empty string or an empty list counts as not answered: leave it out before checking."""
    if isinstance(value, dict):
        return {k: _drop_empty(v) for k, v in value.items() if not _is_blank(v)}
    if isinstance(value, list):
        return [_drop_empty(v) for v in value]
    return value


def _is_blank(value: Any) -> bool:
    return (isinstance(value, str) and not value.strip()) or value == []


def _allowed_message(questionnaire: Questionnaire, loc: list[Any], kind: str, given: Any) -> str:
    """What is allowed at this key path, in words."""
    if loc and loc[0] in ("history", "signed"):
        return _trailer_message(loc, kind, given)
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
        return _wrong_type(kind, given)
    return f"{shown(given)} is not allowed; {expected_words(questionnaire, question)}"


_WANTED = {
    "dict_type": "a table",
    "model_type": "a table",
    "model_attributes_type": "a table",
    "list_type": "a list of tables",
    "string_type": "text in quotes",
}


def _wrong_type(kind: str, given: Any) -> str:
    wanted = _WANTED.get(kind)
    if wanted is None:
        return "has the wrong type here"
    return f"has the wrong type here: must be {wanted}, not {described(given)}"


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


def _pydantic_problems(
    error: ValidationError, questionnaire: Questionnaire, file: str, data: dict[str, Any]
) -> list[Problem]:
    """One line per key path, as written in the file.

    pydantic names the branch of a union it tried (`list[...]`, `literal[...]`): those
    parts are dropped by where they stand in the data, so a question may be called
    `date` or `list`. When one branch of a union went deeper than another, as a list
    of characteristics with one unknown id does, only the deeper problem is reported.
    """
    found: list[tuple[list[str | int], int | None, Any]] = []
    for item in error.errors():
        parts, branch_at = file_key_path(item["loc"], data)
        found.append((parts, branch_at, item))
    deeper = {
        format_key(parts[:branch_at])
        for parts, branch_at, _ in found
        if branch_at is not None and len(parts) > branch_at
    }
    problems = []
    seen: set[str] = set()
    for parts, branch_at, item in found:
        key = format_key(parts)
        if branch_at is not None and len(parts) == branch_at and key in deeper:
            continue  # another branch of the same union says more precisely what is wrong
        if key in seen:
            continue  # one problem per key path is enough: unions report each branch
        seen.add(key)
        if item["type"] == "value_error":
            message = str(item["msg"]).removeprefix("Value error, ")
        else:
            message = _allowed_message(questionnaire, parts, item["type"], item.get("input"))
        problems.append(Problem(file, key, message))
    return problems


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


@dataclass
class Loaded:
    """An assessment read from a file, the questionnaire it was checked against, and notes."""

    assessment: Assessment
    questionnaire: Questionnaire
    notes: list[str] = field(default_factory=list)
    """Answers kept aside because the questionnaire changed: nothing is dropped silently."""


def check_header(data: dict[str, Any], file: str) -> tuple[str, str]:
    """The parts needed to pick a questionnaire, checked before anything else."""
    problems = []

    def problem(key: str, message: str) -> None:
        problems.append(Problem(file, key, message))

    given = data.get("format")
    if given is None:
        problem("format", f'is missing; it must be "{FORMAT}"')
    elif given != FORMAT:
        problem("format", f'must be "{FORMAT}" (found {shown(given)})')
    version = data.get("format_version")
    if version is None:
        problem("format_version", f"is missing; it must be the whole number {FORMAT_VERSION}")
    elif not isinstance(version, int) or isinstance(version, bool):
        problem("format_version", f"must be the whole number {FORMAT_VERSION}")
    elif version > FORMAT_VERSION:
        problem(
            "format_version",
            f"is {shown(version)}, but this version of eqia reads up to {FORMAT_VERSION}; "
            "update eqia to open it",
        )
    elif version < 1:
        problem("format_version", f"must be {FORMAT_VERSION}")
    questionnaire_id = data.get("questionnaire")
    if questionnaire_id is None:
        problem("questionnaire", 'is missing; name the questionnaire answered, such as "kcc-eqia"')
    elif not isinstance(questionnaire_id, str) or not questionnaire_id:
        problem("questionnaire", 'must name the questionnaire, such as "kcc-eqia"')
    qversion = data.get("questionnaire_version")
    if qversion is None:
        problem("questionnaire_version", 'is missing; it must be text, such as "1.0"')
    elif not isinstance(qversion, str) or not qversion:
        problem("questionnaire_version", 'must be text, such as "1.0"')
    assessment_id = data.get("id")
    if assessment_id is None:
        problem("id", f"is missing; give the assessment an id: {SLUG_RULE}")
    elif not isinstance(assessment_id, str) or not is_slug(assessment_id):
        problem("id", f"{shown(assessment_id)} is not a valid id: {SLUG_RULE}")
    if problems:
        raise BadInput(problems)
    return str(questionnaire_id), str(qversion)


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


def _set_aside_changes(
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
            raise BadInput.one(file, "set_aside", _wrong_type("dict_type", existing))
        target: Any = aside
        for depth, part in enumerate(path[:-1]):
            target = _aside_child(target, part, path[depth + 1], ["set_aside", *path[: depth + 1]])
            if target is None:
                where = format_key(["set_aside", *path[: depth + 1]])
                wanted = "list_type" if isinstance(path[depth + 1], int) else "dict_type"
                raise BadInput.one(file, where, _wrong_type(wanted, _at(aside, path[: depth + 1])))
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


def _aside_child(target: Any, part: str | int, next_part: str | int, where: list[Any]) -> Any:
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


EARLIEST = datetime(1, 1, 2, tzinfo=UTC)
LATEST = datetime(9999, 12, 30, 23, 59, 59, tzinfo=UTC)
"""Dates and times a day from either end of the calendar Python knows (years 1 to 9999): any
time zone can then show them. Nearer the ends, a time zone could move them off the calendar."""


def times_out_of_range(data: Any, file: str) -> list[Problem]:
    """A problem for each date and time in the file too near the ends of the calendar to be
    shown in every time zone, such as `9999-12-31T23:59:59-23:59`."""
    problems: list[Problem] = []
    stack: list[tuple[list[str | int], Any]] = [([], data)]
    while stack:
        path, value = stack.pop()
        if isinstance(value, dict):
            stack.extend(([*path, k], v) for k, v in reversed(list(value.items())))
        elif isinstance(value, list):
            stack.extend(([*path, i], v) for i, v in reversed(list(enumerate(value))))
        elif isinstance(value, datetime) and not _in_range(value):
            problems.append(
                Problem(
                    file,
                    format_key(path),
                    f"{value.isoformat()} is out of range: a date and time must fall between "
                    f"{EARLIEST:%Y-%m-%d} and {LATEST:%Y-%m-%d}",
                )
            )
    return problems


def _in_range(value: datetime) -> bool:
    try:
        moment = value.astimezone(UTC) if value.tzinfo else value.replace(tzinfo=UTC)
    except (OverflowError, ValueError):
        return False
    return EARLIEST <= moment <= LATEST


def parse_assessment(data: dict[str, Any], file: str, questionnaire: Questionnaire) -> Loaded:
    """Check raw TOML data against its questionnaire. Raises BadInput with every problem."""
    out_of_range = times_out_of_range(data, file)
    if out_of_range:
        raise BadInput(out_of_range)
    data = copy.deepcopy(data)
    notes: list[str] = []
    answered_with = data.get("questionnaire_version")
    if isinstance(answered_with, str) and is_newer_version(answered_with, questionnaire.version):
        # Setting answers aside would move answers this eqia does not know yet: refuse.
        raise BadInput.one(
            file,
            "questionnaire_version",
            f'is "{answered_with}", newer than the installed {questionnaire.id} '
            f"{questionnaire.version}; install version {answered_with} of the questionnaire, "
            "or update eqia, to open it",
        )
    if answered_with != questionnaire.version:
        aside, notes = _set_aside_changes(questionnaire, data, file)
        if aside:
            data["set_aside"] = aside
    for key in DERIVED_KEYS:
        data.pop(key, None)
    data = _drop_empty(data)
    try:
        model = answers_model(questionnaire).model_validate(data)
    except ValidationError as error:
        raise BadInput(_pydantic_problems(error, questionnaire, file, data)) from None
    dumped = model.model_dump(by_alias=True, exclude_none=True)
    answers = {s.id: dumped[s.id] for s in questionnaire.sections if dumped.get(s.id)}
    assessment = Assessment(
        id=dumped["id"],
        questionnaire=dumped["questionnaire"],
        questionnaire_version=dumped["questionnaire_version"],
        created=dumped["created"],
        updated=dumped["updated"],
        answers=answers,
        resume_at=dumped.get("resume_at", ""),
        history=list(dumped.get("history", [])),
        signed=dumped.get("signed"),
        set_aside=dumped.get("set_aside", {}),
    )
    return Loaded(assessment, questionnaire, notes)


def to_document(questionnaire: Questionnaire, assessment: Assessment) -> dict[str, Any]:
    """The assessment as the TOML file holds it, in the questionnaire's order."""
    doc: dict[str, Any] = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "id": assessment.id,
        "questionnaire": assessment.questionnaire,
        "questionnaire_version": assessment.questionnaire_version,
        "created": assessment.created,
        "updated": assessment.updated,
    }
    if assessment.resume_at:
        doc["resume_at"] = assessment.resume_at
    for section in questionnaire.sections:
        table = assessment.answers.get(section.id)
        if not table:
            continue
        if section.per_characteristic:
            rows = {}
            for c in questionnaire.characteristics:
                row = _ordered(section, table.get(c.id, {}))
                if row:
                    rows[c.id] = row
            if rows:
                doc[section.id] = rows
        else:
            ordered = _ordered(section, table)
            if ordered:
                doc[section.id] = ordered
    if assessment.history:
        doc["history"] = assessment.history
    if assessment.signed:
        doc["signed"] = assessment.signed
    if assessment.set_aside:
        doc["set_aside"] = assessment.set_aside
    return doc


def _ordered(section: Section, table: dict[str, Any]) -> dict[str, Any]:
    out = {}
    for question in section.questions:
        value = table.get(question.id)
        if not is_answered(value):
            continue
        if isinstance(question, TableQuestion) and isinstance(value, list):
            order = [c.id for c in question.columns]
            value = [{k: row[k] for k in order if is_answered(row.get(k))} for row in value]
        out[question.id] = value
    return out
