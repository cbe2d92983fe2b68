"""`eqia` with no command: the app, on its start screen (the list of drafts)."""

from __future__ import annotations

import argparse
from pathlib import Path

from eqia_tui.cli.commands import Handler
from eqia_tui.tui.app import run


def start(home: Path, args: argparse.Namespace) -> int:
    return run(home)


HANDLERS: dict[str, Handler] = {"": start}
