"""Command palette entries (ctrl+p): jump to any step or characteristic, export, help."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.markup import escape

from eqia_tui.core.text.safe_text import shown


class WizardCommands(Provider):
    def _commands(self) -> list[tuple[str, Callable[[], object], str]]:
        # The start screen does not wait for the wizard's modules.
        from eqia_tui.tui.screens.wizard import WizardScreen  # deferred: slow import

        screen = self.screen
        if not isinstance(screen, WizardScreen):
            return []
        q = screen.draft.questionnaire
        commands: list[tuple[str, Callable[[], object], str]] = []
        for number, step in enumerate(screen.steps(), 1):
            commands.append(
                (f"Go to step {number}: {step.title}", partial(screen.goto, step.id), "Step")
            )
            if step.kind == "grid":
                for characteristic in q.characteristics:
                    commands.append(
                        (
                            f"Go to characteristic: {characteristic.label}",
                            partial(screen.goto, step.id, characteristic.id),
                            "Screening grid",
                        )
                    )
        commands += [
            ("Export the assessment", screen.action_export, "Save a copy in another format"),
            ("Save a version", screen.action_save_version, "Record a version with a comment"),
            ("Suggest actions from the screening", screen.action_suggest_actions, "Action plan"),
            ("Sign off", screen.action_sign, "Record the sign-off and lock the answers"),
            ("Reopen for changes", screen.action_reopen, "Unlock the answers to sign again"),
            ("Save now", screen.action_save, "Drafts are saved as you go"),
            (
                "Show or hide help",
                screen.action_toggle_help,
                "The panel that explains each question",
            ),
            ("Back to drafts", screen.action_close, "Close this assessment"),
        ]
        return commands

    # A name quotes the questionnaire's titles, which come from a file: it is shown as it is
    # written (never as markup), and what a terminal would act on is shown, not passed on.

    async def discover(self) -> Hits:
        for name, action, help_ in self._commands():
            words = shown(name)
            yield DiscoveryHit(Content(words), action, text=words, help=help_)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, action, help_ in self._commands():
            words = escape(shown(name))  # the matcher reads what it highlights as markup
            score = matcher.match(words)
            if score > 0:
                yield Hit(score, matcher.highlight(words), action, text=shown(name), help=help_)
