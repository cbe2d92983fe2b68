"""Comments in the full-screen app (issue 12), by keys and clicks: a reviewer comments in
review mode, the officer sees the marks and replies, the reviewer resolves; and a comment
on a signed assessment keeps it verifying."""

from __future__ import annotations

import shutil
import tomllib
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import OptionList, Static

from eqia_tui.cli import main
from eqia_tui.core.disk.locations import config_file
from eqia_tui.core.storage.config import Config, save_config
from eqia_tui.tui.dialogs.comment import CommentDialog
from eqia_tui.tui.steps.grid_step import GridStep
from eqia_tui.tui.widgets.comments_panel import CommentsPanel
from eqia_tui.tui.widgets.fields import Field
from eqia_tui.tui.widgets.step_bar import StepBar

from .helpers import EXAMPLE, ROOT, Said, current_pane, home_with_example, make_app, wizard
from .keys import go_to_characteristic, go_to_step, palette, settle

SIGNED = ROOT / "tests" / "fixtures" / "signed" / "customer-service-policy-signed-1.0.toml"

REVIEWER = "Sam Okafor"
OFFICER = "Pat Brown-Clarke"
NEGATIVE = "screening.age.negative_impact"


@pytest.fixture(autouse=True)
def full_screen(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EQIA_PLAIN", "0")


def keep_name(name: str) -> None:
    """The person at this computer has given their name before (config.toml)."""
    save_config(Config(author=name), config_file())


def file_of(home: Path) -> dict[str, Any]:
    return tomllib.loads((home / "drafts" / EXAMPLE.name).read_text(encoding="utf-8"))


def comments_in(home: Path) -> dict[str, dict[str, Any]]:
    return {c["id"]: c for c in file_of(home)["review_record"]["comments"]}


def panel_words(pilot: Pilot[Any]) -> str:
    panel = pilot.app.screen.query_one(CommentsPanel)
    lines = [str(panel.border_title)]
    lines += [str(panel.get_option_at_index(i).prompt) for i in range(panel.option_count)]
    return "\n".join(lines)


async def focus_question(pilot: Pilot[Any], question: str) -> None:
    """Tab from question to question until `question` has the focus."""
    for _ in range(30):
        focused = pilot.app.focused
        owner = next((w for w in focused.ancestors_with_self if isinstance(w, Field)), None)
        if owner is not None and owner.question.id == question:
            return
        await pilot.press("tab")
        await settle(pilot)
    raise AssertionError(f"tab never reached {question}")


async def test_review_mode_shows_the_banner_and_keeps_the_answers_read_only(
    tmp_path: Path, said: Said
) -> None:
    home = home_with_example(tmp_path)
    before = (home / "drafts" / EXAMPLE.name).read_bytes()
    app = make_app(home, open_path=home / "drafts" / EXAMPLE.name, review=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        screen = wizard(app)
        banner = str(screen.query_one("#held-banner", Static).render())
        assert banner.startswith("Reviewing: the answers are read-only. Press C to comment")
        assert screen.query_one("#held-banner").display
        assert current_pane(app).disabled, "the answers cannot be changed"
        for task in ("Sign off", "Save a version", "Suggest actions from the screening"):
            await palette(pilot, task)
            assert wizard(app) is app.screen, f"{task}: no dialog opens"
        refused = "You are reviewing this assessment, so its answers cannot change here."
        assert sum(refused in words for words, _ in said) == 3
        await pilot.press("ctrl+q")
        await settle(pilot)
    assert (home / "drafts" / EXAMPLE.name).read_bytes() == before, "opening changes nothing"


async def test_a_reviewer_comments_the_officer_replies_and_the_reviewer_resolves(
    tmp_path: Path, said: Said
) -> None:
    home = home_with_example(tmp_path)
    path = home / "drafts" / EXAMPLE.name
    answers_before = {k: v for k, v in file_of(home).items() if k != "review_record"}

    # The reviewer opens it for review, with no name kept yet, and comments on Age's
    # "Potential negative impact".
    app = make_app(home, open_path=path, review=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await go_to_characteristic(pilot, "age")
        await pilot.press("c")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, CommentDialog)
        about = dialog.query_one("#comment-on", OptionList)
        assert about.highlighted_option is not None
        assert about.highlighted_option.id == "screening.age", "the characteristic by default"
        await pilot.press("shift+tab")  # from the name box to the list of what it is about
        assert about.has_focus
        for _ in range(about.get_option_index(NEGATIVE) - (about.highlighted or 0)):
            await pilot.press("down")
        await pilot.press("tab", *REVIEWER, "enter")
        await pilot.press(*"Why Medium? Say what the evidence shows.", "enter")
        await settle(pilot)
        assert wizard(app) is app.screen
        assert ("Comment c4 added.", "information") in said
        # The panel shows it with the characteristic, and the marks say it is open.
        words = panel_words(pilot)
        assert "Comments on Screening grid: Age: 1 open comment" in words
        assert f"✎ Open  c4, on Screening grid: Age: Negative impact\n{REVIEWER}, " in words
        assert "Why Medium? Say what the evidence shows." in words
        await pilot.press("ctrl+q")
        await settle(pilot)

    saved = comments_in(home)
    assert saved["c4"]["on"] == NEGATIVE
    assert saved["c4"]["by"] == REVIEWER
    assert saved["c4"]["text"] == "Why Medium? Say what the evidence shows."
    assert "resolved_at" not in saved["c4"]
    assert tomllib.loads(config_file().read_text())["author"] == REVIEWER, "kept for next time"
    kept = {k: v for k, v in file_of(home).items() if k != "review_record"}
    assert kept == answers_before, "a comment changes no answer, nor when they changed"

    # The officer opens it as usual: the step, the characteristic and the question are marked.
    keep_name(OFFICER)
    app = make_app(home, open_path=path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        screen = wizard(app)
        bar = screen.query_one(StepBar)
        assert "✎" in str(bar.render())
        assert "Screening grid: in progress, ✎ 2 open comments" in str(bar.tooltip)
        await go_to_characteristic(pilot, "age")
        grid = current_pane(app)
        assert isinstance(grid, GridStep)
        age = str(grid.query_one("#characteristics", OptionList).get_option("age").prompt)
        assert "Age ✎" in age and "1 open comment" in age
        negative = grid.query_one("#field-negative_impact", Field)
        assert "✎ 1 open comment" in str(negative.query_one(".comment-mark", Static).render())
        await focus_question(pilot, "negative_impact")
        assert "Comments on Screening grid: Age: Negative impact: 1 open" in panel_words(pilot)
        await pilot.press("f4")  # to the comments
        assert screen.query_one(CommentsPanel).has_focus
        await pilot.press("r")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, CommentDialog), "the name is kept: straight to the reply"
        await pilot.press(*"Older people said so at the workshops.", "enter")
        await settle(pilot)
        assert ("Reply to comment c4 added.", "information") in said
        assert f"↳ Reply from {OFFICER}, " in panel_words(pilot)
        await pilot.press("ctrl+q")
        await settle(pilot)
    assert comments_in(home)["c4"]["replies"][0]["by"] == OFFICER

    # The reviewer resolves it.
    keep_name(REVIEWER)
    app = make_app(home, open_path=path, review=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await go_to_characteristic(pilot, "age")
        await pilot.press("f4")
        await pilot.press("x")
        await settle(pilot)
        assert ("Comment c4 resolved.", "information") in said
        assert "✓ Resolved  c4" in panel_words(pilot)
        grid = current_pane(app)
        age = str(grid.query_one("#characteristics", OptionList).get_option("age").prompt)
        assert "✎" not in age, "no open comment is left on Age"
        await pilot.press("ctrl+q")
        await settle(pilot)

    c4 = comments_in(home)["c4"]
    assert c4["resolved_by"] == REVIEWER
    assert c4["replies"] == [
        {
            "by": OFFICER,
            "at": c4["replies"][0]["at"],
            "text": "Older people said so at the workshops.",
        }
    ]
    assert set(comments_in(home)) == {"c1", "c2", "c3", "c4"}, "the others are kept"


async def test_open_again_and_a_comment_on_the_whole_step(tmp_path: Path, said: Said) -> None:
    home = home_with_example(tmp_path)
    keep_name(REVIEWER)
    app = make_app(home, open_path=home / "drafts" / EXAMPLE.name, review=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await go_to_step(pilot, "action_plan")
        assert not app.screen.query_one(CommentsPanel).display, "only resolved ones: out of the way"
        await pilot.press("f4")  # shows them
        await settle(pilot)
        words = panel_words(pilot)
        assert (
            '✓ Resolved  c3, on Action plan: Action 3 ("The council has no digital strategy."): '
            "Owner" in words
        )
        await pilot.press("f4", "o")
        await settle(pilot)
        assert ("Comment c3 is open again.", "information") in said
        await pilot.press("ctrl+p", *"Comment on this step", "enter")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, CommentDialog)
        assert not dialog.query("#comment-on"), "about the step: nothing to choose"
        await pilot.press(*"Add a date to each action.", "enter")
        await settle(pilot)
        await pilot.press("ctrl+q")
        await settle(pilot)
    saved = comments_in(home)
    assert "resolved_at" not in saved["c3"]
    assert saved["c4"]["on"] == "action_plan"


async def test_a_comment_on_a_signed_assessment_keeps_it_verifying(
    tmp_path: Path, said: Said
) -> None:
    drafts = tmp_path / "drafts"
    drafts.mkdir()
    path = drafts / "signed.toml"
    shutil.copy(SIGNED, path)
    assert main(["verify", str(path)]) == 0
    keep_name(REVIEWER)
    app = make_app(tmp_path, open_path=path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        screen = wizard(app)
        assert screen.has_class("-read-only"), "signed: the answers are locked"
        await pilot.press("c")
        await settle(pilot)
        assert isinstance(app.screen, CommentDialog)
        await pilot.press(*"Signed without the group's approval.", "enter")
        await settle(pilot)
        await pilot.press("ctrl+q")
        await settle(pilot)
    comments = tomllib.loads(path.read_text(encoding="utf-8"))["review_record"]["comments"]
    assert [c["text"] for c in comments] == ["Signed without the group's approval."]
    assert main(["verify", str(path)]) == 0, "comments are not part of the signed answers"


async def test_comment_text_from_the_file_is_shown_as_written(tmp_path: Path) -> None:
    home = home_with_example(tmp_path)
    path = home / "drafts" / EXAMPLE.name
    text = path.read_text(encoding="utf-8")
    text += (
        '\n[[review_record.comments]]\nid = "c9"\non = "screening.age"\n'
        'by = "[i]Someone[/i]"\nat = 2015-08-13T09:00:00Z\n'
        'text = "[bold]Not markup[/] [@click=app.quit]quit[/] \\u001b[31mred"\n'
    )
    path.write_text(text, encoding="utf-8")
    app = make_app(home, open_path=path, review=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await go_to_characteristic(pilot, "age")
        words = panel_words(pilot)
        assert "[i]Someone[/i]" in words
        assert "[bold]Not markup[/] [@click=app.quit]quit[/]" in words
        assert "\x1b" not in words, "an escape sequence is shown, never sent"
        await pilot.press("ctrl+q")
        await settle(pilot)
