"""The grid's impacts as the weighting rules read them: which questions the rules look at,
which answers make them suggest a level, and those answers named in words for a message
('"Potential negative impact" is "Unknown" for Age and "Medium" for Disability')."""

from __future__ import annotations

from collections.abc import Callable

from eqia_tui.core.checks.context import Context
from eqia_tui.core.model.questionnaire import ChoiceQuestion, Condition, Section
from eqia_tui.core.text.problems import english_list


def watched_questions(ctx: Context) -> list[ChoiceQuestion]:
    """The grid's impact questions: choices on a scale that the weighting rules look at
    (in kcc-eqia, the negative impact)."""
    weighting, grid = ctx.q.weighting, ctx.grid()
    if weighting is None or grid is None:
        return []
    watched = {c.question for rule in weighting.rules for c in rule.when} | set(weighting.needs)
    return [
        question
        for question in grid.questions
        if isinstance(question, ChoiceQuestion) and question.scale and question.id in watched
    ]


def unknown_values(ctx: Context, question: ChoiceQuestion) -> set[str]:
    """Answers that mean "not known yet": an option called unknown, or one that only counts
    as another level for now."""
    return {
        o.value
        for o in ctx.q.options_for(question)
        if o.value == "unknown" or o.counts_as is not None
    }


def _values_meeting(ctx: Context, question: ChoiceQuestion, condition: Condition) -> set[str]:
    """The answers of `question` that meet one condition of a rule."""
    if condition.question != question.id:
        return set()
    if isinstance(condition.equals, str):
        return {condition.equals}
    if condition.in_ is not None:
        return set(condition.in_)
    if condition.at_least is not None:
        scale = ctx.q.scale_for(question)
        want = scale.rank(condition.at_least) if scale else None
        if scale is None or want is None:
            return set()
        return {v for v in scale.values() if (scale.rank(v) or 0) >= want}
    return set()


def values_for_levels(ctx: Context, question: ChoiceQuestion, levels: set[str]) -> set[str]:
    """The answers of `question` that make the rules suggest one of `levels`."""
    weighting = ctx.q.weighting
    if weighting is None:
        return set()
    values: set[str] = set()
    for rule in weighting.rules:
        if rule.level in levels:
            for condition in rule.when:
                values |= _values_meeting(ctx, question, condition)
    return values


def impacts(
    ctx: Context, grid: Section, values_for: Callable[[ChoiceQuestion], set[str]]
) -> list[str]:
    """One clause for each impact question with an answer in `values_for(question)`:
    '"Potential negative impact" is "Unknown" for Age and "Medium" for Disability'."""
    clauses: list[str] = []
    for question in watched_questions(ctx):
        wanted = values_for(question)
        by_value: dict[str, list[str]] = {}
        for c in ctx.q.characteristics:
            value = ctx.a.row(grid.id, c.id).get(question.id)
            if value in wanted:
                by_value.setdefault(ctx.level_words(question, value), []).append(c.label)
        if by_value:
            parts = [f'"{words}" for {english_list(labels)}' for words, labels in by_value.items()]
            clauses.append(f"{ctx.name(question)} is {english_list(parts)}")
    return clauses


def risky_impacts(ctx: Context) -> list[str]:
    """The grid's impacts that make the rules suggest more than the lowest weighting, as
    `screening-sufficient-with-risk` names them."""
    grid, levels = ctx.grid(), ctx.levels()
    if grid is None or not levels:
        return []
    return impacts(ctx, grid, lambda q: values_for_levels(ctx, q, set(levels[:-1])))
