"""`eqia new`, `eqia open` and `eqia review`: make or find the draft and check it, then open
it in the app (for review: the answers read-only, the comments writable),
or walk through it in plain mode (`--plain`, EQIA_PLAIN=1, TERM=dumb, or no terminal: see
`plain.lines.wanted`).

Bad input stops here, before the app starts: one line for each problem, exit 2, nothing
written.
"""

from __future__ import annotations

import argparse
import io
import sys
from pathlib import Path

from eqia_tui.cli.commands import Handler
from eqia_tui.cli.output import output_failed
from eqia_tui.cli.targets import find_target, open_store
from eqia_tui.core.model.assessment import slugify
from eqia_tui.core.model.questionnaire import Questionnaire
from eqia_tui.core.storage import DEFAULT_QUESTIONNAIRE
from eqia_tui.core.storage.store import Store
from eqia_tui.core.text.problems import BadInput
from eqia_tui.plain import lines as plain_lines
from eqia_tui.plain.draft import PlainDraft, create, open_draft
from eqia_tui.plain.walk import converse
from eqia_tui.tui.app import run


def new(home: Path, args: argparse.Namespace) -> int:
    """With a title or an id, write the draft, then open it; else open the new-assessment
    dialog with the questionnaire chosen."""
    store = open_store(home)
    registry = store.registry
    questionnaire = registry.choose(args.questionnaire or DEFAULT_QUESTIONNAIRE)
    if plain_lines.wanted(args.plain):
        return _new_plain(store, questionnaire, args)
    if not (args.title or args.assessment_id):
        return run(home, new_dialog=registry.keep(questionnaire).id, registry=registry)
    assessment_id = args.assessment_id or slugify(args.title)
    _, _, path = store.create(
        questionnaire, args.title, assessment_id, f"eqia open {assessment_id}"
    )
    return run(home, open_path=path, registry=registry)


def open_(home: Path, args: argparse.Namespace) -> int:
    store, target = find_target(home, args)
    if plain_lines.wanted(args.plain):
        return _walk(open_draft(store, args.target, read_only_if_held=True))
    target.load(store)  # a bad file stops here, with a clear message
    return run(home, open_path=target.path, registry=store.registry)


def review(home: Path, args: argparse.Namespace) -> int:
    """Open the assessment for review: the answers read-only, the comments writable."""
    store, target = find_target(home, args)
    if plain_lines.wanted(args.plain):
        return _walk(open_draft(store, args.target), review=True)
    target.load(store)  # a bad file stops here, with a clear message
    return run(home, open_path=target.path, registry=store.registry, review=True)


def _new_plain(store: Store, questionnaire: Questionnaire, args: argparse.Namespace) -> int:
    """A new draft in plain mode: its title from --title, or asked at a terminal."""
    title: str = args.title
    if not (title or args.assessment_id):
        lines = _standard_lines()
        if lines.interactive:
            lines.say(f"A new assessment: {questionnaire.title}.")
            title = (lines.ask("Name of the policy, procedure, project or service: ") or "").strip()
        if not title:
            raise BadInput.one(
                "--title",
                "",
                "a new assessment needs a name: give it with --title, as in: "
                'eqia new --plain --title "Parking permits"',
            )
    return _walk(create(store, questionnaire, title, args.assessment_id))


def _walk(draft: PlainDraft, *, review: bool = False) -> int:
    """Walk through the draft in plain mode, then let it go. `review`: the answers are
    read-only and the comments writable (`eqia review`)."""
    lines = _standard_lines()
    try:
        return converse(draft, lines, review=review)
    except BrokenPipeError as error:  # the output went to a pipe that closed early
        return output_failed(sys.stdout, error)
    except KeyboardInterrupt:
        lines.say(f"\nStopped. Every answer you gave is saved in {draft.path}.")
        raise
    finally:
        draft.close()


def _standard_lines() -> plain_lines.Lines:
    """Plain mode over standard input and output. Standard input closed (`<&-`, or a
    service started without one) leaves Python none at all: it reads as empty, the end of
    the answers, as /dev/null does."""
    if sys.stdin is None:
        return plain_lines.Lines(io.StringIO(), sys.stdout, interactive=False, errors=sys.stderr)
    return plain_lines.Lines.standard()


HANDLERS: dict[str, Handler] = {"new": new, "open": open_, "review": review}
