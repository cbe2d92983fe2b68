"""The review record an assessment file carries: its status moves and the comments on it.

The equality group challenges an assessment in the file itself (see docs/format.md,
`[review_record]`): each move of the review status with who made it and when, and comments on an
answer, a step or the whole assessment, each with its replies and, once settled, who
resolved it and when. The record travels with the file. It is not part of the signed
answers: adding a comment to a signed assessment does not change its fingerprint.

This module holds only the data and its words; the moves allowed and the comment actions
are in `core.review.status` and `core.review.comments`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Final

WHOLE_ASSESSMENT: Final = ""
"""The `on` of a comment about the whole assessment (left out of the file)."""


@dataclass
class Move:
    """One move of the review status: to `status`, by whom, when, and an optional note.

    `answers` is the fingerprint of the answers when the move was made (see
    `core.review.fingerprint.answers_digest`); an approval holds only for those answers."""

    status: str
    by: str
    at: datetime
    note: str = ""
    answers: str = ""

    def as_table(self) -> dict[str, Any]:
        table: dict[str, Any] = {"status": self.status, "by": self.by, "at": self.at}
        if self.note:
            table["note"] = self.note
        if self.answers:
            table["answers"] = self.answers
        return table


@dataclass
class Reply:
    """One reply in a comment's thread."""

    by: str
    at: datetime
    text: str

    def as_table(self) -> dict[str, Any]:
        return {"by": self.by, "at": self.at, "text": self.text}


@dataclass
class Comment:
    """A comment on an answer (`on` is its key path, as `eqia check` writes them), on a step
    (a section id), or on the whole assessment (`on` empty). Open until resolved."""

    id: str
    by: str
    at: datetime
    text: str
    on: str = WHOLE_ASSESSMENT
    replies: list[Reply] = field(default_factory=list)
    resolved_by: str = ""
    resolved_at: datetime | None = None

    @property
    def is_open(self) -> bool:
        return self.resolved_at is None

    def as_table(self) -> dict[str, Any]:
        table: dict[str, Any] = {"id": self.id}
        if self.on:
            table["on"] = self.on
        table.update(by=self.by, at=self.at, text=self.text)
        if self.resolved_at is not None:
            table["resolved_by"] = self.resolved_by
            table["resolved_at"] = self.resolved_at
        if self.replies:
            table["replies"] = [reply.as_table() for reply in self.replies]
        return table


@dataclass
class ReviewRecord:
    """The `[review_record]` table: the status moves in the order made, and the comments."""

    moves: list[Move] = field(default_factory=list)
    comments: list[Comment] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.moves or self.comments)

    def as_table(self) -> dict[str, Any]:
        table: dict[str, Any] = {}
        if self.moves:
            table["status"] = self.moves[-1].status
            table["moves"] = [move.as_table() for move in self.moves]
        if self.comments:
            table["comments"] = [comment.as_table() for comment in self.comments]
        return table

    @classmethod
    def from_table(cls, table: dict[str, Any] | None) -> ReviewRecord:
        """The record from a `[review_record]` table checked by `file_models.ReviewTable`."""
        if not table:
            return cls()
        moves = [
            Move(m["status"], m["by"], m["at"], m.get("note", ""), m.get("answers", ""))
            for m in table.get("moves", [])
        ]
        comments = [
            Comment(
                id=c["id"],
                by=c["by"],
                at=c["at"],
                text=c["text"],
                on=c.get("on", WHOLE_ASSESSMENT),
                replies=[Reply(r["by"], r["at"], r["text"]) for r in c.get("replies", [])],
                resolved_by=c.get("resolved_by", ""),
                resolved_at=c.get("resolved_at"),
            )
            for c in table.get("comments", [])
        ]
        return cls(moves, comments)
