"""A file that cannot be written from a dialog: a message in the app, nothing lost, no crash.

Tests run as root, which can write to a read-only folder, so most failures here are made by
the write itself raising the error the system would give (permission denied, disk full).
"""

from __future__ import annotations

import errno
import os
import tomllib
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, RadioSet

import eqia_tui.core.disk.draft_writer as draft_writer_module
import eqia_tui.core.disk.files
import eqia_tui.core.storage.config
import eqia_tui.core.storage.store
import eqia_tui.tui.screens.wizard.export as export_module
import eqia_tui.tui.screens.wizard.saving as saving_module
from eqia_tui.core.disk.draft_lock import DraftLock
from eqia_tui.tui.app import EqiaApp
from eqia_tui.tui.dialogs.new_assessment import NewAssessmentDialog
from eqia_tui.tui.dialogs.path_dialog import PathDialog
from eqia_tui.tui.screens.drafts import DraftsScreen
from eqia_tui.tui.screens.wizard import WizardScreen

from .helpers import EXAMPLE, Said, home_with_example, make_app, new_draft, settle, wizard
from .keys import go_to_step
from .test_export_errors import choose_markdown, keep_comments


def refuse(code: int) -> Any:
    """A write that fails as the system would, with this error number."""

    def write(path: Path, content: str | bytes) -> None:
        raise OSError(code, os.strerror(code), str(path))

    return write


def errors(shown: Said) -> list[str]:
    return [message for message, severity in shown if severity == "error"]


async def type_text(pilot: Pilot[Any], text: str) -> None:
    await pilot.press(*text)


# --- Saving the officer's name (config.toml) from the "Save a version" dialog -------------------


async def test_a_name_that_cannot_be_remembered_still_saves_the_version(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, said: Said
) -> None:
    config = tmp_path / "settings"
    monkeypatch.setenv("EQIA_CONFIG_DIR", str(config))
    monkeypatch.setattr(eqia_tui.core.storage.config, "atomic_write", refuse(errno.EACCES))
    app = make_app(tmp_path / "home")
    async with app.run_test(size=(120, 36)) as pilot:
        await new_draft(pilot)
        await pilot.press("ctrl+r")
        await settle(pilot)
        await type_text(pilot, "Priya Shah")
        await pilot.press("tab")
        await type_text(pilot, "First draft")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, WizardScreen), "the app carries on, on the wizard"
        assert errors(said) == [
            f"Could not save your name to {config / 'config.toml'}: permission denied. "
            "Your answers are safe: your name is used this time, "
            "and you will be asked for it again next time."
        ]
        history = wizard(app).draft.assessment.history
        assert [(h["author"], h["comment"]) for h in history] == [("Priya Shah", "First draft")]
        assert ("Saved version 0.1.", "information") in said
        # Not remembered, so asked again: nothing pretends it was kept.
        await pilot.press("ctrl+r")
        await settle(pilot)
        assert app.screen.query("#prompt-author")
        await pilot.press("escape")
        await settle(pilot)
    saved = tomllib.loads((tmp_path / "home" / "drafts" / "parking.toml").read_text())
    assert [h["author"] for h in saved["history"]] == ["Priya Shah"]
    assert not (config / "config.toml").exists()


async def test_a_settings_folder_that_cannot_be_made_is_reported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, said: Said
) -> None:
    """A real failure, even for root: the settings folder's place is taken by a file."""
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the settings folder would go\n")
    monkeypatch.setenv("EQIA_CONFIG_DIR", str(blocked / "eqia"))
    app = make_app(tmp_path / "home")
    async with app.run_test(size=(120, 36)) as pilot:
        await new_draft(pilot)
        await pilot.press("ctrl+r")
        await settle(pilot)
        await type_text(pilot, "Priya Shah")
        await pilot.press("tab")
        await type_text(pilot, "First draft")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, WizardScreen)
        [message] = errors(said)
        assert message.startswith(
            f"Could not save your name to {blocked / 'eqia' / 'config.toml'}: "
            f"{blocked} is a file, not a folder. Your answers are safe"
        )
        assert len(wizard(app).draft.assessment.history) == 1


# --- Saving a version when the draft itself cannot be written -----------------------------------


async def test_a_version_that_cannot_be_written_says_so_and_is_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, said: Said
) -> None:
    monkeypatch.setenv("EQIA_CONFIG_DIR", str(tmp_path / "settings"))
    app = make_app(tmp_path / "home")
    async with app.run_test(size=(120, 36)) as pilot:
        await new_draft(pilot)
        monkeypatch.setattr(draft_writer_module, "atomic_write", refuse(errno.ENOSPC))
        await pilot.press("ctrl+r")
        await settle(pilot)
        await type_text(pilot, "Priya Shah")
        await pilot.press("tab")
        await type_text(pilot, "First draft")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, WizardScreen)
        path = tmp_path / "home" / "drafts" / "parking.toml"
        assert errors(said) == [
            f"Could not save to {path}: no space left on device. Version 0.1 is kept here, "
            "and saved with your next change: press Ctrl+S to try again."
        ]
        assert not any(message.startswith("Saved version") for message, _ in said)
        assert [h["comment"] for h in wizard(app).draft.assessment.history] == ["First draft"]
        # Once there is room again, Ctrl+S writes it.
        monkeypatch.setattr(
            draft_writer_module, "atomic_write", eqia_tui.core.disk.files.atomic_write
        )
        await pilot.press("ctrl+s")
        await settle(pilot)
        saved = tomllib.loads(path.read_text())
        assert [h["comment"] for h in saved["history"]] == ["First draft"]


# --- A new draft when the drafts folder cannot be written ---------------------------------------


async def test_a_draft_that_cannot_be_created_keeps_the_dialog_open_with_what_was_typed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, said: Said
) -> None:
    home = tmp_path / "home"
    monkeypatch.setattr(eqia_tui.core.storage.store, "atomic_write", refuse(errno.EACCES))
    app = make_app(home)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+n")
        await settle(pilot)
        await type_text(pilot, "Parking permits")
        await pilot.press("enter")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, NewAssessmentDialog), "the dialog stays open"
        assert dialog.query_one("#title", Input).value == "Parking permits"
        assert dialog.query_one("#id", Input).value == "parking-permits"
        message = (
            f"Could not create parking-permits.toml in {home / 'drafts'}: permission denied. "
            "What you typed is still in the form."
        )
        assert errors(said) == [message]
        assert message in str(dialog.query_one("#new-error").render())
        # When the folder can be written again, Start makes the draft from the same form.
        monkeypatch.setattr(
            eqia_tui.core.storage.store, "atomic_write", eqia_tui.core.disk.files.atomic_write
        )
        await pilot.press("enter")
        await settle(pilot)
        assert wizard(app).draft.assessment.title == "Parking permits"
    assert (home / "drafts" / "parking-permits.toml").exists()


async def test_a_drafts_folder_that_cannot_be_made_is_reported(tmp_path: Path, said: Said) -> None:
    """A real failure, even for root: a file stands where the drafts folder would be."""
    home = tmp_path / "home"
    home.mkdir()
    (home / "drafts").write_text("not a folder\n")
    app = make_app(home)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+n")
        await settle(pilot)
        await type_text(pilot, "Parking permits")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, NewAssessmentDialog)
        [message] = errors(said)
        assert message == (
            f"Could not create parking-permits.toml in {home / 'drafts'}: "
            f"{home / 'drafts'} is a file, not a folder. What you typed is still in the form."
        )


# --- Deleting a draft ----------------------------------------------------------------------------


async def test_a_draft_that_cannot_be_deleted_says_so_and_stays_listed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, said: Said
) -> None:
    home = home_with_example(tmp_path / "home")
    target = home / "drafts" / EXAMPLE.name
    unlink = Path.unlink

    def refused(self: Path, missing_ok: bool = False) -> None:
        if self == target:
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(self))
        unlink(self, missing_ok=missing_ok)

    monkeypatch.setattr(Path, "unlink", refused)
    app = make_app(home)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+d")
        await settle(pilot)
        await pilot.click("#confirm")
        await settle(pilot)
        assert isinstance(app.screen, DraftsScreen)
        assert errors(said) == [
            f"Could not delete {target}: permission denied. The draft is still there."
        ]
        assert not any(message.startswith("Deleted") for message, _ in said)
    assert target.exists()


async def test_a_draft_open_in_another_window_is_not_deleted(tmp_path: Path, said: Said) -> None:
    home = home_with_example(tmp_path / "home")
    target = home / "drafts" / EXAMPLE.name
    other_window = DraftLock(target)
    assert other_window.acquire() is None
    try:
        app = make_app(home)
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            await pilot.press("ctrl+d")
            await settle(pilot)
            await pilot.click("#confirm")
            await settle(pilot)
            assert isinstance(app.screen, DraftsScreen)
            [message] = errors(said)
            assert "is open in another window" in message
            assert message.endswith("The draft is still there.")
        assert target.exists()
    finally:
        other_window.release()


# --- Exporting -----------------------------------------------------------------------------------


async def _export_dialog(pilot: Pilot[Any]) -> PathDialog:
    await go_to_step(pilot, "summary")
    await pilot.click("#export")
    await settle(pilot)
    dialog = pilot.app.screen
    assert isinstance(dialog, PathDialog)
    return dialog


async def test_an_export_that_cannot_be_written_opens_the_dialog_again_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, said: Said
) -> None:
    home = home_with_example(tmp_path / "home")
    out = tmp_path / "out"
    out.mkdir()
    app = make_app(home, open_path=home / "drafts" / EXAMPLE.name)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        dialog = await _export_dialog(pilot)
        box = dialog.query_one("#path", Input)
        await pilot.press("ctrl+u", *str(out / "policy.md"))  # clear the box, type the path
        await choose_markdown(pilot)
        assert box.value == str(out / "policy.md")
        monkeypatch.setattr(export_module, "atomic_write", refuse(errno.ENOSPC))
        await pilot.click("#go")
        await settle(pilot)
        await keep_comments(pilot)
        message = (
            f"Could not write {out / 'policy.md'}: no space left on device. "
            "Your answers are safe: choose another place, or try again."
        )
        assert errors(said) == [message]
        again = app.screen
        assert isinstance(again, PathDialog), "the dialog opens again, to try elsewhere"
        assert again.query_one("#path", Input).value == str(out / "policy.md")
        assert again.query_one(RadioSet).pressed_index == 2
        assert message in str(again.query_one("#path-error").render())
        monkeypatch.setattr(export_module, "atomic_write", eqia_tui.core.disk.files.atomic_write)
        await pilot.click("#go")
        await settle(pilot)
        await keep_comments(pilot)  # asked again: the choice is not remembered
        assert isinstance(app.screen, WizardScreen)
    assert (out / "policy.md").read_text().startswith("# ")


async def test_an_export_path_with_a_name_too_long_is_explained_in_the_dialog(
    tmp_path: Path, said: Said
) -> None:
    """A real failure, even for root: no folder can hold a file name of 300 letters."""
    home = home_with_example(tmp_path / "home")
    app = make_app(home, open_path=home / "drafts" / EXAMPLE.name)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        dialog = await _export_dialog(pilot)
        dialog.query_one("#path", Input).value = str(tmp_path / ("a" * 300 + ".toml"))
        await pilot.click("#go")
        await settle(pilot)
        assert app.screen is dialog
        assert str(dialog.query_one("#path-error").render()) == (
            "That path cannot be used: file name too long."
        )


# --- Opening a file ------------------------------------------------------------------------------


async def test_an_open_path_with_a_name_too_long_is_explained_in_the_dialog(
    tmp_path: Path, said: Said
) -> None:
    app = make_app(tmp_path / "home")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+o")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, PathDialog)
        dialog.query_one("#path", Input).value = str(tmp_path / ("a" * 300 + ".toml"))
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is dialog
        assert str(dialog.query_one("#path-error").render()) == (
            "That path cannot be used: file name too long."
        )


# --- Autosave and quitting while the disk refuses every write (issue 9) ------------------------


def refuse_replace(monkeypatch: pytest.MonkeyPatch, folder: Path, code: int = errno.ENOSPC) -> None:
    """Every file put in place in `folder` fails, as on a full disk; elsewhere it works."""
    real = os.replace

    def replace(src: Any, dst: Any, *args: Any, **kwargs: Any) -> None:
        if Path(dst).parent == folder:
            raise OSError(code, os.strerror(code), str(dst))
        real(src, dst, *args, **kwargs)

    monkeypatch.setattr(os, "replace", replace)


def saved_status(app: EqiaApp) -> str:
    return str(wizard(app).query_one("#saved").render())


async def wait_until_saved(pilot: Pilot[Any]) -> None:
    for _ in range(100):
        await pilot.pause(0.05)
        if saved_status(pilot.app).startswith("Saved"):  # type: ignore[arg-type]
            return


async def test_saves_that_fail_say_not_saved_and_try_again_by_themselves(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, said: Said
) -> None:
    monkeypatch.setattr(saving_module, "RETRY_EVERY", 0.2, raising=False)
    home = tmp_path / "home"
    path = home / "drafts" / "parking.toml"
    app = make_app(home)
    async with app.run_test(size=(120, 36)) as pilot:
        await new_draft(pilot)
        before = path.read_bytes()
        with monkeypatch.context() as failing:
            refuse_replace(failing, home / "drafts")
            await type_text(pilot, "Growth")
            await pilot.press("ctrl+s")
            await settle(pilot)
            assert saved_status(app).startswith("Not saved")
            assert errors(said) == [
                f"Could not save to {path}: no space left on device. Your answers are still "
                "here, and eqia tries again every few seconds."
            ]
            assert path.read_bytes() == before
            assert not list((home / "drafts").glob(".*.tmp")), "no half-written file is left"
        # The disk works again: the next try saves, without another key.
        await wait_until_saved(pilot)
        assert saved_status(app).startswith("Saved")
        assert tomllib.loads(path.read_text())["details"]["directorate"] == "Growth"
        assert len(errors(said)) == 1, "one message, not one for each try"


async def test_quitting_while_saves_fail_asks_and_staying_keeps_the_edits(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, said: Said
) -> None:
    from eqia_tui.tui.dialogs.choice import ChoiceDialog

    monkeypatch.setattr(saving_module, "RETRY_EVERY", 0.2, raising=False)
    home = tmp_path / "home"
    path = home / "drafts" / "parking.toml"
    app = make_app(home)
    async with app.run_test(size=(120, 36)) as pilot:
        await new_draft(pilot)
        with monkeypatch.context() as failing:
            refuse_replace(failing, home / "drafts")
            await type_text(pilot, "Growth")
            await pilot.press("ctrl+q")
            await settle(pilot)
            assert isinstance(app.screen, ChoiceDialog), "quitting asks first"
            await pilot.press("escape")  # stay
            await settle(pilot)
            assert isinstance(app.screen, WizardScreen)
            assert wizard(app).draft.assessment.get("details", "directorate") == "Growth"
        await wait_until_saved(pilot)
        await pilot.press("ctrl+q")
        await settle(pilot)
    assert app.return_code == 0
    assert tomllib.loads(path.read_text())["details"]["directorate"] == "Growth"


async def test_quitting_while_saves_fail_can_save_the_draft_elsewhere(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, said: Said
) -> None:
    home = tmp_path / "home"
    rescue = tmp_path / "usb" / "parking.toml"
    rescue.parent.mkdir()
    app = make_app(home)
    async with app.run_test(size=(120, 36)) as pilot:
        await new_draft(pilot)
        refuse_replace(monkeypatch, home / "drafts")
        await type_text(pilot, "Growth")
        await pilot.press("ctrl+q")
        await settle(pilot)
        await pilot.click("#elsewhere")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, PathDialog)
        dialog.query_one("#path", Input).value = str(rescue)
        await pilot.press("enter")
        await settle(pilot)
    assert tomllib.loads(rescue.read_text())["details"]["directorate"] == "Growth"


async def test_closing_a_draft_while_saves_fail_asks_too(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, said: Said
) -> None:
    from eqia_tui.tui.dialogs.choice import ChoiceDialog

    home = tmp_path / "home"
    app = make_app(home)
    async with app.run_test(size=(120, 36)) as pilot:
        await new_draft(pilot)
        refuse_replace(monkeypatch, home / "drafts")
        await type_text(pilot, "Growth")
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, ChoiceDialog)
        await pilot.click("#leave")  # leave without saving: the officer said so
        await settle(pilot)
        assert isinstance(app.screen, DraftsScreen)


# --- Signing off while the disk refuses every write (issue 9) ----------------------------------


async def test_a_sign_off_that_cannot_be_written_says_not_saved_and_is_saved_on_a_retry(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, said: Said
) -> None:
    """Sign-off is kept in memory and tried again like any other save: the app never says
    "Signed off." before the file holds it."""
    from datetime import date

    from .test_sign_off import home_with_ready_example, open_draft_and_sign_off

    monkeypatch.setattr(saving_module, "RETRY_EVERY", 0.2, raising=False)
    home = home_with_ready_example(tmp_path, review_date=date(2027, 7, 27))
    path = home / "drafts" / "customer-service-policy.toml"
    app = make_app(home)
    async with app.run_test(size=(120, 36)) as pilot:
        await open_draft_and_sign_off(pilot)
        before = path.read_bytes()
        with monkeypatch.context() as failing:
            refuse_replace(failing, home / "drafts")
            await pilot.press(*"Priya Shah", "tab", *"Jo Smith", "enter")
            await settle(pilot)
            assert isinstance(app.screen, WizardScreen)
            assert not any(m.startswith("Signed off.") for m, _ in said), "not saved yet"
            assert errors(said) == [
                f"Could not save to {path}: no space left on device. The sign-off is kept "
                "here but not saved yet: eqia tries again every few seconds, and says when "
                "it has saved it."
            ]
            assert saved_status(app).startswith("Not saved: no space left on device")
            signed = wizard(app).draft.assessment.signed
            assert signed is not None and signed["by"] == "Jo Smith", "kept in memory"
            assert path.read_bytes() == before
        # The disk works again: the next try saves the sign-off, without another key.
        await wait_until_saved(pilot)
        assert saved_status(app).startswith("Saved")
        assert (f"Saved to {path} again. Nothing was lost.", "information") in said
        assert tomllib.loads(path.read_text())["signed"]["by"] == "Jo Smith"
        await pilot.press("ctrl+q")
        await settle(pilot)
    assert app.return_code == 0
    assert len(errors(said)) == 1, "one message, not one for each try"


async def test_a_reopening_that_cannot_be_written_says_not_saved_and_is_saved_on_a_retry(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, said: Said
) -> None:
    from datetime import date

    from .test_palette import run_command
    from .test_sign_off import home_with_ready_example, open_draft_and_sign_off

    monkeypatch.setattr(saving_module, "RETRY_EVERY", 0.2, raising=False)
    home = home_with_ready_example(tmp_path, review_date=date(2027, 7, 27))
    path = home / "drafts" / "customer-service-policy.toml"
    app = make_app(home)
    async with app.run_test(size=(120, 36)) as pilot:
        await open_draft_and_sign_off(pilot)
        await pilot.press(*"Priya Shah", "tab", *"Jo Smith", "enter")
        await settle(pilot)
        assert "signed" in tomllib.loads(path.read_text())
        with monkeypatch.context() as failing:
            refuse_replace(failing, home / "drafts")
            await run_command(pilot, "reopen", "Reopen for changes")
            await pilot.press("shift+tab", "enter")  # from Cancel to Reopen
            await settle(pilot)
            assert isinstance(app.screen, WizardScreen)
            assert not any(m.startswith("Reopened") for m, _ in said), "not saved yet"
            assert errors(said) == [
                f"Could not save to {path}: no space left on device. The reopening is kept "
                "here but not saved yet: eqia tries again every few seconds, and says when "
                "it has saved it."
            ]
            assert saved_status(app).startswith("Not saved: no space left on device")
            assert wizard(app).draft.assessment.signed is None, "reopened in memory"
            assert "signed" in tomllib.loads(path.read_text())
        await wait_until_saved(pilot)
        assert "signed" not in tomllib.loads(path.read_text())
        assert (f"Saved to {path} again. Nothing was lost.", "information") in said
