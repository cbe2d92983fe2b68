"""A footer that shows its keys in the first frame and redraws only when they change."""

from __future__ import annotations

from typing import Any

from textual.screen import Screen
from textual.widgets import Footer

Keys = tuple[tuple[str, str, str, bool, bool, str], ...]


class SteadyFooter(Footer):
    """Textual's footer, drawn once per change of the keys it shows.

    Textual's footer is empty until the screen first says its keys changed, and then
    rebuilds itself after the next frame. Every such word rebuilds it (removing and adding
    each key), whether or not a key changed: the focus moving from one box to the next, for
    one. On the start screen that meant a first frame with no keys, and two more frames
    before the screen settled (docs/performance.md).

    This footer builds its keys as soon as the screen says what they are, before the next
    frame, and only when what it would show (each key, its words, whether it can be
    pressed) differs from what it shows. Textual has no hook for either, so it
    reads `active_bindings` (public) and sets the footer's own `_bindings_ready` flag, as
    Textual's `bindings_changed` does (tests/functional/test_steady_footer.py).
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._shown: Keys | None = None
        """The keys as last drawn (None: none drawn yet)."""
        self._pending = False
        """A rebuild is on its way."""

    def _keys(self) -> Keys:
        return tuple(
            (binding.key, binding.action, binding.description, binding.show, enabled, tooltip)
            for _node, binding, enabled, tooltip in self.screen.active_bindings.values()
        )

    def compose(self) -> Any:
        self._shown = self._keys() if self._bindings_ready else None
        yield from super().compose()

    def bindings_changed(self, screen: Screen[Any]) -> None:
        if not (self.is_attached and screen is self.screen and screen.app.app_focus):
            super().bindings_changed(screen)
            return
        if self._shown is not None and self._keys() == self._shown:
            return  # the same keys: nothing to draw again
        self._bindings_ready = True
        if not self._pending:  # once, however many words come before it runs
            self._pending = True
            self.call_next(self._rebuild)

    async def _rebuild(self) -> None:
        self._pending = False
        if self._shown is None or self._keys() != self._shown:
            await self.recompose()
