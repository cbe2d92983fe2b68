"""Snapshots of the dialogs the review brought, at 80x24, each reached by keys: "Submit
anyway?" when the check finds errors, and the choice to keep or leave out the comments in
an exported document. (The move to the newest questionnaire shows a notice that goes after a
few seconds; its dialog is tested by keys in test_upgrade_by_keys.py.)

Update them after a deliberate change with:

    pytest tests/functional/test_snapshots_review_dialogs.py --snapshot-update

and look at the SVGs before keeping them.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from textual.pilot import Pilot

from eqia_tui.core.storage.config import Config, save_config

from .helpers import EXAMPLE, home_with_example, make_app
from .keys import palette
from .test_export_errors import choose_markdown, export_to, home_on_summary
from .test_snapshots import (
    settled,
    steady,  # noqa: F401
)

SnapCompare = Callable[..., bool]
SIZE = (80, 24)


def test_submit_anyway_when_the_check_finds_errors(
    snap_compare: SnapCompare, tmp_path: Path
) -> None:
    save_config(Config(author="Pat Brown-Clarke"))
    home = home_with_example(tmp_path / "home")
    app = make_app(home, open_path=home / "drafts" / EXAMPLE.name)

    async def submit(pilot: Pilot[Any]) -> None:
        await palette(pilot, "Submit for review")

    assert snap_compare(app, terminal_size=SIZE, run_before=settled(submit))


def test_keep_or_leave_out_the_comments_of_an_export(
    snap_compare: SnapCompare, tmp_path: Path
) -> None:
    home, _ = home_on_summary(tmp_path)
    app = make_app(home)

    async def export(pilot: Pilot[Any]) -> None:
        await pilot.press("enter")  # open the only draft
        await palette(pilot, "Export the assessment")
        await choose_markdown(pilot)
        # Nothing is written until the choice is made, and the choice is not made here.
        await export_to(pilot, Path("/nowhere/public.md"))

    assert snap_compare(app, terminal_size=SIZE, run_before=settled(export))
