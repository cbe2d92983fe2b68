"""Reading TOML with clear errors, and writing any file atomically."""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
import tomllib
from pathlib import Path
from typing import Any

from eqia_tui.problems import BadInput

_SYNTAX_AT = re.compile(r"^(?P<what>.*?) \(at line (?P<line>\d+), column (?P<col>\d+)\)$")


def _read_umask() -> int:
    # Reading the umask means setting it: done once, at import, before any thread starts.
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


_UMASK = _read_umask()


def read_toml(path: Path) -> dict[str, Any]:
    """Read a TOML file, turning every failure into a one-line `BadInput`."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise BadInput.one(path, "", "no such file") from None
    except IsADirectoryError:
        raise BadInput.one(path, "", "is a folder, not a file") from None
    except OSError as error:
        raise BadInput.one(path, "", f"cannot be read ({error.strerror})") from None
    return parse_toml(data, path)


def parse_toml(data: bytes, path: Path | str) -> dict[str, Any]:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise BadInput.one(path, "", "is not UTF-8 text") from None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        message = str(error)
        match = _SYNTAX_AT.match(message)
        if match:
            where = f"line {match['line']}, column {match['col']}"
            raise BadInput.one(path, where, f"TOML syntax error: {match['what']}") from None
        raise BadInput.one(path, "", f"TOML syntax error: {message}") from None


def atomic_write(path: Path, content: str | bytes) -> None:
    """Write `content` so that `path` holds either the old or the new file, never half of one.

    The data goes to a temporary file in the same folder, is flushed and synced,
    then replaces the target in one step. The file keeps the permissions it had; a new one
    gets those any new file would (the temporary file alone would be private to its owner).
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    data = content.encode("utf-8") if isinstance(content, str) else content
    try:
        mode = path.stat().st_mode & 0o7777
    except OSError:
        mode = 0o666 & ~_UMASK
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        os.fchmod(fd, mode)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp_name, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp_name)
        raise
    _sync_folder(path.parent)


def _sync_folder(folder: Path) -> None:
    # Make the rename itself durable; not every platform lets us open a folder.
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
