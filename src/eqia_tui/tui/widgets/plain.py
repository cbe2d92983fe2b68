"""Text from a file, ready for a widget.

Widgets read a `str` as markup: a "[" in an answer would be taken for a style, a "[/]"
would stop the app, and "[@click=...]" would make a link that runs a command. So text
from a file always goes to a widget as a Rich `Text`, and what a terminal would act on
(escape sequences, control characters, bidirectional overrides) is shown, not passed on
(see `eqia_tui.core.text.safe_text`).
"""

from __future__ import annotations

from rich.style import Style
from rich.text import Text

from eqia_tui.core.text.safe_text import is_safe, shown


def plain(text: str, style: str | Style = "", *, lines: bool = False) -> Text:
    """`text` as it is written, never as markup; one line unless `lines`."""
    return Text(shown(text, lines=lines), style=style)


def visible(text: Text) -> Text:
    """A `Text` built from file text, with what a terminal would act on shown, styles kept.

    Line breaks and tabs stay. Returns `text` itself when there is nothing to show.
    """
    if is_safe(text.plain, lines=True):
        return text
    cuts = sorted({edge for span in text.spans for edge in (span.start, span.end)})
    out = text.blank_copy()
    for part in text.divide(cut for cut in cuts if 0 < cut < len(text)):
        words = shown(part.plain, lines=True)
        start = len(out)
        out.append(words)
        for span in part.spans:  # cut at every edge, so each span covers the whole part
            out.stylize(span.style, start, start + len(words))
    return out
