"""The reviewer's command line: `eqia comments`, `eqia review`, and the review in `eqia list`
and `eqia history`. The example carries a review: three comments (c3 resolved, c2 with a
reply) and the status "changes requested"."""

from __future__ import annotations

import argparse
import json
import shutil
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import tomli_w

from eqia_tui.cli.commands import comments as comments_command
from eqia_tui.cli.commands import open_draft
from eqia_tui.cli.parser import REVIEW_STATUSES, build_parser
from eqia_tui.core.model.questionnaire import Questionnaire
from eqia_tui.core.model.statuses import STATUSES
from eqia_tui.core.storage.registry import Registry
from eqia_tui.core.storage.store import Store
from eqia_tui.plain.draft import PlainDraft
from hostile import HOSTILE, unsafe

from .helpers import EXAMPLE, EXAMPLE_DATA, Run, assessment_data, complete_answers

ID = "customer-service-policy"
JSON_KEYS = [
    "id",
    "on",
    "place",
    "by",
    "at",
    "text",
    "open",
    "resolved_by",
    "resolved_at",
    "replies",
]


@pytest.fixture(autouse=True)
def utc(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Times are shown on this computer's clock: the tests read them in UTC."""
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.fixture
def drafts(eqia_dirs: Any) -> Path:
    folder: Path = eqia_dirs.home / "drafts"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture
def example(drafts: Path) -> Path:
    return Path(shutil.copy(EXAMPLE, drafts / f"{ID}.toml"))


def write(path: Path, data: dict[str, Any]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(tomli_w.dumps(data), encoding="utf-8")
    return path


class Started(list[dict[str, Any]]):
    """Stands in for the app's `run`: each call's keywords, and exit code 0."""

    def __call__(self, home: Path, **kwargs: Any) -> int:
        self.append(kwargs)
        return 0


# --- eqia comments ----------------------------------------------------------------------------


def test_comments_lists_open_ones_first_with_place_author_time_and_replies(
    run: Run, example: Path
) -> None:
    before = example.read_bytes()
    code, out, err = run("comments", ID)
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[:2] == [
        "Customer Service Policy: 3 comments, 2 open.",
        "Review status: Changes requested by Jordan Hale on 11 August 2015.",
    ]
    heads = [line for line in lines if line[:1] == "c"]
    assert heads == ["c1  open", "c2  open", "c3  resolved by Jordan Hale on 12/08/2015 at 11:20"]
    text = "\n".join(lines)
    assert (
        "    On Screening grid: Religion or belief (screening.religion_or_belief).\n"
        "    Jordan Hale wrote on 10/08/2015 at 10:05:\n"
        "      This row does not say whether people of any religion or belief are\n"
        "      affected less favourably. Answer it, and say why.\n"
    ) in text + "\n"
    assert "    On Full assessment: Involvement and engagement\n" in text + "\n"
    assert '    On Action plan: Action 3 ("The council has no digital strategy."): Owner' in lines
    assert "    (action_plan.actions[2].owner)." in lines
    # A reply is indented under its comment.
    reply = lines.index("        Pat Brown-Clarke replied on 12/08/2015 at 11:10:")
    assert lines[reply + 1].startswith("          The plain language rewrite")
    assert lines[reply - 2].startswith("      You list what people asked")
    assert all(len(line) <= 80 for line in lines)
    assert example.read_bytes() == before


def test_comments_takes_a_path_too(run: Run) -> None:
    code, out, _ = run("comments", EXAMPLE)
    assert code == 0
    assert "c3  resolved by Jordan Hale" in out


def test_comments_open_leaves_out_the_resolved_ones(run: Run, example: Path) -> None:
    code, out, _ = run("comments", ID, "--open")
    assert code == 0
    assert [line for line in out.splitlines() if line[:1] == "c"] == ["c1  open", "c2  open"]
    assert "Customer Relationship Team" not in out


def test_comments_json(run: Run, example: Path) -> None:
    code, out, err = run("comments", ID, "--json")
    assert (code, err) == (0, "")
    rows = json.loads(out)
    assert [row["id"] for row in rows] == ["c1", "c2", "c3"]
    assert all(list(row) == JSON_KEYS for row in rows)
    first, second, third = rows
    assert first["on"] == "screening.religion_or_belief"
    assert first["place"] == "Screening grid: Religion or belief"
    assert first["by"] == "Jordan Hale"
    assert first["at"] == "2015-08-10T10:05:00+00:00"
    assert first["open"] is True
    assert (first["resolved_by"], first["resolved_at"], first["replies"]) == (None, None, [])
    assert second["replies"] == [
        {
            "by": "Pat Brown-Clarke",
            "at": "2015-08-12T11:10:00+00:00",
            "text": "The plain language rewrite and the communications plan came from the "
            "workshops. I will add the rest.",
        }
    ]
    assert third["open"] is False
    assert third["resolved_by"] == "Jordan Hale"
    assert third["resolved_at"] == "2015-08-12T11:20:00+00:00"
    assert third["place"] == 'Action plan: Action 3 ("The council has no digital strategy."): Owner'
    code, out, _ = run("comments", ID, "--open", "--json")
    assert [row["id"] for row in json.loads(out)] == ["c1", "c2"]


def test_comments_on_a_step_the_whole_assessment_and_nowhere(run: Run, drafts: Path) -> None:
    at = datetime(2026, 1, 5, 9, 30, tzinfo=UTC)
    data = assessment_data(complete_answers(), "library")
    data["review_record"] = {
        "comments": [
            {"id": "c1", "by": "Sam", "at": at, "text": "Who was asked?"},
            {"id": "c2", "on": "screening", "by": "Sam", "at": at, "text": "Thin."},
            {"id": "c3", "on": "screening.age.negative_impact", "by": "Sam", "at": at, "text": "?"},
            {"id": "c4", "on": "nowhere.at_all", "by": "Sam", "at": at, "text": "Lost."},
        ]
    }
    write(drafts / "library.toml", data)
    code, out, _ = run("comments", "library", "--json")
    assert code == 0
    places = {row["id"]: row["place"] for row in json.loads(out)}
    assert places == {
        "c1": "The whole assessment",
        "c2": "The whole step: Screening grid",
        "c3": "Screening grid: Age: Negative impact",
        "c4": "nowhere.at_all",  # the questionnaire has no such place: the key as written
    }
    code, out, _ = run("comments", "library")
    assert "    On the whole assessment.\n" in out  # no key path to show
    assert "Review status: Draft.\n" in out


def test_comments_when_there_are_none(run: Run, drafts: Path) -> None:
    write(drafts / "library.toml", assessment_data(complete_answers(), "library"))
    code, out, _ = run("comments", "library")
    assert code == 0
    assert out == "Library opening hours: no comments.\nReview status: Draft.\n"
    code, out, _ = run("comments", "library", "--json")
    assert json.loads(out) == []


# --- Text from someone else -------------------------------------------------------------------


@pytest.fixture
def hostile(drafts: Path) -> Path:
    data = dict(EXAMPLE_DATA)
    record = dict(EXAMPLE_DATA["review_record"])
    record["moves"] = [
        {**m, "by": m["by"] + HOSTILE, "note": m["note"] + HOSTILE} for m in record["moves"]
    ]
    record["comments"] = [
        {
            **c,
            "by": c["by"] + HOSTILE,
            "text": c["text"] + "\n" + HOSTILE,
            **({"resolved_by": c["resolved_by"] + HOSTILE} if "resolved_by" in c else {}),
            "replies": [
                {**r, "by": r["by"] + HOSTILE, "text": HOSTILE} for r in c.get("replies", [])
            ],
        }
        for c in record["comments"]
    ]
    data["review_record"] = record
    return write(drafts / f"{ID}.toml", data)


@pytest.mark.parametrize(
    "args",
    [["comments"], ["comments", "--open"], ["history"], ["list"]],
    ids=" ".join,
)
def test_hostile_names_and_comments_print_no_escape_character(
    run: Run, hostile: Path, args: list[str]
) -> None:
    target = [] if args == ["list"] else [ID]
    code, out, err = run(*args[:1], *target, *args[1:])
    assert code == 0, err
    assert unsafe(out) == [] and unsafe(err) == []
    assert "␛]0;PWNED␇" in out  # shown, not dropped


def test_the_comments_command_makes_the_text_safe_itself(
    hostile: Path, eqia_dirs: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    """Without the guard `eqia` puts on standard output, nothing from the file is raw."""
    args = argparse.Namespace(target=ID, open=False, json=False, home=eqia_dirs.home)
    assert comments_command.comments(eqia_dirs.home, args) == 0
    out = capsys.readouterr().out
    assert unsafe(out) == []
    assert "<U+202E>evil" in out


def test_hostile_comments_in_json_read_back_exactly(run: Run, hostile: Path) -> None:
    code, out, _ = run("comments", ID, "--json")
    assert code == 0
    assert "\x1b" not in out and "\u202e" not in out
    rows = json.loads(out)
    assert rows[0]["by"] == "Jordan Hale" + HOSTILE
    assert rows[0]["text"].endswith("\n" + HOSTILE)


# --- A broken review table --------------------------------------------------------------------


def _broken(example: Path, *edits: tuple[str, str]) -> bytes:
    text = example.read_text(encoding="utf-8")
    for old, new in edits:
        assert old in text, old
        text = text.replace(old, new, 1)
    example.write_text(text, encoding="utf-8")
    return example.read_bytes()


@pytest.mark.parametrize(
    "args", [["comments"], ["comments", "--json"], ["history"], ["review"]], ids=" ".join
)
def test_a_broken_review_table_is_one_line_per_problem_and_exit_2(
    run: Run, example: Path, args: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    started = Started()
    monkeypatch.setattr(open_draft, "run", started)
    before = _broken(
        example,
        ('status = "changes-requested"\n', 'status = "approved"\n'),
        ('id = "c2"', 'id = "c1"'),
    )
    code, out, err = run(*args[:1], ID, *args[1:])
    assert (code, out, started) == (2, "", [])
    assert err.splitlines() == [
        f'{example}: review_record.status: is "approved", but the last of '
        '[[review_record.moves]] is "changes-requested"; the status must be the last move\'s',
        f'{example}: review_record.comments[1].id: "c1" is used twice; give each comment its '
        "own id",
    ]
    assert example.read_bytes() == before


def test_a_bad_time_in_the_review_table_is_one_line_and_exit_2(run: Run, example: Path) -> None:
    before = _broken(example, ("at = 2015-08-10T10:35:00Z", 'at = "yesterday"'))
    code, out, err = run("comments", ID)
    assert (code, out) == (2, "")
    assert len(err.splitlines()) == 1
    assert err.startswith(f"{example}: review_record.comments[2].at: ")
    assert "Traceback" not in err
    assert example.read_bytes() == before
    code, out, _ = run("list")
    assert code == 0
    assert out.startswith(f"{ID:<32} broken: review_record.comments[2].at: ")


# --- eqia review ------------------------------------------------------------------------------


@pytest.fixture
def full_screen(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EQIA_PLAIN", "0")


def test_review_opens_the_app_for_review(
    run: Run, example: Path, full_screen: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened = Started()
    monkeypatch.setattr(open_draft, "run", opened)
    for target in (ID, str(EXAMPLE)):
        code, _, err = run("review", target)
        assert (code, err) == (0, "")
    assert [k["open_path"] for k in opened] == [example, EXAMPLE]
    assert all(k["review"] is True for k in opened)
    assert all(k["registry"] is not None for k in opened)


def test_open_is_not_a_review(
    run: Run, example: Path, full_screen: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened = Started()
    monkeypatch.setattr(open_draft, "run", opened)
    assert run("open", ID)[0] == 0
    assert not opened[0].get("review", False)


def test_review_in_plain_mode_walks_through_it_for_review(
    run: Run, example: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    walked: list[tuple[PlainDraft, dict[str, Any]]] = []

    def converse(draft: PlainDraft, lines: Any, **kwargs: Any) -> int:
        walked.append((draft, kwargs))
        return 0

    monkeypatch.setattr(open_draft, "converse", converse)
    for before in (False, True):  # --plain before or after the command
        args = ["--plain", "review", ID] if before else ["review", ID, "--plain"]
        code, _, err = run(*args)
        assert (code, err) == (0, "")
    assert [kwargs for _, kwargs in walked] == [{"review": True}, {"review": True}]
    assert walked[0][0].path == example


def test_review_of_a_missing_draft_is_one_line_and_exit_2(
    run: Run, drafts: Path, full_screen: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    started = Started()
    monkeypatch.setattr(open_draft, "run", started)
    code, out, err = run("review", "nothing-here")
    assert (code, out, started) == (2, "", [])
    assert len(err.splitlines()) == 1
    assert 'no draft with the id "nothing-here"' in err


def test_the_help_says_what_a_reviewer_can_do(run: Run) -> None:
    code, out, _ = run.exits("review", "--help")
    assert code == 0
    out = " ".join(out.split())
    assert "not change it" in out and "does not check who anyone is" in out
    code, out, _ = run.exits("comments", "--help")
    assert code == 0
    assert "--open" in out and "--json" in out


# --- eqia list --------------------------------------------------------------------------------


def test_list_shows_the_review_status_and_open_comments(run: Run, example: Path) -> None:
    write(example.with_name("library.toml"), assessment_data(complete_answers(), "library"))
    code, out, _ = run("list")
    assert code == 0
    lines = out.splitlines()
    assert all(len(line) <= 80 for line in lines), lines
    at = lines.index("customer-service-policy  Customer Service Policy")
    assert lines[at + 2] == (
        "    Review: Changes requested by Jordan Hale on 11 August 2015; 2 open comments"
    )
    library = lines.index("library  Library opening hours")
    assert lines[library + 2] == "    Review: Draft"
    code, out, _ = run("list", "--json")
    rows = {row["id"]: row for row in json.loads(out)}
    assert rows[ID]["review_status"] == "changes-requested"
    assert rows[ID]["review"] == "Changes requested by Jordan Hale on 11 August 2015"
    assert rows[ID]["open_comments"] == 2
    assert (rows["library"]["review_status"], rows["library"]["open_comments"]) == ("draft", 0)


def test_list_status_keeps_the_drafts_with_that_status(run: Run, example: Path) -> None:
    write(example.with_name("library.toml"), assessment_data(complete_answers(), "library"))
    _, out, _ = run("list", "--status", "changes-requested", "--json")
    assert [row["id"] for row in json.loads(out)] == [ID]
    _, out, _ = run("list", "--status", "draft", "--json")
    assert [row["id"] for row in json.loads(out)] == ["library"]
    code, out, _ = run("list", "--status", "submitted")
    assert code == 0
    assert out.startswith("No drafts in ") and out.endswith(" are submitted for review.\n")
    code, _, err = run.exits("list", "--status", "waiting")
    assert code == 2
    assert '"waiting" is not allowed; choose from draft, submitted' in err


def test_the_parser_knows_every_review_status() -> None:
    assert REVIEW_STATUSES == STATUSES
    assert "comments" in build_parser().subcommands


def test_the_store_summary_carries_the_review(example: Path, eqia_dirs: Any) -> None:
    summary = Store(eqia_dirs.home, Registry(eqia_dirs.home)).summary(ID)
    assert summary.review_status == "changes-requested"
    assert summary.review_words == "Changes requested by Jordan Hale on 11 August 2015"
    assert summary.open_comments == 2


# --- eqia history -----------------------------------------------------------------------------


def test_history_ends_with_the_review_moves(run: Run, example: Path) -> None:
    code, out, _ = run("history", ID)
    assert code == 0
    lines = out.splitlines()
    review = lines.index("Review")
    assert lines[review - 1] == ""
    assert lines[review - 2].split(maxsplit=3) == ["1.4", "PBC", "27/07/2015", "Updated assessment"]
    assert lines[review + 1].split() == ["Status", "By", "When", "Note"]
    assert lines[review + 2].startswith(
        "Submitted for review  Pat Brown-Clarke  28/07/2015 09:15  Updated after the consultation."
    )
    assert lines[review + 3].startswith(
        "Changes requested     Jordan Hale       11/08/2015 15:40  Good consultation work."
    )
    assert len(lines) == review + 4


def test_history_json_has_the_versions_and_the_review(run: Run, example: Path) -> None:
    code, out, _ = run("history", ID, "--json")
    assert code == 0
    data = json.loads(out)
    assert list(data) == ["versions", "status", "review"]
    assert data["versions"][0] == {
        "version": "0.1",
        "author": "PK",
        "date": "2014-12-01",
        "comment": "First draft",
    }
    assert data["status"] == "changes-requested"
    assert [m["status"] for m in data["review"]] == ["submitted", "changes-requested"]
    assert data["review"][1] == {
        "status": "changes-requested",
        "words": "Changes requested",
        "by": "Jordan Hale",
        "at": "2015-08-11T15:40:00+00:00",
        "note": "Good consultation work. Fill the gaps in the grid and say what the "
        "consultation changed before we approve.",
    }


def test_history_of_a_draft_with_moves_but_no_versions(
    run: Run, drafts: Path, kcc: Questionnaire
) -> None:
    data = assessment_data(complete_answers(), "library")
    data["review_record"] = {
        "status": "submitted",
        "moves": [dict(EXAMPLE_DATA["review_record"]["moves"][0])],
    }
    write(drafts / "library.toml", data)
    code, out, _ = run("history", "library")
    assert code == 0
    lines = out.splitlines()
    assert lines[0].startswith("Library opening hours: no versions recorded yet.")
    assert lines[1:3] == ["", "Review"]
    assert lines[4].startswith("Submitted for review  Pat Brown-Clarke")
