"""The commands of `eqia`, one module for each group.

Each module imports what its commands need at its top, and ends with `HANDLERS`: the
function for each command it holds. `eqia_tui.cli` imports only the module of the command
given (see `eqia_tui.cli.COMMANDS`), so `eqia list` never loads Textual and `eqia` alone
loads no more than its start screen needs.

Keep this file free of imports of the core: every command module imports it first.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path

Handler = Callable[[Path, argparse.Namespace], int]
"""A command: given the data folder and the parsed arguments, it returns the exit code."""
