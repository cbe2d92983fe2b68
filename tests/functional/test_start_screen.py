"""The start screen and its file dialogs, driven as an officer would at 80x24."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from textual.pilot import Pilot
from textual.widgets import Button, Input, RadioSet, Static

from eqia_tui.tui.app import EqiaApp
from eqia_tui.tui.dialogs.path_dialog import PathDialog
from eqia_tui.tui.screens.drafts import DraftsScreen
from eqia_tui.tui.screens.drafts_table import DraftsTable

from .helpers import EXAMPLE, example_answers, home_with_example, make_app, settle, wizard

SMALL = (80, 24)

LONG_TITLE = "Review of the council's approach to home to school transport for young people"


def add_draft(home: Path, assessment_id: str, title: str) -> None:
    """A copy of the example with another id and title."""
    text = EXAMPLE.read_text()
    text = text.replace('id = "customer-service-policy"', f'id = "{assessment_id}"', 1)
    text = text.replace('title = "Customer Service Policy"', f'title = "{title}"', 1)
    (home / "drafts" / f"{assessment_id}.toml").write_text(text)


def updated_day() -> str:
    """The example's last change, as the drafts list shows it (the date only)."""
    return f"{example_answers()['updated']:%d/%m/%Y}"


def table(app: EqiaApp) -> DraftsTable:
    return app.screen.query_one(DraftsTable)


def footer_keys(app: EqiaApp) -> list[str]:
    """The descriptions the footer shows on the current screen."""
    return [b.binding.description for b in app.screen.active_bindings.values() if b.binding.show]


def detail(app: EqiaApp) -> str:
    line = app.screen.query_one("#draft-detail", Static)
    assert line.display
    return str(line.render())


async def highlight(pilot: Pilot[Any], assessment_id: str) -> None:
    drafts = table(pilot.app)  # type: ignore[arg-type]
    drafts.move_cursor(row=drafts.get_row_index(assessment_id))
    await settle(pilot)


# --- The drafts table ----------------------------------------------------------------------------


async def test_the_columns_an_officer_needs_come_first_and_the_row_fits_80_columns(
    tmp_path: Path,
) -> None:
    home = home_with_example(tmp_path)
    add_draft(home, "school-transport", LONG_TITLE)
    app = make_app(home)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        drafts = table(app)
        keys = [column.key.value for column in drafts.ordered_columns]
        # At 80 columns the last change and the questionnaire are in the line under the
        # table only, so the title keeps some room.
        assert keys == ["title", "status", "comments", "progress", "rating", "due"]
        # Nothing is pushed off to the right: the table never scrolls sideways.
        assert drafts.virtual_size.width <= drafts.size.width
        assert drafts.max_scroll_x == 0
        cells = drafts.get_row("customer-service-policy")
        assert str(cells[0]) == "Customer Service Policy"
        assert str(cells[1]) == "Changes requested" and cells[2] == "2"
        assert cells[3] == "90%" and cells[4] == "Medium so far"  # Religion is unanswered
        assert str(cells[5]) == "Overdue"
        assert "Last changed" in detail(app) and "Questionnaire: kcc-eqia." in detail(app)
        await pilot.resize_terminal(120, 36)
        await settle(pilot)
        keys = [column.key.value for column in drafts.ordered_columns]
        assert keys[-2:] == ["updated", "questionnaire"], "a wider screen has room for them"
        cells = drafts.get_row("customer-service-policy")
        assert cells[6] == updated_day()  # the date only
        assert str(cells[7]) == "kcc-eqia"
        assert drafts.max_scroll_x == 0
        await pilot.resize_terminal(*SMALL)
        await settle(pilot)
        # The long title is cut short in its column, and given in full under the table.
        assert drafts.columns[drafts.ordered_columns[0].key].width < len(LONG_TITLE)
        await highlight(pilot, "school-transport")
        assert LONG_TITLE in detail(app)


async def test_the_title_column_takes_the_room_a_wider_screen_gives_up_to_the_longest_title(
    tmp_path: Path,
) -> None:
    home = home_with_example(tmp_path)
    add_draft(home, "school-transport", LONG_TITLE)
    app = make_app(home)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        narrow = table(app).ordered_columns[0].width
        await pilot.resize_terminal(100, 30)
        await settle(pilot)
        assert table(app).ordered_columns[0].width > narrow
        assert table(app).max_scroll_x == 0
        await pilot.resize_terminal(200, 30)
        await settle(pilot)
        assert table(app).ordered_columns[0].width == len(LONG_TITLE)
        assert len(table(app).ordered_columns) == 8, "every column fits"


async def test_a_broken_draft_gives_its_whole_reason_under_the_table(tmp_path: Path) -> None:
    home = home_with_example(tmp_path)
    (home / "drafts" / "broken.toml").write_text('format = "eqia-assessment"\nid = ')
    app = make_app(home)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        assert "cannot be read" in str(table(app).get_row("broken")[0])
        await highlight(pilot, "broken")
        text = detail(app)
        assert "broken.toml cannot be read" in text
        assert "TOML syntax error" in text and "press Ctrl+D to delete it" in text
        # Enter cannot open it, so the footer does not offer it; Delete still works.
        assert "Open" not in footer_keys(app)
        assert "Delete" in footer_keys(app)


async def test_the_line_under_the_table_says_what_is_due_in_words(tmp_path: Path) -> None:
    app = make_app(home_with_example(tmp_path))
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        text = detail(app)
        assert text.startswith("Customer Service Policy.")
        assert "Review overdue." in text
        assert f"Last changed {updated_day()} at" in text
        assert "Changes requested by Jordan Hale on 11 August 2015. 2 open comments." in text


async def test_a_questionnaire_id_cut_short_in_its_column_is_given_in_full_below(
    tmp_path: Path,
) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        app.create("commissioning-cycle", "Library opening hours", "library-hours")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        await highlight(pilot, "library-hours")
        assert "Questionnaire: commissioning-cycle." in detail(app)
        await pilot.resize_terminal(120, 36)  # room for the Questionnaire column
        await settle(pilot)
        cell = table(app).get_cell("library-hours", "questionnaire")
        assert str(cell) == "commissioning-cycle"
        assert "Questionnaire: commissioning-cycle." in detail(app), "cut short in its column"


async def test_a_file_whose_name_is_not_an_id_cannot_be_deleted_from_the_list(
    tmp_path: Path,
) -> None:
    home = tmp_path
    (home / "drafts").mkdir()
    shutil.copy(EXAMPLE, home / "drafts" / "My Policy.toml")
    app = make_app(home)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        assert "rename it to" in detail(app)
        assert "Delete" not in footer_keys(app)
        await pilot.press("ctrl+d")
        await settle(pilot)
        assert isinstance(app.screen, DraftsScreen)


# --- Keys ----------------------------------------------------------------------------------------


async def test_delete_and_open_are_offered_only_when_a_draft_is_listed(tmp_path: Path) -> None:
    app = make_app(tmp_path / "empty-home")
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        keys = footer_keys(app)
        assert "Delete" not in keys and "Open" not in keys
        assert {"New", "Open a file", "Help", "Quit"} <= set(keys)

    app = make_app(home_with_example(tmp_path / "home"))
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        assert {"Delete", "Open"} <= set(footer_keys(app))
        await pilot.press(*"no such draft")
        await settle(pilot)
        keys = footer_keys(app)
        assert "Delete" not in keys and "Open" not in keys
        # With nothing listed, Ctrl+D is the filter box's own key again.
        await pilot.press("home", "ctrl+d")
        assert app.screen.query_one("#filter", Input).value == "o such draft"


async def test_f1_shows_and_hides_the_help_on_the_start_screen(tmp_path: Path) -> None:
    app = make_app(home_with_example(tmp_path))
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        panel = app.screen.query_one("#drafts-help")
        drafts = app.screen.query_one("#drafts-main")
        assert not panel.display
        await pilot.press("f1")
        await settle(pilot)
        # Narrow, the help takes the list's place rather than squeeze it.
        assert panel.display and not drafts.display
        assert "save themselves" in str(panel.query_one(Static).render())
        assert "Help" in footer_keys(app)
        await pilot.press("f1")
        await settle(pilot)
        assert not panel.display and drafts.display
        assert app.screen.query_one("#filter", Input).has_focus

    app = make_app(home_with_example(tmp_path))
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        # Wide, it is a panel beside the list.
        assert not app.screen.query_one("#drafts-help").display
        await pilot.press("f1")
        await settle(pilot)
        assert app.screen.query_one("#drafts-help").display
        assert app.screen.query_one("#drafts-main").display
        assert table(app).max_scroll_x == 0


async def test_the_command_palette_offers_only_theme_and_quit_of_textuals_own(
    tmp_path: Path,
) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        titles = [command.title for command in app.get_system_commands(app.screen)]
        assert titles == ["Theme", "Quit"]


# --- Opening a file ------------------------------------------------------------------------------


async def open_dialog(pilot: Pilot[Any], path: Path | str) -> PathDialog:
    await pilot.press("ctrl+o")
    await settle(pilot)
    dialog = pilot.app.screen
    assert isinstance(dialog, PathDialog)
    dialog.query_one("#path", Input).value = str(path)
    await pilot.press("enter")
    await settle(pilot)
    return dialog


def dialog_error(dialog: PathDialog) -> str:
    error = dialog.query_one("#path-error", Static)
    return str(error.render()) if error.has_class("-shown") else ""


async def test_a_file_that_is_not_an_assessment_keeps_the_dialog_open_to_fix_the_path(
    tmp_path: Path,
) -> None:
    word = tmp_path / "files" / "report.docx"
    word.parent.mkdir()
    word.write_bytes(b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00\xff\xfe")
    good = word.parent / "policy.toml"
    shutil.copy(EXAMPLE, good)
    app = make_app(tmp_path / "home")
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        dialog = await open_dialog(pilot, word)
        assert app.screen is dialog
        assert dialog_error(dialog).startswith("This is not an assessment file: it is not a text")
        assert dialog.query_one("#path", Input).has_focus
        await pilot.press("backspace")
        assert dialog_error(dialog) == ""  # editing the path clears the message
        dialog.query_one("#path", Input).value = str(good)
        await pilot.press("enter")
        await settle(pilot)
        assert wizard(app).path == good
        assert app.last_folder == good.parent


async def test_other_files_that_cannot_be_opened_say_why_in_the_dialog(tmp_path: Path) -> None:
    folder = tmp_path / "files"
    folder.mkdir()
    (folder / "settings.toml").write_text('name = "not an assessment"\n')
    (folder / "bad.toml").write_text(
        EXAMPLE.read_text().replace('negative_impact = "medium"', 'negative_impact = "x"', 1)
    )
    (folder / "page.html").write_text("<!DOCTYPE html>\n<html lang='en-GB'></html>\n")
    app = make_app(tmp_path / "home")
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        dialog = await open_dialog(pilot, folder / "page.html")
        assert dialog_error(dialog) == (
            "This is not an assessment file: it is an HTML file, not the TOML file eqia saves. "
            "Assessment files end in .toml."
        )
        dialog.query_one("#path", Input).value = str(folder / "missing.toml")
        await pilot.press("enter")
        await settle(pilot)
        assert (
            dialog_error(dialog) == f"There is no file {folder / 'missing.toml'}. Check the name."
        )
        dialog.query_one("#path", Input).value = str(folder / "settings.toml")
        await pilot.press("enter")
        await settle(pilot)
        assert 'format = "eqia-assessment"' in dialog_error(dialog)
        dialog.query_one("#path", Input).value = str(folder / "bad.toml")
        await pilot.press("enter")
        await settle(pilot)
        message = dialog_error(dialog)
        assert message.startswith("This assessment cannot be opened: ")
        assert "negative_impact" in message
        assert app.screen is dialog


async def test_the_open_dialog_starts_in_the_folder_used_last(tmp_path: Path) -> None:
    folder = tmp_path / "files"
    folder.mkdir()
    shutil.copy(EXAMPLE, folder / "policy.toml")
    app = make_app(tmp_path / "home")
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        await open_dialog(pilot, folder / "policy.toml")
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("ctrl+o")
        await settle(pilot)
        assert app.screen.query_one("#path", Input).value == f"{folder}/"


# --- Exporting -----------------------------------------------------------------------------------


async def test_the_export_dialog_tabs_to_export_before_cancel_and_remembers_the_folder(
    tmp_path: Path,
) -> None:
    home = home_with_example(tmp_path / "home")
    out = tmp_path / "out"
    out.mkdir()
    app = make_app(home, open_path=home / "drafts" / EXAMPLE.name)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        wizard(app).action_export()
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, PathDialog)
        path_box = dialog.query_one("#path", Input)
        assert path_box.has_focus
        await pilot.press("tab")
        assert dialog.query_one("#format", RadioSet).has_focus
        await pilot.press("tab")
        assert dialog.query_one("#go", Button).has_focus
        await pilot.press("tab")
        assert dialog.query_one("#cancel", Button).has_focus

        path_box.focus()
        path_box.value = str(out / "first.toml")
        await pilot.press("enter")
        await settle(pilot)
        assert (out / "first.toml").exists()

        wizard(app).action_export()
        await settle(pilot)
        path_box = app.screen.query_one("#path", Input)
        assert path_box.value == str(out / "customer-service-policy.toml")
