"""What the wizard screen and the parts it owns share: the draft, its file, and whether it
can be changed in this window.

`WizardScreen` (screen.py) is the one kind of `DraftScreen`. Each part it owns (saving, the
lock, another program's change, leaving, sign-off, export) is given the screen as a
`DraftScreen`: the parts never import the screen, and the screen imports them all.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from textual.screen import Screen

from eqia_tui.core.disk.draft_lock import Holder
from eqia_tui.core.disk.locations import drafts_dir
from eqia_tui.core.model.assessment import Loaded
from eqia_tui.core.model.steps import SUMMARY, Step, steps
from eqia_tui.core.signing import is_read_only
from eqia_tui.tui.host import host
from eqia_tui.tui.steps.step_pane import StepPane
from eqia_tui.tui.steps.summary import Summary


class DraftScreen(Screen[None]):
    """A full screen with one draft open, written to `path`."""

    def __init__(self, draft: Loaded, path: Path, clock: Callable[[], datetime]) -> None:
        super().__init__(classes="wizard")
        self.draft = draft
        self.path = path
        self.clock = clock
        self.current = ""
        """The id of the step shown."""
        self.held_by: Holder | None = None
        """Who holds the draft when another window does: this one is then read-only."""
        self.home: Path | None = None
        """The data folder (recovery copies go in its `recovery/`); set when mounted."""
        self._outside: str | None = None
        """The file's path for the title bar when it is not one of the drafts ("" if it is)."""
        self.review_mode = False
        """Opened for review (`eqia review`): the answers are read-only, comments are not."""

    def read_only(self) -> bool:
        """Signed, open for review, or open in another window: no answer can be changed
        here (comments can, but for the last)."""
        return is_read_only(self.draft.assessment) or self.review_mode or self.held_by is not None

    def apply_read_only(self) -> None:
        """A signed assessment opens read-only: every step but the summary is locked. So
        does a draft another window holds."""
        for pane in self.query(StepPane):
            if not isinstance(pane, Summary):
                pane.disabled = self.read_only()
        self.set_class(is_read_only(self.draft.assessment), "-read-only")

    def steps(self) -> list[Step]:
        """The steps asked with the answers given so far."""
        return steps(self.draft.questionnaire, self.draft.assessment)

    def step(self, step_id: str) -> Step | None:
        return next((s for s in self.steps() if s.id == step_id), None)

    def pane(self, step_id: str) -> StepPane | None:
        found = self.query(f"#step-{step_id}")
        return found.first(StepPane) if found else None

    def refresh_summary(self) -> None:
        pane = self.pane(SUMMARY)
        if pane is not None:
            pane.refresh_view()

    def where(self) -> str:
        """The title, and the file when it is not one of the drafts, so nobody edits blind."""
        if self._outside is None:  # the file does not move: look once, not at every key
            drafts = drafts_dir(host(self.app).home)
            inside = self.path.parent.resolve() == drafts.resolve()
            self._outside = "" if inside else f" ({self.path})"
        return f"{self.draft.assessment.title}{self._outside}"

    def moved_to(self, path: Path) -> None:
        """The draft is written to `path` from now on (saved as a copy)."""
        self.path = path
        self._outside = None
