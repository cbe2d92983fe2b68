"""The fingerprint of a sign-off, and verifying it: what changed since an assessment was signed.

Signing stores a document-level `[signed]` table: who signed, when, the version it made,
a sha256 of every answer, every waiver, that record and the questionnaire in a canonical
form, a short fingerprint of each answer by its key path and of each other part, and the
waivers. Verifying works the fingerprints out again from the file and the questionnaire,
and names each key path that was added, removed or changed since sign-off, and each part
of the record (`signed.by`, `signed.at`, `signed.version`, `signed.waivers`) or the
`questionnaire` that differs. The text of the answers is never copied into `[signed]`.

The fingerprint is a plain hash: anyone can work it out again, so it shows that a file
changed since sign-off, not who signed. A real signature, made with the signer's own key,
is described in docs/format.md as a later step.

The canonical form holds the answers (the section tables), never the history, answers set
aside, the wizard position or the created and updated stamps. Keys are sorted, dates are
ISO text, empty answers are left out, line endings are "\\n" and a characteristics answer
is in questionnaire order, so the same answers in another order give the same hash.
Canonical form 3 hashes `{"answers": ..., "waivers": [...], "signed": {"by", "at",
"version"}, "questionnaire": SHA256}`, the waivers sorted and the questionnaire as its
canonical dump (see `questionnaire_digest`). Form 2 hashed the answers and waivers, and
form 1, written before waivers existed, the answers alone; both still verify as before.

One cohesive thing, kept in one module past the usual size: the canonical form and the
verification that reads it back must change together.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Any, Literal

from eqia_tui.core.model.assessment import Assessment
from eqia_tui.core.model.conditions import is_answered
from eqia_tui.core.model.questionnaire import (
    ALL,
    AnyQuestion,
    CharacteristicsQuestion,
    Questionnaire,
    TableQuestion,
)
from eqia_tui.core.review.waivers import Waiver, waivers_of
from eqia_tui.core.text import dates
from eqia_tui.core.text.problems import english_list, format_key

CANONICAL_FORM = 3
"""Stored in `[signed]` so a later change to the canonical form can still read old sign-offs.
Form 3 covers the answers, the waivers, who signed, when, the version and the questionnaire;
form 2 covered the answers and the waivers; form 1 (the default when the key is left out)
covered the answers alone."""
KNOWN_FORMS = (1, 2, 3)

RECORD_KEYS = ("by", "at", "version")
"""The keys of `[signed]` that form 3 covers as they are written: who, when, which version."""

FINGERPRINT_NOTE = (
    "note: the fingerprint recorded at sign-off shows whether the answers, the waivers, the "
    "sign-off record or the questionnaire changed since. It is not a signature: anyone can "
    "work it out again, so it does not prove who signed."
)
"""What `eqia verify` says the fingerprint is, and is not."""

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
    """The sha256 (hex) of the canonical answers: canonical form 1."""
    return hashlib.sha256(canonical_bytes(questionnaire, assessment)).hexdigest()


def canonical_waivers(blocks: Iterable[Any]) -> list[Any]:
    """The `[[signed.waivers]]` blocks as JSON-ready data, sorted, so that their order in
    the file does not matter (times as ISO text, "\\n" line endings)."""
    plain = [_sorted(_plain(dict(b))) for b in blocks if isinstance(b, Mapping)]
    return sorted(plain, key=_dumps)


def canonical_record(signed: Mapping[str, Any]) -> dict[str, Any]:
    """Who signed, when and the version, from a `[signed]` table, JSON-ready (null when
    left out)."""
    return {key: _plain(signed.get(key)) for key in RECORD_KEYS}


def canonical_questionnaire(questionnaire: Questionnaire) -> dict[str, Any]:
    """The questionnaire as used, JSON-ready with its keys sorted: every wording, option,
    condition, rule and role, under the keys its file uses. Where it was read from is left
    out, and so is every key left at its default, so that a later eqia that adds an
    optional key does not change the dump of a questionnaire that does not use it."""
    dump = questionnaire.model_dump(
        mode="json", by_alias=True, exclude_defaults=True, exclude={"source"}
    )
    ordered: dict[str, Any] = _sorted(dump)
    return ordered


def questionnaire_digest(questionnaire: Questionnaire) -> str:
    """The sha256 (hex) of the questionnaire as used (see `canonical_questionnaire`)."""
    return hashlib.sha256(_dumps(canonical_questionnaire(questionnaire))).hexdigest()


def signed_digest(
    questionnaire: Questionnaire,
    assessment: Assessment,
    waivers: Iterable[Any],
    form: int = CANONICAL_FORM,
    signed: Mapping[str, Any] | None = None,
) -> str:
    """The sha256 (hex) a sign-off records. Form 3: of the answers, the waiver blocks, who
    signed, when and the version (from `signed`, the `[signed]` table) and the questionnaire's
    digest. Form 2: of the answers and the waiver blocks. Form 1: of the answers alone."""
    if form == 1:
        return answers_digest(questionnaire, assessment)
    document: dict[str, Any] = {
        "answers": canonical_answers(questionnaire, assessment),
        "waivers": canonical_waivers(waivers),
    }
    if form >= 3:
        document["signed"] = canonical_record(signed or {})
        document["questionnaire"] = questionnaire_digest(questionnaire)
    return hashlib.sha256(_dumps(document)).hexdigest()


def part_digests(
    questionnaire: Questionnaire, signed: Mapping[str, Any], waivers: Iterable[Any]
) -> dict[str, str]:
    """A short fingerprint of each part of a form 3 sign-off besides the answers, so that
    `verify` can say which changed: who signed, when, the version, the waivers and the
    questionnaire. Each covers its name too, as an answer's covers its key path."""
    record = canonical_record(signed)
    digests = {key: _short(f"signed.{key}", record[key]) for key in RECORD_KEYS}
    digests["waivers"] = _short("signed.waivers", canonical_waivers(waivers))
    digests["questionnaire"] = _short("questionnaire", questionnaire_digest(questionnaire))
    return digests


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


PARTS: dict[str, tuple[str, bool]] = {
    "signed.by": ("the name of the person who signed", False),
    "signed.at": ("the date and time of the sign-off", False),
    "signed.version": ("the version number signed", False),
    "signed.waivers": ("the waivers", True),
    "questionnaire": ("the questionnaire", False),
    "signed": ("the sign-off record", False),
}
"""What changed, in words, for each key of a `Change` that is not an answer, and whether
the words are plural. ("answers", when eqia cannot tell which answer, counts as one.)"""


def change_name(key: str) -> str:
    """A key of a `Change` as words for a list: "the waivers"; an answer's key path as is."""
    return PARTS[key][0] if key in PARTS else key


@dataclass(frozen=True)
class Change:
    """One answer, or one other part of the sign-off (see PARTS), that differs from what
    was signed. `note` says it in words where the key alone would not."""

    key: str
    kind: ChangeKind
    note: str = ""

    def line(self) -> str:
        return f"{self.kind}: {self.key}: {self.note}" if self.note else f"{self.kind}: {self.key}"

    @property
    def is_answer(self) -> bool:
        return self.key not in PARTS


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
    waivers: list[Waiver] = field(default_factory=list)
    """The errors waived at sign-off, as the file records them."""

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
        when = f" on {dates.day_and_time(dates.local(self.at), joiner=' at ')}" if self.at else ""
        version = f" (version {self.version})" if self.version else ""
        return f"{who}{when}{version}"

    def waiver_lines(self) -> list[str]:
        """The errors waived at sign-off: a heading line, then one indented line each, as
        "  KEY (FINDING): MESSAGE Waived by NAME on DD/MM/YYYY: REASON". None: no lines."""
        if not self.waivers:
            return []
        count = len(self.waivers)
        lines = [f"{count} error{' was' if count == 1 else 's were'} waived at sign-off:"]
        for w in self.waivers:
            said = f" {w.message}" if w.message else ""
            lines.append(
                f"  {w.key} ({w.finding}):{said} Waived by {w.by} on {dates.day(w.at)}: {w.reason}"
            )
        return lines

    def summary(self) -> str:
        """One plain sentence saying what was found."""
        if not self.signed:
            return "This assessment is not signed off, so there is nothing to verify."
        if self.problem:
            return f"The sign-off cannot be checked: {self.problem}."
        if not self.changes:
            return f"The answers are unchanged since {self.signature_text()}."
        what = self.what_changed(verb=True)
        return f"{what[:1].upper()}{what[1:]} changed since {self.signature_text()}."

    def what_changed(self, verb: bool = False) -> str:
        """ "2 answers", "the waivers", "1 answer and the questionnaire" (with `verb`: "2
        answers have", "the questionnaire has"), for a sentence about what changed."""
        answers = sum(1 for c in self.changes if c.is_answer)
        parts = [f"{answers} answer{'' if answers == 1 else 's'}"] if answers else []
        plural = answers != 1
        for change in self.changes:
            if not change.is_answer:
                words, plural = PARTS[change.key]
                parts.append(words)
        if not verb:
            return english_list(parts)
        single = len(parts) == 1 and not plural
        return f"{english_list(parts)} {'has' if single else 'have'}"


def verify(questionnaire: Questionnaire, assessment: Assessment) -> Verification:
    """Compare the answers, the sign-off record and the questionnaire now with the
    fingerprints recorded at sign-off (form 1: the answers; form 2: and the waivers)."""
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
        waivers=waivers_of(signed),
    )
    expected = signed.get("sha256")
    if not isinstance(expected, str) or not expected:
        return replace(base, problem="the [signed] table has no sha256")
    form = signed.get("canonical_form", 1)
    if form not in KNOWN_FORMS:
        return replace(
            base,
            problem=f"it was made with canonical form {form}, and this version of eqia "
            f"knows forms {english_list([str(f) for f in KNOWN_FORMS])}",
        )
    blocks = signed.get("waivers")
    blocks = blocks if isinstance(blocks, list) else []
    # Form 1 did not cover waivers: any found in such a file were added after sign-off.
    extra = [Change("signed.waivers", "added")] if form == 1 and blocks else []
    if signed_digest(questionnaire, assessment, blocks, form, signed) == expected.lower():
        return replace(base, changes=extra)
    recorded = signed.get("answers")
    answers = (
        _answer_changes(questionnaire, assessment, recorded)
        if isinstance(recorded, dict) and recorded
        else None  # without per-answer fingerprints: something changed, not what
    )
    if form >= 3:
        parts = signed.get("parts")
        found = (
            _part_changes(questionnaire, signed, blocks, parts)
            if isinstance(parts, dict) and parts
            else None
        )
        changes = (answers or []) + (found or [])
        if not changes:
            # Nothing named: a change the fingerprints that are there cannot place.
            changes = [Change("answers" if answers is None else "signed", "changed")]
        return replace(base, changes=changes)
    if answers is None:
        return replace(base, changes=[Change("answers", "changed"), *extra])
    if not answers and form != 1:
        # Every answer is as signed, so what differs is the waivers.
        answers = [Change("signed.waivers", "changed")]
    return replace(base, changes=answers + extra or [Change("answers", "changed")])


def _answer_changes(
    questionnaire: Questionnaire, assessment: Assessment, recorded: dict[str, Any]
) -> list[Change]:
    """Each answer added, removed or changed since sign-off, in key order."""
    now = answer_digests(questionnaire, assessment)
    return [
        Change(key, "added" if key not in recorded else "removed" if key not in now else "changed")
        for key in sorted(set(recorded) | set(now), key=key_order)
        if recorded.get(key) != now.get(key)
    ]


_RECORD_NOTES = {
    "by": "the name of the person who signed changed",
    "at": "the date and time of the sign-off changed",
    "version": "the version number signed changed",
}


def _part_changes(
    questionnaire: Questionnaire,
    signed: Mapping[str, Any],
    blocks: list[Any],
    recorded: dict[str, Any],
) -> list[Change]:
    """Each part of a form 3 sign-off, other than the answers, that differs from its
    fingerprint in `[signed.parts]`: who signed, when, the version, the waivers, and the
    questionnaire the file is read with now."""
    now = part_digests(questionnaire, signed, blocks)
    changes = [
        Change(f"signed.{key}", "changed", _RECORD_NOTES[key])
        for key in RECORD_KEYS
        if key in recorded and recorded[key] != now[key]
    ]
    if "waivers" in recorded and recorded["waivers"] != now["waivers"]:
        changes.append(Change("signed.waivers", "changed"))
    if "questionnaire" in recorded and recorded["questionnaire"] != now["questionnaire"]:
        changes.append(
            Change(
                "questionnaire",
                "changed",
                "the questionnaire's wording or rules changed since sign-off: questionnaire "
                f"{questionnaire.id} {questionnaire.version} as installed now differs from the "
                "one signed",
            )
        )
    return changes
