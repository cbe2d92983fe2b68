"""The Textual app: wires the store to the screens, which live in screens/ and widgets/."""

from __future__ import annotations

import argparse
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
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.color import Color
from textual.content import Content
from textual.filter import LineFilter
from textual.notifications import SeverityLevel
from textual.screen import Screen

from eqia_tui.tui.screens.commands import WizardCommands
from eqia_tui.tui.screens.drafts import DraftsScreen

# The questionnaire models, the store and the wizard are imported when first needed, not
# before the start screen is drawn: start-up is measured against a bare Textual app.
if TYPE_CHECKING:
    from eqia_tui.core.model.assessment import Loaded
    from eqia_tui.core.storage.registry import Registry
    from eqia_tui.core.storage.store import Store


def _now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


DEFAULT_QUESTIONNAIRE = "kcc-eqia"


class DropUnsafe(LineFilter):
    """The last line of defence against text from a file that a terminal would act on.

    Every screen shows such text made visible (`safe_text.shown`); what still reaches a
    line (the text an officer is editing in a box, say) loses its escape, control and
    bidirectional characters here, as the line is drawn. They take no room on the screen,
    so the line keeps its width; the answer itself is left as it is.
    """

    def apply(self, segments: list[Segment], background: Color) -> list[Segment]:
        from eqia_tui.core.text.safe_text import ZERO_WIDTH_UNSAFE, dropped

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
    ) -> None:
        super().__init__()
        self.home = home
        self._questionnaire_registry = registry
        self._draft_store: Store | None = None
        self.clock = clock
        self._open_path = open_path
        self._new_dialog = new_dialog
        self.last_folder: Path | None = None
        """The folder last chosen in a file dialog: the next one starts there."""
        self.crashed = False
        """True once an unexpected error has stopped the app (see `_handle_exception`)."""
        self.crash_log: Path | None = None
        self._stopping: asyncio.Task[None] | None = None
        self._drop_unsafe = DropUnsafe()

    @property
    def registry(self) -> Registry:
        if self._questionnaire_registry is None:
            from eqia_tui.core.storage.registry import Registry

            self._questionnaire_registry = Registry(self.home)
        return self._questionnaire_registry

    @property
    def store(self) -> Store:
        if self._draft_store is None:
            from eqia_tui.core.storage.store import Store

            self._draft_store = Store(self.home, self.registry)
        return self._draft_store

    # --- Nothing from a file reaches the terminal raw; no traceback ever --------------------

    def get_line_filters(self) -> list[LineFilter]:
        return [*super().get_line_filters(), self._drop_unsafe]

    def format_title(self, title: str, sub_title: str) -> Content:
        """The header: a draft's title (and file name) shown as text, never acted on."""
        from eqia_tui.core.text.safe_text import shown

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
        from eqia_tui.core.text.safe_text import shown

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
        from eqia_tui.core.disk import crash

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
            "Change the colours, for example to a light background",
            self.action_change_theme,
        )
        yield SystemCommand("Quit", "Close eqia. Drafts are saved first", self.action_quit)

    def on_mount(self) -> None:
        if not self.is_headless:
            self._catch_signals()
        self.push_screen(DraftsScreen())
        if self._open_path is not None:
            self.open_path(self._open_path)
        elif self._new_dialog is not None:
            self.action_new(self._new_dialog)

    # --- Opening -----------------------------------------------------------------------------

    def open_draft(self, assessment_id: str) -> None:
        self.open_path(self.store.path_for(assessment_id))

    def open_path(self, path: Path) -> None:
        from eqia_tui.core.storage.store import load_file
        from eqia_tui.core.text.problems import BadInput

        try:
            loaded = load_file(path, self.registry)
        except BadInput as error:
            for problem in error.problems[:5]:
                self.notify(problem.line(), title="Cannot open", severity="error", timeout=10)
            return
        self.push_wizard(loaded, path)

    def push_wizard(self, loaded: Loaded, path: Path) -> None:
        from eqia_tui.tui.screens.wizard import WizardScreen

        self.push_screen(WizardScreen(loaded, path, clock=self.clock))

    def action_new(self, questionnaire: str = "") -> None:
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
        from eqia_tui.core.disk.files import write_reason
        from eqia_tui.core.model.assessment import Loaded, new_assessment

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
        from eqia_tui.tui.dialogs.path_dialog import PathDialog

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
            settle = getattr(screen, "settle", None)
            if callable(settle):
                await settle()
        # A form in a dialog (a new action, say) is not part of the draft until saved.
        if any(getattr(s, "unsaved", lambda: False)() for s in self.screen_stack):
            from eqia_tui.tui.dialogs.confirm import ConfirmDialog

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
            flush = getattr(screen, "flush", None)
            if not callable(flush):
                continue
            try:
                flush()
            except OSError as error:
                # Not saved (a full disk, another program's change): ask before leaving.
                screen.ask_before_losing(error, self._leave_anyway)  # type: ignore[attr-defined]
                return
        self._leave_anyway()

    def _leave_anyway(self) -> None:
        self._release_drafts()
        self.exit()

    def _release_drafts(self) -> None:
        for screen in self.screen_stack:
            release = getattr(screen, "release_lock", None)
            if callable(release):
                release()

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
            settle = getattr(screen, "settle", None)
            if callable(settle):
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(settle(), timeout=2)
            flush = getattr(screen, "flush", None)
            if callable(flush):
                try:
                    flush()
                except OSError:
                    with contextlib.suppress(OSError):
                        screen.keep_unsaved()  # type: ignore[attr-defined]
        self._release_drafts()
        if signum == signal.SIGHUP:
            os._exit(128 + signum)
        self.exit(return_code=128 + signum)


def load_for_opening(path: Path, registry: Registry) -> Loaded | str:
    """The assessment in a file, or why it cannot be opened, in words for the open dialog."""
    from eqia_tui.core.disk.files import read_toml
    from eqia_tui.core.model.assessment import check_header
    from eqia_tui.core.storage.store import first_problem, load_file
    from eqia_tui.core.text.problems import BadInput

    try:
        data = read_toml(path)
    except BadInput as error:
        reason = error.problems[0].message
        if "UTF-8" in reason:
            reason = "it is not a text file (it may be a Word document or a PDF)"
        elif reason.startswith(("is ", "cannot ")):
            reason = f"it {reason}"
        elif path.suffix and path.suffix.lower() != ".toml":
            # A web page or a spreadsheet read as TOML fails on its first line: say what it is.
            kind = path.suffix.lstrip(".").upper()
            article = "an" if kind[:1] in "AEFHILMNORSX" else "a"  # letters said as "an"
            reason = f"it is {article} {kind} file, not the TOML file eqia saves"
        else:
            reason = first_problem(error, path)
        return f"This is not an assessment file: {reason}. Assessment files end in .toml."
    try:
        check_header(data, str(path))
    except BadInput as error:
        if any(problem.key == "format" for problem in error.problems):
            return (
                "This is not an assessment file: it does not have the line "
                'format = "eqia-assessment" that eqia writes at the top.'
            )
        return f"This assessment cannot be opened: {first_problem(error, path)}."
    try:
        return load_file(path, registry)
    except BadInput as error:
        return f"This assessment cannot be opened: {first_problem(error, path)}."


def _not_created(error: OSError, path: Path) -> Exception:
    """`eqia new` on a disk that refuses the draft: one line, exit 2, nothing left behind."""
    from eqia_tui.core.disk.files import write_reason
    from eqia_tui.core.text.problems import BadInput

    where = Path(error.filename) if isinstance(error.filename, str) else path
    why = write_reason(error, where)
    return BadInput.one(where, "", f"cannot be written: {why}; nothing was created")


def run(home: Path, args: argparse.Namespace) -> int:
    """Start the app for `eqia`, `eqia new` and `eqia open`."""
    open_path: Path | None = None
    new_dialog: str | None = None
    registry: Registry | None = None
    command = getattr(args, "command", None)
    if command in ("new", "open"):
        from eqia_tui.core.storage.registry import Registry
        from eqia_tui.core.storage.store import Store

        registry = Registry(home)
        store = Store(home, registry)
    if command == "new" and registry is not None:
        from eqia_tui.core.model.assessment import new_assessment, slugify
        from eqia_tui.core.text.problems import BadInput

        questionnaire = registry.choose(args.questionnaire or DEFAULT_QUESTIONNAIRE)
        if args.title or args.assessment_id:
            assessment_id = args.assessment_id or slugify(args.title)
            if store.exists(assessment_id):
                raise BadInput.one(
                    store.path_for(assessment_id),
                    "",
                    f'a draft with the id "{assessment_id}" already exists; '
                    f"resume it with: eqia open {assessment_id}",
                )
            assessment = new_assessment(questionnaire, assessment_id, args.title)
            try:
                # A questionnaire file is kept beside the drafts, so the draft opens once it
                # has gone.
                questionnaire = registry.keep(questionnaire)
                open_path = store.save(questionnaire, assessment)
            except OSError as error:
                raise _not_created(error, store.path_for(assessment_id)) from None
        else:
            new_dialog = registry.keep(questionnaire).id
    elif command == "open" and registry is not None:
        from eqia_tui.core.text.problems import BadInput

        target = args.target
        candidate = Path(target)
        if candidate.is_file() or target.endswith(".toml") or "/" in target:
            open_path = candidate
        else:
            open_path = store.path_for(target)
            if not open_path.exists():
                raise BadInput.one(open_path, "", f'no draft with the id "{target}"')
        from eqia_tui.core.storage.store import load_file

        load_file(open_path, registry)  # bad files stop here with a clear message
    app = EqiaApp(home, open_path=open_path, new_dialog=new_dialog, registry=registry)
    app.run()
    if app.crashed:
        from eqia_tui.core.disk.crash import CRASHED

        return CRASHED
    return app.return_code or 0
