"""Huge answers: the check reads an answer in time linear in its size, and finds the same.

These are not timed tests. Each huge case is one the check once took minutes over, because
a part of it read the rest of the answer again at many places in it; now it takes well under
a second. A guard (`signal.alarm`) stops a case after GUARD seconds, so a slip back fails
instead of hanging the run. The figures for 10 MB answers are in docs/performance.md
("Huge inputs"), from bench/huge_inputs.py.

The plain-English check finds short forms with searches written for speed; the tests at the
end compare them with the plain regular expressions they stand for, on many small texts.
"""

from __future__ import annotations

import random
import re
import signal
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from types import FrameType

import pytest

from eqia_tui.core.checks import check, explained_acronyms, unexplained_acronyms
from eqia_tui.core.model.assessment import Loaded
from eqia_tui.core.model.questionnaire import Questionnaire
from eqia_tui.core.rules.pointers import points_elsewhere
from eqia_tui.core.storage.registry import Registry
from eqia_tui.core.storage.store import load_file

from .helpers import EXAMPLE

GUARD = 60
"""Seconds a huge case may take before it counts as a failure (it takes well under one)."""
MB = 1_000_000
TODAY = date(2026, 6, 1)


@contextmanager
def guard(seconds: int = GUARD) -> Iterator[None]:
    """Fail, rather than hang, when the block takes more than `seconds`."""

    def stop(signum: int, frame: FrameType | None) -> None:
        raise TimeoutError(f"took more than {seconds} s: is the check no longer linear?")

    before = signal.signal(signal.SIGALRM, stop)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, before)


def repeated(unit: str, size: int) -> str:
    return (unit * (size // len(unit) + 1))[:size]


@pytest.fixture
def example() -> Loaded:
    return load_file(EXAMPLE, Registry())


def found_at(loaded: Loaded, key: str) -> set[str]:
    with guard():
        findings = check(loaded.questionnaire, loaded.assessment, TODAY)
    return {f.id for f in findings if f.key == key}


def test_a_short_form_before_a_bracket_that_never_closes(example: Loaded) -> None:
    # "KCC (" followed by a letter explains KCC when a closing bracket comes after it. The
    # check looked for that bracket after each "KCC (", to the end of the answer each time:
    # a 1 MB answer like this one took minutes.
    example.assessment.answers["screening"]["age"]["affects_details"] = repeated("KCC (a ", MB)
    assert found_at(example, "screening.age.affects_details") == {
        "long-sentence",
        "unexplained-acronym",
    }


def test_the_same_with_a_closing_bracket_at_the_end(example: Loaded) -> None:
    # One closing bracket after them all: KCC is explained, as before.
    text = repeated("KCC (a ", MB) + ")"
    example.assessment.answers["screening"]["age"]["affects_details"] = text
    assert found_at(example, "screening.age.affects_details") == {"long-sentence"}


@pytest.mark.parametrize(
    "unit",
    [
        "AB CD EF\n",  # lines in capitals, each looked at word by word
        "(",
        "Go. ",  # many short sentences
        "a",  # one word with no spaces
        "KCC ",
        "E & ",
    ],
)
def test_other_huge_answers_in_an_action(example: Loaded, unit: str) -> None:
    action = example.assessment.answers["action_plan"]["actions"][0]
    action["issue"] = repeated(unit, MB)
    found = found_at(example, "action_plan.actions[0].issue")
    assert found <= {"long-sentence", "unexplained-acronym"}


def test_an_answer_that_points_elsewhere_then_runs_on(kcc: Questionnaire) -> None:
    # Only up to 15 words are read for "As above"; spaces do not count as words.
    assert points_elsewhere("As above" + " " * MB, kcc)
    assert not points_elsewhere("As above " + "and more " * MB, kcc)


# --- The fast searches find what the plain regular expressions find ----------------------------

KNOWN = {
    "KCC": "Kent County Council",
    "E&D": "equality and diversity",
    "EqIA": "equality impact assessment",
    "SEN": "special educational needs",
    "SEND": "special educational needs and disabilities",
    "A2": "area two",
}
PIECES = [
    "K", "KCC", "CC", "E", "&", " & ", "D", "(", ")", " ", "\n", "\r\n", "\x1c", "a", "2",
    "Kent County Council", "EQIA", "EqIA", "eqia", "SEN", "SEND", "A2", "x", ".",
    "PLEASE SEND THE FORM", "equality and diversity", " ( ",
]  # fmt: skip


def plain_regex(short: str) -> str:
    """A short form as written, the plain way (see checks.acronyms._acronym_regex)."""
    mixed = any(c.islower() for c in short)
    parts = []
    for index, char in enumerate(short):
        if char == "&":
            parts.append(r"\s*&\s*")
        elif mixed and index > 0 and char.isalpha():
            parts.append(f"[{char.upper()}{char.lower()}]")
        else:
            parts.append(re.escape(char))
    return r"(?<![A-Za-z&])" + "".join(parts) + r"(?![A-Za-z&])"


def plain_explained(text: str) -> set[str]:
    found = set()
    for short in KNOWN:
        whole = plain_regex(short)
        pattern = rf"\(\s*{whole}\s*\)|{whole}\s*\(\s*[A-Za-z][^)]*\)"
        if re.search(pattern, text):
            found.add(short)
    return found


def letters(text: str) -> str:
    return " " + " ".join(w for w in re.findall(r"[a-z]+", text.lower()) if w != "and") + " "


def shouting(line: str) -> bool:
    words = [w for w in re.findall(r"[A-Za-z]{2,}", line) if w not in KNOWN]
    return len(words) >= 3 and sum(w.isupper() for w in words) * 2 > len(words)


def plain_unexplained(text: str, explained: set[str]) -> list[str]:
    done = explained | plain_explained(text)
    read = "\n".join(line for line in text.splitlines() if not shouting(line))
    found = []
    for short, long_ in KNOWN.items():
        if short in done or letters(long_) in letters(text):
            continue
        used = re.search(plain_regex(short), read)
        if used:
            found.append((used.start(), short))
    return [short for _, short in sorted(found)]


def test_short_forms_are_found_as_the_plain_regular_expressions_find_them() -> None:
    rng = random.Random(9)
    for _ in range(4000):
        text = "".join(rng.choice(PIECES) for _ in range(rng.randint(0, 12)))
        explained = set(rng.choice([(), ("KCC",), ("E&D", "SEN")]))
        assert explained_acronyms([text], KNOWN) == plain_explained(text), text
        expected = plain_unexplained(text, explained)
        assert unexplained_acronyms(text, explained, KNOWN) == expected, text
