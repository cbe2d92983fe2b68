"""The data folder a command works in: `--home`, else `$EQIA_HOME`, else the user data
folder (`locations.home`)."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from eqia_tui.cli.output import os_reason
from eqia_tui.core.disk import locations
from eqia_tui.core.text.problems import BadInput


def data_folder(args: argparse.Namespace) -> Path:
    """The data folder. A file is never one; a missing --home is made for the app only."""
    home = locations.home(args.home)
    if home.exists() and not home.is_dir():
        given = (
            "--home"
            if args.home is not None
            else "EQIA_HOME"
            if os.environ.get("EQIA_HOME")
            else "the data folder"
        )
        raise BadInput.one(home, "", f"is a file, not a folder: {given} must be a folder")
    if args.home is not None and not home.exists() and args.command in ("new", None):
        try:
            home.mkdir(parents=True)
        except OSError as error:
            raise BadInput.one(home, "", f"the folder cannot be made: {os_reason(error)}") from None
    return home


def require_home(home: Path, args: argparse.Namespace) -> None:
    """A folder given with --home must exist for a command that only reads it."""
    if args.home is not None and not home.is_dir():
        raise BadInput.one(home, "", "no such folder: check the folder given to --home")
