"""What screens and the app know of each other, without importing each other.

The app (tui/app.py) is the top layer: screens and dialogs never import it. They reach what
they need of it through `host(self.app)`, typed by `Host`. The app in turn finds the screens
that hold a draft, or a form, by what they can do (`HoldsDraft`, `HoldsForm`), not by class.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, cast, runtime_checkable

from textual.app import App

if TYPE_CHECKING:
    from eqia_tui.core.storage.registry import Registry
    from eqia_tui.core.storage.store import Store


class Host(Protocol):
    """What screens and dialogs use of the app: `EqiaApp` is the one app that hosts them."""

    home: Path
    """The data folder: drafts, questionnaires, recovery copies."""
    last_folder: Path | None
    """The folder last chosen in a file dialog: the next one starts there."""

    @property
    def registry(self) -> Registry: ...

    @property
    def store(self) -> Store: ...

    def open_draft(self, assessment_id: str) -> None: ...

    def action_new(self, questionnaire: str = "") -> None: ...

    def action_open_file(self) -> None: ...


def host(app: App[Any]) -> Host:
    """The running app, as screens and dialogs know it. eqia runs one kind of app, which
    matches `Host` (tui/app.py checks it when it is type-checked)."""
    return cast(Host, app)


@runtime_checkable
class HoldsDraft(Protocol):
    """A screen with a draft open (the wizard): what the app asks of it before leaving."""

    async def settle(self) -> None:
        """Let answers still on their way reach the draft, and saves under way end."""

    def flush(self) -> None:
        """Write the draft now; raises OSError when it cannot be written."""

    def ask_before_losing(
        self, error: OSError, leave: Callable[[], object], leaving: str = "Quit"
    ) -> None:
        """The draft could not be written while leaving: ask what to do, then maybe `leave`."""

    def keep_unsaved(self) -> None:
        """Stopped from outside with the draft not written: keep it as a recovery copy."""

    def release_lock(self) -> None:
        """Let the draft go, for another window to change it."""


@runtime_checkable
class HoldsForm(Protocol):
    """A dialog with a form (a row of a table, say) that is not part of the draft until saved."""

    def unsaved(self) -> bool:
        """Answers typed in the form that have not been saved."""
