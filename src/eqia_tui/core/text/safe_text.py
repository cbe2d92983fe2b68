"""Text from a file, made safe to show.

Any text read from a file (an answer, an id, a questionnaire's label, a file name) may
hold characters a terminal acts on rather than shows: ESC starts a sequence that can
retitle the window, clear the screen or write to the clipboard; the C1 controls (U+0080
to U+009F) do the same on some terminals; bidirectional overrides and isolates make text
read in a different order from the one it is stored in. `shown` replaces each of them by
a visible stand-in, so what is printed is what is in the file, and nothing is acted on:

- the C0 controls (U+0000 to U+001F) by their Unicode "control pictures": ESC is ␛,
  BEL is ␇, a carriage return is ␍; DEL is ␡;
- the C1 controls, the bidirectional overrides and isolates (U+202A to U+202E, U+2066
  to U+2069) and the noncharacters U+FFFE and U+FFFF by their code, such as <U+202E>.

Line breaks and tabs are kept where the text may take several lines (`lines=True`), and
shown as ␤ and ␉ on a line of their own. The left-to-right and right-to-left marks
(U+200E, U+200F, U+061C) are kept: they appear in ordinary Arabic, Hebrew and Urdu text,
and cannot reorder letters, only the punctuation next to them.

`escaped` is for JSON and TOML, where these characters can only stand inside a quoted
string: there they are written as `\\uXXXX` escapes, which read back as the same text.

No Textual here: the command line, the exports and the app all use these functions.
"""

from __future__ import annotations

import re

_BIDI = "\u202a-\u202e\u2066-\u2069"
_ALWAYS = f"\x00-\x08\x0b-\x1f\x7f-\x9f{_BIDI}\ufffe\uffff"

_UNSAFE_IN_LINES = re.compile(f"\r\n?|[{_ALWAYS}]")
"""What `shown` replaces in text that may take several lines (a lone or paired \\r too)."""
_UNSAFE_ON_A_LINE = re.compile(f"[\t\n{_ALWAYS}\u2028\u2029]")
"""What `shown` replaces in text that must stay on one line."""
_UNSAFE_IN_DATA = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f{_BIDI}\u2028\u2029\ufffe\uffff]")

LINE_BREAK = "\u2424"  # ␤
TAB = "\u2409"  # ␉
DELETE = "\u2421"  # ␡


def _stand_in(character: str) -> str:
    code = ord(character)
    if character == "\n":
        return LINE_BREAK
    if code < 0x20:
        return chr(0x2400 + code)  # the control pictures block follows the C0 codes
    if code == 0x7F:
        return DELETE
    return f"<U+{code:04X}>"


def _replace_in_lines(match: re.Match[str]) -> str:
    text = match[0]
    if text == "\r\n":
        return "\n"  # a Windows line break is a line break
    return _stand_in(text)


def _replace_on_a_line(match: re.Match[str]) -> str:
    return _stand_in(match[0])


def shown(text: str, *, lines: bool = False) -> str:
    """`text` with every character a terminal could act on made visible (see the module).

    `lines=True` keeps line breaks and tabs, for text shown over several lines; a
    carriage return alone is shown as ␍, since it would move back over the line.
    """
    pattern, replace = (
        (_UNSAFE_IN_LINES, _replace_in_lines) if lines else (_UNSAFE_ON_A_LINE, _replace_on_a_line)
    )
    if pattern.search(text) is None:
        return text
    return pattern.sub(replace, text)


def is_safe(text: str, *, lines: bool = False) -> bool:
    """True when `shown` would leave `text` as it is."""
    return (_UNSAFE_IN_LINES if lines else _UNSAFE_ON_A_LINE).search(text) is None


def escaped(text: str) -> str:
    """JSON or TOML text with the unsafe characters inside its strings written as \\uXXXX.

    Only for text where these characters can stand nowhere but inside a quoted string
    (what `json.dumps` and `tomli_w` write): the escapes read back as the same characters.
    """
    if _UNSAFE_IN_DATA.search(text) is None:
        return text
    return _UNSAFE_IN_DATA.sub(lambda m: f"\\u{ord(m[0]):04x}", text)


ZERO_WIDTH_UNSAFE = re.compile(f"[\x00-\x1f\x7f-\x9f{_BIDI}]")
"""The unsafe characters that take no room on the screen: the app's last line of defence
drops them from whatever it draws (see `dropped`), which keeps every line its width."""


def dropped(text: str) -> str:
    """`text` without the zero-width unsafe characters: for text already laid out."""
    if ZERO_WIDTH_UNSAFE.search(text) is None:
        return text
    return ZERO_WIDTH_UNSAFE.sub("", text)
