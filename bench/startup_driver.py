"""Child process for the start-up benchmark. Not run by hand: bench/run.py starts it.

    python bench/startup_driver.py eqia       # the real `eqia` entry point (eqia_tui.cli.main)
    python bench/startup_driver.py minimal    # bench/minimal_app.py

The app runs headless at 120x40. A hook on `App._display` sees every frame the compositor
produces; it also encodes the frame to terminal escape codes, as a real terminal would get.
The driver prints `first_paint <time.perf_counter()>` when the first frame of the start
screen is done, and for eqia also `drafts <time>` when the first frame with the drafts
listed is done, then leaves at once with os._exit (no teardown). On Linux perf_counter is
CLOCK_MONOTONIC, shared by every process, so the parent subtracts its own start time.

Importing textual.app here, before the app does, changes when it is imported, not what
is imported: both apps need textual.app anyway.
"""

from __future__ import annotations

import os
import signal
import sys
import time
from typing import Any

from textual.app import App

SIZE = (120, 40)
TIMEOUT = 60


def _emit(name: str) -> None:
    # Wall clock (comparable with the parent's) and this process's CPU time so far.
    os.write(1, f"{name} {time.perf_counter():.9f} {time.process_time():.9f}\n".encode())


def _install(start_screen: str, wait_for_drafts: bool) -> None:
    original_display = App._display
    original_run = App.run
    seen = {"first_paint": False}

    def display(self: App[Any], screen: Any, renderable: Any) -> None:
        original_display(self, screen, renderable)
        if renderable is None or type(screen).__name__ != start_screen:
            return
        render_segments = getattr(renderable, "render_segments", None)
        if render_segments is not None:
            render_segments(self.console)
        if not seen["first_paint"]:
            seen["first_paint"] = True
            _emit("first_paint")
            if not wait_for_drafts:
                os._exit(0)
        if wait_for_drafts and getattr(screen, "summaries", None):
            _emit("drafts")
            os._exit(0)

    def run(self: App[Any], *args: Any, **kwargs: Any) -> Any:
        kwargs["headless"] = True
        kwargs["size"] = SIZE
        return original_run(self, *args, **kwargs)

    App._display = display  # type: ignore[method-assign]
    App.run = run  # type: ignore[method-assign]


def main() -> None:
    which = sys.argv[1]
    signal.alarm(TIMEOUT)  # never hang the benchmark
    if which == "eqia":
        _install("DraftsScreen", wait_for_drafts=True)
        from eqia_tui.cli import main as eqia_main

        eqia_main([])
    elif which == "minimal":
        _install("Screen", wait_for_drafts=False)
        from minimal_app import MinimalApp

        MinimalApp().run()
    else:
        raise SystemExit(f"unknown app {which!r}")
    # Reaching here means the app exited before the start screen was drawn.
    sys.stderr.write("startup_driver: the app exited before its start screen was drawn\n")
    os._exit(3)


if __name__ == "__main__":
    main()
