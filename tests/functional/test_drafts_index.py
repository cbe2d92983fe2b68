"""The start screen lists drafts from the summary index before its first frame, and reads the
files the index does not know in the background, a few at a time, while it can be used."""

from __future__ import annotations

import asyncio
import os
import threading
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest
from textual.app import App
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, Static

from eqia_tui.core.storage import listing
from eqia_tui.core.storage.registry import Registry
from eqia_tui.core.storage.summary import Summary
from eqia_tui.tui.app import EqiaApp
from eqia_tui.tui.dialogs.new_assessment import NewAssessmentDialog
from eqia_tui.tui.screens.drafts import DraftsScreen, draft_files
from eqia_tui.tui.screens.drafts_table import DraftsTable

from .helpers import EXAMPLE, make_app, settle

SMALL = (80, 24)


def add_draft(home: Path, assessment_id: str, title: str, changed: float | None = None) -> Path:
    """A copy of the example with another id and title; `changed`: its modification time."""
    text = EXAMPLE.read_text()
    text = text.replace('id = "customer-service-policy"', f'id = "{assessment_id}"', 1)
    text = text.replace('title = "Customer Service Policy"', f'title = "{title}"', 1)
    path = home / "drafts" / f"{assessment_id}.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    if changed is not None:
        os.utime(path, (changed, changed))
    return path


def warm(home: Path) -> None:
    """Read every draft once, as `eqia list` would: the index then knows them all."""
    listing.summaries(draft_files(home / "drafts"), Registry(home))


def table(app: EqiaApp) -> DraftsTable:
    return app.screen.query_one(DraftsTable)


def listed(app: EqiaApp) -> list[str]:
    drafts = table(app)
    if not drafts.display:
        return []
    return [str(row.key.value) for row in drafts.ordered_rows]


def reading_line(app: EqiaApp) -> str:
    line = app.screen.query_one("#drafts-reading", Static)
    return str(line.render()) if line.display else ""


@pytest.fixture
def first_frame(monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, Any]]:
    """What the first frame of the start screen showed: the drafts in the table, and the
    line under the list (looked at as the frame is handed to the terminal)."""
    seen: dict[str, Any] = {}
    display = App._display

    def looking(self: App[Any], screen: Any, renderable: Any) -> None:
        display(self, screen, renderable)
        if renderable is not None and isinstance(screen, DraftsScreen) and not seen:
            drafts = screen.query_one(DraftsTable)
            seen["rows"] = [str(r.key.value) for r in drafts.ordered_rows] if drafts.display else []
            seen["titles"] = [str(drafts.get_row(key)[0]) for key in seen["rows"]]
            seen["empty"] = str(screen.query_one("#empty", Static).render())

    monkeypatch.setattr(App, "_display", looking)
    yield seen


class Gate:
    """Lets the background reading go one batch at a time, as the test says: what the screen
    does while drafts are still being read can then be looked at."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.allowed = threading.Semaphore(0)
        self.batches: list[list[str]] = []
        self.read = threading.Event()
        real = listing.summaries

        def gated(files: Sequence[Path], registry: Registry, **kwargs: Any) -> list[Summary]:
            self.allowed.acquire(timeout=60)
            found = real(files, registry, **kwargs)
            self.batches.append([p.stem for p in files])
            self.read.set()
            return found

        monkeypatch.setattr(listing, "summaries", gated)

    async def one_batch(self, pilot: Pilot[Any], until: Callable[[], bool]) -> None:
        """Let one batch be read, and wait until the screen shows what `until` looks for."""
        self.read.clear()
        self.allowed.release()
        assert await asyncio.to_thread(self.read.wait, 60), "no batch was read"
        for _ in range(1000):
            await pilot.pause()
            if until():
                return
        raise AssertionError("the screen never showed the batch")

    def open(self) -> None:
        self.allowed.release(100_000)


# --- A warm index ----------------------------------------------------------------------------


async def test_with_the_index_warm_the_drafts_are_in_the_first_frame(
    tmp_path: Path, first_frame: dict[str, Any]
) -> None:
    add_draft(tmp_path, "older", "Older policy", changed=1_600_000_000)
    add_draft(tmp_path, "newer", "Newer policy", changed=1_700_000_000)
    broken = tmp_path / "drafts" / "broken.toml"
    broken.write_text('format = "eqia-assessment"\nid = ')
    os.utime(broken, (1e9, 1e9))  # a file saved a moment ago is read again to be sure
    warm(tmp_path)
    app = make_app(tmp_path)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        # Listed at once, before anything is read: newest first, the broken file as broken.
        assert sorted(first_frame["rows"]) == ["broken", "newer", "older"]
        assert "broken: cannot be read" in first_frame["titles"]
        assert listed(app) == first_frame["rows"]
        assert reading_line(app) == ""


async def test_a_draft_changed_on_disk_shows_the_change_on_coming_back_to_the_list(
    tmp_path: Path,
) -> None:
    path = add_draft(tmp_path, "libraries", "Library hours", changed=1_700_000_000)
    add_draft(tmp_path, "parking", "Parking permits", changed=1_600_000_000)
    warm(tmp_path)
    app = make_app(tmp_path)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        # Same last change inside: by id.
        assert listed(app) == ["parking", "libraries"]
        await pilot.press("down")  # the officer is on "libraries"
        await settle(pilot)
        assert table(app).highlighted_id() == "libraries"
        # Someone renames it in an editor while the list is up.
        path.write_text(path.read_text().replace("Library hours", "Library opening hours", 1))
        os.utime(path, (1_600_000_100, 1_600_000_100))
        await pilot.press("ctrl+n")  # a dialog opens over the list...
        await settle(pilot)
        await pilot.press("escape")  # ...and the list is back
        await settle(pilot)
        assert str(table(app).get_row("libraries")[0]) == "Library opening hours"
        assert table(app).highlighted_id() == "libraries", "the cursor stays on the draft"
        assert reading_line(app) == ""


async def test_a_new_file_appears_and_a_deleted_one_goes(tmp_path: Path) -> None:
    add_draft(tmp_path, "libraries", "Library hours", changed=1_600_000_000)
    gone = add_draft(tmp_path, "parking", "Parking permits", changed=1_500_000_000)
    warm(tmp_path)
    app = make_app(tmp_path)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        assert listed(app) == ["parking", "libraries"]
        add_draft(tmp_path, "schools", "School transport", changed=1_700_000_000)
        gone.unlink()
        await pilot.press("ctrl+n")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert listed(app) == ["schools", "libraries"]
        assert str(table(app).get_row("schools")[0]) == "School transport"


# --- No index yet: reading in the background ---------------------------------------------------


async def test_many_drafts_not_in_the_index_come_in_batches_while_the_screen_is_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, first_frame: dict[str, Any]
) -> None:
    # Read in the order they were changed, the first drafts read go at the bottom of the
    # list (same last change inside, so by id): each batch puts rows above them.
    for n in range(120):
        kind = "Parking" if n % 3 == 0 else "Library"
        add_draft(tmp_path, f"draft-{n:03d}", f"{kind} review {n:03d}", changed=1.6e9 - n)
    broken = tmp_path / "drafts" / "broken.toml"
    broken.write_text('format = "eqia-assessment"\nid = ')
    os.utime(broken, (1e9, 1e9))
    gate = Gate(monkeypatch)
    app = make_app(tmp_path)
    async with app.run_test(size=SMALL) as pilot:
        # Nothing is known yet: the screen says the drafts are being read.
        assert first_frame["rows"] == []
        assert first_frame["empty"] == "Reading 121 drafts…"
        await gate.one_batch(pilot, until=lambda: bool(listed(app)))
        # The files changed last are read first: they are likely the top of the list.
        assert gate.batches[0][:2] == ["draft-000", "draft-001"]
        first = set(gate.batches[0])
        assert set(listed(app)) == first
        assert reading_line(app) == f"Reading {121 - len(first)} more drafts…"

        # The screen can be used meanwhile: filter, move in the list, start a new one.
        await pilot.press(*"parking")
        await settle_keys(pilot)
        assert app.screen.query_one("#filter", Input).value == "parking"
        parking_read = [i for i in sorted(first, reverse=True) if int(i[-3:]) % 3 == 0]
        assert parking_read and listed(app) == parking_read
        await pilot.press("down")
        await settle_keys(pilot)
        chosen = table(app).highlighted_id()
        assert chosen == listed(app)[1]
        await gate.one_batch(pilot, until=lambda: len(listed(app)) > len(parking_read))
        assert table(app).highlighted_id() == chosen, "the cursor stays on the same draft"
        await pilot.press("ctrl+n")
        await settle_keys(pilot)
        assert isinstance(app.screen, NewAssessmentDialog)
        await pilot.press("escape")
        await settle_keys(pilot)
        assert isinstance(app.screen, DraftsScreen)

        gate.open()
        await settle(pilot)
        parking = [f"draft-{n:03d}" for n in range(119, -1, -1) if n % 3 == 0]
        assert listed(app) == parking, "every draft, newest first, the filter still applied"
        assert table(app).highlighted_id() == chosen
        assert reading_line(app) == ""
        await pilot.press(*["backspace"] * len("parking"))
        await settle(pilot)
        assert len(listed(app)) == 121
        assert "cannot be read" in str(table(app).get_row("broken")[0])


async def settle_keys(pilot: Pilot[Any]) -> None:
    """Let the screen take in the keys pressed, without waiting for the drafts still being
    read (`settle` would wait for the background reading to end)."""
    await pilot.pause()
    await pilot.pause()


async def test_the_table_knows_its_size_without_measuring_every_cell(tmp_path: Path) -> None:
    # The drafts table skips DataTable's measuring of every new cell (slow for 1,000 rows):
    # the size it works out must be the one DataTable's own way gives.
    for n in range(30):
        add_draft(tmp_path, f"draft-{n:03d}", f"Review {n:03d}", changed=1.6e9 - n)
    app = make_app(tmp_path)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        drafts = table(app)
        assert drafts.row_count == 30
        quick = drafts.virtual_size
        DataTable._update_dimensions(drafts, list(drafts.rows))
        assert drafts.virtual_size == quick


async def test_a_file_left_by_a_save_cut_short_is_found_on_coming_back_to_the_list(
    tmp_path: Path,
) -> None:
    # Only a folder with temporary files in it is looked at closely (that needs the models,
    # slow to load on the first frame): one that appears later is still found.
    add_draft(tmp_path, "libraries", "Library hours", changed=1_600_000_000)
    app = make_app(tmp_path)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        note = app.screen.query_one("#leftovers", Static)
        assert not note.display
        leftover = tmp_path / "drafts" / ".libraries.toml.k1ll3d.tmp"
        leftover.write_text("the newest text, never put in place")
        os.utime(leftover, (1_600_000_600, 1_600_000_600))
        await pilot.press("ctrl+n")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert note.display and "Ctrl+T" in str(note.render())
        await pilot.press("ctrl+t")
        await settle(pilot)
        assert not leftover.exists() and not note.display


async def test_closing_a_dialog_over_an_unchanged_folder_lists_nothing_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With a thousand drafts, asking the index again took a tenth of a second each time a
    dialog closed. Nothing changed in the folder: nothing is asked; a change: it is."""
    import eqia_tui.tui.screens.drafts as drafts_module

    for number in range(3):
        add_draft(tmp_path, f"d{number}", f"Draft {number}", changed=1_600_000_000 + number)
    warm(tmp_path)
    asked: list[int] = []
    real = drafts_module.cached

    def counted(files: Sequence[Path], **kwargs: Any) -> Any:
        asked.append(len(files))
        return real(files, **kwargs)

    monkeypatch.setattr(drafts_module, "cached", counted)
    # The files were written a moment ago, and a change within the same tick of the clock
    # would not show in their times: as though they were written long ago.
    assert drafts_module.folder_state(tmp_path / "drafts") is None
    # The same look still lists them.
    assert len(drafts_module.scan_folder(tmp_path / "drafts").files) == 3
    monkeypatch.setattr(drafts_module, "RACY_NS", 0)
    app = make_app(tmp_path)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        assert asked == [3]
        for _ in range(2):
            await pilot.press("ctrl+n")
            await settle(pilot)
            await pilot.press("escape")
            await settle(pilot)
        assert asked == [3], "the folder did not change: the list was not looked up again"
        add_draft(tmp_path, "d3", "Draft 3", changed=1_600_000_100)
        await pilot.press("ctrl+n")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert asked == [3, 4]
        assert "d3" in listed(app)
