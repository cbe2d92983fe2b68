"""The drafts list on the start screen: one draft a row, and the line under it that
describes the highlighted one."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.cells import cell_len
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.widgets import DataTable

from eqia_tui.core.text.dates import day, day_and_time, local
from eqia_tui.core.text.safe_text import shown

if TYPE_CHECKING:
    from eqia_tui.core.storage.store import DraftSummary

LEVEL_WORDS = {"high": "High", "medium": "Medium", "low": "Low"}

QUESTIONNAIRE_WIDTH = 9

# The columns after the title: key, label (two lines at most), width. The title gets the rest.
COLUMNS = [
    ("progress", "Progress", 8),
    ("rating", "Suggested\nweighting", 13),
    ("due", "Due", 7),
    ("updated", "Last\nchange", 10),
    ("questionnaire", "Question-\nnaire", QUESTIONNAIRE_WIDTH),
]
MIN_TITLE = 12


class DraftsTable(DataTable[Any]):
    """One draft a row. The title takes the width the other columns leave (up to its longest)
    and is cut short with an ellipsis rather than push them off the screen."""

    BINDINGS = [Binding("enter", "screen.open_selected", "Open")]

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(cursor_type="row", zebra_stripes=True, header_height=2, **kwargs)
        self.shown: list[DraftSummary] = []
        self._title_width = 0

    def show(self, summaries: list[DraftSummary]) -> None:
        """Fill the table, keeping the highlighted draft when it is still listed."""
        keep = self.highlighted_id()
        self.shown = summaries
        self._title_width = self._fitting_title_width()
        self.clear(columns=True)
        self.add_column("Title", width=self._title_width, key="title")
        for key, label, width in COLUMNS:
            self.add_column(label, width=width, key=key)
        for summary in summaries:
            self.add_row(*self._cells(summary), key=summary.id)
        ids = [s.id for s in summaries]
        if keep in ids:
            self.move_cursor(row=ids.index(keep), animate=False)

    def highlighted_id(self) -> str | None:
        if not self.row_count:
            return None
        return self.coordinate_to_cell_key(self.cursor_coordinate).row_key.value

    def _fitting_title_width(self) -> int:
        """As wide as the longest title, if the screen has room; never under MIN_TITLE."""
        longest = max((cell_len(self._title_text(s)) for s in self.shown), default=MIN_TITLE)
        width = self.size.width
        if not width:  # not laid out yet: the resize that follows fits it
            return max(MIN_TITLE, min(longest, 24))
        if len(self.shown) + self.header_height > self.size.height:
            width -= self.styles.scrollbar_size_vertical
        others = sum(w + 2 * self.cell_padding for _, _, w in COLUMNS)
        return max(MIN_TITLE, min(longest, width - others - 2 * self.cell_padding))

    @staticmethod
    def _title_text(summary: DraftSummary) -> str:
        # A title is text from a file: what a terminal would act on is shown, not passed on.
        return f"{shown(summary.id)}: cannot be read" if summary.broken else shown(summary.title)

    def on_resize(self, event: events.Resize) -> None:
        if self.shown and self._fitting_title_width() != self._title_width:
            self.show(self.shown)

    def _cells(self, summary: DraftSummary) -> list[Any]:
        title = Text(self._title_text(summary), no_wrap=True, overflow="ellipsis")
        if summary.broken:
            title.stylize("bold red")
            return [title, "", "", "", "", summary.questionnaire]
        updated = day(local(summary.updated)) if summary.updated else ""
        rating = LEVEL_WORDS.get(summary.suggested_rating or "", "Not yet")
        if not summary.suggestion_started:
            rating = "Not yet"  # a suggestion from no answers would read as low risk
        elif not summary.suggestion_complete:
            rating = f"{rating} so far"
        questionnaire = Text(shown(summary.questionnaire), no_wrap=True, overflow="ellipsis")
        return [
            title,
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
    from eqia_tui.core.model.assessment import is_slug  # deferred: slow import

    return is_slug(summary.id)


def describe(summary: DraftSummary) -> Text:
    """The line under the list: the highlighted draft in full, or why it cannot be read."""
    if summary.broken:
        fix = " Fix it in an editor, or press Ctrl+D to delete it." if deletable(summary) else ""
        return Text.assemble(
            (f"{shown(summary.path.name)} cannot be read: ", "bold"),
            f"{shown(summary.error)}.{fix}",
            style="red",
        )
    text = Text.assemble((shown(summary.title or summary.id), "bold"), ". ")
    if summary.due:
        due = summary.due[:1].upper() + summary.due[1:]
        text.append(f"{due}.", style="bold red" if "overdue" in summary.due else "")
    else:
        text.append("Nothing due.")
    if summary.updated is not None:
        text.append(f" Last changed {day_and_time(local(summary.updated), joiner=' at ')}.")
    if cell_len(summary.questionnaire) > QUESTIONNAIRE_WIDTH:  # cut short in its column
        text.append(f" Questionnaire: {shown(summary.questionnaire)}.")
    return text
