"""Driving the app the way an officer would, for Pilot and snapshot tests."""

from __future__ import annotations

import shutil
import tomllib
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from textual import events
from textual.pilot import Pilot
from textual.widgets import Input, RadioButton, TextArea

from eqia_tui.tui.app import EqiaApp
from eqia_tui.tui.screens.wizard import WizardScreen
from eqia_tui.tui.steps.step_pane import StepPane
from eqia_tui.tui.widgets.fields import Field
from eqia_tui.tui.widgets.typed_date import format_uk_date

from .keys import create_by_keys
from .keys import settle as settle  # shared with every test here

Said = list[tuple[str, str]]
"""The messages the app showed, each with its severity (the `said` fixture)."""

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "customer-service-policy.toml"
FIXED = datetime(2026, 11, 23, 18, 0, tzinfo=UTC)


def fixed_clock() -> datetime:
    return FIXED


def example_answers() -> dict[str, Any]:
    return tomllib.loads(EXAMPLE.read_text())


def approved(data: dict[str, Any]) -> dict[str, Any]:
    """Give a draft's file data (changed in place) a review that ends in approval, with no
    fingerprint of the answers approved: sign-off need not wait for the review that its
    questionnaire asks for. Its comments stay."""
    record = data.setdefault("review_record", {})
    record["status"] = "approved"
    record["moves"] = [
        {"status": "submitted", "by": "Pat Brown-Clarke", "at": FIXED},
        {"status": "approved", "by": "Jordan Hale", "at": FIXED},
    ]
    return data


def home_with_example(tmp_path: Path) -> Path:
    drafts = tmp_path / "drafts"
    drafts.mkdir(parents=True, exist_ok=True)
    shutil.copy(EXAMPLE, drafts / EXAMPLE.name)
    return tmp_path


def make_app(home: Path, **kwargs: Any) -> EqiaApp:
    return EqiaApp(home, clock=fixed_clock, **kwargs)


async def new_draft(
    pilot: Pilot[Any],
    questionnaire: str = "kcc-eqia",
    title: str = "Parking permits",
    assessment_id: str = "parking",
) -> WizardScreen:
    """From the start screen, make a draft as an officer would (Ctrl+N, the form, Enter)
    and land on its first step."""
    return await create_by_keys(pilot, title, assessment_id, questionnaire)


def wizard(app: EqiaApp) -> WizardScreen:
    screen = app.screen
    assert isinstance(screen, WizardScreen), f"expected the wizard, got {type(screen).__name__}"
    return screen


def current_pane(app: EqiaApp) -> StepPane:
    screen = wizard(app)
    pane = screen.pane(screen.current)
    assert pane is not None
    return pane


def field(app: EqiaApp, question: str) -> Field:
    pane = current_pane(app)
    for candidate in pane.query(Field):
        if candidate.question.id == question:
            return candidate
    raise AssertionError(f"no field {question!r} on step {wizard(app).current!r}")


async def answer(pilot: Pilot[Any], question: str, value: Any) -> None:
    """Give an answer as an officer would: a click on the option, or a click in the box,
    select all (Ctrl+Shift+A) and paste the words."""
    target = field(pilot.app, question)  # type: ignore[arg-type]
    assert target.display, f"{question} is not shown"
    if isinstance(value, bool) or target.query(RadioButton):
        stored = [answer for answer, _, _ in target.options()]  # type: ignore[attr-defined]
        button = list(target.query(RadioButton))[stored.index(value)]
        button.scroll_visible(animate=False)  # scrolled to, as a person would
        await pilot.pause()
        await pilot.click(button)
    elif target.query(TextArea):
        # Long answers are put in whole: typing hundreds of characters key by key would
        # only make the tests slow. The keys of a text area have tests of their own.
        area = target.query_one(TextArea)
        area.focus()
        area.clear()
        area.insert(value)
    else:
        text = format_uk_date(value) if hasattr(value, "strftime") else str(value)
        box = target.query_one(Input)
        box.scroll_visible(animate=False)
        await pilot.pause()
        await pilot.click(box)
        await pilot.press("ctrl+shift+a")
        if text:
            box.post_message(events.Paste(text))  # what the terminal sends for a paste
        else:
            await pilot.press("backspace")
    await pilot.pause()


def no_blink(app: EqiaApp) -> None:
    """Stop cursors blinking so snapshots are the same every run, however slow the machine.

    A focused cursor then shows steadily. A text area keeps the lines it drew last, and
    does not count blinking in what makes a line different: if a blink hid the cursor
    before this (half a second after focus, which a busy machine reaches), the line
    without the cursor would be drawn again. So its drawn lines are dropped here too.
    """
    for widget in app.screen.query("Input, TextArea"):
        widget.cursor_blink = False  # type: ignore[attr-defined]
        if isinstance(widget, TextArea):
            widget.notify_style_update()  # forget the lines drawn while blinking
            widget.refresh()
