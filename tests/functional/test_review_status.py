"""Issue 12, the review status in the app: an officer submits (asked first while the check
finds an error), a reviewer asks for changes, the officer fixes it and submits again, the
reviewer approves and the officer signs off; reopening goes back to draft. Sign-off before
approval is refused with a message saying what to do.

The example's questionnaire, kcc-eqia 1.3, asks for a review (`[review] required = true`).
Each person works in a session of their own, with
their name in config.toml, as the file travels between them. Everything is done with keys
and clicks.
"""

from __future__ import annotations

import tomllib
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import tomli_w
from textual.command import CommandList, CommandPalette
from textual.pilot import Pilot
from textual.widgets import Button, OptionList, Static

from conftest import EqiaDirs
from eqia_tui.tui.dialogs.confirm import ConfirmDialog
from eqia_tui.tui.dialogs.prompt import PromptDialog
from unit.helpers import READY_REVIEW, ready_to_sign

from .helpers import FIXED, Said, answer, example_answers, make_app, settle, wizard
from .keys import go_to_step, palette

OFFICER = "Pat Brown-Clarke"
REVIEWER = "Jordan Hale"
PASSED = date(2016, 7, 27)
DRAFT = "customer-service-policy.toml"


def home_with_draft(eqia_dirs: EqiaDirs, review_date: date = PASSED) -> Path:
    """The example, its gaps filled, with no review yet: with the review date passed, the
    check finds one error. Its questionnaire asks for a review."""
    data = ready_to_sign(example_answers(), review_date)
    data.pop("review_record", None)
    drafts = eqia_dirs.home / "drafts"
    drafts.mkdir(parents=True, exist_ok=True)
    (drafts / DRAFT).write_text(tomli_w.dumps(data), encoding="utf-8")
    return eqia_dirs.home


def as_person(eqia_dirs: EqiaDirs, name: str) -> None:
    """The name kept in config.toml: the person working now."""
    (eqia_dirs.config / "config.toml").write_text(tomli_w.dumps({"author": name}))


def saved(home: Path) -> dict[str, Any]:
    return tomllib.loads((home / "drafts" / DRAFT).read_text(encoding="utf-8"))


def moves(home: Path) -> list[tuple[str, str]]:
    return [(m["status"], m["by"]) for m in saved(home).get("review_record", {}).get("moves", [])]


async def open_summary(pilot: Pilot[Any]) -> None:
    """Open the only draft from the start screen (Enter) and go to the summary."""
    await settle(pilot)
    await pilot.press("enter")
    await settle(pilot)
    await go_to_step(pilot, "summary")
    await settle(pilot)


def shown_buttons(pilot: Pilot[Any]) -> list[str]:
    buttons = pilot.app.screen.query("#review-buttons Button").results(Button)
    return [str(b.label) for b in buttons if b.display]


def review_words(pilot: Pilot[Any]) -> str:
    return str(pilot.app.screen.query_one("#review-state", Static).render())


async def move_by_button(pilot: Pilot[Any], button: str, note: str = "") -> None:
    """Click a move's button on the summary, then type the note and press Enter."""
    await pilot.click(f"#move-{button}")
    await settle(pilot)
    if note:
        assert isinstance(pilot.app.screen, PromptDialog), "a move asks for a note first"
        await pilot.press(*note)
    await pilot.press("enter")
    await settle(pilot)


async def test_a_submission_moves_through_each_status_to_sign_off_and_back_to_draft(
    eqia_dirs: EqiaDirs, said: Said
) -> None:
    home = home_with_draft(eqia_dirs)

    # The officer submits. The check finds an error, so the app asks first.
    as_person(eqia_dirs, OFFICER)
    app = make_app(home)
    async with app.run_test(size=(120, 36)) as pilot:
        await open_summary(pilot)
        assert "Draft" in review_words(pilot)
        assert "Sign-off needs a reviewer's approval first" in review_words(pilot)
        assert shown_buttons(pilot) == ["Submit for review"]
        await pilot.click("#move-submitted")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, ConfirmDialog)
        assert "The check finds 1 error." in str(dialog.query_one(".dialog-body", Static).render())
        await pilot.press("enter")  # Cancel has the focus: nothing happens
        await settle(pilot)
        assert moves(home) == []
        await pilot.click("#move-submitted")
        await settle(pilot)
        await pilot.click("#confirm")  # Submit anyway
        await settle(pilot)
        assert isinstance(app.screen, PromptDialog), "then the note, which may be left empty"
        await pilot.press(*"Ready for the group", "enter")
        await settle(pilot)
        assert "Submitted for review by Pat Brown-Clarke" in review_words(pilot)
        assert shown_buttons(pilot) == ["Approve", "Ask for changes", "Back to draft"]

        # The officer cannot approve their own submission: nothing changes.
        await move_by_button(pilot, "approved")
        await pilot.press("ctrl+q")
    assert moves(home) == [("submitted", OFFICER)]
    assert any("cannot approve it; someone else must check it" in m for m, _ in said)
    submitted = saved(home)["review_record"]["moves"][0]
    assert submitted["at"] == FIXED
    assert submitted["note"].startswith("Ready for the group The check found 1 error and ")
    assert saved(home)["review_record"]["status"] == "submitted"

    # The reviewer asks for changes: a note is needed.
    as_person(eqia_dirs, REVIEWER)
    app = make_app(home)
    async with app.run_test(size=(120, 36)) as pilot:
        await open_summary(pilot)
        await pilot.click("#move-changes-requested")
        await settle(pilot)
        await pilot.press("enter")  # no note: the dialog stays
        await settle(pilot)
        assert isinstance(app.screen, PromptDialog), "asking for changes needs a note"
        await pilot.press(*"Set a review date to come", "enter")
        await settle(pilot)
        assert "Changes requested by Jordan Hale" in review_words(pilot)
        await pilot.press("ctrl+q")
    assert moves(home)[-1] == ("changes-requested", REVIEWER)
    assert saved(home)["review_record"]["moves"][-1]["note"] == "Set a review date to come"

    # The officer fixes the review date and submits again: no error, so no question first.
    # Sign-off before approval is refused, with what to do.
    as_person(eqia_dirs, OFFICER)
    app = make_app(home)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await go_to_step(pilot, "monitoring")
        await answer(pilot, "review_date", READY_REVIEW)
        await go_to_step(pilot, "summary")
        await settle(pilot)
        await pilot.click("#move-submitted")
        await settle(pilot)
        assert isinstance(app.screen, PromptDialog), "no error: straight to the note"
        await pilot.press("enter")
        await settle(pilot)
        said.clear()
        await palette(pilot, "Sign off")
        assert not isinstance(app.screen, PromptDialog), "refused before any question"
        assert wizard(app).draft.assessment.signed is None
        await pilot.press("ctrl+q")
    assert moves(home)[-1] == ("submitted", OFFICER)
    assert (
        "Sign-off needs a reviewer's approval first. It is with the reviewer now. "
        "Sign it off once they approve it.",
        "error",
    ) in said
    assert "signed" not in saved(home)

    # The reviewer approves.
    as_person(eqia_dirs, REVIEWER)
    app = make_app(home)
    async with app.run_test(size=(120, 36)) as pilot:
        await open_summary(pilot)
        await move_by_button(pilot, "approved", "Good work")
        assert "Approved by Jordan Hale" in review_words(pilot)
        await pilot.press("ctrl+q")
    assert moves(home)[-1] == ("approved", REVIEWER)

    # The officer signs off, then reopens it: back to draft.
    as_person(eqia_dirs, OFFICER)
    app = make_app(home)
    async with app.run_test(size=(120, 36)) as pilot:
        await open_summary(pilot)
        await pilot.click("#sign")
        await settle(pilot)
        assert isinstance(app.screen, PromptDialog)
        await pilot.press(*"Sam Patel", "enter")
        await settle(pilot)
        assert wizard(app).draft.assessment.signed is not None
        assert "Signed off" in review_words(pilot)
        await pilot.click("#reopen")
        await settle(pilot)
        await pilot.click("#confirm")
        await settle(pilot)
        assert review_words(pilot).startswith("Review: Draft by Pat Brown-Clarke")
        assert shown_buttons(pilot) == ["Submit for review"]
        await pilot.press("ctrl+q")
    record = saved(home)["review_record"]
    assert [(m["status"], m["by"]) for m in record["moves"]] == [
        ("submitted", OFFICER),
        ("changes-requested", REVIEWER),
        ("submitted", OFFICER),
        ("approved", REVIEWER),
        ("signed", "Sam Patel"),
        ("draft", OFFICER),
    ]
    assert all(m["at"] == FIXED for m in record["moves"])
    assert record["status"] == "draft"
    assert "signed" not in saved(home)


async def test_the_summary_lists_open_comments_first_and_each_goes_to_its_answer(
    eqia_dirs: EqiaDirs,
) -> None:
    home = home_with_draft(eqia_dirs)
    data = saved(home)
    data["review_record"] = {
        "comments": [
            {
                "id": "c1",
                "on": "screening.religion_or_belief",
                "by": REVIEWER,
                "at": FIXED,
                "text": "Say whether anyone is affected.",
            },
            {
                "id": "c2",
                "on": "monitoring.review_date",
                "by": REVIEWER,
                "at": FIXED,
                "text": "The date has passed.",
                "resolved_by": OFFICER,
                "resolved_at": FIXED,
            },
        ]
    }
    (home / "drafts" / DRAFT).write_text(tomli_w.dumps(data), encoding="utf-8")
    app = make_app(home)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_summary(pilot)
        comments = app.screen.query_one("#open-comments", OptionList)
        assert comments.option_count == 1, "only the open comment is in the list"
        assert app.focused is comments, "open comments come first"
        words = str(comments.get_option_at_index(0).prompt)
        assert "Screening grid: Religion or belief" in words
        assert "Say whether anyone is affected." in words
        resolved = str(app.screen.query_one("#comments-resolved", Static).render())
        assert f"resolved by {OFFICER} on 23 November 2026" in resolved
        await pilot.press("enter")
        await settle(pilot)
        screen = wizard(app)
        assert screen.current == "screening"
        assert screen.draft.assessment.resume_at == "screening.religion_or_belief"


@pytest.mark.parametrize("size", [(80, 24)])
async def test_the_start_screen_shows_each_drafts_status_and_open_comments(
    eqia_dirs: EqiaDirs, size: tuple[int, int]
) -> None:
    home = home_with_draft(eqia_dirs)
    data = saved(home)
    data["review_record"] = {
        "status": "submitted",
        "moves": [{"status": "submitted", "by": OFFICER, "at": FIXED}],
        "comments": [{"id": "c1", "by": REVIEWER, "at": FIXED, "text": "Who decides?"}],
    }
    (home / "drafts" / DRAFT).write_text(tomli_w.dumps(data), encoding="utf-8")
    app = make_app(home)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        table = app.screen.query_one("#drafts")
        labels = [str(c.label) for c in table.columns.values()]  # type: ignore[attr-defined]
        assert labels[:3] == ["Title", "Status", "Open\ncomments"]
        row = table.get_row_at(0)  # type: ignore[attr-defined]
        assert str(row[1]) == "Submitted" and row[2] == "1"
        detail = str(app.screen.query_one("#draft-detail", Static).render())
        assert "Submitted for review by Pat Brown-Clarke on 23 November 2026." in detail
        assert "1 open comment." in detail
        assert "Questionnaire: kcc-eqia." in detail, "its column is left out at 80"


def palette_lines(pilot: Pilot[Any]) -> list[str]:
    """Every command the open palette lists, first lines only."""
    commands = pilot.app.screen.query_one(CommandList)
    return [
        str(commands.get_option_at_index(i).prompt).split("\n")[0]
        for i in range(commands.option_count)
    ]


async def test_the_palette_offers_the_moves_allowed_now_and_the_name_is_asked_once(
    eqia_dirs: EqiaDirs,
) -> None:
    home = home_with_draft(eqia_dirs, READY_REVIEW)
    app = make_app(home)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("ctrl+p")
        await settle(pilot)
        assert isinstance(app.screen, CommandPalette)
        lines = palette_lines(pilot)
        assert "Submit for review" in lines
        assert "Approve" not in lines and "Back to draft" not in lines, "not from a draft"
        await pilot.press("escape")
        await settle(pilot)

        await palette(pilot, "Submit for review")
        dialog = app.screen
        assert isinstance(dialog, PromptDialog), "no error: no question first"
        assert dialog.query("#prompt-author"), "no name kept yet: it is asked"
        await pilot.press(*OFFICER, "enter")  # the note may be left empty
        await settle(pilot)
        assert moves(home) == [("submitted", OFFICER)]

        await palette(pilot, "Back to draft")
        dialog = app.screen
        assert isinstance(dialog, PromptDialog)
        assert not dialog.query("#prompt-author"), "the name is kept"
        await pilot.press(*"Not ready after all", "enter")
        await settle(pilot)
        await pilot.press("ctrl+q")
    assert moves(home) == [("submitted", OFFICER), ("draft", OFFICER)]
    assert saved(home)["review_record"]["moves"][1]["note"] == "Not ready after all"
    assert tomllib.loads((eqia_dirs.config / "config.toml").read_text())["author"] == OFFICER
