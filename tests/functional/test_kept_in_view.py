"""What the officer is on stays wholly in view, whatever order the screen settles in.

A characteristic's name wraps when the list is narrow, and the list narrows by its scroll bar
once it has more lines than fit. Scrolling to the highlight before that left the last line of
a tall option out of view on a busy machine (a snapshot that failed one run in three).

F4 opens the comments on a question under the form and moves the focus to them. Whether the
form shrank before or after the focus left the question decided whether the question stayed
in view (another snapshot that failed now and then).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import OptionList

from eqia_tui.tui.steps.question_form import QuestionForm

from .helpers import EXAMPLE, current_pane, home_with_example, make_app, new_draft
from .keys import go_to_characteristic, go_to_step, settle
from .test_review_comments import focus_question
from .test_small_screen import seen, visible_region


def highlight_in_view(options: OptionList) -> tuple[int, int, int, int]:
    """(top of the highlighted option, its bottom, first line shown, last line shown)."""
    assert options.highlighted is not None
    region = options._index_to_line  # read only: the list has no public map of its lines
    top = region[options.highlighted]
    bottom = top + options._heights[options.highlighted]
    first = round(options.scroll_offset.y)
    return top, bottom, first, first + options.scrollable_content_region.height


@pytest.mark.parametrize("size", [(80, 24), (120, 36)])
@pytest.mark.parametrize("review", [True, False])
async def test_the_chosen_characteristic_is_wholly_in_view(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, size: tuple[int, int], review: bool
) -> None:
    monkeypatch.setenv("EQIA_PLAIN", "0")
    home = home_with_example(tmp_path / "home")
    app = make_app(home, open_path=home / "drafts" / EXAMPLE.name, review=review)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        for characteristic in ("religion_or_belief", "carers"):
            await go_to_characteristic(pilot, characteristic)
            await pilot.wait_for_scheduled_animations()
            await settle(pilot)
            options = app.screen.query_one("#characteristics", OptionList)
            top, bottom, first, last = highlight_in_view(options)
            assert first <= top and bottom <= last, (characteristic, top, bottom, first, last)


@pytest.mark.parametrize("size", [(80, 24), (120, 36)])
async def test_the_question_stays_in_view_when_its_comments_open(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, size: tuple[int, int]
) -> None:
    monkeypatch.setenv("EQIA_PLAIN", "0")
    home = home_with_example(tmp_path / "home")
    app = make_app(home, open_path=home / "drafts" / EXAMPLE.name)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await go_to_step(pilot, "full_assessment")
        await focus_question(pilot, "involvement_and_engagement")
        await pilot.press("f4")
        await pilot.wait_for_scheduled_animations()
        await settle(pilot)
        form = current_pane(app).query_one(QuestionForm)
        question = form.field("involvement_and_engagement")
        assert question is not None
        assert app.focused is not None and question not in app.focused.ancestors_with_self
        whole = question.virtual_region
        first = round(form.scroll_offset.y)
        last = first + form.scrollable_content_region.height
        if whole.height <= form.scrollable_content_region.height:
            assert first <= whole.y and whole.bottom <= last, (whole, first, last)
        else:
            assert first == whole.y, (whole, first, last)


async def test_tab_brings_each_question_whole_into_view_at_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One scroll per move, finished when the screen settles: no centring animation left
    running to race the form's own scroll (where the form ended used to depend on it)."""
    monkeypatch.setenv("EQIA_PLAIN", "0")
    home = home_with_example(tmp_path / "home")
    app = make_app(home, open_path=home / "drafts" / EXAMPLE.name)
    async with app.run_test(size=(80, 24)) as pilot:
        app.animation_level = "full"
        await settle(pilot)
        await go_to_step(pilot, "full_assessment")
        form = current_pane(app).query_one(QuestionForm)
        moves: list[float] = []
        form.watch(form, "scroll_y", lambda y: moves.append(y), init=False)
        seen = set()
        for _ in range(8):
            moves.clear()
            await pilot.press("tab")
            await settle(pilot)
            await pilot.wait_for_scheduled_animations()
            assert len(moves) <= 1, f"scrolled in steps: {moves}"
            focused = app.focused
            assert focused is not None
            question = next((f for f in form.fields() if focused in f.walk_children()), None)
            if question is None:
                continue
            seen.add(question.question.id)
            assert not app.animator.is_being_animated(form, "scroll_y"), question.question.id
            whole = question.virtual_region
            first = round(form.scroll_offset.y)
            last = first + form.scrollable_content_region.height
            if whole.height <= form.scrollable_content_region.height:
                assert first <= whole.y and whole.bottom <= last, (question.question.id, whole)
        assert len(seen) >= 3, seen


async def test_the_chosen_characteristic_stays_in_view_when_the_window_narrows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Narrower, the names wrap onto more lines: the one chosen is still shown whole."""
    monkeypatch.setenv("EQIA_PLAIN", "0")
    home = home_with_example(tmp_path / "home")
    app = make_app(home, open_path=home / "drafts" / EXAMPLE.name, review=True)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await go_to_characteristic(pilot, "carers")
        for size in ((100, 24), (80, 24), (120, 36)):
            await pilot.resize_terminal(*size)
            await pilot.wait_for_scheduled_animations()
            await settle(pilot)
            options = app.screen.query_one("#characteristics", OptionList)
            top, bottom, first, last = highlight_in_view(options)
            assert first <= top and bottom <= last, (size, top, bottom, first, last)


@pytest.mark.parametrize("visits", [["summary"], ["summary", "details", "summary"]])
async def test_the_summary_list_stays_in_view_when_the_help_opens(
    tmp_path: Path, visits: list[str]
) -> None:
    # At 80x24 the help opens under the summary's page (F1) and the page loses 7 lines. The
    # focused list ("Still to answer") must still be seen whole. It was not: the first time
    # the list stayed where it was, below the page; the second time Textual sent the page no
    # resize at all (a scroll had already made it rebuild its map at the new size).
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await new_draft(pilot)
        for step in visits:
            await go_to_step(pilot, step)
        await settle(pilot)
        focused = app.focused
        assert isinstance(focused, OptionList) and focused.id == "missing"
        assert seen(focused), f"on arrival: {focused.region} in {visible_region(focused)}"
        await pilot.press("f1")
        await settle(pilot)
        assert app.focused is focused
        assert seen(focused), f"with the help: {focused.region} in {visible_region(focused)}"
