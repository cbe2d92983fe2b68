"""After the answers: `eqia history` (the versions saved, and the moves of the review),
`eqia verify` (unchanged since sign-off?) and `eqia due` (reviews and actions due or
overdue, across every draft)."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from eqia_tui.cli.commands import Handler
from eqia_tui.cli.home import require_home
from eqia_tui.cli.output import FOUND_PROBLEMS, OK, one, print_json
from eqia_tui.cli.targets import load_target, open_store
from eqia_tui.core.model.assessment.review_record import Move
from eqia_tui.core.model.statuses import STATUS_WORDS
from eqia_tui.core.review.fingerprint import FINGERPRINT_NOTE, verify
from eqia_tui.core.review.history import versions
from eqia_tui.core.review.status import status_of
from eqia_tui.core.storage.store import due_items
from eqia_tui.core.text import dates
from eqia_tui.core.text.problems import BadInput


def history(home: Path, args: argparse.Namespace) -> int:
    assessment = load_target(home, args).assessment
    rows = versions(assessment)
    moves = assessment.review.moves
    if args.json:
        print_json(
            {
                "versions": [
                    {
                        "version": v.version,
                        "author": v.author,
                        "date": v.date.isoformat() if v.date else None,
                        "comment": v.comment,
                    }
                    for v in rows
                ],
                "status": status_of(assessment),
                "review": [_move_dict(m) for m in moves],
            },
            ascii_only=False,
        )
        return OK
    if rows:
        print(f"{one(assessment.title)}: version history")
        _table(
            [("Version", "Author", "Date", "Comment")]
            + [(one(v.version), one(v.author), v.date_text, one(v.comment)) for v in rows]
        )
    else:
        print(
            f"{one(assessment.title)}: no versions recorded yet. "
            "Save a version in the app to start the history."
        )
    if moves:
        print()
        print("Review")
        _table(
            [("Status", "By", "When", "Note")]
            + [
                (
                    STATUS_WORDS.get(m.status, one(m.status)),
                    one(m.by),
                    dates.day_and_time(dates.local(m.at)),
                    one(m.note),
                )
                for m in moves
            ]
        )
    return OK


def _table(table: list[tuple[str, str, str, str]]) -> None:
    """Rows in columns, the last one as long as it needs."""
    widths = [max(len(row[i]) for row in table) for i in range(3)]
    for row in table:
        cells = [cell.ljust(width) for cell, width in zip(row[:3], widths, strict=True)]
        print("  ".join([*cells, row[3]]).rstrip())


def _move_dict(move: Move) -> dict[str, str | None]:
    """A move of the review status as `eqia history --json` gives it."""
    return {
        "status": move.status,
        "words": STATUS_WORDS.get(move.status, move.status),
        "by": move.by,
        "at": move.at.isoformat(),
        "note": move.note or None,
    }


def verify_command(home: Path, args: argparse.Namespace) -> int:
    loaded = load_target(home, args)
    assessment = loaded.assessment
    result = verify(loaded.questionnaire, assessment)
    if not result.signed:
        raise BadInput.one(args.target, "", "is not signed off, so there is nothing to verify")
    if result.problem:
        raise BadInput.one(args.target, "", f"the sign-off cannot be checked: {result.problem}")
    # Verify answers "unchanged since sign-off?" only; `eqia check` says whether the
    # assessment still passes today (a review date may have passed since).
    title, signature = one(assessment.title), one(result.signature_text())
    if result.ok:
        print(f"{title}: unchanged since {signature}.")
    else:
        print(f"{title}: {result.what_changed()} changed since {signature}:")
        for change in result.changes:
            print(f"  {one(change.line())}")
    for line in result.waiver_lines():
        print(one(line))
    # A fingerprint, not a signature: say so, so that nobody reads it as proof of who signed.
    print(FINGERPRINT_NOTE, file=sys.stderr)
    return OK if result.ok else FOUND_PROBLEMS


def due(home: Path, args: argparse.Namespace) -> int:
    require_home(home, args)
    store = open_store(home)
    today = args.today or date.today()
    skipped: list[str] = []
    items = due_items(store, today, args.within, skipped=skipped, parallel=True)
    if skipped:
        noun = (
            "draft could not be read and was"
            if len(skipped) == 1
            else "drafts could not be read and were"
        )
        print(
            f"note: {len(skipped)} {noun} skipped: {one(', '.join(skipped))}. "
            "Run eqia list to see why.",
            file=sys.stderr,
        )
    overdue = sum(1 for item in items if item.overdue)
    if args.json:
        print_json([item.as_dict() for item in items], ascii_only=False)
    elif not items:
        print(f"Nothing is overdue, and no review is due in the next {args.within} days.")
    else:
        width = max(len(item.assessment_id) for item in items)
        for item in items:
            status = "overdue" if item.overdue else "due"
            print(f"{status:<8} {item.assessment_id:<{width}}  {one(item.message)}")
        soon = len(items) - overdue
        print(f"{overdue} overdue, {soon} due in the next {args.within} days.")
    return FOUND_PROBLEMS if overdue else OK


HANDLERS: dict[str, Handler] = {"history": history, "verify": verify_command, "due": due}
