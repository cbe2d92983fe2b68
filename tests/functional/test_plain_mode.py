"""Plain mode from outside, as its users meet it: the installed `eqia` through a
pseudo-terminal (pexpect, as a screen reader user types) and through pipes (as a script
does), then the same draft in the wizard."""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
import tomllib
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pexpect
import tomli_w

from eqia_tui.core.disk.draft_lock import DraftLock
from eqia_tui.core.signing import sign
from eqia_tui.core.storage.registry import Registry
from eqia_tui.core.storage.store import load_file, write_file
from hostile import HOSTILE
from unit.helpers import ready_to_sign

from .helpers import EXAMPLE, answer, approved, example_answers, field, make_app, settle, wizard
from .keys import go_to_characteristic, go_to_step

EQIA = Path(sys.executable).with_name("eqia")
KCC = Registry(None).get("kcc-eqia")
TITLE = "Parking permits"
DRAFT_ID = "parking-permits"

Answer = str | tuple[str, ...]
"""What is typed at one prompt: a line, or the lines of a long answer (its last is ".")."""

DETAILS: list[Answer] = [
    "Environment and Transport",  # directorate (the title is given with --title)
    "",  # the name: Enter keeps "Parking permits"
    (  # what is assessed: a long answer
        "Permits for residents to park near their homes.",
        "The permits are sold online and at the council office.",
        ".",
    ),
    "Priya Shah",  # owner
    "01/12/2026",  # screening date
    "",  # full assessment date: optional, left
    "",  # decision-maker (kcc-eqia 1.2): optional, left
    "",  # decision date (kcc-eqia 1.2): optional, left
]
NOTHING: list[Answer] = ["n", "4", "none", "", "no"]
"""One characteristic: not treated less well, no positive or negative impact, no action
written (optional here), does not promote equal opportunities."""
DISABILITY: list[Answer] = [
    "yes",
    ("The office has steps at its door, and the online form fails with a screen reader.", "."),
    "low",
    "1",  # negative impact: High
    ("Put in a ramp, and fix the form.", "."),
    "no",
    "",  # evidence (kcc-eqia 1.2, asked for a high impact): optional, left
]
SCREENING: list[Answer] = [*NOTHING, *DISABILITY, *NOTHING * 8]
PROMPTS: list[Answer] = [*DETAILS, *SCREENING]
"""Everything up to the weighting question, prompt by prompt."""


def flat(prompts: list[Answer]) -> list[str]:
    """The lines a script pipes in for these prompts."""
    return [line for item in prompts for line in ((item,) if isinstance(item, str) else item)]


ANSWERS = flat(PROMPTS)

BOX_DRAWING = re.compile("[\u2500-\u259f\u25cb\u25d0\u2713\u2714\u2717\u280b-\u28ff]")
"""Box drawing, block elements, the wizard's status marks and spinner dots."""


def draft_file(home: Path) -> Path:
    return home / "drafts" / f"{DRAFT_ID}.toml"


def piped(
    *args: str, answers: list[str], env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(EQIA), *args],
        input="".join(f"{line}\n" for line in answers),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        env=env,
    )


def read(path: Path) -> dict[str, Any]:
    return tomllib.loads(path.read_text(encoding="utf-8"))


def assert_plain(text: str) -> None:
    """No escape sequence, no other control character, no box drawing or marks."""
    assert "\x1b" not in text
    assert not [c for c in text if (ord(c) < 0x20 and c not in "\n\r\t") or 0x7F <= ord(c) <= 0x9F]
    assert not BOX_DRAWING.findall(text), BOX_DRAWING.findall(text)


def assert_screened(data: dict[str, Any]) -> None:
    assert data["details"]["directorate"] == "Environment and Transport"
    assert data["details"]["title"] == TITLE
    assert data["details"]["subject"].splitlines() == list(DETAILS[2][:2])
    assert data["details"]["screening_date"] == date(2026, 12, 1)
    assert data["screening"]["disability"]["negative_impact"] == "high"
    assert data["screening"]["disability"]["affects_less_favourably"] is True
    assert data["screening"]["carers"] == {
        "affects_less_favourably": False,
        "positive_impact": "none",
        "negative_impact": "none",
        "promotes_equal_opportunities": False,
    }
    assert "proportionality" not in data, "the suggested weighting is never stored unasked"


# --- Through a pipe ---------------------------------------------------------------------------


def test_a_whole_screening_through_a_pipe(eqia_dirs: Any) -> None:
    result = piped("new", "--plain", "--title", TITLE, answers=ANSWERS)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    out = result.stdout
    assert_plain(out)
    assert "Step 1 of 9: About the policy." in out
    assert "Age, characteristic 1 of 10." in out
    assert "Carers, characteristic 10 of 10." in out
    assert "\nStep 3 of 9: Overview. Done.\n" in out
    intro = KCC.section("screening").intro  # type: ignore[union-attr]
    assert out.count(intro) == 1, "the introduction is said once, not for each characteristic"
    assert "Suggested weighting: High. It is only stored if you choose it." in out
    why = out.split("Suggested weighting: High.", 1)[1].splitlines()[1]
    assert why.startswith("Why: ") and "Disability" in why
    assert "1. High (suggested)" in out
    assert f"Saved. The draft is in {draft_file(eqia_dirs.home)}." in out
    assert_screened(read(draft_file(eqia_dirs.home)))


def test_each_question_is_a_block_said_once(eqia_dirs: Any) -> None:
    out = piped("new", "--plain", "--title", TITLE, answers=flat(DETAILS[:1])).stdout
    block = out.split("Directorate\n", 1)[1].split("\n\n", 1)[0]
    assert block.splitlines() == [
        "Required.",
        "Type your answer on one line.",
        "Enter leaves it unanswered.",
        "Answer: Environment and Transport",
        "Saved.",
    ]
    assert out.count("Directorate\n") == 1


def test_a_wrong_piped_answer_stops_naming_the_question(eqia_dirs: Any) -> None:
    answers = [*flat([*DETAILS, *NOTHING]), "maybe", "4"]
    result = piped("new", "--plain", "--title", TITLE, answers=answers)
    assert result.returncode == 2
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("screening.disability.affects_less_favourably (")
    assert '"maybe" is not one of the answers.' in lines[0]
    assert lines[0].endswith("Allowed answers: 1 Yes or 2 No.")
    assert "Traceback" not in result.stderr
    data = read(draft_file(eqia_dirs.home))
    assert data["details"]["owner"] == "Priya Shah"
    assert data["screening"]["age"]["positive_impact"] == "none", "earlier answers are kept"
    assert "disability" not in data["screening"]


def test_a_wrong_piped_date_says_how_to_write_it(eqia_dirs: Any) -> None:
    result = piped(
        "new", "--plain", "--title", TITLE, answers=[*flat(DETAILS[:3]), "Priya", "04/01/17"]
    )
    assert result.returncode == 2
    label = KCC.resolve("details.screening_date")[1].label  # type: ignore[index]
    assert result.stderr.splitlines() == [
        f"details.screening_date ({label}): Write the year in four figures, like 04/01/2017. "
        "Allowed answers: a date written as day/month/year, such as 01/12/2026."
    ]


def test_walking_without_answering_changes_nothing(eqia_dirs: Any) -> None:
    assert piped("new", "--plain", "--title", TITLE, answers=ANSWERS).returncode == 0
    path = draft_file(eqia_dirs.home)
    before = path.read_bytes()
    walk = [
        "jump 1",
        "",
        "",
        "",
        "skip",
        "jump Proportionality",
        "",
        "",
        "status",
        "?",
        "back",
        "jump Disability",
        "skip",
        "save",
        "jump 9",
        "quit",
    ]
    result = piped("open", DRAFT_ID, "--plain", answers=walk)
    assert result.returncode == 0, result.stderr
    assert path.read_bytes() == before
    assert not list(path.parent.glob(".*.holder")), "the lock is let go"


def test_jump_back_skip_status_and_help(eqia_dirs: Any) -> None:
    assert piped("new", "--plain", "--title", TITLE, answers=ANSWERS).returncode == 0
    walk = [
        "status",
        "jump disability",
        "?",
        "skip",
        "back",
        "\\back",  # a command word as an answer: refused as a yes or no
    ]
    result = piped("open", DRAFT_ID, "--plain", answers=walk)
    out = result.stdout
    # Opening lands on the first question still to answer: the weighting.
    assert "Starting at the first question still to answer." in out
    status = out.split("Answer: status\n", 1)[1]
    assert status.startswith("12 required answers still to give:\nProportionality: Weighting\n")
    assert "Suggested weighting: High." in status
    jumped = out.split("Answer: jump disability\n", 1)[1]
    assert jumped.startswith("\nStep 2 of 9: Screening grid. Done.\n")
    assert "Disability, characteristic 2 of 10. Done." in jumped
    helped = out.split("Answer: ?\n", 1)[1]
    assert helped.startswith("Help: ")
    assert "back: go back to the question before" in helped
    assert "jump: go to a step by its number or its title" in helped
    skipped = out.split("Answer: skip\n", 1)[1].split("Answer:")[0]
    assert "The answer now is:" in skipped and "Enter keeps the answer above." in skipped
    backed = out.split("Answer: back\n", 1)[1]
    assert "Enter keeps: Yes" in backed.split("Answer:")[0]
    assert result.returncode == 2
    assert "Allowed answers: 1 Yes or 2 No." in result.stderr


def test_the_action_plan_adds_changes_and_removes_rows(eqia_dirs: Any) -> None:
    decide = ["1", "One group could be harmed.", ".", "2", "A ramp deals with it.", "."]
    first = ["add", "2", "Steps at the door.", ".", "Put in a ramp.", ".", "", "Estates"]
    first += ["By March", "01/03/2027", ""]
    second = ["add", "all", "Signs are hard to read.", ".", "New signs.", ".", "", "Comms"]
    second += ["Ongoing", "", ""]
    # Enter keeps each answer; a backslash makes "back" an answer; skip leaves the rest.
    edit = ["change 2", "", "", "", "", "\\back", "skip", "skip", "skip"]
    remove = ["remove 1", "no", "remove 1", "yes", "done", "quit"]
    answers = [*ANSWERS, *decide, *first, *second, *edit, *remove]
    result = piped("new", "--plain", "--title", TITLE, answers=answers)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "Because of this answer, this step is now asked: Action plan." in out
    assert "There is no action yet." in out
    assert "Action 1 kept." in out and "Action 1 removed." in out
    (row,) = read(draft_file(eqia_dirs.home))["action_plan"]["actions"]
    assert row == {
        "characteristics": "all",
        "issue": "Signs are hard to read.",
        "action": "New signs.",
        "owner": "back",
        "timescale": "Ongoing",
    }


def test_a_wrong_piped_answer_in_a_row_names_its_column(eqia_dirs: Any) -> None:
    decide = ["1", "One group could be harmed.", ".", "2", "A ramp deals with it.", "."]
    row = ["add", "2", "Steps at the door.", ".", "Put in a ramp.", ".", "", "Estates"]
    row += ["By March", "31/02/2027"]
    result = piped("new", "--plain", "--title", TITLE, answers=[*ANSWERS, *decide, *row])
    assert result.returncode == 2
    (line,) = result.stderr.splitlines()
    assert line.startswith("action_plan.actions[0].due (")
    assert "There is no such date: February 2027 has no day 31." in line
    (kept,) = read(draft_file(eqia_dirs.home))["action_plan"]["actions"]
    assert kept["timescale"] == "By March"


def test_a_draft_held_elsewhere_opens_read_only(eqia_dirs: Any) -> None:
    """More in test_plain_mode_held.py."""
    assert piped("new", "--plain", "--title", TITLE, answers=[]).returncode == 0
    path = draft_file(eqia_dirs.home)
    before = path.read_bytes()
    lock = DraftLock(path)
    assert lock.acquire() is None
    try:
        result = piped("open", DRAFT_ID, "--plain", answers=["Environment"])
    finally:
        lock.release()
    said = "The answers are read only here. To change them, close it there, then type check again."
    held = [
        line for line in result.stdout.splitlines() if line.startswith("Open in another window: ")
    ]
    assert len(held) == 1 and held[0].endswith(said)
    assert result.returncode == 2, "a piped answer to a draft held elsewhere is refused"
    assert result.stderr.splitlines() == [f"details.directorate: {held[0]}"]
    assert path.read_bytes() == before


def test_a_signed_draft_is_read_only(eqia_dirs: Any) -> None:
    data = approved(ready_to_sign(example_answers(), datetime(2030, 1, 1).date()))
    path = eqia_dirs.home / "drafts" / EXAMPLE.name
    path.parent.mkdir(parents=True)
    path.write_text(tomli_w.dumps(data), encoding="utf-8")
    loaded = load_file(path, Registry(eqia_dirs.home))
    sign(loaded.questionnaire, loaded.assessment, "A. Officer", datetime(2026, 11, 23, tzinfo=UTC))
    write_file(path, loaded.questionnaire, loaded.assessment)
    before = path.read_bytes()
    result = piped("open", path.stem, "--plain", answers=["jump 1", "New directorate"])
    assert result.returncode == 2
    said = (
        "This assessment is signed off, so its answers are read only. Type reopen to change them."
    )
    assert said in result.stdout.splitlines()
    assert result.stderr.splitlines() == [f"details.directorate: {said}"]
    assert "Every required answer is given." in result.stdout, "it opens on the summary"
    assert path.read_bytes() == before


def test_hostile_text_is_shown_never_acted_on(eqia_dirs: Any) -> None:
    answers = [
        f"Directorate {HOSTILE}",
        "",
        f"Subject {HOSTILE}",
        ".",
        f"Owner {HOSTILE}",
        "01/12/2026",
        "",
        "",
        "",
    ]
    answers += flat(NOTHING) * 10
    assert (
        piped(
            "new", "--plain", "--title", f"Title {HOSTILE}", "--id", DRAFT_ID, answers=answers
        ).returncode
        == 0
    )
    walk = ["jump 1", "", "", "", "", "", "", "jump 3", "status", "?", "quit"]
    result = piped("open", DRAFT_ID, "--plain", answers=walk)
    assert result.returncode == 0, result.stderr
    assert "Directorate \u241b]0;PWNED" in result.stdout
    assert_plain(result.stdout + result.stderr)


# --- Plain mode and the wizard share the draft --------------------------------------------------


async def test_a_draft_started_in_plain_mode_is_finished_in_the_wizard(eqia_dirs: Any) -> None:
    assert piped("new", "--plain", "--title", TITLE, answers=ANSWERS).returncode == 0
    path = draft_file(eqia_dirs.home)
    app = make_app(eqia_dirs.home, open_path=path)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        assert wizard(app).held_by is None, "plain mode let the draft go"
        assert field(app, "directorate").value == "Environment and Transport"
        await go_to_step(pilot, "screening")
        await go_to_characteristic(pilot, "disability")
        assert field(app, "affects_less_favourably").value is True
        assert field(app, "negative_impact").value == "high"
        assert field(app, "action_details").value == "Put in a ramp, and fix the form."
        await go_to_step(pilot, "proportionality")
        await answer(pilot, "rating", "high")
        await settle(pilot)
        await pilot.press("ctrl+q")
        await settle(pilot)
    assert read(path)["proportionality"]["rating"] == "high"
    # And back in plain mode, the wizard's answer is the default.
    result = piped("open", DRAFT_ID, "--plain", answers=["jump proportionality", "quit"])
    assert result.returncode == 0, result.stderr
    assert "Enter keeps: High" in result.stdout


# --- Through a pseudo-terminal ----------------------------------------------------------------


def test_a_whole_screening_at_a_terminal(eqia_dirs: Any) -> None:
    seen = io.StringIO()
    child = pexpect.spawn(
        str(EQIA),
        ["new", "--plain", "--title", TITLE],
        encoding="utf-8",
        timeout=30,
        dimensions=(24, 80),
        env={**os.environ, "TERM": "xterm-256color"},
    )
    child.logfile_read = seen
    for item in PROMPTS:
        child.expect_exact("Answer: ")
        for line in (item,) if isinstance(item, str) else item:
            child.sendline(line)
    child.expect_exact("Suggested weighting: High. It is only stored if you choose it.")
    child.expect_exact("1. High (suggested)")
    child.expect_exact("Answer: ")
    child.sendline("maybe")  # a wrong answer at a terminal is asked again
    child.expect_exact(
        '"maybe" is not one of the answers. Allowed answers: 1 High, 2 Medium or 3 Low.'
    )
    child.expect_exact("Answer: ")
    child.sendline("quit")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    out = seen.getvalue()
    assert_plain(out.replace("\r", ""))
    assert f"Saved. The draft is in {draft_file(eqia_dirs.home)}." in out
    assert_screened(read(draft_file(eqia_dirs.home)))
