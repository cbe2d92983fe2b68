"""One writer per draft: a lock beside the file, and a note of who holds it.

The lock is the operating system's own lock on a small file beside the draft,
`.NAME.toml.lock` (taken with the `filelock` package). The system lets it go the moment the
program holding it ends, however it ends, so a window that was killed or crashed never leaves
a draft locked on this computer. The lock file itself stays, empty: removing it while another
window waits for it would let two windows hold it at once.

Beside it, `.NAME.toml.holder` says who holds the lock: user, computer, process number, since
when, and a heartbeat time the window writes again every minute. It is how a second window
says who has the draft, and how a lock is kept across computers sharing a folder, where the
system lock may not reach: a holder on another computer counts only while its heartbeat is
less than `STALE_AFTER` old. A holder on this computer counts only while the system lock is
held, so a process number used again by another program never keeps a draft locked.
"""

from __future__ import annotations

import contextlib
import getpass
import os
import socket
import tomllib
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import tomli_w

from eqia_tui.core.disk.files import atomic_write
from eqia_tui.core.text import dates

HEARTBEAT_EVERY = 60.0
"""Seconds between two writes of the holder note while a window holds the lock."""
STALE_AFTER = timedelta(minutes=5)
"""A holder on another computer whose heartbeat is older than this has gone (its computer
was switched off, or lost the shared folder): its lock is taken over."""


def lock_path(path: Path) -> Path:
    return path.with_name(f".{path.name}.lock")


def holder_path(path: Path) -> Path:
    return path.with_name(f".{path.name}.holder")


def _user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no name for this user id (a container, say)
        return f"user {os.getuid()}" if hasattr(os, "getuid") else "unknown user"


def _utc_now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


@dataclass(frozen=True)
class Holder:
    """Who holds a draft's lock, as the holder note says."""

    user: str
    host: str
    pid: int
    since: datetime
    heartbeat: datetime

    @classmethod
    def me(cls, since: datetime | None = None) -> Holder:
        at = _utc_now()
        return cls(_user(), socket.gethostname(), os.getpid(), since or at, at)

    @property
    def here(self) -> bool:
        """On this computer."""
        return self.host == socket.gethostname()

    def is_me(self) -> bool:
        return self.here and self.pid == os.getpid()

    def words(self) -> str:
        """Who and since when, in local time: priya on pc-12 since 14:02 on 23/11/2026."""
        if self.pid == 0:
            return "someone (their note could not be read)"
        when = dates.local(self.since)
        where = "this computer" if self.here else self.host
        return f"{self.user} on {where} since {dates.time_of_day(when)} on {dates.day(when)}"

    def fresh(self, now: datetime | None = None) -> bool:
        """Whether its heartbeat is recent enough for the lock to count."""
        return (now or _utc_now()) - self.heartbeat < STALE_AFTER

    def text(self) -> str:
        return tomli_w.dumps(
            {
                "user": self.user,
                "host": self.host,
                "pid": self.pid,
                "since": self.since,
                "heartbeat": self.heartbeat,
            }
        )


_NEVER = datetime(1970, 1, 1, tzinfo=UTC)
UNKNOWN = Holder("someone", "another computer", 0, _NEVER, _NEVER)
"""The holder when the lock is held but its note cannot be read (it is being written)."""


def read_holder(path: Path) -> Holder | None:
    """The holder note beside the draft at `path`, or None when there is none to read."""
    try:
        data = tomllib.loads(holder_path(path).read_text(encoding="utf-8"))
        since, beat = data["since"], data["heartbeat"]
        if not (isinstance(since, datetime) and isinstance(beat, datetime)):
            return None
        if since.tzinfo is None or beat.tzinfo is None:
            return None
        return Holder(str(data["user"]), str(data["host"]), int(data["pid"]), since, beat)
    except (OSError, ValueError, KeyError, TypeError):  # decoding errors are ValueErrors
        return None


class DraftLock:
    """The lock on one draft. `acquire` takes it if it is free; `release` lets it go."""

    def __init__(self, path: Path) -> None:
        # filelock brings asyncio and logging: some 40 ms every command of the command line
        # would pay, when only opening a draft needs it.
        from filelock import FileLock  # deferred: slow import

        self.path = path
        self._lock = FileLock(str(lock_path(path)), thread_local=False)
        self._me: Holder | None = None

    @property
    def held(self) -> bool:
        return self._me is not None

    def acquire(self) -> Holder | None:
        """Take the lock: None when this window now holds it, else who holds it.

        Raises OSError when the lock cannot be made at all (a folder that cannot be written).
        """
        from filelock import Timeout  # deferred: slow import (see __init__)

        if self._me is not None:
            return None
        try:
            self._lock.acquire(timeout=0)
        except Timeout:
            return read_holder(self.path) or UNKNOWN
        other = read_holder(self.path)
        if other is not None and not other.here and other.fresh():
            # Held from another computer, where the system lock may not reach.
            self._lock.release()
            return other
        self._me = Holder.me()
        try:
            atomic_write(holder_path(self.path), self._me.text(), sync=False)
        except OSError:
            self._me = None
            self._lock.release()
            raise
        return None

    def heartbeat(self) -> Holder | None:
        """Write the holder note again, so other computers see the lock is alive.

        Returns another holder if one has written its note over this window's (a computer
        that thought the lock had gone stale): then this note is left as it is.
        """
        if self._me is None:
            return None
        other = read_holder(self.path)
        if other is not None and (other.host, other.pid) != (self._me.host, self._me.pid):
            return other
        self._me = Holder.me(since=self._me.since)
        with contextlib.suppress(OSError):  # a failing disk is reported by the saves
            atomic_write(holder_path(self.path), self._me.text(), sync=False)
        return None

    def release(self) -> None:
        if self._me is None:
            return
        other = read_holder(self.path)
        if other is None or (other.host, other.pid) == (self._me.host, self._me.pid):
            with contextlib.suppress(OSError):
                holder_path(self.path).unlink()
        self._me = None
        with contextlib.suppress(OSError):
            self._lock.release()


def held_elsewhere(path: Path) -> Holder | None:
    """Who holds the draft at `path` now, or None when nobody does (the lock is free)."""
    lock = DraftLock(path)
    try:
        holder = lock.acquire()
    except OSError:
        return None  # a folder that cannot be written: no window can be writing there either
    lock.release()
    return holder
