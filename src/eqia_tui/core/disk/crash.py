"""The last resort: an error eqia did not expect is a bug. Its details go to a crash log.

The officer sees one plain line naming the log, never a traceback, and the command exits
with CRASHED. The log is in the user's state folder (`locations.state_dir`), else in the
system's temporary folder when that cannot be written.
"""

from __future__ import annotations

import contextlib
import os
import platform
import sys
import tempfile
import traceback
from datetime import datetime
from pathlib import Path

from eqia_tui import __version__
from eqia_tui.core.disk import locations

CRASHED = 3
"""The exit code of a command that failed on a bug: "eqia failed; this is a bug"."""


def record(error: BaseException) -> Path | None:
    """Write the details of `error` to a new crash log. Returns its path, or None when no
    folder could take it. Never raises."""
    try:
        text = _details(error)
    except Exception:  # a broken exception, or a traceback that cannot be formatted
        text = f"eqia {__version__}: {type(error).__name__} (no details could be written)\n"
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    name = f"crash-{stamp}-{os.getpid()}.log"
    for folder in _folders():
        try:
            folder.mkdir(parents=True, exist_ok=True)
            path = folder / name
            # Private to its owner: a traceback names files and folders.
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(fd, "w", encoding="utf-8", errors="backslashreplace") as handle:
                handle.write(text)
        except (OSError, ValueError):
            continue
        return path
    return None


def _folders() -> list[Path]:
    folders = []
    with contextlib.suppress(Exception):  # no home folder to find the state folder in
        folders.append(locations.state_dir() / "crashes")
    folders.append(Path(tempfile.gettempdir()) / f"eqia-tui-crashes-{_user()}")
    return folders


def _user() -> str:
    getuid = getattr(os, "getuid", None)
    return str(getuid()) if getuid is not None else "user"


def _details(error: BaseException) -> str:
    lines = [
        f"eqia {__version__} failed; this is a bug.",
        f"When: {datetime.now().astimezone().isoformat(timespec='seconds')}",
        f"Command: {' '.join(sys.argv)}",
        f"Python {platform.python_version()} on {platform.platform()}",
        "",
        "".join(traceback.format_exception(error)),
    ]
    # Textual passes on an error in a worker wrapped, with the real one as `error`.
    inner = getattr(error, "error", None)
    if isinstance(inner, BaseException) and inner is not error.__cause__:
        lines += ["Raised in a worker:", "".join(traceback.format_exception(inner))]
    return "\n".join(lines)


def message(log: Path | None) -> str:
    """The one line the officer sees."""
    if log is None:
        return "eqia failed; this is a bug. Its details could not be written to a crash log."
    return f"eqia failed; this is a bug. The details are in {log}"
