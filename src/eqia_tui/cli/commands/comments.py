"""`eqia comments`: the equality group's comments on an assessment, open ones first, each
with where it is, who wrote it, when, its text and its replies. Read only: comments are
written in the app or in plain mode (`eqia review`), which hold the draft's lock.

Every text from the file is printed through `safe_text.shown`: a comment or a name with an
escape sequence in it is shown, never acted on. `--json` keeps the text exactly as stored
(its unsafe characters written as \\uXXXX escapes), so a program reads back what the file says.
"""

from __future__ import annotations

import argparse
import textwrap
from datetime import datetime
from pathlib import Path
from typing import Any

from eqia_tui.cli.commands import Handler
from eqia_tui.cli.output import OK, one, print_json
from eqia_tui.cli.targets import load_target
from eqia_tui.core.model import rows
from eqia_tui.core.model.assessment import Assessment
from eqia_tui.core.model.assessment.review_record import Comment
from eqia_tui.core.model.questionnaire import Questionnaire
from eqia_tui.core.review.comments import in_order, place_words
from eqia_tui.core.review.status import status_words
from eqia_tui.core.text import dates
from eqia_tui.core.text.safe_text import shown

WHOLE = "the whole assessment"
INDENT = "    "
WIDTH = 80
"""The text is folded between words to fit this many columns."""


def _words(questionnaire: Questionnaire, text: str) -> str:
    return rows.one_line(questionnaire.words(text))


def _when(at: datetime) -> str:
    return dates.day_and_time(dates.local(at), joiner=" at ")


def _iso(at: datetime | None) -> str | None:
    return at.isoformat() if at is not None else None


def as_dict(
    questionnaire: Questionnaire, assessment: Assessment, comment: Comment
) -> dict[str, Any]:
    """A comment as `--json` gives it (see docs/format.md, `eqia comments`)."""
    return {
        "id": comment.id,
        "on": comment.on,
        "place": place_words(questionnaire, assessment, comment.on),
        "by": comment.by,
        "at": _iso(comment.at),
        "text": comment.text,
        "open": comment.is_open,
        "resolved_by": comment.resolved_by or None,
        "resolved_at": _iso(comment.resolved_at),
        "replies": [
            {"by": reply.by, "at": _iso(reply.at), "text": reply.text} for reply in comment.replies
        ],
    }


def comments(home: Path, args: argparse.Namespace) -> int:
    loaded = load_target(home, args)
    questionnaire, assessment = loaded.questionnaire, loaded.assessment
    every = in_order(assessment)
    shown_here = [c for c in every if c.is_open] if args.open else every
    if args.json:
        print_json([as_dict(questionnaire, assessment, c) for c in shown_here], ascii_only=False)
        return OK
    still_open = sum(1 for c in every if c.is_open)
    print(f"{one(assessment.title)}: {_counts(len(every), still_open)}")
    print(f"Review status: {one(status_words(assessment))}.")
    if not shown_here:
        return OK
    for comment in shown_here:
        print()
        for line in _lines(questionnaire, assessment, comment):
            print(line)
    return OK


def _counts(total: int, still_open: int) -> str:
    if not total:
        return "no comments."
    noun = "comment" if total == 1 else "comments"
    return f"{total} {noun}, {still_open} open."


def _lines(questionnaire: Questionnaire, assessment: Assessment, comment: Comment) -> list[str]:
    """A comment as text: its id and state, where it is, who wrote it and when, its text,
    and its replies indented below it."""
    if comment.is_open:
        state = "open"
    else:
        resolved_at = comment.resolved_at
        when = f" on {_when(resolved_at)}" if resolved_at is not None else ""
        state = f"resolved by {one(comment.resolved_by)}{when}"
    where = one(place_words(questionnaire, assessment, comment.on, sentence=True))
    key = f" ({one(comment.on)})" if comment.on else ""
    out = [
        f"{one(comment.id)}  {state}",
        *_wrapped(f"On {where}{key}.", INDENT),
        *_wrapped(f"{one(comment.by)} wrote on {_when(comment.at)}:", INDENT),
        *_text(comment.text, INDENT + "  "),
    ]
    for reply in comment.replies:
        out.extend(_wrapped(f"{one(reply.by)} replied on {_when(reply.at)}:", INDENT * 2))
        out.extend(_text(reply.text, INDENT * 2 + "  "))
    return out


def _text(text: str, indent: str) -> list[str]:
    """Text from the file over as many lines as it has, each indented, none acted on."""
    out: list[str] = []
    for line in shown(text, lines=True).split("\n"):
        out.extend(_wrapped(line, indent) or [""])
    return out


def _wrapped(line: str, indent: str) -> list[str]:
    """One line of safe text, folded to fit WIDTH columns between words."""
    return textwrap.wrap(
        line,
        WIDTH,
        initial_indent=indent,
        subsequent_indent=indent,
        break_long_words=False,
        break_on_hyphens=False,
    )


HANDLERS: dict[str, Handler] = {"comments": comments}
