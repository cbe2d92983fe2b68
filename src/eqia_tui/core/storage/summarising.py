"""Read one assessment file into a `Summary`: what the lists and the register show of it.

A file that cannot be read gives a summary with `error` set to why, never an exception: one
bad file must never stop a list of many.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from eqia_tui.core.model.assessment import (
    Assessment,
    Loaded,
    is_slug,
    progress,
    section_asked,
)
from eqia_tui.core.model.questionnaire import Questionnaire
from eqia_tui.core.model.roles import impact
from eqia_tui.core.review.comments import open_comments
from eqia_tui.core.review.due import dated_items
from eqia_tui.core.review.status import last_move, status_of
from eqia_tui.core.rules.weighting import suggest
from eqia_tui.core.storage.reading import bad_name, first_problem, load_file, mismatch, unreadable
from eqia_tui.core.storage.registry import Registry
from eqia_tui.core.storage.summary import Impact, Summary
from eqia_tui.core.text.problems import BadInput


def summarise(path: Path, registry: Registry, *, named: bool = True) -> Summary:
    """The summary of the file at `path`. With `named` (a drafts folder), the file's name is
    its id: a name that is not an id, or an `id` inside that differs, makes it broken."""
    name = path.stem
    if named and not is_slug(name):
        return Summary(id=name, path=str(path), error=bad_name(path))
    try:
        loaded = load_file(path, registry)
    except BadInput as error:
        return Summary(id=name, path=str(path), error=first_problem(error, path))
    except Exception as error:  # one file must never stop the whole list
        return Summary(id=name, path=str(path), error=unreadable(error))
    if named and loaded.assessment.id != name:
        return Summary(id=name, path=str(path), error=mismatch(loaded.assessment.id, path))
    try:
        return summary_of(loaded, path)
    except Exception:  # one file must never stop the whole list
        q = loaded.questionnaire
        return Summary(
            id=loaded.assessment.id,
            path=str(path),
            error=f'the suggestion cannot be worked out with the questionnaire "{q.id}": '
            "check the questionnaire file with eqia questionnaire check",
        )


def summary_of(loaded: Loaded, path: Path) -> Summary:
    """The summary of an assessment read from `path`."""
    q, a = loaded.questionnaire, loaded.assessment
    suggestion = suggest(q, a)
    weighting = q.weighting
    own = judgement = None
    own_words = judgement_words = suggested_words = ""
    if weighting is not None:
        own, own_words = _answer(q, a, weighting.rating_question)
        judgement, judgement_words = _answer(q, a, weighting.judgement_question)
        rating = q.resolve(weighting.rating_question)
        if rating is not None and suggestion.suggested_rating is not None:
            suggested_words = q.label_of(rating[1], suggestion.suggested_rating)
    status = status_of(a)
    move = last_move(a, status)
    signed = a.signed or {}
    dated = tuple(dated_items(q, a))
    review = next((d.date for d in dated if d.kind == "review"), None)
    return Summary(
        id=a.id,
        path=str(path),
        title=a.title,
        directorate=_text(q, a, q.roles.directorate),
        owner=_text(q, a, q.roles.owner),
        decision_maker=_text(q, a, q.roles.decision_maker),
        questionnaire=q.id,
        questionnaire_version=q.version,
        questionnaire_title=q.title,
        updated=a.updated,
        progress=progress(q, a),
        suggested_rating=suggestion.suggested_rating,
        suggested_rating_words=suggested_words,
        suggestion_complete=suggestion.rules_complete,
        suggestion_started=len(suggestion.unanswered) < len(q.characteristics),
        own_rating=own,
        own_rating_words=own_words,
        judgement=judgement,
        judgement_words=judgement_words,
        negative_impacts=tuple(_impacts(q, a)),
        review_status=status,
        review_by=move.by if move else None,
        review_at=move.at if move else None,
        open_comments=len(open_comments(a)),
        signed_by=str(signed.get("by", "")) if a.signed else "",
        signed_at=_time(signed.get("at")) if a.signed else None,
        version=_version(a),
        review_date=review,
        dated=dated,
    )


def _answer(q: Questionnaire, a: Assessment, ref: str) -> tuple[str | None, str]:
    """A choice answered outside the grids, and its words; (None, "") when not answered or
    not asked."""
    found = q.resolve(ref)
    if found is None or not section_asked(q, a, found[0]):
        return None, ""
    value = a.get(found[0].id, found[1].id)
    if not isinstance(value, str) or not value.strip():
        return None, ""
    return value, q.label_of(found[1], value)


def _text(q: Questionnaire, a: Assessment, ref: str | None) -> str:
    """A text answer outside the grids, on one line; empty when there is none."""
    found = q.resolve(ref) if ref else None
    if found is None:
        return ""
    value = a.get(found[0].id, found[1].id)
    return " ".join(value.split()) if isinstance(value, str) else ""


def _impacts(q: Questionnaire, a: Assessment) -> list[Impact]:
    """Each characteristic whose negative impact (`roles.impact`) is answered and above the
    lowest level of its scale ("None"), in the questionnaire's order."""
    found = impact(q)
    if found is None or not section_asked(q, a, found[0]):
        return []
    grid, question = found
    scale = q.scale_for(question)
    options = q.options_for(question)
    lowest = options[-1].value if options else None
    if scale is not None:
        ranked = [(scale.rank(o.value), o.value) for o in options]
        ranked_known = [(r, v) for r, v in ranked if r is not None]
        if ranked_known:
            lowest = min(ranked_known)[1]
    out = []
    for characteristic in q.characteristics:
        level = a.row(grid.id, characteristic.id).get(question.id)
        if isinstance(level, str) and level and level != lowest:
            out.append(Impact(characteristic.label, q.label_of(question, level), level))
    return out


def _version(a: Assessment) -> str:
    versions = [str(e["version"]) for e in a.history if isinstance(e, dict) and "version" in e]
    return versions[-1] if versions else ""


def _time(value: Any) -> datetime | None:
    return value if isinstance(value, datetime) else None
