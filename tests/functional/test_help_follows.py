"""The help panel always explains the question the cursor is on, however the officer got
there: Ctrl+Down to the next characteristic keeps the cursor in the same boxes (now
holding the next characteristic's answers), and the palette moves it while it is open."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.pilot import Pilot
from textual.widgets import Static

from .helpers import EXAMPLE, home_with_example, make_app, settle
from .keys import go_to_characteristic, go_to_step


def help_text(pilot: Pilot[Any]) -> str:
    return str(pilot.app.screen.query_one("#help-body", Static).render())


def example(tmp_path: Path) -> Any:
    home = home_with_example(tmp_path / "home")
    return make_app(home, open_path=home / "drafts" / EXAMPLE.name)


async def test_the_next_characteristic_shows_its_question_help(tmp_path: Path) -> None:
    async with example(tmp_path).run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await go_to_step(pilot, "screening")
        assert help_text(pilot).startswith("Age"), help_text(pilot)
        await pilot.press("ctrl+down")
        await settle(pilot)
        shown = help_text(pilot)
        assert shown.startswith("Disability"), shown
        assert "Affected less favourably" in shown


async def test_a_characteristic_chosen_in_the_palette_shows_its_question_help(
    tmp_path: Path,
) -> None:
    async with example(tmp_path).run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await go_to_step(pilot, "screening")
        await go_to_characteristic(pilot, "gender")
        shown = help_text(pilot)
        assert shown.startswith("Gender"), shown
        assert "Affected less favourably" in shown
