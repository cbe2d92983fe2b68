"""The Textual app: wires the store to the screens, which live in screens/ and widgets/."""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from rich.segment import Segment
from rich.text import Text
from textual import events
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.color import Color
from textual.command import CommandPalette
from textual.content import Content
from textual.filter import LineFilter, Monochrome, NoColor
from textual.geometry import Size
from textual.notifications import SeverityLevel
from textual.screen import Screen

from eqia_tui.core.disk.files import read_toml, write_reason
from eqia_tui.core.disk.locations import config_file
from eqia_tui.core.storage import DEFAULT_QUESTIONNAIRE
from eqia_tui.core.text.problems import BadInput, Problem
from eqia_tui.core.text.safe_text import ZERO_WIDTH_UNSAFE, dropped, shown
from eqia_tui.tui.host import HoldsDraft, HoldsForm, Host
from eqia_tui.tui.screens.commands import WizardCommands
from eqia_tui.tui.screens.drafts import DraftsScreen
from eqia_tui.tui.screens.too_small import TooSmallScreen, too_small
from eqia_tui.tui.themes import (
    DEFAULT_THEME,
    HIGH_CONTRAST,
    HIGH_CONTRAST_ANSI,
    HIGH_CONTRAST_NAME,
    OLD_NAMES,
    ThemeChoices,
    ordered,
)

# The questionnaire models, the store, the wizard and the dialogs are imported when first
# needed, not before the start screen is drawn (deferred: slow import): start-up is
# measured against a bare Textual app (docs/performance.md).
if TYPE_CHECKING:
    from eqia_tui.core.model.assessment import Loaded
    from eqia_tui.core.storage.registry import Registry
    from eqia_tui.core.storage.store import Store


def _now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


class DropUnsafe(LineFilter):
    """The last line of defence against text from a file that a terminal would act on.

    Every screen shows such text made visible (`safe_text.shown`); what still reaches a
    line (the text an officer is editing in a box, say) loses its escape, control and
    bidirectional characters here, as the line is drawn. They take no room on the screen,
    so the line keeps its width; the answer itself is left as it is.
    """

    def apply(self, segments: list[Segment], background: Color) -> list[Segment]:
        if not any(
            not s.control and ZERO_WIDTH_UNSAFE.search(s.text) is not None for s in segments
        ):
            return segments
        out = []
        for segment in segments:
            if segment.control:
                out.append(segment)
                continue
            text = dropped(segment.text)
            if text:
                out.append(Segment(text, segment.style))
        return out


class Crashed(Exception):
    """What the officer sees of an error the app did not expect: one line naming the log."""

    def __init__(self, line: str) -> None:
        super().__init__(line)
        self.line = line

    def __rich__(self) -> Text:
        return Text(self.line)


class EqiaApp(App[None]):
    CSS_PATH = ["app.tcss", "screens/drafts.tcss"]
    TITLE = "Equality Impact Assessment"
    COMMANDS = App.COMMANDS | {WizardCommands}
    BINDINGS = [Binding("ctrl+q", "quit", "Quit", priority=True)]
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (110, "-wide")]

    def __init__(
        self,
        home: Path,
        *,
        open_path: Path | None = None,
        new_dialog: str | None = None,
        clock: Callable[[], datetime] = _now,
        registry: Registry | None = None,
        review: bool = False,
    ) -> None:
        super().__init__()
        self.home = home
        self._questionnaire_registry = registry
        self._draft_store: Store | None = None
        self.clock = clock
        self._open_path = open_path
        self._review = review
        """Open `open_path` for review (`eqia review`): answers read-only, comments not."""
        self._new_dialog = new_dialog
        self.last_folder: Path | None = None
        """The folder last chosen in a file dialog: the next one starts there."""
        self.crashed = False
        """True once an unexpected error has stopped the app (see `_handle_exception`)."""
        self.crash_log: Path | None = None
        self._stopping: asyncio.Task[None] | None = None
        self._drop_unsafe = DropUnsafe()
        self._no_colour = NoColor()
        self._watching_screens = False
        """Whether the window's size is checked when screens change (`_fit_the_window`)."""
        self._usual_ansi_colours = self.ansi_theme_dark
        self.register_theme(HIGH_CONTRAST)
        self._kept_theme, self._theme_problem = self._theme_from_settings()
        self.theme = self._kept_theme

    @property
    def registry(self) -> Registry:
        if self._questionnaire_registry is None:
            from eqia_tui.core.storage.registry import Registry  # deferred: slow import

            self._questionnaire_registry = Registry(self.home)
        return self._questionnaire_registry

    @property
    def store(self) -> Store:
        if self._draft_store is None:
            from eqia_tui.core.storage.store import Store  # deferred: slow import

            self._draft_store = Store(self.home, self.registry)
        return self._draft_store

    # --- Nothing from a file reaches the terminal raw; no traceback ever --------------------

    def get_line_filters(self) -> list[LineFilter]:
        filters = [*super().get_line_filters(), self._drop_unsafe]
        if self.no_color and self.native_ansi_color:
            # NO_COLOR with the terminal's own colours: Textual picks its filter when the app
            # is made, before the theme from config.toml is set, and its shades of grey would
            # turn the terminal's own colours to black on black. Send no colour at all.
            filters = [self._no_colour if isinstance(f, Monochrome) else f for f in filters]
        return filters

    def format_title(self, title: str, sub_title: str) -> Content:
        """The header: a draft's title (and file name) shown as text, never acted on."""
        return super().format_title(shown(title), shown(sub_title))

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """Notifications quote titles, answers and file names: they are never read as
        markup (a "[" in a title is a bracket), and what a terminal would act on is shown."""
        super().notify(
            shown(message, lines=True),
            title=shown(title),
            severity=severity,
            timeout=timeout,
            markup=False,
        )

    def _handle_exception(self, error: Exception) -> None:
        # Textual's hook for an error nothing else caught: it stops the app. The details go
        # to a crash log; the officer sees one line naming it, not a traceback.
        from eqia_tui.core.disk import crash  # deferred: slow import (only when eqia fails)

        if not self.crashed:
            self.crashed = True
            self.crash_log = crash.record(error)
        failure = Crashed(crash.message(self.crash_log))
        failure.__cause__ = error
        super()._handle_exception(failure)

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        # Only Textual's commands that mean something to an officer; the rest are for developers.
        yield SystemCommand(
            "Theme",
            "Change the colours: high contrast, light, or your terminal's own",
            self.action_change_theme,
        )
        yield SystemCommand("Quit", "Close eqia. Drafts are saved first", self.action_quit)

    # --- Colours: the theme chosen in the palette is kept in config.toml ---------------------

    def _theme_from_settings(self) -> tuple[str, str]:
        """The theme named in config.toml (the default when none is named), and what is wrong
        with the setting, in one line ("" when nothing is). Read without the settings model:
        it is read before the start screen is drawn, and that model is slow to import."""
        path = config_file()
        try:
            name = read_toml(path).get("theme", "") if path.exists() else ""
        except BadInput as error:
            return DEFAULT_THEME, f"{error.problems[0].line()}. The default colours are used."
        if isinstance(name, str):
            name = OLD_NAMES.get(name.strip(), name.strip())
            if not name or name in self.available_themes:
                return name or DEFAULT_THEME, ""
        allowed = ", ".join(ordered(list(self.available_themes)))
        given = f'"{name}"' if isinstance(name, str) else repr(name)
        message = f"{given} is not a theme; allowed: {allowed}. The default colours are used."
        return DEFAULT_THEME, Problem(str(path), "theme", message).line()

    def watch_theme(self, name: str) -> None:
        # The terminal's named colours ("red", "green") some screens use are drawn bright
        # enough to read on black while the high-contrast theme is on.
        self.ansi_theme_dark = (
            HIGH_CONTRAST_ANSI if name == HIGH_CONTRAST_NAME else self._usual_ansi_colours
        )
        if name != self._kept_theme:
            self._kept_theme = name
            self._keep_theme(name)

    def _keep_theme(self, name: str) -> None:
        """Write the theme to config.toml, so eqia starts with it next time."""
        from eqia_tui.core.storage.config import load_config, save_config  # deferred: slow import

        path = config_file()
        try:
            config = load_config(path)
            save_config(config.model_copy(update={"theme": name}), path)
        except BadInput as error:
            why = error.problems[0].line()
            self.notify(
                f"Could not save the theme, as the settings cannot be read: {why}. "
                "The theme is used until you quit.",
                severity="warning",
            )
        except OSError as error:
            why = write_reason(error, path)
            self.notify(
                f"Could not save the theme to {path}: {why}. The theme is used until you quit.",
                severity="warning",
            )

    def search_themes(self) -> None:
        """The palette's list of themes, by names a person would use ("High contrast")."""
        self.push_screen(CommandPalette(providers=[ThemeChoices], placeholder="Search for themes…"))

    def on_mount(self) -> None:
        if self._theme_problem:
            self.notify(self._theme_problem, title="Settings", severity="warning", timeout=20)
        if not self.is_headless:
            self._catch_signals()
        self.push_screen(DraftsScreen())
        if self._open_path is not None:
            self.open_path(self._open_path, review=self._review)
        elif self._new_dialog is not None:
            self.action_new(self._new_dialog)

    # --- A window too small for the layout: the smallest size is said instead --------------

    def on_resize(self, event: events.Resize) -> None:
        if not self._watching_screens:
            self._watching_screens = True
            self.screen_change_signal.subscribe(self, self._message_surfaced)
        self._fit_the_window(event.size)  # self.size is the old size until this is handled

    def _fit_the_window(self, size: Size) -> None:
        """Over everything, a screen that gives the smallest size while the window is under
        it; gone again, with nothing closed, when the window is big enough."""
        if self._exit or not self.screen_stack:  # leaving, or not started
            return
        showing = isinstance(self.screen, TooSmallScreen)
        if too_small(*size) and not showing:
            self.push_screen(TooSmallScreen())
        elif showing and not too_small(*size):
            self.pop_screen()

    def _message_surfaced(self, screen: Screen[object]) -> None:
        """A dialog opened over the message (asking before quitting, say) is left on top, to
        be answered; when it closes, the message under it goes if the window is big enough."""
        if isinstance(screen, TooSmallScreen) and not too_small(*self.size):
            self._fit_the_window(self.size)

    # --- Opening -----------------------------------------------------------------------------

    def open_draft(self, assessment_id: str) -> None:
        self.open_path(self.store.path_for(assessment_id))

    def open_path(self, path: Path, *, review: bool = False) -> None:
        from eqia_tui.core.storage.store import load_file  # deferred: slow import
        from eqia_tui.core.text.problems import BadInput  # deferred: slow import

        try:
            loaded = load_file(path, self.registry)
        except BadInput as error:
            for problem in error.problems[:5]:
                self.notify(problem.line(), title="Cannot open", severity="error", timeout=10)
            return
        self.push_wizard(loaded, path, review=review)

    def push_wizard(self, loaded: Loaded, path: Path, *, review: bool = False) -> None:
        """Show the draft in the wizard; with `review`, for review (answers read-only)."""
        from eqia_tui.tui.screens.wizard import WizardScreen  # deferred: slow import

        self.push_screen(WizardScreen(loaded, path, clock=self.clock, review=review))

    def action_new(self, questionnaire: str = "") -> None:
        # deferred: slow import
        from eqia_tui.tui.dialogs.new_assessment import NewAssessment, NewAssessmentDialog

        made: list[tuple[Loaded, Path]] = []

        def create(result: NewAssessment) -> str:
            # Written while the dialog is open: if it fails, the dialog stays, form and all.
            draft = self._write_new(result.questionnaire, result.title, result.id)
            if isinstance(draft, str):
                problem = f"{draft} What you typed is still in the form."
                self.notify(problem, severity="error", timeout=10)
                return problem
            made.append(draft)
            return ""

        def opened(result: NewAssessment | None) -> None:
            if result is not None and made:
                self.push_wizard(*made[-1])

        entries = self.registry.entries()
        chosen = questionnaire or next((e.id for e in entries if e.id == DEFAULT_QUESTIONNAIRE), "")
        dialog = NewAssessmentDialog(entries, set(self.store.ids()), chosen, create=create)
        self.push_screen(dialog, opened)

    def create(self, questionnaire_id: str, title: str, assessment_id: str) -> None:
        """Write the new draft to the store first, then open it."""
        draft = self._write_new(questionnaire_id, title, assessment_id)
        if isinstance(draft, str):
            self.notify(f"{draft} Nothing was created.", severity="error", timeout=10)
            return
        self.push_wizard(*draft)

    def _write_new(
        self, questionnaire_id: str, title: str, assessment_id: str
    ) -> tuple[Loaded, Path] | str:
        """Write a new draft to the store: the draft and its file, or why it could not be
        written, in plain words."""
        from eqia_tui.core.disk.files import write_reason  # deferred: slow import
        from eqia_tui.core.model.assessment import Loaded, new_assessment  # deferred: slow import

        questionnaire = self.registry.choose(questionnaire_id)
        assessment = new_assessment(questionnaire, assessment_id, title)
        try:
            path = self.store.save(questionnaire, assessment)
        except OSError as error:
            path = self.store.path_for(assessment_id)
            why = write_reason(error, path)
            return f"Could not create {path.name} in {path.parent}: {why}."
        return Loaded(assessment, questionnaire), path

    def action_open_file(self) -> None:
        from eqia_tui.core.storage.opening import load_for_opening  # deferred: slow import
        from eqia_tui.tui.dialogs.path_dialog import PathDialog  # deferred: slow import

        # A file that cannot be opened is explained in the dialog, so the path can be fixed.
        checked: dict[Path, Loaded] = {}

        def check(path: Path) -> str:
            result = load_for_opening(path, self.registry)
            if isinstance(result, str):
                return result
            checked[path] = result
            return ""

        def chosen(result: tuple[str, Path] | None) -> None:
            if result is not None:
                path = result[1]
                self.push_wizard(checked[path], path)

        self.push_screen(
            PathDialog(
                "Open an assessment file",
                None,
                [("toml", "TOML")],
                "Open",
                must_exist=True,
                check=check,
            ),
            chosen,
        )

    # --- Leaving -----------------------------------------------------------------------------

    async def action_quit(self) -> None:
        # Quitting at any point loses nothing: write every open draft first.
        # Answers still on their way from a box to the draft are let through first.
        for screen in self.screen_stack:
            if isinstance(screen, HoldsDraft):
                await screen.settle()
        # A form in a dialog (a new action, say) is not part of the draft until saved.
        if any(isinstance(s, HoldsForm) and s.unsaved() for s in self.screen_stack):
            from eqia_tui.tui.dialogs.confirm import ConfirmDialog  # deferred: slow import

            def confirmed(leave: bool | None) -> None:
                if leave:
                    self.call_later(self._leave)

            self.push_screen(
                ConfirmDialog(
                    "Quit without saving this form?",
                    "Your draft is saved, but the form open now has answers that are not. "
                    "Cancel to go back and save it.",
                    confirm="Quit",
                ),
                confirmed,
            )
            return
        await self._leave()

    async def _leave(self) -> None:
        for screen in self.screen_stack:
            if not isinstance(screen, HoldsDraft):
                continue
            try:
                screen.flush()
            except OSError as error:
                # Not saved (a full disk, another program's change): ask before leaving.
                screen.ask_before_losing(error, self._leave_anyway)
                return
        self._leave_anyway()

    def _leave_anyway(self) -> None:
        self._release_drafts()
        self.exit()

    def _release_drafts(self) -> None:
        for screen in self.screen_stack:
            if isinstance(screen, HoldsDraft):
                screen.release_lock()

    # --- Stopped from outside: a shutdown, `kill`, the terminal closed ------------------------

    def _catch_signals(self) -> None:
        """SIGTERM and SIGHUP save every open draft before eqia goes (see `_stop`)."""
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGTERM, signal.SIGHUP):
            with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
                loop.add_signal_handler(signum, self._signalled, signum)

    def _signalled(self, signum: int) -> None:
        self._stopping = asyncio.get_running_loop().create_task(self._stop(signum))

    async def _stop(self, signum: int) -> None:
        """Save every open draft, then exit with 128 + the signal's number. A draft that cannot
        be saved is kept as a recovery copy if that can be written. After a hang-up there is
        no terminal left to draw on, so eqia goes at once, drawing nothing."""
        for screen in self.screen_stack:
            if not isinstance(screen, HoldsDraft):
                continue
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(screen.settle(), timeout=2)
            try:
                screen.flush()
            except OSError:
                with contextlib.suppress(OSError):
                    screen.keep_unsaved()
        self._release_drafts()
        if signum == signal.SIGHUP:
            os._exit(128 + signum)
        self.exit(return_code=128 + signum)


if TYPE_CHECKING:
    # mypy checks that the app is what screens and dialogs take it for (`tui.host.host`).
    _hosts_screens: type[Host] = EqiaApp


def run(
    home: Path,
    *,
    open_path: Path | None = None,
    new_dialog: str | None = None,
    registry: Registry | None = None,
    review: bool = False,
) -> int:
    """Start the app on the drafts in `home` and return its exit code.

    `open_path`: a checked assessment file to open at once (`eqia open`, `eqia new --title`).
    `new_dialog`: the id of the questionnaire to start a new assessment from, in the
    new-assessment dialog (`eqia new`). `registry`: the questionnaires already found.
    `review`: open `open_path` for review (`eqia review`): the answers read-only, comments
    writable.
    """
    app = EqiaApp(
        home, open_path=open_path, new_dialog=new_dialog, registry=registry, review=review
    )
    app.run()
    if app.crashed:
        from eqia_tui.core.disk.crash import CRASHED  # deferred: slow import (not at start-up)

        return CRASHED
    return app.return_code or 0
