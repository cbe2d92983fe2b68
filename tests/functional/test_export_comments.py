"""Exporting from the wizard with or without the review's comments (issue 12, "Exports").

The example carries three review comments. A document to read (here Markdown) asks whether
to keep them or leave them out of a copy to publish; the status history is in either way.
Driven by keys and clicks from the summary's Export button.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

from textual.widgets import Input

from eqia_tui.tui.dialogs.choice import ChoiceDialog
from eqia_tui.tui.dialogs.path_dialog import PathDialog
from eqia_tui.tui.screens.wizard import WizardScreen

from .helpers import EXAMPLE, make_app, settle
from .test_export_errors import (
    choose_markdown,
    export_to,
    home_on_summary,
    open_export_dialog,
    toasts,
)

EXAMPLE_DATA = tomllib.loads(EXAMPLE.read_text(encoding="utf-8"))
COMMENTS = [c["text"] for c in EXAMPLE_DATA["review_record"]["comments"]]


async def test_leaving_the_comments_out_of_a_document_to_publish(tmp_path: Path) -> None:
    home, draft = home_on_summary(tmp_path)
    before = draft.read_bytes()
    target = tmp_path / "public.md"
    app = make_app(home)
    async with app.run_test(size=(120, 36), notifications=True) as pilot:
        await open_export_dialog(pilot)
        await choose_markdown(pilot)
        await export_to(pilot, target)
        asked = app.screen
        assert isinstance(asked, ChoiceDialog)
        assert str(asked.query_one(".dialog-title").render()) == "Comments in the export"
        body = str(asked.query_one(".dialog-body").render())
        assert "3 comments from its review, 2 still open" in body
        assert not target.exists(), "nothing is written before the choice"
        await pilot.press("shift+tab", "enter")  # from Back to "Leave the comments out"
        await settle(pilot)
        assert isinstance(app.screen, WizardScreen)
        assert f"Exported to {target}" in toasts(pilot)
    text = target.read_text(encoding="utf-8")
    assert "## Review" in text and "Jordan Hale" in text and "Status history" in text
    assert not any(comment in text for comment in COMMENTS)
    assert "The comments are left out of this copy." in text
    assert draft.read_bytes() == before


async def test_keeping_the_comments(tmp_path: Path) -> None:
    home, _ = home_on_summary(tmp_path)
    target = tmp_path / "full.md"
    app = make_app(home)
    async with app.run_test(size=(120, 36), notifications=True) as pilot:
        await open_export_dialog(pilot)
        await choose_markdown(pilot)
        await export_to(pilot, target)
        assert isinstance(app.screen, ChoiceDialog)
        await pilot.click("#keep")
        await settle(pilot)
        assert isinstance(app.screen, WizardScreen)
    text = target.read_text(encoding="utf-8")
    assert all(comment in text for comment in COMMENTS)
    assert "Comment c1: Open" in text


async def test_back_returns_to_the_export_dialog_as_it_was(tmp_path: Path) -> None:
    home, _ = home_on_summary(tmp_path)
    target = tmp_path / "policy.md"
    app = make_app(home)
    async with app.run_test(size=(120, 36), notifications=True) as pilot:
        await open_export_dialog(pilot)
        await choose_markdown(pilot)
        await export_to(pilot, target)
        assert isinstance(app.screen, ChoiceDialog)
        await pilot.press("enter")  # Back has the focus
        await settle(pilot)
        again = app.screen
        assert isinstance(again, PathDialog)
        assert again.query_one("#path", Input).value == str(target)
    assert not target.exists()


async def test_the_data_file_is_written_whole_without_asking(tmp_path: Path) -> None:
    home, _ = home_on_summary(tmp_path)
    target = tmp_path / "policy.toml"
    app = make_app(home)
    async with app.run_test(size=(120, 36), notifications=True) as pilot:
        await open_export_dialog(pilot)  # the first format is the assessment file (TOML)
        await export_to(pilot, target)
        assert isinstance(app.screen, WizardScreen)
    assert "[[review_record.comments]]" in target.read_text(encoding="utf-8")
