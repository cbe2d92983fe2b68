"""Kill eqia while an officer types without a pause, and count what is lost.

The real app runs in a pseudo-terminal (with the `pexpect` package), on a new draft, with its
first box (Directorate) focused. Letters and spaces are typed at 10 to 50 keys a second, never
pausing long enough for a save that waits for quiet. At a random moment the app is killed with
SIGKILL, which nothing can catch. Then the draft is read:

- corrupt: the file cannot be read as an assessment, or what it holds is not the start of what
  was typed (a save that mixed old and new text);
- characters lost: typed but not in the file;
- seconds lost: from the first character not in the file to the kill.

A character is counted as lost from the moment it is sent, so the figure includes the time the
app takes to receive it. Run it with `make reliability` (200 kills) or:

    python tests/kill_harness.py --kills 200 [--seed N]

It prints the figures and exits 1 when a draft was corrupt or more than a second was lost.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import signal
import sys
import tempfile
import time
import tomllib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pexpect

ROWS, COLUMNS = 40, 120
LETTERS = "abcdefghijklmnopqrstuvwxyz    "
"""What is typed: letters, and spaces about one key in eight, which must be kept exactly."""
MAX_LOST_SECONDS = 1.0
DRAFT_ID = "kill-test"


@dataclass(frozen=True)
class Kill:
    typed: str
    saved: str | None
    """What the file held for the typed answer; None when the file could not be read."""
    seconds_lost: float
    leftovers: int
    """Temporary files the killed save left in the drafts folder."""

    @property
    def corrupt(self) -> bool:
        return self.saved is None or not self.typed.startswith(self.saved)

    @property
    def characters_lost(self) -> int:
        return len(self.typed) - len(self.saved or "")


def environment(home: Path) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("EQIA_", "PYTEST", "TEXTUAL"))
    }
    env.update(
        EQIA_HOME=str(home),
        EQIA_CONFIG_DIR=str(home / "settings"),
        EQIA_STATE_DIR=str(home / "state"),
        TERM="xterm-256color",
        LANG="C.UTF-8",
    )
    return env


def spawn(home: Path, *args: str, limit: Callable[[], None] | None = None) -> pexpect.spawn[bytes]:
    """Start `eqia ARGS` in a pseudo-terminal of ROWS x COLUMNS."""
    return pexpect.spawn(
        sys.executable,
        ["-m", "eqia_tui", *args],
        env=environment(home),
        dimensions=(ROWS, COLUMNS),
        preexec_fn=limit,
        timeout=30,
    )


def drain(child: pexpect.spawn[bytes]) -> bytes:
    """Read what the app has drawn so far, so it never waits on a full terminal."""
    out, child.buffer = child.buffer, b""
    while True:
        try:
            out += child.read_nonblocking(65536, timeout=0)
        except (pexpect.TIMEOUT, pexpect.EOF):
            return out


def wait_for(child: pexpect.spawn[bytes], words: bytes, seconds: float = 30) -> None:
    """Wait until the app draws `words` (as they appear on the screen, in one run)."""
    child.expect_exact(words, timeout=seconds)


def type_for(
    child: pexpect.spawn[bytes], rng: random.Random, seconds: float
) -> Iterator[tuple[str, float]]:
    """Type for `seconds` without a pause of a save's length: each character with its time."""
    end = time.monotonic() + seconds
    first = True
    while time.monotonic() < end:
        char = rng.choice(LETTERS.strip() if first else LETTERS)
        first = False
        child.send(char.encode())
        yield char, time.monotonic()
        drain(child)
        time.sleep(rng.uniform(0.02, 0.1))


def saved_answer(path: Path) -> str | None:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if data.get("id") != DRAFT_ID:
        return None
    details = data.get("details", {})
    value = details.get("directorate", "") if isinstance(details, dict) else None
    return value if isinstance(value, str) else None


@contextmanager
def scratch_home() -> Iterator[Path]:
    folder = Path(tempfile.mkdtemp(prefix="eqia-kill-"))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def start_new_draft(home: Path) -> pexpect.spawn[bytes]:
    """A new draft, open in the app on its first box."""
    child = spawn(home, "new", "--title", "Kill test", "--id", DRAFT_ID)
    wait_for(child, b"Directorate")
    drain(child)
    return child


def one_kill(rng: random.Random, longest: float = 5.0) -> Kill:
    with scratch_home() as home:
        child = start_new_draft(home)
        typed = list(type_for(child, rng, rng.uniform(0.2, longest)))
        killed_at = time.monotonic()
        os.kill(child.pid, signal.SIGKILL)
        child.close(force=True)
        drafts = home / "drafts"
        text = "".join(char for char, _ in typed)
        saved = saved_answer(drafts / f"{DRAFT_ID}.toml")
        kept = len(saved or "")
        lost = killed_at - typed[kept][1] if kept < len(typed) else 0.0
        leftovers = len(list(drafts.glob(f".{DRAFT_ID}.toml.*.tmp")))
        return Kill(text, saved, lost, leftovers)


@dataclass(frozen=True)
class Figures:
    kills: int
    corrupt: int
    max_characters_lost: int
    max_seconds_lost: float
    characters_typed: int
    leftovers: int

    @property
    def held(self) -> bool:
        return self.corrupt == 0 and self.max_seconds_lost <= MAX_LOST_SECONDS

    def lines(self) -> list[str]:
        return [
            f"kills: {self.kills}",
            f"characters typed: {self.characters_typed}",
            f"corrupt drafts: {self.corrupt}",
            f"max characters lost: {self.max_characters_lost}",
            f"max seconds of typing lost: {self.max_seconds_lost:.2f}",
            f"temporary files left behind: {self.leftovers}",
        ]


def campaign(kills: int, seed: int, report: Callable[[int, Kill], None] | None = None) -> Figures:
    rng = random.Random(seed)
    results = []
    for number in range(1, kills + 1):
        result = one_kill(rng)
        results.append(result)
        if report is not None:
            report(number, result)
    return Figures(
        kills=len(results),
        corrupt=sum(1 for r in results if r.corrupt),
        max_characters_lost=max((r.characters_lost for r in results), default=0),
        max_seconds_lost=max((r.seconds_lost for r in results), default=0.0),
        characters_typed=sum(len(r.typed) for r in results),
        leftovers=sum(r.leftovers for r in results),
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kills", type=int, default=200)
    parser.add_argument("--seed", type=int, default=9)
    args = parser.parse_args()

    def report(number: int, kill: Kill) -> None:
        mark = "CORRUPT" if kill.corrupt else "ok"
        print(
            f"kill {number:>4}: typed {len(kill.typed):>3}, lost {kill.characters_lost:>2} "
            f"({kill.seconds_lost:.2f} s) {mark}",
            flush=True,
        )

    figures = campaign(args.kills, args.seed, report)
    print()
    for line in figures.lines():
        print(line)
    return 0 if figures.held else 1


if __name__ == "__main__":
    raise SystemExit(main())
