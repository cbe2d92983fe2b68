"""Text from a file is made safe to show: nothing in it is acted on by a terminal."""

from __future__ import annotations

import json
import tomllib

import tomli_w

from eqia_tui.core.text.safe_text import dropped, escaped, is_safe, shown

HOSTILE = [
    "\x1b]0;PWNED\x07",  # OSC 0: retitle the window
    "\x1b[2J\x1b[H",  # CSI: clear the screen
    "\x1b]52;c;SGVsbG8=\x07",  # OSC 52: write to the clipboard
    "\x9b31m",  # C1 CSI
    "\x9d0;PWNED\x9c",  # C1 OSC ... ST
    "\x07",  # BEL
    "\x08\x08\x08",  # backspaces over what was printed
    "\x7f",  # DEL
    "abc\u202edcba",  # right-to-left override
    "\u2066isolated\u2069",  # isolate
    "\ufffe\uffff",
]


def unsafe_characters(text: str) -> list[str]:
    return [c for c in text if ord(c) < 0x20 or 0x7F <= ord(c) <= 0x9F or c in "\u202e\u2066"]


def test_every_hostile_string_is_shown_without_a_control_character() -> None:
    for text in HOSTILE:
        line = shown(text)
        assert unsafe_characters(line) == [], repr(line)
        assert unsafe_characters(shown(text, lines=True)) == []


def test_escape_sequences_are_shown_as_what_they_are() -> None:
    assert shown("\x1b]0;PWNED\x07") == "␛]0;PWNED␇"
    assert shown("\x9b31m") == "<U+009B>31m"
    assert shown("abc\u202edcba") == "abc<U+202E>dcba"
    assert shown("\x7f") == "␡"
    assert shown("\ufffe") == "<U+FFFE>"


def test_line_breaks_are_kept_only_where_text_takes_several_lines() -> None:
    assert shown("one\ntwo\tthree") == "one␤two␉three"
    assert shown("one\ntwo\tthree", lines=True) == "one\ntwo\tthree"
    assert shown("one\r\ntwo", lines=True) == "one\ntwo"
    assert shown("over\rwrite", lines=True) == "over␍write"
    assert shown("para\u2028graph") == "para<U+2028>graph"


def test_ordinary_text_is_left_alone() -> None:
    for text in ("Library opening hours", "Café, naïve, “quotes”", "مكتبة \u200f(1)", "日本語"):
        assert shown(text) == text
        assert is_safe(text)


def test_escaped_data_reads_back_as_the_same_text() -> None:
    value = "a\x1b]0;x\x07b\x9bc\u202ed\u2028e\ufffe"
    as_json = escaped(json.dumps({"k": value}, ensure_ascii=False))
    assert unsafe_characters(as_json) == []
    assert json.loads(as_json) == {"k": value}
    data = {"k": value, "m": f"two\n{value}\nlines"}
    as_toml = escaped(tomli_w.dumps(data, multiline_strings=True))
    assert unsafe_characters(as_toml.replace("\n", "")) == []
    assert tomllib.loads(as_toml) == data


def test_dropped_removes_what_takes_no_room() -> None:
    assert dropped("a\x1b]0;x\x07b\u202ec") == "a]0;xbc"
    assert dropped("plain") == "plain"
