"""Comments in the wizard: what the comments panel shows, and writing, replying, resolving
and opening again, each saved at once.

Comments are not answers: they can be written on a signed assessment and while reviewing
(`eqia review`), when the answers are read-only. Only another window holding the draft stops
them, since this window then writes nothing. Every change is made here, on the draft of the
screen that owns it, through `core.review.comments`, then saved.
"""

from __future__ import annotations

from collections.abc import Callable

from textual.widget import Widget
from textual.widgets import DataTable

from eqia_tui.core.disk.files import write_reason
from eqia_tui.core.disk.locations import config_file
from eqia_tui.core.model.assessment import question_asked
from eqia_tui.core.model.assessment.review_record import Comment
from eqia_tui.core.review import comments as review_comments
from eqia_tui.core.review.comments import in_order, place_words, prefixes
from eqia_tui.core.storage.config import load_config, save_config
from eqia_tui.core.text.problems import BadInput
from eqia_tui.tui.dialogs.comment import CommentDialog, Written
from eqia_tui.tui.dialogs.prompt import PromptDialog
from eqia_tui.tui.screens.wizard.base import DraftScreen
from eqia_tui.tui.screens.wizard.saving import Autosave
from eqia_tui.tui.steps.grid_step import GridStep
from eqia_tui.tui.steps.section_step import SectionStep
from eqia_tui.tui.steps.table_field import TableField
from eqia_tui.tui.widgets.comments_panel import CommentsPanel
from eqia_tui.tui.widgets.fields import Field

WHOLE = ""
"""The key path of the whole assessment."""


class Commenting:
    """The screen's comments: the panel under the step, and every change to a comment."""

    def __init__(self, screen: DraftScreen, saving: Autosave, marks: Callable[[], None]) -> None:
        self._screen = screen
        self._saving = saving
        self._marks = marks
        """Draws the step bar again (its marks)."""
        self._last = WHOLE
        """What the panel was last about: kept while the focus is in the panel itself."""
        self._here: list[Comment] = []
        self._here_key = WHOLE
        """The comments on what the officer is on, shown or not, and its key path."""
        self._opened_at: str | None = None
        """Where F4 opened a panel of resolved comments only; they stay out of the way
        elsewhere, since the screen is small and nothing is left to do about them."""
        self._keys_state: tuple[str, tuple[tuple[str, bool], ...]] | None = None
        """What the footer's comment keys were last worked out for (see `refresh`)."""

    @property
    def panel(self) -> CommentsPanel:
        return self._screen.query_one(CommentsPanel)

    # --- Where the officer is ----------------------------------------------------------------

    def here(self) -> str:
        """The key path of what the officer is on: the question with the focus (a row of a
        table, a characteristic's answer), else the characteristic or the step shown."""
        screen = self._screen
        focused = screen.focused
        if focused is not None and self.panel in focused.ancestors_with_self:
            return self._last if self._still_here(self._last) else self._default()
        key = self._key_of(focused)
        self._last = key if key is not None else self._default()
        return self._last

    def _default(self) -> str:
        pane = self._screen.pane(self._screen.current)
        section = pane.step.section if pane is not None else None
        if pane is None or section is None:
            return WHOLE
        if isinstance(pane, GridStep):
            return f"{section.id}.{pane.current}"
        return section.id

    def _still_here(self, key: str) -> bool:
        """Whether `key` is on the step (and characteristic) shown."""
        default = self._default()
        return bool(default) and (key == default or default in prefixes(key))

    def _key_of(self, widget: Widget | None) -> str | None:
        screen = self._screen
        pane = screen.pane(screen.current)
        if widget is None or pane is None or pane not in widget.ancestors_with_self:
            return None
        section = pane.step.section
        if section is None:
            return WHOLE
        field = next((w for w in widget.ancestors_with_self if isinstance(w, Field)), None)
        if isinstance(pane, GridStep):
            row = f"{section.id}.{pane.current}"
            return f"{row}.{field.question.id}" if field is not None else row
        if field is None:
            return section.id
        key = f"{section.id}.{field.question.id}"
        if isinstance(field, TableField) and isinstance(widget, DataTable) and widget.row_count:
            return f"{key}[{widget.cursor_row}]"
        return key

    # --- Words -------------------------------------------------------------------------------

    def words(self, key: str) -> str:
        """What a comment is about, as the officer reads it (`comments.place_words`)."""
        draft = self._screen.draft
        return place_words(draft.questionnaire, draft.assessment, key, sentence=True)

    def _targets(self, here: str) -> list[tuple[str, str]]:
        """What a comment written here can be about: the answers of the step (of the
        characteristic, on the grid), the row the officer is on, the step, the assessment."""
        screen = self._screen
        q, a = screen.draft.questionnaire, screen.draft.assessment
        pane = screen.pane(screen.current)
        section = pane.step.section if pane is not None else None
        keys: list[str] = []
        if pane is not None and section is not None:
            if isinstance(pane, GridStep):
                row = f"{section.id}.{pane.current}"
                values = a.row(section.id, pane.current)
                keys.append(row)
            else:
                row = section.id
                values = a.answers.get(section.id, {})
            # The grid's answers are each a characteristic's: the overview offers the step.
            asked = (
                section.questions
                if isinstance(pane, GridStep) or not section.per_characteristic
                else []
            )
            for question in asked:
                if question_asked(q, a, section, question, values):
                    key = f"{row}.{question.id}"
                    keys.append(key)
                    if here.startswith(f"{key}["):
                        keys.append(here)  # the row of a table the officer is on
            keys.append(section.id)
        keys.append(WHOLE)
        if here not in keys:
            keys.insert(0, here)
        return [(key, self._capital(key)) for key in keys]

    def _capital(self, key: str) -> str:
        words = self.words(key)
        return words[:1].upper() + words[1:]

    # --- What the panel shows ----------------------------------------------------------------

    def related(self, key: str) -> list[Comment]:
        """The comments on `key`, on anything under it, and on the row or step it is part
        of, open ones first. On the whole assessment: the comments on the whole of it."""
        a = self._screen.draft.assessment
        if not key:
            return [c for c in in_order(a) if not c.on]
        around = set(prefixes(key))
        return [c for c in in_order(a) if c.on and (c.on in around or key in prefixes(c.on))]

    def refresh(self) -> None:
        """Show the comments on what the officer is on."""
        if not self._screen.is_mounted:
            return
        key = self.here()
        comments = self.related(key)
        if not comments and key != self._default():
            # None on the question: those on its characteristic or step, if any.
            key = self._default()
            comments = self.related(key)
        if key == self._here_key and self.panel.has_class("-shown"):
            self._opened_at = key  # shown here already: it stays, even once all are resolved
        self._here, self._here_key = comments, key
        if key != self._opened_at:
            self._opened_at = None
        if not any(c.is_open for c in comments) and self._opened_at is None:
            comments = []  # only resolved ones: F4 shows them
        self.panel.show(self.words(key), [(c, self.words(c.on)) for c in comments])
        # The footer's keys depend on the comments here: ask for them again only when those
        # changed, not on every key typed into an answer (the footer is rebuilt each time).
        keys_state = (key, tuple((c.id, c.is_open) for c in comments))
        if keys_state != self._keys_state:
            self._keys_state = keys_state
            self._screen.refresh_bindings()

    def marks_changed(self) -> None:
        """A comment was written, resolved or opened again: every mark, and the panel."""
        screen = self._screen
        pane = screen.pane(screen.current)
        if pane is not None:
            pane.refresh_view()
        for other in screen.query(SectionStep).results():
            if other is not pane:
                other.refresh_view()
        screen.refresh_summary()
        self._marks()
        self.refresh()

    # --- Changes -----------------------------------------------------------------------------

    def _may_write(self) -> bool:
        holder = self._screen.held_by
        if holder is None:
            return True
        self._screen.notify(
            f"Open in another window: {holder.words()}. Comments can be written there, "
            "not here. Press F5 to check again.",
            severity="warning",
        )
        return False

    def _config_author(self) -> str | None:
        """The name kept in config.toml ("" if none), or None when the file is unreadable
        (said already)."""
        try:
            return load_config().author
        except BadInput as error:
            self._screen.notify(error.problems[0].line(), severity="error")
            return None

    def _keep_name(self, name: str) -> None:
        path = config_file()
        try:
            config = load_config()
            save_config(config.model_copy(update={"author": name}), path)
        except BadInput as error:
            self._screen.notify(error.problems[0].line(), severity="error")
        except OSError as error:
            self._screen.notify(
                f"Could not save your name to {path}: {write_reason(error, path)}. "
                "Your comment is kept with your name this time. You will be asked again.",
                severity="error",
                timeout=10,
            )

    def comment(self, about: str | None = None) -> None:
        """Write a comment about what the officer is on (a choice of what else it can be
        about in the dialog), or about `about` ("" for the whole assessment)."""
        if not self._may_write():
            return
        author = self._config_author()
        if author is None:
            return
        here = self.here()
        if about is None:
            targets, chosen = self._targets(here), here
        else:
            targets, chosen = [(about, self._capital(about))], about

        def written(result: Written | None) -> None:
            if result is None:
                return

            def add(by: str) -> str:
                screen = self._screen
                q, a = screen.draft.questionnaire, screen.draft.assessment
                return review_comments.add_comment(
                    q, a, result.on, by, screen.clock(), result.text
                ).id

            self._change(add, "Comment {} added.", result.by)

        self._screen.app.push_screen(
            CommentDialog(
                "Add a comment",
                targets=targets,
                chosen=chosen,
                action="Add comment",
                ask_name=not author,
            ),
            written,
        )

    def comment_on_step(self) -> None:
        pane = self._screen.pane(self._screen.current)
        section = pane.step.section if pane is not None else None
        self.comment(section.id if section is not None else WHOLE)

    def reply(self, comment_id: str | None = None) -> None:
        comment = self._chosen(comment_id, "reply to")
        if comment is None or not self._may_write():
            return
        author = self._config_author()
        if author is None:
            return
        quoted = f"{comment.by} wrote about {self.words(comment.on)}: {comment.text}"

        def written(result: Written | None) -> None:
            if result is None:
                return

            def add(by: str) -> str:
                screen = self._screen
                review_comments.reply(
                    screen.draft.assessment, comment.id, by, screen.clock(), result.text
                )
                return comment.id

            self._change(add, "Reply to comment {} added.", result.by)

        self._screen.app.push_screen(
            CommentDialog(
                f"Reply to comment {comment.id}",
                targets=[],
                chosen=comment.on,
                action="Reply",
                box_label="Your reply",
                quoted=quoted,
                ask_name=not author,
            ),
            written,
        )

    def resolve(self, comment_id: str | None = None) -> None:
        comment = self._chosen(comment_id, "resolve")
        if comment is None or not self._may_write():
            return
        if not comment.is_open:
            self._screen.notify(f"Comment {comment.id} is resolved already.")
            return
        author = self._config_author()
        if author is None:
            return

        def resolved(by: str) -> str:
            review_comments.resolve(
                self._screen.draft.assessment, comment.id, by, self._screen.clock()
            )
            return comment.id

        if author:
            self._change(resolved, "Comment {} resolved.")
            return

        def named(values: dict[str, str] | None) -> None:
            if values is not None:
                self._change(resolved, "Comment {} resolved.", values["author"])

        self._screen.app.push_screen(
            PromptDialog(
                f"Resolve comment {comment.id}",
                "Resolving records your name and the time with the comment.",
                [("author", "Your name (kept for next time)", "")],
                "Resolve",
            ),
            named,
        )

    def open_again(self, comment_id: str | None = None) -> None:
        comment = self._chosen(comment_id, "open again")
        if comment is None or not self._may_write():
            return
        if comment.is_open:
            self._screen.notify(f"Comment {comment.id} is open already.")
            return

        def opened(by: str) -> str:
            review_comments.open_again(self._screen.draft.assessment, comment.id)
            return comment.id

        self._change(opened, "Comment {} is open again.", needs_name=False)

    def _chosen(self, comment_id: str | None, doing: str) -> Comment | None:
        """The comment to act on: the one given, else the one highlighted in the panel,
        else the only one shown."""
        a = self._screen.draft.assessment
        if comment_id is not None:
            found = next((c for c in a.review.comments if c.id == comment_id), None)
            if found is not None:
                return found
        self.refresh()
        panel = self.panel
        shown = panel.comments
        highlighted = panel.highlighted_comment() if panel.has_focus else None
        if highlighted is None and len(shown) == 1:
            highlighted = shown[0].id
        found = next((c for c in shown if c.id == highlighted), None)
        if found is None:
            if not shown:
                self._screen.notify("There are no comments here.")
            else:
                self._screen.notify(
                    f"Choose the comment to {doing} first: press F4 to go to the comments, "
                    "then Up and Down."
                )
                panel.focus()
        return found

    def _change(
        self, change: Callable[[str], str], done: str, name: str = "", *, needs_name: bool = True
    ) -> None:
        """Make a change to the comments with the writer's `name` (the one kept in
        config.toml when not given), save it at once and say so."""
        by = name or (self._config_author() or "") if needs_name else ""
        try:
            comment_id = change(by)
        except BadInput as error:
            lines = [p.line() for p in error.problems]
            self._screen.notify("\n".join(lines[:3]), title="Not saved", severity="error")
            return
        if name:
            self._keep_name(name)
        # Comments are not answers: the time the answers last changed stays as it is.
        self._saving.save_now()
        self.marks_changed()
        self._screen.notify(done.format(comment_id), title="Comments")

    def focus_panel(self) -> None:
        if not self.panel.has_class("-shown") and self._here:
            self._opened_at = self._here_key
            self.refresh()
        if self.panel.has_class("-shown"):
            self.panel.focus()
        else:
            self._screen.notify("There are no comments here. Press C to write one.")

    def shown(self) -> bool:
        """True when there are comments on what the officer is on: F4 goes to them (open
        ones are shown already; resolved ones alone, when asked for)."""
        return bool(self._here)
