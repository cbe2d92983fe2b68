"""The record around the answers, as parts of the document view: the version history, the
sign-off (who signed, whether the answers changed since, the errors waived) and the review
(the status and its moves, and the comments with their replies and who resolved them)."""

from __future__ import annotations

from datetime import datetime

from eqia_tui.core.model.assessment import Assessment
from eqia_tui.core.model.assessment.review_record import Comment
from eqia_tui.core.model.questionnaire import Questionnaire
from eqia_tui.core.model.statuses import DRAFT, STATUS_WORDS
from eqia_tui.core.review.comments import in_order, place_words
from eqia_tui.core.review.fingerprint import change_name, verify
from eqia_tui.core.review.status import status_words
from eqia_tui.core.review.waivers import waivers_of
from eqia_tui.core.text.dates import day_and_time, local
from eqia_tui.core.text.problems import english_list
from eqia_tui.exports.document import (
    Cell,
    Field,
    Heading,
    Item,
    Note,
    Part,
    Table,
    date_words,
)


def history_part(assessment: Assessment) -> Part:
    rows = [
        [
            Cell(str(entry.get("version", ""))),
            Cell(str(entry.get("author", ""))),
            Cell(date_words(entry.get("date"))),
            Cell(str(entry.get("comment", ""))),
        ]
        for entry in assessment.history
        if isinstance(entry, dict)
    ]
    table = Table(
        key="history",
        caption="Version history",
        columns=["Version", "Author", "Date", "Comment"],
        rows=rows,
        empty_text="No versions recorded yet.",
        weights=[1.0, 1.5, 1.2, 4.0],
    )
    return Part("history", "Version history", [table])


def signed_part(questionnaire: Questionnaire, assessment: Assessment) -> Part | None:
    """Who signed the answers off, whether they changed since and the errors waived at
    sign-off, with the reasons; None when not signed."""
    signed = assessment.signed
    if not signed:
        return None
    fields: list[Item] = [
        Field("signed.by", "Signed off by", Cell(str(signed.get("by", "")))),
        Field("signed.at", "Signed off on", Cell(date_words(signed.get("at")))),
    ]
    if signed.get("version"):
        fields.append(Field("signed.version", "Version signed", Cell(str(signed["version"]))))
    if signed.get("sha256"):
        fields.append(
            Field(
                "signed.sha256",
                "Fingerprint of what was signed (it shows later changes, not who signed)",
                Cell(str(signed["sha256"])),
            )
        )
    changed = changed_since_signed(questionnaire, assessment)
    if changed is not None:
        named = [change_name(key) for key in changed]
        text = (
            "No: the answers are the same as when they were signed off."
            if not changed
            else f"Yes: {english_list(named)} changed after sign-off."
        )
        fields.append(Field("signed.changed", "Changed since sign-off", Cell(text), long=True))
    waivers = waivers_of(signed)
    if waivers:
        fields.append(
            Table(
                key="signed.waivers",
                caption="Errors waived at sign-off",
                columns=[
                    "What the check found",
                    "Reason for signing off despite it",
                    "Waived by",
                    "Date",
                ],
                rows=[
                    [
                        Cell(w.message or f"{w.finding} at {w.key}"),
                        Cell(w.reason),
                        Cell(w.by),
                        Cell(date_words(w.at.date())),
                    ]
                    for w in waivers
                ],
                weights=[3.0, 3.0, 1.5, 1.2],
            )
        )
    return Part("signed", "Sign-off record", fields)


def changed_since_signed(questionnaire: Questionnaire, assessment: Assessment) -> list[str] | None:
    """Key paths changed since sign-off; None when not signed or it cannot be checked here."""
    if not assessment.signed:
        return None
    result = verify(questionnaire, assessment)
    if not result.signed:
        return None
    changed = list(result.changed)
    if not changed and not result.ok:
        return ["the answers"]
    return changed


# --- The review ---------------------------------------------------------------------------------

MOVE_WORDS = {**STATUS_WORDS, DRAFT: "Back to draft"}
"""A move as the status history names it: a move to draft takes the assessment back."""

NAMES_NOTE = "Names are as each person gave them. The tool does not check who anyone is."
LEFT_OUT = (
    "The comments are left out of this copy. The status history above shows that the "
    "review took place."
)


REVIEW_HEADINGS = ("What", "Details")
"""The review's label and answer columns are not questions and answers."""


def when_words(at: datetime) -> str:
    """A moment of the review on this computer's clock: 10/08/2015 at 11:05."""
    return day_and_time(local(at), joiner=" at ")


def review_words(assessment: Assessment) -> str:
    """The review status now, with who moved it there and when: "Changes requested by Jordan
    Hale on 11/08/2015"; "" when the file has no review record."""
    return status_words(assessment, day=date_words) if assessment.review else ""


def review_part(
    questionnaire: Questionnaire, assessment: Assessment, comments: bool = True
) -> Part | None:
    """The review: the status now, each move of it, then each comment (open ones first) with
    where it is, who wrote it and when, its replies and who resolved it. Without `comments`,
    a note says they are left out. None when the file has no review record."""
    record = assessment.review
    if not record:
        return None
    items: list[Item] = [
        Field("review.status", "Review status", Cell(review_words(assessment))),
    ]
    if comments and record.comments:
        still_open = sum(1 for c in record.comments if c.is_open)
        items.append(
            Field("review.open", "Open comments", Cell(f"{still_open} of {len(record.comments)}"))
        )
    items.append(Note("review.names", NAMES_NOTE))
    items.append(
        Table(
            key="review.moves",
            caption="Status history",
            columns=["Status", "By", "When", "Note"],
            rows=[
                [Cell(MOVE_WORDS[m.status]), Cell(m.by), Cell(when_words(m.at)), Cell(m.note)]
                for m in record.moves
            ],
            empty_text="No moves of the review status recorded yet.",
            weights=[1.5, 1.5, 2.3, 3.4],
        )
    )
    items.append(Heading("review.comments", "Comments"))
    if not comments:
        items.append(Note("review.comments.left_out", LEFT_OUT))
        return Part("review", "Review", items, headings=REVIEW_HEADINGS)
    if not record.comments:
        items.append(Note("review.comments.none", "No comments."))
    for comment in in_order(assessment):
        items.extend(_comment(questionnaire, assessment, comment))
    return Part("review", "Review", items, headings=REVIEW_HEADINGS)


def _comment(questionnaire: Questionnaire, assessment: Assessment, comment: Comment) -> list[Item]:
    key = f"review.comments.{comment.id}"
    if comment.is_open:
        state = Cell("Open: not resolved yet", tone="medium")
    else:
        at = comment.resolved_at
        when = f" on {when_words(at)}" if at is not None else ""
        state = Cell(f"Resolved by {comment.resolved_by}{when}")
    items: list[Item] = [
        Heading(key, f"Comment {comment.id}: {'Open' if comment.is_open else 'Resolved'}", 2),
        Field(f"{key}.state", "State", state),
        Field(f"{key}.on", "About", Cell(place_words(questionnaire, assessment, comment.on))),
        Field(f"{key}.by", "Written by", Cell(f"{comment.by} on {when_words(comment.at)}")),
        Field(f"{key}.text", "Comment", Cell(comment.text), long=True),
    ]
    items += [
        Field(
            f"{key}.replies[{index}]",
            f"Reply from {reply.by} on {when_words(reply.at)}",
            Cell(reply.text),
            long=True,
        )
        for index, reply in enumerate(comment.replies)
    ]
    return items
