"""Issue 9 with the real app in a pseudo-terminal: killed while typing, stopped by SIGTERM or a
closed terminal, and a disk that refuses to grow the file (RLIMIT_FSIZE).

`make reliability` runs the same kills 200 times (tests/kill_harness.py); here a few run with
every `make test`. Deselect them with `-m "not reliability"`.
"""

from __future__ import annotations

import random
import resource
import signal
import time
import tomllib
from pathlib import Path

import pexpect
import pytest

from kill_harness import (
    DRAFT_ID,
    MAX_LOST_SECONDS,
    campaign,
    drain,
    saved_answer,
    scratch_home,
    spawn,
    start_new_draft,
    type_for,
    wait_for,
)

pytestmark = pytest.mark.reliability


def test_a_few_kills_while_typing_lose_no_draft_and_under_a_second() -> None:
    # A new seed each run widens what is tried; a failure names it so it can be replayed
    # with `tests/kill_harness.py --seed N`.
    seed = random.randrange(1_000_000)
    figures = campaign(kills=3, seed=seed)
    assert figures.corrupt == 0, (f"seed {seed}", figures.lines())
    assert figures.max_seconds_lost <= MAX_LOST_SECONDS, (f"seed {seed}", figures.lines())


def _typed(child: pexpect.spawn[bytes], seconds: float) -> str:
    return "".join(char for char, _ in type_for(child, random.Random(3), seconds))


def _exit_status(child: pexpect.spawn[bytes]) -> int | None:
    deadline = time.monotonic() + 20
    while child.isalive() and time.monotonic() < deadline:
        drain(child)
        time.sleep(0.05)
    child.close()
    return child.exitstatus


@pytest.mark.parametrize(
    ("signum", "code"), [(signal.SIGTERM, 143), (signal.SIGHUP, 129)], ids=["term", "hup"]
)
def test_sigterm_and_sighup_save_every_word_then_exit(signum: int, code: int) -> None:
    with scratch_home() as home:
        child = start_new_draft(home)
        typed = _typed(child, 0.6)
        time.sleep(0.15)  # the last key reaches the app, but not 0.3 s of quiet: no save yet
        child.kill(signum)
        assert _exit_status(child) == code
        assert saved_answer(home / "drafts" / f"{DRAFT_ID}.toml") == typed
        assert not list((home / "drafts").glob(f".{DRAFT_ID}.toml.holder")), "lock let go"


def test_a_file_size_limit_shows_not_saved_asks_on_quit_and_saves_once_lifted() -> None:
    """RLIMIT_FSIZE stops the draft from growing, as a full disk would."""
    with scratch_home() as home:
        made = spawn(home, "new", "--title", "Limit", "--id", DRAFT_ID)
        wait_for(made, b"Directorate")
        made.sendcontrol("q")
        assert _exit_status(made) == 0
        path = home / "drafts" / f"{DRAFT_ID}.toml"
        size = path.stat().st_size + 5

        def limit() -> None:
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past it fails, no kill
            resource.setrlimit(resource.RLIMIT_FSIZE, (size, resource.RLIM_INFINITY))

        child = spawn(home, "open", DRAFT_ID, limit=limit)
        wait_for(child, b"Directorate")
        drain(child)
        for char in "Growth and Communities":
            child.send(char.encode())
            time.sleep(0.03)
        wait_for(child, b"Not saved", 10)
        child.sendcontrol("q")
        wait_for(child, b"Your latest changes are not saved", 10)
        assert child.isalive(), "quitting asks first"
        child.send(b"\x1b")  # stay
        drain(child)
        unlimited = (resource.RLIM_INFINITY, resource.RLIM_INFINITY)
        resource.prlimit(child.pid, resource.RLIMIT_FSIZE, unlimited)  # the disk works again
        wait_for(child, b"Saved", 15)  # the next try, with no key pressed
        child.sendcontrol("q")
        assert _exit_status(child) == 0
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        assert data["details"]["directorate"] == "Growth and Communities"


def test_the_harness_reads_what_a_draft_holds(tmp_path: Path) -> None:
    path = tmp_path / "x.toml"
    path.write_text(f'id = "{DRAFT_ID}"\n[details]\ndirectorate = "ab "\n')
    assert saved_answer(path) == "ab "
    path.write_text(f'id = "{DRAFT_ID}"\n[details]\ndirectorate = "ab')
    assert saved_answer(path) is None
