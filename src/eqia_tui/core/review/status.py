"""The review status: draft, submitted, changes requested, approved, signed.

Each move is recorded in `[[review_record.moves]]` with who made it and when (see
`model.assessment.review_record`). The status is the last move's, except that the sign-off
record has the last word: an assessment with `[signed]` is signed, and one without it is
never shown as signed.

The moves allowed:

    draft -> submitted -> changes requested -> submitted -> ...
                       -> approved -> signed -> draft (reopened)

A submission can be withdrawn (back to draft), and a reviewer can still ask for changes
after approving. Approval holds for the answers approved: `approval_holds` compares the
fingerprint of the answers then and now. Submitting runs the check, so it is in
`core.signing`, with sign-off, which needs approval when the questionnaire says so.

Names are whatever people give (the name kept in config.toml): eqia does not check who
anyone is, and the docs say so.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

from eqia_tui.core.model.assessment import Assessment
from eqia_tui.core.model.assessment.review_record import Move
from eqia_tui.core.model.statuses import (
    APPROVED,
    CHANGES_REQUESTED,
    DRAFT,
    SIGNED,
    STATUS_WORDS,
    SUBMITTED,
    in_words,
    phrase,
)
from eqia_tui.core.text.problems import BadInput, english_list

NEXT: dict[str, tuple[str, ...]] = {
    DRAFT: (SUBMITTED,),
    SUBMITTED: (APPROVED, CHANGES_REQUESTED, DRAFT),
    CHANGES_REQUESTED: (SUBMITTED, DRAFT),
    APPROVED: (SIGNED, CHANGES_REQUESTED, DRAFT),
    SIGNED: (DRAFT,),
}
"""From each status, the statuses it may move to."""

VERBS = {
    SUBMITTED: "submit it for review",
    APPROVED: "approve it",
    CHANGES_REQUESTED: "ask for changes",
    DRAFT: "take it back to draft",
    SIGNED: "sign it off",
}
"""Each move as something a person does."""


def status_of(assessment: Assessment) -> str:
    """The review status now (see the module's note on `[signed]`)."""
    if assessment.signed:
        return SIGNED
    moves = assessment.review.moves
    if moves and moves[-1].status != SIGNED:
        return moves[-1].status
    return DRAFT


def status_words(assessment: Assessment, day: Callable[[date], str] = in_words) -> str:
    """The status as people read it, with who moved it there and when, if recorded:
    "Changes requested by Sam Patel on 3 March 2025". `day` writes the day (on this
    computer's clock), in words unless told otherwise."""
    status = status_of(assessment)
    move = last_move(assessment, status)
    return phrase(status, move.by if move else None, move.at if move else None, day)


def last_move(assessment: Assessment, status: str | None = None) -> Move | None:
    """The last move, or the last to `status`, if any."""
    for move in reversed(assessment.review.moves):
        if status is None or move.status == status:
            return move
    return None


def allowed(assessment: Assessment) -> tuple[str, ...]:
    """The statuses the assessment may move to now."""
    return NEXT[status_of(assessment)]


def move(
    assessment: Assessment,
    to: str,
    by: str,
    at: datetime,
    note: str = "",
    answers: str = "",
) -> Move:
    """Record a move to `to`. Raises BadInput when the move is not allowed from the status
    now, no name is given, or a reviewer would approve their own submission. Nothing
    changes when refused."""
    by = by.strip()
    if not by:
        raise BadInput.one(
            assessment.id, "review_record", "give your name (it is remembered in config.toml)"
        )
    now = status_of(assessment)
    if to not in NEXT[now]:
        choices = english_list([VERBS[s] for s in NEXT[now]], "or")
        raise BadInput.one(
            assessment.id,
            "review_record.status",
            f"is {STATUS_WORDS[now].lower()}, so you cannot {VERBS.get(to, to)} now; "
            f"you can {choices}",
        )
    if to == APPROVED:
        submitted = last_move(assessment, SUBMITTED)
        if submitted is not None and submitted.by.casefold() == by.casefold():
            raise BadInput.one(
                assessment.id,
                "review_record.status",
                f"was sent for review by {submitted.by}, so {submitted.by} cannot approve it; "
                "someone else must check it",
            )
    stamp = (at if at.tzinfo else at.astimezone()).replace(microsecond=0)
    made = Move(to, by, stamp, note.strip(), answers)
    assessment.review.moves.append(made)
    return made


def approval_holds(assessment: Assessment, answers: str) -> bool:
    """True when the assessment is approved and its answers, whose fingerprint is
    `answers`, are the ones approved."""
    if status_of(assessment) != APPROVED:
        return False
    approval = last_move(assessment, APPROVED)
    return approval is not None and (not approval.answers or approval.answers == answers)
