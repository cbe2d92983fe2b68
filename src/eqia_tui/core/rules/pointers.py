"""Answers that only point to another answer ("As above", "Same as age") and say nothing
of their own. The checks flag them; the suggested actions skip them."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable

from eqia_tui.core.model.questionnaire import Questionnaire

_POSITION = r"(?:above|below|before|earlier|previous(?:ly)?|preceding|prior)"
_PLACE = r"(?:row|answer|box|cell|section|question|action|entry|comment|point|group|one|part)s?"
_NUMBER = r"(?:\d+[a-z]?|[a-h]|[ivx]+)"
_LEAD = (
    r"(?:please )?(?:see|refer to|read|look at|go to|check)"
    r"|(?:(?:it is|it s|this is|its) )?(?:the )?same(?: [a-z]+){0,3}? as(?: for| in| with| per)?"
    r"|same for"
    r"|as(?: per| for| in| with| stated| said| noted| described| mentioned| detailed| outlined"
    r"| given| explained| set out| shown)*"
)


def _pointer_pattern(targets: Iterable[str]) -> re.Pattern[str]:
    named = sorted({t for t in targets if t}, key=len, reverse=True)
    # Alone, only the words that cannot be an answer of their own ("Before" can be a timescale).
    positional = rf"(?:the )?(?:(?:above|below)(?: {_PLACE})?|previous {_PLACE}|{_PLACE} above)"
    item = (
        r"(?:the )?(?:"
        + r"|".join(
            [
                rf"{_POSITION}(?: {_PLACE})?",
                rf"(?:previous|last|preceding|other|first|next) {_PLACE}",
                rf"{_PLACE} {_POSITION}",
                rf"{_PLACE} {_NUMBER}",
                *(re.escape(t) + rf"(?: {_PLACE})?" for t in named),
            ]
        )
        + r")"
    )
    items = rf"{item}(?: (?:and |or |plus )?{item})*"
    bare = rf"(?:the )?same(?: again)?|ditto|{positional}"
    tail = r"(?: (?:too|also|as well|again))?"
    return re.compile(rf"(?:n a |na )?(?:(?:{_LEAD}) {items}|{bare}){tail}")


def _normalise(text: str) -> str:
    text = text.lower().replace("&", " and ")
    return " ".join(re.findall(r"[a-z0-9]+", text))


_NORMAL_WORDS = re.compile(r"[a-z0-9]+|&")
"""The words `_normalise` keeps, each "&" being one ("and")."""


def _more_words_than(text: str, most: int) -> bool:
    """Whether `_normalise(text)` has more than `most` words, counting no further."""
    return len(list(itertools.islice(_NORMAL_WORDS.finditer(text.lower()), most + 1))) > most


def points_elsewhere(text: str, questionnaire: Questionnaire | None = None) -> bool:
    """True when `text` only points to another answer, such as "As above", "See above" or
    "Same as age", and says nothing of its own. With a questionnaire, its characteristics
    and section titles count as places to point to."""
    if _more_words_than(text, 15):
        return False
    words = _normalise(text)
    if not words:
        return False
    targets: list[str] = []
    if questionnaire is not None:
        targets += [_normalise(c.label) for c in questionnaire.characteristics]
        targets += [_normalise(c.id.replace("_", " ")) for c in questionnaire.characteristics]
        targets += [_normalise(s.title) for s in questionnaire.sections]
        targets.append("all")
    return bool(_pointer_pattern(targets).fullmatch(words))
