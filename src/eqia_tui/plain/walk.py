"""Plain mode's walk through a draft: the wizard's steps, one question at a time, in lines.

The steps are the wizard's own (`core.model.steps.steps`), worked out again after every
answer, and a question is asked when the wizard would show it (`question_asked`, and
`column_state` for the columns of a table). Each answer is saved at once. Each question is
printed once, as a block: its words, whether it is required, its allowed answers as a
numbered list, and what Enter does. At any prompt the officer may type a command (see
`asking.COMMANDS`) or a task of `plain.tasks`.

A draft another window holds is walked read only (`PlainDraft.held_by`): it is read again
from its file before each question, so that window's changes are seen; a task that would
change it is refused, saying why; `check again` takes it once that window lets it go.

From a pipe the walk never waits for a person: a wrong answer stops it with one line
naming the question and its allowed answers (`Refused`, exit 2), and the end of the input
ends the walk, saved.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from eqia_tui.core.disk.draft_lock import Holder
from eqia_tui.core.model.assessment import (
    column_state,
    missing_answers,
    question_asked,
    question_required,
    table_rows,
)
from eqia_tui.core.model.conditions import is_answered
from eqia_tui.core.model.questionnaire import (
    AnyQuestion,
    Characteristic,
    LongTextQuestion,
    Questionnaire,
    Section,
    TableQuestion,
    TextQuestion,
)
from eqia_tui.core.model.steps import Step, characteristic_status, step_status, steps
from eqia_tui.core.rules.weighting import Suggestion, suggest
from eqia_tui.core.signing import is_read_only
from eqia_tui.core.text.problems import BadInput, english_list
from eqia_tui.plain import asking
from eqia_tui.plain.asking import Command, Wrong
from eqia_tui.plain.draft import NotSaved, PlainDraft
from eqia_tui.plain.lines import Lines, Refused
from eqia_tui.plain.reviewing import (
    REVIEW_HELP,
    REVIEW_TASKS,
    Here,
    names_comment,
    open_here,
    review_lines,
    run_review_task,
)
from eqia_tui.plain.tasks import HELP, TASKS

SHORT_ANSWER = 60
"""Characters of a long answer shown in an overview before it is cut with "...". """
MISSING_LISTED = 15
"""Missing answers named by `status` before the rest are counted."""
NOT_IN_REVIEW = frozenset({"sign", "reopen", "version", "upgrade"})
"""Tasks for the officer, not the reviewer: refused in review mode."""
REVIEWING = (
    "You are reviewing, so the answers are read only. Type comment to comment on this question."
)
SIGNED_OFF = (
    "This assessment is signed off, so its answers are read only. Type reopen to change them."
)
CHANGES_THE_DRAFT = frozenset(
    {"sign", "reopen", "version", "comment", "reply", "resolve", "submit", "approve"}
    | {"changes", "withdraw", "upgrade"}
)
"""Tasks that write the draft: refused while another window holds it. `check`, `export`
and `comments` only read it."""
CHECK_AGAIN = (
    "see whether the other window has let the draft go; if it has, you can change the answers"
)


def held_line(holder: Holder) -> str:
    """Who holds the draft, that its answers are read only here, and what to do."""
    return (
        f"Open in another window: {holder.words()}. The answers are read only here. "
        "To change them, close it there, then type check again."
    )


@dataclass(frozen=True)
class Place:
    """Somewhere the walk stops: a question (of a section, or of one characteristic's row of
    a grid), or an overview or the summary, which ask nothing."""

    step: Step
    number: int
    """The step's number, from 1."""
    characteristic: Characteristic | None = None
    question: AnyQuestion | None = None

    @property
    def key(self) -> tuple[str, str, str]:
        return (
            self.step.id,
            self.characteristic.id if self.characteristic else "",
            self.question.id if self.question else "",
        )


def places(draft: PlainDraft) -> list[Place]:
    """Every place of the walk, in order, for the answers as they are now."""
    q, a = draft.questionnaire, draft.assessment
    out: list[Place] = []
    for number, step in enumerate(steps(q, a), 1):
        section = step.section
        if step.kind == "grid" and section is not None:
            for characteristic in q.characteristics:
                row = a.row(section.id, characteristic.id)
                out.extend(
                    Place(step, number, characteristic, question)
                    for question in section.questions
                    if question_asked(q, a, section, question, row)
                )
        elif step.kind == "section" and section is not None:
            local = a.answers.get(section.id, {})
            out.extend(
                Place(step, number, None, question)
                for question in section.questions
                if question_asked(q, a, section, question, local)
            )
        else:
            out.append(Place(step, number))
    return out


@dataclass(frozen=True)
class Move:
    """Where the walk goes after a place: next, back, to a place (`to`), quit or end."""

    kind: str
    to: tuple[str, str, str] | None = None


NEXT = Move("next")
BACK = Move("back")
QUIT = Move("quit")
AGAIN = Move("again")
"""The same place again, as the file is now (after `check again`)."""
END = Move("end")
"""The end of the input."""


@dataclass(frozen=True)
class Given:
    """What came back from a prompt: an answer, Enter (`keep`), a command, or the end."""

    kind: str
    value: Any = None
    command: Command | None = None


class Walk:
    """One walk through one draft."""

    def __init__(self, draft: PlainDraft, lines: Lines, review: bool = False) -> None:
        self.draft = draft
        self.lines = lines
        self.review = review
        """Review mode: the answers are read only, the comments writable."""
        self.tasks = frozenset(TASKS) | frozenset(REVIEW_TASKS)
        self._step_shown = ""
        self._characteristic_shown = ""

    # --- Saying things ---------------------------------------------------------------------

    @property
    def q(self) -> Questionnaire:
        return self.draft.questionnaire

    def locked(self) -> bool:
        """The answers cannot change: in review mode, while another window holds the draft,
        or once signed off."""
        return self.review or self.draft.held_by is not None or is_read_only(self.draft.assessment)

    def read_only(self, key: str) -> None:
        """An answer given in review mode, while another window holds the draft, or to a
        signed-off assessment: said in one line at a terminal, refused from a pipe."""
        holder = self.draft.held_by
        if self.review:
            message = REVIEWING
        elif holder is not None:
            message = held_line(holder)
        else:
            message = SIGNED_OFF
        if not self.lines.interactive:
            raise Refused(f"{key}: {message}")
        self.say(message)

    def say(self, text: str = "") -> None:
        self.lines.say(text)

    def words(self, text: str) -> str:
        return self.q.words(text)

    def step_header(self, place: Place, total: int) -> None:
        q, a = self.q, self.draft.assessment
        status = step_status(q, a, place.step)
        self.say()
        self.say(
            f"Step {place.number} of {total}: {place.step.title}. {status.value.capitalize()}."
        )
        section = place.step.section
        said = open_here(a, section.id if section is not None else "", "step")
        if said:
            self.say(said)
        if section is not None and section.intro and place.step.kind != "overview":
            self.say(self.words(section.intro))
        self._step_shown = place.step.id
        self._characteristic_shown = ""

    def characteristic_header(self, place: Place) -> None:
        characteristic, section = place.characteristic, place.step.section
        assert characteristic is not None and section is not None
        q, a = self.q, self.draft.assessment
        ids = [c.id for c in q.characteristics]
        status = characteristic_status(q, a, section, characteristic.id)
        self.say()
        self.say(
            f"{characteristic.label}, characteristic {ids.index(characteristic.id) + 1} "
            f"of {len(ids)}. {status.value.capitalize()}."
        )
        self.say(characteristic.help)
        said = open_here(a, f"{section.id}.{characteristic.id}", "characteristic")
        if said:
            self.say(said)
        self._characteristic_shown = characteristic.id

    # --- The walk ----------------------------------------------------------------------------

    def run(self) -> int:
        draft = self.draft
        self.say(f"{draft.assessment.title}: {draft.questionnaire.title}.")
        self.say(f"The draft is saved in {draft.path}.")
        for note in draft.notes:
            self.say(note)
        if draft.held_by is not None:
            self.say(held_line(draft.held_by))
        if self.review:
            self.say(
                "You are reviewing: the answers are read only, and you can comment on any "
                "of them. Enter goes on to the next question."
            )
        if self.review or draft.assessment.review:
            for line in review_lines(draft.questionnaire, draft.assessment, not self.review):
                self.say(line)
        self.say("Type help at any question for its help and the commands.")
        found = places(draft)
        start = self._start(found)
        key = found[start].key
        while True:
            if draft.held_by is not None:
                draft.reload()  # show the answers as the other window saved them
            found = places(draft)
            index = self._index(found, key)
            place = found[index]
            if place.step.id != self._step_shown:
                self.step_header(place, found[-1].number)
            if place.characteristic and place.characteristic.id != self._characteristic_shown:
                self.characteristic_header(place)
            move = self.visit(place)
            if move.kind in ("quit", "end"):
                return self.finish()
            found = places(draft)
            index = self._index(found, key)
            if move.kind == "next":
                if index + 1 >= len(found):
                    return self.finish()
                key = found[index + 1].key
            elif move.kind == "back":
                earlier = [p for p in found[:index] if p.question is not None]
                if earlier:
                    key = earlier[-1].key
                else:
                    self.say("This is the first question.")
            elif move.to is not None:
                key = move.to
                self._step_shown = ""  # say where the jump landed

    def _start(self, found: list[Place]) -> int:
        """Where a walk starts: the summary of a signed draft, else the first question still
        to answer (the first question of a new draft)."""
        a = self.draft.assessment
        if self.review:
            return 0
        if is_read_only(a):
            self.say(SIGNED_OFF)
            return len(found) - 1
        missing = missing_answers(self.q, a)
        if not missing:
            return len(found) - 1
        first = missing[0]
        for index, place in enumerate(found):
            same_place = place.step.section is not None and (
                place.step.section.id == first.section
                and place.question is not None
                and place.question.id == first.question
                and (place.characteristic.id if place.characteristic else None)
                == first.characteristic
            )
            if same_place:
                if index > 0:
                    self.say(
                        "Starting at the first question still to answer. "
                        "Type jump 1 to start from the beginning."
                    )
                return index
        return 0

    @staticmethod
    def _index(found: list[Place], key: tuple[str, str, str]) -> int:
        """Where `key` is now; if it is no longer asked, the nearest place after it in its
        step, else the start of its step, else the summary."""
        for index, place in enumerate(found):
            if place.key == key:
                return index
        for index, place in enumerate(found):
            if place.step.id == key[0]:
                return index
        return len(found) - 1

    def finish(self) -> int:
        """Save, say where the draft is, and end (exit 0)."""
        if self.draft.held_by is not None:
            self.say()
            self.say(f"Nothing was changed here. The draft is in {self.draft.path}.")
            self.say(f"To open it again, type: eqia open {self.draft.assessment.id} --plain")
            return 0
        try:
            self.draft.save()
        except NotSaved as error:
            self.say(str(error))
            self.lines.complain(str(error))
            return 2
        a = self.draft.assessment
        self.say()
        self.say(f"Saved. The draft is in {self.draft.path}.")
        self.say(f"To go on later, type: eqia {'review' if self.review else 'open'} {a.id} --plain")
        return 0

    def visit(self, place: Place) -> Move:
        if place.question is None:
            if place.step.kind == "overview":
                self.overview(place)
                return NEXT
            return self.summary(place)
        if isinstance(place.question, TableQuestion):
            return self.table(place, place.question)
        return self.question(place, place.question)

    # --- One question -----------------------------------------------------------------------

    def _row(self, place: Place) -> dict[str, Any]:
        section = place.step.section
        assert section is not None
        a = self.draft.assessment
        if place.characteristic is not None:
            return a.row(section.id, place.characteristic.id)
        local = a.answers.get(section.id, {})
        return local if isinstance(local, dict) else {}

    def _key_path(self, place: Place, question: AnyQuestion) -> str:
        section = place.step.section
        assert section is not None
        parts = [section.id, place.characteristic.id if place.characteristic else "", question.id]
        return ".".join(p for p in parts if p)

    def question(self, place: Place, question: AnyQuestion) -> Move:
        section = place.step.section
        assert section is not None
        q, a = self.q, self.draft.assessment
        row = self._row(place)
        required = question_required(q, a, section, question, row)
        suggested = self._suggestion_for(section, question)
        given = self.ask(
            question, row.get(question.id), self._key_path(place, question), required, suggested
        )
        while given.kind == "command":
            assert given.command is not None
            move = self.command_move(given.command, place)
            if move is not None:
                return move
            if given.command.word == "clear":
                if not self.locked():
                    self.store(place, question, None)
                    return NEXT
                self.read_only(self._key_path(place, question))
            given = self.ask(
                question,
                row.get(question.id),
                self._key_path(place, question),
                required,
                suggested,
                again=True,
            )
        if given.kind == "end":
            return END
        if given.kind == "answer":
            self.store(place, question, given.value)
        else:
            self.say("Kept." if is_answered(row.get(question.id)) else "Left unanswered.")
        return NEXT

    def _suggestion_for(self, section: Section, question: AnyQuestion) -> Any:
        """Before the weighting question: the suggested weighting and why; before the
        judgement: the suggested judgement and why. Said, never stored."""
        weighting = self.q.weighting
        if weighting is None:
            return None
        ref = f"{section.id}.{question.id}"
        if ref not in (weighting.rating_question, weighting.judgement_question):
            return None
        suggestion = suggest(self.q, self.draft.assessment)
        if ref == weighting.rating_question:
            self.say_weighting(suggestion, question)
            return suggestion.suggested_rating
        if suggestion.suggested_judgement is not None:
            words = asking.answer_words(self.q, question, suggestion.suggested_judgement)
            self.say(f"Suggested: {words}.")
            for reason in suggestion.judgement_reasons:
                self.say(f"Why: {reason}")
        return suggestion.suggested_judgement

    def say_weighting(self, suggestion: Suggestion, question: AnyQuestion | None = None) -> None:
        weighting = self.q.weighting
        if weighting is None or suggestion.suggested_rating is None:
            for reason in suggestion.reasons:
                self.say(reason)
            return
        if question is None:
            found = self.q.resolve(weighting.rating_question)
            question = found[1] if found else None
        words = (
            asking.answer_words(self.q, question, suggestion.suggested_rating)
            if question is not None
            else suggestion.suggested_rating
        )
        section_id, _, question_id = weighting.rating_question.partition(".")
        own = self.draft.assessment.get(section_id, question_id)
        if own and question is not None:
            self.say(f"Suggested weighting: {words}.")
            self.say(f"Your weighting: {asking.answer_words(self.q, question, own)}.")
        else:
            self.say(f"Suggested weighting: {words}. It is only stored if you choose it.")
        for reason in suggestion.reasons:
            self.say(f"Why: {reason}")

    def ask(
        self,
        question: AnyQuestion,
        value: Any,
        key: str,
        required: bool,
        suggested: Any = None,
        *,
        again: bool = False,
    ) -> Given:
        """Print the question's block (or, `again`, a reminder of it), then read answers until
        one can be used, a command, or the end."""
        q = self.q
        label = self.words(question.label)
        if again:
            self.say(f"Back to the question: {label}")
        else:
            self.say()
            said = open_here(self.draft.assessment, key, "question")
            if said:
                self.say(said)
            self.say(label)
            self.say("Required." if required else "Optional.")
            listed = asking.choices(q, question)
            for number, (option, words) in enumerate(listed, 1):
                mark = " (suggested)" if suggested is not None and option == suggested else ""
                self.say(f"{number}. {words}{mark}")
            self.say(asking.how_to_answer(question))
            if isinstance(question, LongTextQuestion) and isinstance(value, str) and value:
                self.say("The answer now is:")
                self.say(value)
        self.say(asking.default_line(q, question, value))
        # With the answers read only, nothing typed is an answer: `changes Name the
        # evidence` is the task even at a text question.
        free_text = isinstance(question, TextQuestion | LongTextQuestion) and not self.locked()
        while True:
            line = self.lines.ask("Answer: ")
            if line is None:
                return Given("end")
            found = asking.command_in(line, self.tasks, free_text)
            if found is not None:
                if found.word == "help":
                    self.help(question)
                    self.say(asking.default_line(q, question, value))
                    continue
                return Given("command", command=found)
            if not line.strip():
                return Given("keep")
            if self.locked():
                self.read_only(key)
                continue
            text = asking.answer_text(line)
            if isinstance(question, LongTextQuestion):
                text = self.lines.rest_of_long(text)
                if not text.strip():
                    return Given("keep")
            try:
                return Given("answer", asking.read_answer(q, question, text))
            except Wrong as wrong:
                allowed = asking.allowed_line(q, question)
                if not self.lines.interactive:
                    raise Refused(f"{key} ({label}): {wrong} Allowed answers: {allowed}.") from None
                # A list of answers is said again; a date or a text has its reason only.
                listed = asking.choices(q, question)
                self.say(f"{wrong} Allowed answers: {allowed}." if listed else str(wrong))

    def store(self, place: Place, question: AnyQuestion, value: Any) -> None:
        """Record an answer and save it at once; say so in words, and say which steps
        came or went because of it."""
        section = place.step.section
        assert section is not None
        a = self.draft.assessment
        before = [s.title for s in steps(self.q, a)]
        characteristic = place.characteristic.id if place.characteristic else None
        changed = a.set(section.id, question.id, value, characteristic)
        if not changed:
            return
        self.save_now("Answer removed." if value is None else None)
        after = [s.title for s in steps(self.q, a)]
        came = [t for t in after if t not in before]
        went = [t for t in before if t not in after]
        if came:
            self.say(f"Because of this answer, this step is now asked: {english_list(came)}.")
        if went:
            self.say(f"Because of this answer, this step is no longer asked: {english_list(went)}.")

    def save_now(self, said: str | None = None) -> None:
        try:
            self.draft.save()
        except NotSaved as error:
            self.say(str(error))
            return
        self.say(said or "Saved.")

    # --- A table (the action plan) -------------------------------------------------------------

    def _rows(self, place: Place, table: TableQuestion) -> list[dict[str, Any]]:
        """A copy of the table's rows, to change and store."""
        return [dict(row) for _, row in table_rows(self._row(place).get(table.id))]

    def _row_words(self, table: TableQuestion, row: dict[str, Any]) -> str:
        q = self.q
        said = []
        for column in table.columns:
            if not column_state(q, table, column, row).asked:
                continue
            words = " ".join(asking.answer_words(q, column, row.get(column.id)).split())
            said.append(_sentence(f"{column.title}: {words}"))
        return " ".join(said)

    def table(self, place: Place, table: TableQuestion) -> Move:
        section = place.step.section
        assert section is not None
        q, a = self.q, self.draft.assessment
        key = self._key_path(place, table)
        noun = table.row_label
        self.say()
        said = open_here(a, key, "question")
        if said:
            self.say(said)
        self.say(self.words(table.label))
        required = question_required(q, a, section, table, self._row(place))
        self.say("Required." if required else "Optional.")
        while True:
            rows = self._rows(place, table)
            if rows:
                count = len(rows)
                plural = "is" if count == 1 else "are", "" if count == 1 else "s"
                self.say(f"There {plural[0]} {count} {noun}{plural[1]}:")
                for number, row in enumerate(rows, 1):
                    self.say(f"{noun.capitalize()} {number}. {self._row_words(table, row)}")
            else:
                self.say(f"There is no {noun} yet.")
            self.say(
                f"Type add for a new {noun}"
                + (
                    ", change and a number to change one, remove and a number to remove one"
                    if rows
                    else ""
                )
                + ", or done (or Enter) to go on."
            )
            line = self.lines.ask("Answer: ")
            if line is None:
                return END
            word, _, rest = line.strip().casefold().partition(" ")
            if word in ("", "done"):
                return NEXT
            if word in ("add", "change", "remove"):
                if self.locked():
                    self.read_only(key)
                    continue
                move = self.table_change(place, table, key, word, rest.strip(), rows)
                if move is not None:
                    return move
                continue
            found = asking.command_in(line, self.tasks, False)
            if found is None:
                message = (
                    f'"{line.strip()}" is not something to do here. Allowed: add, '
                    "change and a number, remove and a number, or done."
                )
                if not self.lines.interactive:
                    raise Refused(f"{key} ({self.words(table.label)}): {message}")
                self.say(message)
                continue
            if found.word == "clear":
                self.say(f"To remove {noun}s, type remove and a number.")
                continue
            move = self.command_move(found, place)
            if move is not None:
                return move

    def table_change(
        self,
        place: Place,
        table: TableQuestion,
        key: str,
        word: str,
        rest: str,
        rows: list[dict[str, Any]],
    ) -> Move | None:
        """add, change N or remove N. Returns a move when a command inside a row asks to
        leave the table (quit, jump, the end of the input)."""
        noun = table.row_label
        if word == "add":
            return self.edit_row(place, table, key, rows, len(rows))
        if not rest.isdigit() or not 1 <= int(rest) <= len(rows):
            message = (
                f"Say which {noun}: {word} and a number from 1 to {len(rows)}."
                if rows
                else f"There is no {noun} to {word} yet."
            )
            if not self.lines.interactive:
                raise Refused(f"{key}: {message}")
            self.say(message)
            return None
        index = int(rest) - 1
        if word == "change":
            return self.edit_row(place, table, key, rows, index)
        self.say(f"{noun.capitalize()} {index + 1}. {self._row_words(table, rows[index])}")
        sure = self.lines.ask(f"Remove {noun} {index + 1}? Type yes to remove it, or no: ")
        if sure is None:
            return END
        if sure.strip().casefold() in ("y", "yes"):
            del rows[index]
            self._store_rows(place, table, rows, f"{noun.capitalize()} {index + 1} removed.")
        else:
            self.say(f"{noun.capitalize()} {index + 1} kept.")
        return None

    def _store_rows(
        self, place: Place, table: TableQuestion, rows: list[dict[str, Any]], said: str
    ) -> None:
        section = place.step.section
        assert section is not None
        if self.draft.assessment.set(section.id, table.id, [dict(r) for r in rows]):
            self.save_now(said)

    def edit_row(
        self,
        place: Place,
        table: TableQuestion,
        key: str,
        rows: list[dict[str, Any]],
        index: int,
    ) -> Move | None:
        """Ask each column of one row in turn, as its conditions allow; each answer is saved
        at once. Row `index` is new when it is `len(rows)`."""
        q = self.q
        noun = table.row_label
        new = index == len(rows)
        row: dict[str, Any] = {} if new else rows[index]
        self.say(f"{'New' if new else 'Changing'} {noun} {index + 1}.")
        position = 0
        columns = table.columns
        while position < len(columns):
            column = columns[position]
            state = column_state(q, table, column, row)
            if not state.asked:
                position += 1
                continue
            given = self.ask(
                column, row.get(column.id), f"{key}[{index}].{column.id}", state.required
            )
            while given.kind == "command":
                assert given.command is not None
                word = given.command.word
                if word in ("back", "skip", "quit", "jump", "clear"):
                    break
                self.command_move(given.command, place)
                given = self.ask(
                    column,
                    row.get(column.id),
                    f"{key}[{index}].{column.id}",
                    state.required,
                    again=True,
                )
            if given.kind == "end":
                return END
            if given.command is not None:
                word = given.command.word
                if word == "back":
                    earlier = [
                        i for i in range(position) if column_state(q, table, columns[i], row).asked
                    ]
                    if earlier:
                        position = earlier[-1]
                    else:
                        self.say("This is the first question of this " + noun + ".")
                    continue
                if word == "skip":
                    position += 1
                    continue
                if word != "clear":
                    return self.command_move(given.command, place)
                given = Given("answer", None)
            if given.kind == "answer":
                if given.value is None:
                    row.pop(column.id, None)
                else:
                    row[column.id] = given.value
                if row:
                    if new and index == len(rows):
                        rows.append(row)
                    self._store_rows(place, table, rows, "Saved.")
                elif not new:
                    self._store_rows(place, table, rows, "Saved.")
            position += 1
        if new and index == len(rows):
            self.say(f"Nothing was answered, so no {noun} was added.")
        else:
            self.say(f"{noun.capitalize()} {index + 1} is done.")
        return None

    # --- Commands ----------------------------------------------------------------------------

    def help(self, question: AnyQuestion | None) -> None:
        if question is not None:
            self.say("Help: " + self.words(question.help))
            for words, meaning in asking.option_help(self.q, question).items():
                self.say(f"{words}: {meaning}")
        self.say("Commands you can type at any question:")
        self.say("? or help: " + asking.COMMANDS["help"].split(" (")[0])
        for word, meaning in asking.COMMANDS.items():
            if word != "help":
                self.say(f"{word}: {meaning}")
        if self.draft.held_by is not None:
            self.say(f"check again: {CHECK_AGAIN}")
        self.say_tasks()
        self.say("To give a command word as an answer, put a backslash before it, as in \\back.")

    def say_tasks(self) -> None:
        """The tasks, a line each: in review mode, the officer's are left out; while another
        window holds the draft, those that would change it."""
        held = self.draft.held_by is not None
        for word, meaning in [*HELP.items(), *REVIEW_HELP.items()]:
            if self.review and word in NOT_IN_REVIEW:
                continue
            if held and word.split()[0] in CHANGES_THE_DRAFT:
                continue
            self.say(f"{word}: {meaning}")
        if held:
            self.say("The tasks that change the draft can be used once this window has it.")

    def command_move(self, command: Command, place: Place) -> Move | None:
        """Carry out a command. Returns where to go, or None to ask the same question again
        (and for `clear`, which the question carries out)."""
        word = command.word
        if word == "back":
            return BACK
        if word == "skip":
            return NEXT
        if word == "quit":
            return QUIT
        if word == "clear":
            return None
        if word == "jump":
            return self.jump(command.rest)
        if word == "status":
            self.status()
            return None
        if word == "save":
            if self.draft.held_by is not None:
                self.say("Nothing to save: nothing can change here while another window has it.")
                return None
            self.save_now(f"Saved to {self.draft.path}.")
            return None
        if word == "check" and command.rest.strip().casefold() == "again":
            return self.check_again()
        if word == "help":
            self.help(place.question)
            return None
        self.run_task(word, command.rest, place)
        if word == "upgrade":  # the questions may have changed: this place, as it is now
            return AGAIN
        return None

    def here(self, place: Place) -> Here:
        """Where a comment typed at `place` goes."""
        section = place.step.section
        if section is None:  # the summary
            return Here()
        question = self._key_path(place, place.question) if place.question is not None else ""
        return Here(question, section.id)

    def check_again(self) -> Move | None:
        """`check again`: take the draft if the other window has let it go, and read it
        again from its file either way. The same place is then asked again."""
        draft = self.draft
        if draft.held_by is None:
            self.say("This window has the draft already: you can change the answers.")
            return None
        problem = draft.check_again()
        if problem:
            self.say(problem)
        if draft.held_by is None:
            self.say("The other window has let the draft go. You can change the answers now.")
        else:
            self.say(f"Still open in another window: {draft.held_by.words()}.")
        return AGAIN

    def refuse_while_held(self, word: str, rest: str) -> bool:
        """Say so, and refuse from a pipe, when a task would change a draft that another
        window holds."""
        holder = self.draft.held_by
        if holder is None or word not in CHANGES_THE_DRAFT:
            return False
        again = word == "reopen" and names_comment(rest)
        doing = "open a comment again" if again else TASK_VERBS[word]
        message = (
            f"Open in another window: {holder.words()}, so you cannot {doing} here. "
            "Close it there, then type check again."
        )
        if not self.lines.interactive:
            raise Refused(message)
        self.say(message)
        return True

    def run_task(self, word: str, rest: str, place: Place) -> None:
        if self.refuse_while_held(word, rest):
            return
        if word in REVIEW_TASKS or (word == "reopen" and names_comment(rest)):
            run_review_task(word, self.draft, self.lines, rest, self.here(place))
            return
        if self.review and word in NOT_IN_REVIEW:
            message = (
                f"You are reviewing, so you cannot {TASK_VERBS[word]} here. "
                f"The officer does it with: eqia open {self.draft.assessment.id}"
            )
            if not self.lines.interactive:
                raise Refused(message)
            self.say(message)
            return
        try:
            TASKS[word](self.draft, self.lines, rest)
        except BadInput as error:
            for problem in error.problems:
                self.say(problem.line())

    def jump(self, target: str) -> Move | None:
        """To a step by its number or title, or to a characteristic by its name."""
        found = places(self.draft)
        wanted = target.strip().casefold()
        if not wanted:
            self.say("Say where to jump: a step number, a step title or a characteristic.")
            return None
        total = found[-1].number
        chosen: Place | None = None
        if wanted.isdigit():
            number = int(wanted)
            chosen = next((p for p in found if p.number == number), None)
            if chosen is None:
                self.say(f"There is no step {number}: the steps are numbered 1 to {total}.")
                return None
        else:
            chosen = next((p for p in found if p.step.title.casefold() == wanted), None)
            chosen = chosen or next(
                (
                    p
                    for p in found
                    if p.characteristic is not None and p.characteristic.label.casefold() == wanted
                ),
                None,
            )
            chosen = chosen or next(
                (p for p in found if p.step.title.casefold().startswith(wanted)), None
            )
            chosen = chosen or next(
                (
                    p
                    for p in found
                    if p.characteristic is not None
                    and p.characteristic.label.casefold().startswith(wanted)
                ),
                None,
            )
        if chosen is None:
            titles = english_list([f"{p.number} {p.step.title}" for p in _firsts(found)], "or")
            names = english_list([c.label for c in self.q.characteristics], "or")
            self.say(f'Nothing is called "{target}". Jump to a step: {titles}.')
            if names:
                self.say(f"Or to a characteristic: {names}.")
            return None
        return Move("to", chosen.key)

    def status(self) -> None:
        q, a = self.q, self.draft.assessment
        missing = missing_answers(q, a)
        if missing:
            count = len(missing)
            self.say(f"{count} required answer{'' if count == 1 else 's'} still to give:")
            for item in missing[:MISSING_LISTED]:
                self.say(item.label)
            if count > MISSING_LISTED:
                self.say(f"and {count - MISSING_LISTED} more.")
        else:
            self.say("Every required answer is given.")
        suggestion = suggest(q, a)
        self.say_weighting(suggestion)
        for line in review_lines(q, a, not self.review):
            self.say(line)
        if self.draft.held_by is not None:
            self.say(held_line(self.draft.held_by))
        elif is_read_only(a):
            self.say("This assessment is signed off: its answers are read only.")
        elif self.review:
            self.say("You are reviewing: the answers are read only.")

    # --- Steps that ask nothing ----------------------------------------------------------------

    def overview(self, place: Place) -> None:
        section = place.step.section
        assert section is not None
        q, a = self.q, self.draft.assessment
        self.say(f"The answers of the {section.title.lower()}, characteristic by characteristic:")
        for characteristic in q.characteristics:
            row = a.row(section.id, characteristic.id)
            said = []
            for question in section.questions:
                if not question_asked(q, a, section, question, row):
                    continue
                words = asking.answer_words(q, question, row.get(question.id))
                words = " ".join(words.split())
                if len(words) > SHORT_ANSWER:
                    words = words[: SHORT_ANSWER - 3].rstrip() + "..."
                said.append(_sentence(f"{question.title}: {words}"))
            self.say(" ".join([_sentence(characteristic.label), *said]))

    def summary(self, place: Place) -> Move:
        self.status()
        self.say("Tasks you can type here, or at any question:")
        self.say_tasks()
        self.say("Press Enter to finish, or type jump and a step to go back to it.")
        while True:
            line = self.lines.ask("Answer: ")
            if line is None:
                return END
            if not line.strip():
                return QUIT
            found = asking.command_in(line, self.tasks, False)
            if found is None:
                message = "This step asks nothing. Type a task, jump and a step, or press Enter."
                if not self.lines.interactive:
                    raise Refused(f"summary: {message}")
                self.say(message)
                continue
            if found.word == "skip":
                return QUIT
            if found.word == "back":
                return BACK
            move = self.command_move(found, place)
            if move is not None:
                return move


TASK_VERBS = {
    "sign": "sign it off",
    "reopen": "reopen it",
    "version": "save a version",
    "comment": "add a comment",
    "reply": "reply to a comment",
    "resolve": "resolve a comment",
    "submit": "submit it for review",
    "approve": "approve it",
    "changes": "send it back for changes",
    "withdraw": "take it back to draft",
    "upgrade": "move it to another questionnaire version",
}


def _sentence(text: str) -> str:
    """`text` ending with a full stop, unless it ends with one already (or ? or !)."""
    return text if text.endswith((".", "?", "!")) else text + "."


def _firsts(found: list[Place]) -> list[Place]:
    """The first place of each step."""
    seen: set[str] = set()
    out = []
    for place in found:
        if place.step.id not in seen:
            seen.add(place.step.id)
            out.append(place)
    return out


def converse(draft: PlainDraft, lines: Lines, review: bool = False) -> int:
    """Walk through the draft's steps, asking each question in turn. Exit code: 0, or 2
    when a piped answer cannot be used (every answer before it is kept).

    `review`: for a reviewer (`eqia review ID --plain`). The answers are read only; comments,
    replies and the review status can be written."""
    try:
        return Walk(draft, lines, review).run()
    except Refused as refused:
        lines.complain(str(refused))
        return 2
