"""Issue 9: recovery copies (`eqia restore`), the lock on a draft, and the temporary files a
save cut short leaves behind (`eqia list` says so, `eqia clean` removes them, losing nothing)."""

from __future__ import annotations

import os
import shutil
import socket
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from eqia_tui.core.disk import draft_lock
from eqia_tui.core.disk.draft_lock import DraftLock, Holder, held_elsewhere, holder_path
from eqia_tui.core.disk.files import atomic_write
from eqia_tui.core.storage import recovery

from .helpers import EXAMPLE, Run

ID = "customer-service-policy"


def home_with_draft(tmp_path: Path) -> tuple[Path, Path]:
    home = tmp_path / "home"
    (home / "drafts").mkdir(parents=True)
    path = home / "drafts" / EXAMPLE.name
    shutil.copy(EXAMPLE, path)
    return home, path


# --- Recovery copies ---------------------------------------------------------------------------


def test_copies_rotate_newest_first(tmp_path: Path) -> None:
    start = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
    for n in range(recovery.KEEP + 3):
        recovery.keep_copy(tmp_path, ID, f"n = {n}\n".encode(), start + timedelta(minutes=n))
    found = recovery.copies(tmp_path, ID)
    assert len(found) == recovery.KEEP
    assert [c.number for c in found] == list(range(1, recovery.KEEP + 1))
    assert found[0].path.read_text() == f"n = {recovery.KEEP + 2}\n"
    assert found[0].made == start + timedelta(minutes=recovery.KEEP + 2)


def test_restore_lists_the_copies(run: Run, tmp_path: Path) -> None:
    home, path = home_with_draft(tmp_path)
    recovery.keep_copy(home, ID, path.read_bytes())
    code, out, err = run("--home", home, "restore", ID)
    assert code == 0
    [line] = out.splitlines()
    assert line.startswith("  1  ") and line.endswith("bytes  Customer Service Policy")
    assert f"eqia restore {ID} N" in err


def test_restore_brings_a_copy_back_and_keeps_the_draft_as_it_was(run: Run, tmp_path: Path) -> None:
    home, path = home_with_draft(tmp_path)
    good = path.read_bytes()
    recovery.keep_copy(home, ID, good)
    path.write_text(path.read_text().replace("Customer Service Policy", "Emptied"))
    emptied = path.read_bytes()
    code, out, _ = run("--home", home, "restore", ID, "1")
    assert code == 0, out
    assert path.read_bytes() == good
    assert "Brought back copy 1" in out
    newest = recovery.copies(home, ID)[0]
    assert newest.path.read_bytes() == emptied, "the draft as it was is kept too"


def test_restore_refuses_while_a_window_has_the_draft(run: Run, tmp_path: Path) -> None:
    home, path = home_with_draft(tmp_path)
    recovery.keep_copy(home, ID, b'format = "eqia-assessment"\n')
    before = path.read_bytes()
    lock = DraftLock(path)
    assert lock.acquire() is None
    try:
        code, out, err = run("--home", home, "restore", ID, "1")
    finally:
        lock.release()
    assert code == 2 and out == ""
    assert err.startswith(f"{path}: is open in eqia (") and "close it there" in err
    assert len(err.splitlines()) == 1
    assert path.read_bytes() == before


def test_restore_refuses_a_number_with_no_copy(run: Run, tmp_path: Path) -> None:
    home, _ = home_with_draft(tmp_path)
    code, _, err = run("--home", home, "restore", ID, "3")
    assert code == 2
    assert err.strip().endswith("there is no recovery copy 3: there are none")


def test_restore_refuses_a_copy_that_is_not_whole(run: Run, tmp_path: Path) -> None:
    home, path = home_with_draft(tmp_path)
    before = path.read_bytes()
    recovery.keep_copy(home, ID, before[: len(before) // 2] + b'"unfinished')
    code, _, err = run("--home", home, "restore", ID, "1")
    assert code == 2 and "is not a whole assessment file" in err
    assert path.read_bytes() == before


# --- The lock on a draft -----------------------------------------------------------------------


def test_a_second_lock_on_a_draft_is_told_who_holds_it(tmp_path: Path) -> None:
    path = tmp_path / "parking.toml"
    path.write_text("")
    first, second = DraftLock(path), DraftLock(path)
    assert first.acquire() is None
    holder = second.acquire()
    assert holder is not None and holder.is_me()
    assert holder.user and "this computer" in holder.words()
    first.release()
    assert not holder_path(path).exists()
    assert second.acquire() is None
    second.release()


def test_a_lock_from_another_computer_counts_while_its_heartbeat_is_fresh(tmp_path: Path) -> None:
    path = tmp_path / "parking.toml"
    now = datetime.now(UTC).replace(microsecond=0)
    other = Holder("sam", "pc-elsewhere", 4242, now - timedelta(hours=1), now)
    atomic_write(holder_path(path), other.text())
    assert held_elsewhere(path) == other
    stale = Holder("sam", "pc-elsewhere", 4242, now - timedelta(hours=1), now - timedelta(hours=1))
    atomic_write(holder_path(path), stale.text())
    lock = DraftLock(path)
    assert lock.acquire() is None, "a holder with no heartbeat for an hour has gone"
    assert draft_lock.read_holder(path) is not None
    assert draft_lock.read_holder(path).host == socket.gethostname()  # type: ignore[union-attr]
    lock.release()


def test_a_holder_note_left_by_a_dead_process_here_does_not_lock(tmp_path: Path) -> None:
    path = tmp_path / "parking.toml"
    now = datetime.now(UTC).replace(microsecond=0)
    dead = Holder("sam", socket.gethostname(), 999_999_999, now, now)
    atomic_write(holder_path(path), dead.text())
    assert held_elsewhere(path) is None


# --- Temporary files left by a save cut short ----------------------------------------------------


def _leftover(folder: Path, name: str, text: str, age: float) -> Path:
    path = folder / name
    path.write_text(text)
    then = time.time() - age
    os.utime(path, (then, then))
    return path


def test_list_notes_leftovers_and_clean_keeps_newer_text(run: Run, tmp_path: Path) -> None:
    home, path = home_with_draft(tmp_path)
    drafts = path.parent
    then = time.time() - 3600
    os.utime(path, (then, then))
    older = _leftover(drafts, f".{EXAMPLE.name}.abc123.tmp", "old", age=7200)
    newer = _leftover(drafts, f".{EXAMPLE.name}.def456.tmp", "newer text", age=600)
    in_use = _leftover(drafts, f".{EXAMPLE.name}.ghi789.tmp", "a save under way", age=0)
    code, out, err = run("--home", home, "list")
    assert code == 0 and ID in out
    assert err.splitlines() == [
        f"note: 2 temporary files were left in {drafts} by a save that was cut short. "
        "Remove them with: eqia clean (1 newer than its draft: eqia clean keeps it as a "
        "recovery copy)"
    ]
    code, out, _ = run("--home", home, "clean")
    assert code == 0
    assert out.splitlines()[0] == f"Removed 2 temporary files from {drafts}."
    assert not older.exists() and not newer.exists()
    assert in_use.exists(), "a file a running save is writing is not touched"
    [kept] = recovery.copies(home, ID)
    assert kept.path.read_text() == "newer text"
    assert run("--home", home, "list")[2] == ""


@pytest.mark.parametrize("mode", [0o600, 0o640, 0o664])
def test_atomic_write_gives_the_new_file_the_old_ones_permissions(
    tmp_path: Path, mode: int
) -> None:
    path = tmp_path / "parking.toml"
    path.write_text("old")
    path.chmod(mode)
    atomic_write(path, "new")
    assert path.stat().st_mode & 0o777 == mode


def test_clean_names_a_newer_leftover_it_cannot_keep(run: Run, tmp_path: Path) -> None:
    """A draft whose file name is not an id has no recovery folder: its newer leftover is
    left in place, and `eqia clean` says so and where, rather than "nothing to clean"."""
    home, _ = home_with_draft(tmp_path)
    drafts = home / "drafts"
    draft = drafts / "Notes from Jo.toml"
    draft.write_text("old text\n", encoding="utf-8")
    then = time.time() - 3600
    os.utime(draft, (then, then))
    newer = _leftover(drafts, ".Notes from Jo.toml.abc123.tmp", "newer text", age=600)
    code, out, _ = run("--home", home, "clean")
    assert code == 0
    assert out.splitlines() == [
        f"Left 1 temporary file in {drafts}: it is newer than its draft, whose name is not an "
        "id, so it cannot be kept as a recovery copy. Copy what you need from it in an "
        "editor, then delete it:",
        f"  {newer}",
    ]
    assert newer.read_text() == "newer text"
