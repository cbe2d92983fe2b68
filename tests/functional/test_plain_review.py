"""The equality group's review in plain mode, from outside, as its users meet it: the
installed `eqia` through pipes (as a script does) and a pseudo-terminal (pexpect, as a
screen reader user types). A reviewer (`eqia review ID --plain`) comments and cannot change
an answer; the officer (`eqia open ID --plain`) replies; the reviewer resolves; the status
moves through submit, changes, submit, approve and sign-off. Each person has their own
settings folder, so each has their own name (`config.author`)."""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
import tomllib
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pexpect
import pytest

from conftest import EqiaDirs
from eqia_tui.core.checks import check
from eqia_tui.core.model.assessment import Assessment, now
from eqia_tui.core.model.questionnaire import ChoiceQuestion, DateQuestion, Questionnaire
from eqia_tui.core.review.comments import add_comment, reply
from eqia_tui.core.storage.config import Config, save_config
from eqia_tui.core.storage.registry import Registry
from eqia_tui.core.storage.store import Store
from eqia_tui.plain.asking import Command, command_in
from eqia_tui.plain.draft import create, open_draft
from eqia_tui.plain.reviewing import REVIEW_TASKS
from eqia_tui.plain.tasks import TASKS
from hostile import HOSTILE
from unit.helpers import complete_answers

EQIA = Path(sys.executable).with_name("eqia")
DRAFT_ID = "library-opening-hours"
OFFICER = "Priya Shah"
REVIEWER = "Sam Patel"
UNSAFE = re.compile("[\x1b\x9b\u2500-\u257f]")
"""An escape character (the start of every escape sequence) or a box-drawing character."""
REVIEWING = (
    "You are reviewing, so the answers are read only. Type comment to comment on this question."
)


FILLED = "Older and disabled people could lose evening access; we count visits by age."
"""A text answer that names a group and an effect, for questions the helpers leave empty."""


def ready(questionnaire: Questionnaire) -> dict[str, Any]:
    """Every required answer, with no error: the review date a year ahead of today. A
    question of one step that the check finds empty (the questionnaire grows) is filled in."""
    answers = complete_answers()
    answers["monitoring"]["review_date"] = date.today() + timedelta(days=365)
    draft = Assessment("x", questionnaire.id, questionnaire.version, now(), now(), answers)
    for _ in range(3):
        errors = [f for f in check(questionnaire, draft, date.today()) if f.severity == "error"]
        for finding in errors:
            found = questionnaire.resolve(finding.key)
            if found is None:
                continue
            section, question = found
            value: Any = FILLED
            if isinstance(question, DateQuestion):
                value = date.today() + timedelta(days=30)
            elif isinstance(question, ChoiceQuestion):
                value = questionnaire.options_for(question)[0].value
            answers.setdefault(section.id, {})[question.id] = value
    assert not [f for f in check(questionnaire, draft, date.today()) if f.severity == "error"]
    return answers


@pytest.fixture
def home(eqia_dirs: EqiaDirs) -> Path:
    """A draft with every answer but the review date: the check finds an error in it."""
    store = Store(eqia_dirs.home, Registry(eqia_dirs.home))
    draft = create(store, store.registry.get("kcc-eqia"), "Library opening hours", DRAFT_ID)
    answers = ready(draft.questionnaire)
    del answers["monitoring"]["review_date"]
    draft.assessment.answers = answers
    draft.save()
    draft.close()
    return eqia_dirs.home


def person(eqia_dirs: EqiaDirs, tmp_path: Path, name: str) -> dict[str, str]:
    """The environment of `eqia` for one person: the shared drafts, their own settings
    folder with their name in it."""
    settings = tmp_path / name.replace(" ", "-").lower()
    save_config(Config(author=name), settings / "config.toml")
    out = {k: v for k, v in os.environ.items() if not k.startswith(("EQIA_PLAIN", "XDG_"))}
    out.update(
        EQIA_HOME=str(eqia_dirs.home),
        EQIA_CONFIG_DIR=str(settings),
        EQIA_STATE_DIR=str(eqia_dirs.state),
        HOME=str(tmp_path),
        TERM="xterm",
    )
    return out


@pytest.fixture
def officer(eqia_dirs: EqiaDirs, tmp_path: Path, home: Path) -> dict[str, str]:
    return person(eqia_dirs, tmp_path, OFFICER)


@pytest.fixture
def reviewer(eqia_dirs: EqiaDirs, tmp_path: Path, home: Path) -> dict[str, str]:
    return person(eqia_dirs, tmp_path, REVIEWER)


def piped(env: dict[str, str], *args: str, answers: list[str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(EQIA), *args],
        input="".join(f"{line}\n" for line in answers),
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )


def plain_only(*outputs: str) -> None:
    for output in outputs:
        assert not UNSAFE.search(output), UNSAFE.findall(output)


def draft_file(home: Path) -> Path:
    return home / "drafts" / f"{DRAFT_ID}.toml"


def saved(home: Path) -> dict[str, Any]:
    return tomllib.loads(draft_file(home).read_text(encoding="utf-8"))


def statuses(home: Path) -> list[str]:
    return [m["status"] for m in saved(home).get("review_record", {}).get("moves", [])]


# --- Through pipes ---------------------------------------------------------------------------


def test_a_review_moves_through_each_status_to_sign_off(
    home: Path, officer: dict[str, str], reviewer: dict[str, str]
) -> None:
    # Sign-off before a review is refused: kcc-eqia needs a reviewer's approval.
    early = piped(officer, "open", DRAFT_ID, "--plain", answers=["sign"])
    assert early.returncode == 2
    assert early.stderr.startswith("Not signed off. This assessment needs a reviewer's approval")
    # The officer submits despite the error the check finds (a "no" first).
    sent = piped(
        officer,
        "open",
        DRAFT_ID,
        "--plain",
        answers=["submit", "no", "submit Ready for the group", "yes", "quit"],
    )
    assert sent.returncode == 0, sent.stderr
    assert re.search(r"The check finds \d+ errors?\. Type check to hear them\.", sent.stdout)
    assert "Submit anyway? Answer yes or no: no\nNot submitted.\n" in sent.stdout
    assert f"Saved. Review status: Submitted for review by {OFFICER} on " in sent.stdout
    assert "Note: Ready for the group. The check found " in sent.stdout
    assert statuses(home) == ["submitted"]

    # The reviewer goes to the review date, comments on it, and asks for changes.
    asked = piped(
        reviewer,
        "review",
        DRAFT_ID,
        "--plain",
        answers=[
            "jump Monitoring",
            "comment",
            "When will it be reviewed?",
            "changes Add the review date",
            "quit",
        ],
    )
    assert asked.returncode == 0, asked.stderr
    assert 'Comment on Step 7, Monitoring and review: "Review date".' in asked.stdout or (
        'Monitoring and review: "Review date".' in asked.stdout
    )
    assert "Comment 1 added and saved." in asked.stdout
    assert f"Saved. Review status: Changes requested by {REVIEWER} on " in asked.stdout
    assert "Note: Add the review date" in asked.stdout
    comment = saved(home)["review_record"]["comments"][0]
    assert comment["on"] == "monitoring.review_date"
    assert comment["by"] == REVIEWER

    # The officer starts at the review date, hears of the comment once, replies and answers.
    next_year = f"{date.today() + timedelta(days=365):%d/%m/%Y}"
    fixed = piped(
        officer,
        "open",
        DRAFT_ID,
        "--plain",
        answers=[
            "comments here",
            "reply 1",
            "Added: a year from now.",
            next_year,
            "submit",
            "quit",
        ],
    )
    assert fixed.returncode == 0, fixed.stderr
    out = fixed.stdout
    notice = "1 open comment on this question: type comments here to read them."
    assert out.count(notice) == 1  # said with the question, not again at each prompt
    assert out.index(notice) < out.index("Review date\nRequired.")
    assert "1 comment on " in out and "When will it be reviewed?" in out
    assert "Reply to comment 1 added and saved." in out
    assert f"Saved. Review status: Submitted for review by {OFFICER} on " in out
    assert "The check found 0 errors" in out
    data = saved(home)
    assert data["monitoring"]["review_date"] == date.today() + timedelta(days=365)
    reply_table = data["review_record"]["comments"][0]["replies"][0]
    assert (reply_table["by"], reply_table["text"]) == (OFFICER, "Added: a year from now.")

    # The reviewer resolves the comment and approves.
    approved = piped(
        reviewer,
        "review",
        DRAFT_ID,
        "--plain",
        answers=["resolve 1", "approve", "yes", "sign", "quit"],
    )
    assert approved.returncode == 2  # sign is the officer's: refused from a pipe
    assert "Comment 1 resolved. 0 open comments left." in approved.stdout
    assert f"Saved. Review status: Approved by {REVIEWER} on " in approved.stdout
    assert approved.stderr.startswith("You are reviewing, so you cannot sign it off here.")
    assert saved(home)["review_record"]["comments"][0]["resolved_by"] == REVIEWER

    # The officer signs off, then can still comment: comments are not answers.
    signed = piped(
        officer,
        "open",
        DRAFT_ID,
        "--plain",
        answers=["sign", "", "yes", "comment all", "Published on the website.", ""],
    )
    assert signed.returncode == 0, signed.stderr
    assert f"Signed off by {OFFICER} as version 1.0." in signed.stdout
    assert "Comment 2 added and saved." in signed.stdout
    assert statuses(home) == ["submitted", "changes-requested", "submitted", "approved", "signed"]
    assert saved(home)["signed"]["by"] == OFFICER
    plain_only(
        *(r.stdout + r.stderr for r in (early, sent, asked, fixed, approved, signed)),
    )


def test_a_reviewer_cannot_change_an_answer_from_a_pipe(
    home: Path, reviewer: dict[str, str]
) -> None:
    before = draft_file(home).read_bytes()
    result = piped(reviewer, "review", DRAFT_ID, "--plain", answers=["Housing"])
    assert result.returncode == 2
    assert result.stderr == f"details.directorate: {REVIEWING}\n"
    assert draft_file(home).read_bytes() == before


def test_clear_does_not_remove_an_answer_of_a_signed_assessment(
    home: Path, officer: dict[str, str], reviewer: dict[str, str]
) -> None:
    store = Store(home, Registry(home))
    draft = open_draft(store, DRAFT_ID)
    draft.assessment.answers = ready(draft.questionnaire)
    draft.save()
    draft.close()
    piped(officer, "open", DRAFT_ID, "--plain", answers=["submit", "quit"])
    piped(reviewer, "review", DRAFT_ID, "--plain", answers=["approve", "yes", "quit"])
    piped(officer, "open", DRAFT_ID, "--plain", answers=["sign", "", "yes", "quit"])
    assert "signed" in saved(home)
    result = piped(officer, "open", DRAFT_ID, "--plain", answers=["jump 1", "clear", "quit"])
    assert result.returncode == 2, result.stdout
    assert "signed off, so its answers are read only" in result.stderr
    assert saved(home)["details"]["directorate"] == complete_answers()["details"]["directorate"]


def test_a_hostile_comment_is_shown_never_acted_on(
    home: Path, officer: dict[str, str], reviewer: dict[str, str]
) -> None:
    """A comment and a reply from someone else's file, holding escape sequences, control
    characters and bidirectional overrides; and one typed into a pipe."""
    store = Store(home, Registry(home))
    draft = open_draft(store, DRAFT_ID)
    at = datetime.now().astimezone()
    q, a = draft.questionnaire, draft.assessment
    planted = add_comment(q, a, "details.directorate", f"Someone {HOSTILE}", at, f"Look {HOSTILE}")
    reply(a, planted.id, f"Other {HOSTILE}", at, f"Reply {HOSTILE}")
    add_comment(q, a, "screening.age", "Sam", at, f"Row {HOSTILE}")
    draft.save()
    draft.close()
    typed = HOSTILE.replace("\r", "")  # a pipe's line ends at a carriage return
    result = piped(
        reviewer,
        "review",
        DRAFT_ID,
        "--plain",
        answers=["comments", "comment step", f"Typed {typed}", "status", "quit"],
    )
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "2 comments, 2 open:" in out
    assert "1 open comment on this question: type comments here to read them." in out
    assert "Comment 3 added and saved." in out
    assert "Look " in out and "␛" in out  # the escape shown as a visible stand-in
    menu = piped(officer, answers=["quit"])
    line = next(x for x in menu.stdout.splitlines() if x.startswith("1. "))
    assert "Review status: Draft. 3 open comments." in line
    plain_only(result.stdout, result.stderr, menu.stdout, menu.stderr)
    comments = saved(home)["review_record"]["comments"]
    assert comments[-1]["text"] == f"Typed {typed}"  # kept as typed, only shown safely


def test_withdraw_reopen_a_comment_and_no_approving_your_own_submission(
    home: Path, officer: dict[str, str], reviewer: dict[str, str]
) -> None:
    piped(officer, "open", DRAFT_ID, "--plain", answers=["submit", "yes", "quit"])
    # The officer, reviewing their own submission, cannot approve it.
    own = piped(officer, "review", DRAFT_ID, "--plain", answers=["approve", "yes"])
    assert own.returncode == 2
    assert own.stderr == (
        f"Not approved. This assessment was sent for review by {OFFICER}, so {OFFICER} "
        "cannot approve it; someone else must check it.\n"
    )
    # A comment resolved, then opened again; a comment that is not there.
    result = piped(
        reviewer,
        "review",
        DRAFT_ID,
        "--plain",
        answers=["comment all", "Say who decides.", "resolve 1", "reopen comment 1", "quit"],
    )
    assert result.returncode == 0, result.stderr
    assert "Comment 1 resolved. 0 open comments left." in result.stdout
    assert "Comment 1 is open again." in result.stdout
    comment = saved(home)["review_record"]["comments"][0]
    assert "resolved_by" not in comment
    missing = piped(reviewer, "review", DRAFT_ID, "--plain", answers=["reply 7"])
    assert missing.returncode == 2
    assert missing.stderr == 'There is no comment "7": give one of 1.\n'
    # The officer takes it back to draft; a second withdraw is refused.
    back = piped(officer, "open", DRAFT_ID, "--plain", answers=["withdraw", "yes", "withdraw"])
    assert back.returncode == 2
    assert "Saved. Review status: Draft by Priya Shah on " in back.stdout
    assert back.stderr == "Not withdrawn: this assessment is a draft already.\n"
    assert statuses(home) == ["submitted", "draft"]
    plain_only(own.stdout, result.stdout, missing.stdout, back.stdout)


# --- Through a pseudo-terminal ---------------------------------------------------------------


class Person:
    """Someone at a terminal: waits for each prompt before typing."""

    def __init__(self, env: dict[str, str], *args: str) -> None:
        self.log = io.StringIO()
        self.child = pexpect.spawn(
            str(EQIA), list(args), env=env, encoding="utf-8", timeout=60, dimensions=(24, 80)
        )
        self.child.logfile_read = self.log

    def expect(self, text: str) -> None:
        self.child.expect_exact(text)

    def type(self, line: str) -> None:
        self.child.sendline(line)

    def end(self) -> int | None:
        self.child.expect(pexpect.EOF)
        self.child.close()
        return self.child.exitstatus


def test_a_reviewer_at_a_terminal_comments_and_is_told_answers_are_read_only(
    home: Path, officer: dict[str, str], reviewer: dict[str, str]
) -> None:
    piped(officer, "open", DRAFT_ID, "--plain", answers=["submit", "yes", "quit"])
    before = saved(home)
    sam = Person(reviewer, "review", DRAFT_ID, "--plain")
    sam.expect("You are reviewing: the answers are read only")
    sam.expect(f"Review status: Submitted for review by {OFFICER} on ")
    sam.expect("Directorate")
    sam.expect("Answer: ")
    sam.type("Housing")  # an answer: said to be read only, in one line, and asked again
    sam.expect(REVIEWING)
    sam.expect("Answer: ")
    sam.type("clear")
    sam.expect(REVIEWING)
    sam.expect("Answer: ")
    sam.type("comment")
    sam.expect('Comment on Step 1, About the policy: "Directorate".')
    sam.expect("Your comment, on one line: ")
    sam.type("Which team runs the libraries?")
    sam.expect("Comment 1 added and saved.")
    sam.expect("Answer: ")
    sam.type("approve")
    sam.expect("Answer yes or no: ")
    sam.type("no")
    sam.expect("Not approved.")
    sam.expect("Answer: ")
    sam.type("quit")
    assert sam.end() == 0
    after = saved(home)
    assert {k: v for k, v in after.items() if k not in ("updated", "review_record")} == {
        k: v for k, v in before.items() if k not in ("updated", "review_record")
    }
    assert after["review_record"]["comments"][0]["text"] == "Which team runs the libraries?"
    # The officer, at the start menu, hears the status and the open comment; replies.
    priya = Person(officer, "--plain")
    priya.expect(f"Review status: Submitted for review by {OFFICER} on ")
    priya.expect("1 open comment.")
    priya.expect("Choose: ")
    priya.type("1")
    priya.expect("Answer: ")  # at the summary: every required answer but one is given
    priya.type("reply 1")
    priya.expect("Your reply, on one line: ")
    priya.type("The libraries team.")
    priya.expect("Reply to comment 1 added and saved.")
    priya.expect("Answer: ")
    priya.type("quit")
    priya.expect("Choose: ")
    priya.type("quit")
    assert priya.end() == 0
    assert saved(home)["review_record"]["comments"][0]["replies"][0]["by"] == OFFICER
    plain_only(sam.log.getvalue(), priya.log.getvalue())


# --- The words ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "word", "rest"),
    [
        ("reply 2", "reply", "2"),
        ("resolve c3", "resolve", "c3"),
        ("comment step", "comment", "step"),
        ("comment all", "comment", "all"),
        ("comments here", "comments", "here"),
        ("reopen comment 2", "reopen", "comment 2"),
        ("comment", "comment", ""),
        ("submit", "submit", ""),
    ],
)
def test_a_review_task_with_short_fixed_words_is_a_task_even_at_a_text_question(
    line: str, word: str, rest: str
) -> None:
    tasks = frozenset(TASKS) | frozenset(REVIEW_TASKS)
    assert command_in(line, tasks, free_text=True) == Command(word, rest)


@pytest.mark.parametrize(
    "line", ["reply to every letter", "comment on the plan", "submit a form online", "\\comment"]
)
def test_words_that_read_as_an_answer_stay_an_answer_at_a_text_question(line: str) -> None:
    tasks = frozenset(TASKS) | frozenset(REVIEW_TASKS)
    assert command_in(line, tasks, free_text=True) is None
