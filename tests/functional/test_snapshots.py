"""Snapshots of every screen at 80x24 and 120x36, to catch layouts that break or cramp.

Update them after a deliberate UI change with:
    pytest tests/functional/test_snapshots.py --snapshot-update
and look at the SVGs (or the report) before keeping them.
"""

from __future__ import annotations

import os
import time
import tomllib
from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import tomli_w
from textual.pilot import Pilot
from textual.widgets import DataTable

import eqia_tui.tui.screens.wizard.export as export_module
import eqia_tui.tui.screens.wizard.saving as saving_module
from eqia_tui.tui.app import EqiaApp

from .helpers import EXAMPLE, approved, field, home_with_example, make_app, no_blink, settle
from .keys import create_by_keys, go_to_characteristic, go_to_step, palette

SnapCompare = Callable[..., bool]
RunBefore = Callable[[Pilot[Any]], Awaitable[None]]

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 36), id="120x36")]

EXAMPLE_STEPS = [
    "details",
    "screening",
    "screening_overview",
    "proportionality",
    "judgement",
    "full_assessment",
    "action_plan",
    "monitoring",
    "sign_off",
    "summary",
]


@pytest.fixture(autouse=True)
def steady(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[None]:
    """The same picture on every run, machine and time zone."""
    # No settings or questionnaires of the person running the tests.
    monkeypatch.setenv("EQIA_CONFIG_DIR", str(tmp_path / "config"))
    # No autosave (and no "Saved hh:mm:ss") while the snapshot is taken.
    monkeypatch.setattr(saving_module, "SAVE_DELAY", 10_000)
    # The export dialog starts in the documents folder: show the same one on every machine.
    monkeypatch.setattr(export_module, "export_folder", lambda: Path("/home/officer/Documents"))
    # The drafts list shows times in local time.
    old_tz = os.environ.get("TZ")
    os.environ["TZ"] = "UTC"
    time.tzset()
    yield
    if old_tz is None:
        del os.environ["TZ"]
    else:
        os.environ["TZ"] = old_tz
    time.tzset()


def example_home(tmp_path: Path) -> Path:
    return home_with_example(tmp_path / "home")


def example_app(tmp_path: Path) -> EqiaApp:
    """The example draft, opened in the wizard as choosing it from the list would."""
    home = example_home(tmp_path)
    return make_app(home, open_path=home / "drafts" / EXAMPLE.name)


async def still(pilot: Pilot[Any]) -> None:
    """Settle, and let scrolling finish: a dialog opened mid-scroll freezes the screen behind it."""
    await settle(pilot)
    await pilot.wait_for_scheduled_animations()
    await pilot.pause()


def settled(then: Callable[[Pilot[Any]], Awaitable[None]] | None = None) -> RunBefore:
    """run_before: wait for the first paint, do `then`, and stop the cursors blinking last."""

    async def run_before(pilot: Pilot[Any]) -> None:
        await still(pilot)
        if then is not None:
            await then(pilot)
            await still(pilot)
        no_blink(pilot.app)  # type: ignore[arg-type]

    return run_before


def at_step(step: str, characteristic: str | None = None) -> RunBefore:
    """run_before: go to a step (and a characteristic) through the command palette."""

    async def go(pilot: Pilot[Any]) -> None:
        await go_to_step(pilot, step)
        if characteristic is not None:
            await go_to_characteristic(pilot, characteristic)

    return settled(go)


# --- Drafts (start) screen -----------------------------------------------------------------------


@pytest.mark.parametrize("size", SIZES)
def test_drafts_with_the_example_and_a_broken_file(
    snap_compare: SnapCompare, tmp_path: Path, size: tuple[int, int]
) -> None:
    home = example_home(tmp_path)
    (home / "drafts" / "broken.toml").write_text('format = "eqia-assessment"\nid = ')
    assert snap_compare(make_app(home), terminal_size=size, run_before=settled())


@pytest.mark.parametrize("size", SIZES)
def test_drafts_empty(snap_compare: SnapCompare, tmp_path: Path, size: tuple[int, int]) -> None:
    assert snap_compare(make_app(tmp_path / "home"), terminal_size=size, run_before=settled())


# --- New assessment dialog -----------------------------------------------------------------------


@pytest.mark.parametrize("size", SIZES)
def test_new_assessment_dialog(
    snap_compare: SnapCompare, tmp_path: Path, size: tuple[int, int]
) -> None:
    async def open_and_type(pilot: Pilot[Any]) -> None:
        await pilot.press("ctrl+n")
        await still(pilot)
        await pilot.press(*"Customer Service Policy")

    app = make_app(example_home(tmp_path))
    assert snap_compare(app, terminal_size=size, run_before=settled(open_and_type))


# --- Confirm dialog ------------------------------------------------------------------------------


@pytest.mark.parametrize("size", SIZES)
def test_confirm_delete_dialog(
    snap_compare: SnapCompare, tmp_path: Path, size: tuple[int, int]
) -> None:
    async def ask_to_delete(pilot: Pilot[Any]) -> None:
        await pilot.press("ctrl+d")

    app = make_app(example_home(tmp_path))
    assert snap_compare(app, terminal_size=size, run_before=settled(ask_to_delete))


# --- Wizard: every step of kcc-eqia on the example draft ---------------------------------------


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("step", EXAMPLE_STEPS)
def test_wizard_step(
    snap_compare: SnapCompare, tmp_path: Path, step: str, size: tuple[int, int]
) -> None:
    assert snap_compare(example_app(tmp_path), terminal_size=size, run_before=at_step(step))


@pytest.mark.parametrize("size", SIZES)
def test_wizard_screening_answered_no(
    snap_compare: SnapCompare, tmp_path: Path, size: tuple[int, int]
) -> None:
    """Gender is a "No": its details box stays hidden."""
    app = example_app(tmp_path)
    assert snap_compare(app, terminal_size=size, run_before=at_step("screening", "gender"))


@pytest.mark.parametrize("size", SIZES)
def test_wizard_screening_yes_brings_in_an_empty_details_box(
    snap_compare: SnapCompare, tmp_path: Path, size: tuple[int, int]
) -> None:
    async def say_yes(pilot: Pilot[Any]) -> None:
        await create_by_keys(pilot, "Parking permits")
        await go_to_step(pilot, "screening")
        await still(pilot)
        await pilot.click(f"#{field(pilot.app, 'affects_less_favourably').id} RadioButton")

    app = make_app(tmp_path / "home")
    assert snap_compare(app, terminal_size=size, run_before=settled(say_yes))


# --- Export dialog (path dialog) -----------------------------------------------------------------


@pytest.mark.parametrize("size", SIZES)
def test_export_dialog(snap_compare: SnapCompare, tmp_path: Path, size: tuple[int, int]) -> None:
    async def export(pilot: Pilot[Any]) -> None:
        await go_to_step(pilot, "summary")
        await still(pilot)
        # From the palette: a pressed Export button stays lit for a moment, in the picture.
        await palette(pilot, "Export the assessment")

    assert snap_compare(example_app(tmp_path), terminal_size=size, run_before=settled(export))


# --- Prompt dialog (save a version) -------------------------------------------------------------


@pytest.mark.parametrize("size", SIZES)
def test_save_version_dialog(
    snap_compare: SnapCompare, tmp_path: Path, size: tuple[int, int]
) -> None:
    async def save_version(pilot: Pilot[Any]) -> None:
        await pilot.press("ctrl+r")

    app = example_app(tmp_path)
    assert snap_compare(app, terminal_size=size, run_before=settled(save_version))


# --- Row editor (an action of the action plan) ---------------------------------------------------


@pytest.mark.parametrize("size", SIZES)
def test_row_editor_for_an_action(
    snap_compare: SnapCompare, tmp_path: Path, size: tuple[int, int]
) -> None:
    async def edit_first_action(pilot: Pilot[Any]) -> None:
        await go_to_step(pilot, "action_plan")
        await still(pilot)
        assert isinstance(pilot.app.focused, DataTable), "the action plan's table has focus"
        await pilot.press("enter")  # Enter on a row edits it

    app = example_app(tmp_path)
    assert snap_compare(app, terminal_size=size, run_before=settled(edit_first_action))


# --- Suggested actions (offered when the action plan opens) -------------------------------------


@pytest.mark.parametrize("size", SIZES)
def test_suggested_actions_dialog(
    snap_compare: SnapCompare, tmp_path: Path, size: tuple[int, int]
) -> None:
    async def open_the_action_plan(pilot: Pilot[Any]) -> None:
        await go_to_step(pilot, "action_plan")

    # A draft as an officer left it: two characteristics screened, internal action chosen.
    home = tmp_path / "home"
    path = home / "drafts" / "parking.toml"
    path.parent.mkdir(parents=True)
    path.write_text(
        'format = "eqia-assessment"\nformat_version = 1\nid = "parking"\n'
        'questionnaire = "kcc-eqia"\nquestionnaire_version = "1.3"\n'
        "created = 2026-11-23T18:00:00Z\nupdated = 2026-11-23T18:00:00Z\n"
        '[details]\ntitle = "Parking permits"\n'
        '[screening.disability]\nnegative_impact = "high"\n'
        '[screening.age]\nnegative_impact = "unknown"\n'
        '[judgement]\noption = "internal-action"\n',
        encoding="utf-8",
    )
    app = make_app(home, open_path=path)
    assert snap_compare(app, terminal_size=size, run_before=settled(open_the_action_plan))


# --- Another questionnaire -----------------------------------------------------------------------


@pytest.mark.parametrize("size", SIZES)
def test_commissioning_cycle_first_step(
    snap_compare: SnapCompare, tmp_path: Path, size: tuple[int, int]
) -> None:
    async def start(pilot: Pilot[Any]) -> None:
        await create_by_keys(pilot, "Library opening hours", questionnaire="commissioning-cycle")

    app = make_app(tmp_path / "home")
    assert snap_compare(app, terminal_size=size, run_before=settled(start))


# --- Sign-off refused, and Option 1 over written actions ----------------------------------------


@pytest.mark.parametrize("size", SIZES)
def test_sign_off_refused_lists_the_errors(
    snap_compare: SnapCompare, tmp_path: Path, size: tuple[int, int]
) -> None:
    async def sign_off(pilot: Pilot[Any]) -> None:
        await pilot.press("ctrl+p")
        await still(pilot)
        await pilot.press(*"Sign off")
        await still(pilot)
        await pilot.press("enter")

    # Approved, so sign-off does not wait for the review: the check's errors are listed.
    home = example_home(tmp_path)
    draft = home / "drafts" / EXAMPLE.name
    draft.write_text(tomli_w.dumps(approved(tomllib.loads(draft.read_text()))))
    app = make_app(home, open_path=draft)
    assert snap_compare(app, terminal_size=size, run_before=settled(sign_off))


@pytest.mark.parametrize("size", SIZES)
def test_option_1_over_written_actions_asks_first(
    snap_compare: SnapCompare, tmp_path: Path, size: tuple[int, int]
) -> None:
    async def choose_option_1(pilot: Pilot[Any]) -> None:
        await go_to_step(pilot, "judgement")
        await still(pilot)
        await pilot.press("up", "up", "space")  # from Option 3, chosen, to Option 1

    app = example_app(tmp_path)
    assert snap_compare(app, terminal_size=size, run_before=settled(choose_option_1))
