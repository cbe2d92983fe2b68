"""Command palette entries (ctrl+p): jump to any step or characteristic, export, help."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.markup import escape

from eqia_tui.core.text.safe_text import shown

ACTION_LEAD = 1.25
"""How much an action's match counts over a move's. The palette lists the best matches
first; when the words typed match an action and a step about as well ("sign" matches
"Sign off" and "Go to step 9: Sign-off" equally), the action comes first: someone who
types what they want done wants it done, and the steps are in the step bar."""


MOVE_COMMANDS = {
    "submitted": ("Submit for review", "Review: send it to the equality group"),
    "approved": ("Approve", "Review: let it be signed off"),
    "changes-requested": ("Ask for changes", "Review: say what needs to change"),
    "draft": ("Back to draft", "Review: stop waiting for review"),
}
"""The review moves (see wizard/reviewing.py), by the status each moves to; the palette
lists only those the status allows now."""


class WizardCommands(Provider):
    def _commands(self) -> list[tuple[str, Callable[[], object], str, bool]]:
        """(name, what it runs, the line under it, whether it is an action, not a move)."""
        return [(n, run, h, False) for n, run, h in self._moves()] + [
            (n, run, h, True) for n, run, h in self._actions()
        ]

    def _moves(self) -> list[tuple[str, Callable[[], object], str]]:
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
        return commands

    def _actions(self) -> list[tuple[str, Callable[[], object], str]]:
        from eqia_tui.tui.screens.wizard import WizardScreen  # deferred: slow import

        screen = self.screen
        if not isinstance(screen, WizardScreen):
            return []
        return [
            ("Export the assessment", screen.action_export, "Save a copy in another format"),
            ("Save a version", screen.action_save_version, "Record a version with a comment"),
            ("Suggest actions from the screening", screen.action_suggest_actions, "Action plan"),
            *[
                (MOVE_COMMANDS[to][0], partial(screen.action_review, to), MOVE_COMMANDS[to][1])
                for to in screen.reviewing.allowed_now()
            ],
            ("Sign off", screen.action_sign, "Record the sign-off and lock the answers"),
            ("Reopen for changes", screen.action_reopen, "Unlock the answers to sign again"),
            *(
                [(screen.upgrading.name, screen.action_upgrade, "New questions, every answer kept")]
                if screen.upgrading.available()
                else []
            ),
            ("Comment on this question", screen.action_comment, "Comments: C"),
            ("Comment on this step", screen.action_comment_on_step, "Comments"),
            (
                "Comment on the whole assessment",
                partial(screen.action_comment, ""),
                "Comments",
            ),
            ("Reply to a comment", screen.action_reply, "Comments: R in the comments"),
            ("Resolve a comment", screen.action_resolve, "Comments: X in the comments"),
            ("Open a comment again", screen.action_open_again, "Comments: O in the comments"),
            ("Go to the comments", screen.action_comments, "Comments: F4"),
            ("Save now", screen.action_save, "Drafts are saved as you go"),
            (
                "Show or hide help",
                screen.action_toggle_help,
                "The panel that explains each question",
            ),
            ("Back to drafts", screen.action_close, "Close this assessment"),
        ]

    # A name quotes the questionnaire's titles, which come from a file: it is shown as it is
    # written (never as markup), and what a terminal would act on is shown, not passed on.

    async def discover(self) -> Hits:
        # Before anything is typed, the actions come first too.
        for name, action, help_, _ in sorted(self._commands(), key=lambda c: not c[3]):
            words = shown(name)
            yield DiscoveryHit(Content(words), action, text=words, help=help_)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, action, help_, is_action in self._commands():
            words = escape(shown(name))  # the matcher reads what it highlights as markup
            score = matcher.match(words) * (ACTION_LEAD if is_action else 1)
            if score > 0:
                yield Hit(score, matcher.highlight(words), action, text=shown(name), help=help_)
