"""Colours: the high-contrast theme chosen from the palette and kept in config.toml, a bad
theme in the settings, the terminal's own colours, and NO_COLOR (everything in shades of
grey, with every status, level and error still said in words or marks)."""

from __future__ import annotations

import io
import tomllib
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console
from rich.segment import Segment
from textual.pilot import Pilot

from eqia_tui.core.disk.locations import config_file
from eqia_tui.tui.app import EqiaApp
from eqia_tui.tui.themes import DEFAULT_THEME, HIGH_CONTRAST_NAME

from .helpers import EXAMPLE, Said, answer, home_with_example, make_app, new_draft
from .keys import go_to_step, palette, settle


def settings() -> dict[str, Any]:
    return tomllib.loads(config_file().read_text(encoding="utf-8"))


def write_settings(text: str) -> None:
    config_file().parent.mkdir(parents=True, exist_ok=True)
    config_file().write_text(text, encoding="utf-8")


async def choose_theme(pilot: Pilot[Any], words: str) -> None:
    """Ctrl+P, "Theme", then the theme's name and Enter, as an officer would."""
    await palette(pilot, "Theme")
    await pilot.press(*words)
    await settle(pilot)
    await pilot.press("enter")
    await settle(pilot)


def rendered(app: EqiaApp) -> list[Segment]:
    """What the terminal is sent for the whole screen, dialogs over the screens behind."""
    console = Console(
        width=app.size.width,
        height=app.size.height,
        file=io.StringIO(),
        force_terminal=True,
        color_system="truecolor",
        legacy_windows=False,
    )
    # What `App.export_screenshot` draws, as segments with their colours rather than a picture.
    update = app.screen._compositor.render_update(full=True, screen_stack=app._background_screens)
    return list(console.render(update))


def screen_text(app: EqiaApp) -> str:
    return "".join(segment.text for segment in rendered(app) if not segment.control)


# --- Chosen from the palette, kept for next time ----------------------------------------------


async def test_high_contrast_is_chosen_by_keys_and_kept_for_next_time(tmp_path: Path) -> None:
    write_settings('author = "Jo Smith"\n')
    app = make_app(tmp_path / "home")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert app.theme == DEFAULT_THEME
        await choose_theme(pilot, "High contrast")
        assert app.theme == HIGH_CONTRAST_NAME
    # Written at once, and the name already there is kept.
    assert settings() == {"author": "Jo Smith", "theme": HIGH_CONTRAST_NAME}

    again = make_app(tmp_path / "home")
    async with again.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert again.theme == HIGH_CONTRAST_NAME
        # Its colours are on the screen: white text on black.
        colours = {(s.style.color, s.style.bgcolor) for s in rendered(again) if s.style}
        assert any(
            bg is not None and bg.triplet == (0, 0, 0) for _, bg in colours if bg is not None
        )


async def test_the_palette_lists_the_themes_by_names_a_person_would_use(tmp_path: Path) -> None:
    app = make_app(tmp_path / "home")
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await palette(pilot, "Theme")
        shown = screen_text(app)
        assert "High contrast" in shown
        assert "Terminal's own colours" in shown
        await pilot.press("escape")
        await settle(pilot)
    assert not config_file().exists(), "nothing chosen, nothing written"


async def test_the_terminals_own_colours_are_chosen_and_kept(tmp_path: Path) -> None:
    app = make_app(tmp_path / "home")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await choose_theme(pilot, "Terminal's own colours (dark)")
        assert app.theme == "ansi-dark"
        assert app.native_ansi_color
    assert settings()["theme"] == "ansi-dark"


@pytest.mark.parametrize(
    ("written", "used"), [("textual-ansi", "ansi-dark"), ("ansi-light", "ansi-light")]
)
async def test_a_theme_in_the_settings_is_used_at_start(
    tmp_path: Path, said: Said, written: str, used: str
) -> None:
    """ "textual-ansi", the name earlier versions of Textual gave the terminal's own colours,
    still works."""
    write_settings(f'theme = "{written}"\n')
    app = make_app(tmp_path / "home")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert app.theme == used
        assert app.native_ansi_color
    assert said == []


@pytest.mark.parametrize(
    ("setting", "given"),
    [
        ('theme = "High Contrast"', '"High Contrast"'),
        ("theme = 3", "3"),
        ('theme = "nope"', '"nope"'),
    ],
)
async def test_a_bad_theme_is_said_in_one_line_and_the_default_is_used(
    tmp_path: Path, said: Said, setting: str, given: str
) -> None:
    write_settings(f'author = "Jo Smith"\n{setting}\n')
    before = config_file().read_bytes()
    app = make_app(tmp_path / "home")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert app.theme == DEFAULT_THEME
        assert len(said) == 1
        line, severity = said[0]
        assert severity == "warning"
        assert "\n" not in line
        assert line.startswith(f"{config_file()}: theme: {given} is not a theme; allowed: ")
        assert HIGH_CONTRAST_NAME in line and "ansi-dark" in line and DEFAULT_THEME in line
    assert config_file().read_bytes() == before, "the file is left as it was"


async def test_a_settings_file_that_cannot_be_read_leaves_the_default_colours(
    tmp_path: Path, said: Said
) -> None:
    write_settings('theme = "high-contrast\n')
    app = make_app(tmp_path / "home")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert app.theme == DEFAULT_THEME
        [(line, severity)] = said
        assert line.startswith(f"{config_file()}: line 1, column ")
        assert line.endswith(". The default colours are used.")
        assert "\n" not in line and severity == "warning"


async def test_a_theme_that_cannot_be_kept_is_said_and_still_used(
    tmp_path: Path, said: Said, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("")
    monkeypatch.setenv("EQIA_CONFIG_DIR", str(blocked))
    app = make_app(tmp_path / "home")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await choose_theme(pilot, "High contrast")
        assert app.theme == HIGH_CONTRAST_NAME
        assert [severity for _, severity in said] == ["warning"]
        assert said[0][0] == (
            f"Could not save the theme to {config_file()}: {blocked} is a file, not a folder. "
            "The theme is used until you quit."
        )


# --- NO_COLOR ---------------------------------------------------------------------------------


def _grey(segment: Segment) -> bool:
    style = segment.style
    if style is None:
        return True
    for colour in (style.color, style.bgcolor):
        if colour is not None and colour.triplet is not None:
            red, green, blue = colour.triplet
            if not red == green == blue:
                return False
    return True


@pytest.mark.parametrize("theme", [None, HIGH_CONTRAST_NAME])
async def test_no_color_draws_in_shades_of_grey(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, theme: str | None
) -> None:
    if theme:
        write_settings(f'theme = "{theme}"\n')
    home = home_with_example(tmp_path / "home")
    monkeypatch.setenv("NO_COLOR", "1")
    app = make_app(home, open_path=home / "drafts" / EXAMPLE.name)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await go_to_step(pilot, "screening")
        coloured = [s.text for s in rendered(app) if not _grey(s)]
        assert coloured == []


@pytest.mark.parametrize("theme", ["ansi-dark", "ansi-light"])
async def test_no_color_with_the_terminals_own_colours_sends_no_colour_at_all(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, theme: str
) -> None:
    """Text in the terminal's own colours is left in them: not turned to black on black,
    as shades of grey would."""
    write_settings(f'theme = "{theme}"\n')
    home = home_with_example(tmp_path / "home")
    monkeypatch.setenv("NO_COLOR", "1")
    app = make_app(home, open_path=home / "drafts" / EXAMPLE.name)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await go_to_step(pilot, "screening")
        coloured = [
            s.text
            for s in rendered(app)
            if s.style
            and any(c is not None and not c.is_default for c in (s.style.color, s.style.bgcolor))
        ]
        assert coloured == []


async def test_without_no_color_there_is_colour(tmp_path: Path) -> None:
    """The check above can fail: the same screen has colour without NO_COLOR."""
    home = home_with_example(tmp_path / "home")
    app = make_app(home, open_path=home / "drafts" / EXAMPLE.name)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await go_to_step(pilot, "screening")
        assert [s for s in rendered(app) if not _grey(s)]


# --- Every status, level and error in words or marks, not colour alone ---------------------------


async def test_without_colour_every_status_and_level_is_in_words(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = home_with_example(tmp_path / "home")
    (home / "drafts" / "broken.toml").write_text('format = "eqia-assessment"\nid = ')
    monkeypatch.setenv("NO_COLOR", "1")
    app = make_app(home)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        start = screen_text(app)
        # The drafts list: progress, the weighting as a word, and a file that cannot be read.
        assert "%" in start
        assert "cannot be read" in start or "Cannot be read" in start

    # As `eqia open` opens it.
    app = make_app(home, open_path=home / "drafts" / EXAMPLE.name)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await go_to_step(pilot, "screening")
        grid = screen_text(app)
        # Each characteristic's status by a mark and a word.
        assert "✓" in grid and "◐" in grid
        assert any(word in grid for word in ("done", "in progress", "not started"))

        await go_to_step(pilot, "screening_overview")
        overview = screen_text(app)
        assert any(level in overview for level in (" High ", " Medium ", " Low "))

        await go_to_step(pilot, "proportionality")
        proportionality = screen_text(app)
        assert "Suggested weighting:" in proportionality
        assert any(level in proportionality for level in (" High ", " Medium ", " Low "))

        await go_to_step(pilot, "summary")
        summary = screen_text(app)
        # Where the review stands, in words (the example's reviewer asked for changes).
        assert "Review: Changes requested by Jordan Hale" in summary
        # The checks sit below the review and its comments: Tab on to them, as a person would.
        for _ in range(30):
            if app.focused is not None and app.focused.id == "findings":
                break
            await pilot.press("tab")
            await settle(pilot)
        assert app.focused is not None and app.focused.id == "findings", app.focused
        summary = screen_text(app)
        assert any(mark in summary for mark in ("✗ Error", "! Warning", "No problems found"))


# --- The high-contrast theme on real screens ----------------------------------------------------


def _low_contrast(app: EqiaApp) -> list[tuple[str, float]]:
    """Every piece of text drawn under 7 to 1 against its background (lines and blocks that
    draw boxes are not text)."""
    from coloraide import Color as Measured

    found = []
    for segment in rendered(app):
        text = "".join(c for c in segment.text if not ("\u2500" <= c <= "\u259f") and c.strip())
        style = segment.style
        if not text or style is None or style.color is None or style.bgcolor is None:
            continue
        fg, bg = style.color.triplet, style.bgcolor.triplet
        if fg is None or bg is None:
            continue
        ratio = Measured(f"rgb({fg[0]} {fg[1]} {fg[2]})").contrast(
            Measured(f"rgb({bg[0]} {bg[1]} {bg[2]})"), method="wcag21"
        )
        if ratio < 7.0:
            found.append((text, round(float(ratio), 2)))
    return found


@pytest.mark.parametrize(
    "step",
    [
        "details",
        "screening",
        "screening_overview",
        "proportionality",
        "judgement",
        "action_plan",
        "summary",
    ],
)
async def test_high_contrast_text_on_real_screens(tmp_path: Path, step: str) -> None:
    write_settings(f'theme = "{HIGH_CONTRAST_NAME}"\n')
    home = home_with_example(tmp_path / "home")
    app = make_app(home, open_path=home / "drafts" / EXAMPLE.name)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await go_to_step(pilot, step)
        assert _low_contrast(app) == []


async def test_high_contrast_text_on_the_start_screen(tmp_path: Path) -> None:
    write_settings(f'theme = "{HIGH_CONTRAST_NAME}"\n')
    home = home_with_example(tmp_path / "home")
    (home / "drafts" / "broken.toml").write_text('format = "eqia-assessment"\nid = ')
    app = make_app(home)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        assert _low_contrast(app) == []
        # The palette's list of themes (what is behind it is dimmed, and not checked).
        await palette(pilot, "Theme")
        assert "High contrast" in screen_text(app)
        low = " ".join(text for text, _ in _low_contrast(app))
        for title in ("High contrast", "Terminal's own colours", "Dark", "Light"):
            assert title.replace(" ", "") not in low


async def test_without_colour_an_error_is_told_from_a_note(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Under a field, an error is in bold and a note (advice) in italics, not only in red
    or yellow."""
    monkeypatch.setenv("NO_COLOR", "1")
    app = make_app(tmp_path / "home")
    async with app.run_test(size=(120, 36)) as pilot:
        await new_draft(pilot)
        await answer(pilot, "screening_date", "31/02/2026")
        await pilot.press("tab")
        await settle(pilot)
        error = [s for s in rendered(app) if "no such date" in s.text.lower()]
        assert error and all(s.style and s.style.bold and not s.style.italic for s in error)

        await go_to_step(pilot, "proportionality")
        await answer(pilot, "reasons", "Few people are affected, and only for a week.")
        await answer(pilot, "rating", "high")
        await settle(pilot)
        note = [s for s in rendered(app) if "Check that your reasons" in s.text]
        assert note and all(s.style and s.style.italic and not s.style.bold for s in note)
