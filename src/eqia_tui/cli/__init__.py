"""The `eqia` command. Exit codes: 0 success, 1 ran and found problems, 2 bad input or usage,
3 a bug (the details go to a crash log)."""

from __future__ import annotations

import argparse
import ast
import contextlib
import json
import os
import re
import shlex
import sys
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path
from typing import IO, Any, TextIO, cast

from eqia_tui import __version__
from eqia_tui.core.disk import locations
from eqia_tui.core.text.problems import BadInput

OK, FOUND_PROBLEMS, BAD_INPUT = 0, 1, 2
CLOSED_PIPE = 141
"""What a shell reports for a command stopped by a closed pipe (128 + SIGPIPE), as for
`eqia check X | head -1`: nothing more is printed."""

EXIT_CODES = """exit codes:
  0    success
  1    the command ran and found problems (validate, check, verify, due)
  2    bad input or usage: one line for each problem, naming the file, the key and
       what is allowed; the file is never changed
  3    eqia failed; this is a bug: one line names the crash log that has the details
  141  the output went to a pipe that closed early, as in: eqia check X | head -1"""

TARGET = "ID|PATH"
TARGET_HELP = "a draft's id, or the path of an assessment file"


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one plain line and exit 2, with the usage of the
    command it is about."""

    subcommands: dict[str, _Parser]
    subcommand_dest = ""

    def error(self, message: str) -> Any:
        self.print_usage(sys.stderr)
        sys.stderr.write(f"eqia: {_plain_usage(message)}\n")
        raise SystemExit(BAD_INPUT)

    def parse_args(  # type: ignore[override]
        self, args: Sequence[str] | None = None, namespace: argparse.Namespace | None = None
    ) -> argparse.Namespace:
        argv = list(sys.argv[1:] if args is None else args)
        misplaced = self._misplaced_option(argv)
        if misplaced:
            self.error(misplaced)
        parsed, extras = self.parse_known_args(argv, namespace)
        if extras:
            # Report them with the usage of the command they were given to.
            parser: _Parser = self
            while getattr(parser, "subcommands", None) and getattr(
                parsed, parser.subcommand_dest, None
            ):
                parser = parser.subcommands[getattr(parsed, parser.subcommand_dest)]
            parser.error(f"unrecognized arguments: {' '.join(extras)}")
        return parsed

    def _misplaced_option(self, argv: list[str]) -> str:
        """An option of a command given before the command, such as
        `eqia --questionnaire q.toml new`: say where it goes."""
        commands = getattr(self, "subcommands", {})
        index = 0
        while index < len(argv):
            token = argv[index]
            if token == "--" or token in commands:
                return ""
            name = token.split("=", 1)[0]
            own = self._option_string_actions.get(name)
            if own is not None:
                index += 1 if own.nargs == 0 or "=" in token else 2
                continue
            owners = [c for c, sub in commands.items() if name in sub._option_string_actions]
            if token.startswith("-") and owners:
                later = next((t for t in argv[index + 1 :] if t in commands), "")
                command = later if later in owners else owners[0]
                action = commands[command]._option_string_actions[name]
                width = 1 if action.nargs == 0 or "=" in token else 2
                moved = argv[index : index + width]
                rest = argv[:index] + argv[index + width :]
                at = rest.index(command) + 1 if command in rest else len(rest)
                if command not in rest:
                    rest.append(command)
                    at = len(rest)
                fixed = shlex.join(["eqia", *rest[:at], *moved, *rest[at:]])
                return f"{name} goes after the command, as in: {fixed}"
            index += 1
        return ""


_INVALID_CHOICE = re.compile(
    r"^argument (?P<arg>[^:]+): invalid choice: (?P<value>.+) \(choose from (?P<choices>.+)\)$"
)


def _plain_usage(message: str) -> str:
    """argparse's words without Python quoting: "frobnicate" is not a command; ..."""
    match = _INVALID_CHOICE.match(message)
    if match is None:
        return message
    value = _unquoted(match["value"])
    choices = ", ".join(_unquoted(c) for c in match["choices"].split(", "))
    if match["arg"] == "COMMAND":
        return f'"{value}" is not a command; the commands are: {choices}'
    return f'argument {match["arg"]}: "{value}" is not allowed; choose from {choices}'


def _unquoted(text: str) -> str:
    try:
        value = ast.literal_eval(text)
    except (ValueError, SyntaxError):
        return text
    return value if isinstance(value, str) else text


def _command(
    commands: Any, name: str, summary: str, description: str, **kwargs: Any
) -> argparse.ArgumentParser:
    """A command: `summary` is its line in `eqia --help`, `description` starts its own help."""
    parser: argparse.ArgumentParser = commands.add_parser(
        name, help=summary, description=description, **kwargs
    )
    return parser


def _target(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("target", metavar=TARGET, help=TARGET_HELP)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="eqia",
        description="Equality Impact Assessments in the terminal. "
        "Run without a command to open the app.",
        epilog=EXIT_CODES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"eqia {__version__}")
    parser.add_argument(
        "--home",
        type=Path,
        metavar="DIR",
        help="the folder that holds the drafts (default: $EQIA_HOME, else your user data "
        "folder); give it before the command",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    new = _command(
        commands,
        "new",
        "start a new assessment in the app",
        "Start a new assessment and open it in the app.",
    )
    new.add_argument("--title", default="", help="the name of the policy, service or project")
    new.add_argument(
        "--id",
        dest="assessment_id",
        metavar="ID",
        help="the new draft's id, which is also its file name: 1 to 64 lower-case letters, "
        "digits and hyphens (default: made from the title)",
    )
    new.add_argument(
        "--questionnaire",
        metavar="ID|PATH",
        help="the questionnaire to answer: an installed questionnaire's id, or the path of a "
        "questionnaire file (default: kcc-eqia)",
    )

    open_ = _command(
        commands, "open", "resume a draft in the app", "Open an assessment in the app."
    )
    _target(open_)

    list_ = _command(
        commands,
        "list",
        "list the drafts",
        "List the drafts, newest first, with their progress and suggested weighting.",
    )
    list_.add_argument("--json", action="store_true", help="print JSON")

    rate = _command(
        commands,
        "rate",
        "show the suggested weighting and judgement",
        "Show the weighting and judgement the answers suggest, and why.",
    )
    _target(rate)
    rate.add_argument("--json", action="store_true", help="print JSON")

    validate = _command(
        commands,
        "validate",
        "check that a file is a well-formed assessment",
        "Check that a file is a well-formed assessment, and say how much of it is answered. "
        "Exits 1 when answers are set aside because the questionnaire changed.",
    )
    _target(validate)

    export = _command(
        commands,
        "export",
        "write the assessment as toml, json, md, html, docx or csv",
        "Write the assessment in another format: to read, to print or for other tools.",
    )
    _target(export)
    export.add_argument(
        "--format",
        choices=["toml", "json", "md", "html", "docx", "csv"],
        default="toml",
        help="toml (the default) or json: the answers with the suggestion; md or html: to "
        "read; docx: a Word document (needs -o); csv: the action plan",
    )
    export.add_argument(
        "-o",
        "--output",
        type=Path,
        metavar="OUT",
        help="the file to write (default: standard output)",
    )
    export.add_argument("--force", action="store_true", help="replace OUT if it exists")

    _add_review_parsers(commands)
    _add_robustness_parsers(commands)
    _add_recovery_parsers(commands)

    questionnaires = _command(
        commands,
        "questionnaires",
        "list the questionnaires found",
        "List the questionnaires found: built in, and in your settings folder.",
    )
    questionnaires.add_argument("--json", action="store_true", help="print JSON")

    questionnaire = cast(
        _Parser,
        _command(
            commands,
            "questionnaire",
            "work with questionnaire files",
            "Work with questionnaire files.",
        ),
    )
    q_commands = questionnaire.add_subparsers(
        dest="questionnaire_command", metavar="COMMAND", parser_class=_Parser, required=True
    )
    check = _command(
        q_commands,
        "check",
        "report every problem in a questionnaire file",
        "Check a questionnaire file and report every problem in it, one line each.",
    )
    check.add_argument("path", type=Path, metavar="PATH", help="the questionnaire file")
    parser.subcommands = commands.choices
    parser.subcommand_dest = "command"
    questionnaire.subcommands = q_commands.choices
    questionnaire.subcommand_dest = "questionnaire_command"
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    # Text from a file may hold escape sequences: nothing reaches the terminal raw.
    stderr = sys.stderr
    sys.stderr = cast(TextIO, _Shown(stderr))
    try:
        return _main(argv)
    except Exception as error:  # the last resort: a bug, told in one line, never a traceback
        from eqia_tui.core.disk import crash

        log = crash.record(error)
        _flush_or_silence(sys.stdout)
        with contextlib.suppress(OSError):
            print(crash.message(log), file=sys.stderr)
        return crash.CRASHED
    finally:
        sys.stderr = stderr


def _main(argv: Sequence[str] | None) -> int:
    try:
        args = build_parser().parse_args(argv)
    except SystemExit:
        _flush_or_silence(sys.stdout)  # --help into a closed pipe
        raise
    handler = _HANDLERS.get(args.command or "")
    stdout = sys.stdout
    try:
        home = _home(args)
        if handler is None:
            return _run_app(home, args)
        sys.stdout = cast(TextIO, _Guarded(cast(IO[Any], _Shown(stdout, data=_prints_data(args)))))
        try:
            code = handler(home, args)
            sys.stdout.flush()
        finally:
            sys.stdout = stdout
        return code
    except BadInput as error:
        for problem in error.problems:
            print(problem.line(), file=sys.stderr)
        return BAD_INPUT
    except _OutputFailed as failed:
        return _output_failed(stdout, failed.error)
    except KeyboardInterrupt:
        return 130


def _prints_data(args: argparse.Namespace) -> bool:
    """Whether the command prints JSON or TOML for programs, rather than lines to read."""
    if args.command == "export":
        return bool(args.format in ("json", "toml"))
    return args.command == "schema" or bool(getattr(args, "json", False))


# --- Writing to standard output --------------------------------------------------------------


class _OutputFailed(Exception):
    """Standard output could not be written: a closed pipe, a full disk."""

    def __init__(self, error: OSError) -> None:
        super().__init__(str(error))
        self.error = error


class _Shown:
    """A text stream that shows, rather than passes on, what a terminal would act on.

    Lines to read get `safe_text.shown`: an escape sequence is printed as ␛[2J, not obeyed.
    JSON and TOML for programs (`data`) get `safe_text.escaped`: the same characters written
    as \\uXXXX inside their strings, so a program reads back exactly the text stored.
    """

    def __init__(self, stream: IO[Any], data: bool = False) -> None:
        from eqia_tui.core.text.safe_text import escaped, shown

        self._stream = stream
        self._clean: Callable[[str], str] = escaped if data else partial(shown, lines=True)

    def write(self, data: Any) -> int:
        if isinstance(data, str):
            self._stream.write(self._clean(data))
            return len(data)
        return self._stream.write(data)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


class _Guarded:
    """Standard output, with a failed write raised as `_OutputFailed`."""

    def __init__(self, stream: IO[Any]) -> None:
        self._stream = stream

    def write(self, data: Any) -> int:
        try:
            return self._stream.write(data)
        except OSError as error:
            raise _OutputFailed(error) from error

    def flush(self) -> None:
        try:
            self._stream.flush()
        except OSError as error:
            raise _OutputFailed(error) from error

    @property
    def buffer(self) -> _Guarded:
        return _Guarded(self._stream.buffer)  # type: ignore[attr-defined]

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


def _output_failed(stdout: IO[Any], error: OSError) -> int:
    """A closed pipe ends quietly, as it does for other commands; anything else is one line."""
    _silence(stdout)
    if isinstance(error, BrokenPipeError):
        return CLOSED_PIPE
    from eqia_tui.core.disk.files import reason

    print(f"eqia: the output cannot be written: {reason(error)}", file=sys.stderr)
    return BAD_INPUT


def _flush_or_silence(stream: IO[Any]) -> None:
    try:
        stream.flush()
    except OSError:
        _silence(stream)


def _silence(stream: IO[Any]) -> None:
    """Send what is left to the null device, so exiting does not try to write it again."""
    try:
        fd = stream.fileno()
    except (OSError, ValueError):
        return  # not a file (captured in tests): nothing is written at exit
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, fd)
    finally:
        os.close(devnull)


# --- The data folder ---------------------------------------------------------------------------


def _home(args: argparse.Namespace) -> Path:
    """The data folder. A file is never one; a missing --home is made for the app only."""
    home = locations.home(args.home)
    if home.exists() and not home.is_dir():
        given = (
            "--home"
            if args.home is not None
            else "EQIA_HOME"
            if os.environ.get("EQIA_HOME")
            else "the data folder"
        )
        raise BadInput.one(home, "", f"is a file, not a folder: {given} must be a folder")
    if args.home is not None and not home.exists() and args.command in ("new", None):
        try:
            home.mkdir(parents=True)
        except OSError as error:
            from eqia_tui.core.disk.files import reason

            raise BadInput.one(home, "", f"the folder cannot be made: {reason(error)}") from None
    return home


def _require_home(home: Path, args: argparse.Namespace) -> None:
    """A folder given with --home must exist for a command that only reads it."""
    if args.home is not None and not home.is_dir():
        raise BadInput.one(home, "", "no such folder: check the folder given to --home")


def _context(home: Path) -> tuple[Any, Any]:
    from eqia_tui.core.storage.registry import Registry
    from eqia_tui.core.storage.store import Store

    registry = Registry(home)
    return registry, Store(home, registry)


def _is_draft_id(target: str) -> bool:
    """Whether ID|PATH names a draft: it is not a file, and does not look like a path."""
    path = Path(target)
    return not (path.exists() or target.endswith(".toml") or "/" in target or os.sep in target)


def _load_target(home: Path, args: argparse.Namespace) -> Any:
    """ID|PATH: an existing file, else a draft id in the store."""
    from eqia_tui.core.model.assessment import SLUG_RULE, is_slug
    from eqia_tui.core.storage.store import load_file

    target: str = args.target
    registry, store = _context(home)
    path = Path(target)
    if path.is_file() or target.endswith(".toml") or "/" in target or os.sep in target:
        return load_file(path, registry)
    if is_slug(target) and store.path_for(target).exists():
        return store.load(target)
    if path.is_dir():
        raise BadInput.one(target, "", "is a folder, not an assessment file")
    if path.exists():
        return load_file(path, registry)  # a pipe or a device: refused with the reason
    if not is_slug(target):
        raise BadInput.one(target, "", f"no such file, and not a valid draft id: {SLUG_RULE}")
    _require_home(home, args)
    return store.load(target)


def _run_app(home: Path, args: argparse.Namespace) -> int:
    if args.command == "open" and _is_draft_id(args.target):
        _require_home(home, args)
    from eqia_tui.tui.app import run

    return run(home, args)


def _cmd_list(home: Path, args: argparse.Namespace) -> int:
    _require_home(home, args)
    _, store = _context(home)
    summaries = store.summaries()
    _note_leftovers(store.drafts)
    if args.json:
        rows = [
            {
                "id": s.id,
                "title": s.title,
                "questionnaire": s.questionnaire,
                "updated": s.updated.isoformat() if s.updated else None,
                "progress": s.progress,
                "suggested_rating": s.suggested_rating,
                "suggestion_complete": s.suggestion_complete,
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
            print(f"{_one(s.id):<32} broken: {_one(s.error)}")
            continue
        updated = s.updated.strftime("%d/%m/%Y %H:%M") if s.updated else ""
        rating = s.suggested_rating or "-"
        if not s.suggestion_started:
            rating = "not yet: nothing screened"
        elif not s.suggestion_complete:
            rating += " so far"
        print(
            f"{s.id:<32} {_one(s.title)[:36]:<36} {_one(s.questionnaire):<20} {updated:<16} "
            f"{s.progress:>3}%  suggested {_one(rating)}"
        )
    return OK


def _one(text: str) -> str:
    """Text from a file, on one line and safe to print (see `safe_text.shown`)."""
    from eqia_tui.core.text.safe_text import shown

    return shown(text)


def _cmd_rate(home: Path, args: argparse.Namespace) -> int:
    from eqia_tui.core.rules.weighting import suggest

    loaded = _load_target(home, args)
    q, a = loaded.questionnaire, loaded.assessment
    suggestion = suggest(q, a)
    if args.json:
        print(json.dumps(suggestion.as_dict(), indent=2))
        return OK
    if suggestion.suggested_rating is None:
        print(_one(suggestion.reasons[0]))
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
    print(f"Suggested weighting: {_one(weighting_label)}")
    from_what = basis.get(suggestion.judgement_basis or "")
    print(
        f"Suggested judgement: {_one(judgement_label)}"
        + (f" (from {from_what})" if from_what else "")
    )
    print("Why:")
    for reason in suggestion.reasons:
        print(f"  - {_one(reason)}")
    if suggestion.judgement_reasons:
        print("Why this judgement:")
        for reason in suggestion.judgement_reasons:
            print(f"  - {_one(reason)}")
    return OK


def _cmd_validate(home: Path, args: argparse.Namespace) -> int:
    from eqia_tui.core.model.assessment import kept_aside, progress

    loaded = _load_target(home, args)
    q, a = loaded.questionnaire, loaded.assessment
    notes = [*loaded.notes, *kept_aside(a, loaded.notes)]
    for note in notes:
        print(f"note: {_one(note)}", file=sys.stderr)
    given = f"{progress(q, a)}% of required answers given"
    target, which = _one(args.target), _one(f"{q.id} {q.version}")
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


def _cmd_export(home: Path, args: argparse.Namespace) -> int:
    from eqia_tui.exports import BINARY_FORMATS, export_document

    if args.format in BINARY_FORMATS and args.output is None:
        raise BadInput.one(
            f"--format {args.format}",
            "",
            f"writes a binary file, not text: give a file to write with -o, "
            f"such as -o assessment.{args.format}",
        )
    loaded = _load_target(home, args)
    text = export_document(loaded.questionnaire, loaded.assessment, args.format)
    return _write_output(text, args.output, args.force)


def _write_output(content: str | bytes, output: Path | None, force: bool) -> int:
    from eqia_tui.core.disk.files import atomic_write, reason

    if output is None:
        if isinstance(content, bytes):
            sys.stdout.buffer.write(content)
        else:
            sys.stdout.write(content)
        return OK
    # A link is written through to the file it points at; check that file's folder.
    real = Path(os.path.realpath(output)) if output.is_symlink() else output
    folder = real.parent
    if output.exists() and not force:
        raise BadInput.one(output, "", "already exists; add --force to replace it")
    if output.is_dir():
        raise BadInput.one(output, "", "is a folder; give a file name")
    if output.exists() and not real.is_file():
        raise BadInput.one(
            output, "", "is not a regular file; leave out -o to write to standard output"
        )
    if not folder.exists():
        raise BadInput.one(
            output, "", f"the folder {folder} does not exist; make it first, or write elsewhere"
        )
    if not folder.is_dir():
        raise BadInput.one(output, "", f"{folder} is a file, not a folder")
    try:
        atomic_write(output, content)
    except OSError as error:
        raise BadInput.one(output, "", f"cannot be written: {reason(error)}") from None
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
            print(f"broken: {_one(e.error)}")
        else:
            where = "built in" if e.builtin else e.source
            print(f"{_one(e.id):<24} {_one(e.version):<8} {_one(e.title)}  ({_one(where)})")
    return OK


def _cmd_questionnaire(home: Path, args: argparse.Namespace) -> int:
    from eqia_tui.core.model.questionnaire import load_questionnaire_file, missing_roles

    questionnaire = load_questionnaire_file(args.path)
    grid = sum(len(s.questions) for s in questionnaire.grids())
    questions = sum(len(s.questions) for s in questionnaire.sections)
    print(
        _one(
            f"{args.path}: valid questionnaire {questionnaire.id} {questionnaire.version}: "
            f"{len(questionnaire.sections)} sections, {questions} questions "
            f"({grid} asked for each of {len(questionnaire.characteristics)} characteristics)"
        )
    )
    for key, lost in missing_roles(questionnaire):
        print(_one(f"note: {args.path}: {key}: not given, so {lost}"), file=sys.stderr)
    return OK


# --- Version history, sign-off checks and reminders (issue 4) ----------------------------------


def _add_review_parsers(commands: Any) -> None:
    history = _command(
        commands,
        "history",
        "print the version history of an assessment",
        "Print the version history of an assessment: version, author, date and comment.",
    )
    _target(history)

    verify = _command(
        commands,
        "verify",
        "check that the answers are unchanged since sign-off",
        "Check that the answers are unchanged since sign-off, and name each one that changed. "
        "Lists the errors waived at sign-off. Exits 0 when unchanged, 1 when changed, 2 when "
        "not signed off or unreadable. Whether it still passes the checks: see eqia check.",
    )
    _target(verify)

    due = _command(
        commands,
        "due",
        "list reviews and actions that are due or overdue",
        "List the reviews and actions that are due or overdue, across every draft. "
        "Exits 1 when anything is overdue, so it suits a daily cron job. A draft that "
        "cannot be read is named on standard error and does not change the exit code.",
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
    from eqia_tui.core.review.history import versions

    loaded = _load_target(home, args)
    assessment = loaded.assessment
    rows = versions(assessment)
    if not rows:
        print(
            f"{_one(assessment.title)}: no versions recorded yet. "
            "Save a version in the app to start the history."
        )
        return OK
    table = [("Version", "Author", "Date", "Comment")] + [
        (_one(v.version), _one(v.author), v.date_text, _one(v.comment)) for v in rows
    ]
    widths = [max(len(row[i]) for row in table) for i in range(3)]
    print(f"{_one(assessment.title)}: version history")
    for row in table:
        cells = [cell.ljust(width) for cell, width in zip(row[:3], widths, strict=True)]
        print("  ".join([*cells, row[3]]).rstrip())
    return OK


def _cmd_verify(home: Path, args: argparse.Namespace) -> int:
    from eqia_tui.core.review.fingerprint import FINGERPRINT_NOTE, verify

    loaded = _load_target(home, args)
    assessment = loaded.assessment
    result = verify(loaded.questionnaire, assessment)
    if not result.signed:
        raise BadInput.one(args.target, "", "is not signed off, so there is nothing to verify")
    if result.problem:
        raise BadInput.one(args.target, "", f"the sign-off cannot be checked: {result.problem}")
    # Verify answers "unchanged since sign-off?" only; `eqia check` says whether the
    # assessment still passes today (a review date may have passed since).
    title, signature = _one(assessment.title), _one(result.signature_text())
    if result.ok:
        print(f"{title}: unchanged since {signature}.")
    else:
        print(f"{title}: {result.what_changed()} changed since {signature}:")
        for change in result.changes:
            print(f"  {_one(change.line())}")
    for line in result.waiver_lines():
        print(_one(line))
    # A fingerprint, not a signature: say so, so that nobody reads it as proof of who signed.
    print(FINGERPRINT_NOTE, file=sys.stderr)
    return OK if result.ok else FOUND_PROBLEMS


def _cmd_due(home: Path, args: argparse.Namespace) -> int:
    from datetime import date

    from eqia_tui.core.storage.store import due_items

    _require_home(home, args)
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
            f"note: {len(skipped)} {noun} skipped: {_one(', '.join(skipped))}. "
            "Run eqia list to see why.",
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
            print(f"{status:<8} {item.assessment_id:<{width}}  {_one(item.message)}")
        soon = len(items) - overdue
        print(f"{overdue} overdue, {soon} due in the next {args.within} days.")
    return FOUND_PROBLEMS if overdue else OK


# --- The robustness check and the schema (issue 5) ---------------------------------------------


def _add_robustness_parsers(commands: Any) -> None:
    check = _command(
        commands,
        "check",
        "challenge an assessment as an equality group would",
        "Challenge an assessment as a reviewer or an equality group would, and list the gaps. "
        "Exits 1 when it finds errors.",
    )
    _target(check)
    check.add_argument("--json", action="store_true", help="print JSON")
    check.add_argument("--today", type=_date_argument, metavar="YYYY-MM-DD", help=argparse.SUPPRESS)

    schema = _command(
        commands,
        "schema",
        "write the JSON Schema of the assessment file, for editors",
        "Write the JSON Schema of the assessment file, so that an editor can check a file "
        "as you type.",
    )
    schema.add_argument(
        "--questionnaire",
        metavar="ID|PATH",
        default="kcc-eqia",
        help="an installed questionnaire's id, or the path of a questionnaire file "
        "(default: kcc-eqia)",
    )
    schema.add_argument(
        "-o",
        "--output",
        type=Path,
        metavar="OUT",
        help="the file to write (default: standard output)",
    )
    schema.add_argument("--force", action="store_true", help="replace OUT if it exists")


def _cmd_check(home: Path, args: argparse.Namespace) -> int:
    from eqia_tui.core.checks import check, has_errors, summary

    loaded = _load_target(home, args)
    findings = check(loaded.questionnaire, loaded.assessment, args.today)
    if args.json:
        print(json.dumps([f.as_dict() for f in findings], indent=2, ensure_ascii=False))
    else:
        for finding in findings:
            print(_one(finding.line()))
        print(summary(findings))
    return FOUND_PROBLEMS if has_errors(findings) else OK


def _cmd_schema(home: Path, args: argparse.Namespace) -> int:
    from eqia_tui.core.storage.schema import schema_text

    registry, _ = _context(home)
    questionnaire = registry.choose(args.questionnaire)
    return _write_output(schema_text(questionnaire), args.output, args.force)


# --- Recovery copies and files left by a save cut short (issue 9) --------------------------------


def _add_recovery_parsers(commands: Any) -> None:
    restore = _command(
        commands,
        "restore",
        "list a draft's recovery copies, or bring one back",
        "List the recovery copies of a draft: the draft as it was before saves replaced it, "
        "newest first. With N, bring copy N back; the draft as it is now is kept as a "
        "recovery copy first, so nothing is lost.",
    )
    restore.add_argument("assessment_id", metavar="ID", help="the draft's id")
    restore.add_argument(
        "number",
        nargs="?",
        type=int,
        metavar="N",
        help="the copy to bring back, as numbered in the list (1 is the newest)",
    )
    _command(
        commands,
        "clean",
        "remove files left in the drafts folder by a save that was cut short",
        "Remove the temporary files (.ID.toml.XXXX.tmp) that a save cut short left in the "
        "drafts folder. One newer than its draft may hold text the draft does not: it is kept "
        "as a recovery copy of that draft first (see eqia restore).",
    )


def _note_leftovers(drafts: Path) -> None:
    """A note on standard error when a save cut short left files in the drafts folder."""
    from eqia_tui.core.storage.recovery import leftovers

    found = leftovers(drafts)
    if not found:
        return
    count = len(found)
    files = "file was" if count == 1 else "files were"
    newer = sum(1 for f in found if f.newer)
    kept = (
        f" ({newer} newer than {'its draft' if newer == 1 else 'their drafts'}: eqia clean "
        f"keeps {'it' if newer == 1 else 'them'} as a recovery copy)"
        if newer
        else ""
    )
    print(
        f"note: {count} temporary {files} left in {drafts} by a save that was cut short. "
        f"Remove {'it' if count == 1 else 'them'} with: eqia clean{kept}",
        file=sys.stderr,
    )


def _cmd_clean(home: Path, args: argparse.Namespace) -> int:
    from eqia_tui.core.disk.files import reason
    from eqia_tui.core.storage.recovery import clean, leftovers

    _require_home(home, args)
    _, store = _context(home)
    found = leftovers(store.drafts)
    try:
        removed, kept = clean(found, home)
    except OSError as error:
        where = error.filename if isinstance(error.filename, str) else str(store.drafts)
        raise BadInput.one(where, "", f"cannot be removed: {reason(error)}") from None
    if not removed:
        print(f"Nothing to clean in {store.drafts}.")
        return OK
    print(f"Removed {removed} temporary file{'' if removed == 1 else 's'} from {store.drafts}.")
    if kept:
        print(
            f"{kept} of them newer than its draft: kept as a recovery copy. "
            "See it with: eqia restore ID"
        )
    return OK


def _cmd_restore(home: Path, args: argparse.Namespace) -> int:
    from eqia_tui.core.storage.recovery import copies, recovery_dir

    _require_home(home, args)
    _, store = _context(home)
    assessment_id: str = args.assessment_id
    path = store.path_for(assessment_id)  # a valid id, or exit 2
    found = copies(home, assessment_id)
    folder = recovery_dir(home, assessment_id)
    if args.number is None:
        if not found:
            print(f"No recovery copies of {assessment_id} in {folder}.")
            return OK
        for copy in found:
            made = copy.made.astimezone()
            print(
                f"{copy.number:>3}  {made:%d/%m/%Y %H:%M:%S}  {copy.size:>9,} bytes  "
                f"{_one(copy.title)}"
            )
        print(f"Bring one back with: eqia restore {assessment_id} N", file=sys.stderr)
        return OK
    chosen = next((c for c in found if c.number == args.number), None)
    if chosen is None:
        allowed = f"choose 1 to {len(found)}" if found else "there are none"
        raise BadInput.one(folder, "", f"there is no recovery copy {args.number}: {allowed}")
    _restore(home, path, chosen.path)
    print(
        f"Brought back copy {chosen.number} of {assessment_id}, from "
        f"{chosen.made.astimezone():%d/%m/%Y %H:%M:%S}. The draft as it was is now copy 1: "
        f"eqia restore {assessment_id} lists it."
    )
    return OK


def _restore(home: Path, path: Path, copy: Path) -> None:
    """Put `copy` in place of the draft at `path`, keeping the draft as a recovery copy first.
    Refused while a window has the draft open."""
    from eqia_tui.core.disk.draft_lock import DraftLock
    from eqia_tui.core.disk.files import atomic_write, parse_toml, write_reason
    from eqia_tui.core.storage.recovery import keep_copy

    data = copy.read_bytes()
    try:
        parse_toml(data, copy)
    except BadInput:
        raise BadInput.one(
            copy,
            "",
            "is not a whole assessment file (a save cut short may have written it): "
            "open it in an editor to take what you need from it",
        ) from None
    lock = DraftLock(path)
    try:
        holder = lock.acquire()
    except OSError as error:
        raise BadInput.one(path, "", f"cannot be written: {write_reason(error, path)}") from None
    if holder is not None:
        raise BadInput.one(
            path, "", f"is open in eqia ({holder.words()}): close it there, then restore"
        )
    try:
        current = path.read_bytes() if path.exists() else None
        if current is not None and current != data:
            keep_copy(home, path.stem, current)
        atomic_write(path, data)
    except OSError as error:
        raise BadInput.one(path, "", f"cannot be written: {write_reason(error, path)}") from None
    finally:
        lock.release()


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
    "restore": _cmd_restore,
    "clean": _cmd_clean,
}


if __name__ == "__main__":
    raise SystemExit(main())
