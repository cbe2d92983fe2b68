"""Reading TOML with clear errors, and writing any file atomically."""

from __future__ import annotations

import contextlib
import os
import re
import stat
import tempfile
import tomllib
from pathlib import Path
from typing import Any

from eqia_tui.core.text.problems import BadInput, format_key

_SYNTAX_AT = re.compile(r"^(?P<what>.*?) \(at line (?P<line>\d+), column (?P<col>\d+)\)$")


def _read_umask() -> int:
    # Reading the umask means setting it: done once, at import, before any thread starts.
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


_UMASK = _read_umask()


MAX_DEPTH = 100
"""Tables and lists nested deeper than this are refused: no real file comes near it."""

_NOT_A_FILE = (
    (stat.S_ISDIR, "is a folder, not a file"),
    (stat.S_ISFIFO, "is a named pipe, not a file"),
    (stat.S_ISSOCK, "is a socket, not a file"),
    (stat.S_ISCHR, "is a device, not a file"),
    (stat.S_ISBLK, "is a device, not a file"),
)


def reason(error: OSError) -> str:
    """An operating system error in a few plain words: "permission denied"."""
    text = error.strerror or str(error)
    return text[:1].lower() + text[1:]


def write_reason(error: OSError, path: Path) -> str:
    """Why `path` could not be written, in a few plain words.

    A file standing where one of its folders should be is named ("/x/drafts is a file, not a
    folder"), rather than the system's "file exists" or "not a directory"; so is a folder
    that does not exist ("there is no folder /x/drafts"), rather than "no such file".
    """
    if isinstance(error, FileNotFoundError) and not os.path.isdir(path.parent):
        missing = path.parent
        while not os.path.lexists(missing.parent) and missing.parent != missing:
            missing = missing.parent
        return f"there is no folder {missing}"
    if isinstance(error, FileExistsError | NotADirectoryError):
        for folder in path.parents:
            if os.path.lexists(folder):
                if not os.path.isdir(folder):
                    return f"{folder} is a file, not a folder"
                break
    return reason(error)


def read_toml(path: Path) -> dict[str, Any]:
    """Read a TOML file, turning every failure into a one-line `BadInput`.

    Only a regular file is read: a named pipe or a device is refused before anything is
    read from it, so reading never waits for a writer that will not come.
    """
    return parse_toml(read_bytes(path), path)


def read_bytes(path: Path) -> bytes:
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        raise BadInput.one(path, "", "no such file") from None
    except IsADirectoryError:
        raise BadInput.one(path, "", "is a folder, not a file") from None
    except OSError as error:
        raise BadInput.one(path, "", f"cannot be read: {reason(error)}") from None
    try:
        mode = os.fstat(fd).st_mode
        for test, message in _NOT_A_FILE:
            if test(mode):
                raise BadInput.one(path, "", message)
        with os.fdopen(fd, "rb") as handle:
            fd = -1
            return handle.read()
    except OSError as error:
        raise BadInput.one(path, "", f"cannot be read: {reason(error)}") from None
    finally:
        if fd >= 0:
            os.close(fd)


def parse_toml(data: bytes, path: Path | str) -> dict[str, Any]:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise BadInput.one(path, "", "is not UTF-8 text") from None
    # Windows Notepad starts a UTF-8 file with a byte order mark: it is not part of the TOML.
    text = text.removeprefix("\ufeff")
    try:
        parsed = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        message = str(error)
        match = _SYNTAX_AT.match(message)
        if match:
            where = f"line {match['line']}, column {match['col']}"
            what = _plain_syntax(match["what"]) + _in_value_of(text, int(match["line"]))
            raise BadInput.one(path, where, f"TOML syntax error: {what}") from None
        raise BadInput.one(path, "", f"TOML syntax error: {_plain_syntax(message)}") from None
    except RecursionError:
        raise BadInput.one(path, "", _TOO_DEEP) from None
    except ValueError:  # not a syntax error: a whole number longer than Python reads
        raise BadInput.one(path, _long_number_key(text), _TOO_MANY_DIGITS) from None
    deep = _too_deep(parsed)
    if deep is not None:
        # Name the key that holds the nested lists, not each of a hundred list positions.
        while deep and isinstance(deep[-1], int):
            deep.pop()
        raise BadInput.one(path, format_key(deep), _TOO_DEEP)
    return parsed


_CHARACTER_WORDS = {
    "\\n": "(a line break)",
    "\\r": "(a carriage return)",
    "\\t": "(a tab)",
}


def _plain_syntax(message: str) -> str:
    """tomllib's words without Python quoting: Illegal character (a line break)."""

    def plain(match: re.Match[str]) -> str:
        text = match[1]
        return _CHARACTER_WORDS.get(text, f'"{text}"')

    return re.sub(r"'((?:[^'\\]|\\.)*)'", plain, message)


_TOO_DEEP = f"lists or tables are nested too deeply: at most {MAX_DEPTH} levels are allowed"

_MAX_DIGITS = 4300
_TOO_MANY_DIGITS = (
    f"a whole number has more than {_MAX_DIGITS:,} digits, too many for eqia to read. "
    'If it is a version, put it in quotes, such as "1.0"'
)
_LONG_NUMBER = re.compile(rf"[0-9_]{{{_MAX_DIGITS + 1},}}")
_KEY_BEFORE = re.compile(r"^\s*(?P<key>[A-Za-z0-9_.-]+|\"[^\"\n]*\")\s*=\s*[+-]?$")


def _in_value_of(text: str, line: int) -> str:
    """ " in the value of updated" when the line of a syntax error gives a key its value,
    such as `updated = 0000-01-01T00:00:00Z`: the message then names the key."""
    lines = text.splitlines()
    if not 0 < line <= len(lines):
        return ""
    match = _KEY_BEFORE.match(lines[line - 1].split("=", 1)[0] + "=")
    return f" in the value of {match['key']}" if match and "=" in lines[line - 1] else ""


def _long_number_key(text: str) -> str:
    """Where the number too long to read is: its key, or its line when there is no key."""
    for match in _LONG_NUMBER.finditer(text):
        start = text.rfind("\n", 0, match.start()) + 1
        before = _KEY_BEFORE.match(text[start : match.start()])
        if before is not None:
            return before["key"].strip('"')
    first = _LONG_NUMBER.search(text)
    if first is None:
        return ""
    return f"line {text.count(chr(10), 0, first.start()) + 1}"


def _too_deep(data: dict[str, Any]) -> list[str | int] | None:
    """The key path of a value nested deeper than `MAX_DEPTH`, or None. Never recurses."""
    stack: list[tuple[Any, list[str | int]]] = [(data, [])]
    while stack:
        value, path = stack.pop()
        children: Any
        if isinstance(value, dict):
            children = value.items()
        elif isinstance(value, list):
            children = enumerate(value)
        else:
            continue
        if len(path) >= MAX_DEPTH:
            return path
        for key, child in reversed(list(children)):
            if isinstance(child, dict | list):
                stack.append((child, [*path, key]))
    return None


def atomic_write(path: Path, content: str | bytes, *, sync: bool = True) -> None:
    """Write `content` so that `path` holds either the old or the new file, never half of one.

    The data goes to a temporary file in the same folder, is flushed and synced (unless
    `sync` is False: for notes that matter only while eqia runs, where waiting for the disk
    would only slow the screen), then replaces the target in one step. The file keeps the
    permissions it had; a new one gets those any new file would (the temporary file alone
    would be private to its owner).
    A symbolic link is written through: its target gets the new content and the link stays.
    The folder must exist already; raises OSError when the file cannot be written.
    """
    if path.is_symlink():
        path = Path(os.path.realpath(path))
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
            if sync:
                os.fsync(handle.fileno())
        os.replace(tmp_name, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp_name)
        raise
    if sync:
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
