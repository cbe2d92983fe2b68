"""The `eqia` command. Exit codes: 0 success, 1 ran and found problems, 2 bad input or usage,
3 a bug (the details go to a crash log).

The package: `parser` (the arguments and their help), `output` (printing safely, JSON, exit
codes), `home` (the data folder), `targets` (the draft or file a command names), and
`commands/`, one module for each group of commands. `main` parses the arguments, then
imports the chosen command's module and nothing else: see `COMMANDS`.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import sys
from collections.abc import Sequence
from typing import IO, Any, Protocol, TextIO, cast

from eqia_tui.cli.commands import Handler
from eqia_tui.cli.home import data_folder
from eqia_tui.cli.output import (
    BAD_INPUT,
    INTERRUPTED,
    Guarded,
    OutputFailed,
    Shown,
    flush_or_silence,
    output_failed,
)
from eqia_tui.cli.parser import build_parser
from eqia_tui.core.text.problems import BadInput

COMMANDS: dict[str, str] = {
    "": "app",
    "new": "open_draft",
    "open": "open_draft",
    "list": "drafts",
    "restore": "drafts",
    "clean": "drafts",
    "check": "checks",
    "rate": "checks",
    "validate": "checks",
    "export": "exports",
    "schema": "exports",
    "review": "open_draft",
    "comments": "comments",
    "history": "review",
    "verify": "review",
    "due": "review",
    "questionnaires": "questionnaires",
    "questionnaire": "questionnaires",
    "upgrade": "upgrade",
    "register": "register",
}
"""The module in `eqia_tui.cli.commands` that holds each command ("" is `eqia` alone)."""

STARTS_THE_APP = frozenset({"", "new", "open", "review"})
"""The commands that hand the terminal to the app: their standard output is left as it is."""


class _CommandModule(Protocol):
    HANDLERS: dict[str, Handler]


def handler(command: str) -> Handler:
    """The function that runs `command`. Its module is imported now, once it is chosen:
    the core loads pydantic and the app loads Textual, and a command needs at most one."""
    name = f"{__name__}.commands.{COMMANDS[command]}"
    module = importlib.import_module(name)  # deferred: slow import
    return cast(_CommandModule, module).HANDLERS[command]


def main(argv: Sequence[str] | None = None) -> int:
    # Text from a file may hold escape sequences: nothing reaches the terminal raw.
    stderr = sys.stderr
    sys.stderr = cast(TextIO, Shown(stderr))
    try:
        return _main(argv)
    except Exception as error:  # the last resort: a bug, told in one line, never a traceback
        # deferred: slow import (platform and traceback, some 5 ms), needed only after a bug
        from eqia_tui.core.disk import crash

        log = crash.record(error)
        flush_or_silence(sys.stdout)
        with contextlib.suppress(OSError):
            print(crash.message(log), file=sys.stderr)
        return crash.CRASHED
    finally:
        sys.stderr = stderr


def _main(argv: Sequence[str] | None) -> int:
    try:
        args = build_parser().parse(argv)
    except SystemExit:
        flush_or_silence(sys.stdout)  # --help into a closed pipe
        raise
    command: str = args.command or ""
    stdout = sys.stdout
    try:
        home = data_folder(args)
        run = handler(command)
        if command in STARTS_THE_APP:
            return run(home, args)
        sys.stdout = cast(TextIO, Guarded(cast(IO[Any], Shown(stdout, data=_prints_data(args)))))
        try:
            code = run(home, args)
            sys.stdout.flush()
        finally:
            sys.stdout = stdout
        return code
    except BadInput as error:
        for problem in error.problems:
            print(problem.line(), file=sys.stderr)
        return BAD_INPUT
    except OutputFailed as failed:
        return output_failed(stdout, failed.error)
    except KeyboardInterrupt:
        return INTERRUPTED


def _prints_data(args: argparse.Namespace) -> bool:
    """Whether the command prints JSON or TOML for programs, rather than lines to read."""
    if args.command in ("export", "register"):
        return bool(args.format in ("json", "toml"))
    return args.command == "schema" or bool(getattr(args, "json", False))
