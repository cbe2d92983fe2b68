"""Plain mode's lines: whether plain mode is wanted, and the one way it reads and writes.

Everything plain mode prints goes through `Lines.say`: made safe with `shown` (a control
character in an answer is shown, never acted on), with no colour, no cursor movement and no
box drawing, so that a screen reader or a braille display reads it in order, line by line.
"""

from __future__ import annotations

import os
import sys
from typing import TextIO

from eqia_tui.core.text.safe_text import shown

END = "."
"""A line holding only this ends a long answer."""


def _terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError, OSError):  # closed, or not a real stream
        return False


def wanted(flag: bool) -> bool:
    """Whether to run plain mode rather than the full-screen app.

    `--plain` always asks for it. Otherwise EQIA_PLAIN=1 asks for it and EQIA_PLAIN=0
    forces the full-screen app; with neither, plain mode is used when TERM is "dumb", or
    when standard input or output is not a terminal (a pipe, a file, a screen reader's
    own console).
    """
    if flag:
        return True
    setting = os.environ.get("EQIA_PLAIN", "").strip()
    if setting == "0":
        return False
    if setting == "1":
        return True
    if os.environ.get("TERM", "") == "dumb":
        return True
    return not (_terminal(sys.stdin) and _terminal(sys.stdout))


class Refused(Exception):
    """A piped answer that cannot be used. `str()` is the one line to print; exit 2."""


class Lines:
    """Plain text in and plain text out, one line at a time.

    `interactive`: a person at a terminal, so a wrong answer is asked again; else the
    answers come from a pipe or a file, and a wrong one stops the walk (`Refused`). When the
    answers come from a pipe, each is written after its prompt, so the output reads as a
    whole conversation.
    """

    def __init__(
        self, source: TextIO, sink: TextIO, interactive: bool, errors: TextIO | None = None
    ) -> None:
        self.source = source
        self.sink = sink
        self.interactive = interactive
        self.errors = errors
        """Where `complain` writes: standard error, or `sink` when None."""

    @classmethod
    def standard(cls) -> Lines:
        """Over standard input and output."""
        return cls(sys.stdin, sys.stdout, _terminal(sys.stdin), sys.stderr)

    def say(self, text: str = "") -> None:
        """Print `text`, one or more lines, made safe: nothing in it can act on the terminal."""
        safe = shown(text, lines=True).replace("\t", "    ")
        self.sink.write(safe + "\n")
        self.sink.flush()

    def complain(self, text: str) -> None:
        """One line on standard error: why the walk stopped (a refused answer)."""
        stream = self.errors or self.sink
        stream.write(shown(text) + "\n")
        stream.flush()

    def _prompt(self, prompt: str) -> None:
        self.sink.write(shown(prompt))
        self.sink.flush()

    def _line(self) -> str | None:
        """The next line without its line break, or None at the end of input."""
        try:
            line = self.source.readline()
        except (OSError, ValueError, UnicodeDecodeError):
            return None
        if not line:
            return None
        line = line.removesuffix("\n").removesuffix("\r")
        if not self.interactive:
            self.sink.write(shown(line) + "\n")  # echo a piped answer, so the output reads in order
            self.sink.flush()
        return line

    def ask(self, prompt: str) -> str | None:
        """Print `prompt`, then read one line. None at the end of input."""
        self._prompt(prompt)
        line = self._line()
        if line is None and self.interactive:
            self.sink.write("\n")  # Ctrl+D leaves the cursor after the prompt
            self.sink.flush()
        return line

    def ask_long(self, prompt: str) -> str | None:
        """Print `prompt`, then read lines until one holding only "." (or the end of input).

        "" when the first line is empty (keep the current answer); None when the input has
        ended before any line.
        """
        first = self.ask(prompt)
        if first is None:
            return None
        if first.strip() == "":
            return ""
        return self.rest_of_long(first)

    def rest_of_long(self, first: str) -> str:
        """A long answer whose first line has been read: the lines after it, up to "."."""
        if first.strip() == END:
            return ""
        lines = [first]
        while True:
            line = self.ask("")
            if line is None or line.strip() == END:
                break
            lines.append(line)
        return "\n".join(lines).strip("\n")
