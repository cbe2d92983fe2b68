"""The drafts list on the start screen: one draft a row, and the line under it that
describes the highlighted one."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from rich.cells import cell_len
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.geometry import Size
from textual.widgets import DataTable
from textual.widgets.data_table import RowKey

from eqia_tui.core.text.dates import day, day_and_time, local
from eqia_tui.core.text.safe_text import shown

if TYPE_CHECKING:
    from eqia_tui.core.storage.summary import DraftSummary

LEVEL_WORDS = {"high": "High", "medium": "Medium", "low": "Low"}

QUESTIONNAIRE_WIDTH = 9

STATUS_SHORT = {
    "draft": "Draft",
    "submitted": "Submitted",
    "changes-requested": "Changes requested",
    "approved": "Approved",
    "signed": "Signed off",
}
"""The review status in the Status column (the line under the list says who and when)."""

# The columns after the title: key, label (two lines at most), width. The title gets the rest.
COLUMNS = [
    ("status", "Status", 17),
    ("comments", "Open\ncomments", 8),
    ("progress", "Done", 4),
    ("rating", "Suggested\nweighting", 13),
    ("due", "Due", 7),
    ("updated", "Last\nchange", 10),
    ("questionnaire", "Question-\nnaire", QUESTIONNAIRE_WIDTH),
]
MIN_TITLE = 12
ROOMY_TITLE = 20
"""Below this, columns the line under the list repeats make room for the title."""
DROPPED_FIRST = ("questionnaire", "updated")
"""The columns left out on a narrow screen, in this order: the line under the list says
what they would (the questionnaire and the last change)."""
GUESSED_ABOVE_AND_BELOW = 15
"""Lines of the start screen above and below the table, as a guess (drafts.tcss lays them out)."""
REBUILD_PAST = 50
"""With more rows than this to take out, the table is filled again from scratch: taking out
one row renumbers every row below it, while filling 1,000 rows takes a few hundredths of a
second."""


class DraftsTable(DataTable[Any]):
    """One draft a row. The title takes the width the other columns leave (up to its longest)
    and is cut short with an ellipsis rather than push them off the screen."""

    BINDINGS = [Binding("enter", "screen.open_selected", "Open")]

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(cursor_type="row", zebra_stripes=True, header_height=2, **kwargs)
        self.shown: list[DraftSummary] = []
        self._title_width = 0
        self.columns_shown: list[tuple[str, str, int]] = list(COLUMNS)
        """The columns after the title that fit the screen (see `DROPPED_FIRST`)."""

    def show(self, summaries: list[DraftSummary]) -> None:
        """Fill the table, keeping the highlighted draft when it is still listed."""
        keep = self.highlighted_id()
        self.shown = summaries
        self.columns_shown, self._title_width = self._fitting()
        self.clear(columns=True)
        self.add_column("Title", width=self._title_width, key="title")
        for key, label, width in self.columns_shown:
            self.add_column(label, width=width, key=key)
        for summary in summaries:
            self.add_row(*self._row(summary), key=summary.id)
        ids = [s.id for s in summaries]
        if keep in ids:
            self.move_cursor(row=ids.index(keep), animate=False)

    def update_rows(self, summaries: list[DraftSummary]) -> None:
        """Show these drafts, in this order, changing only the rows that differ from what is
        listed: a draft added, changed or gone. The highlighted draft stays highlighted.

        Drafts read in the background arrive a few dozen at a time: filling 1,000 rows again
        for each few would keep the screen busy, and move it about under the officer."""
        before = {s.id: s for s in self.shown}
        gone = before.keys() - {s.id for s in summaries}
        self.shown = summaries
        if (
            not before
            or len(gone) > REBUILD_PAST
            or self._fitting() != (self.columns_shown, self._title_width)
        ):
            self.show(summaries)
            return
        keep = self.highlighted_id()
        keys = ["title", *(key for key, _, _ in self.columns_shown)]
        for key in gone:
            self.remove_row(key)
        for summary in summaries:
            old = before.get(summary.id)
            if old is None:
                self.add_row(*self._row(summary), key=summary.id)
            elif old != summary:
                for column, cell in zip(keys, self._row(summary), strict=True):
                    self.update_cell(summary.id, column, cell)
        ids = [s.id for s in summaries]
        self._put_in_order(ids)
        if keep in before and keep not in gone:
            self.move_cursor(row=ids.index(keep), animate=False)

    def _put_in_order(self, ids: list[str]) -> None:
        """Sort the rows into the order of `ids` (new rows were added at the bottom)."""
        if all(self.get_row_index(key) == place for place, key in enumerate(ids)):
            return
        # DataTable sorts by cell values. Each row's title cell is its own Text object, so
        # the object says which row it is, and so where that row goes.
        place = {id(self.get_cell(key, "title")): n for n, key in enumerate(ids)}
        self.sort("title", key=lambda title: place[id(title)])

    def _row(self, summary: DraftSummary) -> list[Any]:
        """The cells of a draft's row, for the columns shown."""
        names = ["title", *(key for key, _, _ in COLUMNS)]
        cells = dict(zip(names, self._cells(summary), strict=True))
        return [cells["title"], *(cells[key] for key, _, _ in self.columns_shown)]

    def _update_dimensions(self, new_rows: Iterable[RowKey]) -> None:
        # Every column has a set width and every row is one line, so the table's size is
        # known without looking at a cell. DataTable's own version measures every cell of
        # every new row to fit columns to their content: half a second for 1,000 drafts,
        # on the start screen. A column without a set width is still measured.
        if any(column.auto_width for column in self.columns.values()):
            super()._update_dimensions(new_rows)
            return
        width = sum(column.get_render_width(self) for column in self.columns.values())
        header = self.header_height if self.show_header else 0
        self.virtual_size = Size(width, len(self.rows) + header)

    def highlighted_id(self) -> str | None:
        if not self.row_count:
            return None
        return self.coordinate_to_cell_key(self.cursor_coordinate).row_key.value

    def _fitting(self) -> tuple[list[tuple[str, str, int]], int]:
        """The columns that fit, and the title's width: as wide as the longest title, if
        the screen has room, never under MIN_TITLE. On a narrow screen the columns in
        `DROPPED_FIRST` go, one by one, until the title has ROOMY_TITLE (or its length)."""
        columns = list(COLUMNS)
        # The title's width is never under MIN_TITLE: a shorter title still needs that room.
        wanted = max(MIN_TITLE, min(self._longest_title(), ROOMY_TITLE))
        for dropped in ("", *DROPPED_FIRST):
            columns = [c for c in columns if c[0] != dropped]
            room = self._room_for_title(columns)
            if room is None or room >= wanted:
                break
        return columns, self._title_width_with(columns)

    def _longest_title(self) -> int:
        return max((cell_len(self._title_text(s)) for s in self.shown), default=MIN_TITLE)

    def _title_width_with(self, columns: list[tuple[str, str, int]]) -> int:
        longest = self._longest_title()
        room = self._room_for_title(columns)
        if room is None:  # not laid out yet: the resize that follows fits it
            return max(MIN_TITLE, min(longest, 24))
        return max(MIN_TITLE, min(longest, room))

    def _room_for_title(self, columns: list[tuple[str, str, int]]) -> int | None:
        """The width these columns leave for the title (None when the table has no size and
        is not on a screen)."""
        width, height = self.size
        if not width:
            if not self.is_mounted:
                return None
            # Filled before the first frame, the table is not laid out yet: it spans the
            # window but for its margins, under the welcome and the filter. A wrong guess
            # costs a second filling when it is laid out (`on_resize`), which for 1,000
            # drafts would delay the first frame that shows them all.
            width = self.app.size.width - 2
            height = self.app.size.height - GUESSED_ABOVE_AND_BELOW
        if len(self.shown) + self.header_height > height:
            width -= self.styles.scrollbar_size_vertical
        others = sum(w + 2 * self.cell_padding for _, _, w in columns)
        return width - others - 2 * self.cell_padding

    @staticmethod
    def _title_text(summary: DraftSummary) -> str:
        # A title is text from a file: what a terminal would act on is shown, not passed on.
        return f"{shown(summary.id)}: cannot be read" if summary.broken else shown(summary.title)

    def on_resize(self, event: events.Resize) -> None:
        if self.shown and self._fitting() != (self.columns_shown, self._title_width):
            self.show(self.shown)

    def _cells(self, summary: DraftSummary) -> list[Any]:
        title = Text(self._title_text(summary), no_wrap=True, overflow="ellipsis")
        if summary.broken:
            title.stylize("bold red")
            return [title, "", "", "", "", "", "", summary.questionnaire]
        updated = day(local(summary.updated)) if summary.updated else ""
        rating = LEVEL_WORDS.get(summary.suggested_rating or "", "Not yet")
        if not summary.suggestion_started:
            rating = "Not yet"  # a suggestion from no answers would read as low risk
        elif not summary.suggestion_complete:
            rating = f"{rating} so far"
        questionnaire = Text(shown(summary.questionnaire), no_wrap=True, overflow="ellipsis")
        status = STATUS_SHORT.get(summary.review_status, summary.review_status)
        comments = str(summary.open_comments) if summary.open_comments else ""
        return [
            title,
            Text(status, style="bold" if summary.review_status == "changes-requested" else ""),
            comments,
            f"{summary.progress}%",
            rating,
            due_short(summary.due),
            updated,
            questionnaire,
        ]


def due_short(due: str) -> Text | str:
    """The drafts list's Due column: one word. The line under the list has the details."""
    if "overdue" in due:
        return Text("Overdue", style="bold red")
    return "Soon" if due else ""


def deletable(summary: DraftSummary) -> bool:
    """A file whose name is not an id cannot be deleted from here: its message says to rename it."""
    if not summary.broken:
        # Read and checked, so its name is a valid id (a name that is not one makes a draft
        # broken). Asked for the footer's keys on the first frame: the models are not loaded.
        return True
    from eqia_tui.core.model.assessment import is_slug  # deferred: slow import

    return is_slug(summary.id)


def describe(summary: DraftSummary, questionnaire_hidden: bool = False) -> Text:
    """The line under the list: the highlighted draft in full, or why it cannot be read.
    `questionnaire_hidden`: the screen is too narrow for the Questionnaire column."""
    if summary.broken:
        fix = " Fix it in an editor, or press Ctrl+D to delete it." if deletable(summary) else ""
        return Text.assemble(
            (f"{shown(summary.path.name)} cannot be read: ", "bold"),
            f"{shown(summary.error)}.{fix}",
            style="red",
        )
    text = Text.assemble((shown(summary.title or summary.id), "bold"), ". ")
    if summary.review_words:
        text.append(f"{shown(summary.review_words)}. ")
    count = summary.open_comments
    if count:
        text.append(f"{count} open comment{'' if count == 1 else 's'}. ", style="bold")
    if summary.due:
        due = summary.due[:1].upper() + summary.due[1:]
        text.append(f"{due}.", style="bold red" if "overdue" in summary.due else "")
    else:
        text.append("Nothing due.")
    if summary.updated is not None:
        text.append(f" Last changed {day_and_time(local(summary.updated), joiner=' at ')}.")
    if questionnaire_hidden or cell_len(summary.questionnaire) > QUESTIONNAIRE_WIDTH:
        text.append(f" Questionnaire: {shown(summary.questionnaire)}.")
    return text
