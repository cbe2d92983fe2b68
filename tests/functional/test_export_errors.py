"""Exporting from the wizard to a place that cannot be written, then to one that can.

The export dialog is reached as an officer would: the draft opened from the start screen
lands on its summary, and the Export button is clicked. Paths are typed. A failure says why
in plain words, in the dialog and as a notification, opens the dialog again as it was, and
leaves the draft's file exactly as it was; the app carries on.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, RadioSet

from eqia_tui.tui.dialogs.choice import ChoiceDialog
from eqia_tui.tui.dialogs.confirm import ConfirmDialog
from eqia_tui.tui.dialogs.path_dialog import PathDialog
from eqia_tui.tui.screens.wizard import WizardScreen

from .helpers import EXAMPLE, make_app, settle

SAFE = "Your answers are safe: choose another place, or try again."


def home_on_summary(tmp_path: Path) -> tuple[Path, Path]:
    """The example as the only draft, left on its summary."""
    home = tmp_path / "home"
    (home / "drafts").mkdir(parents=True)
    draft = home / "drafts" / EXAMPLE.name
    text = EXAMPLE.read_text(encoding="utf-8")
    assert "\nresume_at = " not in text
    draft.write_text(text.replace("\n[details]", 'resume_at = "summary"\n\n[details]', 1))
    return home, draft


async def open_export_dialog(pilot: Pilot[Any]) -> PathDialog:
    await settle(pilot)
    await pilot.press("enter")  # open the only draft
    await settle(pilot)
    assert isinstance(pilot.app.screen, WizardScreen)
    await pilot.click("#export")
    await settle(pilot)
    dialog = pilot.app.screen
    assert isinstance(dialog, PathDialog)
    return dialog


async def export_to(pilot: Pilot[Any], path: Path) -> None:
    """Clear the path box (Ctrl+U), type `path`, Enter."""
    await pilot.press("ctrl+u", *str(path), "enter")
    await settle(pilot)


def toasts(pilot: Pilot[Any]) -> str:
    return "\n".join(str(toast.render()) for toast in pilot.app.screen.query("Toast"))


def shown_under_the_box(dialog: PathDialog) -> str:
    return str(dialog.query_one("#path-error").render())


async def keep_comments(pilot: Pilot[Any]) -> None:
    """The example has review comments: a document to read asks whether to keep them."""
    assert isinstance(pilot.app.screen, ChoiceDialog)
    await pilot.click("#keep")
    await settle(pilot)


async def choose_markdown(pilot: Pilot[Any]) -> None:
    """Tab from the path to the formats; the third is Markdown."""
    await pilot.press("tab", "down", "down", "enter", "shift+tab")
    await settle(pilot)


async def test_a_file_where_the_folder_should_be_then_a_good_folder(tmp_path: Path) -> None:
    home, draft = home_on_summary(tmp_path)
    before = draft.read_bytes()
    blocker = tmp_path / "exports"
    blocker.write_text("a file, where the officer thought a folder was\n")
    bad = blocker / "policy.md"
    good = tmp_path / "out" / "policy.md"
    good.parent.mkdir()
    app = make_app(home)
    async with app.run_test(size=(120, 36), notifications=True) as pilot:
        dialog = await open_export_dialog(pilot)
        await choose_markdown(pilot)
        await export_to(pilot, bad)
        await keep_comments(pilot)
        message = f"Could not write {bad}: {blocker} is a file, not a folder. {SAFE}"
        again = app.screen
        assert isinstance(again, PathDialog), "the dialog opens again, to choose elsewhere"
        assert again is not dialog
        assert shown_under_the_box(again) == message
        assert message in toasts(pilot)
        assert again.query_one("#path", Input).value == str(bad), "the path is kept"
        assert again.query_one(RadioSet).pressed_index == 2, "so is the format: Markdown"
        assert app.is_running
        assert draft.read_bytes() == before, "the draft is untouched"
        assert blocker.read_text() == "a file, where the officer thought a folder was\n"

        await export_to(pilot, good)
        await keep_comments(pilot)
        assert isinstance(app.screen, WizardScreen)
        assert f"Exported to {good}" in toasts(pilot)
    assert good.read_text(encoding="utf-8").startswith(
        "# Equality Impact Assessment: Customer Service Policy\n"
    )
    assert draft.read_bytes() == before, "exporting never changes the draft"
    assert not list(good.parent.glob(".*.tmp")), "no half-written file is left"


async def test_a_folder_that_does_not_exist_is_reported_and_nothing_is_made(
    tmp_path: Path,
) -> None:
    home, draft = home_on_summary(tmp_path)
    before = draft.read_bytes()
    missing = tmp_path / "no-such-folder" / "policy.toml"
    app = make_app(home)
    async with app.run_test(size=(120, 36), notifications=True) as pilot:
        await open_export_dialog(pilot)
        await export_to(pilot, missing)
        again = app.screen
        assert isinstance(again, PathDialog)
        said = shown_under_the_box(again)
        assert said.startswith(f"Could not write {missing}: ")
        assert said.endswith(SAFE)
        assert app.is_running
    assert not missing.parent.exists(), "no folder is made without asking"
    assert draft.read_bytes() == before


async def test_a_folder_that_does_not_exist_is_named_in_plain_words(tmp_path: Path) -> None:
    home, _ = home_on_summary(tmp_path)
    missing = tmp_path / "no-such-folder" / "policy.toml"
    app = make_app(home)
    async with app.run_test(size=(120, 36)) as pilot:
        await open_export_dialog(pilot)
        await export_to(pilot, missing)
        again = app.screen
        assert isinstance(again, PathDialog)
        said = shown_under_the_box(again)
    assert "no such file or directory" not in said
    assert f"there is no folder {missing.parent}" in said


def read_only_folders_are_obeyed() -> bool:
    """False where a folder's permissions do not stop this user writing (root, usually)."""
    with tempfile.TemporaryDirectory() as folder:
        os.chmod(folder, 0o555)
        try:
            Path(folder, "probe").touch()
        except PermissionError:
            return True
        finally:
            os.chmod(folder, 0o755)
    return False


@pytest.mark.skipif(
    not read_only_folders_are_obeyed(),
    reason="this user (root) may write into a read-only folder: nothing would fail",
)
async def test_a_read_only_folder_is_reported_then_a_good_folder_works(tmp_path: Path) -> None:
    home, draft = home_on_summary(tmp_path)
    before = draft.read_bytes()
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o555)
    bad = locked / "policy.toml"
    good = tmp_path / "policy.toml"
    app = make_app(home)
    try:
        async with app.run_test(size=(120, 36), notifications=True) as pilot:
            await open_export_dialog(pilot)
            await export_to(pilot, bad)
            again = app.screen
            assert isinstance(again, PathDialog)
            message = f"Could not write {bad}: permission denied. {SAFE}"
            assert shown_under_the_box(again) == message
            assert message in toasts(pilot)
            await export_to(pilot, good)
            assert isinstance(app.screen, WizardScreen)
    finally:
        locked.chmod(0o755)
    assert not list(locked.iterdir()), "nothing, not even a temporary file, is left"
    assert good.read_text(encoding="utf-8").startswith('format = "eqia-assessment"\n')
    assert draft.read_bytes() == before


async def test_a_folder_given_as_the_file_is_explained_before_anything_is_written(
    tmp_path: Path,
) -> None:
    home, draft = home_on_summary(tmp_path)
    before = draft.read_bytes()
    folder = tmp_path / "out"
    folder.mkdir()
    app = make_app(home)
    async with app.run_test(size=(120, 36), notifications=True) as pilot:
        dialog = await open_export_dialog(pilot)
        await export_to(pilot, folder)
        assert app.screen is dialog, "the same dialog stays, to add the name"
        assert shown_under_the_box(dialog) == f"{folder} is a folder. Please add the file name."
        await pilot.press(*"/policy.toml", "enter")
        await settle(pilot)
        assert isinstance(app.screen, WizardScreen)
    assert (folder / "policy.toml").read_text(encoding="utf-8").startswith("format = ")
    assert draft.read_bytes() == before


async def test_an_existing_file_is_replaced_only_when_the_officer_says_so(
    tmp_path: Path,
) -> None:
    home, _ = home_on_summary(tmp_path)
    target = tmp_path / "policy.toml"
    target.write_text("the officer's own notes\n")
    app = make_app(home)
    async with app.run_test(size=(120, 36), notifications=True) as pilot:
        await open_export_dialog(pilot)
        await export_to(pilot, target)
        asked = app.screen
        assert isinstance(asked, ConfirmDialog)
        assert str(asked.query_one(".dialog-title").render()) == "Replace the file?"
        assert str(asked.query_one(".dialog-body").render()) == (
            f"{target} already exists. Replace it with this export?"
        )
        await pilot.press("enter")  # Cancel has the focus
        await settle(pilot)
        assert isinstance(app.screen, WizardScreen)
        assert target.read_text() == "the officer's own notes\n"

        await pilot.click("#export")
        await settle(pilot)
        await export_to(pilot, target)
        await pilot.press("shift+tab", "enter")  # from Cancel to Replace
        await settle(pilot)
        assert isinstance(app.screen, WizardScreen)
        assert f"Exported to {target}" in toasts(pilot)
    assert target.read_text(encoding="utf-8").startswith('format = "eqia-assessment"\n')


async def test_a_name_that_says_another_format_is_questioned_before_writing(
    tmp_path: Path,
) -> None:
    home, _ = home_on_summary(tmp_path)
    target = tmp_path / "policy.md"
    app = make_app(home)
    async with app.run_test(size=(120, 36), notifications=True) as pilot:
        await open_export_dialog(pilot)  # the first format, the assessment file (TOML)
        await export_to(pilot, target)
        asked = app.screen
        assert isinstance(asked, ConfirmDialog)
        assert str(asked.query_one(".dialog-body").render()) == (
            "policy.md is named like a Markdown file, but the export is an assessment file "
            "(TOML). Export it anyway?"
        )
        await pilot.press("enter")  # Cancel has the focus: back to the dialog, as it was
        await settle(pilot)
        again = app.screen
        assert isinstance(again, PathDialog)
        assert again.query_one(Input).value == str(target)
        assert not target.exists()
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("shift+tab", "enter")  # Export anyway
        await settle(pilot)
        assert isinstance(app.screen, WizardScreen)
    assert target.read_text(encoding="utf-8").startswith('format = "eqia-assessment"\n')
