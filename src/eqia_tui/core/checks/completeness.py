"""The gaps: answers the assessment needs and does not have. Details after a yes, a
characteristic with no answers, an action plan with no actions or an action without an
owner, and any other required answer still empty."""

from __future__ import annotations

from collections.abc import Iterator

from eqia_tui.core.checks import naming
from eqia_tui.core.checks.context import Context
from eqia_tui.core.checks.findings import Finding
from eqia_tui.core.model.assessment import column_state, missing_answers, question_required
from eqia_tui.core.model.conditions import is_answered
from eqia_tui.core.model.questionnaire import TableQuestion, YesNoQuestion
from eqia_tui.core.model.roles import action_plan


def yes_without_details(ctx: Context) -> Iterator[Finding]:
    """A yes/no answered yes whose follow-up, required after a yes, is empty."""
    for section in ctx.q.sections:
        if not ctx.asked(section):
            continue
        for characteristic, row in ctx.grid_rows(section):
            for question in section.questions:
                if not isinstance(question, YesNoQuestion) or row.get(question.id) is not True:
                    continue
                for follow_up in section.questions:
                    triggered = any(
                        c.question == question.id and c.equals is True
                        for c in follow_up.required_when
                    )
                    if not triggered or is_answered(row.get(follow_up.id)):
                        continue
                    if not question_required(ctx.q, ctx.a, section, follow_up, row):
                        continue
                    who = (
                        f"{naming.characteristic(ctx.q, characteristic)}: "
                        if characteristic
                        else ""
                    )
                    key = ".".join(p for p in (section.id, characteristic, follow_up.id) if p)
                    the_answer = f"{who}the answer" if who else "The answer"
                    yield Finding(
                        "yes-without-details",
                        "error",
                        key,
                        f'{the_answer} to {ctx.name(question)} is "{question.yes_label}", '
                        f"but {ctx.name(follow_up)} is empty.",
                        f'Say why the answer is "{question.yes_label}", or change it to '
                        f'"{question.no_label}" if that is right.',
                    )


def characteristic_not_answered(ctx: Context) -> Iterator[Finding]:
    for section in ctx.q.grids():
        if not ctx.asked(section):
            continue
        for characteristic in ctx.q.characteristics:
            row = ctx.a.row(section.id, characteristic.id)
            if any(is_answered(v) for v in row.values()):
                continue
            where = naming.title_in_text(section.title)
            yield Finding(
                "characteristic-not-answered",
                "error",
                f"{section.id}.{characteristic.id}",
                f"{characteristic.label} has no answers in the {where}.",
                f"Answer the {where} questions for {characteristic.label}. If this group is "
                "not affected, say so: an empty row looks forgotten.",
            )


def no_actions(ctx: Context) -> Iterator[Finding]:
    """Internal action or a full assessment, and nothing in the action plan."""
    weighting, judged, plan = ctx.q.weighting, ctx.judgement(), action_plan(ctx.q)
    levels = ctx.levels()
    if weighting is None or judged is None or plan is None or not levels:
        return
    _, judgement, answer = judged
    section, table = plan.section, plan.table
    if not is_answered(answer) or answer == weighting.judgement_for.get(levels[-1]):
        return
    if not ctx.asked(section) or ctx.rows(section, table):
        return
    noun = table.row_label
    yield Finding(
        "no-actions",
        "error",
        f"{section.id}.{table.id}",
        f'The judgement is "{ctx.level_words(judgement, answer)}", but the '
        f"{naming.title_in_text(section.title)} has no {noun}s.",
        f"Add {naming.article(noun)} {noun} for each issue found, with an owner and a timescale.",
    )


def action_incomplete(ctx: Context) -> Iterator[Finding]:
    """A row of a table (an action) without an answer its table requires, such as an owner."""
    for section in ctx.q.sections:
        if section.per_characteristic or not ctx.asked(section):
            continue
        for table in section.questions:
            if not isinstance(table, TableQuestion):
                continue
            for index, row in enumerate(ctx.rows(section, table)):
                for column in table.columns:
                    if is_answered(row.get(column.id)):
                        continue
                    if not column_state(ctx.q, table, column, row).required:
                        continue
                    yield Finding(
                        "action-incomplete",
                        "error",
                        f"{section.id}.{table.id}[{index}].{column.id}",
                        f"{naming.row_name(table, index, row)} has no {ctx.name(column)}.",
                        naming.how_to_answer(ctx.q, column),
                    )


def required_missing(ctx: Context, already: list[Finding]) -> Iterator[Finding]:
    """Required answers still empty, unless a more specific finding already says so."""
    keys = {f.key for f in already}
    rows = {f.key for f in already if f.id == "characteristic-not-answered"}
    for missing in missing_answers(ctx.q, ctx.a):
        if missing.key in keys:
            continue
        if missing.characteristic and f"{missing.section}.{missing.characteristic}" in rows:
            continue
        found = ctx.q.resolve(f"{missing.section}.{missing.question}")
        if found is None:
            continue
        section, question = found
        who = (
            naming.characteristic(ctx.q, missing.characteristic)
            if missing.characteristic
            else section.title
        )
        yield Finding(
            "required-missing",
            "error",
            missing.key,
            f"{who}: {ctx.name(question)} is not answered.",
            naming.how_to_answer(ctx.q, question),
        )
