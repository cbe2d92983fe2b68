"""The start screen: new assessment, resume a draft, open a file. Drafts load after first paint."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, DataTable, Footer, Header, Input, Static

from eqia_tui.core.text.safe_text import shown
from eqia_tui.tui.host import host
from eqia_tui.tui.screens.drafts_table import DraftsTable, deletable, describe

# What only some keys need (the models, the drafts folder, the dialogs) is imported when
# they are pressed (deferred: slow import): this is the first screen, and start-up is
# measured against a bare Textual app (docs/performance.md).
if TYPE_CHECKING:
    from eqia_tui.core.storage.recovery import Leftover
    from eqia_tui.core.storage.store import DraftSummary

HELP = Text.assemble(
    ("Help\n\n", "bold"),
    "Your drafts are listed here. They save themselves as you type, so there is "
    "nothing to save before you quit.\n\n",
    "Type to filter the list. Enter opens the highlighted draft.\n\n",
    ("Suggested weighting", "bold"),
    " is worked out from the answers so far. ",
    ("Due", "bold"),
    " shows a review or an action that is due soon or overdue. ",
    ("Status", "bold"),
    " says where the equality group's review has got to.\n\n",
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


class FilterInput(Input):
    """Typing filters the list; the arrow keys and Enter still work the list below."""

    BINDINGS = [
        Binding("down", "screen.cursor(1)", show=False),
        Binding("up", "screen.cursor(-1)", show=False),
        Binding("enter", "screen.open_selected", "Open"),
    ]


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
        summaries = host(self.app).store.summaries()
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
            table = self.query_one(DraftsTable)
            hidden = all(key != "questionnaire" for key, _, _ in table.columns_shown)
            detail.update(describe(summary, questionnaire_hidden=hidden))
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
        host(self.app).open_draft(summary.id)

    @on(Button.Pressed, "#new")
    def action_new(self) -> None:
        host(self.app).action_new()

    @on(Button.Pressed, "#open-file")
    def action_open_file(self) -> None:
        host(self.app).action_open_file()

    def action_reload(self) -> None:
        self.load_drafts()
        self.look_for_leftovers()

    # --- Files left by a save cut short --------------------------------------------------------

    @work(thread=True, exclusive=True, group="leftovers")
    def look_for_leftovers(self) -> None:
        from eqia_tui.core.storage.recovery import leftovers  # deferred: slow import

        found = leftovers(host(self.app).store.drafts)
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
        from eqia_tui.core.disk.files import reason  # deferred: slow import
        from eqia_tui.core.storage.recovery import clean  # deferred: slow import

        try:
            removed, kept = clean(self.leftovers, host(self.app).home)
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
        from eqia_tui.core.disk.files import reason  # deferred: slow import
        from eqia_tui.core.storage.store import HeldElsewhere  # deferred: slow import
        from eqia_tui.tui.dialogs.confirm import ConfirmDialog  # deferred: slow import

        summary = self._selected()
        if summary is None or not deletable(summary):
            return
        name = shown(summary.title or summary.id)

        def done(confirmed: bool | None) -> None:
            if not confirmed:
                return
            try:
                host(self.app).store.delete(summary.id)
            except HeldElsewhere as held:
                self.notify(
                    f"{name} is open in another window ({held.holder.words()}). "
                    "Close it there, then delete it. The draft is still there.",
                    severity="error",
                    timeout=10,
                )
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
