"""Writing an open draft's file from a background thread, without ever writing over a change
another program made to it (an editor, a folder that syncs)."""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Callable
from pathlib import Path

from eqia_tui.core.disk.files import atomic_write


class ChangedOutside(OSError):
    """The file is not as this window read or last wrote it: another program changed it."""

    def __init__(self, path: Path) -> None:
        super().__init__(None, "another program changed it since eqia last read it", str(path))


def _digest(data: bytes | None) -> bytes | None:
    return None if data is None else hashlib.sha256(data).digest()


def _read(path: Path) -> bytes | None:
    """The file's bytes, or None when there is no file."""
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None


class DraftWriter:
    """Writes a draft's file, from any thread; a newer save always wins over an older one.

    Before each write it reads the file: if it is not what this window read or last wrote,
    another program changed it, and nothing is written (`ChangedOutside`). Once a file is
    replaced, `keep` may keep what it held as a recovery copy.
    """

    def __init__(self, path: Path, keep: Callable[[bytes, bool], None]) -> None:
        self._lock = threading.Lock()
        self._written = 0
        self._wanted = 0
        """The newest save asked for: an older one still waiting is left out."""
        self._keep = keep
        self.expected = _digest(_read(path))
        """What the file held when it was read or last written (its hash)."""

    def write(self, path: Path, text: str, sequence: int, replace: bool = False) -> bool:
        """Write `text` unless a newer save has, or is waiting to. `replace`: the officer
        chose to replace a file another program changed. Returns whether it was written.

        While the disk is slow, saves queue up behind the one writing: only the newest of
        them is written, so the file never falls further behind than one write.
        """
        data = text.encode("utf-8")
        self._wanted = max(self._wanted, sequence)
        with self._lock:
            if sequence < self._written or sequence < self._wanted:
                return False
            current = _read(path)
            if not replace and _digest(current) != self.expected:
                raise ChangedOutside(path)
            atomic_write(path, data)
            self._written = sequence
            self.expected = _digest(data)
        if current is not None and current != data:
            # Kept after the save, not before: the officer's words reach the disk first.
            self._keep(current, replace)
        return True

    def reread(self, path: Path) -> None:
        """The file as it is now is what this window has: after taking the file's version."""
        with self._lock:
            self.expected = _digest(_read(path))
