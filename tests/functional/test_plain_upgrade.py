"""`upgrade` in plain mode: the draft moved on to the newest version of its questionnaire,
every answer kept, after saying what changes and a yes; through a pipe, as a screen reader
user's terminal would send it."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from conftest import EqiaDirs
from eqia_tui.core.disk.draft_lock import DraftLock

from .helpers import EXAMPLE
from .test_plain_tasks import env, piped, plain_only  # noqa: F401 - env is a fixture

DRAFT = "customer-service-policy"


def older_draft(home: Path) -> Path:
    """The example, as answered with kcc-eqia 1.2 (its answers are 1.2's too)."""
    text = EXAMPLE.read_text(encoding="utf-8")
    assert 'questionnaire_version = "1.3"' in text
    path = home / "drafts" / EXAMPLE.name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text.replace('questionnaire_version = "1.3"', 'questionnaire_version = "1.2"'))
    return path


def answers_of(path: Path) -> dict[str, Any]:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    for key in ("questionnaire_version", "updated", "history"):
        data.pop(key, None)
    return data


def test_upgrade_moves_the_draft_after_a_yes_and_keeps_every_answer(
    env: dict[str, str],  # noqa: F811
    eqia_dirs: EqiaDirs,
) -> None:
    path = older_draft(eqia_dirs.home)
    before = answers_of(path)

    done = piped(env, "open", DRAFT, "--plain", answers=["upgrade", "Sam Patel", "yes"])

    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert "This draft uses kcc-eqia 1.2. Moving it: " in out
    assert "Move to kcc-eqia 1.3?" in out
    assert "Moved to kcc-eqia 1.3: " in out
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    assert data["questionnaire_version"] == "1.3"
    assert answers_of(path) == before, "every answer kept"
    last = data["history"][-1]
    assert last["author"] == "Sam Patel"
    assert "1.2" in last["comment"] and "1.3" in last["comment"]
    plain_only(done.stdout, done.stderr)


def test_upgrade_answered_no_leaves_the_file_as_it_was(
    env: dict[str, str],  # noqa: F811
    eqia_dirs: EqiaDirs,
) -> None:
    path = older_draft(eqia_dirs.home)
    text = path.read_bytes()

    done = piped(env, "open", DRAFT, "--plain", answers=["upgrade", "Sam Patel", "no"])

    assert done.returncode == 0, done.stderr
    assert "Not moved: it stays on kcc-eqia 1.2." in done.stdout
    assert path.read_bytes() == text


def test_upgrade_on_the_newest_version_says_there_is_nothing_to_move_to(
    env: dict[str, str],  # noqa: F811
    eqia_dirs: EqiaDirs,
) -> None:
    path = eqia_dirs.home / "drafts" / EXAMPLE.name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(EXAMPLE.read_bytes())

    done = piped(env, "open", DRAFT, "--plain", answers=["upgrade"])

    assert done.returncode == 0, done.stderr
    assert "the newest version installed: there is nothing to move to" in done.stdout
    assert path.read_bytes() == EXAMPLE.read_bytes()


def test_upgrade_is_refused_while_another_window_has_the_draft(
    env: dict[str, str],  # noqa: F811
    eqia_dirs: EqiaDirs,
) -> None:
    path = older_draft(eqia_dirs.home)
    text = path.read_bytes()
    lock = DraftLock(path)
    assert lock.acquire() is None
    try:
        done = piped(env, "open", DRAFT, "--plain", answers=["upgrade"])
    finally:
        lock.release()

    assert done.returncode == 2
    assert "so you cannot move it to another questionnaire version here" in done.stderr
    assert path.read_bytes() == text


def test_a_reviewer_is_told_upgrade_is_the_officers(
    env: dict[str, str],  # noqa: F811
    eqia_dirs: EqiaDirs,
) -> None:
    path = older_draft(eqia_dirs.home)
    text = path.read_bytes()

    done = piped(env, "review", DRAFT, "--plain", answers=["upgrade"])

    assert done.returncode == 2, done.stdout
    assert "You are reviewing, so you cannot move it to another questionnaire version" in (
        done.stderr
    )
    assert path.read_bytes() == text
