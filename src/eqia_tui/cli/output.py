"""What the `eqia` commands print, and how they end: exit codes, text from files made safe
to print, JSON, and a failed write to standard output.

Nothing a file holds reaches the terminal raw: `eqia_tui.cli.main` wraps standard output
and standard error in `Shown`, and a command prints a value from a file on one line with
`one`. A failed write to standard output (a closed pipe, a full disk) ends the command
quietly or with one line, never with a traceback.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable
from functools import partial
from typing import IO, Any, TextIO, cast

from eqia_tui.core.text.safe_text import escaped, shown

OK, FOUND_PROBLEMS, BAD_INPUT = 0, 1, 2
CLOSED_PIPE = 141
"""What a shell reports for a command stopped by a closed pipe (128 + SIGPIPE), as for
`eqia check X | head -1`: nothing more is printed."""
INTERRUPTED = 130
"""What a shell reports for a command stopped with Ctrl+C (128 + SIGINT)."""


def one(text: str) -> str:
    """Text from a file, on one line and safe to print (see `safe_text.shown`)."""
    return shown(text)


def print_json(value: Any, *, ascii_only: bool = True) -> None:
    """JSON for programs, indented. `ascii_only` writes other characters as \\uXXXX."""
    print(json.dumps(value, indent=2, ensure_ascii=ascii_only))


def os_reason(error: OSError) -> str:
    """An operating system error in a few plain words (`files.reason`), for the errors met
    before a command's module is loaded. `core.disk.files` loads tomllib, which would add
    some 10 ms to every start, the app's included, for an error that seldom happens."""
    from eqia_tui.core.disk.files import reason  # deferred: slow import

    return reason(error)


# --- Writing to standard output --------------------------------------------------------------


class OutputFailed(Exception):
    """Standard output could not be written: a closed pipe, a full disk."""

    def __init__(self, error: OSError) -> None:
        super().__init__(str(error))
        self.error = error


class Shown:
    """A text stream that shows, rather than passes on, what a terminal would act on.

    Lines to read get `safe_text.shown`: an escape sequence is printed as ␛[2J, not obeyed.
    JSON and TOML for programs (`data`) get `safe_text.escaped`: the same characters written
    as \\uXXXX inside their strings, so a program reads back exactly the text stored.
    """

    def __init__(self, stream: IO[Any], data: bool = False) -> None:
        self._stream = stream
        self._clean: Callable[[str], str] = escaped if data else partial(shown, lines=True)

    def write(self, data: Any) -> int:
        if isinstance(data, str):
            self._stream.write(self._clean(data))
            return len(data)
        return self._stream.write(data)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


class Guarded:
    """Standard output, with a failed write raised as `OutputFailed`."""

    def __init__(self, stream: IO[Any]) -> None:
        self._stream = stream

    def write(self, data: Any) -> int:
        try:
            return self._stream.write(data)
        except OSError as error:
            raise OutputFailed(error) from error

    def flush(self) -> None:
        try:
            self._stream.flush()
        except OSError as error:
            raise OutputFailed(error) from error

    @property
    def buffer(self) -> Guarded:
        return Guarded(cast(TextIO, self._stream).buffer)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


def output_failed(stdout: IO[Any], error: OSError) -> int:
    """A closed pipe ends quietly, as it does for other commands; anything else is one line."""
    silence(stdout)
    if isinstance(error, BrokenPipeError):
        return CLOSED_PIPE
    print(f"eqia: the output cannot be written: {os_reason(error)}", file=sys.stderr)
    return BAD_INPUT


def flush_or_silence(stream: IO[Any]) -> None:
    try:
        stream.flush()
    except OSError:
        silence(stream)


def silence(stream: IO[Any]) -> None:
    """Send what is left to the null device, so exiting does not try to write it again."""
    try:
        fd = stream.fileno()
    except (OSError, ValueError):
        return  # not a file (captured in tests): nothing is written at exit
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, fd)
    finally:
        os.close(devnull)
