"""Recovery copies of drafts, and files left behind by a save that was cut short.

A recovery copy is the draft file as it was just before a save replaced it. They are kept in
`$EQIA_HOME/recovery/ID/`, one file each, named by the time they were made, the newest
`KEEP` of them. The app keeps one before the first save of each session that changes the file,
then at most one every `EVERY` while the officer works, and always one before the file is
replaced after another program changed it or by `eqia restore`.

A save writes a temporary file beside the draft (`.ID.toml.XXXXXXXX.tmp`), then puts it in
the draft's place in one step. A program killed between the two leaves the temporary file
behind: it holds a whole draft, as new as or newer than the one saved. `leftovers` finds them.
"""

from __future__ import annotations

import re
import time
import tomllib
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from eqia_tui.core.disk.files import atomic_write
from eqia_tui.core.model.assessment import is_slug

KEEP = 10
"""Recovery copies kept for each draft; the oldest goes when one more is made."""
EVERY = timedelta(minutes=10)
"""While the officer works, at most one recovery copy in this time."""

_COPY = re.compile(r"^(\d{8}T\d{6}\.\d{6}Z)\.toml$")
_STAMP = "%Y%m%dT%H%M%S.%fZ"


def recovery_dir(home: Path, assessment_id: str) -> Path:
    return home / "recovery" / assessment_id


@dataclass(frozen=True)
class Copy:
    """One recovery copy: `number` 1 is the newest."""

    number: int
    path: Path
    made: datetime
    size: int
    title: str


def keep_copy(home: Path, assessment_id: str, data: bytes, at: datetime | None = None) -> Path:
    """Keep `data` (a draft file as it was) as a recovery copy. Raises OSError."""
    folder = recovery_dir(home, assessment_id)
    folder.mkdir(parents=True, exist_ok=True)
    made = (at or datetime.now(UTC)).astimezone(UTC)
    path = folder / f"{made.strftime(_STAMP)}.toml"
    while path.exists():  # two copies within a microsecond: the later one a moment later
        made += timedelta(microseconds=1)
        path = folder / f"{made.strftime(_STAMP)}.toml"
    atomic_write(path, data)
    for old in _files(folder)[KEEP:]:
        old.unlink(missing_ok=True)
    return path


def _files(folder: Path) -> list[Path]:
    """The copies in `folder`, newest first."""
    if not folder.is_dir():
        return []
    return sorted((p for p in folder.iterdir() if _COPY.match(p.name)), reverse=True)


def copies(home: Path, assessment_id: str) -> list[Copy]:
    """The recovery copies of a draft, newest first, numbered from 1."""
    out = []
    for number, path in enumerate(_files(recovery_dir(home, assessment_id)), start=1):
        match = _COPY.match(path.name)
        assert match is not None
        made = datetime.strptime(match[1], _STAMP).replace(tzinfo=UTC)
        try:
            data = path.read_bytes()
        except OSError:
            continue
        out.append(Copy(number, path, made, len(data), _title_of(data)))
    return out


def _title_of(data: bytes) -> str:
    try:
        parsed = tomllib.loads(data.decode("utf-8").removeprefix("\ufeff"))
    except (ValueError, RecursionError):  # decoding and TOML errors are ValueErrors
        return ""
    details = parsed.get("details")
    title = details.get("title") if isinstance(details, dict) else None
    return title if isinstance(title, str) else ""


# --- Temporary files left by a save that was cut short -------------------------------------------

_LEFTOVER = re.compile(r"^\.(?P<name>.+\.toml)\.[A-Za-z0-9_]+\.tmp$")


@dataclass(frozen=True)
class Leftover:
    path: Path
    draft: Path
    """The draft it was written for."""
    newer: bool
    """Written after the draft was last saved: it may hold text the draft does not."""


SETTLED = 60.0
"""Seconds after which a temporary file is a leftover: a save under way in a window that is
still open takes a fraction of a second, and its file must not be taken from it."""


def leftovers(folder: Path, settled: float = SETTLED) -> list[Leftover]:
    """The temporary files in `folder` that a killed save left behind, oldest first."""
    if not folder.is_dir():
        return []
    now = time.time()
    out = []
    for path in folder.iterdir():
        match = _LEFTOVER.match(path.name)
        if match is None or not path.is_file():
            continue
        draft = folder / match["name"]
        try:
            written = path.stat().st_mtime
        except OSError:
            continue
        if now - written < settled:
            continue
        try:
            newer = written > draft.stat().st_mtime
        except OSError:
            newer = True  # no draft to compare with: it may be the only copy
        out.append((written, Leftover(path, draft, newer)))
    return [leftover for _, leftover in sorted(out, key=lambda pair: pair[0])]


def clean(found: list[Leftover], home: Path) -> tuple[int, int]:
    """Remove leftovers. One newer than its draft is kept as a recovery copy of that draft
    first, so no text is lost: `eqia restore` brings it back. Returns (removed, kept as copies).
    Raises OSError when one cannot be removed or kept."""
    removed = kept = 0
    for leftover in found:
        if leftover.newer:
            if not is_slug(leftover.draft.stem):
                continue  # no recovery folder can be named after it: left for the officer
            keep_copy(home, leftover.draft.stem, leftover.path.read_bytes())
            kept += 1
        leftover.path.unlink(missing_ok=True)
        removed += 1
    return removed, kept
