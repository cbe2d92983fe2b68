"""The start screen: new assessment, resume a draft, open a file. Drafts load after first paint."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import Button, DataTable, Footer, Header, Input, Static

if TYPE_CHECKING:
    from eqia_tui.store import DraftSummary

LEVEL_WORDS = {"high": "High", "medium": "Medium", "low": "Low"}


class FilterInput(Input):
    """Typing filters the list; the arrow keys and Enter still work the list below."""

    BINDINGS = [
        Binding("down", "screen.cursor(1)", show=False),
        Binding("up", "screen.cursor(-1)", show=False),
    ]


class DraftsScreen(Screen[None]):
    BINDINGS = [
        Binding("ctrl+n", "new", "New"),
        Binding("ctrl+o", "open_file", "Open a file"),
        Binding("enter", "open_selected", "Open", show=True, priority=False),
        Binding("ctrl+d", "delete", "Delete", priority=True),
        Binding("ctrl+r", "reload", "Refresh", show=False),
    ]

    def __init__(self) -> None:
        super().__init__(classes="drafts")
        self.summaries: list[DraftSummary] = []

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(
            "Screen a policy, service or project for its effect on people with protected "
            "characteristics. Start a new assessment, or carry on with a draft: "
            "choose it and press Enter.",
            id="welcome",
        )
        with Horizontal(id="drafts-actions"):
            yield Button("New assessment", id="new", variant="primary", compact=True)
            yield Button("Open a file", id="open-file", compact=True)
        yield FilterInput(placeholder="Type to filter drafts", id="filter")
        yield DataTable(cursor_type="row", zebra_stripes=True, id="drafts")
        yield Static("Loading drafts…", id="empty")
        yield Footer()

    def on_mount(self) -> None:
        self.title = "Equality Impact Assessment"
        self.sub_title = "Drafts"
        table = self.query_one("#drafts", DataTable)
        table.add_column("Title", key="title")
        table.add_column("Questionnaire", key="questionnaire")
        table.add_column("Last change", key="updated")
        table.add_column("Progress", key="progress")
        table.add_column("Suggested weighting", key="rating")
        table.add_column("Due", key="due")
        table.display = False
        self.query_one("#filter", Input).focus()
        self.load_drafts()

    def on_screen_resume(self) -> None:
        self.load_drafts()

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
        table = self.query_one("#drafts", DataTable)
        empty = self.query_one("#empty", Static)
        words = self.query_one("#filter", Input).value.lower().split()
        shown = [s for s in self.summaries if self._matches(s, words)]
        table.clear()
        for summary in shown:
            table.add_row(*self._cells(summary), key=summary.id)
        table.display = bool(shown)
        if not self.summaries:
            empty.update(
                "No drafts yet. Press Ctrl+N or choose New assessment to start one. "
                "Drafts are saved as you go and listed here."
            )
        elif not shown:
            empty.update("No draft matches the filter. Clear it to see every draft.")
        empty.display = not shown

    def _cells(self, summary: DraftSummary) -> list[Any]:
        if summary.broken:
            return [
                Text(summary.id, style="bold red"),
                Text("cannot be read", style="red"),
                Text(summary.error, style="red"),
                "",
                "",
                "",
            ]
        updated = summary.updated.astimezone().strftime("%d/%m/%Y %H:%M") if summary.updated else ""
        rating = LEVEL_WORDS.get(summary.suggested_rating or "", "-")
        due = Text(summary.due, style="bold red") if "overdue" in summary.due else summary.due
        return [summary.title, summary.questionnaire, updated, f"{summary.progress}%", rating, due]

    @on(Input.Changed, "#filter")
    def _filter(self) -> None:
        self._fill()

    def action_cursor(self, by: int) -> None:
        table = self.query_one("#drafts", DataTable)
        if table.row_count:
            table.move_cursor(row=max(0, min(table.row_count - 1, table.cursor_row + by)))

    def _selected(self) -> DraftSummary | None:
        table = self.query_one("#drafts", DataTable)
        if not table.row_count or not table.display:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return next((s for s in self.summaries if s.id == key), None)

    @on(Input.Submitted, "#filter")
    @on(DataTable.RowSelected, "#drafts")
    def action_open_selected(self) -> None:
        summary = self._selected()
        if summary is None:
            return
        if summary.broken:
            self.notify(
                f"{summary.id} cannot be read: {summary.error}. Fix the file in an editor, "
                f"or delete it.",
                severity="error",
                timeout=10,
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

    def action_delete(self) -> None:
        from eqia_tui.screens.confirm import ConfirmDialog

        summary = self._selected()
        if summary is None:
            return
        name = summary.title or summary.id

        def done(confirmed: bool | None) -> None:
            if confirmed:
                self.app.store.delete(summary.id)  # type: ignore[attr-defined]
                self.notify(f"Deleted {name}.")
                self.load_drafts()

        self.app.push_screen(
            ConfirmDialog(
                "Delete this draft?",
                f"{name} will be deleted from your drafts. This cannot be undone.",
            ),
            done,
        )
