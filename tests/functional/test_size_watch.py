"""`watch_size`: told of a change of size that Textual sends no `Resize` for."""

from __future__ import annotations

from textual import events
from textual.app import App, ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from eqia_tui.tui.widgets.size_watch import watch_size


class Page(VerticalScroll):
    def __init__(self) -> None:
        super().__init__()
        self.resized: list[int] = []  # heights from Resize events
        self.watched: list[int] = []  # heights when watch_size called back

    def on_mount(self) -> None:
        watch_size(self, lambda: self.watched.append(self.size.height))

    def on_resize(self, event: events.Resize) -> None:
        self.resized.append(event.size.height)


class Shrinks(App[None]):
    """A page with a panel under it, as the help opens under the wizard's step."""

    CSS = "#under { dock: bottom; height: 5; display: none; }"

    def compose(self) -> ComposeResult:
        with Page():
            yield Static("\n".join(f"line {n}" for n in range(40)))
        yield Static("help", id="under")


async def open_under(scroll: bool) -> Page:
    app = Shrinks()
    async with app.run_test(size=(40, 20)) as pilot:
        await pilot.pause()
        page = app.query_one(Page)
        if scroll:
            page.scroll_to(y=3, animate=False, immediate=True)  # drawn: the map marked stale
            await pilot.pause()
        page.resized.clear()
        page.watched.clear()
        app.query_one("#under").display = True
        for _ in range(20):  # until called back; a Resize, if sent, was queued before that
            await pilot.pause()
            if page.watched:
                break
        assert page.size.height == 15
        return page


async def test_told_of_the_new_size_with_a_resize_event_or_without() -> None:
    page = await open_under(scroll=False)
    assert page.resized == [15] and page.watched == [15]
    # After a scroll, Textual's map of the screen is stale; it is rebuilt, new size
    # included, before the layout that would compare the sizes, so Textual 8.2 sends no
    # Resize here (`page.resized` is empty). The watch is told all the same.
    page = await open_under(scroll=True)
    assert page.watched == [15]
