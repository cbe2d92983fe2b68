"""The high-contrast theme: every text colour the screens use against its background, at the
WCAG level AAA ratio of 7 to 1 or more, measured with coloraide (a colour library from the
package index) on the colours Textual works out from the theme."""

from __future__ import annotations

import pytest
from coloraide import Color as Measured
from textual.app import App
from textual.color import Color
from textual.constants import DIM_FACTOR

from eqia_tui.tui.themes import HIGH_CONTRAST, HIGH_CONTRAST_ANSI, HIGH_CONTRAST_NAME
from eqia_tui.tui.widgets.suggestion import LEVEL_STYLES

AAA = 7.0


@pytest.fixture(scope="module")
def variables() -> dict[str, str]:
    """The theme's colours as the app's CSS sees them ($text, $panel, ...)."""
    app: App[None] = App()
    app.register_theme(HIGH_CONTRAST)
    app.theme = HIGH_CONTRAST_NAME
    return app.get_css_variables()


def resolve(value: str, under: Color, variables: dict[str, str]) -> Color:
    """A CSS colour value, drawn over `under`: "#hex", "$name", "auto 80%", "#hex 30%"."""
    value = value.strip()
    if value.startswith("$"):
        name, _, alpha = value[1:].partition(" ")
        return resolve(f"{variables[name]} {alpha}".strip(), under, variables)
    word, _, percent = value.partition(" ")
    alpha = float(percent.rstrip("%")) / 100 if percent else 1.0
    if word == "auto":
        # Textual's "auto": black or white, whichever stands out from what is under it.
        return under + under.get_contrast_text(alpha)
    if word == "transparent":
        return under
    color = Color.parse(word)
    return under + color.with_alpha(color.a * alpha)


def ratio(foreground: Color, background: Color) -> float:
    return float(Measured(foreground.hex6).contrast(Measured(background.hex6), method="wcag21"))


BACKGROUNDS = {
    "background": "$background",
    "surface": "$surface",
    "panel": "$panel",
    "boost": "$boost",
    "toast": "$panel-lighten-1",
    "header": "$foreground 10%",
}

TEXTS = ["$text", "$text-muted", "$foreground", "$text-disabled"]
COLOURED_TEXTS = [
    "$text-primary",
    "$text-secondary",
    "$text-accent",
    "$text-success",
    "$text-warning",
    "$text-error",
    "$link-color",
]

PAIRS: list[tuple[str, str, str]] = [
    *[(text, background, "$surface") for text in TEXTS for background in BACKGROUNDS.values()],
    *[
        (text, background, "$surface")
        for text in COLOURED_TEXTS
        for background in BACKGROUNDS.values()
    ],
    # Colours used as backgrounds: buttons, banners, badges.
    *[
        ("$button-color-foreground", f"${name}", "$surface")
        for name in ("primary", "secondary", "accent", "success", "warning", "error")
    ],
    *[
        ("$button-color-foreground", f"${name}-darken-2", "$surface")
        for name in ("primary", "success", "warning", "error")
    ],
    *[
        ("$text", f"${name}", "$surface")
        for name in ("primary", "secondary", "accent", "success", "warning", "error")
    ],
    *[
        (text, f"${name}-muted", "$surface")
        for name in ("primary", "secondary", "accent", "success", "warning", "error")
        for text in ("$text", f"$text-{name}")
    ],
    ("$button-foreground", "$surface", "$surface"),
    ("$button-foreground", "$surface-darken-1", "$surface"),
    # The item the keys are on (lists, tables, the palette, option sets), and selected text.
    ("$block-cursor-foreground", "$block-cursor-background", "$surface"),
    ("$block-cursor-blurred-foreground", "$block-cursor-blurred-background", "$surface"),
    ("$text", "$block-cursor-blurred-background", "$surface"),
    ("$text", "$block-hover-background", "$surface"),
    ("$foreground", "$accent 30%", "$surface"),
    ("$input-cursor-foreground", "$input-cursor-background", "$surface"),
    ("$input-selection-foreground", "$input-selection-background", "$surface"),
    ("$screen-selection-foreground", "$screen-selection-background", "$surface"),
    ("$link-color-hover", "$link-background-hover", "$surface"),
    # The footer: keys and what they do.
    ("$footer-key-foreground", "$footer-background", "$surface"),
    ("$footer-description-foreground", "$footer-background", "$surface"),
    ("$footer-foreground", "$footer-background", "$surface"),
    ("$footer-key-foreground", "$block-hover-background", "$footer-background"),
]


@pytest.mark.parametrize(("text", "background", "under"), PAIRS)
def test_text_stands_out_from_its_background(
    variables: dict[str, str], text: str, background: str, under: str
) -> None:
    base = resolve(under, Color(0, 0, 0), variables)
    behind = resolve(background, base, variables)
    drawn = resolve(text, behind, variables)
    assert ratio(drawn, behind) >= AAA, f"{text} on {background}: {ratio(drawn, behind):.2f}"


@pytest.mark.parametrize("text", ["$text", "$foreground", "$text-muted"])
@pytest.mark.parametrize("background", ["$surface", "$panel", "$block-cursor-blurred-background"])
def test_dim_text_still_stands_out(variables: dict[str, str], text: str, background: str) -> None:
    """Some screens dim text ("not answered"): Textual draws it part way to the background."""
    behind = resolve(background, Color(0, 0, 0), variables)
    full = resolve(text, behind, variables)
    dimmed = behind.blend(full, DIM_FACTOR)
    assert ratio(dimmed, behind) >= AAA, f"dim {text} on {background}: {ratio(dimmed, behind):.2f}"


@pytest.mark.parametrize("index", range(1, 16), ids=lambda i: f"ansi-{i}")
@pytest.mark.parametrize(
    "background",
    ["$surface", "$panel", "$panel-lighten-1", "$block-cursor-blurred-background"],
)
def test_named_terminal_colours_stand_out(
    variables: dict[str, str], index: int, background: str
) -> None:
    """A screen that says "red" or "green" gets a colour that reads on the theme's black
    ("black" itself, colour 0, is only ever a background)."""
    behind = resolve(background, Color(0, 0, 0), variables)
    colour = Color(*HIGH_CONTRAST_ANSI.ansi_colors[index])
    assert ratio(colour, behind) >= AAA, f"colour {index}: {ratio(colour, behind):.2f}"


@pytest.mark.parametrize("level", sorted(LEVEL_STYLES))
def test_weighting_badges_stand_out_in_every_theme(level: str) -> None:
    """The suggested weighting's badge ("High", "Low") has its own colours, the same in
    every theme."""
    style = LEVEL_STYLES[level]
    words = style.split()
    foreground = Color.parse(words[words.index("on") - 1])
    background = Color.parse(words[words.index("on") + 1])
    assert ratio(foreground, background) >= AAA, f"{level}: {ratio(foreground, background):.2f}"


def test_the_measure_is_wcags() -> None:
    """White on black is 21 to 1; the grey #767676 on white is the AA boundary, 4.54 to 1."""
    assert ratio(Color(255, 255, 255), Color(0, 0, 0)) == pytest.approx(21.0)
    assert ratio(Color.parse("#767676"), Color(255, 255, 255)) == pytest.approx(4.54, abs=0.01)


@pytest.mark.parametrize("bar", ["$scrollbar", "$scrollbar-hover", "$scrollbar-active"])
def test_scroll_bars_can_be_seen(variables: dict[str, str], bar: str) -> None:
    """Not text, so 3 to 1 is enough (WCAG's figure for the parts of a control)."""
    behind = resolve("$scrollbar-background", Color(0, 0, 0), variables)
    drawn = resolve(bar, behind, variables)
    assert ratio(drawn, behind) >= 3.0, f"{bar}: {ratio(drawn, behind):.2f}"
