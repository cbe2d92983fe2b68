"""Plain mode's tasks and start menu from outside, as their users meet them: the installed
`eqia` through a pseudo-terminal (pexpect, as a screen reader user types) and through
pipes (as a script does). A whole kcc-eqia screening is answered, then checked, approved
by a reviewer (kcc-eqia asks for it), signed off (refused before the approval and while
errors remain), exported and versioned."""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
import tomllib
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pexpect
import pytest
import tomli_w

from conftest import EqiaDirs
from eqia_tui.core.storage.config import Config, save_config

from .helpers import approved

EQIA = Path(sys.executable).with_name("eqia")
TITLE = "Library opening hours"
DRAFT_ID = "library-opening-hours"
REVIEWER = "Jordan Hale"
UNSAFE = re.compile("[\x1b\u2500-\u257f]")
"""An escape character (the start of every escape sequence) or a box-drawing character."""

Answer = str | tuple[str, ...]
"""What is typed at one prompt: a line, or the lines of a long answer (its last is ".")."""

DETAILS: list[Answer] = [
    "Growth",  # directorate (the title is given already)
    "",  # the title: Enter keeps it
    ("Longer opening hours at two libraries.", "."),
    "Head of Libraries",
    "05/01/2026",  # screening date
    "",  # full assessment date: optional
    "Cabinet Member for Communities",  # decision-maker (kcc-eqia 1.2)
    "01/02/2026",  # decision date, after the screening
]
ONE: list[Answer] = ["no", "low", "low", "", "no"]
"""One characteristic: not treated less well, low impacts, no action (optional), no more."""
JUDGED: list[Answer] = [
    "low",  # the weighting
    ("Little relevance to equality.", "."),
    "1",  # Option 1: screening is enough
    ("No impact found.", "."),
]
DUTY: list[Answer] = [
    ("Nobody loses access: every group keeps the same hours.", "."),
    ("Longer hours help people who work in the day.", "."),
    ("More people of every group can meet in the library.", "."),
    "",  # people in more than one group: optional with low impacts
    "",  # other changes: the same
]
"""The equality duty step of kcc-eqia 1.2, as the legal tests ask for it at a low weighting."""
NEXT_YEAR = f"{date.today() + timedelta(days=365):%d/%m/%Y}"
MONITORING: list[Answer] = [
    NEXT_YEAR,
    ("Yearly footfall, by age group.", "."),
    ("Visits by hour, and complaints about the hours.", "."),  # what is measured
]
"""The review date a year from today, so that it has not passed."""
SIGNATURES: list[Answer] = [
    "A. Officer",
    "Head of Service",
    "06/01/2026",
    "B. Member",
    "Director",
    "07/01/2026",
]
UP_TO_MONITORING: list[Answer] = [*DETAILS, *ONE * 10, *JUDGED, *DUTY]


def flat(prompts: list[Answer]) -> list[str]:
    return [line for item in prompts for line in ((item,) if isinstance(item, str) else item)]


@pytest.fixture
def env(eqia_dirs: EqiaDirs, tmp_path: Path) -> dict[str, str]:
    """The environment of `eqia`: its own folders, and a home folder of its own (where an
    export is offered when there is no documents folder)."""
    person = tmp_path / "person"
    person.mkdir()
    out = {k: v for k, v in os.environ.items() if not k.startswith(("EQIA_PLAIN", "XDG_"))}
    out.update(
        EQIA_HOME=str(eqia_dirs.home),
        EQIA_CONFIG_DIR=str(eqia_dirs.config),
        EQIA_STATE_DIR=str(eqia_dirs.state),
        HOME=str(person),
        TERM="xterm",
    )
    return out


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


def saved(home: Path) -> dict[str, Any]:
    return tomllib.loads((home / "drafts" / f"{DRAFT_ID}.toml").read_text(encoding="utf-8"))


# --- Through pipes ---------------------------------------------------------------------------


def test_a_piped_screening_is_refused_sign_off_then_finished_signed_and_exported(
    env: dict[str, str], eqia_dirs: EqiaDirs, tmp_path: Path
) -> None:
    # Sign-off before a reviewer's approval (kcc-eqia asks for one): refused, exit 2; what
    # was answered is kept.
    first = piped(
        env, "new", "--plain", "--title", TITLE, answers=[*flat(UP_TO_MONITORING), "sign"]
    )
    assert first.returncode == 2, first.stderr
    assert first.stderr.startswith("Not signed off. This assessment needs a reviewer's approval")
    data = saved(eqia_dirs.home)
    assert data["judgement"]["option"] == "screening-sufficient"
    assert "signed" not in data
    # Approved (a review in its file that holds as the answers change), sign-off while
    # answers are missing: refused, exit 2.
    draft = eqia_dirs.home / "drafts" / f"{DRAFT_ID}.toml"
    draft.write_text(tomli_w.dumps(approved(data)), encoding="utf-8")
    early = piped(env, "open", DRAFT_ID, "--plain", answers=["sign"])
    assert early.returncode == 2, early.stderr
    assert "Not ready to sign off: the check finds 9 errors." in early.stdout
    assert 'Error: "Review date" is empty' in early.stdout
    assert '  Where: Step 7, Monitoring and review: "Review date".' in early.stdout
    assert early.stderr.startswith("Not signed off: the check finds 9 errors")
    assert "signed" not in saved(eqia_dirs.home)
    # Then the rest, the check, a version, sign-off and exports, in one more run.
    page = tmp_path / "library.html"
    second = piped(
        env,
        "open",
        DRAFT_ID,
        "--plain",
        answers=[
            *flat([*MONITORING, *SIGNATURES]),
            "check",
            "version Screening finished",
            "Sam Patel",  # the name, asked once and kept
            "sign",
            "",  # the signer: Enter keeps the name
            "yes",
            f"export html {page}",
            "export docx",
            "",  # Enter keeps the file offered
            "",  # Enter at the summary: finished
        ],
    )
    assert second.returncode == 0, second.stderr
    out = second.stdout
    assert "Answer: check\nNo problems found.\n" in out
    assert "Saved version 0.1." in out
    assert "Signed off by Sam Patel as version 1.0. The answers are now locked" in out
    assert f"Exported to {page}\n" in out
    word = Path(env["HOME"]) / f"{DRAFT_ID}.docx"
    assert f"File to write (Enter keeps: {word}): " in out
    assert f"Exported to {word}\n" in out
    assert page.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert word.read_bytes().startswith(b"PK")
    data = saved(eqia_dirs.home)
    assert data["signed"]["by"] == "Sam Patel"
    assert [h["version"] for h in data["history"]] == ["0.1", "1.0"]
    assert "Sam Patel" in (eqia_dirs.config / "config.toml").read_text(encoding="utf-8")
    plain_only(first.stdout, first.stderr, early.stdout, early.stderr, second.stdout, second.stderr)


def test_a_piped_export_in_an_unknown_format_is_refused(
    env: dict[str, str], eqia_dirs: EqiaDirs
) -> None:
    # At a text question "export pdf" would be an answer: at a yes or no, it is the task.
    answers = [*flat(DETAILS), "export pdf"]
    result = piped(env, "new", "--plain", "--title", TITLE, answers=answers)
    assert result.returncode == 2
    assert result.stderr.strip() == (
        '"pdf" is not an export format; allowed: toml, json, md, html, docx, csv.'
    )
    assert saved(eqia_dirs.home)["details"]["directorate"] == "Growth"
    plain_only(result.stdout, result.stderr)


def test_the_start_menu_lists_the_drafts_and_opens_one(
    env: dict[str, str], eqia_dirs: EqiaDirs
) -> None:
    for title in ("Parking permits", TITLE):
        made = piped(env, "new", "--plain", "--title", title, answers=[])
        assert made.returncode == 0, made.stderr
    (eqia_dirs.home / "drafts" / "broken.toml").write_text("not = [toml", encoding="utf-8")
    # `eqia` alone, its input a pipe: plain mode without asking for it.
    result = piped(env, answers=["2", "quit", "quit"])
    assert result.returncode == 0, result.stderr
    out = result.stdout
    start = out.split("Choose: ")[0]  # the list before the first choice
    listed = [line for line in start.splitlines() if re.match(r"\d+\. ", line)]
    assert len(listed) == 3
    assert any(
        line.endswith("Questionnaire: kcc-eqia. Id: library-opening-hours.")
        and "% of required answers given. Suggested weighting: not yet" in line
        for line in listed
    )
    assert any("broken.toml cannot be read: " in line for line in listed)
    number = next(line.split(".")[0] for line in listed if "Id: parking-permits." in line)
    result = piped(env, answers=[number, "quit", "quit"])
    assert "Parking permits: Equality Impact Assessment." in result.stdout
    assert "Library opening hours: Equality" not in result.stdout
    plain_only(out, result.stdout, result.stderr)


def test_the_start_menu_deletes_a_draft_after_a_yes(
    env: dict[str, str], eqia_dirs: EqiaDirs
) -> None:
    piped(env, "new", "--plain", "--title", TITLE, answers=[])
    draft = eqia_dirs.home / "drafts" / f"{DRAFT_ID}.toml"
    result = piped(env, answers=["delete 1", "no", "quit"])
    assert "Not deleted." in result.stdout and draft.exists()
    result = piped(env, answers=["delete 1", "yes", "quit"])
    assert result.returncode == 0, result.stderr
    assert f"Deleted {TITLE}." in result.stdout and not draft.exists()
    assert "No drafts yet. Type new to start one." in result.stdout
    result = piped(env, answers=["delete 1", "maybe"])
    assert result.returncode == 2


def test_the_start_menu_opens_a_file_and_tidies_up(
    env: dict[str, str], eqia_dirs: EqiaDirs, tmp_path: Path
) -> None:
    piped(env, "new", "--plain", "--title", TITLE, answers=[])
    elsewhere = tmp_path / "shared.toml"
    elsewhere.write_bytes((eqia_dirs.home / "drafts" / f"{DRAFT_ID}.toml").read_bytes())
    leftover = eqia_dirs.home / "drafts" / f".{DRAFT_ID}.toml.abc123.tmp"
    leftover.write_text("half a save", encoding="utf-8")
    os.utime(leftover, (1_000_000_000, 1_000_000_000))  # long ago: not a save under way
    result = piped(env, answers=["tidy", f"file {elsewhere}", "Growth", "quit", "quit"])
    assert result.returncode == 0, result.stderr
    assert "1 temporary file was left in the drafts folder" in result.stdout
    assert "Removed 1 temporary file." in result.stdout
    assert not leftover.exists()
    assert f"The draft is saved in {elsewhere}." in result.stdout
    assert 'directorate = "Growth"' in elsewhere.read_text(encoding="utf-8")
    result = piped(env, answers=[f"file {tmp_path / 'missing.toml'}"])
    assert result.returncode == 2
    assert result.stderr == f"There is no file called missing.toml in {tmp_path}. Check the name.\n"


def test_a_wrong_choice_at_the_start_menu_from_a_pipe_exits_2(env: dict[str, str]) -> None:
    result = piped(env, answers=["fly"])
    assert result.returncode == 2
    assert result.stderr == '"fly" is not one of the choices: type new, file, help or quit.\n'


def test_an_output_that_closes_early_ends_quietly(env: dict[str, str]) -> None:
    """`eqia --plain | head -c 20`: the closed pipe is no bug, and nothing is left to log."""
    reader, writer = os.pipe()
    os.close(reader)  # nobody reads: the first line written finds the pipe closed
    with os.fdopen(writer, "w") as closed:
        result = subprocess.run(
            [str(EQIA), "--plain"],
            input="quit\n",
            stdout=closed,
            stderr=subprocess.PIPE,
            text=True,
            timeout=120,
            env=env,
        )
    assert result.returncode == 141
    assert "bug" not in result.stderr


# --- Through a pseudo-terminal ---------------------------------------------------------------


class Person:
    """Someone at a terminal: waits for each prompt before typing."""

    def __init__(self, env: dict[str, str], *args: str) -> None:
        self.log = io.StringIO()
        self.child = pexpect.spawn(
            str(EQIA),
            list(args),
            env=env,
            encoding="utf-8",
            timeout=60,
            dimensions=(24, 80),
        )
        self.child.logfile_read = self.log

    def expect(self, text: str) -> None:
        self.child.expect_exact(text)

    def type(self, line: str) -> None:
        self.child.sendline(line)

    def answer(self, item: Answer) -> None:
        """At the walk's prompt, one answer (a long one line by line)."""
        self.expect("Answer: ")
        for line in (item,) if isinstance(item, str) else item:
            self.type(line)

    def task(self, line: str) -> None:
        self.expect("Answer: ")
        self.type(line)


def test_a_whole_screening_at_a_terminal_from_the_start_menu(
    env: dict[str, str], eqia_dirs: EqiaDirs, tmp_path: Path
) -> None:
    person = Person(env, "--plain")
    person.expect("Choose: ")
    person.type("new")
    person.expect("Choose a number or a name (Enter for 1): ")
    person.type("")  # the usual questionnaire
    person.expect("Name of the policy, service or project: ")
    person.type(TITLE)
    for item in UP_TO_MONITORING:
        person.answer(item)
    # Sign-off before a reviewer's approval (kcc-eqia asks for one): refused, saying why.
    person.task("sign")
    person.expect("Not signed off. This assessment needs a reviewer's approval before sign-off")
    for item in [*MONITORING, *SIGNATURES]:
        person.answer(item)
    person.task("check")
    person.expect("No problems found.")
    person.task("version Screening finished")
    person.expect("Your name, for the version history (kept for next time): ")
    person.type("Sam Patel")
    person.expect("Saved version 0.1.")
    person.task("submit")
    person.expect("Saved. Review status: Submitted for review by Sam Patel on ")
    person.task("")  # finished for now: back to the start, and the draft is free
    person.expect("Choose: ")
    # A reviewer, with a settings folder and a name of their own, approves it.
    settings = tmp_path / "reviewer"
    save_config(Config(author=REVIEWER), settings / "config.toml")
    reviewer = {**env, "EQIA_CONFIG_DIR": str(settings)}
    approval = subprocess.run(
        [str(EQIA), "review", DRAFT_ID, "--plain"],
        input="approve\nyes\nquit\n",
        capture_output=True,
        text=True,
        timeout=120,
        env=reviewer,
    )
    assert approval.returncode == 0, approval.stderr
    assert f"Saved. Review status: Approved by {REVIEWER} on " in approval.stdout
    person.type("1")
    person.expect(f"Review status: Approved by {REVIEWER} on ")
    person.task("sign")
    person.expect("Name of the person signing (Enter keeps: Sam Patel): ")
    person.type("")
    person.expect("Answer yes or no: ")
    person.type("perhaps")  # asked again at a terminal
    person.expect("Answer yes or no: ")
    person.type("yes")
    person.expect("Signed off by Sam Patel as version 1.0.")
    page = tmp_path / "library.html"
    person.task(f"export html {page}")
    person.expect(f"Exported to {page}")
    person.task("export")
    person.expect("Choose a number or a name (Enter for 1): ")
    person.type("docx")
    person.expect("File to write (Enter keeps: ")
    person.type("")
    person.expect("Exported to ")
    person.task("")  # finished: back to the start
    person.expect("Your drafts, newest first (1):")
    person.expect("1. Library opening hours. 100% of required answers given.")
    person.expect("Choose: ")
    person.type("1")
    person.expect("This assessment is signed off, so its answers are read only.")
    person.task("")
    person.expect("Choose: ")
    person.type("quit")
    person.child.expect(pexpect.EOF)
    person.child.close()
    assert person.child.exitstatus == 0
    assert page.is_file()
    assert (Path(env["HOME"]) / f"{DRAFT_ID}.docx").is_file()
    assert saved(eqia_dirs.home)["signed"]["by"] == "Sam Patel"
    plain_only(person.log.getvalue(), approval.stdout, approval.stderr)
