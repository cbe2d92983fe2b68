"""The contradictions around the weighting and the judgement: an impact the answers do not
follow up (unknown without an action that finds out, high without a justification), a
weighting that is not the one suggested, and a judgement too light for the grid or for the
actions written."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from eqia_tui.core.checks import naming
from eqia_tui.core.checks.context import Context
from eqia_tui.core.checks.findings import Finding
from eqia_tui.core.checks.impacts import (
    impacts,
    risky_impacts,
    unknown_values,
    values_for_levels,
    watched_questions,
)
from eqia_tui.core.model.assessment import Assessment
from eqia_tui.core.model.conditions import is_answered
from eqia_tui.core.model.questionnaire import (
    ALL,
    AnyQuestion,
    ChoiceQuestion,
    LongTextQuestion,
    Questionnaire,
    Section,
    TextQuestion,
)
from eqia_tui.core.model.roles import action_plan, internal_action
from eqia_tui.core.rules.weighting import (
    action_rows_written,
    internal_action_written,
    judgement_order,
    lightest_judgement,
    suggest,
)
from eqia_tui.core.text.problems import english_list, quoted_list

EVIDENCE_WORDS = (
    "evidence",
    "data",
    "research",
    "consult",
    "survey",
    "gather",
    "find out",
    "monitor",
    "feedback",
    "engage",
)
"""An action "gathers evidence" when its words include one of these (or a longer word that
starts with one, such as consultation, surveys or monitoring)."""

_EVIDENCE = re.compile(
    r"\b(?:" + "|".join(w.replace(" ", r"\s+") for w in EVIDENCE_WORDS) + r")", re.IGNORECASE
)


def _covers(value: Any, characteristic_id: str) -> bool:
    chosen = value if isinstance(value, list) else [value]
    return ALL in chosen or characteristic_id in chosen


def _first_long_text(section: Section, besides: AnyQuestion) -> AnyQuestion | None:
    return next(
        (q for q in section.questions if isinstance(q, LongTextQuestion) and q is not besides),
        None,
    )


def unknown_without_evidence_action(ctx: Context) -> Iterator[Finding]:
    """An unknown impact needs an action that finds out, for that characteristic."""
    grid, plan = ctx.grid(), action_plan(ctx.q)
    if grid is None or plan is None or plan.characteristics is None:
        return
    section, table, characteristics_column = plan.section, plan.table, plan.characteristics
    text_columns = [c for c in table.columns if isinstance(c, TextQuestion | LongTextQuestion)]
    rows = ctx.rows(section, table)
    # Whether each row's words gather evidence: read once, not once for each characteristic.
    evidence = [
        any(_EVIDENCE.search(str(row.get(c.id) or "")) for c in text_columns) for row in rows
    ]
    noun = table.row_label
    for question in watched_questions(ctx):
        unknown = unknown_values(ctx, question)
        for characteristic in ctx.q.characteristics:
            value = ctx.a.row(grid.id, characteristic.id).get(question.id)
            if value not in unknown:
                continue
            gathers = any(
                _covers(row.get(characteristics_column.id), characteristic.id) and found
                for row, found in zip(rows, evidence, strict=True)
            )
            if gathers:
                continue
            yield Finding(
                "unknown-without-evidence-action",
                "error",
                f"{grid.id}.{characteristic.id}.{question.id}",
                f"{characteristic.label}: the answer to {ctx.name(question)} is "
                f'"{ctx.level_words(question, value)}", and no {noun} in the '
                f"{naming.title_in_text(section.title)} sets out to find out more.",
                f"Add {naming.article(noun)} {noun} for {characteristic.label} (or for all "
                "groups) that gathers evidence, such as a survey, data or a consultation. "
                "No evidence is not the same as no impact.",
            )


def high_without_justification(ctx: Context) -> Iterator[Finding]:
    """A high impact with a judgement lighter than the one the top weighting calls for."""
    weighting, grid, judged = ctx.q.weighting, ctx.grid(), ctx.judgement()
    levels = ctx.levels()
    if weighting is None or grid is None or judged is None or not levels:
        return
    section, judgement, answer = judged
    expected = weighting.judgement_for.get(levels[0])
    if not is_answered(answer) or answer == expected:
        return
    justification = _first_long_text(section, judgement)
    if justification is None or is_answered(ctx.a.get(section.id, justification.id)):
        return
    high = impacts(ctx, grid, lambda q: values_for_levels(ctx, q, {levels[0]}))
    if not high:
        return
    expected_words = ctx.level_words(judgement, expected) if expected else "a full assessment"
    yield Finding(
        "high-without-justification",
        "error",
        f"{section.id}.{justification.id}",
        f"{naming.sentence_start(english_list(high))}, but the judgement is "
        f'"{ctx.level_words(judgement, answer)}" and {ctx.name(justification)} is empty.',
        f'Say why this is enough despite the high impact, or choose "{expected_words}".',
    )


def _differing_rating(ctx: Context) -> tuple[Section, ChoiceQuestion, Any, str] | None:
    """The officer's weighting (section, question, answer) and the tool's suggestion, when
    the weighting is given and is not the suggestion."""
    rated = ctx.rating()
    if rated is None:
        return None
    section, rating, answer = rated
    if not is_answered(answer):
        return None
    suggested = suggest(ctx.q, ctx.a).suggested_rating
    if suggested is None or suggested == answer:
        return None
    return section, rating, answer, suggested


def _reasons_for(
    ctx: Context, section: Section, rating: AnyQuestion
) -> tuple[Section, AnyQuestion] | None:
    """Where the officer explains their weighting: the weighting's `reasons_question`, or the
    first long text in the section of the weighting."""
    ref = ctx.q.weighting.reasons_question if ctx.q.weighting else None
    named = ctx.q.resolve(ref) if ref else None
    if named is not None:
        return named
    reasons = _first_long_text(section, rating)
    return (section, reasons) if reasons is not None else None


def weighting_differs_without_reasons(ctx: Context) -> Iterator[Finding]:
    differing = _differing_rating(ctx)
    if differing is None:
        return
    section, rating, answer, suggested = differing
    found = _reasons_for(ctx, section, rating)
    if found is None or is_answered(ctx.a.get(found[0].id, found[1].id)):
        return
    section, reasons = found
    yield Finding(
        "weighting-differs-without-reasons",
        "error",
        f"{section.id}.{reasons.id}",
        f'The weighting is "{ctx.level_words(rating, answer)}" but the tool suggests '
        f'"{ctx.level_words(rating, suggested)}", and {ctx.name(reasons)} is empty.',
        "Say why you chose a different weighting, or choose the suggested one.",
    )


def weighting_differs_from_suggestion(ctx: Context) -> Iterator[Finding]:
    """The officer's weighting is not the one the tool suggests from the answers as they are
    now, and reasons are written: they may have been written for another suggestion. (With no
    reasons, `weighting-differs-without-reasons` is the error.)"""
    differing = _differing_rating(ctx)
    if differing is None:
        return
    section, rating, answer, suggested = differing
    found = _reasons_for(ctx, section, rating)
    if found is not None and not is_answered(ctx.a.get(found[0].id, found[1].id)):
        return
    complete = suggest(ctx.q, ctx.a).rules_complete
    so_far = "" if complete else " so far (not every characteristic is answered)"
    if found is None:
        key, fix = f"{section.id}.{rating.id}", "Check that you still mean it."
    else:
        key = f"{found[0].id}.{found[1].id}"
        fix = (
            f"Check that {ctx.name(found[1])} still says why you chose a different weighting, "
            "or choose the suggested one."
        )
    yield Finding(
        "weighting-differs-from-suggestion",
        "warning",
        key,
        f'The weighting is "{ctx.level_words(rating, answer)}" but the tool now suggests '
        f'"{ctx.level_words(rating, suggested)}"{so_far}.',
        fix,
    )


def screening_sufficient_with_risk(ctx: Context) -> Iterator[Finding]:
    """The lightest judgement while an impact would make the rules suggest more."""
    weighting, grid, judged = ctx.q.weighting, ctx.grid(), ctx.judgement()
    levels = ctx.levels()
    if weighting is None or grid is None or judged is None or not levels:
        return
    section, judgement, answer = judged
    if not is_answered(answer) or answer != weighting.judgement_for.get(levels[-1]):
        return
    risky = risky_impacts(ctx)
    if not risky:
        return
    others = [o.label for o in ctx.q.options_for(judgement) if o.value != answer]
    choose = f"Choose {quoted_list(others)}" if others else "Choose another option"
    yield Finding(
        "screening-sufficient-with-risk",
        "error",
        f"{section.id}.{judgement.id}",
        f'The judgement is "{ctx.level_words(judgement, answer)}", but the '
        f"{naming.title_in_text(grid.title)} calls for more: {english_list(risky)}.",
        f"{choose}, or check the answers in the {naming.title_in_text(grid.title)}.",
    )


def actions_written(questionnaire: Questionnaire, assessment: Assessment) -> list[str]:
    """What the lightest judgement would leave out, in words, one item each: "internal action
    for Disability and Carers in the screening grid", "2 actions in the action plan". Empty
    when no action is written. For the app's question before Option 1 is chosen, and for
    `lightest-judgement-with-actions`."""
    in_grid = internal_action_written(questionnaire, assessment)
    rows = action_rows_written(questionnaire, assessment)
    grid, plan = internal_action(questionnaire), action_plan(questionnaire)
    written: list[str] = []
    if in_grid and grid is not None:
        labels = english_list([naming.characteristic(questionnaire, cid) for cid in in_grid])
        written.append(f"internal action for {labels} in the {naming.title_in_text(grid[0].title)}")
    if rows and plan is not None:
        noun = plan.table.row_label if rows == 1 else f"{plan.table.row_label}s"
        written.append(f"{rows} {noun} in the {naming.title_in_text(plan.section.title)}")
    return written


def lightest_judgement_with_actions(ctx: Context) -> Iterator[Finding]:
    """The lightest judgement (no action needed) while actions are written: internal action in
    the grid, or rows in the action plan. With that judgement the action plan is not asked, and
    the documents leave it out."""
    judged, floor, lightest = (
        ctx.judgement(),
        ctx.q.roles.internal_action_judgement,
        lightest_judgement(ctx.q),
    )
    if judged is None or floor is None or lightest is None or floor == lightest:
        return
    section, judgement, answer = judged
    if answer != lightest:
        return
    written = actions_written(ctx.q, ctx.a)
    if not written:
        return
    rows = action_rows_written(ctx.q, ctx.a)
    chosen = ctx.level_words(judgement, answer)
    message = f'The judgement is "{chosen}", but actions are written: {english_list(written)}.'
    risky = risky_impacts(ctx)
    if risky:
        where = ctx.grid()
        title = naming.title_in_text(where.title) if where else "screening"
        message += f" The {title} also calls for more: {english_list(risky)}."
    heavier = [
        ctx.level_words(judgement, value)
        for value in judgement_order(ctx.q)
        if value not in (lightest, floor)
    ]
    also = f" (or {quoted_list(heavier, 'or')})" if heavier else ""
    if rows:
        lost = f'With "{chosen}" the action plan is left out of the documents.'
    else:
        lost = f'With "{chosen}" there is no action plan, so nothing says who will act or by when.'
    yield Finding(
        "lightest-judgement-with-actions",
        "error",
        f"{section.id}.{judgement.id}",
        message,
        f'Choose "{ctx.level_words(judgement, floor)}"{also}, or remove the actions if none are '
        f"needed. {lost}",
    )


def one_finding_for_the_lightest_judgement(findings: list[Finding]) -> list[Finding]:
    """`lightest-judgement-with-actions` also names the impacts that call for more, so
    `screening-sufficient-with-risk` at the same answer would say it twice: leave it out."""
    keys = {f.key for f in findings if f.id == "lightest-judgement-with-actions"}
    return [f for f in findings if not (f.id == "screening-sufficient-with-risk" and f.key in keys)]
