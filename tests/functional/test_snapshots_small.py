"""Snapshots of the wizard's questions at 80x24, help closed and open, reached by keys.

Update them after a deliberate change with:
    pytest tests/functional/test_snapshots_small.py --snapshot-update
and look at the SVGs before keeping them.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from textual.pilot import Pilot

from .helpers import make_app
from .keys import create_by_keys, settle
from .test_snapshots import (
    SnapCompare,
    settled,
    steady,  # noqa: F401  (autouse: the same picture every run)
)

SMALL = (80, 24)


def new_draft_then(*keys: str) -> Callable[[Pilot[Any]], Any]:
    """A new kcc-eqia draft made by keys, then `keys` pressed one at a time."""

    async def go(pilot: Pilot[Any]) -> None:
        await create_by_keys(pilot, "Parking permits", "parking", "kcc-eqia")
        for key in keys:
            await pilot.press(key)
            await settle(pilot)

    return go


def test_grid_small_help_closed(snap_compare: SnapCompare, tmp_path: Path) -> None:
    app = make_app(tmp_path / "home")
    assert snap_compare(app, terminal_size=SMALL, run_before=settled(new_draft_then("ctrl+n")))


def test_grid_small_help_open(snap_compare: SnapCompare, tmp_path: Path) -> None:
    app = make_app(tmp_path / "home")
    keys = new_draft_then("ctrl+n", "tab", "f1")  # on the level picker, with its help
    assert snap_compare(app, terminal_size=SMALL, run_before=settled(keys))


def test_level_picker_after_clearing(snap_compare: SnapCompare, tmp_path: Path) -> None:
    """High chosen, the keys moved down to None (nothing stored), then Delete: no level."""
    app = make_app(tmp_path / "home")
    keys = new_draft_then("ctrl+n", "tab", "space", "down", "delete")
    assert snap_compare(app, terminal_size=SMALL, run_before=settled(keys))


def test_section_step_small_help_open(snap_compare: SnapCompare, tmp_path: Path) -> None:
    """The weighting step: its suggestion scrolls with the questions, under the help."""
    app = make_app(tmp_path / "home")
    keys = new_draft_then("ctrl+n", "ctrl+n", "ctrl+n", "f1")
    assert snap_compare(app, terminal_size=SMALL, run_before=settled(keys))
