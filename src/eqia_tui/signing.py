"""Sign-off that means something: a fingerprint of the answers, checked later.

Signing stores a document-level `[signed]` table: who signed, when, the version it made,
a sha256 of every answer in a canonical form, and a short fingerprint of each answer by
its key path. Verifying works the fingerprints out again from the answers in the file and
names each key path that was added, removed or changed since sign-off. The text of the
answers is never copied into `[signed]`.

The canonical form holds the answers only (the section tables), never the history, the
signature itself, answers set aside, the wizard position or the created and updated
stamps. Keys are sorted, dates are ISO text, empty answers are left out, line endings are
"\\n" and a characteristics answer is in questionnaire order, so the same answers in
another order give the same hash.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Any, Literal

from eqia_tui.assessment import Assessment
from eqia_tui.conditions import is_answered
from eqia_tui.history import record_version
from eqia_tui.problems import BadInput, format_key
from eqia_tui.questionnaire import (
    ALL,
    AnyQuestion,
    CharacteristicsQuestion,
    Questionnaire,
    TableQuestion,
)

CANONICAL_FORM = 1
"""Stored in `[signed]` so a later change to the canonical form can still read old signatures."""

SHORT_DIGEST = 16
"""Hex characters kept of each answer's fingerprint: enough to notice a change."""

_DIGITS = re.compile(r"(\d+)")

ChangeKind = Literal["added", "removed", "changed"]


# --- The canonical form -----------------------------------------------------------------------


def canonical_answers(questionnaire: Questionnaire, assessment: Assessment) -> dict[str, Any]:
    """The answers in canonical form: only what the questionnaire asks and the file keeps.

    `{section: {question: value}}`, and for a grid `{section: {characteristic: {question:
    value}}}`; a table is a list of rows (each a dict of its answered cells), in order.
    """
    out: dict[str, Any] = {}
    for key, value in _answer_leaves(questionnaire, assessment):
        target = out
        for part in key[:-1]:
            target = target.setdefault(part, {})
        target[key[-1]] = value
    ordered: dict[str, Any] = _sorted(out)
    return ordered


def canonical_bytes(questionnaire: Questionnaire, assessment: Assessment) -> bytes:
    return _dumps(canonical_answers(questionnaire, assessment))


def answers_digest(questionnaire: Questionnaire, assessment: Assessment) -> str:
    """The sha256 (hex) of the canonical answers."""
    return hashlib.sha256(canonical_bytes(questionnaire, assessment)).hexdigest()


def answer_digests(questionnaire: Questionnaire, assessment: Assessment) -> dict[str, str]:
    """A short fingerprint of each answer, by key path.

    Key paths read like the file: `details.title`, `screening.age.negative_impact`, and one
    per row of a table, `action_plan.actions[0]`. The fingerprint covers the key path too,
    so the same words in two places give two different fingerprints.
    """
    digests: dict[str, str] = {}
    for key, value in _answer_leaves(questionnaire, assessment):
        if isinstance(value, list) and _is_table(questionnaire, key):
            for index, row in enumerate(value):
                path = format_key([*key, index])
                digests[path] = _short(path, row)
            continue
        path = format_key(key)
        digests[path] = _short(path, value)
    return {key: digests[key] for key in sorted(digests, key=key_order)}


def key_order(key: str) -> str:
    """Sort key paths as people read them: `actions[2]` before `actions[10]`."""
    return _DIGITS.sub(lambda match: match[0].zfill(12), key)


def _is_table(questionnaire: Questionnaire, key: tuple[str, ...]) -> bool:
    section = questionnaire.section(key[0])
    if section is None:
        return False
    return isinstance(section.question(key[-1]), TableQuestion)


def _short(path: str, value: Any) -> str:
    data = path.encode("utf-8") + b"\n" + _dumps(value)
    return hashlib.sha256(data).hexdigest()[:SHORT_DIGEST]


def _dumps(value: Any) -> bytes:
    text = json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return text.encode("utf-8")


def _answer_leaves(
    questionnaire: Questionnaire, assessment: Assessment
) -> list[tuple[tuple[str, ...], Any]]:
    """Every answered question as (key path, canonical value), walking the questionnaire.

    Only what `to_document` writes is walked, so an assessment signed in memory and the
    same assessment read back from its file give the same leaves.
    """
    leaves: list[tuple[tuple[str, ...], Any]] = []
    for section in questionnaire.sections:
        table = assessment.answers.get(section.id)
        if not isinstance(table, dict):
            continue
        rows: list[tuple[tuple[str, ...], dict[str, Any]]]
        if section.per_characteristic:
            rows = [
                ((section.id, c.id), table[c.id])
                for c in questionnaire.characteristics
                if isinstance(table.get(c.id), dict)
            ]
        else:
            rows = [((section.id,), table)]
        for prefix, row in rows:
            for question in section.questions:
                value = _canonical_value(questionnaire, question, row.get(question.id))
                if value is not None:
                    leaves.append(((*prefix, question.id), value))
    return leaves


def _canonical_value(questionnaire: Questionnaire, question: AnyQuestion, value: Any) -> Any:
    """The value in canonical form, or None when it counts as not answered."""
    if not is_answered(value):
        return None
    if isinstance(question, TableQuestion):
        if not isinstance(value, list):
            return _plain(value)
        out_rows = []
        for row in value:
            if not isinstance(row, dict):
                continue
            cells = {}
            for column in question.columns:
                cell = _canonical_value(questionnaire, column, row.get(column.id))
                if cell is not None:
                    cells[column.id] = cell
            if cells:
                out_rows.append(cells)
        return out_rows or None
    if isinstance(question, CharacteristicsQuestion):
        return _canonical_characteristics(questionnaire, value)
    return _plain(value)


def _canonical_characteristics(questionnaire: Questionnaire, value: Any) -> Any:
    """ "all" and ["all"] are the same answer; a list is put in questionnaire order."""
    chosen = value if isinstance(value, list) else [value]
    if ALL in chosen:
        return ALL
    order = {c.id: index for index, c in enumerate(questionnaire.characteristics)}
    unique = sorted({str(v) for v in chosen}, key=lambda cid: (order.get(cid, len(order)), cid))
    return unique


def _plain(value: Any) -> Any:
    """JSON-ready: dates as ISO text, text with "\\n" line endings, tables sorted."""
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str):
        return value.replace("\r\n", "\n").replace("\r", "\n")
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items() if is_answered(v)}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def _sorted(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _sorted(value[k]) for k in sorted(value)}
    if isinstance(value, list):
        return [_sorted(v) for v in value]
    return value


# --- Signing, verifying, reopening --------------------------------------------------------------


def is_signed(assessment: Assessment) -> bool:
    return bool(assessment.signed)


def is_read_only(assessment: Assessment) -> bool:
    """A signed assessment opens read-only; changing it needs `reopen` first."""
    return is_signed(assessment)


def sign(
    questionnaire: Questionnaire,
    assessment: Assessment,
    by: str,
    at: datetime,
    comment: str = "",
) -> dict[str, Any]:
    """Sign the assessment off: record `[signed]` and a new whole-number version.

    Returns the `[signed]` table. Raises BadInput when it is already signed (reopen it
    first) or no name is given. `at` without a time zone is taken as local time.
    """
    by = by.strip()
    if not by:
        raise BadInput.one("sign-off", "by", "give the name of the person signing")
    if is_signed(assessment):
        raise BadInput.one(
            assessment.id, "signed", "is already signed off; reopen it before signing again"
        )
    stamp = (at if at.tzinfo else at.astimezone()).replace(microsecond=0)
    entry = record_version(
        assessment,
        author=by,
        comment=comment.strip() or f"Signed off by {by}",
        on=stamp.date(),
        signing=True,
    )
    signed: dict[str, Any] = {
        "by": by,
        "at": stamp,
        "version": entry["version"],
        "canonical_form": CANONICAL_FORM,
        "sha256": answers_digest(questionnaire, assessment),
        "answers": answer_digests(questionnaire, assessment),
    }
    assessment.signed = signed
    return signed


@dataclass(frozen=True)
class Change:
    """One answer that differs from what was signed."""

    key: str
    kind: ChangeKind

    def line(self) -> str:
        return f"{self.kind}: {self.key}"


@dataclass(frozen=True)
class Verification:
    """What `verify` found. `ok` when signed and nothing changed since."""

    signed: bool
    changes: list[Change] = field(default_factory=list)
    by: str = ""
    at: datetime | None = None
    version: str = ""
    problem: str = ""
    """Set when the `[signed]` table cannot be checked (for example, it has no sha256)."""

    @property
    def changed(self) -> list[str]:
        """The key paths added, removed or changed since sign-off, in key order."""
        return [c.key for c in self.changes]

    @property
    def ok(self) -> bool:
        return self.signed and not self.problem and not self.changes

    def signature_text(self) -> str:
        """Who signed, when and which version: "signed by Jo Smith on 02/03/2026 at 14:30
        (version 1.0)". The time is shown in this computer's time zone."""
        who = f"signed by {self.by}" if self.by else "signed"
        when = f" on {self.at.astimezone().strftime('%d/%m/%Y at %H:%M')}" if self.at else ""
        version = f" (version {self.version})" if self.version else ""
        return f"{who}{when}{version}"

    def summary(self) -> str:
        """One plain sentence saying what was found."""
        if not self.signed:
            return "This assessment is not signed off, so there is nothing to verify."
        if self.problem:
            return f"The sign-off cannot be checked: {self.problem}."
        if not self.changes:
            return f"The answers are unchanged since {self.signature_text()}."
        count = len(self.changes)
        noun = "answer has" if count == 1 else "answers have"
        return f"{count} {noun} changed since {self.signature_text()}."


def verify(questionnaire: Questionnaire, assessment: Assessment) -> Verification:
    """Compare the answers now with the fingerprints recorded at sign-off."""
    signed = assessment.signed
    if not signed:
        return Verification(signed=False)
    by = signed.get("by")
    at = signed.get("at")
    version = signed.get("version")
    base = Verification(
        signed=True,
        by=by if isinstance(by, str) else "",
        at=at if isinstance(at, datetime) else None,
        version=version if isinstance(version, str) else "",
    )
    expected = signed.get("sha256")
    if not isinstance(expected, str) or not expected:
        return _with(base, problem="the [signed] table has no sha256")
    form = signed.get("canonical_form", CANONICAL_FORM)
    if form != CANONICAL_FORM:
        return _with(
            base,
            problem=f"it was made with canonical form {form}, and this version of eqia "
            f"knows form {CANONICAL_FORM}",
        )
    if answers_digest(questionnaire, assessment) == expected.lower():
        return base
    recorded = signed.get("answers")
    if not isinstance(recorded, dict) or not recorded:
        # Without per-answer fingerprints we know that something changed, not what.
        return _with(base, changes=[Change("answers", "changed")])
    now = answer_digests(questionnaire, assessment)
    changes = [
        Change(key, "added" if key not in recorded else "removed" if key not in now else "changed")
        for key in sorted(set(recorded) | set(now), key=key_order)
        if recorded.get(key) != now.get(key)
    ]
    return _with(base, changes=changes or [Change("answers", "changed")])


def _with(base: Verification, **changes: Any) -> Verification:
    return replace(base, **changes)


def reopen(
    assessment: Assessment,
    author: str,
    on: date,
    comment: str = "",
) -> dict[str, Any]:
    """Clear the signature so the answers can change again, recording a new version.

    Returns the new history entry (1.1 after the first sign-off). Raises BadInput when
    the assessment is not signed.
    """
    if not is_signed(assessment):
        raise BadInput.one(
            assessment.id, "signed", "is not signed off, so there is nothing to reopen"
        )
    signed = assessment.signed or {}
    who = signed.get("by")
    default = (
        f"Reopened after sign-off by {who}"
        if isinstance(who, str) and who
        else ("Reopened after sign-off")
    )
    entry = record_version(assessment, author=author, comment=comment.strip() or default, on=on)
    assessment.signed = None
    return entry
