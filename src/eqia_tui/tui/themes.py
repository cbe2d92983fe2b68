"""Colour themes: the high-contrast theme, and the names the palette shows for themes.

The high-contrast theme puts white and bright colours on black, so that every piece of text
stands out from what is behind it by a contrast ratio of 7 to 1 or more (the WCAG level AAA
figure for text). tests/unit/test_contrast.py measures every pair of colours the screens use.

A few screens still colour words with a terminal's named colours ("red", "green"): while the
high-contrast theme is on, those names are drawn with `HIGH_CONTRAST_ANSI`, bright enough to
read on black, instead of Textual's usual mapping.
"""

from __future__ import annotations

from functools import partial

from rich.terminal_theme import TerminalTheme
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.theme import Theme

DEFAULT_THEME = "textual-dark"
"""The theme eqia starts with when the settings name none (or name one that is not there)."""

HIGH_CONTRAST_NAME = "high-contrast"

HIGH_CONTRAST = Theme(
    name=HIGH_CONTRAST_NAME,
    primary="#1AEBFF",
    secondary="#FFFFFF",
    accent="#FFFF00",
    warning="#FFB000",
    error="#FF8080",
    success="#3FF23F",
    foreground="#FFFFFF",
    background="#000000",
    surface="#000000",
    panel="#000000",
    boost="#000000",
    dark=True,
    variables={
        # Text at full strength: "muted" text is as strong as any, and "disabled" text and
        # dimmed text stay above 7 to 1.
        "text": "auto 100%",
        "text-muted": "auto 100%",
        "text-disabled": "auto 65%",
        "foreground-muted": "#CCCCCC",
        "foreground-disabled": "#BFBFBF",
        # The item the keys are on: black on cyan when focused, white on dark grey otherwise.
        "block-cursor-foreground": "#000000",
        "block-cursor-background": "#1AEBFF",
        "block-cursor-text-style": "bold",
        "block-cursor-blurred-foreground": "#FFFFFF",
        "block-cursor-blurred-background": "#262626",
        "block-cursor-blurred-text-style": "bold",
        "block-hover-background": "#1A1A1A",
        "border": "#1AEBFF",
        "border-blurred": "#8A8A8A",
        "footer-foreground": "#FFFFFF",
        "footer-background": "#000000",
        "footer-key-foreground": "#FFFF00",
        "footer-description-foreground": "#FFFFFF",
        "input-cursor-foreground": "#000000",
        "input-cursor-background": "#FFFFFF",
        "input-selection-foreground": "#000000",
        "input-selection-background": "#1AEBFF",
        "screen-selection-foreground": "#000000",
        "screen-selection-background": "#1AEBFF",
        "button-foreground": "#FFFFFF",
        "button-color-foreground": "#000000",
        "button-focus-text-style": "bold reverse",
        # A button under the mouse: as bright as the button itself.
        "error-darken-1": "#FF8080",
        "error-darken-2": "#FF8080",
        # Muted backgrounds (a banner, a flat button) dark enough for white text.
        "primary-muted": "#003A40",
        "warning-muted": "#4D3500",
        "error-muted": "#5C0000",
        "success-muted": "#0B4A0B",
        "accent-muted": "#4D4D00",
        "secondary-muted": "#3A3A3A",
        # Scroll bars: a light grey bar on near black (3 to 1 or more, as for any control).
        "scrollbar": "#AAAAAA",
        "scrollbar-hover": "#FFFFFF",
        "scrollbar-active": "#1AEBFF",
        "scrollbar-background": "#1A1A1A",
        "scrollbar-background-hover": "#1A1A1A",
        "scrollbar-background-active": "#1A1A1A",
        "link-color": "#FFFF00",
        "link-color-hover": "#000000",
        "link-background-hover": "#FFFF00",
    },
)
"""White and bright colours on black: every text colour at 7 to 1 or more against its
background."""

HIGH_CONTRAST_ANSI = TerminalTheme(
    (0, 0, 0),
    (255, 255, 255),
    [
        (0, 0, 0),
        (255, 153, 153),
        (63, 242, 63),
        (255, 255, 0),
        (128, 192, 255),
        (255, 153, 255),
        (26, 235, 255),
        (255, 255, 255),
    ],
    [
        (191, 191, 191),
        (255, 179, 179),
        (128, 255, 128),
        (255, 255, 128),
        (153, 204, 255),
        (255, 170, 255),
        (128, 242, 255),
        (255, 255, 255),
    ],
)
"""How a terminal's named colours are drawn while the high-contrast theme is on: each bright
enough to read on black at 7 to 1 or more ("black" itself is only ever a background)."""

OLD_NAMES = {"textual-ansi": "ansi-dark"}
"""Theme names earlier versions of Textual used, still accepted in the settings."""

TITLES: dict[str, tuple[str, str]] = {
    HIGH_CONTRAST_NAME: (
        "High contrast",
        "White and bright colours on black, for low vision",
    ),
    "ansi-dark": (
        "Terminal's own colours (dark)",
        "Your terminal's colours and background, for a dark terminal",
    ),
    "ansi-light": (
        "Terminal's own colours (light)",
        "Your terminal's colours and background, for a light terminal",
    ),
    "textual-dark": ("Dark", "Light text on a dark background: the default"),
    "textual-light": ("Light", "Dark text on a light background"),
}
"""What the palette shows for the themes an officer is most likely to want; the others
are listed by their own names."""


def title(name: str) -> str:
    """The name the palette shows for a theme."""
    return TITLES[name][0] if name in TITLES else name


def help_line(name: str) -> str:
    """The line under a theme's name in the palette, ending with the name for the settings."""
    said = TITLES[name][1] if name in TITLES else "One of Textual's themes"
    return f'{said}. In config.toml: theme = "{name}"'


def ordered(names: list[str]) -> list[str]:
    """The themes described in `TITLES` first, in that order, then the others by name."""
    known = [name for name in TITLES if name in names]
    return known + sorted(name for name in names if name not in TITLES)


class ThemeChoices(Provider):
    """The palette's list of themes (Ctrl+P, "Theme"): each by a name a person would use,
    such as "High contrast", with the name to write in config.toml underneath."""

    def _choices(self) -> list[tuple[str, str, partial[None]]]:
        names = ordered(list(self.app.available_themes))
        return [(title(name), help_line(name), partial(self._choose, name)) for name in names]

    def _choose(self, name: str) -> None:
        self.app.theme = name

    async def discover(self) -> Hits:
        for shown, said, choose in self._choices():
            yield DiscoveryHit(shown, choose, help=said)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for shown, said, choose in self._choices():
            score = max(matcher.match(shown), matcher.match(said))
            if score > 0:
                yield Hit(score, matcher.highlight(shown), choose, text=shown, help=said)
