"""The wizard on a small terminal (80 columns by 24 lines), driven by keys as a person would.

Each test comes from a new user's try at 80x24: the help hid every answer control on the
grid, the grid showed about two questions a screen, Down in a level picker went to the next
level in reading order rather than the one drawn below, and a chosen level could not be
cleared.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import pytest
from textual.geometry import Region
from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets import Footer, Label, Static
from textual.widgets._footer import FooterKey

from eqia_tui.core.model.assessment import missing_answers
from eqia_tui.core.model.steps import Status, characteristic_status
from eqia_tui.tui.screens.wizard import WizardScreen
from eqia_tui.tui.steps.grid_step import GridStep
from eqia_tui.tui.steps.question_form import QuestionForm
from eqia_tui.tui.widgets.fields import Field
from eqia_tui.tui.widgets.help_panel import HelpPanel
from eqia_tui.tui.widgets.option_set import OptionSet

from .helpers import current_pane, field, make_app, new_draft, settle, wizard

SMALL = (80, 24)
LEVELS = ["high", "medium", "low", "none", "unknown"]
"""The impact scale, in the order drawn: High, Medium, Low on the first row; None, Unknown
on the second."""


def visible_region(widget: Widget) -> Region:
    """The part of the screen where `widget` can be seen: the screen, cut down by every
    container that scrolls on the way up."""
    visible = widget.screen.region
    for ancestor in widget.ancestors:
        if isinstance(ancestor, Widget) and (
            ancestor.allow_vertical_scroll or ancestor.allow_horizontal_scroll
        ):
            visible = visible.intersection(ancestor.scrollable_content_region)
    return visible


def seen(widget: Widget) -> bool:
    """The whole of `widget` is on the screen, not scrolled or pushed out of sight."""
    region = widget.region
    return bool(region) and visible_region(widget).contains_region(region)


def field_of(widget: Widget | None) -> Field | None:
    while widget is not None and not isinstance(widget, Field):
        parent = widget.parent
        widget = parent if isinstance(parent, Widget) else None
    return widget


def assert_focus_seen(pilot: Pilot[Any], where: str) -> None:
    """The focused control, when it answers a question, is seen whole with its label. Any
    other (a list on the overview or the summary, which may be taller than the screen) is
    seen at least in part."""
    focused = pilot.app.focused
    assert focused is not None, f"{where}: nothing has focus"
    question = field_of(focused)
    in_view = seen(focused) if question else visible_region(focused).overlaps(focused.region)
    assert in_view, (
        f"{where}: the focused {type(focused).__name__} at {focused.region} is not in view "
        f"({visible_region(focused)})"
    )
    if question is not None:
        label = question.query_one(".field-label", Label)
        assert seen(label), (
            f"{where}: the label of {question.question.id} at {label.region} is not in view "
            f"({visible_region(label)})"
        )


def help_shown(pilot: Pilot[Any]) -> bool:
    return pilot.app.screen.query_one(HelpPanel).display


async def check_step(pilot: Pilot[Any], where: str) -> None:
    """On arrival and with the help shown the other way (F1), then back again."""
    await settle(pilot)
    state = "open" if help_shown(pilot) else "closed"
    assert_focus_seen(pilot, f"{where}, help {state}")
    await pilot.press("f1")
    await settle(pilot)
    state = "open" if help_shown(pilot) else "closed"
    assert_focus_seen(pilot, f"{where}, help {state} with F1")
    await pilot.press("f1")
    await settle(pilot)


async def walk_every_step(pilot: Pilot[Any], screen: WizardScreen) -> list[str]:
    """Forward with Ctrl+N (help closed on arrival), then back with Ctrl+B (help open on
    arrival), checking each step. On the judgement step, Option 3 is chosen by keys, which
    brings in the full assessment and the action plan."""
    visited = []
    while True:
        step = screen.current
        visited.append(step)
        await check_step(pilot, f"{step} (forward)")
        if step == "judgement":
            await pilot.press("down", "down", "space")  # Option 3: a full assessment
            await settle(pilot)
        ids = [s.id for s in screen.steps()]
        if ids.index(step) == len(ids) - 1:
            break
        await pilot.press("ctrl+n")
        await settle(pilot)
        await dismiss_dialogs(pilot, screen)
    await pilot.press("f1")
    await settle(pilot)
    assert help_shown(pilot)
    while [s.id for s in screen.steps()].index(screen.current) > 0:
        await pilot.press("ctrl+b")
        await settle(pilot)
        await check_step(pilot, f"{screen.current} (back, help open)")
    return visited


async def dismiss_dialogs(pilot: Pilot[Any], screen: WizardScreen) -> None:
    """The action plan offers actions on arrival: the officer says no (Escape)."""
    while pilot.app.screen is not screen:
        await pilot.press("escape")
        await settle(pilot)


@pytest.mark.parametrize("questionnaire", ["kcc-eqia", "commissioning-cycle"])
async def test_every_step_shows_the_focused_question_and_its_control(
    tmp_path: Path, questionnaire: str
) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=SMALL) as pilot:
        screen = await new_draft(pilot, questionnaire)
        assert not help_shown(pilot), "at 80 columns the help starts hidden"
        visited = await walk_every_step(pilot, screen)
        assert visited == [s.id for s in screen.steps()], "every step was reached"


async def test_tab_through_the_grid_with_the_help_open_shows_each_question(
    tmp_path: Path,
) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=SMALL) as pilot:
        screen = await new_draft(pilot)
        await pilot.press("ctrl+n")  # the screening grid, on its first question
        await settle(pilot)
        assert screen.current == "screening"
        await pilot.press("y")  # yes: a box for the details appears
        await settle(pilot)
        await pilot.press("f1")
        await settle(pilot)
        assert help_shown(pilot)
        form = current_pane(app).query_one(QuestionForm)
        shown = [f for f in form.fields() if f.display]
        for number in range(len(shown)):
            assert_focus_seen(pilot, f"question {number + 1} of the grid")
            await pilot.press("tab")
            await settle(pilot)
        for number in range(len(shown)):
            await pilot.press("shift+tab")
            await settle(pilot)
            assert_focus_seen(pilot, f"back {number + 1} question(s) on the grid")
        for _ in screen.draft.questionnaire.characteristics[1:]:
            await pilot.press("ctrl+down")
            await settle(pilot)
            assert_focus_seen(pilot, f"characteristic {current_pane(app).current}")  # type: ignore[attr-defined]


async def test_the_grid_shows_its_questions_not_the_same_words_again(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=SMALL) as pilot:
        screen = await new_draft(pilot)
        await pilot.press("ctrl+n")
        await settle(pilot)
        grid = current_pane(app)
        assert isinstance(grid, GridStep)
        q = screen.draft.questionnaire
        section = grid.step.section
        assert section is not None
        # Three questions fit with the help closed, labels and all...
        labels = [f.query_one(".field-label", Label) for f in grid.form.fields() if f.display]
        assert sum(seen(label) for label in labels) >= 3, [str(lb.region) for lb in labels]
        # ...as the introduction and the characteristic's description take a line each.
        folded = [w for w in grid.query(".grid-heading").results(Static) if w.display]
        assert len(folded) == 2 and all(w.region.height == 1 for w in folded)
        # The whole description and introduction are in the help (F1).
        await pilot.press("f1")
        await settle(pilot)
        help_text = str(app.screen.query_one("#help-body", Static).render())
        age = q.characteristic("age")
        assert age is not None
        assert age.help in " ".join(help_text.split())
        intro = " ".join(q.words(section.intro).split())
        assert intro in " ".join(help_text.split())


def highlighted(options: OptionSet) -> int:
    return next(i for i, b in enumerate(options.buttons) if b.has_class("-selected"))


async def saved_row(pilot: Pilot[Any], screen: WizardScreen, characteristic: str) -> Any:
    """Save (Ctrl+S) and read the characteristic's row of the screening from the file."""
    await pilot.press("ctrl+s")
    await settle(pilot)
    data = tomllib.loads(screen.path.read_text(encoding="utf-8"))
    return data.get("screening", {}).get(characteristic, {})


async def test_arrows_move_in_the_direction_drawn_and_never_answer(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=SMALL) as pilot:
        screen = await new_draft(pilot)
        await pilot.press("ctrl+n", "tab")  # the grid, then its level picker
        await settle(pilot)
        levels = field(app, "positive_impact").query_one(OptionSet)
        assert levels.has_focus
        row = levels.buttons
        assert row[0].region.y == row[1].region.y == row[2].region.y < row[3].region.y
        await pilot.press("space")  # High
        await settle(pilot)
        assert screen.draft.assessment.row("screening", "age")["positive_impact"] == "high"

        await pilot.press("down")
        await settle(pilot)
        assert LEVELS[highlighted(levels)] == "none", "Down goes to the level drawn below"
        assert screen.draft.assessment.row("screening", "age")["positive_impact"] == "high"
        assert (await saved_row(pilot, screen, "age"))["positive_impact"] == "high"

        await pilot.press("right")
        await settle(pilot)
        assert LEVELS[highlighted(levels)] == "unknown"
        await pilot.press("up")
        await settle(pilot)
        assert LEVELS[highlighted(levels)] == "medium", "Up goes to the level drawn above"
        await pilot.press("down")
        await settle(pilot)
        assert LEVELS[highlighted(levels)] == "unknown"
        await pilot.press("left", "left")
        await settle(pilot)
        assert LEVELS[highlighted(levels)] == "low", "Left at a row's start: the row above's end"
        await pilot.press("up")
        await settle(pilot)
        assert LEVELS[highlighted(levels)] == "low", "nothing is drawn above Low"
        assert (await saved_row(pilot, screen, "age"))["positive_impact"] == "high"

        await pilot.press("enter")  # choosing is what stores
        await settle(pilot)
        assert (await saved_row(pilot, screen, "age"))["positive_impact"] == "low"


def footer_keys(pilot: Pilot[Any]) -> list[str]:
    footer = pilot.app.screen.query_one(Footer)
    return [f"{key.key_display} {key.description}" for key in footer.query(FooterKey)]


def age_status(screen: WizardScreen) -> Status:
    q, a = screen.draft.questionnaire, screen.draft.assessment
    section = q.section("screening")
    assert section is not None
    return characteristic_status(q, a, section, "age", missing_answers(q, a))


async def test_delete_or_backspace_clears_a_chosen_answer(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=SMALL) as pilot:
        screen = await new_draft(pilot)
        await pilot.press("ctrl+n")
        await settle(pilot)
        assert age_status(screen) is Status.NOT_STARTED
        assert "Del Clear" not in footer_keys(pilot), "nothing chosen, nothing to clear"

        await pilot.press("n")  # No
        await settle(pilot)
        assert age_status(screen) is not Status.NOT_STARTED
        assert "Del Clear" in footer_keys(pilot)
        assert (await saved_row(pilot, screen, "age"))["affects_less_favourably"] is False
        await pilot.press("backspace")
        await settle(pilot)
        assert field(app, "affects_less_favourably").value is None
        assert "affects_less_favourably" not in screen.draft.assessment.row("screening", "age")
        assert age_status(screen) is Status.NOT_STARTED, "the status follows"
        assert "Del Clear" not in footer_keys(pilot)
        assert "affects_less_favourably" not in await saved_row(pilot, screen, "age")

        await pilot.press("tab", "down", "space")  # the level drawn below High: None
        await settle(pilot)
        assert (await saved_row(pilot, screen, "age"))["positive_impact"] == "none"
        assert "Del Clear" in footer_keys(pilot)
        await pilot.press("delete")
        await settle(pilot)
        assert field(app, "positive_impact").value is None
        assert "positive_impact" not in await saved_row(pilot, screen, "age")
        assert "Del Clear" not in footer_keys(pilot)
        await pilot.press("delete")  # nothing left to clear: nothing happens
        await settle(pilot)
        assert "positive_impact" not in await saved_row(pilot, screen, "age")
        await pilot.press("space")  # the keys are still on None: it can be chosen again
        await settle(pilot)
        assert (await saved_row(pilot, screen, "age"))["positive_impact"] == "none"
        assert wizard(app) is screen


async def test_the_short_help_scrolls_by_keys_without_leaving_the_question(
    tmp_path: Path,
) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=SMALL) as pilot:
        await new_draft(pilot)
        await pilot.press("ctrl+n", "tab", "f1")  # the level picker, with its help
        await settle(pilot)
        panel = app.screen.query_one(HelpPanel)
        levels = field(app, "positive_impact").query_one(OptionSet)
        assert panel.display and panel.max_scroll_y > 0, "more help than fits at 80x24"
        await pilot.press("alt+down")
        await settle(pilot)
        assert panel.scroll_y > 0 and levels.has_focus
        await pilot.press(*["alt+down"] * 10)
        await settle(pilot)
        assert panel.scroll_y == panel.max_scroll_y, "to the end of the help"
        await pilot.press(*["alt+up"] * 10)
        await settle(pilot)
        assert panel.scroll_y == 0 and levels.has_focus
        assert field(app, "positive_impact").value is None, "scrolling the help answers nothing"
