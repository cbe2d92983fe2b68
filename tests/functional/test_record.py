"""The file holds only what the officer chose: opening, resuming, moving and drawing a step
write nothing of their own, and a suggestion is shown, never stored, until it is taken."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from textual.widgets import Static

from eqia_tui.core.model.steps import steps
from eqia_tui.core.storage.registry import Registry
from eqia_tui.core.storage.store import load_file
from eqia_tui.tui.dialogs.confirm import ConfirmDialog
from eqia_tui.tui.widgets.suggestion import SuggestionPanel

from .helpers import EXAMPLE, answer, field, make_app, settle, wizard

EXAMPLE_TEXT = EXAMPLE.read_text(encoding="utf-8")
NO_RATING = EXAMPLE_TEXT.replace('[proportionality]\nrating = "medium"\n', "[proportionality]\n")


def _step_ids() -> list[str]:
    loaded = load_file(EXAMPLE, Registry())
    return [s.id for s in steps(loaded.questionnaire, loaded.assessment)]


def _with_place(text: str, place: str) -> str:
    header, _, rest = text.partition("\n[details]")
    return f'{header}resume_at = "{place}"\n\n[details]{rest}'


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "home" / "drafts" / "customer-service-policy.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


PLACES = [*_step_ids(), "screening.carers"]


@pytest.mark.parametrize("text", [EXAMPLE_TEXT, NO_RATING], ids=["rated", "not-rated"])
@pytest.mark.parametrize("place", PLACES)
async def test_opening_on_any_step_and_quitting_leaves_the_file_byte_for_byte(
    tmp_path: Path, place: str, text: str
) -> None:
    path = _write(tmp_path, _with_place(text, place))
    before = path.read_bytes()
    app = make_app(tmp_path / "home", open_path=path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert wizard(app).current == place.partition(".")[0]
        await pilot.press("ctrl+q")
    assert path.read_bytes() == before


async def test_visiting_the_weighting_stores_nothing_and_leaving_saves_only_the_place(
    tmp_path: Path,
) -> None:
    path = _write(tmp_path, _with_place(NO_RATING, "screening_overview"))
    app = make_app(tmp_path / "home", open_path=path)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+n")  # to the proportionality step
        await settle(pilot)
        assert wizard(app).current == "proportionality"
        panel = str(app.screen.query_one(SuggestionPanel).render())
        assert "Suggested weighting" in panel and "Medium" in panel
        assert field(app, "rating").value is None
        await pilot.press("escape")
        await settle(pilot)
    saved = tomllib.loads(path.read_text(encoding="utf-8"))
    assert "rating" not in saved["proportionality"], "a suggestion is not a choice"
    assert saved["resume_at"] == "proportionality", "the officer's move is kept"
    assert saved["updated"] == tomllib.loads(NO_RATING)["updated"], "a move changes no answer"


async def test_a_weighting_taken_then_outgrown_is_flagged_not_changed(tmp_path: Path) -> None:
    path = _write(tmp_path, _with_place(NO_RATING, "proportionality"))
    app = make_app(tmp_path / "home", open_path=path)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        screen = wizard(app)
        await pilot.press("f2")  # take the suggestion: medium
        await settle(pilot)
        assert field(app, "rating").value == "medium"

        await pilot.press("ctrl+b", "ctrl+b")  # back past the overview to the grid, on Age
        await settle(pilot)
        assert screen.current == "screening"
        await answer(pilot, "negative_impact", "high")
        await settle(pilot)
        await pilot.press("ctrl+n", "ctrl+n")
        await settle(pilot)
        assert screen.current == "proportionality"
        panel = str(app.screen.query_one(SuggestionPanel).render())
        assert "Suggested weighting" in panel and "High" in panel
        assert "Your weighting" in panel and "differs" in panel
        assert field(app, "rating").value == "medium", "the officer's choice stays theirs"
        await pilot.press("escape")
        await settle(pilot)
    saved = tomllib.loads(path.read_text(encoding="utf-8"))
    assert saved["proportionality"]["rating"] == "medium"
    assert saved["screening"]["age"]["negative_impact"] == "high"


async def test_the_judgement_follows_the_officers_own_weighting(tmp_path: Path) -> None:
    low = NO_RATING.replace("[proportionality]\n", '[proportionality]\nrating = "low"\n')
    path = _write(tmp_path, _with_place(low, "judgement"))
    app = make_app(tmp_path / "home", open_path=path)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        panel = str(app.screen.query_one(SuggestionPanel).render())
        assert 'Your weighting is "Low"' in panel
        # Internal action is written in the grid, so at least Option 2 is suggested.
        assert "Suggested judgement: Option 2: internal action needed" in panel
        assert "Internal action is written for" in panel
        labels = [str(b.label) for b in field(app, "option").query("RadioButton")]
        assert labels[1].endswith("(suggested)") and not labels[0].endswith("(suggested)")


async def test_option_1_with_actions_written_asks_first(tmp_path: Path) -> None:
    path = _write(tmp_path, _with_place(EXAMPLE_TEXT, "judgement"))
    before = path.read_bytes()
    app = make_app(tmp_path / "home", open_path=path)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await answer(pilot, "option", "screening-sufficient")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, ConfirmDialog)
        body = str(dialog.query_one(".dialog-body", Static).render())
        assert "left out of the documents" in body and "action plan" in body
        await pilot.press("enter")  # Cancel has the focus: the safe answer
        await settle(pilot)
        assert field(app, "option").value == "full-assessment", "the earlier answer is back"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert path.read_bytes() == before

        await answer(pilot, "option", "screening-sufficient")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.click("#confirm")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
    saved = tomllib.loads(path.read_text(encoding="utf-8"))
    assert saved["judgement"]["option"] == "screening-sufficient", "a choice made knowingly"
