"""Getting about the app as a person does: by keys and clicks, never by calling a screen.

Each helper does what an officer would do at the keyboard and waits for the screen to
settle before it returns. Looking at the screen (which steps there are, what a button
says) is fine; changing anything goes through keys and clicks only.
"""

from __future__ import annotations

from typing import Any

from textual.pilot import Pilot
from textual.widgets import Input, RadioButton

from eqia_tui.tui.screens.wizard import WizardScreen


async def settle(pilot: Pilot[Any]) -> None:
    """Let workers finish and the screen redraw before looking at it."""
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.pause()


async def palette(pilot: Pilot[Any], words: str) -> None:
    """Open the command palette (Ctrl+P), type `words` and run the best match (Enter)."""
    await pilot.press("ctrl+p")
    await settle(pilot)
    await pilot.press(*words)
    await settle(pilot)
    await pilot.press("enter")
    await settle(pilot)


async def go_to_step(pilot: Pilot[Any], step_id: str) -> None:
    """Go to a wizard step through the palette's "Go to step N: title"."""
    screen = pilot.app.screen
    assert isinstance(screen, WizardScreen), f"expected the wizard, got {screen!r}"
    for number, step in enumerate(screen.steps(), 1):
        if step.id == step_id:
            await palette(pilot, f"Go to step {number}: {step.title}")
            assert screen.current == step_id, f"the palette did not reach {step_id}"
            return
    raise AssertionError(f"no step {step_id!r}: {[s.id for s in screen.steps()]}")


async def go_to_characteristic(pilot: Pilot[Any], characteristic_id: str) -> None:
    """Go to one characteristic of the screening grid through the palette."""
    screen = pilot.app.screen
    assert isinstance(screen, WizardScreen), f"expected the wizard, got {screen!r}"
    label = screen.draft.questionnaire.characteristic(characteristic_id).label
    await palette(pilot, f"Go to characteristic: {label}")


async def type_into(pilot: Pilot[Any], box: Input, text: str) -> None:
    """Click a box, clear what it holds and type `text`."""
    await pilot.click(box)
    await pilot.press("ctrl+shift+a", "backspace", *text)


async def create_by_keys(
    pilot: Pilot[Any],
    title: str,
    assessment_id: str | None = None,
    questionnaire: str | None = None,
) -> WizardScreen:
    """From the start screen: Ctrl+N, choose the questionnaire (a click), type the name and,
    when given, the file name, then Enter. Returns the wizard it opens on."""
    await settle(pilot)
    await pilot.press("ctrl+n")
    await settle(pilot)
    dialog = pilot.app.screen
    if questionnaire is not None:
        for option in dialog.query(RadioButton):
            if f"({questionnaire})" in str(option.label):
                await pilot.click(option)
                break
        else:
            raise AssertionError(f"the new-assessment form offers no {questionnaire!r}")
        await pilot.click("#title")
    await pilot.press(*title)
    if assessment_id is not None:
        await type_into(pilot, dialog.query_one("#id", Input), assessment_id)
    await pilot.press("enter")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, WizardScreen), f"expected the wizard, got {screen!r}"
    return screen
