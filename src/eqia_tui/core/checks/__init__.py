"""The robustness check: the challenges an equality group would make, found before they do.

`check(questionnaire, assessment, today)` returns a list of `Finding`s. Each has a stable
id (see docs/checks.md), a severity ("error" or "warning"), the key path of the answer it
is about (such as `screening.age.affects_details`), a message in plain words and how to fix
it. Errors are gaps and contradictions; warnings are about plain English and answers that
only point to another answer.

Nothing here is tied to one questionnaire. The checks find what they need through the
questionnaire itself (the weighting's grid, rating and judgement questions, the conditions
on follow-up questions, a table with a characteristics column) and are skipped cleanly when
a questionnaire has no such thing.

Messages name a question as the screen shows it: its label, in quotes. A label longer than
`NAME_LIMIT` characters is named by its short label and its first words instead (see
`question_name`).

Key paths:
- `section.question` for a question, `grid.characteristic.question` in a grid,
  `grid.characteristic` for a whole row of a grid;
- `section.table[0].column` for a cell of a table (rows count from 0);
- `signed` for the sign-off record;
- for a help text of the questionnaire, the key path of the question (or section) it helps.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, replace
from datetime import date
from typing import Any, Literal

from eqia_tui.core.model.assessment import (
    Assessment,
    column_state,
    missing_answers,
    question_asked,
    question_required,
    section_asked,
)
from eqia_tui.core.model.conditions import is_answered
from eqia_tui.core.model.questionnaire import (
    ALL,
    AnyQuestion,
    CharacteristicsQuestion,
    ChoiceQuestion,
    Condition,
    DateQuestion,
    LongTextQuestion,
    Questionnaire,
    Section,
    TableQuestion,
    TextQuestion,
    YesNoQuestion,
)
from eqia_tui.core.model.roles import (
    GENERAL_ACRONYMS,
    acronyms,
    action_plan,
    internal_action,
    review_date,
)
from eqia_tui.core.review.waivers import Waiver, waivers_of
from eqia_tui.core.rules.pointers import points_elsewhere
from eqia_tui.core.rules.weighting import (
    action_rows_written,
    internal_action_written,
    judgement_order,
    lightest_judgement,
    suggest,
)
from eqia_tui.core.text.problems import english_list, quoted_list

Severity = Literal["error", "warning"]

MAX_SENTENCE_WORDS = 30
"""A sentence longer than this is hard to read (plain English guidance)."""

NAME_LIMIT = 60
"""A question label up to this many characters is quoted whole in messages. A longer one is
named by its short label and its first words."""

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

ACRONYMS = GENERAL_ACRONYMS
"""The short forms checked for every questionnaire; each adds its own (see `roles.acronyms`).
One explained anywhere, as in "directorate management team (DMT)" or "DMT (directorate
management team)", counts as explained everywhere."""

_EVIDENCE = re.compile(
    r"\b(?:" + "|".join(w.replace(" ", r"\s+") for w in EVIDENCE_WORDS) + r")", re.IGNORECASE
)
_QUOTES = "\"'\u2019\u201d)"
_SENTENCE_END = re.compile(r"(?<=[.!?])[" + _QUOTES + r"]*\s+|\n+")
_WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9'\u2019&-]*")


@dataclass(frozen=True)
class Finding:
    id: str
    severity: Severity
    key: str
    message: str
    fix: str
    waiver: Waiver | None = None
    """Set on an error the officer signed off despite (see `apply_waivers`)."""

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {k: v for k, v in asdict(self).items() if k != "waiver"}
        if self.waiver is not None:
            out["waived"] = {
                "reason": self.waiver.reason,
                "by": self.waiver.by,
                "at": self.waiver.at.isoformat(),
            }
        return out

    def line(self) -> str:
        if self.waiver is None:
            return f"{self.severity}: {self.key}: {self.message} Fix: {self.fix}"
        return (
            f"{self.severity} (waived): {self.key}: {self.message} Fix: {self.fix} "
            f"Waived: {self.waiver.text()}"
        )


def check(
    questionnaire: Questionnaire, assessment: Assessment, today: date | None = None
) -> list[Finding]:
    """Every finding, errors first, each group in the order the questionnaire asks things."""
    today = today or date.today()
    ctx = _Context(questionnaire, assessment, today)
    specific: list[Finding] = [
        *_yes_without_details(ctx),
        *_characteristic_not_answered(ctx),
        *_unknown_without_evidence_action(ctx),
        *_high_without_justification(ctx),
        *_weighting_differs_without_reasons(ctx),
        *_no_actions(ctx),
        *_action_incomplete(ctx),
        *_screening_sufficient_with_risk(ctx),
        *_lightest_judgement_with_actions(ctx),
        *_weighting_differs_from_suggestion(ctx),
        *_review_date(ctx),
        *_changed_since_signed(ctx),
    ]
    specific = _one_finding_for_the_lightest_judgement(specific)
    findings = [*specific, *_required_missing(ctx, specific)]
    findings += [*_points_elsewhere(ctx), *_plain_english_answers(ctx), *_plain_english_help(ctx)]
    findings = sorted(
        findings, key=lambda f: (f.severity != "error", _position(questionnaire, f.key))
    )
    return apply_waivers(findings, waivers_of(assessment.signed))


def apply_waivers(findings: list[Finding], waivers: Iterable[Waiver]) -> list[Finding]:
    """The findings with each error that a waiver names (same id and key) marked waived.

    `check` applies the waivers recorded at sign-off; sign-off applies the ones being
    recorded. A waived error keeps its severity, but `has_errors` no longer counts it.
    """
    waivers = list(waivers)
    if not waivers:
        return findings
    out = []
    for finding in findings:
        match = next((w for w in waivers if w.waives(finding.id, finding.key)), None)
        if finding.severity == "error" and match is not None:
            finding = replace(finding, waiver=match)
        out.append(finding)
    return out


def has_errors(findings: list[Finding]) -> bool:
    """Whether any error is not waived (warnings never count)."""
    return any(f.severity == "error" and f.waiver is None for f in findings)


def summary(findings: list[Finding]) -> str:
    """One sentence: how many errors, waived errors and warnings."""
    waived = sum(1 for f in findings if f.severity == "error" and f.waiver is not None)
    errors = sum(1 for f in findings if f.severity == "error") - waived
    warnings = len(findings) - errors - waived
    if not findings:
        return "No problems found."
    parts = []
    if errors:
        parts.append(f"{errors} error{'' if errors == 1 else 's'}")
    if waived:
        parts.append(f"{waived} waived error{'' if waived == 1 else 's'}")
    if warnings:
        parts.append(f"{warnings} warning{'' if warnings == 1 else 's'}")
    return f"Found {english_list(parts)}."


# --- How messages name things -------------------------------------------------------------------


def question_name(questionnaire: Questionnaire, question: AnyQuestion) -> str:
    """A question as the officer sees it on screen, in quotes: its label, such as
    "State the rating and your reasons". A label longer than NAME_LIMIT characters is named
    by its short label (shown in the help panel and table headings) and the label's first
    words: "Action needed" ("a) Is internal action required? ...")."""
    label = _squeeze(questionnaire.words(question.label))
    if len(label) <= NAME_LIMIT:
        return f'"{label}"'
    short = _squeeze(questionnaire.words(question.short_label))
    if not short or short == label:
        return f'"{_cut(label, NAME_LIMIT)}"'
    return f'"{short}" ("{_opening(label)}")'


def _squeeze(text: str) -> str:
    return " ".join(text.split())


def _squeezed_start(text: str, want: int) -> str:
    """The start of `_squeeze(text)`: at least `want` characters of it, or all of it when it
    is shorter. Reads only as much of a long answer as it needs (a longer start each time,
    so a run of spaces cannot make it read the answer more than about twice)."""
    size = 2 * max(want, 64)
    while size < len(text):
        start = _squeeze(text[:size])  # a start of _squeeze(text), perhaps ending mid-word
        if len(start) >= want:
            return start
        size *= 2
    return _squeeze(text)


def _cut(text: str, limit: int) -> str:
    """`text` up to `limit` characters, cut between words, with "..." when shortened."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 3].rsplit(" ", 1)[0].rstrip(",;:-")
    return f"{cut}..."


def _opening(label: str) -> str:
    """The first words of a long label: its first sentence when short, else about 30
    characters."""
    first = re.match(r".+?[?.:](?=\s)", label)
    if first and len(first.group()) <= 40:
        return f"{first.group()} ..."
    return _cut(label, 33)


def _first_sentence(text: str) -> str:
    text = _squeeze(text)
    return _SENTENCE_END.split(text, maxsplit=1)[0].strip() if text else ""


def _lower_first(text: str, keep: Iterable[str] = ()) -> str | None:
    """`text` with its first letter made small, to follow a colon; None when the first word
    may be a name (it is not written as an ordinary capitalised word, or is in `keep`)."""
    match = re.match(r"[A-Z][a-z'\u2019]*\b", text)
    if not match or match.group() in {"I", *keep}:
        return None
    return text[0].lower() + text[1:]


def _sentence_start(text: str) -> str:
    return text[:1].upper() + text[1:]


def _article(word: str) -> str:
    return "an" if word[:1].lower() in "aeiou" else "a"


def _title_in_text(title: str) -> str:
    """A section title inside a sentence: "the action plan"."""
    return _lower_first(title) or title


def _how_to_answer(q: Questionnaire, question: AnyQuestion) -> str:
    """The fix for an empty answer: what to do, and the first sentence of the help."""
    help_ = _first_sentence(q.words(question.help))
    lowered = _lower_first(help_, keep=[q.area]) if help_ else None
    if isinstance(question, YesNoQuestion):
        lead = f'Choose "{question.yes_label}" or "{question.no_label}".'
        return f"{lead} {help_}" if help_ else lead
    if isinstance(question, ChoiceQuestion):
        labels = [o.label for o in q.options_for(question)]
        if 0 < len(labels) <= 6:
            return f"Choose {quoted_list(labels)}."
        lead = "Choose an answer"
    elif isinstance(question, TableQuestion):
        return f"Add at least one {question.row_label}."
    elif isinstance(question, CharacteristicsQuestion):
        lead = "Choose the groups"
    elif isinstance(question, DateQuestion):
        lead = "Type the date as day/month/year"
    else:
        lead = "Fill it in"
    if not help_:
        return f"{lead}."
    return f"{lead}: {lowered}" if lowered else f"{lead}. {help_}"


def _quote(text: str, limit: int = 50) -> str:
    """An answer quoted in a message, shortened, without its full stop (the message has one)."""
    # Longer than limit + 1, the quote only depends on the first limit - 3 characters.
    words = _squeezed_start(text, limit + 2)
    return f'"{_cut(words[:-1] if words.endswith(".") else words, limit)}"'


# --- What the checks share ---------------------------------------------------------------------


@dataclass(frozen=True)
class _Context:
    q: Questionnaire
    a: Assessment
    today: date

    def asked(self, section: Section) -> bool:
        return section_asked(self.q, self.a, section)

    def name(self, question: AnyQuestion) -> str:
        return question_name(self.q, question)

    def judgement(self) -> tuple[Section, ChoiceQuestion, Any] | None:
        """The judgement question and its answer, when the questionnaire has one."""
        return self._choice(self.q.weighting.judgement_question if self.q.weighting else "")

    def rating(self) -> tuple[Section, ChoiceQuestion, Any] | None:
        return self._choice(self.q.weighting.rating_question if self.q.weighting else "")

    def _choice(self, ref: str) -> tuple[Section, ChoiceQuestion, Any] | None:
        found = self.q.resolve(ref) if ref else None
        if found is None:
            return None
        section, question = found
        if not isinstance(question, ChoiceQuestion):
            return None
        return section, question, self.a.get(section.id, question.id)

    def grid(self) -> Section | None:
        weighting = self.q.weighting
        grid = self.q.section(weighting.grid) if weighting else None
        return grid if grid is not None and self.asked(grid) else None

    def level_words(self, question: AnyQuestion, value: Any) -> str:
        return self.q.label_of(question, value)


def _label(q: Questionnaire, characteristic_id: str) -> str:
    found = q.characteristic(characteristic_id)
    return found.label if found else characteristic_id


def _watched_questions(ctx: _Context) -> list[ChoiceQuestion]:
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


def _values_meeting(ctx: _Context, question: ChoiceQuestion, condition: Condition) -> set[str]:
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


def _values_for_levels(ctx: _Context, question: ChoiceQuestion, levels: set[str]) -> set[str]:
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


def _impacts(
    ctx: _Context, grid: Section, values_for: Callable[[ChoiceQuestion], set[str]]
) -> list[str]:
    """One clause for each impact question with an answer in `values_for(question)`:
    '"Potential negative impact" is "Unknown" for Age and "Medium" for Disability'."""
    clauses: list[str] = []
    for question in _watched_questions(ctx):
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


def _weighting_levels(ctx: _Context) -> list[str]:
    weighting = ctx.q.weighting
    scale = ctx.q.scales.get(weighting.scale) if weighting else None
    return scale.values() if scale else []


def _unknown_values(ctx: _Context, question: ChoiceQuestion) -> set[str]:
    """Answers that mean "not known yet": an option called unknown, or one that only counts
    as another level for now."""
    return {
        o.value
        for o in ctx.q.options_for(question)
        if o.value == "unknown" or o.counts_as is not None
    }


def _first_long_text(section: Section, besides: AnyQuestion) -> AnyQuestion | None:
    return next(
        (q for q in section.questions if isinstance(q, LongTextQuestion) and q is not besides),
        None,
    )


def _action_table(ctx: _Context) -> tuple[Section, TableQuestion] | None:
    """The action plan, as the questionnaire's roles name it."""
    plan = action_plan(ctx.q)
    return (plan.section, plan.table) if plan else None


def _rows(ctx: _Context, section: Section, table: TableQuestion) -> list[dict[str, Any]]:
    value = ctx.a.get(section.id, table.id)
    return [row for row in value if isinstance(row, dict)] if isinstance(value, list) else []


def _row_name(table: TableQuestion, index: int, row: dict[str, Any]) -> str:
    """ "Action 3 ("Rewrite the policy...")": the row's number and its first words."""
    name = f"{table.row_label.capitalize()} {index + 1}"
    for column in table.columns:
        value = row.get(column.id)
        if isinstance(column, TextQuestion | LongTextQuestion) and is_answered(value):
            return f"{name} ({_quote(str(value))})"
    return name


def _covers(value: Any, characteristic_id: str) -> bool:
    chosen = value if isinstance(value, list) else [value]
    return ALL in chosen or characteristic_id in chosen


def _grid_rows(ctx: _Context, section: Section) -> list[tuple[str | None, dict[str, Any]]]:
    """(characteristic id, answers) for each row of a grid, or (None, answers) for a section."""
    if section.per_characteristic:
        return [(c.id, ctx.a.row(section.id, c.id)) for c in ctx.q.characteristics]
    return [(None, ctx.a.answers.get(section.id, {}))]


@dataclass(frozen=True)
class _Answer:
    """One written answer: where it is, how messages name it, and the words."""

    key: str
    what: str
    """ "Age: the answer to "How affected"", "in action 2 ("..."), "Owner""."""
    text: str
    in_row: bool
    """In a row of the grid or of a table, which a reader takes on its own."""


def _written_answers(ctx: _Context) -> list[_Answer]:
    """Every text answer of the assessment, table cells included, in the questionnaire's order."""
    out: list[_Answer] = []
    for section in ctx.q.sections:
        if not ctx.asked(section):
            continue
        for characteristic, row in _grid_rows(ctx, section):
            who = f"{_label(ctx.q, characteristic)}: " if characteristic else ""
            for question in section.questions:
                value = row.get(question.id)
                key = ".".join(p for p in (section.id, characteristic, question.id) if p)
                if isinstance(question, TextQuestion | LongTextQuestion) and is_answered(value):
                    out.append(
                        _Answer(
                            key,
                            f"{who}the answer to {ctx.name(question)}",
                            str(value),
                            characteristic is not None,
                        )
                    )
                if not isinstance(question, TableQuestion) or not isinstance(value, list):
                    continue
                for index, cells in enumerate(value):
                    if not isinstance(cells, dict):
                        continue
                    for column in question.columns:
                        text = cells.get(column.id)
                        if isinstance(column, TextQuestion | LongTextQuestion) and is_answered(
                            text
                        ):
                            row_name = _row_name(question, index, cells)
                            out.append(
                                _Answer(
                                    f"{key}[{index}].{column.id}",
                                    f"in {row_name[:1].lower()}{row_name[1:]}, {ctx.name(column)}",
                                    str(text),
                                    True,
                                )
                            )
    return out


# --- The checks --------------------------------------------------------------------------------


def _yes_without_details(ctx: _Context) -> Iterator[Finding]:
    """A yes/no answered yes whose follow-up, required after a yes, is empty."""
    for section in ctx.q.sections:
        if not ctx.asked(section):
            continue
        for characteristic, row in _grid_rows(ctx, section):
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
                    who = f"{_label(ctx.q, characteristic)}: " if characteristic else ""
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


def _characteristic_not_answered(ctx: _Context) -> Iterator[Finding]:
    for section in ctx.q.grids():
        if not ctx.asked(section):
            continue
        for characteristic in ctx.q.characteristics:
            row = ctx.a.row(section.id, characteristic.id)
            if any(is_answered(v) for v in row.values()):
                continue
            where = _title_in_text(section.title)
            yield Finding(
                "characteristic-not-answered",
                "error",
                f"{section.id}.{characteristic.id}",
                f"{characteristic.label} has no answers in the {where}.",
                f"Answer the {where} questions for {characteristic.label}. If this group is "
                "not affected, say so: an empty row looks forgotten.",
            )


def _unknown_without_evidence_action(ctx: _Context) -> Iterator[Finding]:
    """An unknown impact needs an action that finds out, for that characteristic."""
    grid, plan = ctx.grid(), action_plan(ctx.q)
    if grid is None or plan is None or plan.characteristics is None:
        return
    section, table, characteristics_column = plan.section, plan.table, plan.characteristics
    text_columns = [c for c in table.columns if isinstance(c, TextQuestion | LongTextQuestion)]
    rows = _rows(ctx, section, table)
    # Whether each row's words gather evidence: read once, not once for each characteristic.
    evidence = [
        any(_EVIDENCE.search(str(row.get(c.id) or "")) for c in text_columns) for row in rows
    ]
    noun = table.row_label
    for question in _watched_questions(ctx):
        unknown = _unknown_values(ctx, question)
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
                f"{_title_in_text(section.title)} sets out to find out more.",
                f"Add {_article(noun)} {noun} for {characteristic.label} (or for all groups) that "
                "gathers evidence, such as a survey, data or a consultation. "
                "No evidence is not the same as no impact.",
            )


def _high_without_justification(ctx: _Context) -> Iterator[Finding]:
    """A high impact with a judgement lighter than the one the top weighting calls for."""
    weighting, grid, judged = ctx.q.weighting, ctx.grid(), ctx.judgement()
    levels = _weighting_levels(ctx)
    if weighting is None or grid is None or judged is None or not levels:
        return
    section, judgement, answer = judged
    expected = weighting.judgement_for.get(levels[0])
    if not is_answered(answer) or answer == expected:
        return
    justification = _first_long_text(section, judgement)
    if justification is None or is_answered(ctx.a.get(section.id, justification.id)):
        return
    high = _impacts(ctx, grid, lambda q: _values_for_levels(ctx, q, {levels[0]}))
    if not high:
        return
    expected_words = ctx.level_words(judgement, expected) if expected else "a full assessment"
    yield Finding(
        "high-without-justification",
        "error",
        f"{section.id}.{justification.id}",
        f"{_sentence_start(english_list(high))}, but the judgement is "
        f'"{ctx.level_words(judgement, answer)}" and {ctx.name(justification)} is empty.',
        f'Say why this is enough despite the high impact, or choose "{expected_words}".',
    )


def _differing_rating(ctx: _Context) -> tuple[Section, ChoiceQuestion, Any, str] | None:
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


def _weighting_differs_without_reasons(ctx: _Context) -> Iterator[Finding]:
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


def _no_actions(ctx: _Context) -> Iterator[Finding]:
    """Internal action or a full assessment, and nothing in the action plan."""
    weighting, judged, found = ctx.q.weighting, ctx.judgement(), _action_table(ctx)
    levels = _weighting_levels(ctx)
    if weighting is None or judged is None or found is None or not levels:
        return
    _, judgement, answer = judged
    section, table = found
    if not is_answered(answer) or answer == weighting.judgement_for.get(levels[-1]):
        return
    if not ctx.asked(section) or _rows(ctx, section, table):
        return
    noun = table.row_label
    yield Finding(
        "no-actions",
        "error",
        f"{section.id}.{table.id}",
        f'The judgement is "{ctx.level_words(judgement, answer)}", but the '
        f"{_title_in_text(section.title)} has no {noun}s.",
        f"Add {_article(noun)} {noun} for each issue found, with an owner and a timescale.",
    )


def _action_incomplete(ctx: _Context) -> Iterator[Finding]:
    """A row of a table (an action) without an answer its table requires, such as an owner."""
    for section in ctx.q.sections:
        if section.per_characteristic or not ctx.asked(section):
            continue
        for table in section.questions:
            if not isinstance(table, TableQuestion):
                continue
            for index, row in enumerate(_rows(ctx, section, table)):
                for column in table.columns:
                    if is_answered(row.get(column.id)):
                        continue
                    if not column_state(ctx.q, table, column, row).required:
                        continue
                    yield Finding(
                        "action-incomplete",
                        "error",
                        f"{section.id}.{table.id}[{index}].{column.id}",
                        f"{_row_name(table, index, row)} has no {ctx.name(column)}.",
                        _how_to_answer(ctx.q, column),
                    )


def _screening_sufficient_with_risk(ctx: _Context) -> Iterator[Finding]:
    """The lightest judgement while an impact would make the rules suggest more."""
    weighting, grid, judged = ctx.q.weighting, ctx.grid(), ctx.judgement()
    levels = _weighting_levels(ctx)
    if weighting is None or grid is None or judged is None or not levels:
        return
    section, judgement, answer = judged
    if not is_answered(answer) or answer != weighting.judgement_for.get(levels[-1]):
        return
    risky = _impacts(ctx, grid, lambda q: _values_for_levels(ctx, q, set(levels[:-1])))
    if not risky:
        return
    others = [o.label for o in ctx.q.options_for(judgement) if o.value != answer]
    choose = f"Choose {quoted_list(others)}" if others else "Choose another option"
    yield Finding(
        "screening-sufficient-with-risk",
        "error",
        f"{section.id}.{judgement.id}",
        f'The judgement is "{ctx.level_words(judgement, answer)}", but the '
        f"{_title_in_text(grid.title)} calls for more: {english_list(risky)}.",
        f"{choose}, or check the answers in the {_title_in_text(grid.title)}.",
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
        labels = english_list([_label(questionnaire, cid) for cid in in_grid])
        written.append(f"internal action for {labels} in the {_title_in_text(grid[0].title)}")
    if rows and plan is not None:
        noun = plan.table.row_label if rows == 1 else f"{plan.table.row_label}s"
        written.append(f"{rows} {noun} in the {_title_in_text(plan.section.title)}")
    return written


def _lightest_judgement_with_actions(ctx: _Context) -> Iterator[Finding]:
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
    risky = _risky_impacts(ctx)
    if risky:
        where = ctx.grid()
        title = _title_in_text(where.title) if where else "screening"
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


def _risky_impacts(ctx: _Context) -> list[str]:
    """The grid's impacts that make the rules suggest more than the lowest weighting, as
    `screening-sufficient-with-risk` names them."""
    grid, levels = ctx.grid(), _weighting_levels(ctx)
    if grid is None or not levels:
        return []
    return _impacts(ctx, grid, lambda q: _values_for_levels(ctx, q, set(levels[:-1])))


def _one_finding_for_the_lightest_judgement(findings: list[Finding]) -> list[Finding]:
    """`lightest-judgement-with-actions` also names the impacts that call for more, so
    `screening-sufficient-with-risk` at the same answer would say it twice: leave it out."""
    keys = {f.key for f in findings if f.id == "lightest-judgement-with-actions"}
    return [f for f in findings if not (f.id == "screening-sufficient-with-risk" and f.key in keys)]


def _reasons_for(
    ctx: _Context, section: Section, rating: AnyQuestion
) -> tuple[Section, AnyQuestion] | None:
    """Where the officer explains their weighting: the weighting's `reasons_question`, or the
    first long text in the section of the weighting."""
    ref = ctx.q.weighting.reasons_question if ctx.q.weighting else None
    named = ctx.q.resolve(ref) if ref else None
    if named is not None:
        return named
    reasons = _first_long_text(section, rating)
    return (section, reasons) if reasons is not None else None


def _weighting_differs_from_suggestion(ctx: _Context) -> Iterator[Finding]:
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


def _review_question(ctx: _Context) -> tuple[Section, DateQuestion] | None:
    return review_date(ctx.q)


def _review_date(ctx: _Context) -> Iterator[Finding]:
    found = _review_question(ctx)
    if found is None:
        return
    section, question = found
    local = ctx.a.answers.get(section.id, {})
    if not ctx.asked(section) or not question_asked(ctx.q, ctx.a, section, question, local):
        return
    value = local.get(question.id)
    key = f"{section.id}.{question.id}"
    if not isinstance(value, date):
        yield Finding(
            "no-review-date",
            "error",
            key,
            f"{ctx.name(question)} is empty, so nobody will know when to look at this "
            "assessment again.",
            _how_to_answer(ctx.q, question),
        )
    elif value < ctx.today:
        yield Finding(
            "review-date-passed",
            "error",
            key,
            f"The review date, {value.strftime('%d/%m/%Y')}, has passed.",
            "Review the assessment against what has changed since, then set the next review date.",
        )


def _changed_since_signed(ctx: _Context) -> Iterator[Finding]:
    if not ctx.a.signed:
        return
    try:
        from eqia_tui.core.review.fingerprint import change_name, verify
    except ImportError:  # pragma: no cover - signing lands separately
        return
    result = verify(ctx.q, ctx.a)
    if not result.signed or result.ok:
        return
    parts = {
        "signed.waivers": "the waivers recorded at sign-off",
        "questionnaire": f"the questionnaire ({ctx.q.id} {ctx.q.version})",
    }
    changed = [
        parts.get(c.key) or (_describe_key(ctx, c.key) if c.is_answer else change_name(c.key))
        for c in result.changes
        if c.key != "answers"
    ]
    extra = [f"{len(changed) - 5} more"] if len(changed) > 5 else []
    what = f" These changed: {english_list(changed[:5] + extra)}." if changed else ""
    if any(c.is_answer for c in result.changes):
        lead, fix = "The answers are not the ones that were signed off.", "the signed answers"
    else:  # who signed, when, the version, the waivers or the questionnaire
        lead, fix = "The sign-off is not the one that was made.", "what changed"
    yield Finding(
        "changed-since-signed",
        "error",
        "signed",
        f"{lead}{what}",
        f"Have the assessment signed off again, or put {fix} back.",
    )


def _describe_key(ctx: _Context, key: str) -> str:
    """A key path of an answer in the officer's words: 'Age: "Potential negative impact"',
    "action 2", or the key path itself when it names nothing in the questionnaire."""
    parts = [p for p in re.split(r"[.\[\]]", key) if p]
    section = ctx.q.section(parts[0]) if parts else None
    if section is None:
        return key
    rest = parts[1:]
    who = ""
    if section.per_characteristic and rest:
        who = f"{_label(ctx.q, rest[0])}: "
        rest = rest[1:]
    question = section.question(rest[0]) if rest else None
    if question is None:
        return key
    if isinstance(question, TableQuestion) and len(rest) > 1 and rest[1].isdigit():
        return f"{question.row_label} {int(rest[1]) + 1}"
    return f"{who}{ctx.name(question)}"


def _required_missing(ctx: _Context, already: list[Finding]) -> Iterator[Finding]:
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
        who = _label(ctx.q, missing.characteristic) if missing.characteristic else section.title
        yield Finding(
            "required-missing",
            "error",
            missing.key,
            f"{who}: {ctx.name(question)} is not answered.",
            _how_to_answer(ctx.q, question),
        )


# --- Answers that only point elsewhere ------------------------------------------------------------


def _points_elsewhere(ctx: _Context) -> Iterator[Finding]:
    """A row's answer that only points to another answer: "As above", "Same as age"."""
    for answer in _written_answers(ctx):
        if not answer.in_row or not points_elsewhere(answer.text, ctx.q):
            continue
        yield Finding(
            "points-elsewhere",
            "warning",
            answer.key,
            f"{_sentence_start(answer.what)} only points to another answer: {_quote(answer.text)}.",
            "Write the answer out in this row, even if it repeats another: a reviewer reads "
            "each row on its own.",
        )


# --- Plain English ------------------------------------------------------------------------------


def longest_sentence(text: str) -> int:
    """The number of words in the longest sentence of `text`."""
    return max(map(len, map(_WORD.findall, _SENTENCE_END.split(text))), default=0)


def _acronym_regex(short: str) -> str:
    """A short form as written: in capitals, except that one with a small letter (EqIA) is
    matched whatever the case of its other letters (EQIA, EQiA); "E&D" also as "E & D".

    Not after or before a letter or "&". The test for what comes before is put after the
    first character ("K(?<![A-Za-z&]K)CC"), which means the same, so that the search can
    skip ahead to each place the first character is written instead of trying every place
    in the text: a long answer is read once for each short form.
    """
    mixed = any(c.islower() for c in short)
    parts = []
    for index, char in enumerate(short):
        if char == "&":
            parts.append(r"\s*&\s*")
        elif mixed and index > 0 and char.isalpha():
            parts.append(f"[{char.upper()}{char.lower()}]")
        else:
            parts.append(re.escape(char))
    if short[:1] and short[0] != "&":
        first = parts[0]
        return first + rf"(?<![A-Za-z&]{first})" + "".join(parts[1:]) + r"(?![A-Za-z&])"
    return r"(?<![A-Za-z&])" + "".join(parts) + r"(?![A-Za-z&])"


@functools.cache
def _acronym_used(short: str) -> re.Pattern[str]:
    return re.compile(_acronym_regex(short))


@functools.cache
def _acronym_in_brackets(short: str) -> re.Pattern[str]:
    """ "(KCC)": the short form in brackets, after its long form."""
    return re.compile(r"\(\s*" + _acronym_regex(short) + r"\s*\)")


@functools.cache
def _acronym_before_brackets(short: str) -> re.Pattern[str]:
    """The start of "KCC (Kent County Council)": the short form, a bracket and a letter. The
    closing bracket may come anywhere after (see `_explains`)."""
    return re.compile(_acronym_regex(short) + r"\s*\(\s*[A-Za-z]")


def _explains(short: str, text: str) -> bool:
    """Whether `text` explains `short` with brackets: "(KCC)" after the long form, or "KCC
    (" and a letter with a closing bracket anywhere after.

    The second is searched only up to the last closing bracket of the text, which finds the
    same as looking for a closing bracket after each "KCC (" would, in one pass (looking
    after each one reads a long answer full of "KCC (" again and again).
    """
    if _acronym_used(short).search(text) is None:
        return False  # both ways write the short form
    if _acronym_in_brackets(short).search(text):
        return True
    last = text.rfind(")")
    return last > 0 and _acronym_before_brackets(short).search(text, 0, last) is not None


def explained_acronyms(texts: Iterable[str], known: dict[str, str] | None = None) -> set[str]:
    """The short forms that one of `texts` explains with brackets: "Kent County Council
    (KCC)" or "KCC (Kent County Council)". Explained once, a short form is explained for the
    whole document. `known` is the list of short forms (the general list by default)."""
    shorts = list(ACRONYMS if known is None else known)
    found: set[str] = set()
    for text in texts:
        found |= {s for s in shorts if s not in found and _explains(s, text)}
    return found


def unexplained_acronyms(
    text: str, explained: Iterable[str] = (), known: dict[str, str] | None = None
) -> list[str]:
    """Short forms from `known` (the general list by default) used in `text` without being
    explained: not in `explained` (explained elsewhere in the document), not given in
    brackets in `text`, and not spelled out in `text`. A line written all in capitals is not
    read for short forms."""
    known = ACRONYMS if known is None else known
    done = set(explained)
    done |= {s for s in known if s not in done and _explains(s, text)}
    flat = _letters(text)
    wanted = [s for s, long_ in known.items() if s not in done and _letters(long_) not in flat]
    if not wanted:
        return []
    read = _readable(text, known)
    found: list[tuple[int, str]] = []
    for short in wanted:
        used = _acronym_used(short).search(read)
        if used:
            found.append((used.start(), short))
    return [short for _, short in sorted(found)]  # in the order the text uses them


_TWO_CAPITALS = re.compile(r"[A-Z][A-Z]")
_SHORTEST_SHOUT = len("AB CD EF")
"""A shouting line has at least three words of two letters or more (see `_shouting`)."""


def _readable(text: str, known: dict[str, str]) -> str:
    """The lines of `text` that are read for short forms (not written in capitals), joined
    by "\n". Without two capitals in a row anywhere no line can be in capitals, and a line
    too short for three words cannot either: neither is looked at word by word."""
    lines = text.splitlines()
    if not _TWO_CAPITALS.search(text):
        return "\n".join(lines)
    return "\n".join(
        line for line in lines if len(line) < _SHORTEST_SHOUT or not _shouting(line, known)
    )


_LETTER_WORDS = re.compile(r"[A-Za-z]{2,}")
_SMALL_WORDS = re.compile(r"[a-z]+")


def _shouting(line: str, known: dict[str, str]) -> bool:
    """A line mostly in capitals ("PLEASE SEND THE FORM"), where capitals are not short forms.
    The short forms themselves are not counted."""
    words = [w for w in _LETTER_WORDS.findall(line) if w not in known]
    if len(words) < 3:
        return False
    return sum(map(str.isupper, words)) * 2 > len(words)


def _letters(text: str) -> str:
    words = _SMALL_WORDS.findall(text.lower())
    return " " + " ".join(filter("and".__ne__, words)) + " "


def _long_sentence(text: str, key: str, what: str, in_help: bool) -> Iterator[Finding]:
    words = longest_sentence(text)
    if words <= MAX_SENTENCE_WORDS:
        return
    where = "In the questionnaire file, split" if in_help else "Split"
    yield Finding(
        f"long-sentence{'-in-help' if in_help else ''}",
        "warning",
        key,
        f"{_sentence_start(what)} has a sentence of {words} words.",
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
            f"{_sentence_start(what)} uses {english_list(mine)} without saying what "
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


def _plain_english_answers(ctx: _Context) -> Iterator[Finding]:
    answers = _written_answers(ctx)
    for answer in answers:
        yield from _long_sentence(answer.text, answer.key, answer.what, False)
    known = acronyms(ctx.q)
    explained = explained_acronyms([a.text for a in answers], known)
    explained |= explained_acronyms(_questionnaire_words(ctx.q), known)
    yield from _acronyms([(a.key, a.what, a.text) for a in answers], explained, False, known)


def _plain_english_help(ctx: _Context) -> Iterator[Finding]:
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


# --- Order --------------------------------------------------------------------------------------


def _position(q: Questionnaire, key: str) -> tuple[int, ...]:
    """Where a key path comes in the questionnaire, for listing findings in its order."""
    parts = [p for p in re.split(r"[.\[\]]", key) if p]
    if not parts:
        return (len(q.sections) + 1,)
    section_ids = [s.id for s in q.sections]
    if parts[0] not in section_ids:
        return (len(q.sections) + 1,)
    section = q.sections[section_ids.index(parts[0])]
    out = [section_ids.index(parts[0])]
    rest = parts[1:]
    if section.per_characteristic and rest:
        ids = [c.id for c in q.characteristics]
        out.append(ids.index(rest[0]) if rest[0] in ids else len(ids))
        rest = rest[1:]
    if rest:
        ids = [qq.id for qq in section.questions]
        out.append(ids.index(rest[0]) if rest[0] in ids else len(ids))
        question = section.question(rest[0])
        if isinstance(question, TableQuestion) and len(rest) > 1 and rest[1].isdigit():
            out.append(int(rest[1]))
            if len(rest) > 2:
                columns = [c.id for c in question.columns]
                out.append(columns.index(rest[2]) if rest[2] in columns else len(columns))
    return tuple(out)
