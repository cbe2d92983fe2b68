"""Sign-off that means something: a clean check, a fingerprint that shows later changes,
and reopening.

Signing is refused while `checks.check` finds an error that is not waived. A waiver
(`waivers.Waiver`) records why the officer signs off despite one error; a missing answer
cannot be waived, only answered. Warnings never block. What the fingerprint covers, and
how it is verified, is in `review.fingerprint`.

This module sits above the checks (it runs them); the fingerprint sits below (a check
verifies it).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import date, datetime
from typing import Any

from eqia_tui.core.checks import Finding, apply_waivers, check
from eqia_tui.core.model.assessment import Assessment, missing_answers
from eqia_tui.core.model.assessment.review_record import Move
from eqia_tui.core.model.questionnaire import Questionnaire
from eqia_tui.core.model.statuses import APPROVED, DRAFT, SIGNED, SUBMITTED
from eqia_tui.core.review.fingerprint import (
    CANONICAL_FORM,
    answer_digests,
    answers_digest,
    part_digests,
    signed_digest,
)
from eqia_tui.core.review.history import record_version
from eqia_tui.core.review.status import approval_holds, last_move, move, status_of
from eqia_tui.core.review.waivers import Waiver, waivers_of
from eqia_tui.core.text.problems import BadInput, Problem


def is_signed(assessment: Assessment) -> bool:
    return bool(assessment.signed)


def is_read_only(assessment: Assessment) -> bool:
    """A signed assessment opens read-only; changing it needs `reopen` first."""
    return is_signed(assessment)


class SignOffRefused(BadInput):
    """Sign-off refused: the check finds errors that are not waived. One line for each,
    saying how to clear it; `findings` holds the errors themselves."""

    def __init__(self, assessment_id: str, findings: Sequence[Finding], waivable: Sequence[bool]):
        self.findings = list(findings)
        problems = [
            Problem(
                assessment_id,
                finding.key,
                f"cannot sign off while the check finds this error ({finding.id}): "
                f"{finding.message} "
                + (
                    "Fix it, or record a waiver: the reason for signing off despite it."
                    if can
                    else "Answer it: a missing answer cannot be waived."
                ),
            )
            for finding, can in zip(self.findings, waivable, strict=True)
        ]
        super().__init__(problems)


def _stamp(at: datetime) -> datetime:
    """A time to record: with a time zone (local time if it has none), whole seconds."""
    return (at if at.tzinfo else at.astimezone()).replace(microsecond=0)


def signing_day(at: datetime) -> date:
    """The day a sign-off at `at` happens, on this computer's calendar: the review date is
    compared with it."""
    return _stamp(at).astimezone().date()


def can_waive(questionnaire: Questionnaire, assessment: Assessment, finding: Finding) -> bool:
    """Whether a waiver may stand in for fixing this finding: an error that is not about a
    missing answer. A missing answer (or a row with none) can only be answered."""
    if finding.severity != "error":
        return False
    missing = {m.key for m in missing_answers(questionnaire, assessment)}
    return finding.key not in missing and not any(
        key.startswith(f"{finding.key}.") for key in missing
    )


def blocking_errors(
    questionnaire: Questionnaire,
    assessment: Assessment,
    today: date,
    waivers: Iterable[Waiver] = (),
) -> list[Finding]:
    """The errors that stop sign-off on `today`: every error of the check that none of
    `waivers` (nor a waiver already recorded) names. Warnings never stop it."""
    return _unwaived_errors(check(questionnaire, assessment, today), waivers)


def _unwaived_errors(findings: list[Finding], waivers: Iterable[Waiver]) -> list[Finding]:
    """The errors among `findings` that none of `waivers` (nor one already recorded) names."""
    waived = apply_waivers(findings, waivers)
    return [f for f in waived if f.severity == "error" and f.waiver is None]


def _checked_waivers(
    questionnaire: Questionnaire,
    assessment: Assessment,
    findings: list[Finding],
    waivers: Iterable[Waiver],
) -> list[Waiver]:
    """The waivers as they will be recorded, or BadInput naming each one that cannot be:
    no reason or name, no error of that id at that key, a missing answer, or twice."""
    problems: list[Problem] = []
    out: list[Waiver] = []
    seen: set[tuple[str, str]] = set()
    for waiver in waivers:
        where = f"{waiver.key} ({waiver.finding})"
        if not waiver.reason.strip():
            problems.append(
                Problem(assessment.id, where, "a waiver needs a reason: why sign off despite it")
            )
            continue
        if not waiver.by.strip():
            problems.append(
                Problem(assessment.id, where, "a waiver needs the name of who records it")
            )
            continue
        found = next(
            (
                f
                for f in findings
                if f.severity == "error" and (f.id, f.key) == (waiver.finding, waiver.key)
            ),
            None,
        )
        if found is None:
            problems.append(
                Problem(
                    assessment.id,
                    where,
                    "this waiver waives nothing: the check finds no such error there",
                )
            )
            continue
        if not can_waive(questionnaire, assessment, found):
            problems.append(
                Problem(assessment.id, waiver.key, "a missing answer cannot be waived: answer it")
            )
            continue
        if (waiver.finding, waiver.key) in seen:
            problems.append(Problem(assessment.id, where, "is waived twice: keep one waiver"))
            continue
        seen.add((waiver.finding, waiver.key))
        out.append(
            replace(
                waiver,
                reason=waiver.reason.strip(),
                by=waiver.by.strip(),
                at=_stamp(waiver.at),
                message=waiver.message.strip() or found.message,
            )
        )
    if problems:
        raise BadInput(problems)
    return out


def sign(
    questionnaire: Questionnaire,
    assessment: Assessment,
    by: str,
    at: datetime,
    comment: str = "",
    waivers: Iterable[Waiver] = (),
) -> dict[str, Any]:
    """Sign the assessment off: record `[signed]` and a new whole-number version.

    Returns the `[signed]` table. Refused (SignOffRefused, a BadInput) while the check,
    run for the day of `at`, finds an error that `waivers` do not name; each waiver must
    name an error of the check by its id and key, and give a reason. Raises BadInput when
    it is already signed (reopen it first), no name is given or a waiver cannot be
    recorded. `at` without a time zone is taken as local time. Nothing changes when
    refused.
    """
    by = by.strip()
    if not by:
        raise BadInput.one("sign-off", "by", "give the name of the person signing")
    if is_signed(assessment):
        raise BadInput.one(
            assessment.id, "signed", "is already signed off; reopen it before signing again"
        )
    stamp = _stamp(at)
    needs_approval(questionnaire, assessment)
    findings = check(questionnaire, assessment, signing_day(stamp))
    recorded = _checked_waivers(questionnaire, assessment, findings, waivers)
    blocking = _unwaived_errors(findings, recorded)
    if blocking:
        raise SignOffRefused(
            assessment.id,
            blocking,
            [can_waive(questionnaire, assessment, f) for f in blocking],
        )
    tables = [w.as_table() for w in recorded]
    count = len(tables)
    waived = f"{count} error{'' if count == 1 else 's'} waived"
    if comment.strip():
        note = f"{comment.strip()} ({waived})" if count else comment.strip()
    else:
        note = f"Signed off by {by}, with {waived}" if count else f"Signed off by {by}"
    entry = record_version(assessment, author=by, comment=note, on=stamp.date(), signing=True)
    signed: dict[str, Any] = {"by": by, "at": stamp, "version": entry["version"]}
    signed.update(
        canonical_form=CANONICAL_FORM,
        sha256=signed_digest(questionnaire, assessment, tables, signed=signed),
        answers=answer_digests(questionnaire, assessment),
        parts=part_digests(questionnaire, signed, tables),
    )
    if tables:
        signed["waivers"] = tables
    assessment.signed = signed
    # Recorded after `[signed]` is written, so the move is checked against "approved"
    # above and not against the status "signed" that `[signed]` now gives.
    assessment.review.moves.append(
        Move(SIGNED, by, stamp, answers=answers_digest(questionnaire, assessment))
    )
    return signed


def needs_approval(questionnaire: Questionnaire, assessment: Assessment) -> None:
    """Raise BadInput when the questionnaire requires the equality group's review and the
    assessment is not approved, or its answers changed since they were approved."""
    if not questionnaire.review.required:
        return
    status = status_of(assessment)
    if status != APPROVED:
        raise BadInput.one(
            assessment.id,
            "review_record.status",
            "needs a reviewer's approval before sign-off; submit it for review, and sign "
            "off once it is approved",
        )
    if not approval_holds(assessment, answers_digest(questionnaire, assessment)):
        approval = last_move(assessment, APPROVED)
        who = f" by {approval.by}" if approval else ""
        raise BadInput.one(
            assessment.id,
            "review_record.status",
            f"the answers changed after they were approved{who}; submit it for review again",
        )


def submit(
    questionnaire: Questionnaire,
    assessment: Assessment,
    by: str,
    at: datetime,
    note: str = "",
) -> list[Finding]:
    """Submit the assessment for review, after running the check. Returns the findings.

    The check never stops a submission: the equality group may be asked to look at a draft
    with gaps. The move's note says how many errors and warnings the check found, so the
    reviewer knows; the screens show the findings and ask first when there are errors.
    Refused (BadInput) only when the status does not allow it (see `review.status`)."""
    stamp = _stamp(at)
    findings = check(questionnaire, assessment, signing_day(stamp))
    errors = sum(1 for f in findings if f.severity == "error" and f.waiver is None)
    warnings = sum(1 for f in findings if f.severity != "error")
    said = (
        f"The check found {errors} error{'' if errors == 1 else 's'} and "
        f"{warnings} warning{'' if warnings == 1 else 's'}."
    )
    move(
        assessment,
        SUBMITTED,
        by,
        stamp,
        f"{note.strip()} {said}".strip(),
        answers_digest(questionnaire, assessment),
    )
    return findings


def approve(
    questionnaire: Questionnaire, assessment: Assessment, by: str, at: datetime, note: str = ""
) -> None:
    """Approve the assessment for sign-off: the approval holds for the answers now."""
    move(assessment, APPROVED, by, _stamp(at), note, answers_digest(questionnaire, assessment))


def reopen(
    assessment: Assessment,
    author: str,
    on: date | datetime,
    comment: str = "",
) -> dict[str, Any]:
    """Clear the sign-off and its waivers so the answers can change again, recording a
    new version (its comment names any waivers cleared).

    Returns the new history entry (1.1 after the first sign-off). Raises BadInput when
    the assessment is not signed.
    """
    if not is_signed(assessment):
        raise BadInput.one(
            assessment.id, "signed", "is not signed off, so there is nothing to reopen"
        )
    signed = assessment.signed or {}
    who = signed.get("by")
    default = (
        f"Reopened after sign-off by {who}"
        if isinstance(who, str) and who
        else ("Reopened after sign-off")
    )
    note = comment.strip() or default
    waivers = waivers_of(signed)
    if waivers:
        # The waivers go with the sign-off; the history keeps a note of them.
        count = len(waivers)
        named = "; ".join(f"{w.finding} at {w.key}" for w in waivers)
        note = f"{note.rstrip('.')}. {count} waiver{'' if count == 1 else 's'} cleared: {named}"
    entry = record_version(assessment, author=author, comment=note, on=on)
    assessment.signed = None
    at = on if isinstance(on, datetime) else datetime.now().astimezone()
    assessment.review.moves.append(Move(DRAFT, author.strip(), _stamp(at), note))
    return entry
