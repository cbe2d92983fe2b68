"""A format-neutral view of an assessment: what every reader export shows, in words.

The Markdown, HTML, Word and CSV exports all render this view, so the wording of an
answer ("Medium", "Yes", "Age, Disability", "01/12/2026"), which questions are shown and
how the screening grid is laid out are decided once, here.

Layout, for any questionnaire:
- one part per section that is asked, in the questionnaire's order, with only the
  questions that are asked;
- a grid section becomes one table: a row per characteristic, a column per question.
  A question asked only after a "yes" (such as "How affected") is folded into its yes/no
  column as the detail of the "Yes";
- a table question (such as the action plan) becomes a table of its rows;
- the version history comes straight after the first section, as in the council template,
  and the sign-off record (if any) at the end.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Literal

from eqia_tui.core.model.assessment import (
    Assessment,
    column_state,
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
    LongTextQuestion,
    Questionnaire,
    Section,
    TableQuestion,
    TextQuestion,
    YesNoQuestion,
)
from eqia_tui.core.review.waivers import waivers_of
from eqia_tui.core.text.problems import english_list

NOT_ANSWERED = "Not answered"
"""Shown for a required answer that is missing."""
NONE_GIVEN = "Not given"
"""Shown for an optional answer left empty ("None" would read as an answer, such as no cost)."""
NOT_ASKED = "Not asked"
"""Shown in a table for a column its row does not ask (a cost after "Does it cost money? No")."""

TONES = ("high", "medium", "low", "none", "unknown")
"""Levels that get a colour as an extra (the words are always there too)."""


@dataclass(frozen=True)
class Cell:
    """One answer as words. `detail` is the explanation folded in after a "Yes"."""

    text: str
    missing: bool = False
    """True when the answer is required but not given."""
    detail: str = ""
    tone: str = ""
    """A level such as "high", for colour as an extra; empty for no colour."""
    asked: bool = True
    """False for a cell of a table whose column this row does not ask: it has no text."""

    @property
    def shown(self) -> str:
        if self.text:
            return self.text
        if not self.asked:
            return NOT_ASKED
        return NOT_ANSWERED if self.missing else NONE_GIVEN

    def flat(self, separator: str = ": ") -> str:
        """The text and its detail on one line."""
        return f"{self.shown}{separator}{self.detail}" if self.detail else self.shown


@dataclass(frozen=True)
class Field:
    key: str
    label: str
    value: Cell
    long: bool = False
    """Long text: shown as a paragraph under its label rather than in a short row."""


@dataclass(frozen=True)
class Table:
    key: str
    caption: str
    columns: list[str]
    rows: list[list[Cell]]
    row_headers: bool = False
    """The first cell of each row names the row (the characteristic)."""
    empty_text: str = ""
    """Said instead of the table when there are no rows."""
    legend: list[tuple[str, str]] = field(default_factory=list)
    """(column heading, the full question) where the heading is a shortened form."""
    weights: list[float] = field(default_factory=list)
    """How much room each column wants, relative to the others (long text wants more)."""

    @property
    def wide(self) -> bool:
        return len(self.columns) > 4


Item = Field | Table


@dataclass(frozen=True)
class Part:
    id: str
    title: str
    items: list[Item] = field(default_factory=list)
    layout: Literal["fields", "text"] = "fields"
    """"fields": short answers, shown as label and answer side by side. "text": mostly long
    answers, each under its own heading."""


@dataclass(frozen=True)
class DocumentView:
    title: str
    about: list[Field]
    parts: list[Part]
    updated: datetime | None = None
    """When the answers last changed: the date a document made from them carries."""
    status: str = ""
    """Where the document stands, for a banner and the page header: a draft, or signed off."""

    def part(self, part_id: str) -> Part | None:
        return next((p for p in self.parts if p.id == part_id), None)

    def tables(self) -> list[Table]:
        return [item for p in self.parts for item in p.items if isinstance(item, Table)]


# --- Answers as words --------------------------------------------------------------------------


def date_words(value: Any) -> str:
    """A date as dd/mm/yyyy, a date and time as dd/mm/yyyy HH:MM; anything else as text."""
    if isinstance(value, datetime):
        return value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    return "" if value is None else str(value)


def answer_words(
    questionnaire: Questionnaire, question: AnyQuestion, value: Any, joiner: str = ", "
) -> str:
    """An answer in the words the officer saw; "" when not answered.

    Characteristics are joined with `joiner` ("; " suits a spreadsheet cell).
    """
    if not is_answered(value):
        return ""
    if isinstance(question, CharacteristicsQuestion):
        chosen = value if isinstance(value, list) else [value]
        if ALL in chosen:
            return "All"
        return joiner.join(questionnaire.label_of(question, [cid]) for cid in chosen)
    if isinstance(question, TableQuestion):
        count = len(value) if isinstance(value, list) else 0
        return f"{count} {question.row_label}{'' if count == 1 else 's'}"
    return questionnaire.label_of(question, value)


def _tone(questionnaire: Questionnaire, question: AnyQuestion, value: Any) -> str:
    """Colour only the answers that measure risk: those the weighting rules look at, and the
    officer's weighting. A high positive impact is good news and stays uncoloured."""
    weighting = questionnaire.weighting
    if weighting is None or not isinstance(question, ChoiceQuestion) or value not in TONES:
        return ""
    rating = questionnaire.resolve(weighting.rating_question)
    if rating is not None and rating[1] is question:
        return str(value)
    watched = {c.question for rule in weighting.rules for c in rule.when} | set(weighting.needs)
    grid = questionnaire.section(weighting.grid)
    if grid is not None and grid.question(question.id) is question and question.id in watched:
        return str(value)
    return ""


def _is_long(question: AnyQuestion) -> bool:
    return isinstance(question, LongTextQuestion)


def _weight(question: AnyQuestion) -> float:
    """Room a column wants: long text most, then yes/no with details, then short answers."""
    if isinstance(question, LongTextQuestion):
        return 3.0
    if isinstance(question, CharacteristicsQuestion):
        return 2.4
    if isinstance(question, TextQuestion):
        return 2.0
    return 1.5


# --- Building the view -------------------------------------------------------------------------


def build_view(questionnaire: Questionnaire, assessment: Assessment) -> DocumentView:
    title = f"{questionnaire.title}: {assessment.title}"
    status = status_words(questionnaire, assessment)
    about = [
        Field("status", "Status", Cell(status)),
        Field(
            "questionnaire", "Form", Cell(f"{questionnaire.title}, version {questionnaire.version}")
        ),
        Field("id", "Reference", Cell(assessment.id)),
        Field("created", "Started", Cell(date_words(assessment.created.date()))),
        Field("updated", "Last updated", Cell(date_words(assessment.updated.date()))),
    ]
    parts: list[Part] = []
    for section in questionnaire.sections:
        if not section_asked(questionnaire, assessment, section):
            continue
        if section.per_characteristic:
            parts.append(_grid_part(questionnaire, assessment, section))
        else:
            parts.append(_section_part(questionnaire, assessment, section))
        if len(parts) == 1:
            parts.append(history_part(assessment))
    if not parts:
        parts.append(history_part(assessment))
    signed = signed_part(questionnaire, assessment)
    if signed is not None:
        parts.append(signed)
    return DocumentView(
        title=title, about=about, parts=parts, updated=assessment.updated, status=status
    )


def status_words(questionnaire: Questionnaire, assessment: Assessment) -> str:
    """Where the assessment stands, in a phrase a reader of a printed copy needs first."""
    signed = assessment.signed
    if not signed:
        return "Draft, not yet signed off"
    when = date_words(signed.get("at"))
    when = when.split()[0] if when else ""
    words = f"Signed off{f' on {when}' if when else ''}"
    if changed_since_signed(questionnaire, assessment):
        return f"{words}, but changed since"
    return words


def grid_columns(section: Section) -> list[tuple[AnyQuestion, AnyQuestion | None]]:
    """The columns of a grid: (question, the follow-up folded into it or None).

    A question asked only when a yes/no question of the same grid is yes is folded into
    that yes/no question's column.
    """
    folded: dict[str, AnyQuestion] = {}
    for question in section.questions:
        if len(question.ask_when) != 1:
            continue
        condition = question.ask_when[0]
        target = section.question(condition.question)
        if (
            isinstance(target, YesNoQuestion)
            and condition.equals is True
            and target.id not in folded
        ):
            folded[target.id] = question
    hidden = {q.id for q in folded.values()}
    return [(q, folded.get(q.id)) for q in section.questions if q.id not in hidden]


def _grid_part(questionnaire: Questionnaire, assessment: Assessment, section: Section) -> Part:
    columns = grid_columns(section)
    rows: list[list[Cell]] = []
    for characteristic in questionnaire.characteristics:
        row = assessment.row(section.id, characteristic.id)
        cells = [Cell(characteristic.label)]
        for question, follow_up in columns:
            cell = _cell(questionnaire, assessment, section, question, row)
            if follow_up is not None and question_asked(
                questionnaire, assessment, section, follow_up, row
            ):
                detail = _cell(questionnaire, assessment, section, follow_up, row)
                cell = Cell(cell.text, cell.missing, detail.text or detail.shown + ".", cell.tone)
            cells.append(cell)
        rows.append(cells)
    legend = [
        (question.title, questionnaire.words(question.label))
        for question, _ in columns
        if len(question.label.split()) > len(question.title.split()) + 2
    ]
    table = Table(
        key=section.id,
        caption=f"{section.title}: answers for each protected characteristic",
        columns=["Characteristic", *(q.title for q, _ in columns)],
        rows=rows,
        row_headers=True,
        legend=legend,
        weights=[1.8, *(3.0 if follow else _weight(q) for q, follow in columns)],
    )
    return Part(section.id, section.title, [table])


def _cell(
    questionnaire: Questionnaire,
    assessment: Assessment,
    section: Section,
    question: AnyQuestion,
    local: dict[str, Any],
) -> Cell:
    value = local.get(question.id)
    if not question_asked(questionnaire, assessment, section, question, local):
        return Cell("")
    text = answer_words(questionnaire, question, value)
    missing = not text and question_required(questionnaire, assessment, section, question, local)
    return Cell(text, missing=missing, tone=_tone(questionnaire, question, value) if text else "")


def table_rows(
    questionnaire: Questionnaire, question: TableQuestion, value: Any, joiner: str = ", "
) -> list[list[Cell]]:
    """The rows of a table question as words, one cell per column.

    A column that a row does not ask (see `column_state`) gets an empty cell marked not
    asked, even when the row still holds an answer given before the answer it depends on
    changed: the documents show what the form asks, as the checks do.
    """
    rows: list[list[Cell]] = []
    for row in value if isinstance(value, list) else []:
        if not isinstance(row, dict):
            continue
        cells = []
        for column in question.columns:
            state = column_state(questionnaire, question, column, row)
            if not state.asked:
                cells.append(Cell("", asked=False))
                continue
            text = answer_words(questionnaire, column, row.get(column.id), joiner)
            cells.append(Cell(text, missing=not text and state.required))
        rows.append(cells)
    return rows


def _table(
    questionnaire: Questionnaire,
    section: Section,
    question: TableQuestion,
    value: Any,
    caption: str,
) -> Table:
    rows = table_rows(questionnaire, question, value)
    # A column with no answer and none missing in any row (an optional due date nobody
    # set, or a cost no row asks for) says nothing to a reader and takes room from the others.
    kept = [
        index
        for index in range(len(question.columns))
        if not rows or any(row[index].text or row[index].missing for row in rows)
    ]
    return Table(
        key=f"{section.id}.{question.id}",
        caption=caption,
        columns=[question.columns[i].label for i in kept],
        rows=[[row[i] for i in kept] for row in rows],
        empty_text=f"No {question.row_label}s yet.",
        weights=[_weight(question.columns[i]) for i in kept],
    )


def _section_part(questionnaire: Questionnaire, assessment: Assessment, section: Section) -> Part:
    local = assessment.answers.get(section.id, {})
    items: list[Item] = []
    shown = [
        question
        for question in section.questions
        if question_asked(questionnaire, assessment, section, question, local)
    ]
    for question in shown:
        key = f"{section.id}.{question.id}"
        if isinstance(question, TableQuestion):
            # A table that is the whole section is captioned by the section's title alone.
            caption = (
                section.title
                if len(shown) == 1
                else f"{section.title}: {questionnaire.words(question.label)}"
            )
            value = local.get(question.id)
            items.append(_table(questionnaire, section, question, value, caption))
            continue
        items.extend(_suggestion_fields(questionnaire, assessment, key))
        label = questionnaire.words(question.label)
        cell = _cell(questionnaire, assessment, section, question, local)
        items.append(Field(key, label, cell, long=_is_long(question)))
    long_count = sum(1 for q in shown if _is_long(q))
    layout: Literal["fields", "text"] = "text" if long_count * 2 > len(shown) else "fields"
    return Part(section.id, section.title, items, layout)


def _suggestion_fields(
    questionnaire: Questionnaire, assessment: Assessment, key: str
) -> list[Field]:
    """The tool's suggestion, shown just before the officer's own weighting and judgement."""
    weighting = questionnaire.weighting
    if weighting is None or key not in (weighting.rating_question, weighting.judgement_question):
        return []
    from eqia_tui.core.rules.weighting import suggest

    suggestion = suggest(questionnaire, assessment)
    if key == weighting.rating_question:
        scale = questionnaire.scales.get(weighting.scale)
        option = scale.option(suggestion.suggested_rating or "") if scale else None
        grid = questionnaire.section(weighting.grid)
        where = grid.title.lower() if grid else "answers"
        return [
            Field(
                "computed.suggested_rating",
                f"Weighting suggested by the tool from the {where}",
                Cell(
                    option.label if option else "",
                    tone=suggestion.suggested_rating or "",
                ),
            ),
            Field(
                "computed.reasons",
                "Why the tool suggests it",
                Cell(" ".join(suggestion.reasons)),
                long=True,
            ),
        ]
    judgement = questionnaire.resolve(weighting.judgement_question)
    words = (
        questionnaire.label_of(judgement[1], suggestion.suggested_judgement)
        if judgement and suggestion.suggested_judgement
        else ""
    )
    return [Field("computed.suggested_judgement", "Judgement suggested by the tool", Cell(words))]


def history_part(assessment: Assessment) -> Part:
    rows = [
        [
            Cell(str(entry.get("version", ""))),
            Cell(str(entry.get("author", ""))),
            Cell(date_words(entry.get("date"))),
            Cell(str(entry.get("comment", ""))),
        ]
        for entry in assessment.history
        if isinstance(entry, dict)
    ]
    table = Table(
        key="history",
        caption="Version history",
        columns=["Version", "Author", "Date", "Comment"],
        rows=rows,
        empty_text="No versions recorded yet.",
        weights=[1.0, 1.5, 1.2, 4.0],
    )
    return Part("history", "Version history", [table])


def signed_part(questionnaire: Questionnaire, assessment: Assessment) -> Part | None:
    """Who signed the answers off, whether they changed since and the errors waived at
    sign-off, with the reasons; None when not signed."""
    signed = assessment.signed
    if not signed:
        return None
    fields: list[Item] = [
        Field("signed.by", "Signed off by", Cell(str(signed.get("by", "")))),
        Field("signed.at", "Signed off on", Cell(date_words(signed.get("at")))),
    ]
    if signed.get("version"):
        fields.append(Field("signed.version", "Version signed", Cell(str(signed["version"]))))
    if signed.get("sha256"):
        fields.append(
            Field(
                "signed.sha256",
                "Fingerprint of what was signed (it shows later changes, not who signed)",
                Cell(str(signed["sha256"])),
            )
        )
    changed = changed_since_signed(questionnaire, assessment)
    if changed is not None:
        from eqia_tui.core.review.fingerprint import change_name

        named = [change_name(key) for key in changed]
        text = (
            "No: the answers are the same as when they were signed off."
            if not changed
            else f"Yes: {english_list(named)} changed after sign-off."
        )
        fields.append(Field("signed.changed", "Changed since sign-off", Cell(text), long=True))
    waivers = waivers_of(signed)
    if waivers:
        fields.append(
            Table(
                key="signed.waivers",
                caption="Errors waived at sign-off",
                columns=[
                    "What the check found",
                    "Reason for signing off despite it",
                    "Waived by",
                    "Date",
                ],
                rows=[
                    [
                        Cell(w.message or f"{w.finding} at {w.key}"),
                        Cell(w.reason),
                        Cell(w.by),
                        Cell(date_words(w.at.date())),
                    ]
                    for w in waivers
                ],
                weights=[3.0, 3.0, 1.5, 1.2],
            )
        )
    return Part("signed", "Sign-off record", fields)


def changed_since_signed(questionnaire: Questionnaire, assessment: Assessment) -> list[str] | None:
    """Key paths changed since sign-off; None when not signed or it cannot be checked here."""
    if not assessment.signed:
        return None
    try:
        from eqia_tui.core.review.fingerprint import verify
    except ImportError:  # pragma: no cover - signing lands separately
        return None
    result = verify(questionnaire, assessment)
    if not result.signed:
        return None
    changed = list(result.changed)
    if not changed and not result.ok:
        return ["the answers"]
    return changed
