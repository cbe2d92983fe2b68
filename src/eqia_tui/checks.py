"""The robustness check: the challenges an equality group would make, found before they do.

`check(questionnaire, assessment, today)` returns a list of `Finding`s. Each has a stable
id (see docs/checks.md), a severity ("error" or "warning"), the key path of the answer it
is about (such as `screening.age.affects_details`), a message in plain words and how to fix
it. Errors are gaps and contradictions; warnings are about plain English.

Nothing here is tied to one questionnaire. The checks find what they need through the
questionnaire itself (the weighting's grid, rating and judgement questions, the conditions
on follow-up questions, a table with a characteristics column) and are skipped cleanly when
a questionnaire has no such thing.

Key paths:
- `section.question` for a question, `grid.characteristic.question` in a grid,
  `grid.characteristic` for a whole row of a grid;
- `section.table[0].column` for a cell of a table (rows count from 0);
- `signed` for the sign-off record;
- for a help text of the questionnaire, the key path of the question (or section) it helps.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from datetime import date
from typing import Any, Literal

from eqia_tui.assessment import (
    Assessment,
    missing_answers,
    question_asked,
    question_required,
    section_asked,
)
from eqia_tui.conditions import all_hold, is_answered
from eqia_tui.problems import english_list
from eqia_tui.questionnaire import (
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

Severity = Literal["error", "warning"]

MAX_SENTENCE_WORDS = 30
"""A sentence longer than this is hard to read (plain English guidance)."""

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

ACRONYMS: dict[str, str] = {
    "EqIA": "equality impact assessment",
    "EIA": "equality impact assessment",
    "DMT": "directorate management team",
    "CMT": "corporate management team",
    "BME": "black and minority ethnic",
    "BAME": "black, Asian and minority ethnic",
    "KCC": "Kent County Council",
    "LGBT": "lesbian, gay, bisexual and trans",
    "SEND": "special educational needs and disabilities",
    "VCS": "voluntary and community sector",
    "VCSE": "voluntary, community and social enterprise",
    "E&D": "equality and diversity",
    "PSED": "public sector equality duty",
}
"""Short forms readers often do not know, and what they stand for. A text may use one if it
also spells it out, or gives it in brackets after the words, as in "directorate management
team (DMT)"."""

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

    def as_dict(self) -> dict[str, str]:
        return asdict(self)

    def line(self) -> str:
        return f"{self.severity}: {self.key}: {self.message} Fix: {self.fix}"


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
        *_review_date(ctx),
        *_changed_since_signed(ctx),
    ]
    findings = [*specific, *_required_missing(ctx, specific)]
    findings += [*_plain_english_answers(ctx), *_plain_english_help(ctx)]
    return sorted(findings, key=lambda f: (f.severity != "error", _position(questionnaire, f.key)))


def has_errors(findings: list[Finding]) -> bool:
    return any(f.severity == "error" for f in findings)


def summary(findings: list[Finding]) -> str:
    """One sentence: how many errors and warnings."""
    errors = sum(1 for f in findings if f.severity == "error")
    warnings = len(findings) - errors
    if not findings:
        return "No problems found."
    parts = []
    if errors:
        parts.append(f"{errors} error{'' if errors == 1 else 's'}")
    if warnings:
        parts.append(f"{warnings} warning{'' if warnings == 1 else 's'}")
    return f"Found {english_list(parts)}."


# --- What the checks share ---------------------------------------------------------------------


@dataclass(frozen=True)
class _Context:
    q: Questionnaire
    a: Assessment
    today: date

    def asked(self, section: Section) -> bool:
        return section_asked(self.q, self.a, section)

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
    """The action plan: the first table with a characteristics column, else the first table."""
    tables = [
        (s, q)
        for s in ctx.q.sections
        if not s.per_characteristic
        for q in s.questions
        if isinstance(q, TableQuestion)
    ]
    for section, question in tables:
        if any(isinstance(c, CharacteristicsQuestion) for c in question.columns):
            return section, question
    return tables[0] if tables else None


def _rows(ctx: _Context, section: Section, table: TableQuestion) -> list[dict[str, Any]]:
    value = ctx.a.get(section.id, table.id)
    return [row for row in value if isinstance(row, dict)] if isinstance(value, list) else []


def _row_name(table: TableQuestion, index: int, row: dict[str, Any]) -> str:
    """ "Action 3 ("Rewrite the policy...")": the row's number and its first words."""
    name = f"{table.row_label.capitalize()} {index + 1}"
    for column in table.columns:
        value = row.get(column.id)
        if isinstance(column, TextQuestion | LongTextQuestion) and is_answered(value):
            words = " ".join(str(value).split())
            short = words if len(words) <= 50 else words[:48].rsplit(" ", 1)[0] + "..."
            return f'{name} ("{short}")'
    return name


def _covers(value: Any, characteristic_id: str) -> bool:
    chosen = value if isinstance(value, list) else [value]
    return ALL in chosen or characteristic_id in chosen


# --- The checks --------------------------------------------------------------------------------


def _yes_without_details(ctx: _Context) -> Iterator[Finding]:
    """A yes/no answered yes whose follow-up, required after a yes, is empty."""
    for section in ctx.q.sections:
        if not ctx.asked(section):
            continue
        rows: list[tuple[str | None, dict[str, Any]]]
        if section.per_characteristic:
            rows = [(c.id, ctx.a.row(section.id, c.id)) for c in ctx.q.characteristics]
        else:
            rows = [(None, ctx.a.answers.get(section.id, {}))]
        for characteristic, row in rows:
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
                    yield Finding(
                        "yes-without-details",
                        "error",
                        key,
                        f'{who}"{_name(ctx.q, question)}" is answered yes, but '
                        f'"{ctx.q.words(follow_up.label)}" is empty.',
                        f"Explain the yes: {ctx.q.words(follow_up.help)}",
                    )


def _characteristic_not_answered(ctx: _Context) -> Iterator[Finding]:
    for section in ctx.q.grids():
        if not ctx.asked(section):
            continue
        for characteristic in ctx.q.characteristics:
            row = ctx.a.row(section.id, characteristic.id)
            if any(is_answered(v) for v in row.values()):
                continue
            yield Finding(
                "characteristic-not-answered",
                "error",
                f"{section.id}.{characteristic.id}",
                f"{characteristic.label} has no answers in the {section.title.lower()}.",
                f"Answer the {section.title.lower()} questions for {characteristic.label}. "
                "If this group is not affected, say so: an empty row looks like it was forgotten.",
            )


def _unknown_without_evidence_action(ctx: _Context) -> Iterator[Finding]:
    """An unknown impact needs an action that finds out, for that characteristic."""
    grid, found = ctx.grid(), _action_table(ctx)
    if grid is None or found is None:
        return
    section, table = found
    characteristics_column = next(
        (c for c in table.columns if isinstance(c, CharacteristicsQuestion)), None
    )
    if characteristics_column is None:
        return
    text_columns = [c for c in table.columns if isinstance(c, TextQuestion | LongTextQuestion)]
    rows = _rows(ctx, section, table)
    for question in _watched_questions(ctx):
        unknown = _unknown_values(ctx, question)
        for characteristic in ctx.q.characteristics:
            value = ctx.a.row(grid.id, characteristic.id).get(question.id)
            if value not in unknown:
                continue
            gathers = any(
                _covers(row.get(characteristics_column.id), characteristic.id)
                and any(_EVIDENCE.search(str(row.get(c.id) or "")) for c in text_columns)
                for row in rows
            )
            if gathers:
                continue
            yield Finding(
                "unknown-without-evidence-action",
                "error",
                f"{grid.id}.{characteristic.id}.{question.id}",
                f'{characteristic.label}: "{_name(ctx.q, question)}" is '
                f"{ctx.level_words(question, value)}, and no {table.row_label} in the "
                f"{section.title.lower()} sets out to find out.",
                f"Add a {table.row_label} for {characteristic.label} (or all) that gathers "
                "evidence, such as data, research, a survey or consultation, and say who will "
                "do it and when. No evidence is not the same as no impact.",
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
    high: list[str] = []
    for question in _watched_questions(ctx):
        values = _values_for_levels(ctx, question, {levels[0]})
        high += [
            f"{c.label} ({ctx.level_words(question, ctx.a.row(grid.id, c.id).get(question.id))})"
            for c in ctx.q.characteristics
            if ctx.a.row(grid.id, c.id).get(question.id) in values
        ]
    if not high:
        return
    expected_words = ctx.level_words(judgement, expected) if expected else "a full assessment"
    yield Finding(
        "high-without-justification",
        "error",
        f"{section.id}.{justification.id}",
        f"The impact is high for {english_list(high)}, the judgement is "
        f'"{ctx.level_words(judgement, answer)}" rather than "{expected_words}", and there '
        "is no justification.",
        f'Say in "{justification.title}" why this is enough despite the high impact, '
        f'or choose "{expected_words}".',
    )


def _weighting_differs_without_reasons(ctx: _Context) -> Iterator[Finding]:
    rated = ctx.rating()
    if rated is None:
        return
    section, rating, answer = rated
    if not is_answered(answer):
        return
    from eqia_tui.weighting import suggest

    suggested = suggest(ctx.q, ctx.a).suggested_rating
    if suggested is None or suggested == answer:
        return
    reasons_ref = getattr(ctx.q.weighting, "reasons_question", None)
    named = ctx.q.resolve(reasons_ref) if reasons_ref else None
    reasons: AnyQuestion | None
    if named is not None:
        section, reasons = named
    else:
        reasons = _first_long_text(section, rating)
    if reasons is None or is_answered(ctx.a.get(section.id, reasons.id)):
        return
    yield Finding(
        "weighting-differs-without-reasons",
        "error",
        f"{section.id}.{reasons.id}",
        f"The weighting is {ctx.level_words(rating, answer)}, the tool suggests "
        f'{ctx.level_words(rating, suggested)}, and "{ctx.q.words(reasons.label)}" is empty.',
        "Explain why you chose a different weighting from the suggestion, "
        "or choose the suggested one.",
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
    yield Finding(
        "no-actions",
        "error",
        f"{section.id}.{table.id}",
        f'The judgement is "{ctx.level_words(judgement, answer)}", but the '
        f"{section.title.lower()} has no {table.row_label}s.",
        f"Add a {table.row_label} for each issue found, with an owner and a timescale.",
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
                    lookup = _row_lookup(table, row)
                    if not all_hold(ctx.q, column.ask_when, lookup):
                        continue
                    required = column.required or (
                        bool(column.required_when) and all_hold(ctx.q, column.required_when, lookup)
                    )
                    if not required:
                        continue
                    yield Finding(
                        "action-incomplete",
                        "error",
                        f"{section.id}.{table.id}[{index}].{column.id}",
                        f'{_row_name(table, index, row)} has no "{column.label}".',
                        f'Fill in "{column.label}": {ctx.q.words(column.help)}',
                    )


def _row_lookup(table: TableQuestion, row: dict[str, Any]) -> Any:
    def lookup(ref: str) -> tuple[AnyQuestion | None, Any]:
        column = next((c for c in table.columns if c.id == ref), None)
        return column, row.get(ref)

    return lookup


def _screening_sufficient_with_risk(ctx: _Context) -> Iterator[Finding]:
    """The lightest judgement while an impact would make the rules suggest more."""
    weighting, grid, judged = ctx.q.weighting, ctx.grid(), ctx.judgement()
    levels = _weighting_levels(ctx)
    if weighting is None or grid is None or judged is None or not levels:
        return
    section, judgement, answer = judged
    if not is_answered(answer) or answer != weighting.judgement_for.get(levels[-1]):
        return
    risky: list[str] = []
    for question in _watched_questions(ctx):
        values = _values_for_levels(ctx, question, set(levels[:-1]))
        for c in ctx.q.characteristics:
            value = ctx.a.row(grid.id, c.id).get(question.id)
            if value in values:
                risky.append(f"{c.label} ({ctx.level_words(question, value)})")
    if not risky:
        return
    yield Finding(
        "screening-sufficient-with-risk",
        "error",
        f"{section.id}.{judgement.id}",
        f'The judgement is "{ctx.level_words(judgement, answer)}", but the negative impact '
        f"is medium, high or unknown for {english_list(risky)}.",
        "Choose internal action or a full assessment, or check the impact ratings in the "
        f"{grid.title.lower()}.",
    )


def _review_question(ctx: _Context) -> tuple[Section, DateQuestion] | None:
    for section in ctx.q.sections:
        if section.per_characteristic:
            continue
        for question in section.questions:
            if isinstance(question, DateQuestion) and "review" in question.id:
                return section, question
    return None


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
            "There is no review date, so nobody will know when to look at this again.",
            f'Set "{_name(ctx.q, question)}": {ctx.q.words(question.help)}',
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
        from eqia_tui.signing import verify
    except ImportError:  # pragma: no cover - signing lands separately
        return
    result = verify(ctx.q, ctx.a)
    if not result.signed or result.ok:
        return
    changed = list(result.changed)
    shown = english_list(changed[:5] + ([f"{len(changed) - 5} more"] if len(changed) > 5 else []))
    what = f"These answers changed: {shown}." if changed else "The sign-off cannot be checked."
    yield Finding(
        "changed-since-signed",
        "error",
        "signed",
        f"The answers are not the ones that were signed off. {what}",
        "Reopen the assessment and have it signed off again, or put the signed answers back.",
    )


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
        who = (
            f"{_label(ctx.q, missing.characteristic)}: "
            if missing.characteristic
            else f"{section.title}: "
        )
        yield Finding(
            "required-missing",
            "error",
            missing.key,
            f'{who}"{_name(ctx.q, question)}" is not answered.',
            f"Answer it. {ctx.q.words(question.help)}",
        )


def _name(q: Questionnaire, question: AnyQuestion) -> str:
    """The short name of a question, unless it uses a short form the full wording explains."""
    if unexplained_acronyms(question.title):
        return q.words(question.label)
    return question.title


# --- Plain English ------------------------------------------------------------------------------


def longest_sentence(text: str) -> int:
    """The number of words in the longest sentence of `text`."""
    return max((len(_WORD.findall(s)) for s in _SENTENCE_END.split(text)), default=0)


def unexplained_acronyms(text: str) -> list[str]:
    """Short forms from ACRONYMS used in `text` without being spelled out in it."""
    flat = _letters(text)
    out = []
    for short, long_ in ACRONYMS.items():
        pattern = r"(?<![A-Za-z&])" + re.escape(short) + r"(?![A-Za-z&])"
        if not re.search(pattern, text):
            continue
        bracketed = re.search(r"\(\s*" + re.escape(short) + r"\s*\)", text) or re.search(
            re.escape(short) + r"\s*\(", text
        )
        if bracketed or _letters(long_) in flat:
            continue
        out.append(short)
    return out


def _letters(text: str) -> str:
    words = re.findall(r"[a-z]+", text.lower())
    return " " + " ".join(w for w in words if w != "and") + " "


def _plain_english(text: str, key: str, what: str, in_help: bool) -> Iterator[Finding]:
    suffix = "-in-help" if in_help else ""
    what = what[:1].upper() + what[1:]
    words = longest_sentence(text)
    if words > MAX_SENTENCE_WORDS:
        yield Finding(
            f"long-sentence{suffix}",
            "warning",
            key,
            f"{what} has a sentence of {words} words.",
            f"Split it into sentences of {MAX_SENTENCE_WORDS} words or fewer: one idea in each.",
        )
    shorts = unexplained_acronyms(text)
    if shorts:
        meanings = english_list([f'{s} ("{ACRONYMS[s]}")' for s in shorts])
        yield Finding(
            f"unexplained-acronym{suffix}",
            "warning",
            key,
            f"{what} uses {english_list(shorts)} without saying what "
            f"{'it stands' if len(shorts) == 1 else 'they stand'} for.",
            f"Write the words out, or give them once with the short form in brackets: {meanings}.",
        )


def _plain_english_answers(ctx: _Context) -> Iterator[Finding]:
    for section in ctx.q.sections:
        if not ctx.asked(section):
            continue
        rows: list[tuple[str | None, dict[str, Any]]]
        if section.per_characteristic:
            rows = [(c.id, ctx.a.row(section.id, c.id)) for c in ctx.q.characteristics]
        else:
            rows = [(None, ctx.a.answers.get(section.id, {}))]
        for characteristic, row in rows:
            who = f"{_label(ctx.q, characteristic)}: " if characteristic else ""
            for question in section.questions:
                value = row.get(question.id)
                key = ".".join(p for p in (section.id, characteristic, question.id) if p)
                if isinstance(question, TextQuestion | LongTextQuestion) and is_answered(value):
                    yield from _plain_english(
                        str(value), key, f'{who}the answer to "{_name(ctx.q, question)}"', False
                    )
                if isinstance(question, TableQuestion) and isinstance(value, list):
                    for index, cells in enumerate(value):
                        if not isinstance(cells, dict):
                            continue
                        for column in question.columns:
                            text = cells.get(column.id)
                            if isinstance(column, TextQuestion | LongTextQuestion) and is_answered(
                                text
                            ):
                                yield from _plain_english(
                                    str(text),
                                    f"{key}[{index}].{column.id}",
                                    f'{_row_name(question, index, cells)}, "{column.label}",',
                                    False,
                                )


def _plain_english_help(ctx: _Context) -> Iterator[Finding]:
    """The questionnaire's own words: section introductions and help texts, each once."""
    seen: set[str] = set()

    def once(text: str, key: str, what: str) -> Iterator[Finding]:
        text = ctx.q.words(text)
        if text and text not in seen:
            seen.add(text)
            yield from _plain_english(text, key, what, True)

    for section in ctx.q.sections:
        if not ctx.asked(section):
            continue
        yield from once(section.intro, section.id, f'The introduction to "{section.title}"')
        if section.per_characteristic:
            for c in ctx.q.characteristics:
                yield from once(
                    c.help, f"{section.id}.{c.id}", f'The help for the characteristic "{c.label}"'
                )
        for question in section.questions:
            key = f"{section.id}.{question.id}"
            yield from once(question.help, key, f'The help for "{_name(ctx.q, question)}"')
            if isinstance(question, ChoiceQuestion):
                for option in ctx.q.options_for(question):
                    yield from once(option.help, key, f'The help for the answer "{option.label}"')
            if isinstance(question, TableQuestion):
                for column in question.columns:
                    yield from once(
                        column.help, f"{key}.{column.id}", f'The help for "{column.label}"'
                    )


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
