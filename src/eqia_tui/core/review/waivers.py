"""Waivers: an error of the check that the officer signed off despite, with their reason.

A waiver names one finding by its id and key path (both must match), says why the
assessment is signed off anyway, who recorded it and when. Waivers are kept in the
`[signed]` table as `[[signed.waivers]]` and are covered by the sign-off fingerprint, so a
later edit shows when the assessment is verified. Reopening the assessment clears them with
the signature. See docs/format.md and docs/checks.md.

This module only holds the data; `signing.sign` records waivers and `checks.check` marks
the findings they waive.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from eqia_tui.core.text import dates


@dataclass(frozen=True)
class Waiver:
    """One error signed off despite: which finding, where, why, who and when."""

    finding: str
    """The finding's id, such as "review-date-passed"."""
    key: str
    """The finding's key path, such as "monitoring.review_date"."""
    reason: str
    """Why the assessment is signed off despite the finding, in the officer's words."""
    by: str
    """Who recorded the waiver."""
    at: datetime
    """When it was recorded."""
    message: str = ""
    """What the check said when the waiver was recorded, so a reader of the documents
    knows what was waived. It plays no part in matching."""

    def waives(self, finding_id: str, key: str) -> bool:
        """A waiver matches only a finding with the same id and the same key path."""
        return self.finding == finding_id and self.key == key

    def text(self) -> str:
        """ "REASON (Sam Patel, 10/02/2026)": the reason, who recorded it and on which day."""
        return f"{self.reason} ({self.by}, {dates.day(self.at)})"

    def as_table(self) -> dict[str, Any]:
        """The `[[signed.waivers]]` block, its keys in the order of `assessment.WAIVER_KEYS`
        and none empty."""
        table: dict[str, Any] = {"finding": self.finding, "key": self.key}
        if self.message:
            table["message"] = self.message
        table.update({"reason": self.reason, "by": self.by, "at": self.at})
        return table


def waivers_of(signed: Mapping[str, Any] | None) -> list[Waiver]:
    """The waivers recorded in a `[signed]` table, in file order (none when not signed).

    A file is validated when it is read (see `assessment.SignedTable`), so every block
    here has its keys; one that does not (built in memory by hand) is skipped.
    """
    if not signed:
        return []
    blocks = signed.get("waivers")
    if not isinstance(blocks, list):
        return []
    out: list[Waiver] = []
    for block in blocks:
        if not isinstance(block, Mapping):
            continue
        finding, key, reason = block.get("finding"), block.get("key"), block.get("reason")
        by, at, message = block.get("by"), block.get("at"), block.get("message", "")
        if not all(isinstance(v, str) and v.strip() for v in (finding, key, reason, by)):
            continue
        if not isinstance(at, datetime) or not isinstance(message, str):
            continue
        out.append(Waiver(str(finding), str(key), str(reason), str(by), at, message))
    return out
