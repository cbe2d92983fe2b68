"""Where the officer is in the wizard, and how far each step has got. Steps can be clicked."""

from __future__ import annotations

from textual.content import Content
from textual.markup import escape
from textual.widgets import Static

from eqia_tui.core.model.steps import Status, Step
from eqia_tui.core.text.safe_text import shown

STYLES = {
    Status.DONE: "green",
    Status.IN_PROGRESS: "yellow",
    Status.ATTENTION: "bold red",
    Status.NOT_STARTED: "dim",
}


class StepBar(Static):
    """One line: a mark and a number per step, with the current step's name in full."""

    DEFAULT_CSS = """
    StepBar {
        height: 1;
        padding: 0 1;
        background: $boost;
    }
    """

    _markup = ""

    def show(self, steps: list[tuple[Step, Status]], current: str) -> None:
        parts = []
        for number, (step, status) in enumerate(steps, 1):
            action = f"@click=screen.goto('{step.id}')"
            if step.id == current:
                parts.append(
                    f"[{action} bold reverse] {status.mark} {number} "
                    f"{escape(shown(step.title))} [/]"
                )
            else:
                parts.append(f"[{action} {STYLES[status]}]{status.mark}{number}[/]")
        markup = " ".join(parts)
        # Redrawing the bar lays the whole screen out again: skip it when nothing changed.
        if markup != self._markup:
            self._markup = markup
            self.update(Content.from_markup(markup))
