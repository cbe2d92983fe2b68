"""Exporting the open draft: the dialog with a path and a format, and writing the file. If
it cannot be written, the dialog opens again as it was, saying why. A document to read
(Markdown, a web page, Word) of an assessment with review comments asks first whether to
keep them or leave them out, to publish it."""

from __future__ import annotations

from pathlib import Path

from eqia_tui.core.disk.files import atomic_write, write_reason
from eqia_tui.core.disk.locations import export_folder
from eqia_tui.core.review.comments import export_choice_words
from eqia_tui.core.text.problems import BadInput
from eqia_tui.exports import COMMENT_FORMATS, EXPORT_FORMATS, export_document, mismatch
from eqia_tui.tui.dialogs.choice import ChoiceDialog
from eqia_tui.tui.dialogs.confirm import ConfirmDialog
from eqia_tui.tui.dialogs.path_dialog import PathDialog
from eqia_tui.tui.screens.wizard.base import DraftScreen
from eqia_tui.tui.screens.wizard.saving import Autosave


class Export:
    """The export dialog of the screen's draft, and the file it writes."""

    def __init__(self, screen: DraftScreen, saving: Autosave) -> None:
        self._screen = screen
        self._saving = saving

    def ask(self, fmt: str = "", tried: Path | None = None, problem: str = "") -> None:
        """The export dialog; after a failed export, again with the same path, format and why."""
        screen = self._screen
        formats = [(f.name, f.label) for f in EXPORT_FORMATS]
        first = EXPORT_FORMATS[0]
        default = tried or export_folder() / f"{screen.draft.assessment.id}{first.suffix}"

        def chosen(result: tuple[str, Path] | None) -> None:
            if result is None:
                return
            fmt, path = result
            differs = mismatch(path, fmt)
            if differs:

                def anyway(yes: bool | None) -> None:
                    if yes:
                        self._comments_then_write(fmt, path)
                    else:
                        self.ask(fmt, path)

                screen.app.push_screen(
                    ConfirmDialog(
                        "File name and format differ",
                        f"{differs} Export it anyway?",
                        confirm="Export anyway",
                    ),
                    anyway,
                )
                return
            self._comments_then_write(fmt, path)

        dialog = PathDialog(
            "Export the assessment", default, formats, "Export", fmt=fmt, problem=problem
        )
        screen.app.push_screen(dialog, chosen)

    def _comments_then_write(self, fmt: str, path: Path) -> None:
        """For a document to read, when the assessment has comments: keep them, or leave
        them out to publish it. Back opens the export dialog again as it was."""
        screen = self._screen
        comments = screen.draft.assessment.review.comments
        if fmt not in COMMENT_FORMATS or not comments:
            self._replace_or_write(fmt, path, True)
            return
        message = export_choice_words(screen.draft.assessment)

        def chosen(answer: str | None) -> None:
            if answer in ("keep", "leave"):
                self._replace_or_write(fmt, path, answer == "keep")
            else:
                self.ask(fmt, path)

        screen.app.push_screen(
            ChoiceDialog(
                "Comments in the export",
                message,
                [
                    ("keep", "Keep the comments"),
                    ("leave", "Leave the comments out"),
                    ("back", "Back"),
                ],
                cancel="back",
            ),
            chosen,
        )

    def _replace_or_write(self, fmt: str, path: Path, comments: bool) -> None:
        """Write the export, asking first when it would replace a file."""
        screen = self._screen
        if path.exists():
            screen.app.push_screen(
                ConfirmDialog(
                    "Replace the file?",
                    f"{path} already exists. Replace it with this export?",
                    confirm="Replace",
                ),
                lambda yes: self._write(fmt, path, comments) if yes else None,
            )
            return
        self._write(fmt, path, comments)

    def _write(self, fmt: str, path: Path, comments: bool) -> None:
        """Write the export. If it cannot be, say why and open the dialog again as it was."""
        screen = self._screen
        self._saving.write_now("Your answers are still here, and go into the export.")
        try:
            content = export_document(
                screen.draft.questionnaire, screen.draft.assessment, fmt, comments
            )
            atomic_write(path, content)
        except BadInput as error:
            problem = error.problems[0].message
        except OSError as error:
            problem = (
                f"Could not write {path}: {write_reason(error, path)}. "
                "Your answers are safe: choose another place, or try again."
            )
        else:
            screen.notify(f"Exported to {path}", title="Export")
            return
        screen.notify(problem, severity="error", timeout=10)
        self.ask(fmt, path, problem)
