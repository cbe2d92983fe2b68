"""`eqia upgrade`: move a draft answered with an older version of its questionnaire on to
the newest version installed, keeping every answer (see `core.storage.upgrade`)."""

from __future__ import annotations

import argparse
from datetime import datetime
from pathlib import Path

from eqia_tui.cli.commands import Handler
from eqia_tui.cli.output import OK, one
from eqia_tui.cli.targets import find_target
from eqia_tui.core.storage.config import load_config
from eqia_tui.core.storage.upgrade import upgrade_file
from eqia_tui.core.text.problems import BadInput


def upgrade(home: Path, args: argparse.Namespace) -> int:
    store, target = find_target(home, args)
    by = (args.by or "").strip() or load_config().author
    if not by and args.dry_run:
        by = "you"  # a dry run writes no history: any name will do
    if not by:
        raise BadInput.one(
            args.target,
            "",
            "the version history needs a name: give yours with --by NAME, or set author in "
            "your config.toml",
        )
    done = upgrade_file(store, target, by, datetime.now().astimezone(), dry_run=args.dry_run)
    title = one(done.moved.assessment.title)
    if args.dry_run:
        print(f"{title}: would move from {one(done.versions)}: {done.summary()}.")
    else:
        print(f"{title}: moved from {one(done.versions)}: {done.summary()}.")
    for key in done.new_questions:
        print(f"  new question: {one(key)}")
    for note in done.set_aside:
        print(f"  set aside: {one(note)}")
    if args.dry_run:
        print("Nothing was written: this was a dry run.")
    return OK


HANDLERS: dict[str, Handler] = {"upgrade": upgrade}
