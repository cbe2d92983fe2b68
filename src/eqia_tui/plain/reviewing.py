"""Plain mode's review: comments, replies and the review status, each a word typed at any
prompt of the walk (`REVIEW_TASKS`, with a line each in `REVIEW_HELP`).

They do what the wizard's review does, through the same core functions
(`core.review.comments`, `core.review.status`, `core.signing.submit` and `approve`), on a
copy of the assessment that `PlainDraft.replace` saves at once, with the draft's lock.
Comments and moves are not answers: they can be written while the answers are read only
(in review mode, or after sign-off).

A task here is told where the walk is (`Here`): `comment` alone is about the question being
asked, `comment step` about its step, `comment all` about the whole assessment. Names come
from the settings (`tasks.your_name`): eqia does not check who anyone is.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

from eqia_tui.core.checks import check
from eqia_tui.core.model.assessment import Assessment
from eqia_tui.core.model.assessment.review_record import Comment
from eqia_tui.core.model.questionnaire import Questionnaire
from eqia_tui.core.model.statuses import (
    APPROVED,
    CHANGES_REQUESTED,
    DRAFT,
    SIGNED,
    STATUS_WORDS,
    SUBMITTED,
)
from eqia_tui.core.review import comments as notes
from eqia_tui.core.review.status import (
    VERBS,
    allowed,
    last_move,
    move,
    status_of,
    status_words,
)
from eqia_tui.core.signing import approve, is_signed, submit
from eqia_tui.core.text.dates import day_and_time, local
from eqia_tui.core.text.problems import BadInput, english_list
from eqia_tui.plain.draft import PlainDraft
from eqia_tui.plain.lines import Lines
from eqia_tui.plain.tasks import (
    Stop,
    confirm,
    in_words,
    required,
    save_copy,
    task_ends,
    text,
    where,
    your_name,
)

_COMMENT_NUMBER = re.compile(r"^(?:comment\s+)?c?(\d{1,6})$", re.IGNORECASE)


@dataclass(frozen=True)
class Here:
    """Where the walk is when a task is typed: the key path of the question asked ("" at a
    step that asks nothing) and the id of its step ("" at the summary)."""

    question: str = ""
    step: str = ""


ReviewTask = Callable[[PlainDraft, Lines, str, Here], None]
"""A review task: the draft, the lines, the rest of the command line, and where the walk is."""


# --- Words -----------------------------------------------------------------------------------


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def _when(at: datetime) -> str:
    return day_and_time(local(at), joiner=" at ")


def place_words(questionnaire: Questionnaire, assessment: Assessment, key: str) -> str:
    """Where a comment is, in words (`comments.place_words`), with its step's number, as
    `where` says it for a finding, so `jump` can take the officer there."""
    if not key:
        return "the whole assessment"
    parts = notes.key_parts(key) or []
    if len(parts) == 1:
        return f"the whole step: {where(questionnaire, assessment, key)}"
    return where(questionnaire, assessment, key)


def _number(comment: Comment) -> str:
    """A comment's number as people say it: 1 for c1."""
    return comment.id[1:] if comment.id[1:].isdigit() else comment.id


def say_comment(lines: Lines, questionnaire: Questionnaire, a: Assessment, c: Comment) -> None:
    """One comment: its number, open or resolved, where, who and when, its text, its replies."""
    state = "open" if c.is_open else "resolved"
    lines.say(
        f"Comment {_number(c)}, {state}, on {place_words(questionnaire, a, c.on)}. "
        f"From {c.by}, {_when(c.at)}:"
    )
    lines.say(c.text)
    for reply in c.replies:
        lines.say(f"Reply from {reply.by}, {_when(reply.at)}:")
        lines.say(reply.text)
    if not c.is_open and c.resolved_at is not None:
        lines.say(f"Resolved by {c.resolved_by}, {_when(c.resolved_at)}.")


def review_lines(
    questionnaire: Questionnaire, assessment: Assessment, officer: bool = True
) -> list[str]:
    """The review status and the open comments, in words, for `status` and the walk's start;
    for the `officer` (not in review mode), whether sign-off waits for an approval."""
    said = [f"Review status: {status_words(assessment)}."]
    count = len(notes.open_comments(assessment))
    if count:
        said.append(f"{_plural(count, 'open comment')}: type comments to read them.")
    elif assessment.review.comments:
        said.append("No open comments.")
    waiting = status_of(assessment) not in (APPROVED, SIGNED)
    if officer and questionnaire.review.required and waiting:
        said.append("Sign-off needs a reviewer's approval first.")
    return said


def open_here(assessment: Assessment, key: str, noun: str) -> str:
    """One line when there are open comments at or under `key`: said once, as the question
    (or step, or characteristic) is said; "" when there are none."""
    count = notes.open_counts(assessment)[key] if key else 0
    if not count:
        return ""
    if noun != "question":  # `comments here` at a question lists only that question's
        return f"{_plural(count, 'open comment')} in this {noun}."
    return f"{_plural(count, 'open comment')} on this {noun}: type comments here to read them."


def comment_id(given: str) -> str:
    """`c2`, `2` or `comment 2` as the id of the comment ("" when it names none)."""
    found = _COMMENT_NUMBER.match(given.strip())
    return f"c{int(found.group(1))}" if found else ""


def names_comment(rest: str) -> bool:
    """Whether the words after `reopen` name a comment (`reopen comment 2`), rather than
    asking to reopen the sign-off."""
    words = rest.strip().casefold()
    return words.startswith("comment") or bool(comment_id(words))


# --- Comments --------------------------------------------------------------------------------


def comments_task(draft: PlainDraft, lines: Lines, rest: str, here: Here) -> None:
    """The comments, open ones first; `comments here` only those on where the walk is."""
    q, a = draft.questionnaire, draft.assessment
    word = rest.strip().casefold()
    if word == "here":
        key = here.question or here.step
        listed = notes.comments_under(a, key) if key else notes.comments_on(a, key)
        place = place_words(q, a, key)
    elif not word:
        listed, place = notes.in_order(a), ""
    else:
        raise Stop(f'"{rest.strip()}" is not a choice: type comments, or comments here.')
    if not listed:
        lines.say(f"There are no comments on {place}." if place else "There are no comments.")
        return
    count = sum(1 for c in listed if c.is_open)
    lines.say(f"{_plural(len(listed), 'comment')}{f' on {place}' if place else ''}, {count} open:")
    for c in listed:
        lines.say()
        say_comment(lines, q, a, c)
    lines.say()
    lines.say(
        "To answer one, type reply and its number. To settle one, type resolve and its number."
    )


def comment_task(draft: PlainDraft, lines: Lines, rest: str, here: Here) -> None:
    """A new comment, on the question asked, its step (`comment step`) or the whole
    assessment (`comment all`). The text is asked."""
    q, a = draft.questionnaire, draft.assessment
    word = rest.strip().casefold()
    if word in ("", "here"):
        key = here.question or here.step
    elif word == "step":
        key = here.step
    elif word in ("all", "assessment"):
        key = ""
    else:
        raise Stop(f'"{rest.strip()}" is not a choice: type comment, comment step or comment all.')
    lines.say(f"Comment on {place_words(q, a, key)}.")
    by = your_name(lines)
    said = required(text(lines, "Your comment, on one line"))
    changed = copy.deepcopy(a)
    try:
        made = notes.add_comment(q, changed, key, by, _now(), said)
    except BadInput as error:
        raise Stop(f"Not added. {in_words(error.problems[0])}") from None
    save_copy(draft, changed)
    lines.say(f"Comment {_number(made)} added and saved.")


def _chosen(draft: PlainDraft, lines: Lines, rest: str, doing: str) -> Comment:
    """The comment `rest` names, or asked for by its number when none is given."""
    a = draft.assessment
    asked = f"Which comment do you want to {doing}? Its number"
    given = rest.strip() or required(text(lines, asked))
    wanted = comment_id(given)
    found = next((c for c in a.review.comments if c.id == wanted), None)
    if found is None:
        numbers = [_number(c) for c in a.review.comments]
        choices = f"give one of {', '.join(numbers)}" if numbers else "there are no comments yet"
        raise Stop(f'There is no comment "{given.strip()}": {choices}.')
    return found


def reply_task(draft: PlainDraft, lines: Lines, rest: str, here: Here) -> None:
    """A reply to a comment: `reply 2`. The text is asked."""
    q, a = draft.questionnaire, draft.assessment
    chosen = _chosen(draft, lines, rest, "reply to")
    say_comment(lines, q, a, chosen)
    by = your_name(lines)
    said = required(text(lines, "Your reply, on one line"))
    changed = copy.deepcopy(a)
    try:
        notes.reply(changed, chosen.id, by, _now(), said)
    except BadInput as error:
        raise Stop(f"Not added. {in_words(error.problems[0])}") from None
    save_copy(draft, changed)
    lines.say(f"Reply to comment {_number(chosen)} added and saved.")


def resolve_task(draft: PlainDraft, lines: Lines, rest: str, here: Here) -> None:
    """Mark a comment resolved: `resolve 2`."""
    chosen = _chosen(draft, lines, rest, "resolve")
    by = your_name(lines)
    changed = copy.deepcopy(draft.assessment)
    try:
        notes.resolve(changed, chosen.id, by, _now())
    except BadInput as error:
        raise Stop(f"Not resolved. {in_words(error.problems[0])}") from None
    save_copy(draft, changed)
    left = len(notes.open_comments(changed))
    lines.say(f"Comment {_number(chosen)} resolved. {_plural(left, 'open comment')} left.")


def reopen_comment_task(draft: PlainDraft, lines: Lines, rest: str, here: Here) -> None:
    """Open a resolved comment again: `reopen comment 2`."""
    chosen = _chosen(draft, lines, rest, "open again")
    changed = copy.deepcopy(draft.assessment)
    try:
        notes.open_again(changed, chosen.id)
    except BadInput as error:
        raise Stop(f"Not opened again. {in_words(error.problems[0])}") from None
    save_copy(draft, changed)
    lines.say(f"Comment {_number(chosen)} is open again.")


# --- The review status -----------------------------------------------------------------------


def _now() -> datetime:
    return datetime.now().astimezone()


def _full_stop(note: str) -> str:
    """A note ending as a sentence, so the check's counts after it read apart."""
    note = note.strip()
    return note if not note or note.endswith((".", "!", "?")) else f"{note}."


def _can_move(draft: PlainDraft, to: str, doing: str) -> None:
    """Stop, saying why and what can be done instead, when the status does not allow the
    move now."""
    a = draft.assessment
    if to in allowed(a):
        return
    if is_signed(a):
        raise Stop(f"Not {doing}: it is signed off. Type reopen to change it.")
    status = STATUS_WORDS[status_of(a)].lower()
    instead = english_list([VERBS[s] for s in allowed(a)], "or")
    raise Stop(
        f"Not {doing}: its review status is {status}, so it cannot be {doing} now. "
        f"You can {instead}."
    )


def submit_task(draft: PlainDraft, lines: Lines, rest: str, here: Here) -> None:
    """Submit for review: the check runs first, and errors are counted; `submit NOTE`."""
    q, a = draft.questionnaire, draft.assessment
    _can_move(draft, SUBMITTED, "submitted")
    by = your_name(lines)
    findings = check(q, a, date.today())
    errors = sum(1 for f in findings if f.severity == "error" and f.waiver is None)
    if errors:
        lines.say(
            f"The check finds {_plural(errors, 'error')}. Type check to hear them. "
            "You can still submit it: the reviewer is told how many there are."
        )
        if not required(confirm(lines, "Submit anyway?")):
            lines.say("Not submitted.")
            return
    changed = copy.deepcopy(a)
    try:
        submit(q, changed, by, _now(), _full_stop(rest))
    except BadInput as error:
        raise Stop(f"Not submitted. {in_words(error.problems[0])}") from None
    _say_move(draft, lines, changed)


def approve_task(draft: PlainDraft, lines: Lines, rest: str, here: Here) -> None:
    """Approve for sign-off, after a yes: `approve NOTE`."""
    q, a = draft.questionnaire, draft.assessment
    _can_move(draft, APPROVED, "approved")
    by = your_name(lines)
    still = len(notes.open_comments(a))
    if still:
        lines.say(f"{_plural(still, 'comment')} still open.")
    question = "Approve it for sign-off? The approval holds for the answers as they are now."
    if not required(confirm(lines, question)):
        lines.say("Not approved.")
        return
    changed = copy.deepcopy(a)
    try:
        approve(q, changed, by, _now(), rest)
    except BadInput as error:
        raise Stop(f"Not approved. {in_words(error.problems[0])}") from None
    _say_move(draft, lines, changed)


def changes_task(draft: PlainDraft, lines: Lines, rest: str, here: Here) -> None:
    """Ask for changes, with a note of what: `changes NOTE`, or the note is asked."""
    _can_move(draft, CHANGES_REQUESTED, "sent back for changes")
    by = your_name(lines)
    note = rest.strip() or required(text(lines, "What needs to change? On one line"))
    changed = copy.deepcopy(draft.assessment)
    try:
        move(changed, CHANGES_REQUESTED, by, _now(), note)
    except BadInput as error:
        raise Stop(f"Not sent back. {in_words(error.problems[0])}") from None
    _say_move(draft, lines, changed)


def withdraw_task(draft: PlainDraft, lines: Lines, rest: str, here: Here) -> None:
    """Take it back to draft, after a yes: `withdraw NOTE`."""
    a = draft.assessment
    if status_of(a) == DRAFT:
        raise Stop("Not withdrawn: this assessment is a draft already.")
    if is_signed(a):  # the sign-off is cleared only by reopening, which keeps a version
        raise Stop("Not withdrawn: it is signed off. Type reopen to change it.")
    _can_move(draft, DRAFT, "taken back to draft")
    by = your_name(lines)
    if not required(confirm(lines, "Take it back to draft? It will need submitting again.")):
        lines.say("Not withdrawn.")
        return
    changed = copy.deepcopy(a)
    try:
        move(changed, DRAFT, by, _now(), rest)
    except BadInput as error:
        raise Stop(f"Not withdrawn. {in_words(error.problems[0])}") from None
    _say_move(draft, lines, changed)


def _say_move(draft: PlainDraft, lines: Lines, changed: Assessment) -> None:
    """Save the move now, and say the new status and the move's note."""
    save_copy(draft, changed)
    lines.say(f"Saved. Review status: {status_words(changed)}.")
    made = last_move(changed)
    if made is not None and made.note:
        lines.say(f"Note: {made.note}")


REVIEW_TASKS: dict[str, ReviewTask] = {
    "comments": comments_task,
    "comment": comment_task,
    "reply": reply_task,
    "resolve": resolve_task,
    "submit": submit_task,
    "approve": approve_task,
    "changes": changes_task,
    "withdraw": withdraw_task,
}
"""The review's tasks, by the word that runs them. `reopen comment 2` goes to
`reopen_comment_task` (the walk chooses, as `reopen` alone reopens the sign-off)."""

REVIEW_HELP: dict[str, str] = {
    "comments": "list the comments, open ones first, with their replies; "
    "comments here lists those on this question",
    "comment": "comment on this question; comment step on this step, comment all on the "
    "whole assessment",
    "reply": "reply to a comment, as in: reply 2",
    "resolve": "mark a comment resolved, as in: resolve 2",
    "reopen comment": "open a comment again once it is resolved, as in: reopen comment 2",
    "submit": "send it to the reviewers; the check runs first",
    "approve": "as a reviewer, approve it for sign-off",
    "changes": "as a reviewer, send it back with a note of the changes needed",
    "withdraw": "take it back to draft",
}
"""What each review task does, in a line for the walk's help."""


def run_review_task(word: str, draft: PlainDraft, lines: Lines, rest: str, here: Here) -> None:
    """Run a review task (or `reopen comment N`), saying why it cannot be done."""
    task = reopen_comment_task if word == "reopen" else REVIEW_TASKS[word]
    with task_ends(lines):
        task(draft, lines, rest, here)
