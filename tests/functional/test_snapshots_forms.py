"""Snapshots of the screens fixed for 80x24 in issue 11: the action plan, the new-action
form, the step bar at 80 and 120 columns, and the message of a window too small.

Update with `pytest tests/functional/test_snapshots_forms.py --snapshot-update`, and look
at the pictures before keeping them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from .keys import go_to_step
from .test_snapshots import (
    SnapCompare,
    at_step,
    example_app,
    settled,
    steady,  # noqa: F401 (an autouse fixture)
    still,
)


def test_action_plan_wraps_its_answers_at_80x24(snap_compare: SnapCompare, tmp_path: Path) -> None:
    app = example_app(tmp_path)
    assert snap_compare(app, terminal_size=(80, 24), run_before=at_step("action_plan"))


def test_new_action_form_at_80x24(snap_compare: SnapCompare, tmp_path: Path) -> None:
    async def add_an_action(pilot: Pilot[Any]) -> None:
        await go_to_step(pilot, "action_plan")
        await still(pilot)
        await pilot.press("a")

    app = example_app(tmp_path)
    assert snap_compare(app, terminal_size=(80, 24), run_before=settled(add_an_action))


@pytest.mark.parametrize("size", [(80, 24), (120, 36)], ids=["80x24", "120x36"])
def test_step_bar_names_steps_as_room_allows(
    snap_compare: SnapCompare, tmp_path: Path, size: tuple[int, int]
) -> None:
    app = example_app(tmp_path)
    assert snap_compare(app, terminal_size=size, run_before=at_step("monitoring"))


def test_a_window_too_small_says_the_smallest_size(
    snap_compare: SnapCompare, tmp_path: Path
) -> None:
    app = example_app(tmp_path)
    assert snap_compare(app, terminal_size=(60, 20), run_before=settled())
