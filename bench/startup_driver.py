"""Child process for the start-up benchmarks. Not run by hand: bench/run.py and
bench/lists.py start it.

    python bench/startup_driver.py eqia N     # the real `eqia` entry point, N drafts expected
    python bench/startup_driver.py minimal    # bench/minimal_app.py

The app runs headless at 120x40. A hook on `App._display` sees every frame the compositor
produces; it also encodes the frame to terminal escape codes, as a real terminal would get.
The driver prints one line per moment, `name <time.perf_counter()> <time.process_time()>`,
then leaves at once with os._exit (no teardown). On Linux perf_counter is CLOCK_MONOTONIC,
shared by every process, so the parent subtracts its own start time. The moments:

- `first_paint`: the first frame of the start screen is done.
- `first_rows` (eqia): the first frame with at least one row in the drafts table.
- `listed` (eqia): all N rows are in the table, drawn, and no worker of the "drafts" group
  (the one that reads the drafts the index did not have) is pending or running.
- `settled`: as listed, and no worker of the app at all is pending or running (such as the
  one that looks for files a save cut short), and nothing is left to repaint. For the
  minimal app: the same idle point after its first frame.

What the driver looks at is public state of the app in this process: the table with the id
`drafts` and its `row_count`, and `app.workers`. It is checked after every frame and each
time a worker finishes, and "settled" is stamped from `Screen.call_after_refresh`, which
runs once the screen has nothing left to lay out or repaint.

Importing textual.app here, before the app does, changes when it is imported, not what
is imported: both apps need textual.app anyway.
"""

from __future__ import annotations

import os
import signal
import sys
import time
from types import FrameType
from typing import Any

from textual.app import App
from textual.worker import Worker, WorkerState

SIZE = (120, 40)
TIMEOUT = 180
ACTIVE = (WorkerState.PENDING, WorkerState.RUNNING)


class _Watch:
    """What the driver has seen so far in this process."""

    def __init__(self, start_screen: str, expected: int | None) -> None:
        self.start_screen = start_screen
        self.expected = expected  # None: the minimal app, nothing to list
        self.app: App[Any] | None = None
        self.emitted: set[str] = set()
        self.probing = False


def _emit(watch: _Watch, name: str) -> None:
    # Wall clock (comparable with the parent's) and this process's CPU time so far.
    if name in watch.emitted:
        return
    watch.emitted.add(name)
    os.write(1, f"{name} {time.perf_counter():.9f} {time.process_time():.9f}\n".encode())


def _rows(screen: Any) -> int:
    try:
        table = screen.query_one("#drafts")
    except Exception:  # not mounted yet, or the screen changed
        return -1
    count = getattr(table, "row_count", -1)
    return count if isinstance(count, int) else -1


def _active_workers(app: App[Any]) -> list[Worker[Any]]:
    return [worker for worker in app.workers if worker.state in ACTIVE]


def _drafts_busy(app: App[Any]) -> bool:
    return any(worker.group == "drafts" for worker in _active_workers(app))


def _listed(watch: _Watch, app: App[Any], screen: Any) -> bool:
    """All N drafts are in the table and nothing is reading drafts any more."""
    if watch.expected is None:
        return True
    return _rows(screen) == watch.expected and not _drafts_busy(app)


def _on_start_screen(watch: _Watch, app: App[Any]) -> bool:
    return type(app.screen).__name__ == watch.start_screen and "first_paint" in watch.emitted


def _settled(watch: _Watch, app: App[Any]) -> bool:
    return _listed(watch, app, app.screen) and not _active_workers(app)


def _probe(watch: _Watch) -> None:
    """Called once the screen has repainted everything pending."""
    watch.probing = False
    app = watch.app
    if app is None or not _on_start_screen(watch, app):
        return
    if watch.expected is not None and _listed(watch, app, app.screen):
        _emit(watch, "listed")
    if _settled(watch, app):
        _emit(watch, "settled")
        os._exit(0)


def _ask_probe(watch: _Watch) -> None:
    """Stamp "settled" after the next repaint, if the screen is settled by then."""
    app = watch.app
    if app is None or watch.probing:
        return
    watch.probing = True
    app.screen.call_after_refresh(_probe, watch)


def _install(watch: _Watch) -> None:
    original_display = App._display
    original_run = App.run
    state: Any = vars(Worker)["state"]  # the property itself
    set_state = state.fset

    def display(self: App[Any], screen: Any, renderable: Any) -> None:
        original_display(self, screen, renderable)
        if renderable is None or type(screen).__name__ != watch.start_screen:
            return
        render_segments = getattr(renderable, "render_segments", None)
        if render_segments is not None:
            render_segments(self.console)
        _emit(watch, "first_paint")
        if watch.expected is not None:
            if _rows(screen) > 0:
                _emit(watch, "first_rows")
            if _listed(watch, self, screen):
                _emit(watch, "listed")
        if _settled(watch, self):
            _ask_probe(watch)  # settled once nothing is left to repaint

    def worker_state(self: Worker[Any], value: WorkerState) -> None:
        set_state(self, value)
        app = watch.app
        if app is not None and value not in ACTIVE:
            # Often from the worker's thread: post to the app's own thread first.
            app.call_later(_ask_probe, watch)

    def run(self: App[Any], *args: Any, **kwargs: Any) -> Any:
        watch.app = self
        kwargs["headless"] = True
        kwargs["size"] = SIZE
        return original_run(self, *args, **kwargs)

    App._display = display  # type: ignore[method-assign]
    App.run = run  # type: ignore[method-assign]
    setattr(Worker, "state", property(state.fget, worker_state))  # noqa: B010

    def timed_out(_signum: int, _frame: FrameType | None) -> None:
        app = watch.app
        said = f"startup_driver: not settled after {TIMEOUT} s; seen: {sorted(watch.emitted)}"
        if app is not None:
            workers = ", ".join(f"{w.group}:{w.state.name}" for w in app.workers) or "none"
            said += f"; screen {type(app.screen).__name__}, rows {_rows(app.screen)}"
            said += f", workers {workers}"
        os.write(2, (said + "\n").encode())
        os._exit(4)

    signal.signal(signal.SIGALRM, timed_out)
    signal.alarm(TIMEOUT)  # never hang the benchmark


def main() -> None:
    which = sys.argv[1]
    if which == "eqia":
        expected = int(sys.argv[2]) if len(sys.argv) > 2 else 0
        _install(_Watch("DraftsScreen", expected))
        from eqia_tui.cli import main as eqia_main

        eqia_main([])
    elif which == "minimal":
        _install(_Watch("Screen", None))
        from minimal_app import MinimalApp

        MinimalApp().run()
    else:
        raise SystemExit(f"unknown app {which!r}")
    # Reaching here means the app exited before the start screen settled.
    sys.stderr.write("startup_driver: the app exited before its start screen settled\n")
    os._exit(3)


if __name__ == "__main__":
    main()
