"""Files from someone else, opened in the app (issue 9, items 4, 6 and 7).

A draft or a questionnaire received by email may hold escape sequences, bidirectional
overrides and markup in any text. The app shows them as what they are (␛, <U+202E>, a
plain "["), draws none of them to the terminal, never crashes on them, and leaves the
answers as they are.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import tomli_w
from rich.text import Text
from textual.pilot import Pilot
from textual.widgets import Input, TextArea

from eqia_tui.tui.app import EqiaApp
from eqia_tui.tui.screens.drafts_table import DraftsTable
from hostile import HOSTILE, hostile_everywhere, hostile_questionnaire, unsafe

from .helpers import EXAMPLE, make_app, settle, wizard

WIDE = (130, 40)
ID = "hostile"


def hostile_home(tmp_path: Path, config: Path) -> Path:
    """Drafts full of hostile text: the example with it in every answer, one answering a
    questionnaire with it in every label, a broken one, and one whose title is markup."""
    home = tmp_path / "home"
    drafts = home / "drafts"
    drafts.mkdir(parents=True)
    data = tomllib.loads(EXAMPLE.read_text(encoding="utf-8"))
    hostile = hostile_everywhere(data)
    hostile["id"] = ID
    (drafts / f"{ID}.toml").write_text(tomli_w.dumps(hostile), encoding="utf-8")
    questionnaires = config / "questionnaires"
    questionnaires.mkdir(parents=True, exist_ok=True)
    (questionnaires / "hostile-q.toml").write_text(
        tomli_w.dumps(hostile_questionnaire()), encoding="utf-8"
    )
    other = {**hostile, "id": "other", "questionnaire": "hostile-q"}
    (drafts / "other.toml").write_text(tomli_w.dumps(other), encoding="utf-8")
    markup = {**data, "id": "markup"}
    markup["details"] = {**data["details"], "title": "[/] [@click=app.quit]Quit[/] [b]"}
    (drafts / "markup.toml").write_text(tomli_w.dumps(markup), encoding="utf-8")
    (drafts / "broken.toml").write_text(f'format = "{HOSTILE}', encoding="utf-8")
    return home


def screen_text(app: EqiaApp) -> str:
    """Everything the app draws, as the terminal would get it (with its line filters)."""
    return app.export_screenshot()


def answers_of(path: Path) -> dict[str, Any]:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    return {k: v for k, v in data.items() if k not in ("updated", "resume_at")}


async def nothing_unsafe_drawn(pilot: Pilot[Any], where: str) -> None:
    await settle(pilot)
    drawn = screen_text(pilot.app)  # type: ignore[arg-type]
    assert unsafe(drawn) == [], where


async def test_the_drafts_list_shows_hostile_text_and_draws_none_of_it(
    tmp_path: Path, eqia_dirs: Any
) -> None:
    home = hostile_home(tmp_path, eqia_dirs.config)
    app = make_app(home)
    async with app.run_test(size=WIDE) as pilot:
        await nothing_unsafe_drawn(pilot, "the drafts list")
        table = app.screen.query_one(DraftsTable)
        title = table.get_row(ID)[0]
        assert isinstance(title, Text)
        assert "␛]0;PWNED␇" in title.plain
        assert "<U+202E>evil" in title.plain
        # Markup in a title is a title: shown as written, and it quits nothing.
        assert table.get_row("markup")[0].plain.startswith("[/] [@click=app.quit]Quit[/]")
        for row in ("broken", "markup", "other", ID):
            table.move_cursor(row=table.get_row_index(row))
            await nothing_unsafe_drawn(pilot, f"the line under the list, on {row}")
        await pilot.press("f1")
        await nothing_unsafe_drawn(pilot, "the drafts list with help")
        assert app.is_running


async def visit_every_step(pilot: Pilot[Any], draft: str) -> None:
    """Each step of the wizard in turn, looking at what is drawn on each."""
    screen = wizard(pilot.app)  # type: ignore[arg-type]
    seen = set()
    while screen.current not in seen:
        seen.add(screen.current)
        await nothing_unsafe_drawn(pilot, f"{draft}: {screen.current}")
        await pilot.press("ctrl+n")
        await settle(pilot)
    assert "summary" in seen


async def open_draft(pilot: Pilot[Any], draft: str) -> None:
    table = pilot.app.screen.query_one(DraftsTable)
    table.move_cursor(row=table.get_row_index(draft))
    table.focus()
    await pilot.press("enter")
    await settle(pilot)


async def test_a_hostile_draft_opens_and_no_step_draws_its_escape_sequences(
    tmp_path: Path, eqia_dirs: Any
) -> None:
    home = hostile_home(tmp_path, eqia_dirs.config)
    path = home / "drafts" / f"{ID}.toml"
    before = answers_of(path)
    app = make_app(home)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await open_draft(pilot, ID)
        screen = wizard(app)
        assert "␛]0;PWNED␇" in str(app.format_title(app.title, screen.sub_title or ""))
        await visit_every_step(pilot, ID)
        # The boxes hold the answers as they are; only the drawing leaves the controls out.
        await pilot.press("ctrl+b")
        await settle(pilot)
        values = [box.value for box in screen.query(Input)] + [
            area.text for area in screen.query(TextArea)
        ]
        assert any(HOSTILE in value for value in values)
        await pilot.press("ctrl+q")
    assert answers_of(path) == before


async def test_a_questionnaire_with_hostile_labels_opens_without_a_crash(
    tmp_path: Path, eqia_dirs: Any
) -> None:
    home = hostile_home(tmp_path, eqia_dirs.config)
    app = make_app(home)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await open_draft(pilot, "other")
        await visit_every_step(pilot, "other")
        await pilot.press("ctrl+p")
        await nothing_unsafe_drawn(pilot, "the command palette")
        await pilot.press(*"go to")
        await nothing_unsafe_drawn(pilot, "the command palette's search")
        assert app.is_running


async def test_a_notification_quoting_a_file_is_never_markup(
    tmp_path: Path, eqia_dirs: Any
) -> None:
    home = hostile_home(tmp_path, eqia_dirs.config)
    app = make_app(home)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        app.notify(f"Deleted {HOSTILE}.", title=HOSTILE)
        await nothing_unsafe_drawn(pilot, "a notification")
        assert app.is_running
