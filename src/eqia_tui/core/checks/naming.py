"""How the messages name things: a question by its label as the screen shows it, a row of a
table by its number and first words, an answer quoted, a key path in the officer's words,
and the fix for an empty answer. See "How messages name a question" in docs/checks.md."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from eqia_tui.core.checks.findings import key_parts
from eqia_tui.core.model import rows
from eqia_tui.core.model.questionnaire import (
    AnyQuestion,
    CharacteristicsQuestion,
    ChoiceQuestion,
    DateQuestion,
    Questionnaire,
    TableQuestion,
    YesNoQuestion,
)
from eqia_tui.core.text.problems import quoted_list

NAME_LIMIT = 60
"""A question label up to this many characters is quoted whole in messages. A longer one is
named by its short label and its first words."""

QUOTE_LIMIT = 50
"""The most characters of an answer quoted in a message (a row's words too)."""

_QUOTES = "\"'\u2019\u201d)"
SENTENCE_END = re.compile(r"(?<=[.!?])[" + _QUOTES + r"]*\s+|\n+")
"""Where a sentence ends: after a full stop, question or exclamation mark (and any closing
quote or bracket) and a space, or at a line break."""


def question_name(questionnaire: Questionnaire, question: AnyQuestion) -> str:
    """A question as the officer sees it on screen, in quotes: its label, such as
    "State the rating and your reasons". A label longer than NAME_LIMIT characters is named
    by its short label (shown in the help panel and table headings) and the label's first
    words: "Action needed" ("a) Is internal action required? ...")."""
    label = rows.one_line(questionnaire.words(question.label))
    if len(label) <= NAME_LIMIT:
        return f'"{label}"'
    short = rows.one_line(questionnaire.words(question.short_label))
    if not short or short == label:
        return f'"{_cut(label, NAME_LIMIT)}"'
    return f'"{short}" ("{_opening(label)}")'


def _cut(text: str, limit: int) -> str:
    """`text` up to `limit` characters, cut between words, with "..." when shortened."""
    return rows.first_words(text, limit, ellipsis="...", whole_words=True)


def _opening(label: str) -> str:
    """The first words of a long label: its first sentence when short, else about 30
    characters."""
    first = re.match(r".+?[?.:](?=\s)", label)
    if first and len(first.group()) <= 40:
        return f"{first.group()} ..."
    return _cut(label, 33)


def _quoted_words(text: str) -> str:
    """An answer's words as a message quotes them: cut between words, without the full stop
    that ends them (the message has one)."""
    return rows.first_words(text, QUOTE_LIMIT, ellipsis="...", whole_words=True, full_stop=False)


def quote(text: str) -> str:
    """An answer quoted in a message, shortened, without its full stop (the message has one)."""
    return f'"{_quoted_words(text)}"'


def row_name(table: TableQuestion, index: int, row: dict[str, Any]) -> str:
    """ "Action 3 ("Rewrite the policy...")": a row's number and its first words."""
    return rows.row_name(table, index, row, words=_quoted_words)


def characteristic(q: Questionnaire, characteristic_id: str) -> str:
    """A characteristic by its label ("Religion or belief"), or its id when it has none."""
    found = q.characteristic(characteristic_id)
    return found.label if found else characteristic_id


def key_in_words(q: Questionnaire, key: str) -> str:
    """A key path of an answer in the officer's words: 'Age: "Potential negative impact"',
    "action 2", or the key path itself when it names nothing in the questionnaire."""
    parts = key_parts(key)
    section = q.section(parts[0]) if parts else None
    if section is None:
        return key
    rest = parts[1:]
    who = ""
    if section.per_characteristic and rest:
        who = f"{characteristic(q, rest[0])}: "
        rest = rest[1:]
    question = section.question(rest[0]) if rest else None
    if question is None:
        return key
    if isinstance(question, TableQuestion) and len(rest) > 1 and rest[1].isdigit():
        return f"{question.row_label} {int(rest[1]) + 1}"
    return f"{who}{question_name(q, question)}"


def first_sentence(text: str) -> str:
    text = rows.one_line(text)
    return SENTENCE_END.split(text, maxsplit=1)[0].strip() if text else ""


def lower_first(text: str, keep: Iterable[str] = ()) -> str | None:
    """`text` with its first letter made small, to follow a colon; None when the first word
    may be a name (it is not written as an ordinary capitalised word, or is in `keep`)."""
    match = re.match(r"[A-Z][a-z'\u2019]*\b", text)
    if not match or match.group() in {"I", *keep}:
        return None
    return text[0].lower() + text[1:]


def sentence_start(text: str) -> str:
    return text[:1].upper() + text[1:]


def article(word: str) -> str:
    return "an" if word[:1].lower() in "aeiou" else "a"


def title_in_text(title: str) -> str:
    """A section title inside a sentence: "the action plan"."""
    return lower_first(title) or title


def how_to_answer(q: Questionnaire, question: AnyQuestion) -> str:
    """The fix for an empty answer: what to do, and the first sentence of the help."""
    help_ = first_sentence(q.words(question.help))
    lowered = lower_first(help_, keep=[q.area]) if help_ else None
    if isinstance(question, YesNoQuestion):
        lead = f'Choose "{question.yes_label}" or "{question.no_label}".'
        return f"{lead} {help_}" if help_ else lead
    if isinstance(question, ChoiceQuestion):
        labels = [o.label for o in q.options_for(question)]
        if 0 < len(labels) <= 6:
            return f"Choose {quoted_list(labels)}."
        lead = "Choose an answer"
    elif isinstance(question, TableQuestion):
        return f"Add at least one {question.row_label}."
    elif isinstance(question, CharacteristicsQuestion):
        lead = "Choose the groups"
    elif isinstance(question, DateQuestion):
        lead = "Type the date as day/month/year"
    else:
        lead = "Fill it in"
    if not help_:
        return f"{lead}."
    return f"{lead}: {lowered}" if lowered else f"{lead}. {help_}"
