"""Plain mode's tasks: the check, sign-off, reopening, saving a version and exports, each
typed as a word at any prompt of the walk (`TASKS`, with a line each in `HELP`).

Each task does what the wizard's summary does, through the same core functions (the check,
`core.signing`, `record_version`, `EXPORT_FORMATS`), asked and told in plain lines. The
assessment is changed on a copy, which `PlainDraft.replace` saves at once: a task cancelled
or refused half-way leaves the draft as it was.

From a pipe, an answer that cannot be used raises `Refused` (the caller exits 2), and so
does a task that cannot be done (sign-off while errors stop it): the lines after it were
meant for it, and must not be taken as answers to the next question. When the input ends
in the middle of a task, the task is cancelled and nothing is written.

`confirm`, `choose` and `text` are the questions the tasks ask; the start menu asks them too.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from typing import TypeVar

from eqia_tui.core.checks import Finding, check, summary
from eqia_tui.core.checks.findings import key_parts
from eqia_tui.core.checks.naming import characteristic, key_in_words
from eqia_tui.core.disk.files import atomic_write, reason, write_reason
from eqia_tui.core.disk.locations import config_file, export_folder
from eqia_tui.core.model.assessment import Assessment, Loaded
from eqia_tui.core.model.questionnaire import Questionnaire
from eqia_tui.core.model.steps import steps
from eqia_tui.core.review.comments import export_choice_words
from eqia_tui.core.review.history import record_version
from eqia_tui.core.review.waivers import Waiver
from eqia_tui.core.signing import (
    blocking_errors,
    can_waive,
    is_signed,
    needs_approval,
    reopen,
    sign,
    signing_day,
)
from eqia_tui.core.storage.config import load_config, save_config
from eqia_tui.core.storage.upgrade import newer_version, prepare_open
from eqia_tui.core.text.problems import BadInput, Problem, english_list
from eqia_tui.exports import (
    COMMENT_FORMATS,
    EXPORT_FORMATS,
    FORMATS,
    ExportFormat,
    export_document,
    mismatch,
)
from eqia_tui.plain.draft import NotSaved, PlainDraft
from eqia_tui.plain.lines import Lines, Refused

Task = Callable[[PlainDraft, Lines, str], None]
"""A task: the draft, the lines, and the rest of the command line ("" when there is none)."""

_T = TypeVar("_T")

CANCELLED = "Cancelled: the input ended, so nothing was written."


class Cancelled(Exception):
    """The input ended in the middle of a task: it stops, and nothing is written."""


class Stop(Exception):
    """The task cannot go on; `str()` says why. Said at a terminal; from a pipe, Refused:
    the lines after it were meant for the task, not for the next question."""


# --- Questions -------------------------------------------------------------------------------


def _problem(lines: Lines, problem: str) -> None:
    """A wrong answer: said, to be asked again, at a terminal; from a pipe, Refused."""
    if not lines.interactive:
        raise Refused(problem)
    lines.say(problem)


def confirm(lines: Lines, question: str) -> bool | None:
    """Yes or no (y or n will do); None when the input has ended. No answer is assumed."""
    while True:
        answer = lines.ask(f"{question} Answer yes or no: ")
        if answer is None:
            return None
        word = answer.strip().lower()
        if word in ("yes", "y"):
            return True
        if word in ("no", "n"):
            return False
        given = f'"{answer.strip()}"' if answer.strip() else "No answer"
        _problem(lines, f"{given} is not an answer to: {question} Answer yes or no.")


def choose(
    lines: Lines,
    question: str,
    options: Sequence[str],
    names: Sequence[str] = (),
    default: int | None = None,
    given: str = "",
) -> int | None:
    """One of `options`, listed by number: its index, or None when the input has ended.

    An option may also be chosen by its name in `names`. `default` is the index Enter keeps.
    `given` is an answer typed already (on the command line): it is used if it is one, and
    else said to be wrong before the list is shown.
    """
    count = len(options)
    allowed = f"a number from 1 to {count}" if count > 1 else "1"
    if names:
        allowed += f", or one of {', '.join(names)}"
    keeps = f" (Enter for {default + 1})" if default is not None else ""
    prompt = f"Choose a number{' or a name' if names else ''}{keeps}: "
    answer: str | None = given
    if given:
        found = _pick(given, count, names)
        if found is not None:
            return found
        _problem(lines, f'"{given}" is not one of the choices: give {allowed}.')
    lines.say(f"{question}")
    for number, option in enumerate(options, 1):
        lines.say(f"{number}. {option}")
    while True:
        answer = lines.ask(prompt)
        if answer is None:
            return None
        if not answer.strip() and default is not None:
            return default
        found = _pick(answer, count, names)
        if found is not None:
            return found
        said = f'"{answer.strip()}"' if answer.strip() else "No answer"
        _problem(lines, f"{said} is not one of the choices for: {question} Give {allowed}.")


def _pick(answer: str, count: int, names: Sequence[str]) -> int | None:
    word = answer.strip().lower()
    if word.isdigit() and 1 <= int(word) <= count:
        return int(word) - 1
    lowered = [n.lower() for n in names]
    return lowered.index(word) if word in lowered else None


def text(lines: Lines, question: str, default: str = "") -> str | None:
    """A line of text, required; Enter keeps `default` when there is one. None at the end
    of input."""
    keeps = f" (Enter keeps: {default})" if default else ""
    while True:
        answer = lines.ask(f"{question}{keeps}: ")
        if answer is None:
            return None
        if answer.strip():
            return answer.strip()
        if default:
            return default
        _problem(lines, f"{question}: an answer is needed.")


def required(value: _T | None) -> _T:
    """An answer, or Cancelled when the input has ended."""
    if value is None:
        raise Cancelled
    return value


def your_name(lines: Lines) -> str:
    """The officer's name for the version history: from the settings, else asked once and
    kept there (as the wizard does). If it cannot be kept, it is used this time all the same."""
    try:
        config = load_config()
    except BadInput as error:
        for problem in error.problems[1:]:
            lines.say(problem.line())
        raise Stop(error.problems[0].line()) from None
    if config.author:
        return config.author
    name = required(text(lines, "Your name, for the version history (kept for next time)"))
    path = config_file()
    try:
        save_config(config.model_copy(update={"author": name}), path)
    except OSError as error:
        lines.say(
            f"Could not save your name to {path}: {write_reason(error, path)}. "
            "Your name is used this time, and you will be asked for it again next time."
        )
    return name


def save_copy(draft: PlainDraft, changed: Assessment) -> None:
    """Put the changed copy in the draft and write it now. When it cannot be written, it is
    kept in the draft, saved with the next change, and the task stops saying so."""
    try:
        draft.replace(changed)
    except NotSaved as error:
        raise Stop(
            f"{error}. It is kept here and saved with your next change: type save to try again."
        ) from None


@contextmanager
def task_ends(lines: Lines) -> Iterator[None]:
    """Around a task: the end of input in the middle of it is a cancel, and a task that
    cannot go on says why (from a pipe, Refused)."""
    try:
        yield
    except Cancelled:
        if not lines.interactive:
            lines.say()  # end the line of the prompt that got no answer
        lines.say(CANCELLED)
    except Stop as stop:
        if not lines.interactive:
            raise Refused(str(stop)) from None
        lines.say(str(stop))


def as_task(task: Callable[[PlainDraft, Lines, str], None]) -> Task:
    """The task, with the end of input in the middle of it made a cancel."""

    def run(draft: PlainDraft, lines: Lines, rest: str) -> None:
        with task_ends(lines):
            task(draft, lines, rest)

    run.__doc__ = task.__doc__
    return run


def in_words(problem: Problem) -> str:
    """A problem the core found with the review or the sign-off, as a sentence about the
    assessment or the comment, without the file and key path a file check would give."""
    message = problem.message.rstrip(".")
    first = message.split(" ", 1)[0]
    if re.fullmatch(r"c\d+", problem.key):
        return f"Comment {problem.key[1:]} {message}."
    if first in ("is", "was", "has", "needs"):
        return f"This assessment {message}."
    return f"{message[:1].upper()}{message[1:]}."


# --- The check -------------------------------------------------------------------------------


def where(questionnaire: Questionnaire, assessment: Assessment, key: str) -> str:
    """Where a finding is, in words: its step (by number and title) and its question."""
    parts = key_parts(key)
    section = questionnaire.section(parts[0]) if parts else None
    if section is None:
        return "The sign-off record" if key == "signed" else key
    number = next(
        (n for n, step in enumerate(steps(questionnaire, assessment), 1) if step.id == section.id),
        None,
    )
    step = f"Step {number}, {section.title}" if number else section.title
    words = key_in_words(questionnaire, key)
    if words == key:  # a whole row of the grid, or a section
        rest = parts[1:]
        words = (
            characteristic(questionnaire, rest[0]) if section.per_characteristic and rest else ""
        )
    return f"{step}: {words}" if words else step


def jump_to(questionnaire: Questionnaire, assessment: Assessment, key: str) -> str:
    """The walk's command that goes to a finding's answer: `jump Age` for a row of the grid,
    `jump 6` for a step; "" when it is in no step asked now."""
    parts = key_parts(key)
    section = questionnaire.section(parts[0]) if parts else None
    if section is None:
        return ""
    if section.per_characteristic and len(parts) > 1:
        found = questionnaire.characteristic(parts[1])
        if found is not None:
            return f"jump {found.label}"
    number = next(
        (n for n, step in enumerate(steps(questionnaire, assessment), 1) if step.id == section.id),
        None,
    )
    return f"jump {number}" if number else ""


def _severity(finding: Finding) -> str:
    if finding.waiver is not None:
        return "Waived error"
    return "Error" if finding.severity == "error" else "Warning"


def say_finding(
    lines: Lines,
    questionnaire: Questionnaire,
    assessment: Assessment,
    finding: Finding,
    note: str = "",
) -> None:
    """One finding: a word for how serious it is, what is wrong, where, and what to do."""
    lines.say(f"{_severity(finding)}: {finding.message}")
    lines.say(f"  Where: {where(questionnaire, assessment, finding.key)}.")
    lines.say(f"  What to do: {finding.fix}{note}")
    going = jump_to(questionnaire, assessment, finding.key)
    if going:
        lines.say(f"  To go there, type: {going}")
    if finding.waiver is not None:
        lines.say(f"  Waived at sign-off: {finding.waiver.text()}")


def check_task(draft: PlainDraft, lines: Lines, rest: str) -> None:
    """The robustness check, as `eqia check` gives it: errors first, then warnings."""
    q, a = draft.questionnaire, draft.assessment
    findings = check(q, a, date.today())
    for finding in findings:
        say_finding(lines, q, a, finding)
    lines.say(summary(findings))


# --- Sign-off and reopening ------------------------------------------------------------------


def _now() -> datetime:
    return datetime.now().astimezone()


def sign_task(draft: PlainDraft, lines: Lines, rest: str) -> None:
    """Sign off, or say what stops it. Errors that may be waived are offered a waiver each."""
    q, a = draft.questionnaire, draft.assessment
    if is_signed(a):
        lines.say("This assessment is already signed off. Type reopen to change it.")
        return
    try:
        needs_approval(q, a)
    except BadInput as error:
        raise Stop(f"Not signed off. {in_words(error.problems[0])}") from None
    errors = blocking_errors(q, a, signing_day(_now()))
    reasons: dict[tuple[str, str], str] = {}
    if errors:
        reasons = _waivers(draft, lines, errors)
    author = your_name(lines)
    lines.say(
        "Signing records who signed, when,"
        + (" the waivers with your reasons," if reasons else "")
        + " and a fingerprint of every answer, the waivers and the questionnaire. The "
        "fingerprint shows any later change when the assessment is checked. It is not a "
        "signature: it does not prove who signed."
    )
    by = required(text(lines, "Name of the person signing", default=author))
    if not required(confirm(lines, f"Sign off as {by} now? The answers will then be locked.")):
        lines.say("Not signed off.")
        return
    at = _now()
    waivers = [Waiver(finding, key, why, author, at) for (finding, key), why in reasons.items()]
    signed = copy.deepcopy(a)
    try:
        record = sign(q, signed, by, at, waivers=waivers)
    except BadInput as error:  # nothing is signed: the check found something new, say
        for problem in error.problems[1:]:
            lines.say(problem.line())
        raise Stop(f"Not signed off: {error.problems[0].line()}") from None
    save_copy(draft, signed)
    waived = len(waivers)
    with_waivers = f", with {waived} error{'' if waived == 1 else 's'} waived" if waived else ""
    lines.say(
        f"Signed off by {by} as version {record['version']}{with_waivers}. The answers are "
        "now locked: type reopen to change them."
    )


def _waivers(draft: PlainDraft, lines: Lines, errors: list[Finding]) -> dict[tuple[str, str], str]:
    """The errors that stop sign-off, listed; a reason for each when every one may be waived
    and the officer wants to sign off despite them; else the task stops."""
    q, a = draft.questionnaire, draft.assessment
    count = len(errors)
    lines.say(f"Not ready to sign off: the check finds {count} error{'' if count == 1 else 's'}.")
    waivable = [can_waive(q, a, f) for f in errors]
    for finding, can in zip(errors, waivable, strict=True):
        note = "" if can or not any(waivable) else " A missing answer cannot be waived."
        say_finding(lines, q, a, finding, note)
    not_signed = f"Not signed off: the check finds {count} error{'' if count == 1 else 's'}"
    if not any(waivable):
        raise Stop(f"{not_signed} (listed above). Answer what is missing, then sign off.")
    if not all(waivable):
        raise Stop(
            f"{not_signed} (listed above). A missing answer cannot be waived: answer it, "
            "then sign off."
        )
    lines.say(
        "You can put them right, then type sign again. Or you can sign off despite them: "
        "give a reason for each. Your reason, your name and the date are kept with the "
        "sign-off, covered by its fingerprint, and shown in every copy."
    )
    if not required(confirm(lines, "Sign off despite these errors?")):
        raise Stop(f"{not_signed}, and no waiver was given.")
    reasons = {}
    for number, finding in enumerate(errors, 1):
        lines.say(f"Error {number} of {count}: {finding.message}")
        why = required(text(lines, "Reason for signing off despite this error"))
        reasons[(finding.id, finding.key)] = why
    return reasons


def reopen_task(draft: PlainDraft, lines: Lines, rest: str) -> None:
    """Clear the sign-off so the answers can change again, after a yes."""
    a = draft.assessment
    if not is_signed(a):
        lines.say("This assessment is not signed off, so it is open for changes already.")
        return
    lines.say(
        "Reopening clears the sign-off and records a new version. It will need signing again."
    )
    if not required(confirm(lines, "Reopen for changes?")):
        lines.say("Not reopened: it is still signed off.")
        return
    author = your_name(lines)
    reopened = copy.deepcopy(a)
    entry = reopen(reopened, author, date.today())
    save_copy(draft, reopened)
    lines.say(f"Reopened as version {entry['version']}. You can change answers again.")


# --- Versions --------------------------------------------------------------------------------


def version_task(draft: PlainDraft, lines: Lines, rest: str) -> None:
    """Save a version with a comment (given after the word, or asked)."""
    author = your_name(lines)
    lines.say("Each version gets the next number in the version table.")
    comment = rest.strip() or required(text(lines, "What changed in this version?"))
    kept = copy.deepcopy(draft.assessment)
    entry = record_version(kept, author, comment, date.today())
    save_copy(draft, kept)
    lines.say(f"Saved version {entry['version']}.")


# --- Questionnaire version -------------------------------------------------------------------


def upgrade_task(draft: PlainDraft, lines: Lines, rest: str) -> None:
    """Move the draft on to the newest version of its questionnaire, every answer kept,
    after saying what changes and a yes (as `eqia upgrade` and the wizard do)."""
    a = draft.assessment
    if is_signed(a):
        raise Stop(
            "This assessment is signed off. Reopen it first: moving it to another version "
            "would break the sign-off."
        )
    registry = draft.store.registry
    if newer_version(registry, a) is None:
        lines.say(
            f"This draft uses {a.questionnaire} {a.questionnaire_version}, the newest "
            "version installed: there is nothing to move to."
        )
        return
    author = your_name(lines)
    loaded = Loaded(a, draft.questionnaire, draft.notes)
    try:
        plan = prepare_open(registry, loaded, str(draft.path), author, _now())
    except BadInput as error:
        raise Stop(f"Not moved: {error.problems[0].line()}") from None
    was = f"{a.questionnaire} {plan.answered_with}"
    lines.say(
        f"This draft uses {was}. Moving it: {plan.summary()}. "
        "Every answer is kept, and the version history records the move."
    )
    if not required(confirm(lines, f"Move to {plan.after.id} {plan.after.version}?")):
        lines.say(f"Not moved: it stays on {was}.")
        return
    draft.move_to(plan.after, plan.moved.assessment)
    lines.say(f"Moved to {plan.after.id} {plan.after.version}: {plan.summary()}.")
    for key in plan.new_questions:
        lines.say(f"New question: {key_in_words(plan.after, key)}.")


# --- Exports ---------------------------------------------------------------------------------


def _format(lines: Lines, given: str) -> ExportFormat:
    if given and given.lower() not in FORMATS and not lines.interactive:
        raise Refused(f'"{given}" is not an export format; allowed: {", ".join(FORMATS)}.')
    index = required(
        choose(
            lines,
            "Which format?",
            [f"{f.name}: {f.label}" for f in EXPORT_FORMATS],
            names=FORMATS,
            default=0,
            given=given,
        )
    )
    return EXPORT_FORMATS[index]


def _path_problem(path: Path) -> str:
    """Why a file cannot be written at `path`, in words; "" when it can be tried."""
    try:
        if path.is_dir():
            return f"{path} is a folder. Please add the file name."
        if not path.parent.is_dir():
            return f"There is no folder {path.parent}. Check the path, or make the folder first."
    except OSError as error:  # a name too long, or a folder that cannot be looked in
        return f"{path} cannot be used: {reason(error)}."
    return ""


def _path(lines: Lines, given: str, default: Path) -> Path:
    """The file to write: `given` on the command line (from the working folder, as for any
    command), else asked with `default` offered. A name typed without a folder there goes
    in the folder offered, as in the wizard's export dialog."""
    while True:
        if given:
            path = Path(given).expanduser()
        else:
            typed = Path(required(text(lines, "File to write", default=str(default))))
            path = default.parent / typed.expanduser()  # a whole path stays as it is
        given = ""
        problem = _path_problem(path)
        if not problem:
            return path
        _problem(lines, problem)


_COMMENT_FLAG = re.compile(r"(?:^|\s)--(no-)?comments(?=\s|$)", re.IGNORECASE)
"""`--no-comments` or `--comments` anywhere in the line: the answer to "keep the comments?"
given in advance, as on the command line."""


def _comments_flag(rest: str) -> tuple[str, bool | None]:
    """`rest` without `--no-comments` or `--comments`, and what that said. Both at once
    cannot be meant."""
    said = {match[1] is None for match in _COMMENT_FLAG.finditer(rest)}
    if len(said) > 1:
        raise Stop("Not exported: give --no-comments or --comments, not both.")
    return _COMMENT_FLAG.sub(" ", rest).strip(), said.pop() if said else None


def export_task(draft: PlainDraft, lines: Lines, rest: str) -> None:
    """Write the assessment in one of the export formats:
    `export [FORMAT] [PATH] [--no-comments | --comments]`."""
    rest, comments_given = _comments_flag(rest)
    words = rest.split(maxsplit=1)
    fmt = _format(lines, words[0] if words else "")
    if comments_given is False and not fmt.drops_comments:
        raise Stop(
            f"Not exported: --no-comments works only with {english_list(list(COMMENT_FORMATS))}, "
            f"not with {fmt.name}."
        )
    default = export_folder() / f"{draft.assessment.id}{fmt.suffix}"
    path = _path(lines, words[1].strip() if len(words) > 1 else "", default)
    differs = mismatch(path, fmt.name)
    if differs and not required(confirm(lines, f"{differs} Export it anyway?")):
        lines.say(
            f"Not exported. Give a file name ending in {fmt.suffix}, as in: "
            f"export {fmt.name} {path.with_suffix(fmt.suffix).name}"
        )
        return
    if path.exists():
        question = f"{path} already exists. Replace it with this export?"
        if not required(confirm(lines, question)):
            lines.say("Not exported: the file is as it was.")
            return
    comments = comments_given
    if comments is None:
        comments = _keep_comments(draft.assessment, lines, fmt)
    try:
        content = export_document(draft.questionnaire, draft.assessment, fmt.name, comments)
        atomic_write(path, content)
    except BadInput as error:
        raise Stop(f"Not exported: {error.problems[0].line()}") from None
    except OSError as error:
        raise Stop(
            f"Could not write {path}: {write_reason(error, path)}. "
            "Your answers are safe: choose another place, or try again."
        ) from None
    lines.say(f"Exported to {path.absolute()}")


def _keep_comments(assessment: Assessment, lines: Lines, fmt: ExportFormat) -> bool:
    """For a document to read, when the assessment has comments from its review: keep
    them, or leave them out of a copy to publish (as the app asks, and `--no-comments`)."""
    if not fmt.drops_comments or not assessment.review.comments:
        return True
    lines.say(export_choice_words(assessment))
    them = "it" if len(assessment.review.comments) == 1 else "them"
    options = [
        f"keep: keep {them} in the export",
        f"leave: leave {them} out, for a copy to publish",
    ]
    noun = "comment" if them == "it" else "comments"
    picked = choose(lines, f"Keep the {noun}?", options, names=("keep", "leave"), default=0)
    return required(picked) == 0


TASKS: dict[str, Task] = {
    "check": as_task(check_task),
    "sign": as_task(sign_task),
    "reopen": as_task(reopen_task),
    "version": as_task(version_task),
    "export": as_task(export_task),
    "upgrade": as_task(upgrade_task),
}
"""The tasks, by the word that runs them at any prompt of the walk."""

HELP: dict[str, str] = {
    "check": "list the problems a reviewer would find, errors first, each with what to do",
    "sign": "sign the assessment off; its answers are then locked until it is reopened",
    "reopen": "clear the sign-off, so that the answers can change again",
    "version": "save a version with a comment on what changed, as in: version Added the actions",
    "export": "write the assessment to a file, as in: export html, or export docx report.docx "
    f"(the formats: {', '.join(FORMATS)}); add --no-comments to leave the review's comments out",
    "upgrade": "move the draft on to the newest version of its questionnaire, every answer kept",
}
"""What each task does, in a line for the walk's help (the word itself not included)."""
