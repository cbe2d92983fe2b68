"""Text from a file goes to a widget as Rich text, never markup, with controls shown."""

from __future__ import annotations

from rich.text import Text

from eqia_tui.tui.widgets.plain import plain, visible


def test_plain_is_never_markup_and_shows_controls() -> None:
    text = plain("[/] [@click=app.quit]x[/] \x1b]0;t\x07")
    assert text.plain == "[/] [@click=app.quit]x[/] ␛]0;t␇"
    assert text.spans == []


def test_visible_keeps_the_styles_and_shows_the_controls() -> None:
    text = Text("Title: ", style="dim")
    text.append("a\x1b[2Jb", style="bold")
    text.append("\nnext line\u202e", style="italic")
    shown = visible(text)
    assert shown.plain == "Title: a␛[2Jb\nnext line<U+202E>"
    assert shown.style == "dim"
    styles = {str(span.style): shown.plain[span.start : span.end] for span in shown.spans}
    assert styles == {"bold": "a␛[2Jb", "italic": "\nnext line<U+202E>"}


def test_visible_returns_safe_text_as_it_is() -> None:
    text = Text("plain words", style="bold")
    assert visible(text) is text
