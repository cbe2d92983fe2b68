"""`eqia` with no command: the app, on its start screen (the list of drafts); or, in plain
mode (see `plain.lines.wanted`), the start screen's choices as lines (`plain.menu`)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from eqia_tui.cli.commands import Handler
from eqia_tui.cli.output import output_failed
from eqia_tui.plain import lines as plain_lines


def start(home: Path, args: argparse.Namespace) -> int:
    if plain_lines.wanted(args.plain):
        # deferred: slow import (the models and the drafts; the app loads them after its
        # first paint, and plain mode never loads Textual)
        from eqia_tui.plain import menu

        try:
            return menu.start(home, plain_lines.Lines.standard())
        except BrokenPipeError as error:  # the output went to a pipe that closed early
            return output_failed(sys.stdout, error)
    from eqia_tui.tui.app import run  # deferred: slow import (Textual, not needed in plain mode)

    return run(home)


HANDLERS: dict[str, Handler] = {"": start}
