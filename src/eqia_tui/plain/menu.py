"""Plain mode's start: the start screen's choices as lines. The drafts are listed by number,
one a line in words (a draft that cannot be read says why), and a word does each of the
rest: `new`, `file` (open a file), `review` (open one for review), `delete` (asks first),
`tidy`, `find`, `help`, `quit`.

Opening a draft, or starting one, hands it to the walk (`walk.converse`); when the walk
ends, the list is shown again. From a pipe, a choice that cannot be used stops it with
one line (exit 2); the end of the input ends it (exit 0).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from eqia_tui.core.disk.files import reason
from eqia_tui.core.model.assessment import is_slug, slugify
from eqia_tui.core.model.statuses import STATUS_WORDS
from eqia_tui.core.storage import DEFAULT_QUESTIONNAIRE
from eqia_tui.core.storage.opening import load_for_opening
from eqia_tui.core.storage.recovery import clean, leftovers
from eqia_tui.core.storage.registry import Registry
from eqia_tui.core.storage.store import HeldElsewhere, Store
from eqia_tui.core.storage.summary import DraftSummary
from eqia_tui.core.text.dates import day_and_time, local
from eqia_tui.core.text.problems import BadInput, english_list
from eqia_tui.plain import draft as drafts
from eqia_tui.plain.lines import Lines, Refused
from eqia_tui.plain.tasks import choose, confirm, text
from eqia_tui.plain.walk import converse

WORDS: dict[str, str] = {
    "new": "start a new assessment",
    "file": "open an assessment file kept somewhere else, as in: file ~/Documents/plan.toml",
    "review": "open a draft for review: its answers read only, its comments open to you, "
    "as in: review 2",
    "delete": "delete a draft (asks first), as in: delete 2",
    "tidy": "remove files left by a save that was cut short",
    "find": "list only the drafts whose title or id has these words, as in: find library",
    "help": "what this list means, and these words again",
    "quit": "leave eqia",
}
"""The start's words, each with a plain line for the help. `tidy` is offered only when
there is something to tidy."""

HELP = (
    "Your drafts are listed by number, newest first. They are saved as you answer, so there "
    "is nothing to save before you quit. The suggested weighting is worked out from the "
    "answers so far. Due says when a review or an action is due soon or overdue. "
    "To bring back an earlier copy of a draft, use the command: eqia restore ID."
)


def summary_words(number: int, summary: DraftSummary) -> str:
    """One draft, on one line in words: "2. Library opening hours. 40% of required answers
    given. ..." A draft that cannot be read says why."""
    if summary.broken:
        fix = f" Fix it in an editor, or type delete {number}." if is_slug(summary.id) else ""
        return f"{number}. {summary.path.name} cannot be read: {summary.error}.{fix}"
    rating = (summary.suggested_rating or "").capitalize() or "not yet"
    if not summary.suggestion_started:
        rating = "not yet, as nothing is screened"
    elif not summary.suggestion_complete:
        rating = f"{rating} so far"
    due = f"{summary.due[:1].upper()}{summary.due[1:]}." if summary.due else "Nothing due."
    changed = (
        f" Last changed {day_and_time(local(summary.updated), joiner=' at ')}."
        if summary.updated
        else ""
    )
    review = f" Review status: {summary.review_words or STATUS_WORDS[summary.review_status]}."
    if summary.open_comments:
        count = summary.open_comments
        review += f" {count} open comment{'' if count == 1 else 's'}."
    return (
        f"{number}. {summary.title or summary.id}. {summary.progress}% of required answers "
        f"given. Suggested weighting: {rating}.{review} {due}{changed} "
        f"Questionnaire: {summary.questionnaire}. Id: {summary.id}."
    )


class Start:
    """The start's conversation: the list, and what each word does."""

    def __init__(self, home: Path, lines: Lines) -> None:
        self.home = home
        self.lines = lines
        self.registry = Registry(home)
        self.store = Store(home, self.registry)
        self.summaries: list[DraftSummary] = []

    def say(self, words: str = "") -> None:
        self.lines.say(words)

    def wrong(self, problem: str) -> None:
        """A choice that cannot be used: said at a terminal; from a pipe, Refused."""
        if not self.lines.interactive:
            raise Refused(problem)
        self.say(problem)

    # --- The list ----------------------------------------------------------------------------

    def show(self, words: list[str] | None = None, full: bool = False) -> None:
        """The drafts by number (only those matching `words`, if given), and what to type:
        each word with what it does when `full`, else the words in a line."""
        self.summaries = self.store.summaries()
        self.say()
        if not self.summaries:
            self.say("No drafts yet. Type new to start one.")
        else:
            listed = [
                (number, s)
                for number, s in enumerate(self.summaries, 1)
                if not words or _matches(s, words)
            ]
            count = len(listed)
            if words:
                found = {0: "No draft has", 1: "1 draft has"}.get(count, f"{count} drafts have")
                self.say(f'{found} the words "{" ".join(words)}". Type find alone to list all.')
            else:
                self.say(f"Your drafts, newest first ({count}):")
            for number, summary in listed:
                self.say(summary_words(number, summary))
        self.say_words(full)

    def offered(self, tidy: bool) -> list[str]:
        """The words that can do something now."""
        return [
            word
            for word in WORDS
            if not (word == "tidy" and not tidy)
            and not (word in ("delete", "find", "review") and not self.summaries)
        ]

    def say_words(self, full: bool = True) -> None:
        tidy = self._leftovers_line()
        if tidy:
            self.say(tidy)
        offered = self.offered(bool(tidy))
        number = "Type a draft's number to open it, or" if self.summaries else "Type"
        if not full:
            self.say(f"{number} {english_list(offered, 'or')}. Type help to hear what each does.")
            return
        self.say(f"{number} one of these words:")
        for word in offered:
            self.say(f"{word}: {WORDS[word]}")

    def _leftovers_line(self) -> str:
        found = leftovers(self.store.drafts)
        if not found:
            return ""
        count = len(found)
        files = "file was" if count == 1 else "files were"
        return (
            f"{count} temporary {files} left in the drafts folder by a save that was cut "
            "short. Type tidy to tidy up: any that is newer than its draft is kept as a "
            "recovery copy first, so nothing is lost."
        )

    # --- The conversation ----------------------------------------------------------------------

    def run(self) -> int:
        self.say("Equality Impact Assessment, in plain mode.")
        self.show(full=True)
        while True:
            line = self.lines.ask("Choose: ")
            if line is None:
                return 0
            word, _, rest = line.strip().partition(" ")
            word, rest = word.lower(), rest.strip()
            if word in ("quit", "q", "exit"):
                return 0
            code = self.choose(word, rest)
            if code:
                return code

    def choose(self, word: str, rest: str) -> int:
        """Do what was typed. Returns an exit code to stop with, or 0 to carry on."""
        if not word:
            self.show()
        elif word == "open":
            return self.open(rest)
        elif word.isdigit() or any(s.id == word for s in self.summaries):
            return self.open(word)
        elif word == "review":
            return self.open(rest, review=True)
        elif word == "new":
            return self.new(rest)
        elif word == "file":
            return self.open_file(rest)
        elif word == "delete":
            self.delete(rest)
        elif word == "tidy":
            self.tidy()
        elif word == "find":
            self.show(rest.lower().split())
        elif word in ("help", "?"):
            self.say(HELP)
            self.say_words()
        else:
            offered = english_list(self.offered(bool(leftovers(self.store.drafts))), "or")
            number = "a draft's number, or " if self.summaries else ""
            self.wrong(f'"{word}" is not one of the choices: type {number}{offered}.')
        return 0

    def _chosen(self, given: str, doing: str) -> DraftSummary | None:
        """The draft a number or an id names; asked for when none is given."""
        if not self.summaries:
            self.wrong("There are no drafts yet: type new to start one.")
            return None
        if not given:
            index = choose(
                self.lines,
                f"Which draft do you want to {doing}?",
                [summary_words(n, s).split(". ", 1)[1] for n, s in enumerate(self.summaries, 1)],
            )
            return None if index is None else self.summaries[index]
        if given.isdigit() and 1 <= int(given) <= len(self.summaries):
            return self.summaries[int(given) - 1]
        found = next((s for s in self.summaries if s.id == given), None)
        if found is None:
            count = len(self.summaries)
            allowed = "1" if count == 1 else f"a number from 1 to {count}"
            self.wrong(f'There is no draft "{given}": give {allowed}, or a draft\'s id.')
        return found

    def open(self, given: str, review: bool = False) -> int:
        summary = self._chosen(given, "review" if review else "open")
        if summary is None:
            return 0
        if summary.broken:
            self.wrong(f"{summary.id} cannot be read: {summary.error}. Fix it in an editor.")
            return 0
        # Another window's draft opens read only; for review, it is refused, as comments
        # are written to the draft.
        return self._walk(
            lambda: drafts.open_draft(self.store, summary.id, read_only_if_held=not review),
            review,
        )

    def _walk(self, opening: Callable[[], drafts.PlainDraft], review: bool = False) -> int:
        """Open a draft and walk it; then the list again. A draft that cannot be opened is
        said (from a pipe, Refused)."""
        try:
            draft = opening()
        except BadInput as error:
            for problem in error.problems[1:]:
                self.say(problem.line())
            self.wrong(error.problems[0].line())
            return 0
        try:
            code = converse(draft, self.lines, review=review)
        finally:
            draft.close()
        if code:
            return code
        self.show()
        return 0

    def new(self, given_title: str) -> int:
        entries = [e for e in self.registry.entries() if not e.error]
        entries.sort(key=lambda e: e.id != DEFAULT_QUESTIONNAIRE)  # the usual one first
        if not entries:
            self.wrong("No questionnaire can be read: see eqia questionnaires.")
            return 0
        chosen = entries[0]
        if len(entries) > 1:
            index = choose(
                self.lines,
                "Which questionnaire?",
                [f"{e.title} ({e.id})" for e in entries],
                names=[e.id for e in entries],
                default=0,
            )
            if index is None:
                return 0
            chosen = entries[index]
        title = given_title or text(self.lines, "Name of the policy, service or project")
        if title is None:
            return 0
        assessment_id = _free_id(slugify(title), set(self.store.ids()))
        questionnaire = self.registry.choose(chosen.id)
        return self._walk(lambda: drafts.create(self.store, questionnaire, title, assessment_id))

    def open_file(self, given: str) -> int:
        typed = given or text(self.lines, "The assessment file to open")
        if typed is None:
            return 0
        path = Path(typed).expanduser().absolute()
        if path.is_dir():
            self.wrong(f"{path} is a folder. Please add the file name.")
            return 0
        if not path.exists():
            where = path.parent if path.parent.is_dir() else None
            self.wrong(
                f"There is no file called {path.name} in {where}. Check the name."
                if where
                else f"There is no folder {path.parent}. Check the path."
            )
            return 0
        problem = load_for_opening(path, self.registry)
        if isinstance(problem, str):
            self.wrong(f"{path}: {problem}")
            return 0
        return self._walk(lambda: drafts.open_draft(self.store, str(path), read_only_if_held=True))

    def delete(self, given: str) -> None:
        summary = self._chosen(given, "delete")
        if summary is None:
            return
        name = summary.title or summary.id
        if not is_slug(summary.id):
            self.wrong(f"{summary.path.name} cannot be deleted from here: rename or remove it.")
            return
        answer = confirm(
            self.lines,
            f"{name} will be deleted from your drafts. This cannot be undone. Delete it?",
        )
        if not answer:
            self.say("Not deleted." if answer is not None else "Cancelled: nothing was deleted.")
            return
        try:
            self.store.delete(summary.id)
        except HeldElsewhere as held:
            self.wrong(
                f"{name} is open in another window ({held.holder.words()}). "
                "Close it there, then delete it. The draft is still there."
            )
            return
        except OSError as error:
            self.wrong(
                f"Could not delete {summary.path}: {reason(error)}. The draft is still there."
            )
            return
        self.say(f"Deleted {name}.")
        self.show()

    def tidy(self) -> None:
        found = leftovers(self.store.drafts)
        if not found:
            self.say("There is nothing to tidy up.")
            return
        try:
            removed, kept = clean(found, self.home)
        except OSError as error:
            self.wrong(f"Could not tidy up {error.filename}: {reason(error)}.")
            return
        copies = f" {kept} kept as a recovery copy (eqia restore ID)." if kept else ""
        self.say(f"Removed {removed} temporary file{'' if removed == 1 else 's'}.{copies}")


def _matches(summary: DraftSummary, words: list[str]) -> bool:
    haystack = f"{summary.title} {summary.id} {summary.questionnaire}".lower()
    return all(word in haystack for word in words)


def _free_id(base: str, taken: set[str]) -> str:
    """`base`, or `base-2`, `base-3` ... : the first id no draft has."""
    candidate, number = base, 2
    while candidate in taken:
        suffix = f"-{number}"
        candidate = base[: 64 - len(suffix)] + suffix
        number += 1
    return candidate


def start(home: Path, lines: Lines) -> int:
    """The start screen's choices, in lines. Exit code: 0, or 2 when a piped choice or
    answer cannot be used."""
    try:
        return Start(home, lines).run()
    except Refused as refused:
        lines.complain(str(refused))
        return 2
