"""Moving a draft on to the newest questionnaire version in the app, by keys: the one-line
notice on opening, the palette's command, the dialog that says what changes, and the draft
shown and saved with the new version."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from textual.command import CommandList
from textual.pilot import Pilot
from textual.widgets import Static

from eqia_tui.core.storage.config import Config, save_config
from eqia_tui.core.storage.registry import Registry
from eqia_tui.core.storage.store import load_file
from eqia_tui.tui.dialogs.confirm import ConfirmDialog
from eqia_tui.tui.dialogs.prompt import PromptDialog
from eqia_tui.tui.screens.wizard import WizardScreen
from eqia_tui.tui.screens.wizard.upgrading import COMMAND

from .helpers import Said, make_app, settle
from .keys import palette

NEWEST = Registry().get("kcc-eqia").version

DRAFT = """\
format = "eqia-assessment"
format_version = 1
id = "parking"
questionnaire = "kcc-eqia"
questionnaire_version = "1.0"
created = 2026-11-01 09:00:00+00:00
updated = 2026-11-01 09:00:00+00:00

[details]
title = "Parking permits"

[screening.age]
negative_impact = "high"

[[review_record.comments]]
id = "c1"
on = "screening.age.negative_impact"
by = "Kim"
at = 2026-11-02 09:00:00+00:00
text = "Why high?"
"""


def _home(tmp_path: Path) -> tuple[Path, Path]:
    home = tmp_path / "home"
    path = home / "drafts" / "parking.toml"
    path.parent.mkdir(parents=True)
    path.write_text(DRAFT, encoding="utf-8")
    return home, path


async def listed_for(pilot: Pilot[Any], words: str) -> list[str]:
    """Ctrl+P and `words` typed: the commands the palette lists for them (then Escape)."""
    await pilot.press("ctrl+p")
    await settle(pilot)
    await pilot.press(*words)
    await settle(pilot)
    listed = pilot.app.screen.query_one(CommandList)
    names = [str(listed.get_option_at_index(i).prompt) for i in range(listed.option_count)]
    await pilot.press("escape")
    await settle(pilot)
    return [name.splitlines()[0] for name in names if COMMAND in name]


async def test_the_palette_moves_the_draft_to_the_newest_version(
    tmp_path: Path, said: Said
) -> None:
    home, path = _home(tmp_path)
    app = make_app(home, open_path=path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, WizardScreen)
        offers = [m for m, _ in said if COMMAND in m]
        assert offers == [
            f"This draft uses kcc-eqia 1.0. To move it on to {NEWEST}, press Ctrl+P and "
            f'choose "{COMMAND}".'
        ]

        assert await listed_for(pilot, "newest") == [COMMAND]
        await palette(pilot, COMMAND)
        dialog = app.screen
        assert isinstance(dialog, PromptDialog), dialog  # no name kept yet: it asks for one
        title = str(dialog.query_one(".dialog-title").render())
        body = str(dialog.query_one(".dialog-body", Static).render())
        assert title == f"Move to kcc-eqia {NEWEST}?"
        assert "new questions; nothing set aside." in body
        assert path.read_text(encoding="utf-8") == DRAFT  # nothing written before the answer
        await pilot.press(*"Jo Smith", "enter")
        await settle(pilot)

        screen = app.screen
        assert isinstance(screen, WizardScreen)
        assert screen.draft.questionnaire.version == NEWEST
        assert any(m.startswith(f"Moved to kcc-eqia {NEWEST}: ") for m, _ in said)

    loaded = load_file(path, Registry())
    assert loaded.questionnaire.version == NEWEST
    assert loaded.notes == []
    assert loaded.assessment.get("screening", "negative_impact", "age") == "high"
    assert [c.text for c in loaded.assessment.review.comments] == ["Why high?"]
    entry = loaded.assessment.history[-1]
    assert (entry["author"], entry["comment"]) == (
        "Jo Smith",
        f"Moved to kcc-eqia {NEWEST} from 1.0",
    )


async def test_with_a_name_kept_it_asks_yes_or_no_and_cancel_changes_nothing(
    tmp_path: Path, said: Said
) -> None:
    save_config(Config(author="Jo Smith"))
    home, path = _home(tmp_path)
    app = make_app(home, open_path=path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await palette(pilot, COMMAND)
        dialog = app.screen
        assert isinstance(dialog, ConfirmDialog), dialog
        body = str(dialog.query_one(".dialog-body", Static).render())
        assert body.startswith("This draft uses version 1.0. ")
        await pilot.press("enter")  # Cancel has the focus
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, WizardScreen)
        assert screen.draft.questionnaire.version == "1.0"
    assert path.read_text(encoding="utf-8") == DRAFT


async def test_a_draft_on_the_newest_version_is_not_offered_a_move(
    tmp_path: Path, said: Said
) -> None:
    home, path = _home(tmp_path)
    path.write_text(DRAFT.replace('"1.0"', f'"{NEWEST}"'), encoding="utf-8")
    app = make_app(home, open_path=path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, WizardScreen)
        assert not [m for m, _ in said if COMMAND in m]
        assert await listed_for(pilot, "newest") == []
    assert tomllib.loads(path.read_text(encoding="utf-8"))["questionnaire_version"] == NEWEST
