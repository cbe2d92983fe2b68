"""The pydantic models of an assessment file, built from the questionnaire it answers.

Each question's answer gets the type its question allows (text, true or false, a date, one
of the options, a list of characteristics, rows of a table); the version history and the
sign-off have fixed models. The same models give the file's JSON Schema (`storage.schema`).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, create_model

from eqia_tui.core.model.assessment.model import COMMENT_ID, FORMAT, FORMAT_VERSION, SLUG
from eqia_tui.core.model.questionnaire import (
    ALL,
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
)
from eqia_tui.core.model.statuses import STATUSES

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
        return _ONE_OF[values]
    if isinstance(question, CharacteristicsQuestion):
        ids = (*tuple(c.id for c in questionnaire.characteristics), ALL)
        return Annotated[list[_ONE_OF[ids]], AfterValidator(_each_once)] | Literal[ALL]
    if isinstance(question, TableQuestion):
        columns: dict[str, Any] = {
            f"f_{c.id}": (_value_type(questionnaire, c) | None, Field(None, alias=c.id))
            for c in question.columns
        }
        row: Any = _model(f"Row_{question.id}", _STRICT, columns)
        return list[row]
    raise TypeError(question)


_ONE_OF: Any = Literal
"""`Literal`, for values known only when the questionnaire is read: mypy reads `Literal[...]`
as a type written in the code, which these are not."""


def _model(name: str, config: ConfigDict, fields: dict[str, Any]) -> type[BaseModel]:
    """A pydantic model made at run time, with a field for each question or characteristic."""
    return create_model(name, __config__=config, **fields)


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
            "or list the ones you mean"
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
        description="A short fingerprint of each part: who signed, when, the version, the "
        "waivers and the questionnaire.",
    )
    f_waivers: list[WaiverEntry] | None = Field(
        None, alias="waivers", description="Errors of the check signed off despite, with why."
    )


class MoveEntry(BaseModel):
    """One `[[review_record.moves]]` block: a move of the review status."""

    model_config = ConfigDict(extra="forbid", strict=True, populate_by_name=True)

    f_status: _ONE_OF[STATUSES] = Field(alias="status", description="The status moved to.")
    f_by: str = Field(alias="by", pattern=r"\S", description="Who made the move.")
    f_at: datetime = Field(alias="at", description="When.")
    f_note: str | None = Field(None, alias="note", description="Why, in their words.")
    f_answers: str | None = Field(
        None,
        alias="answers",
        pattern=HEX_64,
        description="SHA-256 of the answers when the move was made: an approval holds only "
        "for those answers.",
    )


class ReplyEntry(BaseModel):
    """One `[[review_record.comments.replies]]` block: a reply to a comment."""

    model_config = ConfigDict(extra="forbid", strict=True, populate_by_name=True)

    f_by: str = Field(alias="by", pattern=r"\S", description="Who replied.")
    f_at: datetime = Field(alias="at", description="When.")
    f_text: str = Field(alias="text", pattern=r"\S", description="The reply.")


class CommentEntry(BaseModel):
    """One `[[review_record.comments]]` block: a comment, its replies, and who resolved it."""

    model_config = ConfigDict(extra="forbid", strict=True, populate_by_name=True)

    f_id: str = Field(alias="id", pattern=COMMENT_ID.pattern, description='Such as "c1".')
    f_on: str | None = Field(
        None,
        alias="on",
        description="The key path it is about, such as screening.age.negative_impact, or a "
        "section id for a whole step. Left out for the whole assessment.",
    )
    f_by: str = Field(alias="by", pattern=r"\S", description="Who wrote it.")
    f_at: datetime = Field(alias="at", description="When.")
    f_text: str = Field(alias="text", pattern=r"\S", description="The comment.")
    f_resolved_by: str | None = Field(None, alias="resolved_by", pattern=r"\S")
    f_resolved_at: datetime | None = Field(None, alias="resolved_at")
    f_replies: list[ReplyEntry] | None = Field(None, alias="replies")


class ReviewTable(BaseModel):
    """The `[review_record]` table: the review status, its moves and the comments."""

    model_config = ConfigDict(extra="forbid", strict=True, populate_by_name=True)

    f_status: _ONE_OF[STATUSES] | None = Field(
        None, alias="status", description="The status after the last move."
    )
    f_moves: list[MoveEntry] | None = Field(None, alias="moves")
    f_comments: list[CommentEntry] | None = Field(None, alias="comments")


HISTORY_KEYS = ("version", "author", "date", "comment")
SIGNED_KEYS = ("by", "at", "version", "canonical_form", "sha256", "answers", "parts", "waivers")
WAIVER_KEYS = ("finding", "key", "message", "reason", "by", "at")


def _section_model(questionnaire: Questionnaire, section: Section) -> type[BaseModel]:
    fields: dict[str, Any] = {
        f"f_{q.id}": (
            _value_type(questionnaire, q) | None,
            Field(None, alias=q.id, description=q.label),
        )
        for q in section.questions
    }
    model = _model(f"Section_{section.id}", _STRICT, fields)
    if not section.per_characteristic:
        return model
    rows: dict[str, Any] = {
        f"f_{c.id}": (model | None, Field(None, alias=c.id, description=c.label))
        for c in questionnaire.characteristics
    }
    return _model(f"Grid_{section.id}", _STRICT, rows)


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
    sections: dict[str, Any] = {
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
    header: dict[str, Any] = {
        "f_format": (Literal[FORMAT], Field(alias="format")),
        "f_format_version": (Literal[FORMAT_VERSION], Field(alias="format_version")),
        "f_id": (str, Field(alias="id", pattern=SLUG.pattern)),
        "f_questionnaire": (_ONE_OF[questionnaire.id], Field(alias="questionnaire")),
        "f_questionnaire_version": (str, Field(alias="questionnaire_version")),
        "f_created": (datetime, Field(alias="created")),
        "f_updated": (datetime, Field(alias="updated")),
        "f_resume_at": (str | None, Field(None, alias="resume_at")),
        "f_history": (list[HistoryEntry] | None, Field(None, alias="history")),
        "f_signed": (SignedTable | None, Field(None, alias="signed")),
        "f_review_record": (ReviewTable | None, Field(None, alias="review_record")),
        "f_set_aside": (dict[str, Any] | None, Field(None, alias="set_aside")),
    }
    return _model("Assessment", config, header | sections)
