"""The assessment file: reading it, checked against the questionnaire it names, and writing
it back in the same shape, in the questionnaire's order (see docs/format.md).

Reading checks the header first (to pick the questionnaire), then every date and time, then,
for a file answered with another version of the questionnaire, sets aside what it no longer
asks (`migration`), and last checks the whole file with the models built from the
questionnaire (`file_models`), every problem worded with its key path (`wording`).
"""

from __future__ import annotations

import copy
from datetime import UTC, datetime
from typing import Any

from pydantic import ValidationError

from eqia_tui.core.model.assessment.file_models import answers_model
from eqia_tui.core.model.assessment.migration import is_newer_version, set_aside_changes
from eqia_tui.core.model.assessment.model import (
    FORMAT,
    FORMAT_VERSION,
    SLUG_RULE,
    Assessment,
    Loaded,
    is_slug,
)
from eqia_tui.core.model.assessment.review_record import ReviewRecord
from eqia_tui.core.model.assessment.wording import answer_problems
from eqia_tui.core.model.conditions import is_answered
from eqia_tui.core.model.questionnaire import DERIVED_KEYS, Questionnaire, Section, TableQuestion
from eqia_tui.core.text.problems import BadInput, Problem, format_key, shown


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


EARLIEST = datetime(1, 1, 2, tzinfo=UTC)
LATEST = datetime(9999, 12, 30, 23, 59, 59, tzinfo=UTC)
"""Dates and times a day from either end of the calendar Python knows (years 1 to 9999): any
time zone can then show them. Nearer the ends, a time zone could move them off the calendar."""


def times_out_of_range(data: Any, file: str) -> list[Problem]:
    """A problem for each date and time in the file too near the ends of the calendar to be
    shown in every time zone, such as `9999-12-31T23:59:59-23:59`."""
    if not _any_out_of_range(data):  # the usual case, found without building key paths
        return []
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


def _any_out_of_range(data: Any) -> bool:
    stack = [data]
    while stack:
        value = stack.pop()
        if isinstance(value, dict):
            stack.extend(value.values())
        elif isinstance(value, list):
            stack.extend(value)
        elif isinstance(value, datetime) and not _in_range(value):
            return True
    return False


def _in_range(value: datetime) -> bool:
    try:
        moment = value.astimezone(UTC) if value.tzinfo else value.replace(tzinfo=UTC)
    except (OverflowError, ValueError):
        return False
    return EARLIEST <= moment <= LATEST


def _drop_empty(value: Any) -> Any:
    """An empty string or an empty list counts as not answered: leave it out before checking."""
    if isinstance(value, dict):
        return {
            k: _drop_empty(v) if isinstance(v, dict | list) else v
            for k, v in value.items()
            if not _is_blank(v)
        }
    if isinstance(value, list):
        return [_drop_empty(v) for v in value]
    return value


def _is_blank(value: Any) -> bool:
    return (isinstance(value, str) and not value.strip()) or value == []


def parse_assessment(data: dict[str, Any], file: str, questionnaire: Questionnaire) -> Loaded:
    """Check raw TOML data against its questionnaire. Raises BadInput with every problem."""
    out_of_range = times_out_of_range(data, file)
    if out_of_range:
        raise BadInput(out_of_range)
    # The caller's data is never changed. Setting answers aside changes the tables inside,
    # so only then is a deep copy needed; otherwise `_drop_empty` below makes new tables.
    data = dict(data)
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
        data = copy.deepcopy(data)
        aside, notes = set_aside_changes(questionnaire, data, file)
        if aside:
            data["set_aside"] = aside
    for key in DERIVED_KEYS:
        data.pop(key, None)
    data = _drop_empty(data)
    try:
        model = answers_model(questionnaire).model_validate(data)
    except ValidationError as error:
        raise BadInput(answer_problems(error, questionnaire, file, data)) from None
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
        review=ReviewRecord.from_table(dumped.get("review_record")),
    )
    _check_review(assessment, dumped.get("review_record"), file)
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
    if assessment.review:
        doc["review_record"] = assessment.review.as_table()
    if assessment.set_aside:
        doc["set_aside"] = assessment.set_aside
    return doc


def _check_review(assessment: Assessment, table: dict[str, Any] | None, file: str) -> None:
    """What the review table's models cannot check alone: the status names the last move,
    comment ids are each used once, and a comment is resolved with both who and when."""
    if not table:
        return
    problems: list[Problem] = []
    record = assessment.review
    status = table.get("status")
    last = record.moves[-1].status if record.moves else None
    if status is not None and status != last:
        problems.append(
            Problem(
                file,
                "review_record.status",
                f"is {shown(status)}, but the last of [[review_record.moves]] is "
                + (f"{shown(last)}" if last else "missing")
                + "; the status must be the last move's",
            )
        )
    seen: set[str] = set()
    for index, comment in enumerate(record.comments):
        where = format_key(["review_record", "comments", index])
        if comment.id in seen:
            problems.append(
                Problem(
                    file,
                    f"{where}.id",
                    f"{shown(comment.id)} is used twice; give each comment its own id",
                )
            )
        seen.add(comment.id)
        if bool(comment.resolved_by) != (comment.resolved_at is not None):
            problems.append(
                Problem(
                    file,
                    where,
                    "a resolved comment needs both resolved_by and resolved_at; "
                    "give both, or neither while it is open",
                )
            )
    if problems:
        raise BadInput(problems)


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
