"""The record around the answers, as parts of the document view: the version history and
the sign-off (who signed, whether the answers changed since, the errors waived)."""

from __future__ import annotations

from eqia_tui.core.model.assessment import Assessment
from eqia_tui.core.model.questionnaire import Questionnaire
from eqia_tui.core.review.fingerprint import change_name, verify
from eqia_tui.core.review.waivers import waivers_of
from eqia_tui.core.text.problems import english_list
from eqia_tui.exports.document import Cell, Field, Item, Part, Table, date_words


def history_part(assessment: Assessment) -> Part:
    rows = [
        [
            Cell(str(entry.get("version", ""))),
            Cell(str(entry.get("author", ""))),
            Cell(date_words(entry.get("date"))),
            Cell(str(entry.get("comment", ""))),
        ]
        for entry in assessment.history
        if isinstance(entry, dict)
    ]
    table = Table(
        key="history",
        caption="Version history",
        columns=["Version", "Author", "Date", "Comment"],
        rows=rows,
        empty_text="No versions recorded yet.",
        weights=[1.0, 1.5, 1.2, 4.0],
    )
    return Part("history", "Version history", [table])


def signed_part(questionnaire: Questionnaire, assessment: Assessment) -> Part | None:
    """Who signed the answers off, whether they changed since and the errors waived at
    sign-off, with the reasons; None when not signed."""
    signed = assessment.signed
    if not signed:
        return None
    fields: list[Item] = [
        Field("signed.by", "Signed off by", Cell(str(signed.get("by", "")))),
        Field("signed.at", "Signed off on", Cell(date_words(signed.get("at")))),
    ]
    if signed.get("version"):
        fields.append(Field("signed.version", "Version signed", Cell(str(signed["version"]))))
    if signed.get("sha256"):
        fields.append(
            Field(
                "signed.sha256",
                "Fingerprint of what was signed (it shows later changes, not who signed)",
                Cell(str(signed["sha256"])),
            )
        )
    changed = changed_since_signed(questionnaire, assessment)
    if changed is not None:
        named = [change_name(key) for key in changed]
        text = (
            "No: the answers are the same as when they were signed off."
            if not changed
            else f"Yes: {english_list(named)} changed after sign-off."
        )
        fields.append(Field("signed.changed", "Changed since sign-off", Cell(text), long=True))
    waivers = waivers_of(signed)
    if waivers:
        fields.append(
            Table(
                key="signed.waivers",
                caption="Errors waived at sign-off",
                columns=[
                    "What the check found",
                    "Reason for signing off despite it",
                    "Waived by",
                    "Date",
                ],
                rows=[
                    [
                        Cell(w.message or f"{w.finding} at {w.key}"),
                        Cell(w.reason),
                        Cell(w.by),
                        Cell(date_words(w.at.date())),
                    ]
                    for w in waivers
                ],
                weights=[3.0, 3.0, 1.5, 1.2],
            )
        )
    return Part("signed", "Sign-off record", fields)


def changed_since_signed(questionnaire: Questionnaire, assessment: Assessment) -> list[str] | None:
    """Key paths changed since sign-off; None when not signed or it cannot be checked here."""
    if not assessment.signed:
        return None
    result = verify(questionnaire, assessment)
    if not result.signed:
        return None
    changed = list(result.changed)
    if not changed and not result.ok:
        return ["the answers"]
    return changed
