"""Reading one assessment and judging it: `eqia check` (the robustness check), `eqia rate`
(the suggested weighting) and `eqia validate` (well-formed, and how much is answered)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from eqia_tui.cli.commands import Handler
from eqia_tui.cli.output import FOUND_PROBLEMS, OK, one, print_json
from eqia_tui.cli.targets import load_target
from eqia_tui.core.checks import check, has_errors, summary
from eqia_tui.core.model.assessment import kept_aside, progress
from eqia_tui.core.rules.weighting import suggest


def check_command(home: Path, args: argparse.Namespace) -> int:
    loaded = load_target(home, args)
    findings = check(loaded.questionnaire, loaded.assessment, args.today)
    if args.json:
        print_json([f.as_dict() for f in findings], ascii_only=False)
    else:
        for finding in findings:
            print(one(finding.line()))
        print(summary(findings))
    return FOUND_PROBLEMS if has_errors(findings) else OK


def rate(home: Path, args: argparse.Namespace) -> int:
    loaded = load_target(home, args)
    q, a = loaded.questionnaire, loaded.assessment
    suggestion = suggest(q, a)
    if args.json:
        print_json(suggestion.as_dict())
        return OK
    if suggestion.suggested_rating is None:
        print(one(suggestion.reasons[0]))
        return OK
    weighting = q.weighting
    scale = q.scales[weighting.scale] if weighting else None
    level = scale.option(suggestion.suggested_rating) if scale else None
    judgement = q.resolve(weighting.judgement_question) if weighting else None
    judgement_label = (
        q.label_of(judgement[1], suggestion.suggested_judgement)
        if judgement and suggestion.suggested_judgement
        else "-"
    )
    basis = {
        "own weighting": "your own weighting",
        "suggested weighting": "the suggested weighting",
    }
    weighting_label = level.label if level else suggestion.suggested_rating
    print(f"Suggested weighting: {one(weighting_label)}")
    from_what = basis.get(suggestion.judgement_basis or "")
    print(
        f"Suggested judgement: {one(judgement_label)}"
        + (f" (from {from_what})" if from_what else "")
    )
    print("Why:")
    for reason in suggestion.reasons:
        print(f"  - {one(reason)}")
    if suggestion.judgement_reasons:
        print("Why this judgement:")
        for reason in suggestion.judgement_reasons:
            print(f"  - {one(reason)}")
    return OK


def validate(home: Path, args: argparse.Namespace) -> int:
    loaded = load_target(home, args)
    q, a = loaded.questionnaire, loaded.assessment
    notes = [*loaded.notes, *kept_aside(a, loaded.notes)]
    for note in notes:
        print(f"note: {one(note)}", file=sys.stderr)
    given = f"{progress(q, a)}% of required answers given"
    target, which = one(args.target), one(f"{q.id} {q.version}")
    if notes:
        count = len(notes)
        noun = "answer is" if count == 1 else "answers are"
        print(
            f"{target}: an assessment for {which} ({given}), but {count} {noun} "
            "set aside under [set_aside]: answer again where need be, then delete them there"
        )
        return FOUND_PROBLEMS
    print(f"{target}: a well-formed assessment for {which} ({given})")
    return OK


HANDLERS: dict[str, Handler] = {"check": check_command, "rate": rate, "validate": validate}
