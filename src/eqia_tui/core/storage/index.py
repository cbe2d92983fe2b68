"""The summary index: a SQLite file in the user's cache folder that keeps each assessment
file's `Summary`, so a list of thousands of drafts does not read and check every file each
time.

It is only a cache. Deleting it at any time loses nothing: the next list reads the files
again and builds it anew. It is never written beside the drafts.

- One row per file and use (a drafts folder, where the file name must be the id, or not).
  A row is keyed by the file's absolute path (its folder's links followed), and holds the
  file's size, modification time, change time, inode, the SHA-256 of its bytes, and its
  summary as JSON.
- A file whose size and times are as the index has them is fresh without being read. One
  whose times moved is read and hashed: the same bytes are fresh still, other bytes are
  summarised again. A file saved less than `RACY_NS` before it was indexed is checked by
  its bytes next time, as its time may not show a second save in the same instant.
- Each row also holds a signature of the questionnaire files a draft could be read with
  (built in, the user's, and the copies kept beside the drafts): installing or changing one
  makes every summary made before stale.
- The index records its own form, `summary.SUMMARY_FORM` and the eqia version. Any of
  these changed, or a file that is not an index (damaged, or not SQLite at all): the file
  is deleted and made again, without a word.
- A cache folder that cannot be written: the files are read as if there were no index.
- Two eqia processes may use it at once (SQLite's write-ahead log, a short wait for the
  lock). One that cannot get the lock in time leaves the index as it is.

This module imports nothing heavy (the standard library and `summary` only), so the start
screen can list drafts from the index before the models are loaded.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from stat import S_ISREG

from eqia_tui import __version__
from eqia_tui.core.disk import locations
from eqia_tui.core.storage.summary import SUMMARY_FORM, Summary

INDEX_FORM = 1
"""The shape of the index file: raise it when the tables change, and old files are rebuilt."""

FILE_NAME = "summaries.sqlite3"

WAIT_SECONDS = 2.0
"""How long to wait for another eqia process holding the index before giving up on it."""

RACY_NS = 3_000_000_000
"""A file indexed less than this long (in nanoseconds) after it was last changed is checked
by its bytes next time: some file systems keep times in steps of up to two seconds, so a
second save in the same step would not change the time."""

BUILTIN_PACKAGE = "eqia_tui.questionnaires"

_BUSY = (5, 6)  # SQLITE_BUSY, SQLITE_LOCKED: another process has the index


def index_file() -> Path:
    """Where the index is kept: `summaries.sqlite3` in the cache folder."""
    return locations.cache_dir() / FILE_NAME


@dataclass(frozen=True)
class Probe:
    """A file to look up: the path as given, its key in the index, and what `stat` said of
    it (None when it could not be read)."""

    path: Path
    key: str
    folder: str
    stat: tuple[int, int, int, int] | None
    """Size, modification time, change time (both in nanoseconds) and inode."""
    seen_ns: int
    """When `stat` was taken."""


@dataclass(frozen=True)
class Entry:
    """A summary to keep, with the hash of the bytes it was made from."""

    probe: Probe
    digest: str
    summary: Summary


@dataclass
class Looked:
    """What the index holds of some files: a summary for each fresh one (None for the rest,
    in the order given), and rows whose bytes were found unchanged (to record as checked)."""

    summaries: list[Summary | None]
    probes: list[Probe]
    checked: list[Probe] = field(default_factory=list)
    usable: bool = True
    """False when the index cannot be used at all (its folder cannot be written, say)."""

    def stale(self) -> list[int]:
        """The positions of the files to summarise again."""
        return [i for i, s in enumerate(self.summaries) if s is None]


# --- what a summary depends on besides the file itself


def questionnaire_files(kept_folder: Path) -> list[Path]:
    """Every questionnaire file the registry can load: the user's, the copies kept beside
    the drafts (`kept_folder`) and the built-in ones."""
    folders = [locations.user_questionnaires_dir(), kept_folder, _builtin_folder()]
    out: list[Path] = []
    for folder in folders:
        try:
            out.extend(sorted(folder.glob("*.toml")))
        except OSError:
            continue
    return out


def _builtin_folder() -> Path:
    return Path(str(resources.files(BUILTIN_PACKAGE)))


def questionnaires_signature(kept_folder: Path) -> str:
    """A short hash of the name, size and times of every questionnaire file: it changes when
    one is installed, removed or changed."""
    digest = hashlib.sha256()
    for path in questionnaire_files(kept_folder):
        digest.update(os.fsencode(path))
        digest.update(repr(_stat(path)).encode())
    return digest.hexdigest()[:32]


def default_kept_folder(home: Path | None = None) -> Path:
    """The copies of questionnaires kept beside the drafts of `home` (see `Registry`)."""
    return locations.kept_questionnaires_dir(locations.home(home))


# --- the files


def _stat(path: Path) -> tuple[int, int, int, int] | None:
    try:
        found = os.stat(path)
    except (OSError, ValueError):
        return None
    if not S_ISREG(found.st_mode):  # a folder, a named pipe, a device: never indexed
        return None
    return (found.st_size, found.st_mtime_ns, found.st_ctime_ns, found.st_ino)


def probe(files: Iterable[Path]) -> list[Probe]:
    """Look at each file (its `stat`, not its bytes), and work out its key."""
    folders: dict[str, str] = {}
    out: list[Probe] = []
    for path in files:
        parent = os.path.dirname(os.path.abspath(path))
        real = folders.get(parent)
        if real is None:
            real = folders[parent] = os.path.realpath(parent)
        out.append(Probe(path, os.path.join(real, path.name), real, _stat(path), time.time_ns()))
    return out


def digest_of(path: Path) -> str:
    """The SHA-256 of the file's bytes. Raises OSError when it cannot be read, or is not a
    regular file: a named pipe is opened without waiting for a writer, then refused."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    with open(os.open(path, flags), "rb") as handle:
        if not S_ISREG(os.fstat(handle.fileno()).st_mode):
            raise OSError(f"{path} is not a regular file")
        return hashlib.file_digest(handle, "sha256").hexdigest()


# --- the database


_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS files (
    path TEXT NOT NULL,
    named INTEGER NOT NULL,
    folder TEXT NOT NULL,
    given TEXT NOT NULL,
    context TEXT NOT NULL,
    size INTEGER NOT NULL,
    mtime_ns INTEGER NOT NULL,
    ctime_ns INTEGER NOT NULL,
    ino INTEGER NOT NULL,
    checked_ns INTEGER NOT NULL,
    sha256 TEXT NOT NULL,
    summary TEXT NOT NULL,
    PRIMARY KEY (path, named)
);
CREATE INDEX IF NOT EXISTS files_by_folder ON files (folder);
"""


def _meta() -> dict[str, str]:
    return {
        "index_form": str(INDEX_FORM),
        "summary_form": str(SUMMARY_FORM),
        "eqia_version": __version__,
    }


class Unusable(Exception):
    """The index cannot be used now: read the files instead."""


def _busy(error: sqlite3.Error) -> bool:
    code = getattr(error, "sqlite_errorcode", None)
    return code is not None and code & 0xFF in _BUSY


def _remove(path: Path) -> None:
    """Delete the index file and the files SQLite keeps beside it."""
    for suffix in ("", "-wal", "-shm", "-journal"):
        try:
            os.remove(f"{path}{suffix}")
        except FileNotFoundError:
            continue
        except OSError:
            raise Unusable from None


def _connect(path: Path, create: bool) -> sqlite3.Connection:
    connection = sqlite3.connect(path, timeout=WAIT_SECONDS, isolation_level=None)
    try:
        connection.execute("PRAGMA journal_mode=WAL")
        connection.execute("PRAGMA synchronous=NORMAL")
        meta = _read_meta(connection)
        if meta is None and create:
            connection.execute("BEGIN IMMEDIATE")
            for statement in _SCHEMA.split(";"):
                if statement.strip():
                    connection.execute(statement)
            connection.executemany("INSERT OR IGNORE INTO meta VALUES (?, ?)", _meta().items())
            connection.execute("COMMIT")
            meta = _read_meta(connection)
    except BaseException:
        connection.close()
        raise
    if meta != _meta():
        connection.close()
        raise _Stale
    return connection


def _read_meta(connection: sqlite3.Connection) -> dict[str, str] | None:
    """The index's form and eqia version, or None for a new, empty file."""
    tables = connection.execute(
        "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'meta'"
    ).fetchone()[0]
    if not tables:
        return None
    return {str(k): str(v) for k, v in connection.execute("SELECT key, value FROM meta")}


class _Stale(Exception):
    """The index file was made by another form of eqia: it is made again."""


def _open(create: bool) -> sqlite3.Connection:
    """A connection to the index, made anew when it is damaged or from another form.
    Raises Unusable when it cannot be had (no cache folder, no lock in time)."""
    path = index_file()
    if not create and not path.is_file():
        raise Unusable
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError:
        raise Unusable from None
    for _ in range(2):
        try:
            return _connect(path, create)
        except sqlite3.Error as error:
            if _busy(error):
                raise Unusable from None
        except _Stale:
            pass
        except OSError:
            raise Unusable from None
        if not create:
            raise Unusable
        _remove(path)  # damaged, or of another form: start again
    raise Unusable


# --- looking up and keeping


_COLUMNS = "path, given, context, size, mtime_ns, ctime_ns, ino, checked_ns, sha256, summary"

_ONE_BY_ONE = 50
"""Fewer files than this are looked up one by one; more, a folder at a time."""

Row = tuple[str, str, str, int, int, int, int, int, str, str]


def _rows(connection: sqlite3.Connection, probes: list[Probe], named: bool) -> dict[str, Row]:
    """The rows of the index for these files, by key."""
    if len(probes) < _ONE_BY_ONE:
        query = f"SELECT {_COLUMNS} FROM files WHERE path = ? AND named = ?"
        found = (connection.execute(query, (p.key, int(named))).fetchone() for p in probes)
        return {row[0]: row for row in found if row is not None}
    query = f"SELECT {_COLUMNS} FROM files WHERE folder = ? AND named = ?"
    out: dict[str, Row] = {}
    for folder in dict.fromkeys(p.folder for p in probes):
        out.update((row[0], row) for row in connection.execute(query, (folder, int(named))))
    return out


def look(
    files: Sequence[Path], context: str, *, named: bool = True, hashing: bool = True
) -> Looked:
    """What the index holds of `files`, still fresh. With `hashing`, a file whose times
    moved is read and hashed, and counts as fresh when its bytes are unchanged; without,
    only `stat` is compared (no file is read)."""
    probes = probe(files)
    found: list[Summary | None] = [None] * len(probes)
    looked = Looked(found, probes)
    try:
        connection = _open(create=hashing)
    except Unusable:
        looked.usable = False
        return looked
    try:
        connection.execute("BEGIN")
        rows = _rows(connection, probes, named)
        connection.execute("COMMIT")
        for position, item in enumerate(probes):
            row = rows.get(item.key)
            if row is None or item.stat is None:
                continue
            _, given, row_context, size, mtime, ctime, ino, checked, sha256, text = row
            if given != str(item.path) or row_context != context:
                continue
            same = (size, mtime, ctime, ino) == item.stat
            if not same or checked - mtime < RACY_NS:
                if not hashing or item.stat[0] != size or not _same_bytes(item.path, sha256):
                    continue
                looked.checked.append(item)
            try:
                found[position] = Summary.from_json(text)
            except (ValueError, KeyError, TypeError):
                continue  # a row that cannot be read: the file is read again, and the row replaced
    except sqlite3.Error as error:
        # Damaged, or not the tables this eqia makes: start again next time.
        looked.summaries = [None] * len(probes)
        looked.checked = []
        connection.close()
        if not _busy(error) and hashing:
            try:
                _remove(index_file())
            except Unusable:
                looked.usable = False
        return looked
    connection.close()
    return looked


def _same_bytes(path: Path, sha256: str) -> bool:
    try:
        return digest_of(path) == sha256
    except OSError:
        return False


def keep(
    context: str,
    entries: Sequence[Entry],
    checked: Sequence[Probe] = (),
    *,
    named: bool = True,
    folders: Iterable[Path] = (),
    present: Iterable[Probe] = (),
) -> None:
    """Write new summaries to the index, record files found unchanged as checked, and drop
    the rows of files no longer in `folders` (those not among `present`). Never raises: an
    index that cannot be written is left as it is."""
    try:
        connection = _open(create=True)
    except Unusable:
        return
    try:
        connection.execute("BEGIN IMMEDIATE")
        connection.executemany(
            "INSERT OR REPLACE INTO files VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (_row(e, context, named) for e in entries if e.probe.stat is not None),
        )
        connection.executemany(
            "UPDATE files SET mtime_ns = ?, ctime_ns = ?, ino = ?, checked_ns = ? "
            "WHERE path = ? AND named = ?",
            (
                (p.stat[1], p.stat[2], p.stat[3], p.seen_ns, p.key, int(named))
                for p in checked
                if p.stat is not None
            ),
        )
        _forget_missing(connection, folders, present)
        connection.execute("COMMIT")
    except sqlite3.Error:
        pass  # busy past the wait, or damaged: the next run rebuilds it if need be
    finally:
        connection.close()


def _row(entry: Entry, context: str, named: bool) -> tuple[object, ...]:
    item = entry.probe
    assert item.stat is not None
    size, mtime, ctime, ino = item.stat
    return (
        item.key,
        int(named),
        item.folder,
        str(item.path),
        context,
        size,
        mtime,
        ctime,
        ino,
        item.seen_ns,
        entry.digest,
        entry.summary.to_json(),
    )


def _forget_missing(
    connection: sqlite3.Connection, folders: Iterable[Path], present: Iterable[Probe]
) -> None:
    """Delete the rows of files in `folders` (not the folders inside) that are not present."""
    keys = {p.key for p in present if p.stat is not None}
    for folder in folders:
        real = os.path.realpath(os.path.abspath(folder))
        gone = [
            (key,)
            for (key,) in connection.execute(
                "SELECT DISTINCT path FROM files WHERE folder = ?", (real,)
            )
            if key not in keys
        ]
        connection.executemany("DELETE FROM files WHERE path = ?", gone)


def cached(
    files: Sequence[Path], *, named: bool = True, home: Path | None = None
) -> tuple[list[Summary], list[Path]]:
    """The summaries still fresh in the index, and the files to read again, each in the
    order given. Quick, and light: no models are loaded, and no file is read or hashed.

    Only `stat` is compared: a file whose times moved but whose bytes did not is among
    the files to read again (`listing.summaries` then finds it unchanged by its hash).
    Nothing is written, not even a missing index. `home`: the data folder (`--home`), whose
    kept questionnaires the summaries depend on.
    """
    context = questionnaires_signature(default_kept_folder(home))
    looked = look(files, context, named=named, hashing=False)
    fresh = [s for s in looked.summaries if s is not None]
    stale = [p.path for p, s in zip(looked.probes, looked.summaries, strict=True) if s is None]
    return fresh, stale
