"""The roles a questionnaire gives its questions (see `Roles`): each one checked to point at
a question that can play it, and what is lost for each one left out."""

from __future__ import annotations

from eqia_tui.core.model.questionnaire.models import (
    CharacteristicsQuestion,
    ChoiceQuestion,
    DateQuestion,
    LongTextQuestion,
    Questionnaire,
    Roles,
    TableQuestion,
    TextQuestion,
    YesNoQuestion,
)
from eqia_tui.core.text.problems import Report, quoted_list

ROLE_USES: dict[str, str] = {
    "action_plan": "no suggested actions, no action checks, no due dates for actions "
    "and no spreadsheet export",
    "review_date": "no review reminders and no review date check",
    "impact": "no actions suggested from the screening",
    "internal_action": "the suggested judgement does not look at internal action in the grid",
    "internal_action_judgement": "the suggested judgement does not look at internal action in "
    "the grid. The check does not warn when you choose the lightest judgement while actions "
    "are written",
    "sign_off": "exports and the drafts list cannot say whether the sign-off answers are given",
}
"""What is lost when a questionnaire leaves out a role (for `eqia questionnaire check`)."""


def missing_roles(q: Questionnaire) -> list[tuple[str, str]]:
    """(key, what is lost) for each role the questionnaire does not give."""
    r = q.roles
    given = {
        "action_plan": r.action_plan is not None,
        "review_date": r.review_date is not None,
        "impact": r.impact is not None,
        "internal_action": r.internal_action is not None,
        "internal_action_judgement": r.internal_action_judgement is not None,
        "sign_off": bool(r.sign_off),
    }
    return [(f"roles.{name}", ROLE_USES[name]) for name, ok in given.items() if not ok]


def check_roles(q: Questionnaire, r: Roles, problem: Report) -> None:
    base: list[str | int] = ["roles"]

    def outside_grid(key: list[str | int], ref: str, kinds: tuple[type, ...], what: str) -> None:
        found = q.resolve(ref)
        if found is None or found[0].per_characteristic:
            problem(key, f'"{ref}" is not a question of a section outside the grids')
        elif not isinstance(found[1], kinds):
            problem(key, f'"{ref}" must be {what}')

    def in_grid(key: list[str | int], ref: str, kinds: tuple[type, ...], what: str) -> None:
        found = q.resolve(ref)
        if found is None or not found[0].per_characteristic:
            grids = quoted_list([s.id for s in q.grids()]) or "none"
            problem(
                key, f'"{ref}" is not a question of a grid (write grid.question); grids: {grids}'
            )
        elif not isinstance(found[1], kinds):
            problem(key, f'"{ref}" must be {what}')

    plan = r.action_plan
    if plan is not None:
        where: list[str | int] = [*base, "action_plan"]
        found = q.resolve(plan.table)
        if found is None or found[0].per_characteristic or not isinstance(found[1], TableQuestion):
            problem([*where, "table"], f'"{plan.table}" is not a table question outside the grids')
        else:
            table = found[1]
            columns = {c.id: c for c in table.columns}
            for name, column_id, kinds, what in (
                (
                    "characteristics",
                    plan.characteristics,
                    (CharacteristicsQuestion,),
                    "a characteristics column",
                ),
                ("issue", plan.issue, (TextQuestion, LongTextQuestion), "a text column"),
                ("action", plan.action, (TextQuestion, LongTextQuestion), "a text column"),
                ("due", plan.due, (DateQuestion,), "a date column"),
            ):
                if column_id is None:
                    continue
                column = columns.get(column_id)
                if column is None:
                    problem(
                        [*where, name],
                        f'"{column_id}" is not a column of "{plan.table}"; columns: '
                        + quoted_list(list(columns)),
                    )
                elif not isinstance(column, kinds):
                    problem([*where, name], f'"{column_id}" must be {what}')
    if r.review_date is not None:
        outside_grid([*base, "review_date"], r.review_date, (DateQuestion,), "a date question")
    if r.impact is not None:
        in_grid([*base, "impact"], r.impact, (ChoiceQuestion,), "a choice question")
        found = q.resolve(r.impact)
        if found and isinstance(found[1], ChoiceQuestion) and not found[1].scale:
            problem([*base, "impact"], f'"{r.impact}" must be a choice on a scale')
    if r.internal_action is not None:
        in_grid(
            [*base, "internal_action"],
            r.internal_action,
            (TextQuestion, LongTextQuestion),
            "a text question",
        )
    if r.internal_action_judgement is not None:
        key = [*base, "internal_action_judgement"]
        judgement = q.resolve(q.weighting.judgement_question) if q.weighting else None
        if judgement is None or not isinstance(judgement[1], ChoiceQuestion):
            problem(key, "needs a [weighting] table with a judgement question")
        else:
            options = [o.value for o in q.options_for(judgement[1])]
            if r.internal_action_judgement not in options:
                problem(
                    key,
                    f'"{r.internal_action_judgement}" is not an option of '
                    f'"{q.weighting.judgement_question if q.weighting else ""}"; allowed: '
                    + quoted_list(options),
                )
    for index, ref in enumerate(r.sign_off):
        outside_grid(
            [*base, "sign_off", index],
            ref,
            (TextQuestion, LongTextQuestion, DateQuestion, YesNoQuestion, ChoiceQuestion),
            "a question with one answer (not a table)",
        )
    _check_legal_roles(q, r, problem)
    for index, word in enumerate(r.plain_words):
        if word in r.acronyms:
            problem(
                [*base, "plain_words", index],
                f'"{word}" is also in roles.acronyms; keep it in one of them',
            )


_TEXT = (TextQuestion, LongTextQuestion)


def _check_legal_roles(q: Questionnaire, r: Roles, problem: Report) -> None:
    """The roles of the legal tests (see docs/checks.md): each names a question that is there,
    of the right type, and outside the grids unless it may be in one (`evidence`)."""

    def named(
        key: list[str | int], ref: str, kinds: tuple[type, ...], what: str, in_grid: bool = False
    ) -> None:
        found = q.resolve(ref)
        if found is None:
            problem(key, f'"{ref}" is not a question of this questionnaire; write section.question')
        elif found[0].per_characteristic and not in_grid:
            problem(key, f'"{ref}" is in a grid; it must be a question outside the grids')
        elif not isinstance(found[1], kinds):
            problem(key, f'"{ref}" must be {what}')

    text, date_ = "a text question", "a date question"
    for name, ref, kinds, what in (
        ("directorate", r.directorate, _TEXT, text),
        ("owner", r.owner, _TEXT, text),
        ("decision_maker", r.decision_maker, _TEXT, text),
        ("decision_date", r.decision_date, (DateQuestion,), date_),
        ("engagement_changes", r.engagement_changes, _TEXT, text),
        ("alternatives", r.alternatives, _TEXT, text),
        ("intersection", r.intersection, _TEXT, text),
        ("cumulative", r.cumulative, _TEXT, text),
        ("monitoring_measures", r.monitoring_measures, _TEXT, text),
    ):
        if ref is not None:
            named(["roles", name], ref, kinds, what)
    for name, refs, kinds, what in (
        ("assessment_dates", r.assessment_dates, (DateQuestion,), date_),
        ("evidence", r.evidence, _TEXT, text),
        ("engagement", r.engagement, _TEXT, text),
    ):
        for index, ref in enumerate(refs):
            named(["roles", name, index], ref, kinds, what, in_grid=name == "evidence")
    if r.general_duty is not None:
        for aim, ref in r.general_duty.aims():
            named(["roles", "general_duty", aim], ref, _TEXT, text)
