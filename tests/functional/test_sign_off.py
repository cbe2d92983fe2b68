"""Issue 8, item 3 in the app: sign-off refused while the check finds an error; the dialog
lists the errors, each a way to its answer, and a waiver with a reason lets it through.

The example assessment is used with its gaps filled and its own review date (27/07/2016),
which has passed: one error, `review-date-passed`. Everything is done with keys.
"""

from __future__ import annotations

import tomllib
from datetime import date
from pathlib import Path
from typing import Any

import tomli_w
from textual.pilot import Pilot
from textual.widgets import Button, OptionList, Static

from eqia_tui.core.review.fingerprint import verify
from eqia_tui.core.review.waivers import waivers_of
from eqia_tui.tui.dialogs.prompt import PromptDialog
from eqia_tui.tui.dialogs.sign_off import SignOffDialog
from unit.helpers import ready_to_sign

from .helpers import approved, example_answers, field, make_app, settle, wizard

REASON = "The review is booked for April."
PASSED = date(2016, 7, 27)


def home_with_ready_example(tmp_path: Path, review_date: date = PASSED) -> Path:
    """A data folder whose one draft is the example, gaps filled, with this review date,
    approved by a reviewer."""
    data = approved(ready_to_sign(example_answers(), review_date))
    drafts = tmp_path / "drafts"
    drafts.mkdir(parents=True)
    (drafts / "customer-service-policy.toml").write_text(tomli_w.dumps(data), encoding="utf-8")
    return tmp_path


def draft_file(home: Path) -> dict[str, Any]:
    return tomllib.loads((home / "drafts" / "customer-service-policy.toml").read_text())


async def open_draft_and_sign_off(pilot: Pilot[Any]) -> None:
    """Open the only draft, then choose "Sign off" from the command palette."""
    await settle(pilot)
    await pilot.press("enter")
    await settle(pilot)
    await pilot.press("ctrl+p")
    await settle(pilot)
    await pilot.press(*"Sign off")
    await settle(pilot)
    await pilot.press("enter")
    await settle(pilot)


async def test_sign_off_with_an_error_lists_it_and_choosing_it_goes_to_the_answer(
    tmp_path: Path,
) -> None:
    home = home_with_ready_example(tmp_path)
    app = make_app(home)
    async with app.run_test(size=(120, 36)) as pilot:
        await open_draft_and_sign_off(pilot)
        dialog = app.screen
        assert isinstance(dialog, SignOffDialog), "an error stops sign-off"
        listed = dialog.query_one("#sign-off-errors", OptionList)
        assert listed.option_count == 1
        words = str(listed.get_option_at_index(0).prompt)
        assert "The review date, 27/07/2016, has passed." in words
        assert dialog.query_one("#sign", Button).disabled, "nothing to sign off yet"

        await pilot.press("enter")  # choose the error
        await settle(pilot)
        screen = wizard(app)
        assert screen.current == "monitoring"
        assert field(app, "review_date").has_focus_within
        assert screen.draft.assessment.signed is None
        await pilot.press("ctrl+q")
    assert "signed" not in draft_file(home)


async def test_sign_off_goes_through_with_a_waiver_and_its_reason(tmp_path: Path) -> None:
    home = home_with_ready_example(tmp_path)
    app = make_app(home)
    async with app.run_test(size=(120, 36)) as pilot:
        await open_draft_and_sign_off(pilot)
        assert isinstance(app.screen, SignOffDialog)

        await pilot.press("w")  # waive the highlighted error
        await settle(pilot)
        assert isinstance(app.screen, PromptDialog)
        await pilot.press("enter")  # no reason given: refused
        await settle(pilot)
        assert isinstance(app.screen, PromptDialog), "a waiver needs a reason"
        await pilot.press(*REASON, "enter")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, SignOffDialog)
        words = str(dialog.query_one(OptionList).get_option_at_index(0).prompt)
        assert "Waived" in words and REASON in words
        assert not dialog.query_one("#sign", Button).disabled
        assert dialog.query_one("#sign", Button).has_focus

        await pilot.press("enter")  # Sign off
        await settle(pilot)
        assert isinstance(app.screen, PromptDialog), "then the names, as before"
        await pilot.press(*"Priya Shah", "tab", *"Jo Smith", "enter")
        await settle(pilot)
        screen = wizard(app)
        a = screen.draft.assessment
        assert a.signed is not None and a.signed["by"] == "Jo Smith"
        assert verify(screen.draft.questionnaire, a).ok
        await pilot.press("ctrl+q")

    saved = draft_file(home)
    assert saved["signed"]["by"] == "Jo Smith"
    (waiver,) = waivers_of(saved["signed"])
    assert (waiver.finding, waiver.key, waiver.reason, waiver.by) == (
        "review-date-passed",
        "monitoring.review_date",
        REASON,
        "Priya Shah",
    )
    assert waiver.message == "The review date, 27/07/2016, has passed."
    assert saved["history"][-1]["comment"] == "Signed off by Jo Smith, with 1 error waived"


async def test_a_clean_assessment_signs_off_without_the_dialog(tmp_path: Path) -> None:
    home = home_with_ready_example(tmp_path, review_date=date(2027, 7, 27))
    app = make_app(home)
    async with app.run_test(size=(120, 36)) as pilot:
        await open_draft_and_sign_off(pilot)
        assert isinstance(app.screen, PromptDialog), "warnings never stop sign-off"
        await pilot.press(*"Priya Shah", "tab", *"Jo Smith", "enter")
        await settle(pilot)
        assert wizard(app).draft.assessment.signed is not None
        await pilot.press("ctrl+q")
    assert "waivers" not in draft_file(home)["signed"]


async def test_the_sign_off_says_it_records_a_fingerprint_not_proof_of_who_signed(
    tmp_path: Path,
) -> None:
    home = home_with_ready_example(tmp_path)
    app = make_app(home)
    async with app.run_test(size=(120, 36)) as pilot:
        await open_draft_and_sign_off(pilot)
        dialog = app.screen
        assert isinstance(dialog, SignOffDialog)
        refused = str(dialog.query_one(".dialog-body", Static).render())
        assert "fingerprint" in refused
        await pilot.press("w", *REASON, "enter")
        await settle(pilot)
        await pilot.press("enter")  # Sign off
        await settle(pilot)
        prompt = app.screen
        assert isinstance(prompt, PromptDialog)
        words = " ".join(str(prompt.query_one(".dialog-body", Static).render()).split())
        assert "a fingerprint of every answer" in words
        assert "It is not a signature: it does not prove who signed." in words
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("ctrl+q")
