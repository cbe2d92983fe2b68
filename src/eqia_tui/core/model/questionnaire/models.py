"""The questionnaire file's pydantic models: what may be written in each of its tables.

A questionnaire says what is asked (sections of questions, some asked once per
characteristic), in which words, with which help, and how the suggested weighting
is worked out. Conditions and rules use a small fixed vocabulary checked here at
load time; nothing in a questionnaire is ever run as code.

One cohesive thing, a little over 400 lines: one model per table of the file, each with
the few lookups the rest of eqia asks of it (`Questionnaire.resolve`, `Scale.rank`...).
What the models cannot check alone (references between tables) is in `semantics`;
reading a file and wording pydantic's errors is in `loading`.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal, TypeAlias

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    field_validator,
    model_validator,
)

from eqia_tui.core.text import dates

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
TRAILER_KEYS = ("history", "signed", "review_record", "set_aside")
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


AnyColumn: TypeAlias = (
    TextQuestion
    | LongTextQuestion
    | YesNoQuestion
    | ChoiceQuestion
    | DateQuestion
    | CharacteristicsQuestion
)
"""A question that can be a column of a table: any but a table."""
ColumnQuestion = Annotated[AnyColumn, Field(discriminator="type")]


class TableQuestion(_QuestionBase):
    """Rows of answers, such as the actions of an action plan."""

    type: Literal["table"]
    row_label: Text = "row"
    columns: list[ColumnQuestion] = Field(min_length=1)


AnyQuestion: TypeAlias = AnyColumn | TableQuestion
Question = Annotated[AnyQuestion, Field(discriminator="type")]
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


class GeneralDutyRoles(_Model):
    """The questions where the three aims of the general equality duty (Equality Act 2010,
    section 149) are considered, each as `section.question` outside any grid."""

    eliminate_discrimination: str = Field(pattern=SECTION_QUESTION_PATTERN)
    """Eliminating discrimination, harassment and victimisation."""
    advance_equality_of_opportunity: str = Field(pattern=SECTION_QUESTION_PATTERN)
    """Advancing equality of opportunity."""
    foster_good_relations: str = Field(pattern=SECTION_QUESTION_PATTERN)
    """Fostering good relations between groups."""

    def aims(self) -> list[tuple[str, str]]:
        """(aim, question) in the order the law lists the aims."""
        return [
            ("eliminate_discrimination", self.eliminate_discrimination),
            ("advance_equality_of_opportunity", self.advance_equality_of_opportunity),
            ("foster_good_relations", self.foster_good_relations),
        ]


SectionQuestion = Annotated[str, StringConstraints(pattern=SECTION_QUESTION_PATTERN)]
"""A question named as `section.question` (or `grid.question` in a grid)."""


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
    directorate: str | None = Field(default=None, pattern=SECTION_QUESTION_PATTERN)
    """The directorate or team that owns the work: a text question outside the grids. The
    register (`eqia register`) shows it."""
    owner: str | None = Field(default=None, pattern=SECTION_QUESTION_PATTERN)
    """Who owns the work: a text question outside the grids, shown in the register."""
    # The legal tests of the check (docs/checks.md); each question as `section.question`.
    decision_maker: str | None = Field(default=None, pattern=SECTION_QUESTION_PATTERN)
    """Who makes the decision the assessment informs: a text question outside the grids."""
    decision_date: str | None = Field(default=None, pattern=SECTION_QUESTION_PATTERN)
    """When the decision is made: a date question outside the grids."""
    assessment_dates: list[SectionQuestion] = Field(default_factory=list)
    """The dates the assessment was done (screening, full assessment): date questions that
    must come before the decision date."""
    general_duty: GeneralDutyRoles | None = None
    """The question for each of the three aims of the general equality duty."""
    evidence: list[SectionQuestion] = Field(default_factory=list)
    """Where evidence is named: a grid question counts for its own row; a question outside
    the grids counts for each characteristic it names."""
    engagement: list[SectionQuestion] = Field(default_factory=list)
    """Who was asked and how: text questions outside the grids (any one asked will do)."""
    engagement_changes: str | None = Field(default=None, pattern=SECTION_QUESTION_PATTERN)
    """What changed because of the engagement: a text question outside the grids."""
    alternatives: str | None = Field(default=None, pattern=SECTION_QUESTION_PATTERN)
    """The other ways considered: a text question outside the grids."""
    intersection: str | None = Field(default=None, pattern=SECTION_QUESTION_PATTERN)
    """People affected on more than one characteristic: a text question outside the grids."""
    cumulative: str | None = Field(default=None, pattern=SECTION_QUESTION_PATTERN)
    """The combined effect with other recent changes: a text question outside the grids."""
    monitoring_measures: str | None = Field(default=None, pattern=SECTION_QUESTION_PATTERN)
    """What will be measured: a text question outside the grids."""


class ReviewSettings(_Model):
    """The `[review]` table of a questionnaire: how the equality group's review works."""

    required: bool = False
    """Sign-off needs the review status "approved" first (see docs/questionnaires.md)."""


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
    review: ReviewSettings = Field(default_factory=ReviewSettings)

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
        if isinstance(value, date):
            return dates.day(value)
        return str(value)
