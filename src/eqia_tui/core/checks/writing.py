"""How things are written (warnings): an answer in a row that only points to another
answer, sentences too long to read easily, and short forms nobody explains, in the answers
and in the questionnaire's own help."""

from __future__ import annotations

import re
from collections.abc import Iterator

from eqia_tui.core.checks import naming
from eqia_tui.core.checks.acronyms import explained_acronyms, unexplained_acronyms
from eqia_tui.core.checks.context import Context, written_answers
from eqia_tui.core.checks.findings import Finding
from eqia_tui.core.model.questionnaire import ChoiceQuestion, Questionnaire, TableQuestion
from eqia_tui.core.model.roles import acronyms
from eqia_tui.core.rules.pointers import points_elsewhere
from eqia_tui.core.text.problems import english_list

MAX_SENTENCE_WORDS = 30
"""A sentence longer than this is hard to read (plain English guidance)."""

_WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9'\u2019&-]*")


def points_elsewhere_in_rows(ctx: Context) -> Iterator[Finding]:
    """A row's answer that only points to another answer: "As above", "Same as age"."""
    for answer in written_answers(ctx):
        if not answer.in_row or not points_elsewhere(answer.text, ctx.q):
            continue
        yield Finding(
            "points-elsewhere",
            "warning",
            answer.key,
            f"{naming.sentence_start(answer.what)} only points to another answer: "
            f"{naming.quote(answer.text)}.",
            "Write the answer out in this row, even if it repeats another: a reviewer reads "
            "each row on its own.",
        )


def longest_sentence(text: str) -> int:
    """The number of words in the longest sentence of `text`."""
    return max(map(len, map(_WORD.findall, naming.SENTENCE_END.split(text))), default=0)


def _long_sentence(text: str, key: str, what: str, in_help: bool) -> Iterator[Finding]:
    words = longest_sentence(text)
    if words <= MAX_SENTENCE_WORDS:
        return
    where = "In the questionnaire file, split" if in_help else "Split"
    yield Finding(
        f"long-sentence{'-in-help' if in_help else ''}",
        "warning",
        key,
        f"{naming.sentence_start(what)} has a sentence of {words} words.",
        f"{where} it into sentences of {MAX_SENTENCE_WORDS} words or fewer, one idea in each.",
    )


def _acronyms(
    texts: list[tuple[str, str, str]], explained: set[str], in_help: bool, known: dict[str, str]
) -> Iterator[Finding]:
    """Each unexplained short form once, at the first (key, what, text) that uses it."""
    used = [unexplained_acronyms(text, explained, known) for _, _, text in texts]
    first: dict[str, int] = {}
    count: dict[str, int] = {}
    for index, shorts in enumerate(used):
        for short in shorts:
            first.setdefault(short, index)
            count[short] = count.get(short, 0) + 1
    noun = "help text" if in_help else "answer"
    for index, ((key, what, _), shorts) in enumerate(zip(texts, used, strict=True)):
        mine = [s for s in shorts if first[s] == index]
        if not mine:
            continue
        one = len(mine) == 1
        others = count[mine[0]] - 1 if one else 0
        also = f" It is also used in {others} other {noun}{'' if others == 1 else 's'}."
        also = also if others else ""
        examples = english_list([f'"{known[s]} ({s})"' for s in mine])
        where = "In the questionnaire file, write" if in_help else "Write"
        whole = "questionnaire" if in_help else "assessment"
        yield Finding(
            f"unexplained-acronym{'-in-help' if in_help else ''}",
            "warning",
            key,
            f"{naming.sentence_start(what)} uses {english_list(mine)} without saying what "
            f"{'it stands' if one else 'they stand'} for.{also}",
            f"{where} {'it' if one else 'each'} out once with the short form in brackets, "
            f"as in {examples}. Once is enough for the whole {whole}.",
        )


def _questionnaire_words(q: Questionnaire) -> list[str]:
    """Everything the questionnaire says: titles, introductions, labels and help."""
    texts = [q.title, q.description]
    for c in q.characteristics:
        texts += [c.label, c.help]
    for scale in q.scales.values():
        texts += [o.label for o in scale.options] + [o.help for o in scale.options]
    for section in q.sections:
        texts += [section.title, section.intro]
        for question in section.questions:
            texts += [question.label, question.short_label, question.help]
            if isinstance(question, ChoiceQuestion):
                texts += [o.label for o in q.options_for(question)]
                texts += [o.help for o in q.options_for(question)]
            if isinstance(question, TableQuestion):
                for column in question.columns:
                    texts += [column.label, column.short_label, column.help]
    return [q.words(t) for t in texts if t]


def plain_english_answers(ctx: Context) -> Iterator[Finding]:
    answers = written_answers(ctx)
    for answer in answers:
        yield from _long_sentence(answer.text, answer.key, answer.what, False)
    known = acronyms(ctx.q)
    explained = explained_acronyms([a.text for a in answers], known)
    explained |= explained_acronyms(_questionnaire_words(ctx.q), known)
    yield from _acronyms([(a.key, a.what, a.text) for a in answers], explained, False, known)


def plain_english_help(ctx: Context) -> Iterator[Finding]:
    """The questionnaire's own words: section introductions and help texts, each once."""
    seen: set[str] = set()
    texts: list[tuple[str, str, str]] = []

    def once(text: str, key: str, what: str) -> None:
        text = ctx.q.words(text)
        if text and text not in seen:
            seen.add(text)
            texts.append((key, what, text))

    for section in ctx.q.sections:
        if not ctx.asked(section):
            continue
        once(section.intro, section.id, f'the introduction to "{section.title}"')
        if section.per_characteristic:
            for c in ctx.q.characteristics:
                once(c.help, f"{section.id}.{c.id}", f'the help for "{c.label}"')
        for question in section.questions:
            key = f"{section.id}.{question.id}"
            once(question.help, key, f"the help for {ctx.name(question)}")
            if isinstance(question, ChoiceQuestion):
                for option in ctx.q.options_for(question):
                    once(option.help, key, f'the help for the answer "{option.label}"')
            if isinstance(question, TableQuestion):
                for column in question.columns:
                    once(column.help, f"{key}.{column.id}", f"the help for {ctx.name(column)}")
    for key, what, text in texts:
        yield from _long_sentence(text, key, what, True)
    known = acronyms(ctx.q)
    yield from _acronyms(texts, explained_acronyms(_questionnaire_words(ctx.q), known), True, known)
