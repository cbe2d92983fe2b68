"""A table question, such as the action plan: rows listed, each edited in a form.

The rows listed are the answer: the screen shows the draft's rows with `set_value`, and every
change the officer makes to them (a row added, edited, deleted or moved) is shown at once and
reported as `Changed`, for the screen to record.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import Button, DataTable, Static

from eqia_tui.core.model.assessment import column_state
from eqia_tui.core.model.conditions import is_answered
from eqia_tui.core.model.questionnaire import (
    ColumnQuestion,
    LongTextQuestion,
    Questionnaire,
    TableQuestion,
)
from eqia_tui.core.model.rows import row_words
from eqia_tui.core.text.safe_text import shown
from eqia_tui.tui.dialogs.confirm import ConfirmDialog
from eqia_tui.tui.dialogs.row_editor import RowEditor
from eqia_tui.tui.widgets.comments_panel import OPEN_MARK, open_words
from eqia_tui.tui.widgets.fields import Field
from eqia_tui.tui.widgets.plain import plain

MIN_COLUMN = 8
"""No column of the table is drawn narrower than this."""
READABLE_LONG = 24
READABLE_SHORT = 12
"""The narrowest a column of long answers (an action) and of short ones (an owner) is
drawn, so that its words wrap into lines that read. Columns that do not fit at these
widths are left out of the list, and the form opened with Enter shows them."""
LONGEST_SHORT_WORD = 20
"""A column of short answers widens to its longest word up to this, taking the width from
the columns of long answers down to `NARROWEST_LONG`."""
NARROWEST_LONG = 20
CELL_PADDING = 2
"""The table draws one space either side of every cell."""
DESCRIBE_WORDS = 80
"""The most characters of a row's words quoted when asking before it is deleted."""


class TableField(Field):
    question: TableQuestion

    DEFAULT_CSS = """
    TableField DataTable {
        height: auto;
        max-height: 50vh;
    }

    TableField .table-left-out {
        color: $text-muted;
    }

    TableField .table-buttons {
        height: auto;
        margin-top: 1;
    }

    TableField .table-buttons Button {
        margin-right: 1;
        min-width: 8;
    }
    """

    BINDINGS = [
        Binding("a", "add", "Add"),
        Binding("e", "edit", "Edit"),
        Binding("delete,d", "delete", "Delete"),
        Binding("ctrl+up", "move(-1)", "Move up", show=False),
        Binding("ctrl+down", "move(1)", "Move down", show=False),
    ]

    def compose_input(self) -> ComposeResult:
        table: DataTable[Text] = DataTable(cursor_type="row", zebra_stripes=True)
        yield table
        yield Static("", classes="table-left-out")
        with Horizontal(classes="table-buttons"):
            row = self.question.row_label
            yield Button(f"Add {row}", id="add", variant="primary", compact=True)
            yield Button("Edit", id="edit", compact=True)
            yield Button("Delete", id="delete", variant="error", compact=True)
            yield Button("Up", id="up", compact=True, tooltip="Move up (Ctrl+Up)")
            yield Button("Down", id="down", compact=True, tooltip="Move down (Ctrl+Down)")

    def __init__(self, questionnaire: Questionnaire, question: TableQuestion) -> None:
        super().__init__(questionnaire, question)
        self._rows: list[dict[str, Any]] = []
        """The rows listed: those the screen showed, with the officer's changes since."""
        self._commented: dict[int, int] = {}
        """How many open comments each row has, by its index (`mark_comments`)."""

    def on_mount(self) -> None:
        self._draw()

    def on_resize(self) -> None:
        self._draw()

    def shown_columns(self) -> list[ColumnQuestion]:
        """The columns listed: the required ones (the form shows every column of a row)."""
        columns = self.question.columns
        required = [c for c in columns if c.required]
        return required if len(required) >= 2 else columns[:4]

    def fitted_columns(self) -> list[ColumnQuestion]:
        """The columns listed that fit the width readably: long answers first (the action
        is what a row is about), then the others in their order; shown in their order."""
        columns = self.shown_columns()
        room = self._room()
        if room <= 0:
            return columns
        ranked = sorted(columns, key=lambda c: not isinstance(c, LongTextQuestion))
        kept: list[ColumnQuestion] = []
        for column in ranked:
            need = READABLE_LONG if isinstance(column, LongTextQuestion) else READABLE_SHORT
            if kept and need + CELL_PADDING > room:
                break
            kept.append(column)
            room -= need + CELL_PADDING
        return [c for c in columns if c in kept]

    def _room(self) -> int:
        return self.query_one(DataTable).scrollable_content_region.width

    def _widths(self, columns: list[ColumnQuestion]) -> list[int | None]:
        """Share the width there is between the columns, long answers getting more."""
        room = self._room()
        room -= CELL_PADDING * len(columns)
        if room <= 0:
            return [None] * len(columns)
        weights = [4 if isinstance(c, LongTextQuestion) else 2 for c in columns]
        total = sum(weights)
        widths = [max(MIN_COLUMN, room * w // total) for w in weights]
        # What rounding left over goes to the last column of long answers.
        longest = max(range(len(columns)), key=lambda i: (weights[i], i))
        widths[longest] += max(0, room - sum(widths))
        # A column of short answers is as wide as its longest word (up to a point), so no
        # name is broken in two; the columns of long answers give up the width.
        for index, column in enumerate(columns):
            want = min(self._longest_word(column), LONGEST_SHORT_WORD)
            for giver in sorted(range(len(columns)), key=lambda i: -widths[i]):
                if weights[index] == 4 or widths[index] >= want:
                    break
                if weights[giver] == 4 and widths[giver] > NARROWEST_LONG:
                    given = min(want - widths[index], widths[giver] - NARROWEST_LONG)
                    widths[giver] -= given
                    widths[index] += given
        return list(widths)

    def _longest_word(self, column: ColumnQuestion) -> int:
        words = [
            word
            for row in self._rows
            if is_answered(row.get(column.id))
            for word in self.questionnaire.label_of(column, row[column.id]).split()
        ]
        return max((len(word) for word in words), default=0)

    @property
    def value(self) -> list[dict[str, Any]] | None:
        return self.rows or None

    @property
    def rows(self) -> list[dict[str, Any]]:
        """The rows listed, as a new list the caller may change."""
        return list(self._rows)

    def show_value(self, value: Any) -> None:
        self._rows = list(value or [])
        self._draw()

    def mark_comments(self, counts: Mapping[str, int], key: str) -> None:
        """Mark the rows with open comments (✎ before the first cell); `key` is the
        table's key path, and `counts` the open comments by key path."""
        commented = {
            index: counts[f"{key}[{index}]"]
            for index in range(len(self._rows))
            if counts.get(f"{key}[{index}]", 0)
        }
        if commented != self._commented:
            self._commented = commented
            self._draw()

    def _draw(self) -> None:
        if not self.is_mounted:
            return
        table = self.query_one(DataTable)
        keep = table.cursor_row
        columns = self.fitted_columns()
        widths = self._widths(columns)
        table.clear(columns=True)
        for column, width in zip(columns, widths, strict=True):
            table.add_column(plain(column.title), key=column.id, width=width)
        for index, row in enumerate(self._rows):
            # Each row as tall as its longest answer needs: every word is shown, wrapped.
            cells = [self._cell(c, row) for c in columns]
            count = self._commented.get(index, 0)
            if count and cells:
                # The mark, and the count in words: the colour of the row says nothing alone.
                marked = Text.assemble((f"{OPEN_MARK} {open_words(count)}: ", "bold"), cells[0])
                marked.overflow = "fold"
                cells[0] = marked
            table.add_row(*cells, height=None)
        self._say_left_out(columns)
        if table.row_count:
            table.move_cursor(row=min(keep, table.row_count - 1))
        self.query_one("#edit", Button).disabled = not table.row_count
        self.query_one("#delete", Button).disabled = not table.row_count

    def _say_left_out(self, columns: list[ColumnQuestion]) -> None:
        """Name the columns left out for want of width, and where to read them."""
        left_out = [c.title for c in self.shown_columns() if c not in columns]
        note = self.query_one(".table-left-out", Static)
        note.display = bool(left_out and self._rows)
        if not left_out:
            return
        names = left_out[0] if len(left_out) == 1 else ", ".join(left_out[:-1])
        if len(left_out) > 1:
            names += f" and {left_out[-1]}"
        note.update(plain(f"Not shown at this width: {names}. Enter on a row shows them."))

    def _cell(self, column: ColumnQuestion, row: dict[str, Any]) -> Text:
        """A row's answer in a column, or "Not asked" when the row does not ask that column
        (as the exports say it). Long answers wrap: the row grows to show all of them."""
        style = ""
        if not column_state(self.questionnaire, self.question, column, row).asked:
            words, style = "Not asked", "dim italic"
        elif not is_answered(row.get(column.id)):
            return Text("-", style="dim")
        else:
            words = shown(self.questionnaire.label_of(column, row[column.id]).replace("\n", " "))
        return Text(words, style=style, overflow="fold")

    def _set_rows(self, rows: list[dict[str, Any]], cursor: int) -> None:
        """The officer changed the rows: show them, the cursor on row `cursor`, and report."""
        self.show_value(rows)
        if rows:
            self.query_one(DataTable).move_cursor(row=cursor)
        self.report(self.value)

    def _open_editor(self, index: int | None) -> None:
        rows = self.rows
        row = rows[index] if index is not None else {}
        noun = self.question.row_label
        title = f"Edit {noun} {index + 1}" if index is not None else f"New {noun}"

        def done(result: dict[str, Any] | None) -> None:
            if result is None:
                return
            current = self.rows
            if index is None:
                current.append(result)
                self._set_rows(current, len(current) - 1)
            else:
                current[index] = result
                self._set_rows(current, index)

        self.app.push_screen(RowEditor(self.questionnaire, self.question, row, title), done)

    def _selected(self) -> int | None:
        table = self.query_one(DataTable)
        return table.cursor_row if table.row_count else None

    @on(Button.Pressed, "#add")
    def action_add(self) -> None:
        self._open_editor(None)

    @on(Button.Pressed, "#edit")
    def action_edit(self) -> None:
        index = self._selected()
        if index is not None:
            self._open_editor(index)

    @on(DataTable.RowSelected)
    def _row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_edit()

    @on(Button.Pressed, "#delete")
    def action_delete(self) -> None:
        index = self._selected()
        if index is None:
            return
        noun = self.question.row_label

        def done(confirmed: bool | None) -> None:
            if confirmed:
                rows = self.rows
                del rows[index]
                self._set_rows(rows, max(0, index - 1))

        self.app.push_screen(
            ConfirmDialog(f"Delete {noun} {index + 1}?", self._describe(index, noun)), done
        )

    def _describe(self, index: int, noun: str) -> str:
        """Which row is about to go, in its own words, so nobody deletes the wrong one."""
        words = row_words(self.question, self.rows[index], limit=DESCRIBE_WORDS)
        if not words:
            return f"This {noun} will be removed."
        return f"This {noun} will be removed: “{words}”"

    @on(Button.Pressed, "#up")
    def _up(self) -> None:
        self.action_move(-1)

    @on(Button.Pressed, "#down")
    def _down(self) -> None:
        self.action_move(1)

    def action_move(self, by: int) -> None:
        index = self._selected()
        rows = self.rows
        if index is None or not 0 <= index + by < len(rows):
            return
        rows[index], rows[index + by] = rows[index + by], rows[index]
        self._set_rows(rows, index + by)
