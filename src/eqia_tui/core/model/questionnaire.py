"""Questionnaires are data: the pydantic models that read and check a questionnaire file.

A questionnaire says what is asked (sections of questions, some asked once per
characteristic), in which words, with which help, and how the suggested weighting
is worked out. Conditions and rules use a small fixed vocabulary checked here at
load time; nothing in a questionnaire is ever run as code.
"""

from __future__ import annotations

import string
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Literal, TypeAlias

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
    field_validator,
    model_validator,
)

from eqia_tui.core.disk.files import read_toml
from eqia_tui.core.text.problems import BadInput, Problem, described, format_key, quoted_list, shown

ID_PATTERN = r"^[a-z][a-z0-9_]*$"
VALUE_PATTERN = r"^[a-z0-9][a-z0-9_-]*$"
QUESTIONNAIRE_ID_PATTERN = r"^[a-z0-9][a-z0-9-]*$"
CONDITION_REF_PATTERN = r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)?$"
"""A question id, or `section.question` for a question in an earlier section."""
SECTION_QUESTION_PATTERN = r"^[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*$"

Id = Annotated[str, StringConstraints(pattern=ID_PATTERN, max_length=64)]
"""Ids of sections, questions, characteristics and scales: they are TOML keys in answer files."""

Value = Annotated[str, StringConstraints(pattern=VALUE_PATTERN, max_length=64)]
"""Stored values of choices, such as `medium` or `full-assessment`."""

QuestionnaireId = Annotated[str, StringConstraints(pattern=QUESTIONNAIRE_ID_PATTERN, max_length=64)]
Text = Annotated[str, StringConstraints(min_length=1, strip_whitespace=True)]

ALL = "all"
"""In a characteristics answer, stands for every characteristic."""

REASON_FIELDS = frozenset({"matched", "characteristics", "count"})
HEADER_KEYS = (
    "format",
    "format_version",
    "id",
    "questionnaire",
    "questionnaire_version",
    "created",
    "updated",
    "resume_at",
)
"""The assessment file's own keys, before the sections (see docs/format.md)."""
TRAILER_KEYS = ("history", "signed", "set_aside")
DERIVED_KEYS = ("computed",)
"""Written by exports; ignored on reading, because it is worked out again from the answers."""
RESERVED_SECTION_IDS = frozenset(HEADER_KEYS + TRAILER_KEYS + DERIVED_KEYS)
"""Top-level keys of the assessment file: a section cannot use them as its id."""


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)


class Condition(_Model):
    """One test on an earlier answer. Exactly one of `equals`, `in`, `at_least`, `answered`.

    `question` is a question id in the same section (or the same characteristic's
    row of a grid), or `section.question` for a question in an earlier section.
    """

    question: str = Field(pattern=CONDITION_REF_PATTERN)
    equals: bool | str | None = None
    in_: list[str] | None = Field(default=None, alias="in")
    at_least: str | None = None
    answered: bool | None = None

    @model_validator(mode="after")
    def _one_test(self) -> Condition:
        given = [
            name
            for name, value in (
                ("equals", self.equals),
                ("in", self.in_),
                ("at_least", self.at_least),
                ("answered", self.answered),
            )
            if value is not None
        ]
        if len(given) != 1:
            raise ValueError(
                "a condition needs exactly one of equals, in, at_least or answered"
                + (f" (found {', '.join(given)})" if given else "")
            )
        return self

    def describe(self) -> str:
        if self.equals is not None:
            shown = "yes" if self.equals is True else "no" if self.equals is False else self.equals
            return f"{self.question} is {shown}"
        if self.in_ is not None:
            return f"{self.question} is one of {', '.join(self.in_)}"
        if self.at_least is not None:
            return f"{self.question} is at least {self.at_least}"
        return f"{self.question} is {'answered' if self.answered else 'not answered'}"


def _as_conditions(value: Any) -> Any:
    """Accept one condition table or a list of them (all must hold)."""
    if value is None:
        return ()
    if isinstance(value, dict):
        return (value,)
    if isinstance(value, list):
        return tuple(value)
    return value


Conditions: TypeAlias = tuple[Condition, ...]


class Option(_Model):
    value: Value
    label: Text
    help: str = ""
    counts_as: Value | None = None
    """For rules and conditions, this option counts as another one (unknown counts as medium)."""


class Scale(_Model):
    """Ordered options, listed from the highest level to the lowest."""

    label: Text
    options: list[Option] = Field(min_length=1)

    def values(self) -> list[str]:
        return [o.value for o in self.options]

    def option(self, value: str) -> Option | None:
        return next((o for o in self.options if o.value == value), None)

    def rank(self, value: str) -> int | None:
        """Higher is more. Options that count as another take that one's rank."""
        option = self.option(value)
        if option is None:
            return None
        target = option.counts_as or option.value
        ranked = [o.value for o in self.options if o.counts_as is None]
        if target not in ranked:
            return None
        return len(ranked) - ranked.index(target)


class _QuestionBase(_Model):
    id: Id
    label: Text
    help: Text
    short_label: str = ""
    """A few words for table headings and the summary."""
    required: bool = False
    required_when: Conditions = ()
    ask_when: Conditions = ()
    placeholder: str = ""

    _coerce_required_when = field_validator("required_when", "ask_when", mode="before")(
        _as_conditions
    )

    @property
    def title(self) -> str:
        return self.short_label or self.label


class TextQuestion(_QuestionBase):
    type: Literal["text"]
    max_length: int | None = Field(default=None, gt=0)


class LongTextQuestion(_QuestionBase):
    type: Literal["long_text"]


class YesNoQuestion(_QuestionBase):
    type: Literal["yes_no"]
    yes_label: Text = "Yes"
    no_label: Text = "No"


class ChoiceQuestion(_QuestionBase):
    """Pick one: from a named scale, or from options written inline."""

    type: Literal["choice"]
    scale: Id | None = None
    options: list[Option] | None = None

    @model_validator(mode="after")
    def _scale_or_options(self) -> ChoiceQuestion:
        if (self.scale is None) == (self.options is None):
            raise ValueError("a choice question needs either scale or options, not both")
        return self


class DateQuestion(_QuestionBase):
    type: Literal["date"]


class CharacteristicsQuestion(_QuestionBase):
    """Pick some of the questionnaire's characteristics, or all of them."""

    type: Literal["characteristics"]


ColumnQuestion = Annotated[
    TextQuestion
    | LongTextQuestion
    | YesNoQuestion
    | ChoiceQuestion
    | DateQuestion
    | CharacteristicsQuestion,
    Field(discriminator="type"),
]


class TableQuestion(_QuestionBase):
    """Rows of answers, such as the actions of an action plan."""

    type: Literal["table"]
    row_label: Text = "row"
    columns: list[ColumnQuestion] = Field(min_length=1)


Question = Annotated[
    TextQuestion
    | LongTextQuestion
    | YesNoQuestion
    | ChoiceQuestion
    | DateQuestion
    | CharacteristicsQuestion
    | TableQuestion,
    Field(discriminator="type"),
]
AnyQuestion: TypeAlias = (
    TextQuestion
    | LongTextQuestion
    | YesNoQuestion
    | ChoiceQuestion
    | DateQuestion
    | CharacteristicsQuestion
    | TableQuestion
)
QUESTION_TYPES = ("text", "long_text", "yes_no", "choice", "date", "characteristics", "table")


class Characteristic(_Model):
    id: Id
    label: Text
    help: Text


class Section(_Model):
    id: Id
    title: Text
    intro: str = ""
    """Shown at the top of the step, before the questions."""
    per_characteristic: bool = False
    """Ask these questions once for each characteristic (a grid)."""
    ask_when: Conditions = ()
    questions: list[Question] = Field(min_length=1)

    _coerce_ask_when = field_validator("ask_when", mode="before")(_as_conditions)

    def question(self, question_id: str) -> AnyQuestion | None:
        return next((q for q in self.questions if q.id == question_id), None)


class Rule(_Model):
    """If at least `min_count` characteristics meet every condition, suggest `level`."""

    id: Id
    level: Value
    when: Conditions = Field(min_length=1)
    min_count: int = Field(default=1, ge=1)
    reason: Text
    """May use {matched} (labels with the answers), {characteristics} (labels) and {count}."""

    _coerce_when = field_validator("when", mode="before")(_as_conditions)


class Weighting(_Model):
    """How the suggested weighting and judgement are worked out from a grid."""

    grid: Id
    """The per-characteristic section the rules look at."""
    scale: Id
    """The scale of weighting levels (low, medium, high)."""
    needs: list[Id] = Field(min_length=1)
    """Grid questions every characteristic must answer before the suggestion is complete."""
    rules: list[Rule] = Field(min_length=1)
    otherwise: Value
    otherwise_reason: Text
    rating_question: str = Field(pattern=SECTION_QUESTION_PATTERN)
    """Where the officer records their own weighting, as `section.question`."""
    reasons_question: str | None = Field(default=None, pattern=SECTION_QUESTION_PATTERN)
    """Where the officer explains their weighting: needed when it differs from the suggestion."""
    judgement_question: str = Field(pattern=SECTION_QUESTION_PATTERN)
    """Where the officer records their judgement, as `section.question`."""
    judgement_for: dict[str, Value]
    """The judgement suggested for each weighting level."""


ACRONYM_PATTERN = r"^[A-Za-z][A-Za-z0-9&]{1,11}$"
Acronym = Annotated[str, StringConstraints(pattern=ACRONYM_PATTERN)]


class ActionPlanRoles(_Model):
    """Which table is the action plan, and what its columns mean."""

    table: str = Field(pattern=SECTION_QUESTION_PATTERN)
    """The table question, as `section.question`, outside any grid."""
    characteristics: Id | None = None
    """The column naming the groups an action is for (a characteristics column)."""
    issue: Id | None = None
    """The column for the issue an action deals with (text)."""
    action: Id | None = None
    """The column for what will be done (text)."""
    due: Id | None = None
    """The column for the date an action is due (a date), for reminders."""


class Roles(_Model):
    """What the questions mean to the tool. Checks, reminders, suggested actions and the
    spreadsheet export find their questions here, never by guessing from ids."""

    action_plan: ActionPlanRoles | None = None
    review_date: str | None = Field(default=None, pattern=SECTION_QUESTION_PATTERN)
    """The date the assessment is next reviewed, as `section.question`, outside any grid."""
    impact: str | None = Field(default=None, pattern=SECTION_QUESTION_PATTERN)
    """The grid question on a scale that suggested actions come from, as `grid.question`."""
    internal_action: str | None = Field(default=None, pattern=SECTION_QUESTION_PATTERN)
    """The grid question where internal action is written, as `grid.question`."""
    internal_action_judgement: Value | None = None
    """The option of the judgement question that means internal action is needed."""
    sign_off: list[Annotated[str, StringConstraints(pattern=SECTION_QUESTION_PATTERN)]] = Field(
        default_factory=list
    )
    """The questions that record who agreed the assessment, as `section.question`."""
    acronyms: dict[Acronym, Text] = Field(default_factory=dict)
    """Short forms readers may not know, with what they stand for. The plain-English check
    asks for each to be explained once. Added to the general list."""
    plain_words: list[Acronym] = Field(default_factory=list)
    """Short forms the plain-English check accepts without explanation."""


ROLE_USES: dict[str, str] = {
    "action_plan": "no suggested actions, no action checks, no due dates for actions "
    "and no spreadsheet export",
    "review_date": "no review reminders and no review date check",
    "impact": "no actions suggested from the screening",
    "internal_action": "the suggested judgement does not look for internal action "
    "written in the grid",
    "internal_action_judgement": "the suggested judgement does not look for internal action "
    "written in the grid, and choosing the lightest judgement with actions written is not "
    "checked",
    "sign_off": "exports and the drafts list cannot say whether the sign-off answers are given",
}
"""What is lost when a questionnaire leaves out a role (for `eqia questionnaire check`)."""


class Questionnaire(_Model):
    id: QuestionnaireId
    version: Text
    title: Text
    area: Text
    """The place the wording speaks of, as in "less favourably than others in Kent"."""
    description: str = ""
    scales: dict[Id, Scale] = Field(default_factory=dict)
    characteristics: list[Characteristic] = Field(default_factory=list)
    sections: list[Section] = Field(min_length=1)
    weighting: Weighting | None = None
    roles: Roles = Field(default_factory=Roles)

    # Set by the loader: where the questionnaire came from.
    source: str = Field(default="", exclude=True)

    def section(self, section_id: str) -> Section | None:
        return next((s for s in self.sections if s.id == section_id), None)

    def words(self, text: str) -> str:
        """Question wording with the questionnaire's place filled in for {area}."""
        return text.replace("{area}", self.area)

    def characteristic(self, characteristic_id: str) -> Characteristic | None:
        return next((c for c in self.characteristics if c.id == characteristic_id), None)

    def grids(self) -> list[Section]:
        return [s for s in self.sections if s.per_characteristic]

    def resolve(self, ref: str) -> tuple[Section, AnyQuestion] | None:
        """Find `section.question`."""
        section_id, _, question_id = ref.partition(".")
        section = self.section(section_id)
        if section is None:
            return None
        question = section.question(question_id)
        return None if question is None else (section, question)

    def options_for(self, question: ChoiceQuestion) -> list[Option]:
        if question.options is not None:
            return question.options
        scale = self.scales.get(question.scale or "")
        return scale.options if scale else []

    def scale_for(self, question: AnyQuestion) -> Scale | None:
        if isinstance(question, ChoiceQuestion) and question.scale:
            return self.scales.get(question.scale)
        return None

    def label_of(self, question: AnyQuestion, value: Any) -> str:
        """The words for an answer, as the officer saw them."""
        if isinstance(question, ChoiceQuestion):
            option = next((o for o in self.options_for(question) if o.value == value), None)
            return option.label if option else str(value)
        if isinstance(question, YesNoQuestion):
            return question.yes_label if value else question.no_label
        if isinstance(question, CharacteristicsQuestion):
            if value == ALL or value == [ALL]:
                return "All"
            labels = []
            for cid in value if isinstance(value, list) else [value]:
                c = self.characteristic(cid)
                labels.append(c.label if c else cid)
            return ", ".join(labels)
        if hasattr(value, "strftime"):
            return str(value.strftime("%d/%m/%Y"))
        return str(value)


# --- Checks that need the whole questionnaire -------------------------------------------------


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
    section_ids = {s.id for s in q.sections}
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

    def check_conditions(
        conditions: Conditions, where: list[str | int], scope: _Scope, own_id: str = ""
    ) -> None:
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
        _check_weighting(q, q.weighting, section_ids, problem)
    _check_roles(q, q.roles, problem)
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


def _check_weighting(q: Questionnaire, w: Weighting, section_ids: set[str], problem: Any) -> None:
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


def _check_roles(q: Questionnaire, r: Roles, problem: Any) -> None:
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
    for index, word in enumerate(r.plain_words):
        if word in r.acronyms:
            problem(
                [*base, "plain_words", index],
                f'"{word}" is also in roles.acronyms; keep it in one of them',
            )


# --- Loading -----------------------------------------------------------------------------------


def validation_problems(error: ValidationError, data: Any, file: str) -> list[Problem]:
    """Turn pydantic's errors into one plain line each, with the key path as written in TOML."""
    found: dict[str, list[tuple[list[str | int], Any]]] = {}
    for item in error.errors():
        if _is_echo(item):
            continue
        parts, _ = file_key_path(item["loc"], data, _is_question_tag)
        found.setdefault(format_key(parts), []).append((parts, item))
    problems = []
    for key, items in found.items():
        problems.append(Problem(file, key, _merged_message(items)))
    return problems


_MISSING = object()
"""Where the key path has left the data the file holds."""

_BRANCH_NAMES = frozenset(
    {"literal", "str", "bool", "int", "float", "date", "datetime", "list", "tuple", "dict"}
)
"""Names pydantic gives the branches of a union such as `bool | str`."""

TagTest: TypeAlias = Callable[[list[str | int], Any, str], bool]


def file_key_path(
    loc: tuple[str | int, ...], data: Any, is_tag: TagTest | None = None
) -> tuple[list[str | int], int | None]:
    """A pydantic error's key path as written in the file, without the parts pydantic adds.

    pydantic names the branch of a union it tried: `bool` or `str` after the value of a
    `bool | str` field, `list[...]` or `literal[...]` for other unions, `[key]` for a bad
    dict key, and, via `is_tag`, tags such as a question's type. These are told apart
    from keys by where they stand in the data, never by their name alone: a key named
    `characteristics` or `date` stays in the path.

    Returns the path and how many of its parts come before the first union branch
    dropped (None when pydantic named no branch).
    """
    parts: list[str | int] = []
    branch_at: int | None = None
    node: Any = data
    for index, part in enumerate(loc):
        last = index == len(loc) - 1
        if isinstance(part, int):
            if isinstance(node, dict):
                # A single table written where a list of them is allowed (one condition):
                # the file has no list to index.
                continue
            parts.append(part)
            node = node[part] if isinstance(node, list) and -len(node) <= part < len(node) else None
            continue
        after_index = index > 0 and isinstance(loc[index - 1], int)
        keep = True
        if part == "[key]" or (after_index and is_tag is not None and is_tag(parts, node, part)):
            keep = False
        elif isinstance(node, dict):
            # A key of this table, or one missing from it (the last part); else a branch.
            keep = part in node or last
        elif node is _MISSING or node is None:
            # Off the file's data: fall back to the names of pydantic's markers.
            keep = not (part in _BRANCH_NAMES or part.startswith("function-") or "[" in part)
        else:
            # A text, number or list has no keys: this is the name of a branch.
            keep = False
        if keep:
            parts.append(part)
            node = node.get(part, _MISSING) if isinstance(node, dict) else _MISSING
        elif branch_at is None and part != "[key]":
            branch_at = len(parts)
    return parts, branch_at


def _is_question_tag(parts: list[str | int], node: Any, part: str) -> bool:
    """True for the type tag pydantic puts right after the index of a question or a column."""
    if part not in QUESTION_TYPES or len(parts) < 4 or not isinstance(parts[-1], int):
        return False
    container, owner = parts[-2], parts[-4]
    in_place = (container, owner) in {("questions", "sections"), ("columns", "questions")}
    return in_place and (not isinstance(node, dict) or node.get("type") == part)


def _is_echo(item: Any) -> bool:
    """pydantic also says a list is too short when one of its items failed: skip that."""
    if item["type"] != "too_short":
        return False
    given = item.get("input")
    wanted = item.get("ctx", {}).get("min_length", 0)
    return isinstance(given, list | tuple | dict) and len(given) >= wanted


_TYPE_WORDS = {
    "string_type": "text in quotes",
    "bool_type": "true or false",
    "bool_parsing": "true or false",
    "int_type": "a whole number",
    "int_parsing": "a whole number",
    "list_type": "a list",
    "tuple_type": "a table or a list of tables",
    "dict_type": "a table",
    "model_type": "a table",
    "model_attributes_type": "a table",
}


def _merged_message(items: list[tuple[list[str | int], Any]]) -> str:
    """One line for one key path: the branches of a union that all refused a value merge."""
    if len(items) > 1 and all(item["type"] in _TYPE_WORDS for _, item in items):
        wanted: list[str] = []
        for _, item in items:
            if _TYPE_WORDS[item["type"]] not in wanted:
                wanted.append(_TYPE_WORDS[item["type"]])
        given = items[0][1]["input"]
        return f"must be {', or '.join(wanted)}, not {described(given)}"
    messages: list[str] = []
    for parts, item in items:
        message = _plain_message(item, parts)
        if message not in messages:
            messages.append(message)
    return "; ".join(messages)


_COLUMN_TYPES = tuple(t for t in QUESTION_TYPES if t != "table")

_PATTERN_WORDS = {
    ID_PATTERN: "is not a valid id: use lower-case letters, digits and underscores, "
    "starting with a letter",
    VALUE_PATTERN: "is not a valid value: use lower-case letters, digits, hyphens and "
    "underscores, starting with a letter or digit",
    QUESTIONNAIRE_ID_PATTERN: "is not a valid questionnaire id: use lower-case letters, "
    "digits and hyphens, starting with a letter or digit",
    CONDITION_REF_PATTERN: "is not a question id or section.question: write a question id "
    'such as "rating", or section.question such as "proportionality.rating"',
    SECTION_QUESTION_PATTERN: "must be written as section.question, "
    'such as "proportionality.rating"',
}


def _plain_message(item: Any, parts: list[str | int]) -> str:
    kind = item["type"]
    ctx = item.get("ctx", {})
    is_column = len(parts) >= 2 and parts[-2] == "columns"
    types = _COLUMN_TYPES if is_column else QUESTION_TYPES
    what = "column" if is_column else "question"
    if kind == "extra_forbidden":
        return "unknown key (check the spelling; see docs/questionnaires.md for the keys allowed)"
    if kind == "missing":
        return "is required but missing"
    if kind == "union_tag_invalid":
        return f'unknown {what} type "{ctx.get("tag")}"; allowed: {quoted_list(types)}'
    if kind == "union_tag_not_found":
        return f"needs a type; allowed: {quoted_list(types)}"
    if kind == "string_pattern_mismatch":
        words = _PATTERN_WORDS.get(
            str(ctx.get("pattern")), f"does not have the form {ctx.get('pattern')}"
        )
        return f"{shown(item['input'])} {words}"
    if kind == "string_too_short":
        return "must not be empty"
    if kind == "string_too_long":
        return f"is too long: at most {ctx.get('max_length')} characters"
    if kind in _TYPE_WORDS:
        return f"must be {_TYPE_WORDS[kind]}, not {described(item['input'])}"
    if kind == "too_short":
        return "must not be empty"
    if kind == "greater_than":
        return f"must be more than {ctx.get('gt')}"
    if kind == "greater_than_equal":
        return f"must be {ctx.get('ge')} or more"
    if kind == "literal_error":
        return f"must be {str(ctx.get('expected', '')).replace(chr(39), chr(34))}"
    message = str(item["msg"])
    return message.removeprefix("Value error, ")


def load_questionnaire_data(data: dict[str, Any], file: str) -> Questionnaire:
    try:
        questionnaire = Questionnaire.model_validate(data)
    except ValidationError as error:
        raise BadInput(validation_problems(error, data, file)) from None
    problems = semantic_problems(questionnaire, file)
    if problems:
        raise BadInput(problems)
    return questionnaire.model_copy(update={"source": file})


def load_questionnaire_file(path: Path) -> Questionnaire:
    return load_questionnaire_data(read_toml(path), str(path))
