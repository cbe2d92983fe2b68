"""Comments on an assessment: add, reply, resolve, open again, and where the open ones are.

A comment is about a key path, written as `eqia check` writes them: a question
(`details.title`), a characteristic's row in a grid (`screening.age`) or one of its answers
(`screening.age.negative_impact`), an action (`action_plan.actions[0]`) or one of its cells,
a whole step (a section id such as `screening`), or the whole assessment (an empty path).
Comments are kept in `[review_record]` (`model.assessment.review_record`), never in the answers.
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import datetime

from eqia_tui.core.model.assessment import Assessment
from eqia_tui.core.model.assessment.review_record import WHOLE_ASSESSMENT, Comment, Reply
from eqia_tui.core.model.questionnaire import Questionnaire, TableQuestion
from eqia_tui.core.model.rows import row_name
from eqia_tui.core.text.problems import BadInput, format_key

_PART = re.compile(r"^([a-z0-9_]+)((?:\[\d{1,6}\])*)$")


def key_parts(key: str) -> list[str | int] | None:
    """`action_plan.actions[0].cost` -> ["action_plan", "actions", 0, "cost"]; None when
    it is not a key path."""
    if not key:
        return []
    parts: list[str | int] = []
    for piece in key.split("."):
        match = _PART.match(piece)
        if match is None:
            return None
        parts.append(match.group(1))
        parts.extend(int(i) for i in re.findall(r"\d+", match.group(2)))
    return parts


def target_problem(questionnaire: Questionnaire, key: str) -> str | None:
    """What is wrong with `key` as the place for a comment, or None when it names a step,
    a question, a characteristic's row or answer, or a row or cell of a table."""
    parts = key_parts(key)
    if parts is None:
        return "is not a key path: write it as eqia check does, such as screening.age"
    if not parts:
        return None
    section = questionnaire.section(str(parts[0]))
    if section is None:
        return (
            f"names no step of {questionnaire.id}: use a section id such as {_first(questionnaire)}"
        )
    rest = parts[1:]
    if section.per_characteristic and rest:
        if questionnaire.characteristic(str(rest[0])) is None:
            return "names no characteristic of the questionnaire"
        rest = rest[1:]
    if not rest:
        return None
    question = section.question(str(rest[0]))
    if question is None:
        return f"names no question of the step {section.id}"
    rest = rest[1:]
    if not rest:
        return None
    if not isinstance(question, TableQuestion) or not isinstance(rest[0], int):
        return "goes deeper than a question: only a table has rows, written as actions[0]"
    rest = rest[1:]
    if not rest:
        return None
    if len(rest) == 1 and any(c.id == rest[0] for c in question.columns):
        return None
    return f"names no column of the table {question.id}"


def _first(questionnaire: Questionnaire) -> str:
    return questionnaire.sections[0].id


def next_id(assessment: Assessment) -> str:
    """The next free comment id: one more than the highest, so ids are never reused."""
    numbers = [int(c.id[1:]) for c in assessment.review.comments if c.id[1:].isdigit()]
    return f"c{max(numbers, default=0) + 1}"


def find(assessment: Assessment, comment_id: str) -> Comment:
    for comment in assessment.review.comments:
        if comment.id == comment_id:
            return comment
    raise BadInput.one(assessment.id, "review_record.comments", f"has no comment {comment_id}")


def _stamp(at: datetime) -> datetime:
    return (at if at.tzinfo else at.astimezone()).replace(microsecond=0)


def _words(assessment: Assessment, what: str, text: str, by: str) -> tuple[str, str]:
    text, by = text.strip(), by.strip()
    if not by:
        raise BadInput.one(
            assessment.id, "review_record", "give your name (it is remembered in config.toml)"
        )
    if not text:
        raise BadInput.one(
            assessment.id, "review_record.comments", f"write the {what}: it is empty"
        )
    return text, by


def add_comment(
    questionnaire: Questionnaire,
    assessment: Assessment,
    on: str,
    by: str,
    at: datetime,
    text: str,
) -> Comment:
    """Add an open comment about `on` (see the module's note). Raises BadInput when `on`
    names nothing in the questionnaire, or the name or the text is empty."""
    problem = target_problem(questionnaire, on)
    if problem is not None:
        raise BadInput.one(assessment.id, on, problem)
    text, by = _words(assessment, "comment", text, by)
    comment = Comment(next_id(assessment), by, _stamp(at), text, on or WHOLE_ASSESSMENT)
    assessment.review.comments.append(comment)
    return comment


def reply(assessment: Assessment, comment_id: str, by: str, at: datetime, text: str) -> Reply:
    """Add a reply to a comment's thread (resolved or not)."""
    comment = find(assessment, comment_id)
    text, by = _words(assessment, "reply", text, by)
    made = Reply(by, _stamp(at), text)
    comment.replies.append(made)
    return made


def resolve(assessment: Assessment, comment_id: str, by: str, at: datetime) -> Comment:
    """Mark a comment resolved, with who and when. Raises BadInput when it is already."""
    comment = find(assessment, comment_id)
    by = by.strip()
    if not by:
        raise BadInput.one(
            assessment.id, "review_record", "give your name (it is remembered in config.toml)"
        )
    if not comment.is_open:
        raise BadInput.one(
            assessment.id, comment_id, f"was resolved already by {comment.resolved_by}"
        )
    comment.resolved_by = by
    comment.resolved_at = _stamp(at)
    return comment


def open_again(assessment: Assessment, comment_id: str) -> Comment:
    """Open a resolved comment again (who resolved it is cleared; its replies stay)."""
    comment = find(assessment, comment_id)
    if comment.is_open:
        raise BadInput.one(assessment.id, comment_id, "is open already")
    comment.resolved_by = ""
    comment.resolved_at = None
    return comment


def open_comments(assessment: Assessment) -> list[Comment]:
    return [c for c in assessment.review.comments if c.is_open]


def in_order(assessment: Assessment) -> list[Comment]:
    """Open comments first, then resolved ones, each in the order written."""
    comments = assessment.review.comments
    return [c for c in comments if c.is_open] + [c for c in comments if not c.is_open]


def prefixes(key: str) -> list[str]:
    """Every key path that contains `key`, itself included:
    `screening.age.negative_impact` -> screening, screening.age, screening.age.negative_impact."""
    parts = key_parts(key) or []
    return [format_key(parts[:n]) for n in range(1, len(parts) + 1)]


def open_counts(assessment: Assessment) -> Counter[str]:
    """How many open comments are at or under each key path, so a step, a row and a
    question can each show a mark. The whole assessment counts under the empty path."""
    counts: Counter[str] = Counter()
    for comment in open_comments(assessment):
        counts[WHOLE_ASSESSMENT] += 1
        for key in prefixes(comment.on):
            counts[key] += 1
    return counts


def comments_on(assessment: Assessment, key: str) -> list[Comment]:
    """The comments about `key` itself (not those under it), open ones first."""
    return [c for c in in_order(assessment) if c.on == key]


def comments_under(assessment: Assessment, key: str) -> list[Comment]:
    """The comments about `key` or anything under it, open ones first."""
    return [c for c in in_order(assessment) if key in prefixes(c.on) or c.on == key]


def place_words(
    questionnaire: Questionnaire, assessment: Assessment, key: str, sentence: bool = False
) -> str:
    """Where a comment is, in words, the one way every screen, command and document says it:
    "The whole assessment", "The whole step: Screening grid", "Screening grid: Religion or
    belief: Negative impact", 'Action plan: Action 3 ("The council has no digital
    strategy."): Owner'. A key path that names nothing in the questionnaire (it changed
    since) is given as it is. With `sentence`, it reads inside a sentence ("the whole
    assessment")."""
    words = _place(questionnaire, assessment, key)
    if sentence and words.startswith("The whole"):
        return "t" + words[1:]
    return words


def _place(questionnaire: Questionnaire, assessment: Assessment, key: str) -> str:
    if not key:
        return "The whole assessment"
    parts = key_parts(key)
    section = questionnaire.section(str(parts[0])) if parts else None
    if parts is None or section is None:
        return key
    rest = parts[1:]
    if not rest:
        return f"The whole step: {section.title}"
    words = [section.title]
    row_of = ""
    if section.per_characteristic:
        row_of = str(rest[0])
        found = questionnaire.characteristic(row_of)
        words.append(found.label if found else row_of)
        rest = rest[1:]
    if not rest:
        return ": ".join(words)
    question = section.question(str(rest[0]))
    if question is None:
        return key
    if not isinstance(question, TableQuestion) or len(section.questions) > 1:
        words.append(questionnaire.words(question.title))
    rest = rest[1:]
    if isinstance(question, TableQuestion) and rest and isinstance(rest[0], int):
        value = assessment.get(section.id, question.id, row_of or None)
        index = rest[0]
        row = value[index] if isinstance(value, list) and index < len(value) else None
        words.append(row_name(question, index, row if isinstance(row, dict) else {}))
        column = next((c for c in question.columns if len(rest) > 1 and c.id == rest[1]), None)
        if column is not None:
            words.append(questionnaire.words(column.title))
    return ": ".join(words)


def export_choice_words(assessment: Assessment) -> str:
    """What an export of a document to read asks when the assessment has comments: keep
    them, or leave them out of a copy to publish (the app and plain mode ask the same)."""
    comments = assessment.review.comments
    still_open = sum(1 for c in comments if c.is_open)
    one = len(comments) == 1
    count = f"{len(comments)} comment{'' if one else 's'}"
    them = "it" if one else "them"
    return (
        f"This assessment has {count} from its review, {still_open or 'none'} still open. "
        f"Keep {them} in the export, or leave {them} out of a copy to publish. The history "
        "of the review status stays in either way."
    )
