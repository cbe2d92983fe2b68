"""Plain mode on a draft another window holds (issue 9, one writer per draft), from outside:
the installed `eqia` through pipes and a pseudo-terminal, while this test holds the draft's
lock as another window would (`DraftLock` on its file).

The draft opens read only and says who has it; an answer or a task that would change it is
refused and the file is left byte for byte; the holder's changes are seen; `check again`
says who still has it, or, once it is let go, makes the draft writable at the same question.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pexpect
import pytest

from conftest import EqiaDirs
from eqia_tui.core.disk.draft_lock import DraftLock, Holder, read_holder
from eqia_tui.core.storage.registry import Registry
from eqia_tui.core.storage.store import Store, load_file, write_file
from eqia_tui.plain.draft import create

EQIA = Path(sys.executable).with_name("eqia")
TITLE = "Parking permits"
DRAFT_ID = "parking-permits"


def held_line(holder: Holder) -> str:
    return (
        f"Open in another window: {holder.words()}. The answers are read only here. "
        "To change them, close it there, then type check again."
    )


@pytest.fixture
def path(eqia_dirs: EqiaDirs) -> Path:
    """A new draft, with only its title: the walk starts at the directorate."""
    store = Store(eqia_dirs.home, Registry(eqia_dirs.home))
    draft = create(store, store.registry.get("kcc-eqia"), TITLE, DRAFT_ID)
    draft.close()
    return draft.path


@pytest.fixture
def other_window(path: Path) -> Iterator[DraftLock]:
    """The draft's lock, held by this test as another window holds it."""
    lock = DraftLock(path)
    assert lock.acquire() is None
    try:
        yield lock
    finally:
        lock.release()


def holder_of(path: Path) -> Holder:
    holder = read_holder(path)
    assert holder is not None
    return holder


def piped(*args: str, answers: list[str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(EQIA), *args],
        input="".join(f"{line}\n" for line in answers),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def directorate(path: Path) -> Any:
    return tomllib.loads(path.read_text(encoding="utf-8")).get("details", {}).get("directorate")


def at_a_terminal(*args: str) -> tuple[pexpect.spawn, io.StringIO]:
    seen = io.StringIO()
    child = pexpect.spawn(
        str(EQIA),
        list(args),
        encoding="utf-8",
        timeout=30,
        dimensions=(24, 80),
        env={**os.environ, "TERM": "xterm-256color"},
    )
    child.logfile_read = seen
    return child, seen


def ended(child: pexpect.spawn) -> int:
    child.expect(pexpect.EOF)
    child.close()
    status = child.exitstatus
    assert isinstance(status, int)
    return status


@pytest.mark.parametrize(
    ("args", "answers"),
    [
        (["open", DRAFT_ID, "--plain"], ["quit"]),
        (["--plain"], ["1", "quit", "quit"]),  # the start menu: the draft, then leave
        (["--plain"], [f"open {DRAFT_ID}", "quit", "quit"]),
    ],
    ids=["open", "start-menu-number", "start-menu-open"],
)
def test_a_held_draft_opens_read_only_saying_who_holds_it(
    path: Path, other_window: DraftLock, args: list[str], answers: list[str]
) -> None:
    before = path.read_bytes()
    result = piped(*args, answers=answers)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    lines = result.stdout.splitlines()
    holder = holder_of(path)
    assert holder.here and holder.pid == os.getpid()
    assert held_line(holder) in lines
    assert f"{holder.user} on this computer since " in held_line(holder)
    assert f"Nothing was changed here. The draft is in {path}." in lines
    assert path.read_bytes() == before


def test_a_held_file_opened_from_the_start_menu_is_read_only(
    path: Path, other_window: DraftLock
) -> None:
    result = piped("--plain", answers=[f"file {path}", "quit", "quit"])
    assert result.returncode == 0, result.stderr
    assert held_line(holder_of(path)) in result.stdout.splitlines()


def test_a_review_of_a_held_draft_is_still_refused(path: Path, other_window: DraftLock) -> None:
    before = path.read_bytes()
    result = piped("review", DRAFT_ID, "--plain", answers=["quit"])
    assert result.returncode == 2
    assert len(result.stderr.splitlines()) == 1
    assert f"is open in another window ({holder_of(path).words()})" in result.stderr
    assert path.read_bytes() == before


def test_an_answer_from_a_pipe_is_refused_and_the_file_unchanged(
    path: Path, other_window: DraftLock
) -> None:
    before = path.read_bytes()
    result = piped("open", DRAFT_ID, "--plain", answers=["Environment and Transport"])
    assert result.returncode == 2
    assert result.stderr == f"details.directorate: {held_line(holder_of(path))}\n"
    assert path.read_bytes() == before


@pytest.mark.parametrize(
    ("task", "doing"),
    [
        ("clear", None),
        ("sign", "sign it off"),
        ("reopen", "reopen it"),
        ("version Added the actions", "save a version"),
        ("submit", "submit it for review"),
        ("comment", "add a comment"),
        ("reopen comment 1", "open a comment again"),
    ],
)
def test_a_task_that_would_change_it_is_refused(
    path: Path, other_window: DraftLock, task: str, doing: str | None
) -> None:
    before = path.read_bytes()
    result = piped("open", DRAFT_ID, "--plain", answers=[task, "quit"])
    assert result.returncode == 2
    holder = holder_of(path)
    if doing is None:
        expected = f"details.directorate: {held_line(holder)}"
    else:
        expected = (
            f"Open in another window: {holder.words()}, so you cannot {doing} here. "
            "Close it there, then type check again."
        )
    assert result.stderr.splitlines() == [expected]
    assert path.read_bytes() == before


def test_check_export_and_help_still_work(
    path: Path, other_window: DraftLock, tmp_path: Path
) -> None:
    before = path.read_bytes()
    page = tmp_path / "permits.html"
    answers = ["check", f"export html {page}", "help", "save", "quit"]
    result = piped("open", DRAFT_ID, "--plain", answers=answers)
    assert result.returncode == 0, result.stderr
    out = result.stdout.splitlines()
    assert any(line.startswith("Error: ") for line in out), "the check is said"
    assert f"Exported to {page}" in out
    assert TITLE in page.read_text(encoding="utf-8")
    assert any(line.startswith("check again: ") for line in out), "help lists check again"
    assert not [line for line in out if line.startswith(("sign: ", "version: ", "comment: "))]
    assert "Nothing to save: nothing can change here while another window has it." in out
    assert path.read_bytes() == before


def test_check_again_while_still_held_says_who_holds_it(
    path: Path, other_window: DraftLock
) -> None:
    before = path.read_bytes()
    result = piped("open", DRAFT_ID, "--plain", answers=["check again", "quit"])
    assert result.returncode == 0, result.stderr
    out = result.stdout.splitlines()
    still = f"Still open in another window: {holder_of(path).words()}."
    assert still in out
    after = out[out.index(still) + 1 :]
    assert "Directorate" in after, "the same question is asked again"
    assert path.read_bytes() == before


def test_a_change_by_the_holder_is_seen(path: Path, other_window: DraftLock) -> None:
    """The holder saves an answer while this walk waits: `check again` shows it, and so does
    going back to the question."""
    child, seen = at_a_terminal("open", DRAFT_ID, "--plain")
    child.expect_exact("Answer: ")
    assert "Enter leaves it unanswered." in seen.getvalue()
    registry = Registry(path.parent.parent)
    loaded = load_file(path, registry)
    loaded.assessment.set("details", "directorate", "Adult Social Care")
    write_file(path, loaded.questionnaire, loaded.assessment)  # as the holder saves
    child.sendline("check again")
    child.expect_exact("Still open in another window: ")
    child.expect_exact("Enter keeps: Adult Social Care")
    child.expect_exact("Answer: ")
    loaded.assessment.set("details", "directorate", "Growth")
    write_file(path, loaded.questionnaire, loaded.assessment)
    child.sendline("skip")
    child.expect_exact("Answer: ")
    child.sendline("back")  # each question is read again from the file
    child.expect_exact("Enter keeps: Growth")
    child.expect_exact("Answer: ")
    child.sendline("quit")
    assert ended(child) == 0
    assert directorate(path) == "Growth"


def test_an_answer_at_a_terminal_is_refused_and_asked_again(
    path: Path, other_window: DraftLock
) -> None:
    before = path.read_bytes()
    child, _ = at_a_terminal("open", DRAFT_ID, "--plain")
    child.expect_exact("Answer: ")
    child.sendline("Environment and Transport")
    child.expect_exact("The answers are read only here.")
    child.expect_exact("Answer: ")
    child.sendline("quit")
    assert ended(child) == 0
    assert path.read_bytes() == before


def test_check_again_once_let_go_makes_it_writable_at_the_same_question(
    path: Path, other_window: DraftLock
) -> None:
    child, seen = at_a_terminal("open", DRAFT_ID, "--plain")
    child.expect_exact("Answer: ")
    assert held_line(holder_of(path)) in seen.getvalue().replace("\r\n", "\n")
    loaded = load_file(path, Registry(path.parent.parent))
    loaded.assessment.set("details", "directorate", "Growth")
    write_file(path, loaded.questionnaire, loaded.assessment)  # its last save
    other_window.release()  # then the other window closes
    child.sendline("check again")
    child.expect_exact("The other window has let the draft go. You can change the answers now.")
    child.expect_exact("Directorate")
    child.expect_exact("Enter keeps: Growth")  # read again, as that window left it
    child.expect_exact("Answer: ")
    child.sendline("Environment and Transport")
    child.expect_exact("Saved.")  # not refused as a change made by another program
    child.expect_exact("Answer: ")
    child.sendline("quit")
    assert ended(child) == 0
    assert directorate(path) == "Environment and Transport"
    assert read_holder(path) is None, "the walk let the draft go when it ended"


def test_check_again_from_a_pipe_takes_a_draft_let_go(path: Path) -> None:
    """The lock is let go between the opening and `check again`: the pipe's next line is an
    answer, saved."""
    lock = DraftLock(path)
    assert lock.acquire() is None
    child = subprocess.Popen(
        [str(EQIA), "open", DRAFT_ID, "--plain"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert child.stdout is not None
        for line in child.stdout:
            if line.startswith("Open in another window: "):
                break
        lock.release()
        out, err = child.communicate("check again\nEnvironment and Transport\nquit\n", timeout=60)
    finally:
        lock.release()
        if child.poll() is None:
            child.kill()
            child.wait()
    assert child.returncode == 0, err
    lines = out.splitlines()
    assert "The other window has let the draft go. You can change the answers now." in lines
    assert f"Saved. The draft is in {path}." in lines
    assert directorate(path) == "Environment and Transport"
