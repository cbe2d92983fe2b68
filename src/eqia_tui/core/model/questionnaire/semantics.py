"""What a questionnaire's models cannot check alone: every id unique, every reference
resolved, every condition and rule meaningful for the question it tests, every role given
pointing at a question that can play it.

Each problem comes back with its key path in the file, like pydantic's own.
"""

from __future__ import annotations

import string
from dataclasses import dataclass
from typing import Any

from eqia_tui.core.model.questionnaire.models import (
    RESERVED_SECTION_IDS,
    AnyQuestion,
    CharacteristicsQuestion,
    ChoiceQuestion,
    Condition,
    Conditions,
    Questionnaire,
    Section,
    TableQuestion,
    Weighting,
    YesNoQuestion,
)
from eqia_tui.core.model.questionnaire.role_checks import check_roles
from eqia_tui.core.text.problems import Problem, Report, format_key, quoted_list

REASON_FIELDS = frozenset({"matched", "characteristics", "count"})
"""The placeholders a rule's reason may use."""


@dataclass(frozen=True)
class _Scope:
    """What a condition may refer to at one point of the questionnaire."""

    local: dict[str, AnyQuestion]
    earlier_sections: dict[str, Section]


def reason_problems(text: str) -> list[str]:
    """What is wrong with the placeholders of a rule's reason; empty when it can be filled in.

    A reason may use {matched}, {characteristics} and {count}, each written just so: no
    conversion such as {matched!r}, no format such as {count:d}, no index or attribute.
    Doubled braces, {{ and }}, stand for a brace.
    """
    allowed = (
        "braces may only wrap {matched}, {characteristics} or {count}; write {{ or }} for a brace"
    )
    try:
        parsed = list(string.Formatter().parse(text))
    except ValueError:
        return [f"has a {{ or }} that does not close; {allowed}"]
    problems: list[str] = []
    for _, field, spec, conversion in parsed:
        if field is None:
            continue
        written = (
            "{"
            + field
            + (f"!{conversion}" if conversion else "")
            + (f":{spec}" if spec else "")
            + "}"
        )
        if field not in REASON_FIELDS:
            problems.append(
                f"{written} is not known; use {{matched}}, {{characteristics}} or {{count}}"
                if field
                else f"{written} is empty; use {{matched}}, {{characteristics}} or {{count}}"
            )
        elif conversion or spec:
            problems.append(f"{written} has more than a name inside the braces; write {{{field}}}")
    return problems


def semantic_problems(q: Questionnaire, file: str) -> list[Problem]:
    """Every reference resolved, every id unique, every condition meaningful."""
    problems: list[Problem] = []

    def problem(parts: list[str | int], message: str) -> None:
        problems.append(Problem(file, format_key(parts), message))

    def unique(items: list[Any], where: list[str | int], what: str) -> None:
        seen: set[str] = set()
        for index, item in enumerate(items):
            if item.id in seen:
                problem([*where, index, "id"], f'{what} id "{item.id}" is used twice')
            seen.add(item.id)

    unique(q.characteristics, ["characteristics"], "characteristic")
    unique(q.sections, ["sections"], "section")
    for index, section in enumerate(q.sections):
        if section.id in RESERVED_SECTION_IDS:
            problem(
                ["sections", index, "id"],
                f'"{section.id}" is a key of the assessment file itself; choose another section id',
            )

    for name, scale in q.scales.items():
        values = scale.values()
        for index, option in enumerate(scale.options):
            if values.count(option.value) > 1 and values.index(option.value) != index:
                problem(["scales", name, "options", index, "value"], "used twice in this scale")
            if option.counts_as is not None:
                target = scale.option(option.counts_as)
                if target is None or target.counts_as is not None:
                    allowed = [o.value for o in scale.options if o.counts_as is None]
                    problem(
                        ["scales", name, "options", index, "counts_as"],
                        f'"{option.counts_as}" is not a level of this scale; '
                        f"allowed: {quoted_list(allowed)}",
                    )

    def check_choice(question: AnyQuestion, where: list[str | int]) -> None:
        if isinstance(question, ChoiceQuestion):
            if question.scale is not None and question.scale not in q.scales:
                problem(
                    [*where, "scale"],
                    f'no scale "{question.scale}"; defined: {quoted_list(q.scales) or "none"}',
                )
            if question.options is not None:
                values = [o.value for o in question.options]
                for i, v in enumerate(values):
                    if values.index(v) != i:
                        problem([*where, "options", i, "value"], "used twice in these options")
        if isinstance(question, CharacteristicsQuestion) and not q.characteristics:
            problem([*where, "type"], "the questionnaire lists no characteristics to choose from")

    def check_conditions(conditions: Conditions, where: list[str | int], scope: _Scope) -> None:
        for index, condition in enumerate(conditions):
            path = [*where, index] if len(conditions) > 1 else where
            target = _find(condition.question, scope)
            if target is None:
                problem(
                    [*path, "question"],
                    f'"{condition.question}" is not a question asked before this one',
                )
                continue
            problem_text = _condition_fits(q, condition, target)
            if problem_text:
                problem(path, problem_text)

    for s_index, section in enumerate(q.sections):
        s_where: list[str | int] = ["sections", s_index]
        if section.per_characteristic and not q.characteristics:
            problem([*s_where, "per_characteristic"], "the questionnaire lists no characteristics")
        earlier = {s.id: s for s in q.sections[:s_index]}
        check_conditions(section.ask_when, [*s_where, "ask_when"], _Scope({}, earlier))
        unique(section.questions, [*s_where, "questions"], "question")
        local: dict[str, AnyQuestion] = {}
        for q_index, question in enumerate(section.questions):
            where: list[str | int] = [*s_where, "questions", q_index]
            scope = _Scope(dict(local), earlier)
            check_conditions(question.ask_when, [*where, "ask_when"], scope)
            check_conditions(question.required_when, [*where, "required_when"], scope)
            check_choice(question, where)
            if isinstance(question, TableQuestion):
                unique(question.columns, [*where, "columns"], "column")
                columns: dict[str, AnyQuestion] = {}
                for c_index, column in enumerate(question.columns):
                    c_where: list[str | int] = [*where, "columns", c_index]
                    c_scope = _Scope(dict(columns), {})
                    check_conditions(column.ask_when, [*c_where, "ask_when"], c_scope)
                    check_conditions(column.required_when, [*c_where, "required_when"], c_scope)
                    check_choice(column, c_where)
                    columns[column.id] = column
            local[question.id] = question

    if q.weighting is not None:
        _check_weighting(q, q.weighting, problem)
    check_roles(q, q.roles, problem)
    return problems


def _find(ref: str, scope: _Scope) -> AnyQuestion | None:
    if "." in ref:
        section_id, _, question_id = ref.partition(".")
        section = scope.earlier_sections.get(section_id)
        if section is None or section.per_characteristic:
            return None
        return section.question(question_id)
    return scope.local.get(ref)


def _condition_fits(q: Questionnaire, condition: Condition, target: AnyQuestion) -> str:
    """Empty when the test makes sense for the question it looks at; else what is wrong."""
    if isinstance(target, TableQuestion) and condition.answered is None:
        return f'"{condition.question}" is a table: only "answered" can test it'
    if condition.equals is not None:
        if isinstance(target, YesNoQuestion):
            if not isinstance(condition.equals, bool):
                return f'"{condition.question}" is a yes/no question: equals must be true or false'
            return ""
        if isinstance(condition.equals, bool):
            return f'"{condition.question}" is not a yes/no question: equals needs a value'
    values: list[str] = []
    if isinstance(target, ChoiceQuestion):
        values = [o.value for o in q.options_for(target)]
        wanted = [condition.equals] if isinstance(condition.equals, str) else []
        wanted += condition.in_ or []
        wanted += [condition.at_least] if condition.at_least else []
        for value in wanted:
            if value not in values:
                return f'"{value}" is not an option of "{condition.question}"; allowed: ' + (
                    quoted_list(values)
                )
    if condition.at_least is not None:
        if not (isinstance(target, ChoiceQuestion) and target.scale):
            return f'at_least needs "{condition.question}" to be a choice on a scale'
        scale = q.scales.get(target.scale)
        if scale is not None and scale.rank(condition.at_least) is None:
            return f'"{condition.at_least}" has no level in its scale'
    if condition.in_ is not None and not isinstance(target, ChoiceQuestion):
        return f'"in" needs "{condition.question}" to be a choice question'
    return ""


def _check_weighting(q: Questionnaire, w: Weighting, problem: Report) -> None:
    base: list[str | int] = ["weighting"]
    grid = q.section(w.grid)
    if grid is None or not grid.per_characteristic:
        grids = [s.id for s in q.grids()]
        problem([*base, "grid"], f'"{w.grid}" is not a grid section; grids: {quoted_list(grids)}')
        return
    scale = q.scales.get(w.scale)
    if scale is None:
        problem([*base, "scale"], f'no scale "{w.scale}"; defined: {quoted_list(q.scales)}')
        return
    levels = scale.values()
    for index, need in enumerate(w.needs):
        if grid.question(need) is None:
            problem([*base, "needs", index], f'"{need}" is not a question of "{w.grid}"')
    if w.otherwise not in levels:
        problem(
            [*base, "otherwise"], f'"{w.otherwise}" is not a level; allowed: {quoted_list(levels)}'
        )
    scope = _Scope({qq.id: qq for qq in grid.questions}, {})
    for r_index, rule in enumerate(w.rules):
        where: list[str | int] = [*base, "rules", r_index]
        if rule.level not in levels:
            problem(
                [*where, "level"], f'"{rule.level}" is not a level; allowed: {quoted_list(levels)}'
            )
        for c_index, condition in enumerate(rule.when):
            target = _find(condition.question, scope)
            if target is None:
                problem(
                    [*where, "when", c_index, "question"],
                    f'"{condition.question}" is not a question of "{w.grid}"',
                )
                continue
            text = _condition_fits(q, condition, target)
            if text:
                problem([*where, "when", c_index], text)
        for text in reason_problems(rule.reason):
            problem([*where, "reason"], text)
    for key, ref in (
        ("rating_question", w.rating_question),
        ("judgement_question", w.judgement_question),
    ):
        found = q.resolve(ref)
        if found is None or found[0].per_characteristic:
            problem(
                [*base, key], f'"{ref}" is not a question of a section (write section.question)'
            )
            continue
        if not isinstance(found[1], ChoiceQuestion):
            problem([*base, key], f'"{ref}" must be a choice question')
    rating = q.resolve(w.rating_question)
    if rating and isinstance(rating[1], ChoiceQuestion) and rating[1].scale != w.scale:
        problem([*base, "rating_question"], f'"{w.rating_question}" must use the scale "{w.scale}"')
    judgement = q.resolve(w.judgement_question)
    options = (
        [o.value for o in q.options_for(judgement[1])]
        if judgement and isinstance(judgement[1], ChoiceQuestion)
        else []
    )
    for level in levels:
        if level not in w.judgement_for:
            problem([*base, "judgement_for"], f'no judgement given for the level "{level}"')
    for level, option in w.judgement_for.items():
        if level not in levels:
            problem([*base, "judgement_for", level], f"not a level; allowed: {quoted_list(levels)}")
        elif options and option not in options:
            problem(
                [*base, "judgement_for", level],
                f'"{option}" is not an option of "{w.judgement_question}"; allowed: '
                + quoted_list(options),
            )
