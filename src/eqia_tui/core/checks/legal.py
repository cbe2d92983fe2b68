"""The legal tests a reviewer applies: what the courts and the Equality Act 2010 ask of an
assessment, as far as the file can show it (docs/checks.md names the source of each).

- the decision-maker is named, and the decision comes after the assessment (Brown);
- each of the three aims of the general duty is considered (section 149, Bracking);
- every serious or unknown impact has evidence, and an action or a reason (Tameside, Bridges);
- engagement is recorded with what it changed, at a medium or high weighting (Gunning);
- other ways of doing it are recorded at a high weighting (Brown: rigour, an open mind);
- people in more than one group, and other changes, are thought about when two or more
  groups could be worse off;
- monitoring says what will be measured (the duty goes on: Brown).

Every question is found through the questionnaire's roles (`Roles`). A role not given
skips its test. A question not asked now (its `ask_when` does not hold) is not asked for.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

from eqia_tui.core.checks.context import Context, asked_answer, mentions_characteristic
from eqia_tui.core.checks.findings import Finding
from eqia_tui.core.checks.impacts import unknown_values, values_for_levels
from eqia_tui.core.model.conditions import is_answered
from eqia_tui.core.model.questionnaire import AnyQuestion, ChoiceQuestion, Section
from eqia_tui.core.model.roles import action_plan, impact, internal_action
from eqia_tui.core.rules.action_suggestions import covered
from eqia_tui.core.rules.weighting import says_action_needed
from eqia_tui.core.text import dates
from eqia_tui.core.text.problems import english_list

AIMS: dict[str, tuple[str, str]] = {
    "eliminate_discrimination": (
        "first",
        "to end discrimination, harassment and victimisation",
    ),
    "advance_equality_of_opportunity": (
        "second",
        "to give people in each group the same chances as others",
    ),
    "foster_good_relations": (
        "third",
        "to help people from different groups get on well together",
    ),
}
"""Each aim of the general duty (Equality Act 2010, section 149(1)), as messages name it."""


@dataclass(frozen=True)
class _Asked:
    """A question with a role, asked now, with its answer and key path."""

    section: Section
    question: AnyQuestion
    value: Any
    key: str


def _asked(ctx: Context, ref: str | None) -> _Asked | None:
    found = asked_answer(ctx, ref)
    return _Asked(*found) if found is not None else None


def _weighting(ctx: Context) -> tuple[str, list[str]] | None:
    """The officer's weighting and the weighting's levels (highest first), once chosen."""
    rated, levels = ctx.rating(), ctx.levels()
    if rated is None or not levels or not isinstance(rated[2], str) or rated[2] not in levels:
        return None
    return rated[2], levels


def decision_maker_named(ctx: Context) -> Iterator[Finding]:
    """`no-decision-maker`: nobody is named to take the decision (Brown: the person who
    decides must know of the duty and have the assessment in front of them)."""
    found = _asked(ctx, ctx.q.roles.decision_maker)
    if found is None or is_answered(found.value):
        return
    yield Finding(
        "no-decision-maker",
        "error",
        found.key,
        f"{ctx.name(found.question)} is empty, so nobody can tell who must read this "
        "assessment first.",
        "Name the person or group who will decide, with their role. They must know the "
        "effect on each group before they decide.",
    )


def decision_after_assessment(ctx: Context) -> Iterator[Finding]:
    """`no-decision-date` (a warning: often not known while drafting) and
    `decision-before-assessment`: the decision is dated before the assessment (Brown: due
    regard comes before the decision, not after it)."""
    found = _asked(ctx, ctx.q.roles.decision_date)
    if found is None:
        return
    if not isinstance(found.value, date):
        yield Finding(
            "no-decision-date",
            "warning",
            found.key,
            f"{ctx.name(found.question)} is empty, so the record cannot show that this "
            "assessment came before the decision.",
            "Type the date of the decision, or of the meeting where it will be made, once "
            "you know it.",
        )
        return
    later = []
    for ref in ctx.q.roles.assessment_dates:
        done = _asked(ctx, ref)
        if done is not None and isinstance(done.value, date) and done.value > found.value:
            later.append(f"{ctx.name(done.question)} ({dates.day(done.value)})")
    if not later:
        return
    yield Finding(
        "decision-before-assessment",
        "error",
        found.key,
        f"The decision date, {dates.day(found.value)}, comes before "
        f"{english_list(later)}. The assessment must come first.",
        "Check the dates. If the decision was made first, the person who decides must look "
        "at it again with this assessment in front of them.",
    )


def general_duty_aims(ctx: Context) -> Iterator[Finding]:
    """`equality-aim-not-considered`: one of the three aims of the general duty has no answer
    (section 149; Bracking: each aim must be thought about, not the duty as a whole)."""
    duty = ctx.q.roles.general_duty
    if duty is None:
        return
    for aim, ref in duty.aims():
        found = _asked(ctx, ref)
        if found is None or is_answered(found.value):
            continue
        which, words = AIMS[aim]
        yield Finding(
            "equality-aim-not-considered",
            "error",
            found.key,
            f"{ctx.name(found.question)} is empty: the {which} aim of the equality duty, "
            f"{words}, is not considered.",
            "Say how this work touches this aim, even if only to say why it does not. "
            "The law asks for each aim to be thought about on its own.",
        )


def _serious(ctx: Context) -> tuple[Section, ChoiceQuestion, set[str], set[str]] | None:
    """The impact question (`roles.impact`), the answers that make the weighting rules
    suggest more than the lowest weighting (medium, high, unknown in kcc-eqia), and the
    answers that mean "not known yet"."""
    found, levels = impact(ctx.q), ctx.levels()
    if found is None or not levels or not ctx.asked(found[0]):
        return None
    section, question = found
    if not section.per_characteristic:
        return None
    serious = values_for_levels(ctx, question, set(levels[:-1]))
    return section, question, serious, unknown_values(ctx, question)


def _evidence_for(ctx: Context, grid: Section, characteristic: str, label: str) -> str | None:
    """None when evidence is named for this characteristic; otherwise the key to point at."""
    first: str | None = None
    row = ctx.a.row(grid.id, characteristic)
    for ref in ctx.q.roles.evidence:
        found = ctx.q.resolve(ref)
        if found is None:
            continue
        section, question = found
        if section.id == grid.id:
            asked = asked_answer(ctx, ref, characteristic)
            if asked is None:
                continue
            if is_answered(row.get(question.id)):
                return None
            first = first or asked[3]
            continue
        outside = asked_answer(ctx, ref)
        if outside is None:
            continue
        if isinstance(outside[2], str) and mentions_characteristic(outside[2], label):
            return None
    return first or ""


def impacts_followed_up(ctx: Context) -> Iterator[Finding]:
    """For each characteristic whose negative impact is medium or more, or unknown:
    `impact-without-evidence` when no evidence is named for it (Tameside: find out enough to
    decide; Bridges: know the effect on each group), and `impact-without-action` when no
    action is for it and the grid gives no action or reason."""
    serious = _serious(ctx)
    if serious is None or (not ctx.q.roles.evidence and internal_action(ctx.q) is None):
        return
    grid, question, values, unknown = serious
    plan = action_plan(ctx.q)
    rows = ctx.rows(plan.section, plan.table) if plan and ctx.asked(plan.section) else []
    column = plan.characteristics.id if plan and plan.characteristics else None
    grid_action = internal_action(ctx.q)
    for characteristic in ctx.q.characteristics:
        row = ctx.a.row(grid.id, characteristic.id)
        value = row.get(question.id)
        if value not in values:
            continue
        level = ctx.level_words(question, value)
        who = characteristic.label
        impact_key = f"{grid.id}.{characteristic.id}.{question.id}"
        lead = f'{who}: {ctx.name(question)} is "{level}"'
        if ctx.q.roles.evidence:
            missing = _evidence_for(ctx, grid, characteristic.id, who)
            if missing is not None:
                yield Finding(
                    "impact-without-evidence",
                    "error",
                    missing or impact_key,
                    f"{lead}, and no evidence is named for this group.",
                    "Name the data, feedback or research you used. If you have none, say so "
                    "and add an action to find out.",
                )
        if value in unknown and column is not None:
            continue  # `unknown-without-evidence-action` asks for an action that finds out
        if column is not None and covered(rows, characteristic.id, column):
            continue
        written = grid_action is not None and says_action_needed(row.get(grid_action[1].id))
        if written or (grid_action is None and column is None):
            continue
        key = f"{grid.id}.{characteristic.id}.{grid_action[1].id}" if grid_action else impact_key
        if grid_action is None:
            where = "nothing says what to do"
        elif is_answered(row.get(grid_action[1].id)):
            where = f"{ctx.name(grid_action[1])} says no action is needed"
        else:
            where = f"{ctx.name(grid_action[1])} is empty"
        plan_words = f" and no {plan.table.row_label} is for this group" if plan else ""
        yield Finding(
            "impact-without-action",
            "error",
            key,
            f"{lead}, but {where}{plan_words}.",
            "Say what will be done to reduce the harm, or why it is justified. Put each "
            "action in the action plan.",
        )


def engagement_recorded(ctx: Context) -> Iterator[Finding]:
    """At a weighting above the lowest: `no-engagement` when nobody is recorded as asked,
    `engagement-changes-missing` when nothing says what the engagement changed (Gunning:
    what people say must be taken into account, and be seen to be)."""
    weighting = _weighting(ctx)
    if weighting is None or weighting[0] == weighting[1][-1]:
        return
    asked = [found for ref in ctx.q.roles.engagement if (found := _asked(ctx, ref))]
    if asked and not any(is_answered(found.value) for found in asked):
        first = asked[0]
        yield Finding(
            "no-engagement",
            "error",
            first.key,
            f"{ctx.name(first.question)} is empty, and the weighting is "
            f'"{_level_words(ctx, weighting[0])}".',
            "Say who you asked about this work and how: the people affected, staff or local "
            "groups. Say what they told you.",
        )
    changes = _asked(ctx, ctx.q.roles.engagement_changes)
    if changes is not None and not is_answered(changes.value):
        yield Finding(
            "engagement-changes-missing",
            "error",
            changes.key,
            f"{ctx.name(changes.question)} is empty, so nothing shows that what people said "
            "was taken into account.",
            "Name each change made after you asked people. If nothing changed, say why.",
        )


def _level_words(ctx: Context, level: str) -> str:
    rated = ctx.rating()
    return ctx.level_words(rated[1], level) if rated else level


def alternatives_recorded(ctx: Context) -> Iterator[Finding]:
    """`no-alternatives`: the weighting is the highest and no other way of doing it is
    recorded (Brown: due regard with rigour and an open mind)."""
    weighting = _weighting(ctx)
    if weighting is None or weighting[0] != weighting[1][0]:
        return
    found = _asked(ctx, ctx.q.roles.alternatives)
    if found is None or is_answered(found.value):
        return
    yield Finding(
        "no-alternatives",
        "error",
        found.key,
        f'The weighting is "{_level_words(ctx, weighting[0])}", and '
        f"{ctx.name(found.question)} is empty.",
        "Describe the other ways you looked at, and how each would affect people. Say why "
        "you chose this one.",
    )


def negatively_affected(ctx: Context) -> list[str]:
    """The labels of the characteristics whose negative impact (`roles.impact`) makes the
    weighting rules suggest more than the lowest weighting: medium or high, or unknown, in
    kcc-eqia. A low impact does not count, as it does not in the weighting."""
    serious = _serious(ctx)
    if serious is None:
        return []
    grid, question, values, _ = serious
    return [
        c.label
        for c in ctx.q.characteristics
        if ctx.a.row(grid.id, c.id).get(question.id) in values
    ]


def combined_effects(ctx: Context) -> Iterator[Finding]:
    """When two or more characteristics have a negative impact that counts in the weighting
    (see `negatively_affected`): `intersection-not-considered`
    (people in more than one of those groups) and `cumulative-not-considered` (other recent
    changes that affect the same people)."""
    affected = negatively_affected(ctx)
    if len(affected) < 2:
        return
    groups = english_list(affected)
    for finding_id, ref, why, fix in (
        (
            "intersection-not-considered",
            ctx.q.roles.intersection,
            "some people belong to more than one of these groups",
            "Say how the effects could add up for people in more than one of these groups, "
            "such as older disabled people.",
        ),
        (
            "cumulative-not-considered",
            ctx.q.roles.cumulative,
            "other changes may hit the same people",
            "Name other recent cuts or changes that affect the same groups, and say how the "
            "effects could add up.",
        ),
    ):
        found = _asked(ctx, ref)
        if found is None or is_answered(found.value):
            continue
        yield Finding(
            finding_id,
            "error",
            found.key,
            f"{groups} could all be worse off, and {ctx.name(found.question)} is empty: {why}.",
            fix,
        )


def measures_named(ctx: Context) -> Iterator[Finding]:
    """`no-monitoring-measures`: monitoring does not say what will be measured (Brown: the
    duty goes on after the decision). The review date has its own checks."""
    found = _asked(ctx, ctx.q.roles.monitoring_measures)
    if found is None or is_answered(found.value):
        return
    yield Finding(
        "no-monitoring-measures",
        "error",
        found.key,
        f"{ctx.name(found.question)} is empty, so nobody will know whether the harm found "
        "comes about, or grows.",
        "Name what you will count or ask, for each group: for example complaints, take-up "
        "or waiting times, split by group.",
    )


def legal_tests(ctx: Context) -> list[Finding]:
    """Every legal test, in the order docs/checks.md lists them."""
    return [
        *decision_maker_named(ctx),
        *decision_after_assessment(ctx),
        *general_duty_aims(ctx),
        *impacts_followed_up(ctx),
        *engagement_recorded(ctx),
        *alternatives_recorded(ctx),
        *combined_effects(ctx),
        *measures_named(ctx),
    ]
