"""The version history: numbering, recording, and reading a hand-kept table leniently."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest

from eqia_tui.core.review.history import (
    Version,
    latest_version,
    next_version,
    parse_version,
    record_version,
    versions,
)
from eqia_tui.core.storage.registry import Registry
from eqia_tui.core.storage.store import load_file, write_file
from eqia_tui.core.text.problems import BadInput

from .helpers import EXAMPLE, make_assessment

DAY = date(2026, 3, 2)


def test_drafts_count_past_nine_without_becoming_one() -> None:
    assessment = make_assessment()
    numbers = [record_version(assessment, "PK", "draft", DAY)["version"] for _ in range(11)]
    assert numbers == [f"0.{n}" for n in range(1, 12)]


def test_signing_makes_the_next_whole_number_and_drafts_count_on_from_it() -> None:
    assessment = make_assessment()
    record = [
        (False, "0.1"),
        (False, "0.2"),
        (True, "1.0"),
        (False, "1.1"),
        (False, "1.2"),
        (True, "2.0"),
        (False, "2.1"),
    ]
    for signing, expected in record:
        entry = record_version(assessment, "PK", "step", DAY, signing=signing)
        assert entry["version"] == expected
    assert [e["version"] for e in assessment.history] == [v for _, v in record]


def test_first_entry_is_0_1_or_1_0_when_signed_straight_away() -> None:
    assert next_version([]) == "0.1"
    assert next_version([], signing=True) == "1.0"


def test_versions_are_compared_as_numbers_not_text() -> None:
    # As text "0.9" > "0.10"; as numbers 0.10 is later.
    history = [{"version": "0.10"}, {"version": "0.9"}]
    assert latest_version(history) == (0, 10)
    assert next_version(history) == "0.11"
    assert next_version([{"version": "1.10"}, {"version": "2.0"}, {"version": "1.9"}]) == "2.1"


def test_repeated_and_unreadable_versions_do_not_break_numbering() -> None:
    # The seed's table lists 1.3 twice; someone may also type a float or leave a version out.
    history = [{"version": "1.3"}, {"version": "1.3"}, {"version": 0.5}, {"author": "AA"}]
    assert next_version(history) == "1.4"
    assert next_version(history, signing=True) == "2.0"


@pytest.mark.parametrize(
    ("text", "number"),
    [("0.1", (0, 1)), ("0.10", (0, 10)), ("2", (2, 0)), (" 1.4 ", (1, 4)), (3, (3, 0))],
)
def test_parse_version(text: object, number: tuple[int, int]) -> None:
    assert parse_version(text) == number


@pytest.mark.parametrize("text", ["", "one", "1.2.3", "-1", 0.1, True, None, "1."])
def test_parse_version_refuses(text: object) -> None:
    assert parse_version(text) is None


def test_record_version_returns_the_entry_it_appends() -> None:
    assessment = make_assessment()
    entry = record_version(assessment, "  Jo Smith ", " First draft ", DAY)
    assert entry == {"version": "0.1", "author": "Jo Smith", "date": DAY, "comment": "First draft"}
    assert assessment.history == [entry]


def test_record_version_keeps_the_day_of_a_date_and_time() -> None:
    entry = record_version(make_assessment(), "PK", "x", datetime(2026, 3, 2, 17, 45))
    assert entry["date"] == DAY
    assert type(entry["date"]) is date


def test_a_version_needs_an_author() -> None:
    assessment = make_assessment()
    with pytest.raises(BadInput) as caught:
        record_version(assessment, "   ", "x", DAY)
    assert "author" in str(caught.value)
    assert assessment.history == []


def test_versions_reads_a_hand_edited_table_leniently() -> None:
    assessment = make_assessment()
    assessment.history = [
        {"version": "0.1", "author": "PK", "date": date(2014, 12, 1), "comment": "First draft"},
        {"version": 1, "date": "yesterday"},
        {"version": "0.3", "date": datetime(2015, 1, 30, 10, 0)},
    ]
    assert versions(assessment) == [
        Version("0.1", "PK", date(2014, 12, 1), "First draft"),
        Version("1", "", None, ""),
        Version("0.3", "", date(2015, 1, 30), ""),
    ]
    assert versions(assessment)[0].date_text == "01/12/2014"
    assert versions(assessment)[1].date_text == ""


def test_example_history_is_read_and_counts_on() -> None:
    loaded = load_file(EXAMPLE, Registry())
    rows = versions(loaded.assessment)
    assert rows[0] == Version("0.1", "PK", date(2014, 12, 1), "First draft")
    assert rows[-1].version == "1.4"
    assert next_version(loaded.assessment.history) == "1.5"
    assert next_version(loaded.assessment.history, signing=True) == "2.0"


def test_history_survives_write_and_read(tmp_path: Path) -> None:
    registry = Registry()
    loaded = load_file(EXAMPLE, registry)
    record_version(loaded.assessment, "Jo Smith", "Checked the action plan", DAY)
    path = tmp_path / "again.toml"
    write_file(path, loaded.questionnaire, loaded.assessment)
    again = load_file(path, registry).assessment
    assert again.history == loaded.assessment.history
    assert again.history[-1] == {
        "version": "1.5",
        "author": "Jo Smith",
        "date": DAY,
        "comment": "Checked the action plan",
    }
