"""Questionnaires: `eqia questionnaires` (those found) and `eqia questionnaire check` (every
problem in a questionnaire file)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from eqia_tui.cli.commands import Handler
from eqia_tui.cli.output import OK, one, print_json
from eqia_tui.core.model.questionnaire import load_questionnaire_file, missing_roles
from eqia_tui.core.storage.registry import Registry


def list_questionnaires(home: Path, args: argparse.Namespace) -> int:
    entries = Registry(home).entries()
    if args.json:
        print_json(
            [
                {"id": e.id, "version": e.version, "title": e.title, "source": e.source}
                if not e.error
                else {"source": e.source, "error": e.error}
                for e in entries
            ]
        )
        return OK
    for e in entries:
        if e.error:
            print(f"broken: {one(e.error)}")
        else:
            where = "built in" if e.builtin else e.source
            print(f"{one(e.id):<24} {one(e.version):<8} {one(e.title)}  ({one(where)})")
    return OK


def check_questionnaire(home: Path, args: argparse.Namespace) -> int:
    questionnaire = load_questionnaire_file(args.path)
    grid = sum(len(s.questions) for s in questionnaire.grids())
    questions = sum(len(s.questions) for s in questionnaire.sections)
    print(
        one(
            f"{args.path}: valid questionnaire {questionnaire.id} {questionnaire.version}: "
            f"{len(questionnaire.sections)} sections and {questions} questions, {grid} of them "
            f"asked for each of {len(questionnaire.characteristics)} characteristics"
        )
    )
    for key, lost in missing_roles(questionnaire):
        print(one(f"note: {args.path}: {key}: not given, so {lost}"), file=sys.stderr)
    return OK


HANDLERS: dict[str, Handler] = {
    "questionnaires": list_questionnaires,
    "questionnaire": check_questionnaire,
}
