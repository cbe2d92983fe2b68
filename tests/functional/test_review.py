"""Issue 4 in the app: suggested actions, saving a version, sign-off, read-only, reopen."""

from __future__ import annotations

import tomllib
from pathlib import Path

import tomli_w
from textual.widgets import Button, Input, OptionList, Static

from eqia_tui.core.model.steps import SUMMARY
from eqia_tui.core.review.fingerprint import verify
from eqia_tui.tui.dialogs.action_suggestions import ActionSuggestions
from eqia_tui.tui.dialogs.prompt import PromptDialog
from eqia_tui.tui.dialogs.row_editor import RowEditor
from eqia_tui.tui.dialogs.sign_off import SignOffDialog
from eqia_tui.tui.steps.step_pane import StepPane

from .helpers import EXAMPLE, approved, home_with_example, make_app, new_draft, settle, wizard
from .keys import palette


async def _open_example(pilot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    await settle(pilot)
    await pilot.press("enter")
    await settle(pilot)


async def test_suggested_actions_are_offered_and_only_added_when_accepted(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await new_draft(pilot)
        a = screen.draft.assessment
        a.set("screening", "negative_impact", "high", "age")
        a.set("screening", "action_details", "Keep a phone line for older drivers.", "age")
        a.set("screening", "negative_impact", "unknown", "race")
        a.set("screening", "negative_impact", "low", "disability")
        a.set("judgement", "option", "full-assessment")
        screen.goto("action_plan")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, ActionSuggestions)
        assert [s.characteristic for s in dialog.pending] == ["age", "race"]
        assert a.get("action_plan", "actions") is None, "nothing is added before a choice"

        await pilot.press("a")  # add the first (age) as suggested
        await settle(pilot)
        await pilot.press("e")  # edit the second (race) before adding
        await settle(pilot)
        editor = app.screen
        assert isinstance(editor, RowEditor)
        editor.query_one("#field-owner Input", Input).value = "Equality team"
        editor.query_one("#field-timescale Input", Input).value = "By June"
        await settle(pilot)
        editor.query_one("#save", Button).press()
        await settle(pilot)

        actions = a.get("action_plan", "actions")
        assert actions[0] == {
            "characteristics": ["age"],
            "issue": "High negative impact on age.",
            "action": "Keep a phone line for older drivers.",
        }
        assert actions[1]["characteristics"] == ["race"]
        assert actions[1]["action"].startswith("Gather evidence")
        assert actions[1]["owner"] == "Equality team"
        assert len(actions) == 2


async def test_discarding_every_suggestion_adds_nothing(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await new_draft(pilot)
        screen.draft.assessment.set("screening", "negative_impact", "medium", "age")
        screen.draft.assessment.set("judgement", "option", "internal-action")
        screen.goto("action_plan")
        await settle(pilot)
        assert isinstance(app.screen, ActionSuggestions)
        await pilot.press("d")
        await settle(pilot)
        assert not isinstance(app.screen, ActionSuggestions)
        assert screen.draft.assessment.get("action_plan", "actions") is None


async def test_save_a_version_asks_the_name_once_and_numbers_it(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(120, 36)) as pilot:
        await new_draft(pilot)
        await pilot.press("ctrl+r")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, PromptDialog)
        dialog.query_one("#prompt-author", Input).value = "Priya Shah"
        dialog.query_one("#prompt-comment", Input).value = "First draft"
        dialog.query_one("#go", Button).press()
        await settle(pilot)
        await pilot.press("ctrl+r")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, PromptDialog)
        assert not dialog.query("#prompt-author"), "the name is remembered"
        dialog.query_one("#prompt-comment", Input).value = "After the workshop"
        dialog.query_one("#go", Button).press()
        await settle(pilot)
        history = wizard(app).draft.assessment.history
        assert [(h["version"], h["author"], h["comment"]) for h in history] == [
            ("0.1", "Priya Shah", "First draft"),
            ("0.2", "Priya Shah", "After the workshop"),
        ]
        await pilot.press("ctrl+q")
    saved = tomllib.loads((tmp_path / "drafts" / "parking.toml").read_text())
    assert [h["version"] for h in saved["history"]] == ["0.1", "0.2"]


async def test_sign_off_locks_the_answers_and_reopen_unlocks_them(tmp_path: Path) -> None:
    home = home_with_example(tmp_path)
    draft = home / "drafts" / EXAMPLE.name
    draft.write_text(tomli_w.dumps(approved(tomllib.loads(draft.read_text()))))
    app = make_app(home)
    async with app.run_test(size=(120, 36)) as pilot:
        await _open_example(pilot, tmp_path)
        screen = wizard(app)
        await palette(pilot, "Sign off")
        dialog = app.screen
        assert isinstance(dialog, SignOffDialog), "missing answers and errors stop sign-off"
        # Every error of `eqia check` on the example (kcc-eqia 1.3 has 23), one line each.
        assert dialog.query_one(OptionList).option_count == 23
        await pilot.press("w")  # the first, no decision-maker named, may be waived: it asks why
        await settle(pilot)
        asked = app.screen
        assert isinstance(asked, PromptDialog)
        assert str(asked.query_one(".dialog-title", Static).render()) == "Waive this error"
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is dialog
        await pilot.press("down", "w")  # the second is a missing answer: it cannot be waived
        await settle(pilot)
        assert app.screen is dialog
        assert "cannot be waived" in str(dialog.query_one("#sign-off-note", Static).render())
        await pilot.press("escape")
        await settle(pilot)
        assert wizard(app) is screen
        assert screen.draft.assessment.signed is None


async def test_sign_and_reopen_a_complete_assessment(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await new_draft(pilot, "commissioning-cycle", "Waste collection", "waste")
        q, a = screen.draft.questionnaire, screen.draft.assessment
        for section in q.sections:
            for question in section.questions:
                if question.type == "long_text" or question.type == "text":
                    a.set(section.id, question.id, "Answered.")
                elif question.type == "choice":
                    a.set(section.id, question.id, q.options_for(question)[-1].value)  # type: ignore[arg-type]
        screen.action_sign()
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, PromptDialog)
        dialog.query_one("#prompt-author", Input).value = "Sam Lee"
        dialog.query_one("#prompt-by", Input).value = "Jo Senior"
        dialog.query_one("#go", Button).press()
        await settle(pilot)
        assert a.signed is not None and a.signed["by"] == "Jo Senior"
        assert verify(q, a).ok
        screen.goto("details")
        await settle(pilot)
        assert all(p.disabled for p in screen.query(StepPane) if p.id != f"step-{SUMMARY}")

        screen.action_reopen()
        await settle(pilot)
        await pilot.click("#confirm")
        await settle(pilot)
        dialog = app.screen
        assert not isinstance(dialog, PromptDialog), "the name is remembered from sign-off"
        assert a.signed is None
        assert [h["version"] for h in a.history] == ["1.0", "1.1"]
        assert not any(p.disabled for p in screen.query(StepPane))
