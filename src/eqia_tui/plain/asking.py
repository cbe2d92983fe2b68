"""What plain mode asks and how it reads the answers typed: pure functions, no input or
output, so each rule can be tested alone.

Each kind of question has its allowed answers in words (`allowed`), a reader for what the
officer types (`read_answer`, raising `Wrong` with a plain reason), and the words for an
answer already given (`answer_words`). A line may also be a command (`command_in`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from eqia_tui.core.model.questionnaire import (
    ALL,
    AnyQuestion,
    CharacteristicsQuestion,
    ChoiceQuestion,
    DateQuestion,
    LongTextQuestion,
    Questionnaire,
    TableQuestion,
    TextQuestion,
    YesNoQuestion,
)
from eqia_tui.core.text import dates
from eqia_tui.core.text.problems import english_list

COMMANDS: dict[str, str] = {
    "help": "the help for this question, and this list (? does the same)",
    "back": "go back to the question before",
    "skip": "go on to the next question and leave this one as it is",
    "jump": "go to a step by its number or its title, or to a group of people by name. "
    "For example: jump 4, jump Proportionality, jump Disability.",
    "status": "what is still to answer, and the suggested weighting and why",
    "clear": "remove the answer to this question",
    "save": "save now (every answer is saved as you give it anyway)",
    "quit": "save and stop; open the draft again to go on",
}
"""The walk's own commands, with a plain line each for the help."""
ALIASES = {"?": "help"}

NONE_WORDS = frozenset({"none", "nothing", "no one"})
ALL_WORDS = frozenset({"all", "all characteristics", "everyone"})


class Wrong(ValueError):
    """An answer that cannot be used: `str()` says why, in a short sentence."""


@dataclass(frozen=True)
class Command:
    """A command typed at a prompt: its word (lower case) and the rest of the line."""

    word: str
    rest: str = ""


def command_in(line: str, tasks: frozenset[str], free_text: bool) -> Command | None:
    """The command on this line, or None when the line is an answer.

    A line is a command when its first word is one of `COMMANDS`, `?` or a task, alone,
    or followed by words for `jump` and the tasks. At a text question, only a command word
    alone (or `jump` with words) is a command: "Check the signs" stays an answer there. A
    backslash at the start makes any line an answer ("\\back").
    """
    text = line.strip()
    if not text or text.startswith("\\"):
        return None
    word, _, rest = text.partition(" ")
    word = ALIASES.get(word.lower(), word.lower())
    rest = rest.strip()
    if word not in COMMANDS and word not in tasks:
        return None
    if rest and word not in tasks and word != "jump":
        return None
    if rest and free_text and word != "jump" and not _plainly_a_task(word, rest):
        return None
    if word == "jump" and not rest:
        return None if free_text else Command(word)
    return Command(word, rest)


TASK_FORMS: dict[str, re.Pattern[str]] = {
    "check": re.compile(r"again", re.IGNORECASE),
    "comment": re.compile(r"(step|all)", re.IGNORECASE),
    "comments": re.compile(r"here", re.IGNORECASE),
    "reply": re.compile(r"c?\d{1,6}", re.IGNORECASE),
    "resolve": re.compile(r"c?\d{1,6}", re.IGNORECASE),
    "reopen": re.compile(r"comment\s+c?\d{1,6}|c\d{1,6}", re.IGNORECASE),
}
"""Tasks whose words after them are so short and fixed (`reply 2`, `comment step`) that
they are taken as the task even at a text question, where no one would answer that.
`check again` is the walk's own, for a draft another window holds."""


def _plainly_a_task(word: str, rest: str) -> bool:
    form = TASK_FORMS.get(word)
    return form is not None and form.fullmatch(rest) is not None


def answer_text(line: str) -> str:
    """An answer as typed, without the backslash that keeps a command word an answer."""
    stripped = line.strip()
    return stripped[1:].strip() if stripped.startswith("\\") else stripped


# --- The allowed answers ----------------------------------------------------------------------


def choices(questionnaire: Questionnaire, question: AnyQuestion) -> list[tuple[Any, str]]:
    """The numbered answers of a question that has a list of them: (value, words)."""
    if isinstance(question, YesNoQuestion):
        return [(True, question.yes_label), (False, question.no_label)]
    if isinstance(question, ChoiceQuestion):
        return [(o.value, o.label) for o in questionnaire.options_for(question)]
    if isinstance(question, CharacteristicsQuestion):
        return [(c.id, c.label) for c in questionnaire.characteristics]
    return []


def option_help(questionnaire: Questionnaire, question: AnyQuestion) -> dict[str, str]:
    """What each option of a choice means, when the questionnaire says."""
    if not isinstance(question, ChoiceQuestion):
        return {}
    return {o.label: o.help for o in questionnaire.options_for(question) if o.help}


def how_to_answer(question: AnyQuestion) -> str:
    """One line saying how to answer this kind of question."""
    if isinstance(question, YesNoQuestion):
        return "Answer with a number, or with the words (y or n also work)."
    if isinstance(question, ChoiceQuestion):
        return "Answer with a number, or with the words."
    if isinstance(question, CharacteristicsQuestion):
        return "Answer with numbers separated by commas (such as 1, 3), or all, or none."
    if isinstance(question, DateQuestion):
        return "Type the date as day/month/year, for example 01/12/2026."
    if isinstance(question, LongTextQuestion):
        return 'Type your answer over as many lines as you need. End with a line holding only ".".'
    if isinstance(question, TableQuestion):
        return "Type add, change and a number, remove and a number, or done."
    return "Type your answer on one line."


def allowed_line(questionnaire: Questionnaire, question: AnyQuestion) -> str:
    """The allowed answers on one line, for a message: 1 High, 2 Medium or 3 Low."""
    listed = choices(questionnaire, question)
    if isinstance(question, CharacteristicsQuestion):
        names = [f"{n} {label}" for n, (_, label) in enumerate(listed, 1)]
        return f"numbers separated by commas from {english_list(names)}, or all, or none"
    if listed:
        return english_list([f"{n} {label}" for n, (_, label) in enumerate(listed, 1)], "or")
    if isinstance(question, DateQuestion):
        return "a date written as day/month/year, such as 01/12/2026"
    if isinstance(question, TextQuestion) and question.max_length:
        return f"text of at most {question.max_length} characters"
    return "text"


# --- Reading an answer ------------------------------------------------------------------------


def _by_number_or_words(text: str, listed: list[tuple[Any, str]]) -> Any:
    folded = text.casefold().strip().rstrip(".")
    if folded.isdigit():
        number = int(folded)
        if 1 <= number <= len(listed):
            return listed[number - 1][0]
        raise Wrong(f"There is no answer {number}: choose a number from 1 to {len(listed)}.")
    for value, label in listed:
        if folded in (label.casefold(), str(value).casefold()):
            return value
    raise Wrong(f'"{text}" is not one of the answers.')


def read_choice(questionnaire: Questionnaire, question: AnyQuestion, text: str) -> Any:
    """A yes or no, or a choice, from its number or its words (any case)."""
    if isinstance(question, YesNoQuestion):
        folded = text.casefold().strip().rstrip(".")
        if folded in ("y", "yes"):
            return True
        if folded in ("n", "no"):
            return False
    return _by_number_or_words(text, choices(questionnaire, question))


def read_characteristics(questionnaire: Questionnaire, text: str) -> str | list[str] | None:
    """Characteristics by number or name, separated by commas; all; none (None)."""
    folded = text.casefold().strip().rstrip(".")
    if folded in ALL_WORDS:
        return ALL
    if folded in NONE_WORDS:
        return None
    listed = [(c.id, c.label) for c in questionnaire.characteristics]
    chosen: list[str] = []
    for part in re.split(r"[,;]|\band\b", text):
        if not part.strip():
            continue
        value = _by_number_or_words(part.strip(), listed)
        if value not in chosen:
            chosen.append(value)
    if not chosen:
        raise Wrong("Choose at least one characteristic, or all, or none.")
    order = [c.id for c in questionnaire.characteristics]
    return sorted(chosen, key=order.index)


def read_date(text: str) -> date:
    """A date as the wizard takes it: day/month/year, the year in four figures."""
    try:
        found = dates.parse_day(text)
    except ValueError as error:
        raise Wrong(str(error)) from None
    if found is None:
        raise Wrong(dates.DAY_HINT)
    return found


def read_answer(questionnaire: Questionnaire, question: AnyQuestion, text: str) -> Any:
    """The value to store for what was typed (never empty: an empty line keeps the answer)."""
    if isinstance(question, YesNoQuestion | ChoiceQuestion):
        return read_choice(questionnaire, question, text)
    if isinstance(question, CharacteristicsQuestion):
        return read_characteristics(questionnaire, text)
    if isinstance(question, DateQuestion):
        return read_date(text)
    if isinstance(question, TextQuestion):
        value = text.strip()
        if question.max_length and len(value) > question.max_length:
            raise Wrong(
                f"This answer is {len(value)} characters long; "
                f"at most {question.max_length} are allowed."
            )
        return value
    return text.strip("\n")


# --- An answer in words -----------------------------------------------------------------------


def answer_words(questionnaire: Questionnaire, question: AnyQuestion, value: Any) -> str:
    """An answer as the officer would say it: Medium, Yes, Age and Disability, 01/12/2026."""
    if value is None or value == "" or value == []:
        return "not answered"
    if isinstance(question, TableQuestion):
        count = len(value) if isinstance(value, list) else 0
        return f"{count} {question.row_label}{'' if count == 1 else 's'}"
    if isinstance(question, CharacteristicsQuestion):
        if value in (ALL, [ALL]):
            return "All characteristics"
        return questionnaire.label_of(question, value)
    if isinstance(value, date):
        return dates.day(value)
    return questionnaire.label_of(question, value)


def default_line(questionnaire: Questionnaire, question: AnyQuestion, value: Any) -> str:
    """What Enter does: keep the current answer, or leave the question unanswered."""
    words = answer_words(questionnaire, question, value)
    if words == "not answered":
        return "Enter leaves it unanswered."
    if isinstance(question, LongTextQuestion) or "\n" in words:
        return "Enter keeps the answer above."
    return f"Enter keeps: {words}"
