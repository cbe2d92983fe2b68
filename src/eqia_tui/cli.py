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

    export = commands.add_parser(
        "export",
        help="write the assessment as toml or json (with the suggestion), md, html, "
        "docx (needs -o) or csv (the action plan)",
    )
    export.add_argument("target", metavar="ID|PATH")
    export.add_argument(
        "--format", choices=["toml", "json", "md", "html", "docx", "csv"], default="toml"
    )
    export.add_argument("-o", "--output", type=Path, metavar="OUT", help="file to write")
    export.add_argument("--force", action="store_true", help="overwrite OUT if it exists")

    _add_review_parsers(commands)
    _add_robustness_parsers(commands)

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
    from eqia_tui.exports import BINARY_FORMATS, export_document

    if args.format in BINARY_FORMATS and args.output is None:
        raise BadInput.one(
            f"--format {args.format}",
            "",
            f"writes a binary file, not text: give a file to write with -o, "
            f"such as -o assessment.{args.format}",
        )
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


# --- Version history, sign-off checks and reminders (issue 4) ----------------------------------


def _add_review_parsers(commands: Any) -> None:
    history = commands.add_parser("history", help="print the version history of an assessment")
    history.add_argument("target", metavar="ID|PATH")

    verify = commands.add_parser(
        "verify",
        help="check that the answers are unchanged since sign-off "
        "(exit 0 unchanged, 1 changed, 2 not signed or unreadable)",
    )
    verify.add_argument("target", metavar="ID|PATH")

    due = commands.add_parser(
        "due",
        help="list reviews and actions that are due or overdue (exit 1 when anything is overdue)",
    )
    due.add_argument(
        "--within",
        type=_days_argument,
        default=30,
        metavar="DAYS",
        help="also list reviews due in the next DAYS days (default: 30)",
    )
    due.add_argument("--today", type=_date_argument, metavar="YYYY-MM-DD", help=argparse.SUPPRESS)
    due.add_argument("--json", action="store_true", help="print JSON")


def _days_argument(text: str) -> int:
    try:
        days = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f'"{text}" is not a whole number of days') from None
    if days < 0:
        raise argparse.ArgumentTypeError("the number of days must be 0 or more")
    return days


def _date_argument(text: str) -> Any:
    from datetime import date

    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f'"{text}" is not a date; write it as YYYY-MM-DD, such as 2026-12-01'
        ) from None


def _cmd_history(home: Path, args: argparse.Namespace) -> int:
    from eqia_tui.history import versions

    loaded = _load_target(home, args.target)
    assessment = loaded.assessment
    rows = versions(assessment)
    if not rows:
        print(
            f"{assessment.title}: no versions recorded yet. "
            "Save a version in the app to start the history."
        )
        return OK
    table = [("Version", "Author", "Date", "Comment")] + [
        (v.version, v.author, v.date_text, v.comment) for v in rows
    ]
    widths = [max(len(row[i]) for row in table) for i in range(3)]
    print(f"{assessment.title}: version history")
    for row in table:
        cells = [cell.ljust(width) for cell, width in zip(row[:3], widths, strict=True)]
        print("  ".join([*cells, row[3]]).rstrip())
    return OK


def _cmd_verify(home: Path, args: argparse.Namespace) -> int:
    from eqia_tui.signing import verify

    loaded = _load_target(home, args.target)
    assessment = loaded.assessment
    result = verify(loaded.questionnaire, assessment)
    if not result.signed:
        raise BadInput.one(args.target, "", "is not signed off, so there is nothing to verify")
    if result.problem:
        raise BadInput.one(args.target, "", f"the sign-off cannot be checked: {result.problem}")
    if result.ok:
        print(f"{assessment.title}: unchanged since {result.signature_text()}.")
        return OK
    count = len(result.changes)
    noun = "answer" if count == 1 else "answers"
    print(f"{assessment.title}: {count} {noun} changed since {result.signature_text()}:")
    for change in result.changes:
        print(f"  {change.line()}")
    return FOUND_PROBLEMS


def _cmd_due(home: Path, args: argparse.Namespace) -> int:
    from datetime import date

    from eqia_tui.due import due_items

    _, store = _context(home)
    today = args.today or date.today()
    skipped: list[str] = []
    items = due_items(store, today, args.within, skipped=skipped)
    if skipped:
        noun = (
            "draft could not be read and was"
            if len(skipped) == 1
            else "drafts could not be read and were"
        )
        print(
            f"note: {len(skipped)} {noun} skipped: {', '.join(skipped)}. Run eqia list to see why.",
            file=sys.stderr,
        )
    overdue = sum(1 for item in items if item.overdue)
    if args.json:
        print(json.dumps([item.as_dict() for item in items], indent=2, ensure_ascii=False))
    elif not items:
        print(f"Nothing is overdue, and no review is due in the next {args.within} days.")
    else:
        width = max(len(item.assessment_id) for item in items)
        for item in items:
            status = "overdue" if item.overdue else "due"
            print(f"{status:<8} {item.assessment_id:<{width}}  {item.message}")
        soon = len(items) - overdue
        print(f"{overdue} overdue, {soon} due in the next {args.within} days.")
    return FOUND_PROBLEMS if overdue else OK


# --- The robustness check and the schema (issue 5) ---------------------------------------------


def _add_robustness_parsers(commands: Any) -> None:
    check = commands.add_parser(
        "check",
        help="challenge an assessment as an equality group would "
        "(exit 0 no errors, 1 errors found, 2 unreadable)",
    )
    check.add_argument("target", metavar="ID|PATH")
    check.add_argument("--json", action="store_true", help="print JSON")
    check.add_argument("--today", type=_date_argument, metavar="YYYY-MM-DD", help=argparse.SUPPRESS)

    schema = commands.add_parser(
        "schema", help="write the JSON Schema of the assessment file, for editors"
    )
    schema.add_argument(
        "--questionnaire", metavar="ID|PATH", default="kcc-eqia", help="default: kcc-eqia"
    )
    schema.add_argument("-o", "--output", type=Path, metavar="OUT", help="file to write")
    schema.add_argument("--force", action="store_true", help="overwrite OUT if it exists")


def _cmd_check(home: Path, args: argparse.Namespace) -> int:
    from eqia_tui.checks import check, has_errors, summary

    loaded = _load_target(home, args.target)
    findings = check(loaded.questionnaire, loaded.assessment, args.today)
    if args.json:
        print(json.dumps([f.as_dict() for f in findings], indent=2, ensure_ascii=False))
    else:
        for finding in findings:
            print(finding.line())
        print(summary(findings))
    return FOUND_PROBLEMS if has_errors(findings) else OK


def _cmd_schema(home: Path, args: argparse.Namespace) -> int:
    from eqia_tui.schema import schema_text

    registry, _ = _context(home)
    questionnaire = registry.choose(args.questionnaire)
    return _write_output(schema_text(questionnaire), args.output, args.force)


_HANDLERS: dict[str, Callable[[Path, argparse.Namespace], int]] = {
    "check": _cmd_check,
    "schema": _cmd_schema,
    "history": _cmd_history,
    "verify": _cmd_verify,
    "due": _cmd_due,
    "list": _cmd_list,
    "rate": _cmd_rate,
    "validate": _cmd_validate,
    "export": _cmd_export,
    "questionnaires": _cmd_questionnaires,
    "questionnaire": _cmd_questionnaire,
}


if __name__ == "__main__":
    raise SystemExit(main())
