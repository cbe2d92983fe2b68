"""What keeps a finished assessment current: a review date that is set and has not passed,
and a sign-off that still matches the answers (its fingerprint, see `review.fingerprint`)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from eqia_tui.core.checks import naming
from eqia_tui.core.checks.context import Context
from eqia_tui.core.checks.findings import Finding
from eqia_tui.core.model.assessment import question_asked
from eqia_tui.core.model.roles import review_date
from eqia_tui.core.review.fingerprint import change_name, verify
from eqia_tui.core.text import dates
from eqia_tui.core.text.problems import english_list

MOST_CHANGES_NAMED = 5
"""`changed-since-signed` names this many changes at most, then says how many more."""


def review_date_set_and_ahead(ctx: Context) -> Iterator[Finding]:
    """`no-review-date` when the review date is empty, `review-date-passed` when it is before
    the day of the check."""
    found = review_date(ctx.q)
    if found is None:
        return
    section, question = found
    answers = ctx.a.answers.get(section.id, {})
    if not ctx.asked(section) or not question_asked(ctx.q, ctx.a, section, question, answers):
        return
    value = answers.get(question.id)
    key = f"{section.id}.{question.id}"
    if not isinstance(value, date):
        yield Finding(
            "no-review-date",
            "error",
            key,
            f"{ctx.name(question)} is empty, so nobody will know when to look at this "
            "assessment again.",
            naming.how_to_answer(ctx.q, question),
        )
    elif value < ctx.today:
        yield Finding(
            "review-date-passed",
            "error",
            key,
            f"The review date, {dates.day(value)}, has passed.",
            "Review the assessment against what has changed since, then set the next review date.",
        )


def changed_since_signed(ctx: Context) -> Iterator[Finding]:
    if not ctx.a.signed:
        return
    result = verify(ctx.q, ctx.a)
    if not result.signed or result.ok:
        return
    parts = {
        "signed.waivers": "the waivers recorded at sign-off",
        "questionnaire": f"the questionnaire ({ctx.q.id} {ctx.q.version})",
    }
    changed = [
        parts.get(c.key)
        or (naming.key_in_words(ctx.q, c.key) if c.is_answer else change_name(c.key))
        for c in result.changes
        if c.key != "answers"
    ]
    most = MOST_CHANGES_NAMED
    extra = [f"{len(changed) - most} more"] if len(changed) > most else []
    what = f" These changed: {english_list(changed[:most] + extra)}." if changed else ""
    if any(c.is_answer for c in result.changes):
        lead, fix = "The answers are not the ones that were signed off.", "the signed answers"
    else:  # who signed, when, the version, the waivers or the questionnaire
        lead, fix = "The sign-off is not the one that was made.", "what changed"
    yield Finding(
        "changed-since-signed",
        "error",
        "signed",
        f"{lead}{what}",
        f"Have the assessment signed off again, or put {fix} back.",
    )
