"""The drafts folder: `eqia list`, `eqia restore` (recovery copies) and `eqia clean` (files
left by a save that was cut short)."""

from __future__ import annotations

import argparse
import sys
import textwrap
from pathlib import Path

from eqia_tui.cli.commands import Handler
from eqia_tui.cli.home import require_home
from eqia_tui.cli.output import OK, one, print_json
from eqia_tui.cli.targets import open_store
from eqia_tui.core.disk.draft_lock import DraftLock
from eqia_tui.core.disk.files import atomic_write, parse_toml, reason, write_reason
from eqia_tui.core.model.statuses import STATUS_WORDS
from eqia_tui.core.storage.recovery import (
    clean,
    copies,
    keep_copy,
    leftovers,
    recovery_dir,
)
from eqia_tui.core.storage.summary import DraftSummary
from eqia_tui.core.text import dates
from eqia_tui.core.text.problems import BadInput


def list_drafts(home: Path, args: argparse.Namespace) -> int:
    require_home(home, args)
    store = open_store(home)
    summaries = store.summaries(parallel=True)
    if args.status:
        summaries = [s for s in summaries if not s.error and s.review_status == args.status]
    _note_leftovers(store.drafts)
    if args.json:
        rows = [
            {
                "id": s.id,
                "title": s.title,
                "questionnaire": s.questionnaire,
                "updated": s.updated.isoformat() if s.updated else None,
                "progress": s.progress,
                "suggested_rating": s.suggested_rating,
                "suggestion_complete": s.suggestion_complete,
                "review_status": None if s.error else s.review_status,
                "review": None if s.error else s.review_words,
                "open_comments": s.open_comments,
                **({"error": s.error} if s.error else {}),
            }
            for s in summaries
        ]
        print_json(rows)
        return OK
    if not summaries:
        if args.status:
            print(f"No drafts in {store.drafts} are {STATUS_WORDS[args.status].lower()}.")
        else:
            print(f'No drafts in {store.drafts}. Start one with: eqia new --title "..."')
        return OK
    for s in summaries:
        for line in _summary_lines(s):
            print(line)
    return OK


def _summary_lines(s: DraftSummary) -> list[str]:
    """A draft in the list: its id and title, then what it holds and where its review is."""
    if s.error:
        return [f"{one(s.id):<32} broken: {one(s.error)}"]
    rating = s.suggested_rating or "-"
    if not s.suggestion_started:
        rating = "not yet: nothing screened"
    elif not s.suggestion_complete:
        rating += " so far"
    held = [one(s.questionnaire)]
    if s.updated:
        held.append(f"saved {dates.day_and_time(s.updated)}")
    held += [f"{s.progress}% answered", f"suggested {one(rating)}"]
    review = [f"Review: {one(s.review_words)}"]
    if s.open_comments:
        noun = "comment" if s.open_comments == 1 else "comments"
        review.append(f"{s.open_comments} open {noun}")
    return [
        _cut(f"{s.id}  {one(s.title)}".rstrip()),
        *_folded(held, ", "),
        *_folded(review, "; "),
    ]


WIDTH = 80
"""The list fits this many columns: a long title is cut, other lines are folded."""
INDENT, MORE = "    ", "      "


def _cut(line: str) -> str:
    return line if len(line) <= WIDTH else line[: WIDTH - 3] + "..."


def _folded(parts: list[str], joiner: str) -> list[str]:
    """`parts` joined by `joiner`, folded between parts to fit WIDTH columns (and between
    words when one part alone is too long)."""
    lines = [INDENT + parts[0]]
    for part in parts[1:]:
        if len(lines[-1]) + len(joiner) + len(part) <= WIDTH:
            lines[-1] += joiner + part
        else:
            lines[-1] += joiner.rstrip()
            lines.append(MORE + part)
    return [
        folded
        for line in lines
        for folded in textwrap.wrap(
            line, WIDTH, initial_indent="", subsequent_indent=MORE, break_on_hyphens=False
        )
        or [line]
    ]


def _note_leftovers(drafts: Path) -> None:
    """A note on standard error when a save cut short left files in the drafts folder."""
    found = leftovers(drafts)
    if not found:
        return
    count = len(found)
    files = "file was" if count == 1 else "files were"
    newer = sum(1 for f in found if f.newer)
    kept = (
        f" ({newer} newer than {'its draft' if newer == 1 else 'their drafts'}: eqia clean "
        f"keeps {'it' if newer == 1 else 'them'} as a recovery copy)"
        if newer
        else ""
    )
    print(
        f"note: {count} temporary {files} left in {drafts} by a save that was cut short. "
        f"Remove {'it' if count == 1 else 'them'} with: eqia clean{kept}",
        file=sys.stderr,
    )


def clean_drafts(home: Path, args: argparse.Namespace) -> int:
    require_home(home, args)
    store = open_store(home)
    found = leftovers(store.drafts)
    try:
        removed, kept = clean(found, home)
    except OSError as error:
        where = error.filename if isinstance(error.filename, str) else str(store.drafts)
        raise BadInput.one(where, "", f"cannot be removed: {reason(error)}") from None
    left = [f.path for f in found if f.path.exists()]
    if not removed and not left:
        print(f"Nothing to clean in {store.drafts}.")
        return OK
    if removed:
        noun = "file" if removed == 1 else "files"
        print(f"Removed {removed} temporary {noun} from {store.drafts}.")
    if kept:
        print(
            f"{kept} of them newer than its draft: kept as a recovery copy. "
            "See it with: eqia restore ID"
        )
    if left:
        # Newer than a draft whose name is not an id: no recovery folder can be named after it.
        single = len(left) == 1
        it, they = ("it", "it is") if single else ("them", "they are")
        print(
            f"Left {len(left)} temporary file{'' if single else 's'} in {store.drafts}: {they} "
            f"newer than {'its draft' if single else 'their drafts'}, whose name is not an id, "
            f"so {they.split()[0]} cannot be kept as a recovery copy. Copy what you need from "
            f"{it} in an editor, then delete {it}:"
        )
        for path in left:
            print(f"  {one(str(path))}")
    return OK


def restore(home: Path, args: argparse.Namespace) -> int:
    require_home(home, args)
    store = open_store(home)
    assessment_id: str = args.assessment_id
    path = store.path_for(assessment_id)  # a valid id, or exit 2
    found = copies(home, assessment_id)
    folder = recovery_dir(home, assessment_id)
    if args.number is None:
        if not found:
            print(f"No recovery copies of {assessment_id} in {folder}.")
            return OK
        for copy in found:
            made = dates.day_and_time(dates.local(copy.made), seconds=True)
            print(f"{copy.number:>3}  {made}  {copy.size:>9,} bytes  {one(copy.title)}")
        print(f"Bring one back with: eqia restore {assessment_id} N", file=sys.stderr)
        return OK
    chosen = next((c for c in found if c.number == args.number), None)
    if chosen is None:
        allowed = f"choose 1 to {len(found)}" if found else "there are none"
        raise BadInput.one(folder, "", f"there is no recovery copy {args.number}: {allowed}")
    _put_back(home, path, chosen.path)
    made = dates.day_and_time(dates.local(chosen.made), seconds=True)
    print(
        f"Brought back copy {chosen.number} of {assessment_id}, from {made}. The draft as it "
        f"was is now copy 1: eqia restore {assessment_id} lists it."
    )
    return OK


def _put_back(home: Path, path: Path, copy: Path) -> None:
    """Put `copy` in place of the draft at `path`, keeping the draft as a recovery copy first.
    Refused while a window has the draft open."""
    data = copy.read_bytes()
    try:
        parse_toml(data, copy)
    except BadInput:
        raise BadInput.one(
            copy,
            "",
            "is not a whole assessment file (a save cut short may have left it): "
            "open it in an editor and copy what you need",
        ) from None
    lock = DraftLock(path)
    try:
        holder = lock.acquire()
    except OSError as error:
        raise BadInput.one(path, "", f"cannot be written: {write_reason(error, path)}") from None
    if holder is not None:
        raise BadInput.one(
            path, "", f"is open in eqia ({holder.words()}): close it there, then restore"
        )
    try:
        current = path.read_bytes() if path.exists() else None
        if current is not None and current != data:
            keep_copy(home, path.stem, current)
        atomic_write(path, data)
    except OSError as error:
        raise BadInput.one(path, "", f"cannot be written: {write_reason(error, path)}") from None
    finally:
        lock.release()


HANDLERS: dict[str, Handler] = {"list": list_drafts, "restore": restore, "clean": clean_drafts}
