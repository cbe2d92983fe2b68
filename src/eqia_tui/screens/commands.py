"""Command palette entries (ctrl+p): jump to any step or characteristic, export, help."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider


class WizardCommands(Provider):
    def _commands(self) -> list[tuple[str, Callable[[], object], str]]:
        # Imported here so the start screen does not wait for the wizard's modules.
        from eqia_tui.screens.wizard import WizardScreen

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

    async def discover(self) -> Hits:
        for name, action, help_ in self._commands():
            yield DiscoveryHit(name, action, help=help_)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, action, help_ in self._commands():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), action, help=help_)
