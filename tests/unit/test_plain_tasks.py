"""Plain mode's tasks (check, sign, reopen, version, export), driven through `TASKS` with
lines read from a string: as typed at a terminal, or piped in."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from conftest import EqiaDirs
from eqia_tui.core.checks import check
from eqia_tui.core.review.comments import add_comment
from eqia_tui.core.signing import approve, submit
from eqia_tui.core.storage.config import Config, load_config, save_config
from eqia_tui.core.storage.registry import Registry
from eqia_tui.core.storage.store import Store
from eqia_tui.exports import FORMATS
from eqia_tui.plain.draft import NotSaved, PlainDraft, create
from eqia_tui.plain.lines import Lines, Refused
from eqia_tui.plain.tasks import HELP, TASKS

from .helpers import complete_answers

DRAFT_ID = "library-opening-hours"
UNSAFE = re.compile("[\x1b\u2500-\u257f]")
"""An escape character, or a box-drawing one: never in plain mode's output."""


class Talk:
    """Lines over a string of answers; what was said is in `out`."""

    def __init__(self, answers: str, interactive: bool = False) -> None:
        self.sink = io.StringIO()
        self.lines = Lines(io.StringIO(answers), self.sink, interactive)

    @property
    def out(self) -> str:
        said = self.sink.getvalue()
        assert not UNSAFE.search(said), said
        return said


@pytest.fixture
def store(eqia_dirs: EqiaDirs, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Store:
    # The export folder is the documents folder, else the home folder: a fresh one here.
    monkeypatch.setenv("HOME", str(tmp_path / "person"))
    monkeypatch.delenv("XDG_DOCUMENTS_DIR", raising=False)
    (tmp_path / "person").mkdir()
    return Store(eqia_dirs.home, Registry(eqia_dirs.home))


def _draft(store: Store, answers: dict[str, object] | None, approved: bool = True) -> PlainDraft:
    """A draft with these answers; `approved` by a reviewer (kcc-eqia needs it for sign-off)."""
    draft = create(store, store.registry.get("kcc-eqia"), "Library opening hours", DRAFT_ID)
    if answers is not None:
        draft.assessment.answers = answers
    if approved:
        at = datetime.now().astimezone()
        submit(draft.questionnaire, draft.assessment, "An Officer", at)
        approve(draft.questionnaire, draft.assessment, "A Reviewer", at)
    draft.save()
    return draft


def ready() -> dict[str, Any]:
    """Every required answer, with no error: the review date a year ahead of today."""
    answers = complete_answers()
    answers["monitoring"]["review_date"] = date.today() + timedelta(days=365)
    return answers


@pytest.fixture
def complete(store: Store) -> Iterator[PlainDraft]:
    """A draft with every required answer and no error: ready to sign off."""
    draft = _draft(store, ready())
    yield draft
    draft.close()


@pytest.fixture
def started(store: Store) -> Iterator[PlainDraft]:
    """A draft with only its details answered: missing answers stop sign-off."""
    draft = _draft(store, {"details": complete_answers()["details"]})
    yield draft
    draft.close()


def _on_disk(draft: PlainDraft) -> bytes:
    return draft.path.read_bytes()


def _named(author: str = "Sam Patel") -> None:
    save_config(Config(author=author))


# --- check -----------------------------------------------------------------------------------


def test_check_says_each_finding_in_words_errors_first(started: PlainDraft) -> None:
    talk = Talk("")
    TASKS["check"](started, talk.lines, "")
    findings = check(started.questionnaire, started.assessment, date.today())
    assert any(f.severity == "error" for f in findings)
    said = talk.out.splitlines()
    kinds = [line.split(":")[0] for line in said if line.startswith(("Error:", "Warning:"))]
    assert len(kinds) == len(findings)
    assert kinds == sorted(kinds, key=lambda k: k != "Error")  # errors first
    assert sum(1 for line in said if line.startswith("  Where: Step ")) == len(findings)
    assert sum(1 for line in said if line.startswith("  What to do: ")) == len(findings)
    assert "  Where: Step 2, Screening grid: Age.\n" in talk.out
    assert '  Where: Step 1, About the policy: "' not in talk.out  # answered
    assert said[-1].startswith("Found ")


def test_check_of_a_complete_draft_finds_no_error(complete: PlainDraft) -> None:
    talk = Talk("")
    TASKS["check"](complete, talk.lines, "")
    assert "Error:" not in talk.out
    assert talk.out.splitlines()[-1] in ("No problems found.",) or "error" not in talk.out


# --- sign ------------------------------------------------------------------------------------


def test_sign_from_a_pipe_is_refused_while_answers_are_missing(started: PlainDraft) -> None:
    before = _on_disk(started)
    talk = Talk("Sam Patel\nyes\n")
    with pytest.raises(Refused, match=r"Not signed off: the check finds \d+ errors") as refused:
        TASKS["sign"](started, talk.lines, "")
    # The legal tests' errors (kcc-eqia 1.2) could be waived, the missing answers cannot.
    assert str(refused.value).endswith(
        "(listed above). A missing answer cannot be waived: answer it, then sign off."
    )
    assert "cannot be waived" in talk.out  # the list marks the errors only an answer clears
    assert "Error: " in talk.out and "  Where: Step " in talk.out
    assert started.assessment.signed is None
    assert _on_disk(started) == before


def test_sign_at_a_terminal_says_why_not_and_goes_on(started: PlainDraft) -> None:
    before = _on_disk(started)
    talk = Talk("", interactive=True)
    TASKS["sign"](started, talk.lines, "")
    assert talk.out.splitlines()[-1].startswith("Not signed off: the check finds ")
    assert _on_disk(started) == before


def test_sign_asks_the_name_once_then_signs_and_locks(complete: PlainDraft) -> None:
    talk = Talk("Sam Patel\n\nyes\n")  # name kept, Enter keeps it as the signer, yes
    TASKS["sign"](complete, talk.lines, "")
    assert "Your name, for the version history (kept for next time): Sam Patel" in talk.out
    assert "Name of the person signing (Enter keeps: Sam Patel): " in talk.out
    assert "Signed off by Sam Patel as version 1.0." in talk.out
    assert "locked" in talk.out
    assert load_config().author == "Sam Patel"
    again = complete.store.load(DRAFT_ID).assessment
    assert again.signed is not None and again.signed["by"] == "Sam Patel"
    # Signing twice is not possible: it says so.
    talk = Talk("")
    TASKS["sign"](complete, talk.lines, "")
    assert "already signed off" in talk.out


def test_sign_takes_another_signer(complete: PlainDraft) -> None:
    _named()
    talk = Talk("Jo Head\ny\n")
    TASKS["sign"](complete, talk.lines, "")
    assert "Your name" not in talk.out  # kept from before
    signed = complete.store.load(DRAFT_ID).assessment.signed
    assert signed is not None and signed["by"] == "Jo Head"


def test_sign_no_leaves_it_unsigned(complete: PlainDraft) -> None:
    _named()
    before = _on_disk(complete)
    talk = Talk("\nno\n")
    TASKS["sign"](complete, talk.lines, "")
    assert "Not signed off." in talk.out
    assert _on_disk(complete) == before


def test_sign_refuses_an_answer_that_is_not_yes_or_no_from_a_pipe(complete: PlainDraft) -> None:
    _named()
    before = _on_disk(complete)
    with pytest.raises(Refused, match='"perhaps" is not an answer to: Sign off as Sam Patel'):
        TASKS["sign"](complete, Talk("\nperhaps\nyes\n").lines, "")
    assert _on_disk(complete) == before


def test_sign_asks_again_at_a_terminal(complete: PlainDraft) -> None:
    _named()
    talk = Talk("\nperhaps\nyes\n", interactive=True)
    TASKS["sign"](complete, talk.lines, "")
    assert "Answer yes or no." in talk.out
    assert complete.store.load(DRAFT_ID).assessment.signed is not None


def test_end_of_input_cancels_sign_off(complete: PlainDraft) -> None:
    _named()
    before = _on_disk(complete)
    talk = Talk("\n")
    TASKS["sign"](complete, talk.lines, "")
    assert talk.out.splitlines()[-1] == "Cancelled: the input ended, so nothing was written."
    assert _on_disk(complete) == before


def test_sign_off_despite_an_error_records_a_waiver(store: Store) -> None:
    answers = ready()
    answers["monitoring"]["review_date"] = date(2020, 1, 1)
    draft = _draft(store, answers)
    try:
        _named()
        talk = Talk("yes\nThe review is booked for next month.\n\nyes\n")
        TASKS["sign"](draft, talk.lines, "")
        assert "Error: The review date, 01/01/2020, has passed." in talk.out
        assert "Sign off despite these errors?" in talk.out
        assert "with 1 error waived" in talk.out
        signed = store.load(DRAFT_ID).assessment.signed
        assert signed is not None
        assert signed["waivers"][0]["finding"] == "review-date-passed"
        assert signed["waivers"][0]["reason"] == "The review is booked for next month."
    finally:
        draft.close()


def test_no_waiver_is_offered_while_an_answer_is_missing(store: Store) -> None:
    answers = ready()
    answers["monitoring"]["review_date"] = date(2020, 1, 1)  # may be waived
    del answers["monitoring"]["arrangements"]  # may not: it must be answered
    draft = _draft(store, answers)
    try:
        talk = Talk("", interactive=True)
        TASKS["sign"](draft, talk.lines, "")
        said = talk.out
        assert "Error: The review date, 01/01/2020, has passed." in said
        assert said.count(" A missing answer cannot be waived.") == 1
        assert "Sign off despite" not in said
        assert said.splitlines()[-1].endswith(
            "A missing answer cannot be waived: answer it, then sign off."
        )
        assert draft.assessment.signed is None
    finally:
        draft.close()


def test_sign_off_without_a_waiver_is_refused_from_a_pipe(store: Store) -> None:
    answers = ready()
    answers["monitoring"]["review_date"] = date(2020, 1, 1)
    draft = _draft(store, answers)
    try:
        with pytest.raises(Refused, match="no waiver was given"):
            TASKS["sign"](draft, Talk("no\n").lines, "")
        assert draft.assessment.signed is None
    finally:
        draft.close()


# --- reopen ----------------------------------------------------------------------------------


def test_reopen_asks_first_then_clears_the_sign_off(complete: PlainDraft) -> None:
    _named()
    TASKS["sign"](complete, Talk("\nyes\n").lines, "")
    talk = Talk("no\n")
    TASKS["reopen"](complete, talk.lines, "")
    assert "Not reopened" in talk.out
    assert complete.store.load(DRAFT_ID).assessment.signed is not None
    talk = Talk("yes\n")
    TASKS["reopen"](complete, talk.lines, "")
    assert "Reopened as version 1.1. You can change answers again." in talk.out
    assert complete.store.load(DRAFT_ID).assessment.signed is None


def test_reopen_of_a_draft_not_signed_says_so(started: PlainDraft) -> None:
    talk = Talk("")
    TASKS["reopen"](started, talk.lines, "")
    assert "not signed off" in talk.out


# --- version ---------------------------------------------------------------------------------


def test_version_asks_the_name_once_and_keeps_it(started: PlainDraft) -> None:
    talk = Talk("Sam Patel\nFirst draft of the details\n")
    TASKS["version"](started, talk.lines, "")
    assert "Saved version 0.1." in talk.out
    talk = Talk("")
    TASKS["version"](started, talk.lines, "Added the screening")
    assert "Your name" not in talk.out
    assert "Saved version 0.2." in talk.out
    history = started.store.load(DRAFT_ID).assessment.history
    assert [(h["version"], h["author"], h["comment"]) for h in history] == [
        ("0.1", "Sam Patel", "First draft of the details"),
        ("0.2", "Sam Patel", "Added the screening"),
    ]


def test_version_needs_a_comment(started: PlainDraft) -> None:
    _named()
    before = _on_disk(started)
    with pytest.raises(Refused, match="an answer is needed"):
        TASKS["version"](started, Talk("\n").lines, "")
    assert _on_disk(started) == before


# --- export ----------------------------------------------------------------------------------


def test_export_to_a_path_given(complete: PlainDraft, tmp_path: Path) -> None:
    out = tmp_path / "out.html"
    talk = Talk("")
    TASKS["export"](complete, talk.lines, f"html {out}")
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert f"Exported to {out}\n" in talk.out


def test_export_lists_the_formats_by_number_and_offers_a_file(complete: PlainDraft) -> None:
    talk = Talk("5\n\n")  # Word, and Enter keeps the file offered
    TASKS["export"](complete, talk.lines, "")
    for number, name in enumerate(FORMATS, 1):
        assert re.search(rf"^{number}\. {name}: ", talk.out, re.MULTILINE)
    offered = Path.home() / f"{DRAFT_ID}.docx"
    assert f"File to write (Enter keeps: {offered}): " in talk.out
    assert offered.read_bytes().startswith(b"PK")


def test_export_docx_offers_the_file(complete: PlainDraft) -> None:
    talk = Talk("\n")
    TASKS["export"](complete, talk.lines, "docx")
    assert (Path.home() / f"{DRAFT_ID}.docx").is_file()


def _comment_on(draft: PlainDraft) -> None:
    """A reviewer's open comment on the whole assessment: "Who uses it?"."""
    at = datetime.now().astimezone()
    add_comment(draft.questionnaire, draft.assessment, "", "A Reviewer", at, "Who uses it?")


@pytest.mark.parametrize(
    ("answer", "kept"), [("leave\n", False), ("2\n", False), ("keep\n", True), ("\n", True)]
)
def test_export_asks_whether_to_keep_the_review_comments(
    complete: PlainDraft, tmp_path: Path, answer: str, kept: bool
) -> None:
    # As the app asks, and `eqia export --no-comments`: a copy to publish leaves them out.
    _comment_on(complete)
    out = tmp_path / "out.html"
    talk = Talk(answer)
    TASKS["export"](complete, talk.lines, f"html {out}")
    assert "This assessment has 1 comment from its review, 1 still open." in talk.out
    assert "Keep the comment?\n1. keep: keep it in the export\n2. leave: leave it out" in talk.out
    assert ("Who uses it?" in out.read_text(encoding="utf-8")) is kept
    assert "Review" in out.read_text(encoding="utf-8"), "the status history stays either way"


@pytest.mark.parametrize(("flag", "kept"), [("--no-comments", False), ("--comments", True)])
def test_export_takes_the_answer_about_comments_in_advance(
    complete: PlainDraft, tmp_path: Path, flag: str, kept: bool
) -> None:
    # A script, or a person who knows `eqia export --no-comments`: no question asked.
    _comment_on(complete)
    out = tmp_path / "out.html"
    talk = Talk("")
    TASKS["export"](complete, talk.lines, f"html {out} {flag}")
    assert "Keep the comment?" not in talk.out
    assert ("Who uses it?" in out.read_text(encoding="utf-8")) is kept
    assert not (tmp_path / f"out.html {flag}").exists()


def test_export_asks_to_replace_a_file_before_asking_about_comments(
    complete: PlainDraft, tmp_path: Path
) -> None:
    # The questions about the file come together, first; then the one about its content.
    _comment_on(complete)
    out = tmp_path / "out.html"
    out.write_text("old", encoding="utf-8")
    talk = Talk("yes\nleave\n")
    TASKS["export"](complete, talk.lines, f"html {out}")
    assert talk.out.index("already exists") < talk.out.index("Keep the comment?")
    assert "Who uses it?" not in out.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("rest", "written"),
    [
        ("html --no-comments {out}", True),  # anywhere in the line
        ("html {out} --NO-COMMENTS", True),  # in any case
        ("html {out} --no-comments --comments", False),  # both: not meant
        ("toml {out} --no-comments", False),  # a data file keeps the whole file
        ("toml --no-comments", False),  # said before the file is asked
    ],
)
def test_the_comments_flag_is_never_part_of_the_file_name(
    complete: PlainDraft, tmp_path: Path, rest: str, written: bool
) -> None:
    _comment_on(complete)
    folder = tmp_path / "exports"
    folder.mkdir()
    out = folder / ("out.toml" if rest.startswith("toml") else "out.html")
    talk = Talk("")  # nothing more to say: no question is asked
    line = rest.format(out=out)
    if written:
        TASKS["export"](complete, talk.lines, line)
        assert "Who uses it?" not in out.read_text(encoding="utf-8")
    else:
        with pytest.raises(Refused, match=r"^Not exported: "):
            TASKS["export"](complete, talk.lines, line)
        assert not out.exists()
    assert "Keep the comment?" not in talk.out and "File to write" not in talk.out
    assert sorted(p.name for p in folder.iterdir()) == (["out.html"] if written else [])


def test_export_asks_nothing_of_comments_for_a_data_format(
    complete: PlainDraft, tmp_path: Path
) -> None:
    _comment_on(complete)
    out = tmp_path / "out.toml"
    talk = Talk("")
    TASKS["export"](complete, talk.lines, f"toml {out}")
    assert "comments" not in talk.out.lower()
    assert "Who uses it?" in out.read_text(encoding="utf-8")


def test_a_file_name_typed_alone_goes_in_the_folder_offered(complete: PlainDraft) -> None:
    talk = Talk("notes.md\n")
    TASKS["export"](complete, talk.lines, "md")
    assert (Path.home() / "notes.md").read_text(encoding="utf-8").startswith("# ")
    assert f"Exported to {Path.home() / 'notes.md'}\n" in talk.out


def test_export_asks_when_the_name_is_of_another_format(
    complete: PlainDraft, tmp_path: Path
) -> None:
    out = tmp_path / "report.docx"
    talk = Talk("no\n")
    TASKS["export"](complete, talk.lines, f"html {out}")
    assert "report.docx is named like a Word document, but the export is a web page" in talk.out
    assert "Not exported." in talk.out and not out.exists()
    TASKS["export"](complete, Talk("yes\n").lines, f"html {out}")
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_export_asks_before_replacing_a_file(complete: PlainDraft, tmp_path: Path) -> None:
    out = tmp_path / "out.md"
    out.write_text("keep me", encoding="utf-8")
    talk = Talk("no\n")
    TASKS["export"](complete, talk.lines, f"md {out}")
    assert "already exists. Replace it with this export?" in talk.out
    assert out.read_text(encoding="utf-8") == "keep me"
    TASKS["export"](complete, Talk("yes\n").lines, f"md {out}")
    assert out.read_text(encoding="utf-8").startswith("# ")


def test_export_refuses_an_unknown_format_from_a_pipe(complete: PlainDraft) -> None:
    with pytest.raises(Refused) as refused:
        TASKS["export"](complete, Talk("").lines, "pdf")
    assert str(refused.value) == (
        '"pdf" is not an export format; allowed: toml, json, md, html, docx, csv.'
    )


def test_export_asks_again_for_an_unknown_format_at_a_terminal(
    complete: PlainDraft, tmp_path: Path
) -> None:
    out = tmp_path / "plan.csv"
    talk = Talk(f"csv\n{out}\n", interactive=True)
    TASKS["export"](complete, talk.lines, "pdf")
    assert '"pdf" is not one of the choices' in talk.out
    assert out.is_file()


def test_export_to_a_missing_folder_is_refused_from_a_pipe(
    complete: PlainDraft, tmp_path: Path
) -> None:
    with pytest.raises(Refused, match="There is no folder"):
        TASKS["export"](complete, Talk("").lines, f"html {tmp_path / 'nowhere' / 'x.html'}")


def test_help_has_a_line_for_every_task() -> None:
    assert set(HELP) == set(TASKS) == {"check", "sign", "reopen", "version", "export", "upgrade"}
    assert all("\n" not in line for line in HELP.values())


# --- When the task cannot go on ----------------------------------------------------------------


def test_a_version_that_cannot_be_saved_says_so_and_stops_a_pipe(
    started: PlainDraft, monkeypatch: pytest.MonkeyPatch
) -> None:
    _named()

    def refuse(self: PlainDraft) -> None:
        raise NotSaved(f"{self.path}: not saved: the disk is full")

    monkeypatch.setattr(PlainDraft, "save", refuse)
    talk = Talk("", interactive=True)
    TASKS["version"](started, talk.lines, "First")
    assert "not saved: the disk is full. It is kept here and saved with your next change" in (
        talk.out
    )
    with pytest.raises(Refused, match="not saved: the disk is full"):
        TASKS["version"](started, Talk("").lines, "Second")


def test_a_settings_file_that_cannot_be_read_stops_the_task(
    started: PlainDraft, eqia_dirs: EqiaDirs
) -> None:
    before = _on_disk(started)
    (eqia_dirs.config / "config.toml").write_text("author = 3\n", encoding="utf-8")
    talk = Talk("", interactive=True)
    TASKS["version"](started, talk.lines, "First")
    assert "config.toml" in talk.out and "author" in talk.out
    with pytest.raises(Refused, match=r"config\.toml"):
        TASKS["version"](started, Talk("").lines, "First")
    assert _on_disk(started) == before
