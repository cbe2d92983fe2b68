"""What the checks share: the questionnaire, the answers and the day they are checked on
(`Context`), and every written answer with where it is and how messages name it."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from eqia_tui.core.checks import naming
from eqia_tui.core.model.assessment import Assessment, question_asked, section_asked
from eqia_tui.core.model.conditions import is_answered
from eqia_tui.core.model.questionnaire import (
    AnyQuestion,
    ChoiceQuestion,
    LongTextQuestion,
    Questionnaire,
    Section,
    TableQuestion,
    TextQuestion,
)


@dataclass(frozen=True)
class Context:
    q: Questionnaire
    a: Assessment
    today: date

    def asked(self, section: Section) -> bool:
        return section_asked(self.q, self.a, section)

    def name(self, question: AnyQuestion) -> str:
        return naming.question_name(self.q, question)

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

    def levels(self) -> list[str]:
        """The weighting's levels, highest first (none without a weighting)."""
        weighting = self.q.weighting
        scale = self.q.scales.get(weighting.scale) if weighting else None
        return scale.values() if scale else []

    def level_words(self, question: AnyQuestion, value: Any) -> str:
        return self.q.label_of(question, value)

    def rows(self, section: Section, table: TableQuestion) -> list[dict[str, Any]]:
        """The rows of a table, leaving out anything that is not a row."""
        value = self.a.get(section.id, table.id)
        return [row for row in value if isinstance(row, dict)] if isinstance(value, list) else []

    def grid_rows(self, section: Section) -> list[tuple[str | None, dict[str, Any]]]:
        """(characteristic id, answers) for each row of a grid, or (None, answers) for a
        section."""
        if section.per_characteristic:
            return [(c.id, self.a.row(section.id, c.id)) for c in self.q.characteristics]
        return [(None, self.a.answers.get(section.id, {}))]


@dataclass(frozen=True)
class Answer:
    """One written answer: where it is, how messages name it, and the words."""

    key: str
    what: str
    """ "Age: the answer to "How affected"", "in action 2 ("..."), "Owner""."""
    text: str
    in_row: bool
    """In a row of the grid or of a table, which a reader takes on its own."""


def written_answers(ctx: Context) -> list[Answer]:
    """Every text answer of the assessment, table cells included, in the questionnaire's order."""
    out: list[Answer] = []
    for section in ctx.q.sections:
        if not ctx.asked(section):
            continue
        for characteristic, row in ctx.grid_rows(section):
            who = f"{naming.characteristic(ctx.q, characteristic)}: " if characteristic else ""
            for question in section.questions:
                value = row.get(question.id)
                key = ".".join(p for p in (section.id, characteristic, question.id) if p)
                if isinstance(question, TextQuestion | LongTextQuestion) and is_answered(value):
                    out.append(
                        Answer(
                            key,
                            f"{who}the answer to {ctx.name(question)}",
                            str(value),
                            characteristic is not None,
                        )
                    )
                if isinstance(question, TableQuestion) and isinstance(value, list):
                    out += _cells(ctx, question, key, value)
    return out


def _cells(ctx: Context, table: TableQuestion, key: str, rows: list[Any]) -> list[Answer]:
    """The written cells of a table, row by row."""
    out: list[Answer] = []
    for index, cells in enumerate(rows):
        if not isinstance(cells, dict):
            continue
        for column in table.columns:
            text = cells.get(column.id)
            if isinstance(column, TextQuestion | LongTextQuestion) and is_answered(text):
                name = naming.row_name(table, index, cells)
                out.append(
                    Answer(
                        f"{key}[{index}].{column.id}",
                        f"in {name[:1].lower()}{name[1:]}, {ctx.name(column)}",
                        str(text),
                        True,
                    )
                )
    return out


def asked_answer(
    ctx: Context, ref: str | None, characteristic: str | None = None
) -> tuple[Section, AnyQuestion, Any, str] | None:
    """The question `ref` (`section.question`, as a role names it) with its answer and key
    path, when it is asked now: its section and its own `ask_when` hold. A question in a grid
    needs the characteristic whose row is meant. None when `ref` is None or names nothing."""
    found = ctx.q.resolve(ref) if ref else None
    if found is None:
        return None
    section, question = found
    if section.per_characteristic != (characteristic is not None) or not ctx.asked(section):
        return None
    if characteristic is None:
        answers = ctx.a.answers.get(section.id, {})
        key = f"{section.id}.{question.id}"
    else:
        answers = ctx.a.row(section.id, characteristic)
        key = f"{section.id}.{characteristic}.{question.id}"
    if not question_asked(ctx.q, ctx.a, section, question, answers):
        return None
    return section, question, answers.get(question.id), key


def mentions_characteristic(text: str, label: str) -> bool:
    """Whether `text` names a characteristic by its label ("Age", "Religion or belief"), as
    whole words in any case."""
    words = r"\s+".join(re.escape(w) for w in label.split())
    return re.search(rf"\b{words}\b", text, re.IGNORECASE) is not None
