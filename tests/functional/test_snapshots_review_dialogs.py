"""Snapshots of the dialogs the review brought, at 80x24, each reached by keys: "Submit
anyway?" when the check finds errors, the choice to keep or leave out the comments in an
exported document, and the move of a draft to the newest version of its questionnaire.

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
from eqia_tui.tui.screens.wizard.upgrading import COMMAND

from .helpers import EXAMPLE, home_with_example, make_app
from .keys import palette
from .test_export_errors import choose_markdown, export_to, home_on_summary
from .test_snapshots import (
    settled,
    steady,  # noqa: F401
)
from .test_upgrade_by_keys import DRAFT

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


def test_move_a_draft_to_the_newest_questionnaire(
    snap_compare: SnapCompare, tmp_path: Path
) -> None:
    save_config(Config(author="Jo Smith"))
    path = tmp_path / "home" / "drafts" / "parking.toml"
    path.parent.mkdir(parents=True)
    path.write_text(DRAFT, encoding="utf-8")
    app = make_app(tmp_path / "home", open_path=path)

    async def move(pilot: Pilot[Any]) -> None:
        # The notice offering the move goes after a few seconds: the picture is the dialog.
        pilot.app.clear_notifications()
        await palette(pilot, COMMAND)

    assert snap_compare(app, terminal_size=SIZE, run_before=settled(move))
