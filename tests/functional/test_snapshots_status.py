"""Snapshots of the review status at 80x24: the summary with the status, why sign-off must
wait, the moves allowed now and the open comments first; and the start screen's Status and
Open comments columns. The draft is the example, with its review (changes requested, two
open comments and one resolved); its questionnaire, kcc-eqia 1.3, asks for a review.

Update them after a deliberate change with:
    pytest tests/functional/test_snapshots_status.py --snapshot-update
and look at the SVGs before keeping them.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from textual.pilot import Pilot

from .helpers import EXAMPLE, home_with_example, make_app
from .keys import go_to_step
from .test_snapshots import (
    settled,
    steady,  # noqa: F401
)

SnapCompare = Callable[..., bool]
SIZE = (80, 24)


def example_home(tmp_path: Path) -> Path:
    return home_with_example(tmp_path / "home")


def test_summary_with_the_review_status_and_open_comments(
    snap_compare: SnapCompare, tmp_path: Path
) -> None:
    home = example_home(tmp_path)
    app = make_app(home, open_path=home / "drafts" / EXAMPLE.name)

    async def to_summary(pilot: Pilot[Any]) -> None:
        await go_to_step(pilot, "summary")

    assert snap_compare(app, terminal_size=SIZE, run_before=settled(to_summary))


def test_start_screen_with_the_status_column(snap_compare: SnapCompare, tmp_path: Path) -> None:
    app = make_app(example_home(tmp_path))
    assert snap_compare(app, terminal_size=SIZE, run_before=settled())
