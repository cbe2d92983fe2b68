"""Snapshots of comments in the wizard (issue 12): the marks on a step, a characteristic and
a question, the comments panel, the comment dialog and the review banner, at 80x24 and
120x36, reached by keys.

Update them after a deliberate change with:
    pytest tests/functional/test_snapshots_review.py --snapshot-update
and look at the SVGs before keeping them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from eqia_tui.core.disk.locations import config_file
from eqia_tui.core.storage.config import Config, save_config

from .helpers import EXAMPLE, make_app
from .keys import go_to_characteristic, go_to_step, palette, settle
from .test_review_comments import focus_question
from .test_snapshots import (
    SIZES,
    SnapCompare,
    example_app,
    example_home,
    settled,
    steady,  # noqa: F401
)


@pytest.fixture(autouse=True)
def full_screen(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EQIA_PLAIN", "0")


def review_app(tmp_path: Path) -> Any:
    """The example opened for review, as `eqia review` opens it."""
    home = example_home(tmp_path)
    return make_app(home, open_path=home / "drafts" / EXAMPLE.name, review=True)


@pytest.mark.parametrize("size", SIZES)
def test_review_mode_on_a_characteristic_with_a_comment(
    snap_compare: SnapCompare, tmp_path: Path, size: tuple[int, int]
) -> None:
    """The banner, the marks on the step and the characteristic, and the comment with it."""

    async def then(pilot: Pilot[Any]) -> None:
        await go_to_characteristic(pilot, "religion_or_belief")

    assert snap_compare(review_app(tmp_path), terminal_size=size, run_before=settled(then))


@pytest.mark.parametrize("size", SIZES)
def test_a_question_with_a_comment_and_its_reply(
    snap_compare: SnapCompare, tmp_path: Path, size: tuple[int, int]
) -> None:
    """The officer on a question with an open comment: its mark, the thread under it."""

    async def then(pilot: Pilot[Any]) -> None:
        # Scrolling to the question ends where it ends, not part of the way there.
        pilot.app.animation_level = "none"
        await go_to_step(pilot, "full_assessment")
        await focus_question(pilot, "involvement_and_engagement")
        await pilot.press("f4")  # to the comments
        await settle(pilot)

    assert snap_compare(example_app(tmp_path), terminal_size=size, run_before=settled(then))


@pytest.mark.parametrize("size", SIZES)
def test_the_comment_dialog_in_review_mode(
    snap_compare: SnapCompare, tmp_path: Path, size: tuple[int, int]
) -> None:
    """C on a characteristic: what the comment is about, the name asked once, the words."""

    async def then(pilot: Pilot[Any]) -> None:
        await go_to_characteristic(pilot, "age")
        await pilot.press("c")
        await settle(pilot)
        await pilot.press(*"Sam Okafor")

    assert snap_compare(review_app(tmp_path), terminal_size=size, run_before=settled(then))


def test_high_contrast_review_mode(snap_compare: SnapCompare, tmp_path: Path) -> None:
    async def then(pilot: Pilot[Any]) -> None:
        await palette(pilot, "Theme")
        await pilot.press(*"High contrast")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await go_to_characteristic(pilot, "religion_or_belief")

    save_config(Config(author="Sam Okafor"), config_file())
    assert snap_compare(review_app(tmp_path), terminal_size=(80, 24), run_before=settled(then))
