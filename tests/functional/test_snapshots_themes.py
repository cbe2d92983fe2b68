"""Snapshots of the high-contrast theme at 80x24, chosen by keys as an officer would: Ctrl+P,
"Theme", "High contrast", Enter.

Update them after a deliberate change with:
    pytest tests/functional/test_snapshots_themes.py --snapshot-update
and look at the SVGs before keeping them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.pilot import Pilot

from .helpers import make_app
from .keys import go_to_step, palette, settle
from .test_snapshots import (
    SnapCompare,
    example_app,
    example_home,
    settled,
    steady,  # noqa: F401
)

SIZE = (80, 24)


async def high_contrast(pilot: Pilot[Any]) -> None:
    await palette(pilot, "Theme")
    await pilot.press(*"High contrast")
    await settle(pilot)
    await pilot.press("enter")
    await settle(pilot)
    assert pilot.app.theme == "high-contrast"


def test_high_contrast_start_screen_with_drafts(snap_compare: SnapCompare, tmp_path: Path) -> None:
    home = example_home(tmp_path)
    (home / "drafts" / "broken.toml").write_text('format = "eqia-assessment"\nid = ')
    assert snap_compare(make_app(home), terminal_size=SIZE, run_before=settled(high_contrast))


def test_high_contrast_screening_grid(snap_compare: SnapCompare, tmp_path: Path) -> None:
    async def then(pilot: Pilot[Any]) -> None:
        await high_contrast(pilot)
        await go_to_step(pilot, "screening")

    assert snap_compare(example_app(tmp_path), terminal_size=SIZE, run_before=settled(then))
