"""Where the officer is in the wizard, and how far each step has got. Steps can be clicked."""

from __future__ import annotations

from collections.abc import Mapping

from rich.cells import cell_len
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

COMMENT_MARK = "✎"
"""After a step's number: the step has open comments (the tooltip says how many)."""

NUMBER, SHORT, FULL = 0, 1, 2
"""How much of a step's name the bar shows: its number only, its first word, or its title."""


ARTICLES = frozenset({"a", "an", "the"})
"""Words that say nothing on their own, so a short name never is one of them."""


def short_title(title: str) -> str:
    """A step's name in one word: "Monitoring and review" -> "Monitoring", and
    "The equality duty" -> "Equality" (a leading "the", "a" or "an" is passed over)."""
    words = title.split()
    while len(words) > 1 and words[0].lower() in ARTICLES:
        words = words[1:]
    if not words:
        return title
    word = words[0].rstrip(",:;")
    return word[:1].upper() + word[1:]


class StepBar(Static):
    """One line: a mark and a number per step, the current step's name in full, and the
    names of the others as far as the width allows (the steps nearest the current one
    first). A step with open comments has ✎ after its number. Every step, its name, its
    state and its open comments in words are in the bar's tooltip."""

    DEFAULT_CSS = """
    StepBar {
        height: 1;
        padding: 0 1;
        background: $boost;
    }
    """

    _markup = ""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("", id=id)
        self._steps: list[tuple[Step, Status]] = []
        self._current = ""
        self._comments: Mapping[str, int] = {}

    def show(
        self,
        steps: list[tuple[Step, Status]],
        current: str,
        open_comments: Mapping[str, int] | None = None,
    ) -> None:
        """`open_comments`: how many open comments each step has, by its id."""
        self._steps = list(steps)
        self._current = current
        self._comments = dict(open_comments or {})
        self._draw()

    def _mark(self, step: Step) -> str:
        return COMMENT_MARK if self._comments.get(step.id) else ""

    def on_resize(self) -> None:
        self._draw()

    def _draw(self) -> None:
        if not self._steps:
            return
        markup = self._fitted(self.content_region.width or self.size.width)
        # Redrawing the bar lays the whole screen out again: skip it when nothing changed.
        if markup != self._markup:
            self._markup = markup
            self.update(Content.from_markup(markup))
        described = self._described()
        if str(described) != str(self.tooltip or ""):
            self.tooltip = described

    def _fitted(self, width: int) -> str:
        """The bar with as many steps named as fit in `width` cells."""
        ids = [step.id for step, _ in self._steps]
        current = ids.index(self._current) if self._current in ids else -1
        levels = [NUMBER] * len(self._steps)
        # Nearest first; of two as near, the next step before the one behind.
        order = sorted(
            (i for i in range(len(levels)) if i != current),
            key=lambda i: (abs(i - current), i < current),
        )
        for level in (SHORT, FULL):
            for index in order:
                trial = list(levels)
                trial[index] = level
                if cell_len(self._plain(trial, current)) > width:
                    return self._markup_of(levels, current)
                levels = trial
        return self._markup_of(levels, current)

    def _names(self, levels: list[int]) -> list[str]:
        names = []
        for (step, _), level in zip(self._steps, levels, strict=True):
            title = shown(step.title)
            names.append({NUMBER: "", SHORT: short_title(title), FULL: title}[level])
        return names

    def _plain(self, levels: list[int], current: int) -> str:
        parts = []
        for index, ((step, status), name) in enumerate(
            zip(self._steps, self._names(levels), strict=True), 1
        ):
            mark = self._mark(step)
            if index - 1 == current:
                parts.append(f" {status.mark} {index}{mark} {shown(step.title)} ")
            else:
                parts.append(f"{status.mark}{index}{mark}" + (f" {name}" if name else ""))
        return " ".join(parts)

    def _markup_of(self, levels: list[int], current: int) -> str:
        parts = []
        for index, ((step, status), name) in enumerate(
            zip(self._steps, self._names(levels), strict=True), 1
        ):
            action = f"@click=screen.goto('{step.id}')"
            mark = self._mark(step)
            if index - 1 == current:
                parts.append(
                    f"[{action} bold reverse] {status.mark} {index}{mark} "
                    f"{escape(shown(step.title))} [/]"
                )
            else:
                named = f" {escape(name)}" if name else ""
                parts.append(f"[{action} {STYLES[status]}]{status.mark}{index}{mark}{named}[/]")
        return " ".join(parts)

    def _described(self) -> Content:
        """Every step in words, for the tooltip: the bar may show only their numbers."""
        lines = ["The steps (click one to go there):"]
        for number, (step, status) in enumerate(self._steps, 1):
            here = " (you are here)" if step.id == self._current else ""
            count = self._comments.get(step.id, 0)
            comments = f", {COMMENT_MARK} {count} open comment{'' if count == 1 else 's'}"
            lines.append(
                f"{status.mark} {number} {shown(step.title)}: {status.value}"
                f"{comments if count else ''}{here}"
            )
        return Content("\n".join(lines))
