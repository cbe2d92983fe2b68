"""Short forms (acronyms) and whether a text explains them: "Kent County Council (KCC)" or
"KCC (Kent County Council)" explains KCC; a short form spelled out in full needs nothing.

The searches are written to read a long answer once for each short form (see
`_acronym_regex` and `_explains`); tests/unit/test_huge_inputs.py holds them to that.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable

from eqia_tui.core.model.roles import GENERAL_ACRONYMS

ACRONYMS = GENERAL_ACRONYMS
"""The short forms checked for every questionnaire; each adds its own (see `roles.acronyms`).
One explained anywhere, as in "directorate management team (DMT)" or "DMT (directorate
management team)", counts as explained everywhere."""


def _acronym_regex(short: str) -> str:
    """A short form as written: in capitals, except that one with a small letter (EqIA) is
    matched whatever the case of its other letters (EQIA, EQiA); "E&D" also as "E & D".

    Not after or before a letter or "&". The test for what comes before is put after the
    first character ("K(?<![A-Za-z&]K)CC"), which means the same, so that the search can
    skip ahead to each place the first character is written instead of trying every place
    in the text: a long answer is read once for each short form.
    """
    mixed = any(c.islower() for c in short)
    parts = []
    for index, char in enumerate(short):
        if char == "&":
            parts.append(r"\s*&\s*")
        elif mixed and index > 0 and char.isalpha():
            parts.append(f"[{char.upper()}{char.lower()}]")
        else:
            parts.append(re.escape(char))
    if short[:1] and short[0] != "&":
        first = parts[0]
        return first + rf"(?<![A-Za-z&]{first})" + "".join(parts[1:]) + r"(?![A-Za-z&])"
    return r"(?<![A-Za-z&])" + "".join(parts) + r"(?![A-Za-z&])"


@functools.cache
def _acronym_used(short: str) -> re.Pattern[str]:
    return re.compile(_acronym_regex(short))


@functools.cache
def _acronym_in_brackets(short: str) -> re.Pattern[str]:
    """ "(KCC)": the short form in brackets, after its long form."""
    return re.compile(r"\(\s*" + _acronym_regex(short) + r"\s*\)")


@functools.cache
def _acronym_before_brackets(short: str) -> re.Pattern[str]:
    """The start of "KCC (Kent County Council)": the short form, a bracket and a letter. The
    closing bracket may come anywhere after (see `_explains`)."""
    return re.compile(_acronym_regex(short) + r"\s*\(\s*[A-Za-z]")


def _explains(short: str, text: str) -> bool:
    """Whether `text` explains `short` with brackets: "(KCC)" after the long form, or "KCC
    (" and a letter with a closing bracket anywhere after.

    The second is searched only up to the last closing bracket of the text, which finds the
    same as looking for a closing bracket after each "KCC (" would, in one pass (looking
    after each one reads a long answer full of "KCC (" again and again).
    """
    if _acronym_used(short).search(text) is None:
        return False  # both ways write the short form
    if _acronym_in_brackets(short).search(text):
        return True
    last = text.rfind(")")
    return last > 0 and _acronym_before_brackets(short).search(text, 0, last) is not None


def explained_acronyms(texts: Iterable[str], known: dict[str, str] | None = None) -> set[str]:
    """The short forms that one of `texts` explains with brackets: "Kent County Council
    (KCC)" or "KCC (Kent County Council)". Explained once, a short form is explained for the
    whole document. `known` is the list of short forms (the general list by default)."""
    shorts = list(ACRONYMS if known is None else known)
    found: set[str] = set()
    for text in texts:
        found |= {s for s in shorts if s not in found and _explains(s, text)}
    return found


def unexplained_acronyms(
    text: str, explained: Iterable[str] = (), known: dict[str, str] | None = None
) -> list[str]:
    """Short forms from `known` (the general list by default) used in `text` without being
    explained: not in `explained` (explained elsewhere in the document), not given in
    brackets in `text`, and not spelled out in `text`. A line written all in capitals is not
    read for short forms."""
    known = ACRONYMS if known is None else known
    done = set(explained)
    done |= {s for s in known if s not in done and _explains(s, text)}
    flat = _letters(text)
    wanted = [s for s, long_ in known.items() if s not in done and _letters(long_) not in flat]
    if not wanted:
        return []
    read = _readable(text, known)
    found: list[tuple[int, str]] = []
    for short in wanted:
        used = _acronym_used(short).search(read)
        if used:
            found.append((used.start(), short))
    return [short for _, short in sorted(found)]  # in the order the text uses them


_TWO_CAPITALS = re.compile(r"[A-Z][A-Z]")
_SHORTEST_SHOUT = len("AB CD EF")
"""A shouting line has at least three words of two letters or more (see `_shouting`)."""


def _readable(text: str, known: dict[str, str]) -> str:
    """The lines of `text` that are read for short forms (not written in capitals), joined
    by "\n". Without two capitals in a row anywhere no line can be in capitals, and a line
    too short for three words cannot either: neither is looked at word by word."""
    lines = text.splitlines()
    if not _TWO_CAPITALS.search(text):
        return "\n".join(lines)
    return "\n".join(
        line for line in lines if len(line) < _SHORTEST_SHOUT or not _shouting(line, known)
    )


_LETTER_WORDS = re.compile(r"[A-Za-z]{2,}")
_SMALL_WORDS = re.compile(r"[a-z]+")


def _shouting(line: str, known: dict[str, str]) -> bool:
    """A line mostly in capitals ("PLEASE SEND THE FORM"), where capitals are not short forms.
    The short forms themselves are not counted."""
    words = [w for w in _LETTER_WORDS.findall(line) if w not in known]
    if len(words) < 3:
        return False
    return sum(map(str.isupper, words)) * 2 > len(words)


def _letters(text: str) -> str:
    words = _SMALL_WORDS.findall(text.lower())
    return " " + " ".join(filter("and".__ne__, words)) + " "
