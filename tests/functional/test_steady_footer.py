"""The footer is rebuilt only when its keys change (src/eqia_tui/tui/widgets/steady_footer.py).

Its first keys are built as soon as the screen says what they are, so on the start screen
they are usually in the first frame (bench/startup_driver.py shows when the screen settles);
that depends on the order Textual runs things in, so it is measured, not tested here."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.widgets import Input
from textual.widgets._footer import FooterKey

from eqia_tui.tui.widgets.steady_footer import SteadyFooter

from .helpers import EXAMPLE, home_with_example, make_app, settle
from .test_drafts_index import add_draft, warm


def keys(screen: Any) -> list[str]:
    return [key.description for key in screen.query_one(SteadyFooter).query(FooterKey)]


async def test_the_footer_is_rebuilt_only_when_its_keys_change(tmp_path: Path) -> None:
    add_draft(tmp_path, "libraries", "Library hours", changed=1_600_000_000)
    warm(tmp_path)
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 24)) as pilot:
        await settle(pilot)
        footer = app.screen.query_one(SteadyFooter)
        before = list(footer.query(FooterKey))
        assert "Delete" in keys(app.screen)
        # Typing in the filter changes nothing the footer shows: the same key widgets.
        await pilot.press(*"lib")
        await settle(pilot)
        assert list(footer.query(FooterKey)) == before
        # No draft matches: nothing to open or delete, and the footer says so.
        await pilot.press(*"zzz")
        await settle(pilot)
        assert "Delete" not in keys(app.screen)
        await pilot.press("backspace", "backspace", "backspace")
        await settle(pilot)
        assert "Delete" in keys(app.screen)
        assert isinstance(app.focused, Input)


async def test_moving_between_two_answers_of_one_kind_keeps_the_footer(tmp_path: Path) -> None:
    """Textual says the keys may have changed each time the focus moves; from one one-line
    answer to the next they did not, and the footer is left as it is."""
    home = home_with_example(tmp_path / "home")
    app = make_app(home, open_path=home / "drafts" / EXAMPLE.name)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        footer = app.screen.query_one(SteadyFooter)
        moves = 0
        for _ in range(6):
            before = app.focused
            shown = list(footer.query(FooterKey))
            await pilot.press("tab")
            await settle(pilot)
            if isinstance(before, Input) and isinstance(app.focused, Input):
                moves += 1
                assert list(footer.query(FooterKey)) == shown, "the same keys, drawn again"
        assert moves >= 1, "no move from one one-line answer to another"
