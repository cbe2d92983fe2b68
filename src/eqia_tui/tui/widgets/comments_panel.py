"""The comments on what the officer (or reviewer) is on, under the step: each with who wrote
it and when, its text, its replies, and whether it is open or resolved.

The panel shows comments; it never changes them. R, X and O post `Reply`, `Resolve` and
`OpenAgain` for the comment highlighted, and the wizard screen, which owns the draft, makes
the change and saves it (screens/wizard/commenting.py). Open and resolved are said in words
and marks (✎ open, ✓ resolved), never by colour alone.
"""

from __future__ import annotations

from datetime import datetime

from textual.binding import Binding
from textual.content import Content
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from eqia_tui.core.model.assessment.review_record import Comment
from eqia_tui.core.text.dates import day_and_time, local
from eqia_tui.core.text.safe_text import shown

OPEN_MARK = "✎"
"""The mark of an open comment, on a step, a characteristic, a question or a row."""
RESOLVED_MARK = "✓"


def open_words(count: int) -> str:
    """ "1 open comment", "3 open comments"."""
    return f"{count} open comment{'' if count == 1 else 's'}"


def when(at: datetime | None) -> str:
    """A comment's time as the screen shows times: 12/08/2015 11:10."""
    return day_and_time(local(at)) if at is not None else ""


class CommentsPanel(OptionList):
    """One option per comment, open ones first. Hidden while there is none to show."""

    DEFAULT_CSS = """
    CommentsPanel {
        display: none;
        height: auto;
        max-height: 35%;
        border: none;
        border-top: hkey $primary;
        border-title-style: bold;
        border-title-color: $text;
        padding: 0 1;
    }

    CommentsPanel.-shown {
        display: block;
    }

    /* A line above it, not a box: the rows stay for the comments. */
    CommentsPanel:focus {
        border: none;
        border-top: hkey $accent;
    }
    """

    BINDINGS = [
        Binding("r", "reply", "Reply"),
        Binding("x", "resolve", "Resolve"),
        Binding("o", "open_again", "Open again"),
    ]

    class Reply(Message):
        """Reply to the comment `comment_id`."""

        def __init__(self, comment_id: str) -> None:
            super().__init__()
            self.comment_id = comment_id

    class Resolve(Reply):
        """Mark the comment `comment_id` resolved."""

    class OpenAgain(Reply):
        """Open the resolved comment `comment_id` again."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._comments: list[Comment] = []
        self._shown: list[tuple[str, ...]] = []

    def show(self, title: str, comments: list[tuple[Comment, str]]) -> None:
        """Show these comments, each with the words for what it is about, under `title`
        (what the officer is on). Hidden when there are none."""
        self._comments = [comment for comment, _ in comments]
        drawn = [self._fingerprint(comment, about) for comment, about in comments]
        self.set_class(bool(comments), "-shown")
        open_count = sum(1 for c in self._comments if c.is_open)
        resolved = len(self._comments) - open_count
        counts = [open_words(open_count)] if open_count else []
        if resolved:
            counts.append(f"{resolved} resolved")
        # Words from the file (a question's label) go in as plain text, never as markup.
        heading = shown(f"Comments on {title}: {', '.join(counts)}")
        self.border_title = Content(heading)
        self.tooltip = (
            Content(f"{heading}. Press R to reply, X to resolve, O to open again.")
            if comments
            else None
        )
        if drawn == self._shown:
            return  # nothing changed: keep the highlight where it is
        highlighted = self.highlighted_comment()
        self._shown = drawn
        self.set_options(Option(self._prompt(c, about), id=c.id) for c, about in comments)
        ids = [c.id for c in self._comments]
        if ids:
            self.highlighted = ids.index(highlighted) if highlighted in ids else 0

    def highlighted_comment(self) -> str | None:
        option = self.highlighted_option
        return option.id if option is not None else None

    @property
    def comments(self) -> list[Comment]:
        return list(self._comments)

    @staticmethod
    def _fingerprint(comment: Comment, about: str) -> tuple[str, ...]:
        replies = tuple(f"{r.by}|{r.at}|{r.text}" for r in comment.replies)
        return (comment.id, about, comment.text, str(comment.resolved_at), *replies)

    @staticmethod
    def _prompt(comment: Comment, about: str) -> Content:
        """A comment in words: what it is about, whether open, who wrote it and when, its
        text, each reply, and who resolved it. Text from the file is shown, never run."""
        # In words and marks, bold, in the colour of the text: a highlighted comment is drawn
        # in the theme's colours for a highlight, and any other colour could fade on it.
        if comment.is_open:
            state = (f"{OPEN_MARK} Open", "bold")
        else:
            state = (f"{RESOLVED_MARK} Resolved", "bold")
        parts: list[str | tuple[str, str]] = [
            state,
            f"  {comment.id}, on {shown(about)}",
            "\n",
            (f"{shown(comment.by)}, {when(comment.at)}: ", "bold"),
            shown(comment.text, lines=True),
        ]
        for reply in comment.replies:
            parts += [
                "\n",
                (f"  ↳ Reply from {shown(reply.by)}, {when(reply.at)}: ", "bold"),
                shown(reply.text, lines=True),
            ]
        if not comment.is_open:
            parts += [
                "\n",
                (f"  Resolved by {shown(comment.resolved_by)}, {when(comment.resolved_at)}.", ""),
            ]
        return Content.assemble(*parts)

    def _post(self, kind: type[Reply]) -> None:
        comment_id = self.highlighted_comment()
        if comment_id is not None:
            self.post_message(kind(comment_id))

    def action_reply(self) -> None:
        self._post(self.Reply)

    def action_resolve(self) -> None:
        self._post(self.Resolve)

    def action_open_again(self) -> None:
        self._post(self.OpenAgain)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Resolve shows for an open comment, Open again for a resolved one."""
        comment = next((c for c in self._comments if c.id == self.highlighted_comment()), None)
        if action == "resolve":
            return comment is not None and comment.is_open
        if action == "open_again":
            return comment is not None and not comment.is_open
        return True

    def watch_highlighted(self, highlighted: int | None) -> None:
        super().watch_highlighted(highlighted)
        self.refresh_bindings()
