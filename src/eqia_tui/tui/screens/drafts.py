"""The start screen: new assessment, resume a draft, open a file. Drafts load after first paint."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from rich.cells import cell_len
from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, DataTable, Footer, Header, Input, Static

from eqia_tui.core.text.safe_text import shown

if TYPE_CHECKING:
    from eqia_tui.core.storage.recovery import Leftover
    from eqia_tui.core.storage.store import DraftSummary

LEVEL_WORDS = {"high": "High", "medium": "Medium", "low": "Low"}

HELP = Text.assemble(
    ("Help\n\n", "bold"),
    "Your drafts are listed here. They save themselves as you type, so there is "
    "nothing to save before you quit.\n\n",
    "Type to filter the list. Enter opens the highlighted draft.\n\n",
    ("Suggested weighting", "bold"),
    " is worked out from the answers so far. ",
    ("Due", "bold"),
    " shows a review or an action that is due soon or overdue.\n\n",
    ("Keys\n", "bold"),
    ("Ctrl+N", "bold"),
    "  new assessment\n",
    ("Enter", "bold"),
    "   open the draft\n",
    ("↑ ↓", "bold"),
    "     move in the list\n",
    ("Ctrl+O", "bold"),
    "  open another file\n",
    ("Ctrl+D", "bold"),
    "  delete (asks first)\n",
    ("Ctrl+P", "bold"),
    "  more commands\n",
    ("F1", "bold"),
    "      show or hide this help\n",
    ("Ctrl+Q", "bold"),
    "  quit",
)

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


class FilterInput(Input):
    """Typing filters the list; the arrow keys and Enter still work the list below."""

    BINDINGS = [
        Binding("down", "screen.cursor(1)", show=False),
        Binding("up", "screen.cursor(-1)", show=False),
        Binding("enter", "screen.open_selected", "Open"),
    ]


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
        updated = local(summary.updated).strftime("%d/%m/%Y") if summary.updated else ""
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


def local(when: datetime) -> datetime:
    """A time on this computer's clock; as written when the clock cannot place it (some
    systems cannot place a time before 1970)."""
    try:
        return when.astimezone()
    except (OverflowError, OSError, ValueError):
        return when


def due_short(due: str) -> Text | str:
    """The drafts list's Due column: one word. The line under the list has the details."""
    if "overdue" in due:
        return Text("Overdue", style="bold red")
    return "Soon" if due else ""


def deletable(summary: DraftSummary) -> bool:
    """A file whose name is not an id cannot be deleted from here: its message says to rename it."""
    from eqia_tui.core.model.assessment import is_slug

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
        when = local(summary.updated)
        text.append(f" Last changed {when:%d/%m/%Y} at {when:%H:%M}.")
    if cell_len(summary.questionnaire) > QUESTIONNAIRE_WIDTH:  # cut short in its column
        text.append(f" Questionnaire: {shown(summary.questionnaire)}.")
    return text


class DraftsScreen(Screen[None]):
    # Its styles are in drafts.tcss, which the app loads with app.tcss: a screen's own
    # CSS_PATH makes Textual parse every style again when the screen is first shown,
    # which delays the start screen's first paint by some 20 to 30 ms.
    BINDINGS = [
        Binding("ctrl+n", "new", "New"),
        Binding("ctrl+o", "open_file", "Open a file"),
        Binding("ctrl+d", "delete", "Delete", priority=True),
        Binding("f1", "toggle_help", "Help"),
        Binding("ctrl+r", "reload", "Refresh", show=False),
        Binding("ctrl+t", "tidy", "Tidy up"),
    ]

    def __init__(self) -> None:
        super().__init__(classes="drafts")
        self.summaries: list[DraftSummary] = []
        self.leftovers: list[Leftover] = []
        """Files a save cut short left in the drafts folder (see `action_tidy`)."""

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="drafts-body"):
            with Vertical(id="drafts-main"):
                yield Static(
                    "Screen a policy, service or project for its effect on people with "
                    "protected characteristics. Start a new assessment, or carry on with a "
                    "draft: choose it and press Enter.",
                    id="welcome",
                )
                with Horizontal(id="drafts-actions"):
                    yield Button("New assessment", id="new", variant="primary", compact=True)
                    yield Button("Open a file", id="open-file", compact=True)
                with Vertical(id="filter-row"):
                    yield FilterInput(placeholder="Type to filter drafts", id="filter")
                yield DraftsTable(id="drafts")
                yield Static("", id="draft-detail")
                yield Static("Loading drafts…", id="empty")
                yield Static("", id="leftovers")
            with VerticalScroll(id="drafts-help"):
                yield Static(HELP)
        yield Footer()

    def on_mount(self) -> None:
        self.title = "Equality Impact Assessment"
        self.sub_title = "Drafts"
        self.query_one(DraftsTable).display = False
        self.query_one("#draft-detail").display = False
        self.query_one("#leftovers").display = False
        self.query_one("#filter", Input).focus()
        self.load_drafts()
        self.look_for_leftovers()

    def on_screen_resume(self) -> None:
        self.load_drafts()
        self.look_for_leftovers()

    @work(thread=True, exclusive=True, group="drafts")
    def load_drafts(self) -> None:
        # Reading and checking every draft waits until the screen is drawn.
        summaries = self.app.store.summaries()  # type: ignore[attr-defined]
        self.app.call_from_thread(self._show, summaries)

    def _show(self, summaries: list[DraftSummary]) -> None:
        self.summaries = summaries
        self._fill()

    def _matches(self, summary: DraftSummary, words: list[str]) -> bool:
        haystack = f"{summary.title} {summary.id} {summary.questionnaire}".lower()
        return all(word in haystack for word in words)

    def _fill(self) -> None:
        table = self.query_one(DraftsTable)
        empty = self.query_one("#empty", Static)
        words = self.query_one("#filter", Input).value.lower().split()
        shown = [s for s in self.summaries if self._matches(s, words)]
        table.display = bool(shown)
        table.show(shown)
        if not self.summaries:
            empty.update(
                "No drafts yet. Press Ctrl+N or choose New assessment to start one. "
                "Drafts are saved as you go and listed here."
            )
        elif not shown:
            empty.update("No draft matches the filter. Clear it to see every draft.")
        empty.display = not shown
        self._describe_selected()

    def _describe_selected(self) -> None:
        detail = self.query_one("#draft-detail", Static)
        summary = self._selected()
        detail.display = summary is not None
        if summary is not None:
            detail.update(describe(summary))
        self.refresh_bindings()

    @on(DataTable.RowHighlighted, "#drafts")
    def _highlighted(self) -> None:
        self._describe_selected()

    @on(Input.Changed, "#filter")
    def _filter(self) -> None:
        self._fill()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # Keys that cannot act on what is listed are left out of the footer.
        if action == "tidy":
            return bool(self.leftovers)
        if action == "delete":
            summary = self._selected()
            return summary is not None and deletable(summary)
        if action == "open_selected":
            summary = self._selected()
            return summary is not None and not summary.broken
        return True

    def action_cursor(self, by: int) -> None:
        table = self.query_one(DraftsTable)
        if table.row_count:
            table.move_cursor(row=max(0, min(table.row_count - 1, table.cursor_row + by)))

    def _selected(self) -> DraftSummary | None:
        table = self.query_one(DraftsTable)
        if not table.display:
            return None
        key = table.highlighted_id()
        return next((s for s in table.shown if s.id == key), None)

    @on(DataTable.RowSelected, "#drafts")
    def action_open_selected(self) -> None:
        summary = self._selected()
        if summary is None:
            return
        if summary.broken:
            # A click on a broken draft: the line under the list already says why.
            self.notify(
                f"{summary.id} cannot be read. Fix the file in an editor, or delete it.",
                severity="error",
            )
            return
        self.app.open_draft(summary.id)  # type: ignore[attr-defined]

    @on(Button.Pressed, "#new")
    def action_new(self) -> None:
        self.app.action_new()  # type: ignore[attr-defined]

    @on(Button.Pressed, "#open-file")
    def action_open_file(self) -> None:
        self.app.action_open_file()  # type: ignore[attr-defined]

    def action_reload(self) -> None:
        self.load_drafts()
        self.look_for_leftovers()

    # --- Files left by a save cut short --------------------------------------------------------

    @work(thread=True, exclusive=True, group="leftovers")
    def look_for_leftovers(self) -> None:
        from eqia_tui.core.storage.recovery import leftovers

        found = leftovers(self.app.store.drafts)  # type: ignore[attr-defined]
        self.app.call_from_thread(self._show_leftovers, found)

    def _show_leftovers(self, found: list[Leftover]) -> None:
        self.leftovers = found
        note = self.query_one("#leftovers", Static)
        note.display = bool(found)
        if found:
            count = len(found)
            files = "file was" if count == 1 else "files were"
            note.update(
                f"{count} temporary {files} left in the drafts folder by a save that was cut "
                "short. Press Ctrl+T to tidy up: any that is newer than its draft is kept "
                "as a recovery copy first, so nothing is lost."
            )
        self.refresh_bindings()

    def action_tidy(self) -> None:
        from eqia_tui.core.disk.files import reason
        from eqia_tui.core.storage.recovery import clean

        try:
            removed, kept = clean(self.leftovers, self.app.home)  # type: ignore[attr-defined]
        except OSError as error:
            self.notify(
                f"Could not tidy up {error.filename}: {reason(error)}.",
                severity="error",
                timeout=10,
            )
        else:
            copies = f" {kept} kept as a recovery copy (eqia restore ID)." if kept else ""
            self.notify(f"Removed {removed} temporary file{'' if removed == 1 else 's'}.{copies}")
        self.look_for_leftovers()

    # --- Help --------------------------------------------------------------------------------

    def action_toggle_help(self) -> None:
        # Hidden at first, even on a wide screen: the welcome says what to do, and drawing
        # the panel would slow the first paint. Wide, it is a panel beside the list (as in
        # the wizard); narrow, it takes the list's place (drafts.tcss).
        shown = not self.has_class("-help-shown")
        self.set_class(shown, "-help-shown")
        if not shown:
            self.query_one("#filter", Input).focus()

    # --- Delete ------------------------------------------------------------------------------

    def action_delete(self) -> None:
        from eqia_tui.tui.dialogs.confirm import ConfirmDialog

        summary = self._selected()
        if summary is None or not deletable(summary):
            return
        name = shown(summary.title or summary.id)

        def done(confirmed: bool | None) -> None:
            if not confirmed:
                return
            from eqia_tui.core.disk.files import reason

            try:
                self.app.store.delete(summary.id)  # type: ignore[attr-defined]
            except OSError as error:
                self.notify(
                    f"Could not delete {summary.path}: {reason(error)}. The draft is still there.",
                    severity="error",
                    timeout=10,
                )
            else:
                self.notify(f"Deleted {name}.")
            self.load_drafts()

        self.app.push_screen(
            ConfirmDialog(
                "Delete this draft?",
                f"{name} will be deleted from your drafts. This cannot be undone.",
            ),
            done,
        )
