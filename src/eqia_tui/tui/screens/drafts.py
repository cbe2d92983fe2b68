"""The start screen: new assessment, resume a draft, open a file.

The drafts the summary index still knows are listed before the first frame. Files it does
not know, or that changed since, are read in a thread after it, a few at a time, and their
rows added to the list as they come, while the screen can be used."""

from __future__ import annotations

import os
import threading
import time
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, DataTable, Header, Input, Static
from textual.worker import get_current_worker

from eqia_tui.core.disk.locations import drafts_dir
from eqia_tui.core.storage.index import RACY_NS, cached
from eqia_tui.core.storage.summary import DraftSummary, Summary, draft_summary, newest_first
from eqia_tui.core.text.safe_text import shown
from eqia_tui.tui.host import host
from eqia_tui.tui.screens.drafts_table import DraftsTable, deletable, describe
from eqia_tui.tui.widgets.steady_footer import SteadyFooter

# What only some keys need (the models, the drafts folder, the dialogs) is imported when
# they are pressed (deferred: slow import): this is the first screen, and start-up is
# measured against a bare Textual app (docs/performance.md). The summary index and the
# summaries import no models: they list the drafts before the first frame.
if TYPE_CHECKING:
    from eqia_tui.core.storage.recovery import Leftover

FIRST_BATCH = 5
"""Files not in the index are read this many at first, so the first of them show soon..."""
BATCH = 40
"""...then this many at a time: each batch updates the list once."""

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


def draft_files(folder: Path) -> list[Path]:
    """The `.toml` files in the drafts folder, sorted, as `Store.files` lists them, without
    loading the store (it needs the models)."""
    return scan_folder(folder, stat=False).files


FolderState = tuple[int, tuple[tuple[str, int, int, int, int], ...]]
"""The day, and each draft or temporary file by name, size, change times and inode."""


class Scan(NamedTuple):
    """One look at the drafts folder."""

    files: list[Path]
    """The `.toml` files, sorted, as `Store.files` lists them."""
    temporary: bool
    """Whether it holds a file that may be a temporary file left by a save cut short
    (`.ID.toml.XXXXXXXX.tmp`): looking closer at those needs the models
    (`recovery.leftovers`), so it is done only if there are some."""
    state: FolderState | None
    """What it holds and when each file last changed, to tell later whether it changed
    since; None when that cannot be told: the folder cannot be read, or a file changed
    less than `RACY_NS` ago (a second change in the same tick of the clock would not show
    in its times)."""


def scan_folder(folder: Path, *, stat: bool = True) -> Scan:
    """The drafts folder in one pass (about 3 ms for a thousand files; without `stat`,
    no state and less than a millisecond)."""
    now = time.time_ns()
    names: list[str] = []
    seen: list[tuple[str, int, int, int, int]] | None = [] if stat else None
    try:
        with os.scandir(folder) as entries:
            for entry in entries:
                name = entry.name
                names.append(name)
                if seen is None or not name.endswith((".toml", ".tmp")):
                    continue
                found = entry.stat(follow_symlinks=False)
                if now - max(found.st_mtime_ns, found.st_ctime_ns) < RACY_NS:
                    seen = None  # too recent to tell a later change from this one
                    continue
                seen.append(
                    (name, found.st_size, found.st_mtime_ns, found.st_ctime_ns, found.st_ino)
                )
    except OSError:  # no drafts folder yet, or one that cannot be read: nothing to list
        return Scan([], False, None)
    temporary = any(name.startswith(".") and name.endswith(".tmp") for name in names)
    # Sorted by name, which is quicker than sorting paths and gives the same order.
    drafts = sorted(name for name in names if name.endswith(".toml"))
    state = None if seen is None else (date.today().toordinal(), tuple(sorted(seen)))
    return Scan([folder / name for name in drafts], temporary, state)


def folder_state(folder: Path) -> FolderState | None:
    """The folder's state (`Scan.state`)."""
    return scan_folder(folder).state


def newest_files_first(files: list[Path]) -> list[Path]:
    """The files changed last first, and among files changed at the same time the last name
    first: they are likely the drafts at the top of the list (see `newest_first`)."""

    def changed(path: Path) -> tuple[int, str]:
        try:
            return path.stat().st_mtime_ns, path.stem
        except OSError:
            return 0, path.stem

    return sorted(files, key=changed, reverse=True)


def still_to_read(count: int, shown_any: bool) -> str:
    drafts = "draft" if count == 1 else "drafts"
    return f"Reading {count:,} more {drafts}…" if shown_any else f"Reading {count:,} {drafts}…"


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
    AUTO_FOCUS = "#filter"
    """Focused as soon as it is built, so the first frame's footer offers its keys already
    (the footer is built again, a frame later, each time the keys change)."""
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
        """Every draft known so far, newest first (the filter may hide some)."""
        self._known: dict[str, DraftSummary] = {}
        """The drafts known so far, by id (a file's name without `.toml`)."""
        self._to_read = 0
        """How many files are still being read in the background."""
        self._round = 0
        """Counts the times the list is looked at again: a thread's drafts from an earlier
        time are not shown."""
        self._maybe_leftovers = False
        """The drafts folder held a file that may be left by a save cut short."""
        self._offered = (False, False)
        """Whether the footer offers Delete, and Open (see `check_action`)."""
        self.leftovers: list[Leftover] = []
        """Files a save cut short left in the drafts folder (see `action_tidy`)."""
        self._listed_at_mount = False
        self._seen: FolderState | None = None
        """The drafts folder as it was when the list was last looked up (`folder_state`)."""

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
                yield Static("", id="drafts-reading")
                yield Static("", id="draft-detail")
                yield Static("Loading drafts…", id="empty")
                yield Static("", id="leftovers")
            with VerticalScroll(id="drafts-help"):
                yield Static(HELP)
        yield SteadyFooter()

    def on_mount(self) -> None:
        self.title = "Equality Impact Assessment"
        self.sub_title = "Drafts"
        self.query_one(DraftsTable).display = False
        self.query_one("#drafts-reading").display = False
        self.query_one("#draft-detail").display = False
        self.query_one("#leftovers").display = False
        # Listed before the focus is set: the footer then builds its keys once, with Open
        # and Delete when there is a draft, and shows them in the first frame.
        self.load_drafts()
        self._look_again_for_leftovers()
        self._listed_at_mount = True
        self.query_one("#filter", Input).focus()

    def on_screen_resume(self) -> None:
        # Also sent when the screen is first shown (just listed, at mount), and each time a
        # dialog over it closes: then the folder is looked up again only if it changed.
        if self._listed_at_mount:
            self._listed_at_mount = False
            return
        if self._seen is not None and self._seen == folder_state(self._folder()):
            return
        self.load_drafts()
        self._look_again_for_leftovers()

    def _folder(self) -> Path:
        return drafts_dir(host(self.app).home)

    def _look_again_for_leftovers(self) -> None:
        if self._maybe_leftovers:
            self.look_for_leftovers(self._drawn())
        elif self.leftovers:
            self._show_leftovers([])

    def _drawn(self) -> threading.Event:
        """Set once the screen has been drawn: threads wait for it before they start work,
        so as not to hold up the frame (Python runs one thread at a time)."""
        drawn = threading.Event()
        self.call_after_refresh(drawn.set)
        return drawn

    def load_drafts(self) -> None:
        """List the drafts the summary index knows at once, and read the rest in a thread.

        A draft that changed on disk keeps its row until it has been read again."""
        self._round += 1
        home = host(self.app).home
        scan = scan_folder(self._folder())  # its state before listing: a change after it shows
        self._seen, self._maybe_leftovers, files = scan.state, scan.temporary, scan.files
        fresh, stale = cached(files, home=home)
        today = date.today()
        known = {s.id: draft_summary(s, today) for s in fresh}
        for path in stale:
            old = self._known.get(path.stem)
            if old is not None:
                known[path.stem] = old
        self._known = known
        self._to_read = len(stale)
        self._show()
        if stale:
            self.read_drafts(stale, self._round, self._drawn())
        else:  # nothing left to read: a reading started earlier can stop
            self.workers.cancel_group(self, "drafts")

    @work(thread=True, exclusive=True, group="drafts")
    def read_drafts(self, files: list[Path], round_: int, drawn: threading.Event) -> None:
        """Read and check these files, a batch at a time, adding each batch to the list."""
        drawn.wait(timeout=2)
        from eqia_tui.core.storage.listing import summaries  # deferred: slow import

        worker = get_current_worker()
        registry = host(self.app).registry
        files = newest_files_first(files)
        size = FIRST_BATCH
        while files and not worker.is_cancelled:
            batch, files = files[:size], files[size:]
            found = summaries(batch, registry)
            self.app.call_from_thread(self._add_read, found, len(files), round_)
            size = BATCH

    def _add_read(self, found: list[Summary], left: int, round_: int) -> None:
        if round_ != self._round:  # the list was looked at again since
            return
        today = date.today()
        for summary in found:
            self._known[summary.id] = draft_summary(summary, today)
        self._to_read = left
        self._show()

    def _show(self) -> None:
        self.summaries = newest_first(list(self._known.values()))
        self._fill()

    def _matches(self, summary: DraftSummary, words: list[str]) -> bool:
        haystack = f"{summary.title} {summary.id} {summary.questionnaire}".lower()
        return all(word in haystack for word in words)

    def _fill(self) -> None:
        table = self.query_one(DraftsTable)
        empty = self.query_one("#empty", Static)
        reading = self.query_one("#drafts-reading", Static)
        words = self.query_one("#filter", Input).value.lower().split()
        shown = [s for s in self.summaries if self._matches(s, words)]
        table.display = bool(shown)
        table.update_rows(shown)
        left = still_to_read(self._to_read, bool(self.summaries)) if self._to_read else ""
        if not self.summaries:
            empty.update(
                left
                or "No drafts yet. Press Ctrl+N or choose New assessment to start one. "
                "Drafts are saved as you go and listed here."
            )
        elif not shown:
            if left:
                empty.update(f"No draft read so far matches the filter. {left}")
            else:
                empty.update("No draft matches the filter. Clear it to see every draft.")
        empty.display = not shown
        reading.update(left)
        reading.display = bool(shown and left)
        self._describe_selected()

    def _describe_selected(self) -> None:
        detail = self.query_one("#draft-detail", Static)
        summary = self._selected()
        detail.display = summary is not None
        if summary is not None:
            table = self.query_one(DraftsTable)
            hidden = all(key != "questionnaire" for key, _, _ in table.columns_shown)
            detail.update(describe(summary, questionnaire_hidden=hidden))
        offered = (
            summary is not None and deletable(summary),
            summary is not None and not summary.broken,
        )
        if offered != self._offered:
            # Only when Delete or Open comes or goes: the footer is built again each time.
            self._offered = offered
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
        self._look_again_for_leftovers()

    # --- Files left by a save cut short --------------------------------------------------------

    @work(thread=True, exclusive=True, group="leftovers")
    def look_for_leftovers(self, drawn: threading.Event | None = None) -> None:
        if drawn is not None:
            drawn.wait(timeout=2)
        from eqia_tui.core.storage.recovery import leftovers  # deferred: slow import

        found = leftovers(self._folder())
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
