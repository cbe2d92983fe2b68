"""What a check finds: the `Finding`, waivers applied to findings, the count in one sentence,
and the order findings are listed in (errors first, then as the questionnaire asks things)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass, replace
from typing import Any, Literal

from eqia_tui.core.model.questionnaire import Questionnaire, TableQuestion
from eqia_tui.core.review.waivers import Waiver
from eqia_tui.core.text.problems import english_list

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Finding:
    id: str
    severity: Severity
    key: str
    message: str
    fix: str
    waiver: Waiver | None = None
    """Set on an error the officer signed off despite (see `apply_waivers`)."""

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {k: v for k, v in asdict(self).items() if k != "waiver"}
        if self.waiver is not None:
            out["waived"] = {
                "reason": self.waiver.reason,
                "by": self.waiver.by,
                "at": self.waiver.at.isoformat(),
            }
        return out

    def line(self) -> str:
        if self.waiver is None:
            return f"{self.severity}: {self.key}: {self.message} Fix: {self.fix}"
        return (
            f"{self.severity} (waived): {self.key}: {self.message} Fix: {self.fix} "
            f"Waived: {self.waiver.text()}"
        )


def apply_waivers(findings: list[Finding], waivers: Iterable[Waiver]) -> list[Finding]:
    """The findings with each error that a waiver names (same id and key) marked waived.

    `check` applies the waivers recorded at sign-off; sign-off applies the ones being
    recorded. A waived error keeps its severity, but `has_errors` no longer counts it.
    """
    waivers = list(waivers)
    if not waivers:
        return findings
    out = []
    for finding in findings:
        match = next((w for w in waivers if w.waives(finding.id, finding.key)), None)
        if finding.severity == "error" and match is not None:
            finding = replace(finding, waiver=match)
        out.append(finding)
    return out


def has_errors(findings: list[Finding]) -> bool:
    """Whether any error is not waived (warnings never count)."""
    return any(f.severity == "error" and f.waiver is None for f in findings)


def summary(findings: list[Finding]) -> str:
    """One sentence: how many errors, waived errors and warnings."""
    waived = sum(1 for f in findings if f.severity == "error" and f.waiver is not None)
    errors = sum(1 for f in findings if f.severity == "error") - waived
    warnings = len(findings) - errors - waived
    if not findings:
        return "No problems found."
    parts = []
    if errors:
        parts.append(f"{errors} error{'' if errors == 1 else 's'}")
    if waived:
        parts.append(f"{waived} waived error{'' if waived == 1 else 's'}")
    if warnings:
        parts.append(f"{warnings} warning{'' if warnings == 1 else 's'}")
    return f"Found {english_list(parts)}."


def in_order(q: Questionnaire, findings: list[Finding]) -> list[Finding]:
    """Errors first, each group in the order the questionnaire asks things (findings at the
    same place keep the order they came in)."""
    return sorted(findings, key=lambda f: (f.severity != "error", _position(q, f.key)))


def key_parts(key: str) -> list[str]:
    """The parts of a key path: `action_plan.actions[2].owner` gives "action_plan",
    "actions", "2" and "owner"."""
    return [p for p in re.split(r"[.\[\]]", key) if p]


def _position(q: Questionnaire, key: str) -> tuple[int, ...]:
    """Where a key path comes in the questionnaire, for listing findings in its order."""
    parts = key_parts(key)
    if not parts:
        return (len(q.sections) + 1,)
    section_ids = [s.id for s in q.sections]
    if parts[0] not in section_ids:
        return (len(q.sections) + 1,)
    section = q.sections[section_ids.index(parts[0])]
    out = [section_ids.index(parts[0])]
    rest = parts[1:]
    if section.per_characteristic and rest:
        ids = [c.id for c in q.characteristics]
        out.append(ids.index(rest[0]) if rest[0] in ids else len(ids))
        rest = rest[1:]
    if rest:
        ids = [qq.id for qq in section.questions]
        out.append(ids.index(rest[0]) if rest[0] in ids else len(ids))
        question = section.question(rest[0])
        if isinstance(question, TableQuestion) and len(rest) > 1 and rest[1].isdigit():
            out.append(int(rest[1]))
            if len(rest) > 2:
                columns = [c.id for c in question.columns]
                out.append(columns.index(rest[2]) if rest[2] in columns else len(columns))
    return tuple(out)
