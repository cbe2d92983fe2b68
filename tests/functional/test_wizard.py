"""Walking the wizard as an officer would: new draft, answers, weighting, judgement, export."""

from __future__ import annotations

import asyncio
import tomllib
from datetime import date
from pathlib import Path

import pytest
from textual.widgets import Button, DataTable, Input, OptionList, Static

from eqia_tui.tui.dialogs.confirm import ConfirmDialog
from eqia_tui.tui.dialogs.new_assessment import NewAssessmentDialog
from eqia_tui.tui.dialogs.path_dialog import PathDialog
from eqia_tui.tui.dialogs.row_editor import RowEditor
from eqia_tui.tui.screens.drafts import DraftsScreen
from eqia_tui.tui.steps.grid_step import GridStep
from eqia_tui.tui.steps.section_step import REASON_NEEDED
from eqia_tui.tui.widgets.suggestion import SuggestionPanel

from .helpers import (
    EXAMPLE,
    answer,
    example_answers,
    field,
    home_with_example,
    make_app,
    new_draft,
    settle,
    wizard,
)

SCREENING_ORDER = (
    "affects_less_favourably",
    "affects_details",
    "positive_impact",
    "negative_impact",
    "action_details",
    "promotes_equal_opportunities",
    "equal_opportunities_details",
    "evidence",  # kcc-eqia 1.2: asked when the negative impact is medium or more
)


async def test_new_screening_from_start_to_export(tmp_path: Path) -> None:
    seed = example_answers()
    out = tmp_path / "out" / "customer-service-policy.toml"
    out.parent.mkdir()
    app = make_app(tmp_path / "home")
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, DraftsScreen)
        await pilot.press("ctrl+n")
        await settle(pilot)
        assert isinstance(app.screen, NewAssessmentDialog)
        await pilot.press(*"Customer Service Policy")
        await pilot.press("enter")
        await settle(pilot)
        screen = wizard(app)
        draft_file = tmp_path / "home" / "drafts" / "customer-service-policy.toml"
        assert draft_file.exists(), "the new draft is written before the first keystroke"
        assert screen.current == "details"

        for question, value in seed["details"].items():
            if question != "title":
                await answer(pilot, question, value)

        await pilot.press("ctrl+n")
        await settle(pilot)
        assert screen.current == "screening"
        grid = screen.pane("screening")
        assert isinstance(grid, GridStep)
        for characteristic, row in seed["screening"].items():
            grid.show_characteristic(characteristic)
            await settle(pilot)
            for question in SCREENING_ORDER:
                if question in row:
                    await answer(pilot, question, row[question])

        await pilot.press("ctrl+n")  # overview
        await settle(pilot)
        table = screen.pane("screening_overview").query_one(DataTable)  # type: ignore[union-attr]
        assert table.row_count == 10

        await pilot.press("ctrl+n")  # proportionality: the suggestion is shown, not chosen
        await settle(pilot)
        assert screen.current == "proportionality"
        assert app.screen.pane("proportionality") is not None  # type: ignore[attr-defined]
        assert field(app, "rating").value is None
        await pilot.press("f2")  # the officer takes the suggestion
        await settle(pilot)
        assert field(app, "rating").value == "medium"
        await answer(pilot, "reasons", seed["proportionality"]["reasons"])

        await pilot.press("ctrl+n")
        await settle(pilot)
        assert screen.current == "judgement"
        await answer(pilot, "option", "full-assessment")
        await answer(pilot, "justification", seed["judgement"]["justification"])
        await settle(pilot)
        ids = [s.id for s in screen.steps()]
        assert "full_assessment" in ids and "action_plan" in ids

        screen.goto("summary")
        await settle(pilot)
        export = screen.query_one("#export", Button)
        export.scroll_visible(animate=False)
        await settle(pilot)
        await pilot.click(export)
        await settle(pilot)
        assert isinstance(app.screen, PathDialog)
        app.screen.query_one("#path", Input).value = str(out)
        await pilot.press("enter")
        await settle(pilot)

    exported = tomllib.loads(out.read_text())
    assert exported["details"]["title"] == "Customer Service Policy"
    assert exported["details"]["screening_date"] == date(2014, 12, 1)
    assert exported["screening"]["age"] == seed["screening"]["age"]
    assert exported["screening"]["carers"]["negative_impact"] == "medium"
    assert "affects_less_favourably" not in exported["screening"]["religion_or_belief"]
    assert exported["proportionality"]["rating"] == "medium"
    assert exported["judgement"]["option"] == "full-assessment"
    assert exported["computed"]["suggested_rating"] == "medium"
    assert exported["computed"]["unanswered"] == ["religion_or_belief"]
    saved = tomllib.loads(draft_file.read_text())
    assert saved["screening"]["disability"] == seed["screening"]["disability"]


async def test_quit_half_way_and_resume_on_the_same_step(tmp_path: Path) -> None:
    home = tmp_path / "home"
    app = make_app(home)
    async with app.run_test(size=(100, 30)) as pilot:
        await new_draft(pilot, title="Library opening hours", assessment_id="library-hours")
        await answer(pilot, "directorate", "Growth, Environment and Transport")
        await pilot.press("ctrl+n")
        await settle(pilot)
        grid = wizard(app).pane("screening")
        assert isinstance(grid, GridStep)
        grid.show_characteristic("disability")
        await settle(pilot)
        await answer(pilot, "affects_less_favourably", True)
        await answer(
            pilot, "affects_details", "Shorter hours cut the quiet times some people need."
        )
        await pilot.press("ctrl+q")  # quit straight away: nothing may be lost

    app = make_app(home)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        screen = wizard(app)
        assert screen.current == "screening"
        grid = screen.pane("screening")
        assert isinstance(grid, GridStep) and grid.current == "disability"
        assert field(app, "affects_less_favourably").value is True
        assert field(app, "affects_details").value.startswith("Shorter hours")
        screen.goto("details")
        await settle(pilot)
        assert field(app, "directorate").value == "Growth, Environment and Transport"


async def test_yes_brings_in_its_required_details_box(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await new_draft(pilot)
        wizard(app).goto("screening")
        await settle(pilot)
        details = field(app, "affects_details")
        assert not details.display
        await answer(pilot, "affects_less_favourably", True)
        assert details.display
        assert "(required)" in str(details.query_one(".field-label", Static).render())
        await answer(pilot, "affects_less_favourably", False)
        assert not details.display


async def test_a_bad_date_is_explained_under_the_field(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await new_draft(pilot)
        await answer(pilot, "screening_date", "31/02/2026")
        await pilot.press("tab")
        await settle(pilot)
        date_field = field(app, "screening_date")
        error = str(date_field.query_one(".field-error", Static).render())
        assert "no such date" in error.lower()
        assert date_field.value is None
        await answer(pilot, "screening_date", "01/12/2026")
        await settle(pilot)
        assert date_field.value == date(2026, 12, 1)
        assert str(date_field.query_one(".field-error", Static).render()) == ""


async def test_the_suggestion_updates_live_and_a_different_weighting_needs_a_reason(
    tmp_path: Path,
) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await new_draft(pilot)
        screen.goto("proportionality")
        await settle(pilot)
        panel = screen.pane("proportionality").query_one(SuggestionPanel)  # type: ignore[union-attr]
        assert "Low" in str(panel.render())
        assert field(app, "rating").value is None, "a suggestion is not a choice"
        await pilot.press("f2")
        await settle(pilot)
        assert field(app, "rating").value == "low"

        screen.goto("screening")
        await settle(pilot)
        await answer(pilot, "negative_impact", "high")
        screen.goto("proportionality")
        await settle(pilot)
        text = str(panel.render())
        assert "High" in text and "Age (High)" in text
        assert field(app, "rating").value == "low", "the officer's own weighting is never changed"
        error = str(field(app, "reasons").query_one(".field-error", Static).render())
        assert error == REASON_NEEDED
        await answer(pilot, "reasons", "Only drivers are affected and they have other options.")
        await settle(pilot)
        assert str(field(app, "reasons").query_one(".field-error", Static).render()) == ""


@pytest.mark.parametrize("questionnaire", ["kcc-eqia", "commissioning-cycle"])
async def test_every_built_in_questionnaire_renders_all_its_sections(
    tmp_path: Path, questionnaire: str
) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await new_draft(pilot, questionnaire, "Any policy", "any-policy")
        q = screen.draft.questionnaire
        # Ask every conditional section too: the judgement that brings in the full assessment.
        if q.weighting is not None:
            section, _, question = q.weighting.judgement_question.partition(".")
            screen.draft.assessment.set(section, question, "full-assessment")
        shown = set()
        for step in screen.steps():
            screen.goto(step.id)
            await settle(pilot)
            pane = screen.pane(step.id)
            assert pane is not None and pane.is_mounted
            if step.section is not None and step.kind in ("section", "grid"):
                ids = {f.question.id for f in pane.query("Field").results()}  # type: ignore[attr-defined]
                assert ids == {qq.id for qq in step.section.questions}
                shown.add(step.section.id)
        assert shown == {s.id for s in q.sections}


async def test_a_broken_draft_is_listed_with_its_reason_and_the_rest_still_open(
    tmp_path: Path,
) -> None:
    home = home_with_example(tmp_path)
    (home / "drafts" / "broken.toml").write_text('format = "eqia-assessment"\nid = ')
    app = make_app(home)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        table = app.screen.query_one("#drafts", DataTable)
        assert table.row_count == 2
        cells = [str(c) for c in table.get_row("broken")]
        assert cells[0] == "broken: cannot be read"
        table.move_cursor(row=table.get_row_index("broken"))
        await settle(pilot)
        detail = str(app.screen.query_one("#draft-detail", Static).render())
        assert "broken.toml cannot be read" in detail and "TOML syntax error" in detail
        table.move_cursor(row=table.get_row_index("customer-service-policy"))
        await pilot.press("enter")
        await settle(pilot)
        assert wizard(app).draft.assessment.id == "customer-service-policy"


async def test_typing_filters_and_delete_asks_first(tmp_path: Path) -> None:
    home = home_with_example(tmp_path)
    app = make_app(home)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press(*"nothing like this")
        await settle(pilot)
        assert not app.screen.query_one("#drafts", DataTable).display
        app.screen.query_one("#filter", Input).value = "customer"
        await settle(pilot)
        assert app.screen.query_one("#drafts", DataTable).row_count == 1
        await pilot.press("ctrl+d")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("escape")
        await settle(pilot)
        assert (home / "drafts" / "customer-service-policy.toml").exists()
        await pilot.press("ctrl+d")
        await settle(pilot)
        await pilot.click("#confirm")
        await settle(pilot)
        assert not (home / "drafts" / "customer-service-policy.toml").exists()


async def test_screening_sufficient_leaves_out_the_full_assessment(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await new_draft(pilot)
        screen.goto("judgement")
        await settle(pilot)
        await answer(pilot, "option", "screening-sufficient")
        ids = [s.id for s in screen.steps()]
        assert "full_assessment" not in ids and "action_plan" not in ids
        await answer(pilot, "option", "full-assessment")
        ids = [s.id for s in screen.steps()]
        assert "full_assessment" in ids and "action_plan" in ids


async def test_an_action_is_added_in_a_form(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await new_draft(pilot)
        screen.draft.assessment.set("judgement", "option", "internal-action")
        screen.goto("action_plan")
        await settle(pilot)
        screen.query_one("#add", Button).press()
        await settle(pilot)
        editor = app.screen
        assert isinstance(editor, RowEditor)
        editor.query_one("#save", Button).press()
        await settle(pilot)
        assert isinstance(app.screen, RowEditor), "required columns are checked first"
        editor.query_one("#field-issue TextArea").insert("Blue badge holders lose bays.")  # type: ignore[attr-defined]
        editor.query_one("#field-action TextArea").insert("Keep the bays near the entrance.")  # type: ignore[attr-defined]
        editor.query_one("#field-owner Input").value = "Parking team"  # type: ignore[attr-defined]
        editor.query_one("#field-timescale Input").value = "By March"  # type: ignore[attr-defined]
        from textual.widgets import SelectionList

        editor.query_one(SelectionList).select("disability")
        await settle(pilot)
        editor.query_one("#save", Button).press()
        await settle(pilot)
        actions = screen.draft.assessment.get("action_plan", "actions")
        assert actions == [
            {
                "characteristics": ["disability"],
                "issue": "Blue badge holders lose bays.",
                "action": "Keep the bays near the entrance.",
                "owner": "Parking team",
                "timescale": "By March",
            }
        ]


async def test_opening_a_file_and_going_straight_to_the_grid_settles(tmp_path: Path) -> None:
    # Drawing a step for the first time once spun forever while it mounted.
    home = home_with_example(tmp_path)
    app = make_app(home, open_path=home / "drafts" / EXAMPLE.name)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        wizard(app).goto("screening")
        await asyncio.wait_for(settle(pilot), timeout=10)
        grid = wizard(app).pane("screening")
        assert isinstance(grid, GridStep) and grid.is_mounted


async def test_choosing_a_missing_answer_goes_to_its_question(tmp_path: Path) -> None:
    home = home_with_example(tmp_path)
    app = make_app(home)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        screen = wizard(app)
        screen.goto("summary")
        await settle(pilot)
        missing = screen.query_one("#missing", OptionList)
        keys = [missing.get_option_at_index(i).id for i in range(missing.option_count)]
        target = "screening.religion_or_belief.affects_less_favourably"
        assert target in keys
        missing.focus()
        missing.highlighted = keys.index(target)
        await pilot.press("enter")
        await settle(pilot)
        assert screen.current == "screening"
        grid = screen.pane("screening")
        assert isinstance(grid, GridStep) and grid.current == "religion_or_belief"
        focused = app.focused
        assert focused is not None
        assert field(app, "affects_less_favourably") in focused.ancestors_with_self
