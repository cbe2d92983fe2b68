"""The `eqia` command. Exit codes: 0 success, 1 ran and found problems, 2 bad input or usage."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from eqia_tui import __version__, locations
from eqia_tui.problems import BadInput

OK, FOUND_PROBLEMS, BAD_INPUT = 0, 1, 2


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one plain line and exit 2."""

    def error(self, message: str) -> Any:
        self.print_usage(sys.stderr)
        sys.stderr.write(f"eqia: {message}\n")
        raise SystemExit(BAD_INPUT)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="eqia",
        description="Equality Impact Assessments in the terminal. "
        "Run without a command to open the app.",
    )
    parser.add_argument("--version", action="version", version=f"eqia {__version__}")
    parser.add_argument(
        "--home",
        type=Path,
        metavar="DIR",
        help="folder for drafts (default: $EQIA_HOME, else your user data folder)",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    new = commands.add_parser("new", help="start a new assessment in the app")
    new.add_argument("--title", default="", help="name of the policy, service or project")
    new.add_argument("--id", dest="assessment_id", help="file id (default: made from the title)")
    new.add_argument("--questionnaire", metavar="ID|PATH", help="questionnaire id or file")

    open_ = commands.add_parser("open", help="resume a draft in the app")
    open_.add_argument("target", metavar="ID|PATH")

    list_ = commands.add_parser("list", help="list the drafts")
    list_.add_argument("--json", action="store_true", help="print JSON")

    rate = commands.add_parser("rate", help="show the suggested weighting and judgement")
    rate.add_argument("target", metavar="ID|PATH")
    rate.add_argument("--json", action="store_true", help="print JSON")

    validate = commands.add_parser("validate", help="check that a file is a well-formed assessment")
    validate.add_argument("target", metavar="ID|PATH")

    export = commands.add_parser("export", help="write the answers with the suggestion")
    export.add_argument("target", metavar="ID|PATH")
    export.add_argument("--format", choices=["toml", "json"], default="toml")
    export.add_argument("-o", "--output", type=Path, metavar="OUT", help="file to write")
    export.add_argument("--force", action="store_true", help="overwrite OUT if it exists")

    questionnaires = commands.add_parser("questionnaires", help="list the questionnaires found")
    questionnaires.add_argument("--json", action="store_true", help="print JSON")

    questionnaire = commands.add_parser("questionnaire", help="work with questionnaire files")
    q_commands = questionnaire.add_subparsers(
        dest="questionnaire_command", metavar="COMMAND", parser_class=_Parser, required=True
    )
    check = q_commands.add_parser("check", help="report every problem in a questionnaire file")
    check.add_argument("path", type=Path)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    home = locations.home(args.home)
    handler = _HANDLERS.get(args.command or "")
    try:
        if handler is None:
            return _run_app(home, args)
        return handler(home, args)
    except BadInput as error:
        for problem in error.problems:
            print(problem.line(), file=sys.stderr)
        return BAD_INPUT
    except KeyboardInterrupt:
        return 130


def _context(home: Path) -> tuple[Any, Any]:
    from eqia_tui.registry import Registry
    from eqia_tui.store import Store

    registry = Registry()
    return registry, Store(home, registry)


def _load_target(home: Path, target: str) -> Any:
    """ID|PATH: an existing file, else a draft id in the store."""
    from eqia_tui.store import load_file

    registry, store = _context(home)
    path = Path(target)
    if path.is_file() or target.endswith(".toml") or "/" in target:
        return load_file(path, registry)
    return store.load(target)


def _run_app(home: Path, args: argparse.Namespace) -> int:
    from eqia_tui.app import run

    return run(home, args)


def _cmd_list(home: Path, args: argparse.Namespace) -> int:
    _, store = _context(home)
    summaries = store.summaries()
    if args.json:
        rows = [
            {
                "id": s.id,
                "title": s.title,
                "questionnaire": s.questionnaire,
                "updated": s.updated.isoformat() if s.updated else None,
                "progress": s.progress,
                "suggested_rating": s.suggested_rating,
                **({"error": s.error} if s.error else {}),
            }
            for s in summaries
        ]
        print(json.dumps(rows, indent=2))
        return OK
    if not summaries:
        print(f'No drafts in {store.drafts}. Start one with: eqia new --title "..."')
        return OK
    for s in summaries:
        if s.error:
            print(f"{s.id:<32} cannot be read: {s.error}")
            continue
        updated = s.updated.strftime("%d/%m/%Y %H:%M") if s.updated else ""
        rating = s.suggested_rating or "-"
        print(
            f"{s.id:<32} {s.title[:36]:<36} {s.questionnaire:<20} {updated:<16} "
            f"{s.progress:>3}%  suggested {rating}"
        )
    return OK


def _cmd_rate(home: Path, args: argparse.Namespace) -> int:
    from eqia_tui.weighting import suggest

    loaded = _load_target(home, args.target)
    q, a = loaded.questionnaire, loaded.assessment
    suggestion = suggest(q, a)
    if args.json:
        print(json.dumps(suggestion.as_dict(), indent=2))
        return OK
    if suggestion.suggested_rating is None:
        print(suggestion.reasons[0])
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
    print(f"Suggested weighting: {level.label if level else suggestion.suggested_rating}")
    print(f"Suggested judgement: {judgement_label}")
    print("Why:")
    for reason in suggestion.reasons:
        print(f"  - {reason}")
    return OK


def _cmd_validate(home: Path, args: argparse.Namespace) -> int:
    from eqia_tui.assessment import progress

    loaded = _load_target(home, args.target)
    q, a = loaded.questionnaire, loaded.assessment
    for note in loaded.notes:
        print(f"note: {note}")
    print(
        f"{args.target}: a well-formed assessment for {q.id} {q.version} "
        f"({progress(q, a)}% of required answers given)"
    )
    return OK


def _cmd_export(home: Path, args: argparse.Namespace) -> int:
    from eqia_tui.exports import export_document

    loaded = _load_target(home, args.target)
    text = export_document(loaded.questionnaire, loaded.assessment, args.format)
    return _write_output(text, args.output, args.force)


def _write_output(content: str | bytes, output: Path | None, force: bool) -> int:
    from eqia_tui.files import atomic_write

    if output is None:
        if isinstance(content, bytes):
            sys.stdout.buffer.write(content)
        else:
            sys.stdout.write(content)
        return OK
    if output.exists() and not force:
        raise BadInput.one(output, "", "already exists; add --force to overwrite it")
    if output.is_dir():
        raise BadInput.one(output, "", "is a folder; give a file name")
    atomic_write(output, content)
    print(f"Wrote {output}", file=sys.stderr)
    return OK


def _cmd_questionnaires(home: Path, args: argparse.Namespace) -> int:
    registry, _ = _context(home)
    entries = registry.entries()
    if args.json:
        print(
            json.dumps(
                [
                    {"id": e.id, "version": e.version, "title": e.title, "source": e.source}
                    if not e.error
                    else {"source": e.source, "error": e.error}
                    for e in entries
                ],
                indent=2,
            )
        )
        return OK
    for e in entries:
        if e.error:
            print(f"cannot be read: {e.error}")
        else:
            where = "built in" if e.builtin else e.source
            print(f"{e.id:<24} {e.version:<8} {e.title}  ({where})")
    return OK


def _cmd_questionnaire(home: Path, args: argparse.Namespace) -> int:
    from eqia_tui.questionnaire import load_questionnaire_file

    questionnaire = load_questionnaire_file(args.path)
    grid = sum(len(s.questions) for s in questionnaire.grids())
    questions = sum(len(s.questions) for s in questionnaire.sections)
    print(
        f"{args.path}: valid questionnaire {questionnaire.id} {questionnaire.version}: "
        f"{len(questionnaire.sections)} sections, {questions} questions "
        f"({grid} asked for each of {len(questionnaire.characteristics)} characteristics)"
    )
    return OK


_HANDLERS: dict[str, Callable[[Path, argparse.Namespace], int]] = {
    "list": _cmd_list,
    "rate": _cmd_rate,
    "validate": _cmd_validate,
    "export": _cmd_export,
    "questionnaires": _cmd_questionnaires,
    "questionnaire": _cmd_questionnaire,
}


if __name__ == "__main__":
    raise SystemExit(main())
