"""Answers that look like boilerplate (warnings: these are rough tests, and say so).

- `repeated-answer`: the same words in three or more rows of a grid, for one question. Each
  group should get its own thought; a sentence pasted down the grid suggests it did not.
- `vague-answer`: an answer to one of the legal questions (the three aims, people in more
  than one group, other changes) that names no group of people and no effect on anyone,
  such as "Not applicable" or "The policy complies with the Equality Act".

Both go by words alone, so they can be wrong both ways; docs/checks.md gives the word lists.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from eqia_tui.core.checks.context import Context, asked_answer, mentions_characteristic
from eqia_tui.core.checks.findings import Finding
from eqia_tui.core.model.conditions import is_answered
from eqia_tui.core.model.questionnaire import LongTextQuestion, TextQuestion
from eqia_tui.core.rules.weighting import says_action_needed
from eqia_tui.core.text.problems import english_list

REPEATED_ROWS = 3
"""The same answer in this many rows of a grid or more is reported."""

GROUP_WORDS = (
    "people",
    "person",
    "resident",
    "user",
    "customer",
    "client",
    "staff",
    "employee",
    "worker",
    "tenant",
    "patient",
    "pupil",
    "student",
    "child",
    "young",
    r"old(?:er)?\b",
    "elderly",
    "disab",
    "women",
    r"men\b",
    "girl",
    "boy",
    "carer",
    "parent",
    "famil",
    "group",
    "communit",
    "faith",
    "religio",
    "ethnic",
    "minorit",
    r"trans(?:gender)?\b",
    "gay",
    "lesbian",
    "bisexual",
    "pregnan",
    "married",
    "partner",
    "deaf",
    "blind",
)
"""A text names a group when a word starts with one of these (some are whole words only:
"men", not "mention"), or when it names a characteristic by its label."""

EFFECT_WORDS = (
    "harm",
    "benefit",
    "barrier",
    "access",
    "exclu",
    "disadvantag",
    "advantag",
    "worse",
    "better",
    "harder",
    "easier",
    "fair",
    "unfair",
    "discriminat",
    "harass",
    "victimis",
    "prejudice",
    "tension",
    "isolat",
    "lose",
    "loss",
    "lost",
    "gain",
    "cost",
    "reduc",
    "increas",
    "improv",
    "risk",
    "safe",
    "lonel",
    "wait",
)
"""A text names an effect when a word starts with one of these. "Impact", "effect" and
"affect" do not count: "No impact" says nothing about anyone."""

_GROUP = re.compile(r"\b(?:" + "|".join(GROUP_WORDS) + r")", re.IGNORECASE)
_EFFECT = re.compile(r"\b(?:" + "|".join(EFFECT_WORDS) + r")", re.IGNORECASE)


def _normal(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", text.lower()).split())


def repeated_answers(ctx: Context) -> Iterator[Finding]:
    """The same text answer in `REPEATED_ROWS` rows of a grid or more. A short answer that
    says no action is needed ("None", "N/A") is a whole answer for a row, and not counted."""
    for section in ctx.q.grids():
        if not ctx.asked(section):
            continue
        for question in section.questions:
            if not isinstance(question, TextQuestion | LongTextQuestion):
                continue
            same: dict[str, list[str]] = {}
            for characteristic in ctx.q.characteristics:
                value = ctx.a.row(section.id, characteristic.id).get(question.id)
                if not isinstance(value, str) or not says_action_needed(value):
                    continue
                same.setdefault(_normal(value), []).append(characteristic.id)
            for ids in same.values():
                if len(ids) < REPEATED_ROWS:
                    continue
                labels = [c.label for cid in ids if (c := ctx.q.characteristic(cid))]
                yield Finding(
                    "repeated-answer",
                    "warning",
                    f"{section.id}.{ids[0]}.{question.id}",
                    f"{ctx.name(question)} has the same answer for {len(ids)} groups: "
                    f"{english_list(labels)}.",
                    "Write about each group on its own: what could happen to these people, "
                    "and what you will do. If the answer really is the same, say why.",
                )


def _names_group(ctx: Context, text: str) -> bool:
    if _GROUP.search(text):
        return True
    return any(mentions_characteristic(text, c.label) for c in ctx.q.characteristics)


def vague_answers(ctx: Context) -> Iterator[Finding]:
    """An answer to a legal question that names no group and no effect."""
    roles = ctx.q.roles
    refs = [ref for _, ref in roles.general_duty.aims()] if roles.general_duty else []
    refs += [ref for ref in (roles.intersection, roles.cumulative) if ref]
    for ref in refs:
        found = asked_answer(ctx, ref)
        if found is None or not is_answered(found[2]) or not isinstance(found[2], str):
            continue
        text = found[2]
        if _names_group(ctx, text) or _EFFECT.search(text):
            continue
        yield Finding(
            "vague-answer",
            "warning",
            found[3],
            f"The answer to {ctx.name(found[1])} names no group of people and no effect on anyone.",
            "Say which people this could touch and what could change for them, even if the "
            "answer is that nothing will.",
        )
