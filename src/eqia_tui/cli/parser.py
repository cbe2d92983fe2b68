"""The arguments of `eqia`: every command, its options and its help, and usage errors in
plain words. One cohesive thing, kept whole so that `eqia --help` reads top to bottom here.

Building the parser imports nothing slow: `eqia --help`, and `eqia` with no command, start
as fast as the app does. Each command's own module is imported only once it is chosen
(see `eqia_tui.cli.COMMANDS`).
"""

from __future__ import annotations

import argparse
import ast
import re
import shlex
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

from eqia_tui import __version__
from eqia_tui.cli.output import BAD_INPUT
from eqia_tui.core.review import DUE_WINDOW_DAYS
from eqia_tui.core.storage import DEFAULT_QUESTIONNAIRE
from eqia_tui.exports import FORMATS

EXIT_CODES = """exit codes:
  0    success
  1    the command ran and found problems (validate, check, verify, due)
  2    bad input or usage: one line for each problem, naming the file, the key and
       what is allowed; the file is never changed
  3    eqia failed; this is a bug: one line names the crash log that has the details
  141  the output went to a pipe that closed early, as in: eqia check X | head -1"""

REVIEW_STATUSES = ("draft", "submitted", "changes-requested", "approved", "signed")
"""The review statuses (`review_record.STATUSES`, which loads the models: written out here
so that `eqia --help` stays quick; a test keeps the two the same)."""

TARGET = "ID|PATH"
TARGET_HELP = "a draft's id, or the path of an assessment file"


class Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one plain line and exit 2, with the usage of the
    command it is about."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.subcommands: dict[str, Parser] = {}
        """The parser of each command under this one, by name (set by `build_parser`)."""
        self.subcommand_dest = ""
        """The name under which the command chosen is parsed."""

    def error(self, message: str) -> Any:
        self.print_usage(sys.stderr)
        sys.stderr.write(f"eqia: {_plain_usage(message)}\n")
        raise SystemExit(BAD_INPUT)

    def parse(self, argv: Sequence[str] | None = None) -> argparse.Namespace:
        """`parse_args`, but an option given before its command, or an argument no command
        takes, is told with the usage of the command it is about."""
        args = list(sys.argv[1:] if argv is None else argv)
        misplaced = self._misplaced_option(args)
        if misplaced:
            self.error(misplaced)
        parsed, extras = self.parse_known_args(args)
        if extras:
            # Report them with the usage of the command they were given to.
            parser: Parser = self
            while parser.subcommands and getattr(parsed, parser.subcommand_dest, None):
                parser = parser.subcommands[getattr(parsed, parser.subcommand_dest)]
            parser.error(f"unrecognized arguments: {' '.join(extras)}")
        return parsed

    def _misplaced_option(self, argv: list[str]) -> str:
        """An option of a command given before the command, such as
        `eqia --questionnaire q.toml new`: say where it goes."""
        commands = self.subcommands
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


def _days_argument(text: str) -> int:
    try:
        days = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f'"{text}" is not a whole number of days') from None
    if days < 0:
        raise argparse.ArgumentTypeError("the number of days must be 0 or more")
    return days


def _date_argument(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f'"{text}" is not a date; write it as YYYY-MM-DD, such as 2026-12-01'
        ) from None


# --- The commands --------------------------------------------------------------------------


def _command(commands: Any, name: str, summary: str, description: str, **kwargs: Any) -> Parser:
    """A command: `summary` is its line in `eqia --help`, `description` starts its own help."""
    parser: Parser = commands.add_parser(name, help=summary, description=description, **kwargs)
    return parser


PLAIN_HELP = (
    "plain mode: questions and answers line by line, for screen readers and scripts. No "
    "colour and no full-screen drawing (also EQIA_PLAIN=1; EQIA_PLAIN=0 forces the app)"
)


def _plain(parser: argparse.ArgumentParser) -> None:
    """`--plain` after the command too; SUPPRESS keeps the one given before it."""
    parser.add_argument("--plain", action="store_true", default=argparse.SUPPRESS, help=PLAIN_HELP)


def _target(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("target", metavar=TARGET, help=TARGET_HELP)


def _json(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="print JSON")


def _output(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "-o",
        "--output",
        type=Path,
        metavar="OUT",
        help="the file to write (default: standard output)",
    )
    parser.add_argument("--force", action="store_true", help="replace OUT if it exists")


def build_parser() -> Parser:
    parser = Parser(
        prog="eqia",
        description="Fill in an equality impact assessment in the terminal, one step at a "
        "time. Run eqia with no command to open the app.",
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
    parser.add_argument("--plain", action="store_true", help=PLAIN_HELP)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)
    _add_assessment_parsers(commands)
    _add_review_parsers(commands)
    _add_check_parsers(commands)
    _add_recovery_parsers(commands)
    _add_questionnaire_parsers(commands)
    _add_upgrade_parser(commands)
    _add_register_parser(commands)
    parser.subcommands = commands.choices
    parser.subcommand_dest = "command"
    return parser


def _add_assessment_parsers(commands: Any) -> None:
    """Start, open, list, rate, validate and export assessments."""
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
        f"questionnaire file (default: {DEFAULT_QUESTIONNAIRE})",
    )

    _plain(new)

    open_ = _command(
        commands, "open", "resume a draft in the app", "Open an assessment in the app."
    )
    _target(open_)
    _plain(open_)

    list_ = _command(
        commands,
        "list",
        "list the drafts",
        "List the drafts, newest first. Each shows its progress and suggested weighting, "
        "its review status and how many comments are open.",
    )
    list_.add_argument(
        "--status",
        choices=REVIEW_STATUSES,
        help="list only the drafts with this review status, such as submitted: the ones "
        "waiting for a reviewer",
    )
    _json(list_)

    rate = _command(
        commands,
        "rate",
        "show the suggested weighting and judgement",
        "Show the weighting and judgement the answers suggest, and why.",
    )
    _target(rate)
    _json(rate)

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
        "write the assessment as a file of one of these kinds: toml, json, md, html, docx or csv",
        "Write the assessment in another format: to read, to print or for other tools.",
    )
    _target(export)
    export.add_argument(
        "--format",
        choices=FORMATS,
        default="toml",
        help="the file type. toml (the default) or json: the answers and the suggestion. md "
        "or html: to read. docx: for Word (needs -o). csv: the action plan",
    )
    export.add_argument(
        "--no-comments",
        dest="comments",
        action="store_false",
        help="leave the review's comments out of an md, html or docx file, to publish it. "
        "The status history stays",
    )
    _output(export)


def _add_review_parsers(commands: Any) -> None:
    """The equality group's review, version history, sign-off checks and reminders."""
    review = _command(
        commands,
        "review",
        "open an assessment to comment on it, as a reviewer",
        "Open an assessment for review in the app. You can read every answer but not change "
        "it. You can add comments, reply to them and resolve them. Each is saved in the file "
        "with your name, as kept in your settings. eqia does not check who anyone is.",
    )
    _target(review)
    _plain(review)

    comments = _command(
        commands,
        "comments",
        "list the comments on an assessment, open ones first",
        "List the comments on an assessment, open ones first. Each shows where it is, who "
        "wrote it and when, its text and its replies. To add or answer one, use eqia review.",
    )
    _target(comments)
    comments.add_argument("--open", action="store_true", help="list only the open comments")
    _json(comments)

    history = _command(
        commands,
        "history",
        "print the version history of an assessment, and its review",
        "Print each version of an assessment, with its author, date and comment. Then print "
        "each move of its review: the status, who moved it there, when, and their note.",
    )
    _target(history)
    _json(history)

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
        default=DUE_WINDOW_DAYS,
        metavar="DAYS",
        help=f"also list reviews due in the next DAYS days (default: {DUE_WINDOW_DAYS})",
    )
    due.add_argument("--today", type=_date_argument, metavar="YYYY-MM-DD", help=argparse.SUPPRESS)
    _json(due)


def _add_check_parsers(commands: Any) -> None:
    """The robustness check, and the schema of the assessment file."""
    check = _command(
        commands,
        "check",
        "challenge an assessment as an equality group would",
        "Challenge an assessment as a reviewer or an equality group would, and list the gaps. "
        "Exits 1 when it finds errors.",
    )
    _target(check)
    _json(check)
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
        default=DEFAULT_QUESTIONNAIRE,
        help="an installed questionnaire's id, or the path of a questionnaire file "
        f"(default: {DEFAULT_QUESTIONNAIRE})",
    )
    schema.add_argument(
        "--register",
        action="store_true",
        help="write the JSON Schema of eqia register --format json instead",
    )
    _output(schema)


def _add_recovery_parsers(commands: Any) -> None:
    """Recovery copies, and files left by a save cut short."""
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
        "drafts folder. One newer than its draft may hold text the draft does not. If so, it "
        "is kept as a recovery copy of that draft first (see eqia restore).",
    )


def _add_questionnaire_parsers(commands: Any) -> None:
    questionnaires = _command(
        commands,
        "questionnaires",
        "list the questionnaires found",
        "List the questionnaires found: built in, and in your settings folder.",
    )
    _json(questionnaires)

    questionnaire = _command(
        commands, "questionnaire", "work with questionnaire files", "Work with questionnaire files."
    )
    q_commands = questionnaire.add_subparsers(
        dest="questionnaire_command", metavar="COMMAND", parser_class=Parser, required=True
    )
    check = _command(
        q_commands,
        "check",
        "report every problem in a questionnaire file",
        "Check a questionnaire file and report every problem in it, one line each.",
    )
    check.add_argument("path", type=Path, metavar="PATH", help="the questionnaire file")
    questionnaire.subcommands = q_commands.choices
    questionnaire.subcommand_dest = "questionnaire_command"


def _add_upgrade_parser(commands: Any) -> None:
    """Moving a draft on to the newest version of its questionnaire."""
    upgrade = _command(
        commands,
        "upgrade",
        "move a draft on to the newest version of its questionnaire",
        "Move a draft answered with an older version of its questionnaire on to the newest "
        "version installed, to get its new questions and checks. Every answer is kept: one "
        "the new version no longer asks is set aside under [set_aside]. The version history "
        "records the move. A signed assessment must be reopened first.",
    )
    _target(upgrade)
    upgrade.add_argument(
        "--dry-run",
        action="store_true",
        help="say what would change, and write nothing",
    )
    upgrade.add_argument(
        "--by",
        metavar="NAME",
        help="your name, for the version history (default: author in your config.toml)",
    )


REGISTER_FORMATS = ("html", "csv", "json")
"""What `eqia register --format` takes (`exports.register.REGISTER_FORMATS`, written out here
so that `eqia --help` stays quick; a test keeps the two the same)."""


def _add_register_parser(commands: Any) -> None:
    """Every assessment in one register, to publish."""
    register = _command(
        commands,
        "register",
        "list all the assessments, to publish as a web page, CSV or JSON",
        "List every assessment in one register, one row each: its status, weighting, "
        "judgement, the groups it may affect, sign-off and review. A file that cannot be "
        "read gets a row that says why. Reads the drafts folder, or the folders given and "
        "the folders inside them.",
    )
    register.add_argument(
        "folders",
        nargs="*",
        metavar="DIR",
        help="a folder of assessment files, named as you like (default: the drafts folder, "
        "where each file is named by its id)",
    )
    register.add_argument(
        "--format",
        choices=REGISTER_FORMATS,
        default="html",
        help="html (the default): one web page to publish. csv: for a spreadsheet. json: "
        "for other programs (see eqia schema --register)",
    )
    register.add_argument(
        "-o",
        "--output",
        metavar="OUT",
        help="the file or folder to write (default: standard output). In a folder (one that "
        "exists, or a name ending in /), a web page gets pages sorted and filtered in "
        "other ways beside it. The folder gets index.html, register.csv or register.json",
    )
    register.add_argument(
        "--with-documents",
        action="store_true",
        help="also write each assessment as a web page in OUT/documents, without the "
        "review's comments. Each row links to its page. Needs -o, and OUT is then a folder",
    )
    register.add_argument(
        "--force", action="store_true", help="replace the register written there before"
    )
    register.add_argument(
        "--today", type=_date_argument, metavar="YYYY-MM-DD", help=argparse.SUPPRESS
    )
