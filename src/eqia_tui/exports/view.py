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
  then the sign-off record (if any), then the review (if any): the status history and the
  comments, which can be left out for publication.
"""

from __future__ import annotations

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
from eqia_tui.core.rules.weighting import suggest
from eqia_tui.exports.document import (
    LEVEL_COLOURS,
    NONE_GIVEN,
    NOT_ANSWERED,
    NOT_ASKED,
    TONES,
    Cell,
    DocumentView,
    Field,
    Heading,
    Item,
    Note,
    Part,
    Table,
    blocks,
    date_words,
)
from eqia_tui.exports.record import (
    changed_since_signed,
    history_part,
    review_part,
    review_words,
    signed_part,
)

__all__ = [
    "LEVEL_COLOURS",
    "NONE_GIVEN",
    "NOT_ANSWERED",
    "NOT_ASKED",
    "TONES",
    "Cell",
    "DocumentView",
    "Field",
    "Heading",
    "Item",
    "Note",
    "Part",
    "Table",
    "answer_words",
    "blocks",
    "build_view",
    "changed_since_signed",
    "date_words",
    "grid_columns",
    "history_part",
    "signed_part",
    "status_words",
    "table_rows",
]


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


def build_view(
    questionnaire: Questionnaire, assessment: Assessment, comments: bool = True
) -> DocumentView:
    """The assessment as every reader's format shows it. Without `comments`, the review's
    comments are left out (for publication); its status history stays."""
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
    review = review_words(assessment)
    if review:
        about.append(Field("review", "Review", Cell(review)))
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
    record = review_part(questionnaire, assessment, comments)
    if record is not None:
        parts.append(record)
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
