"""`eqia history`, `eqia verify` and `eqia due`: what they print and their exit codes."""

from __future__ import annotations

import json
import shutil
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from eqia_tui.cli import main
from eqia_tui.core.model.questionnaire import Questionnaire
from eqia_tui.core.signing import sign
from eqia_tui.core.storage.registry import Registry
from eqia_tui.core.storage.store import Store, load_file

from .helpers import EXAMPLE, approve, complete_answers, make_assessment, ready_to_sign

ID = "customer-service-policy"


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return Store(tmp_path, Registry())


@pytest.fixture
def example_draft(store: Store) -> Path:
    store.drafts.mkdir(parents=True, exist_ok=True)
    return Path(shutil.copy(EXAMPLE, store.drafts / f"{ID}.toml"))


def signed_example(store: Store) -> Path:
    """The example with its gaps filled (it cannot be signed off while the check finds
    errors), signed off by Jo Smith, saved as a draft. Returns the draft's path."""
    example = load_file(EXAMPLE, store.registry)
    ready_to_sign(example.assessment.answers)
    approve(example.assessment)
    at = datetime(2026, 3, 2, 14, 30, tzinfo=UTC)
    sign(example.questionnaire, example.assessment, "Jo Smith", at)
    return store.save(example.questionnaire, example.assessment)


def run(tmp_path: Path, *args: str) -> int:
    return main(["--home", str(tmp_path), *args])


# --- eqia history ---------------------------------------------------------------------------------


def test_history_prints_the_version_table(
    tmp_path: Path, example_draft: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(tmp_path, "history", ID) == 0
    lines = capsys.readouterr().out.split("\n\n")[0].splitlines()  # then the review
    assert lines[0] == "Customer Service Policy: version history"
    assert lines[1].split() == ["Version", "Author", "Date", "Comment"]
    assert lines[2].split(maxsplit=3) == ["0.1", "PK", "01/12/2014", "First draft"]
    assert lines[-1].split(maxsplit=3) == ["1.4", "PBC", "27/07/2015", "Updated assessment"]
    # Columns line up: every date starts where the heading does.
    start = lines[1].index("Date")
    assert all(line[start : start + 2].isdigit() for line in lines[2:])


def test_history_takes_a_path_too(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(tmp_path, "history", str(EXAMPLE)) == 0
    assert "0.7" in capsys.readouterr().out


def test_history_when_there_is_none(
    tmp_path: Path, store: Store, kcc: Questionnaire, capsys: pytest.CaptureFixture[str]
) -> None:
    store.save(kcc, make_assessment(complete_answers(), assessment_id="libraries"))
    assert run(tmp_path, "history", "libraries") == 0
    out = capsys.readouterr().out
    assert out == (
        "Library opening hours: no versions recorded yet. "
        "Save a version in the app to start the history.\n"
    )


def test_history_of_a_missing_draft_is_bad_input(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(tmp_path, "history", "nothing-here") == 2
    err = capsys.readouterr().err
    assert 'no draft with the id "nothing-here"' in err
    assert "Traceback" not in err


# --- eqia verify ----------------------------------------------------------------------------------


def test_verify_an_unsigned_assessment_exits_2(
    tmp_path: Path, example_draft: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(tmp_path, "verify", ID) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == f"{ID}: is not signed off, so there is nothing to verify\n"


def test_verify_unchanged_exits_0(
    tmp_path: Path, store: Store, capsys: pytest.CaptureFixture[str]
) -> None:
    signed_example(store)
    assert run(tmp_path, "verify", ID) == 0
    out = capsys.readouterr().out
    assert out.startswith(
        "Customer Service Policy: unchanged since signed by Jo Smith on 02/03/2026 at "
    )
    assert out.endswith(" (version 2.0).\n")


def test_verify_changed_exits_1_and_names_each_change(
    tmp_path: Path, store: Store, capsys: pytest.CaptureFixture[str]
) -> None:
    path = signed_example(store)
    text = path.read_text(encoding="utf-8")
    edited = text.replace("review_date = 2027-07-27", "review_date = 2028-07-27")
    edited = edited.replace('rating = "medium"', 'rating = "high"')
    assert edited.count("2028-07-27") == 1 and 'rating = "high"' in edited
    path.write_text(edited, encoding="utf-8")
    assert run(tmp_path, "verify", ID) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith(
        "Customer Service Policy: 2 answers changed since signed by Jo Smith"
    )
    assert lines[0].endswith(" (version 2.0):")
    assert lines[1:] == [
        "  changed: monitoring.review_date",
        "  changed: proportionality.rating",
    ]


def test_verify_names_a_renamed_signer_and_says_what_the_fingerprint_is(
    tmp_path: Path, store: Store, capsys: pytest.CaptureFixture[str]
) -> None:
    path = signed_example(store)
    text = path.read_text(encoding="utf-8")
    head, sep, rest = text.partition("[signed]")
    assert rest.count('by = "Jo Smith"') == 2  # [signed], then the review's "signed" move
    path.write_text(
        head + sep + rest.replace('by = "Jo Smith"', 'by = "Sam Patel"', 1), encoding="utf-8"
    )
    assert run(tmp_path, "verify", ID) == 1
    captured = capsys.readouterr()
    lines = captured.out.splitlines()
    assert lines[0].startswith(
        "Customer Service Policy: the name of the person who signed changed since signed by "
        "Sam Patel on 02/03/2026"
    )
    assert lines[1:] == ["  changed: signed.by: the name of the person who signed changed"]
    # A fingerprint anyone can work out again: it shows a change, it does not prove who signed.
    assert "fingerprint" in captured.err and "not a signature" in captured.err


def test_verify_unchanged_says_what_the_fingerprint_is(
    tmp_path: Path, store: Store, capsys: pytest.CaptureFixture[str]
) -> None:
    signed_example(store)
    assert run(tmp_path, "verify", ID) == 0
    err = capsys.readouterr().err
    assert err.startswith("note: ")
    assert "does not prove who signed" in err


def test_verify_an_unreadable_file_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text("not = = toml", encoding="utf-8")
    assert run(tmp_path, "verify", str(bad)) == 2
    err = capsys.readouterr().err
    assert "TOML syntax error" in err
    assert "Traceback" not in err


def test_verify_a_signature_without_a_hash_exits_2(
    tmp_path: Path, store: Store, capsys: pytest.CaptureFixture[str]
) -> None:
    path = signed_example(store)
    lines = [
        line
        for line in path.read_text(encoding="utf-8").splitlines()
        if not line.startswith("sha256 = ")
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert run(tmp_path, "verify", ID) == 2
    assert capsys.readouterr().err == (
        f"{path}: signed.sha256: is missing: a sign-off needs the SHA-256 hash of the answers\n"
    )


# --- eqia due -------------------------------------------------------------------------------------


def test_due_with_nothing_due_exits_0(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(tmp_path, "due") == 0
    assert capsys.readouterr().out == (
        "Nothing is overdue, and no review is due in the next 30 days.\n"
    )


def test_due_with_an_overdue_review_exits_1(
    tmp_path: Path, example_draft: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(tmp_path, "due") == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith(f"overdue  {ID}  Customer Service Policy: the review was due on")
    assert lines[-1] == "1 overdue, 0 due in the next 30 days."


def test_due_soon_but_nothing_overdue_exits_0(
    tmp_path: Path, store: Store, kcc: Questionnaire, capsys: pytest.CaptureFixture[str]
) -> None:
    answers = complete_answers()
    answers["monitoring"]["review_date"] = date.today() + timedelta(days=10)
    store.save(kcc, make_assessment(answers, assessment_id="libraries"))
    assert run(tmp_path, "due") == 0
    out = capsys.readouterr().out
    assert "due      libraries  Library opening hours: the review is due on" in out
    assert out.endswith("0 overdue, 1 due in the next 30 days.\n")
    assert run(tmp_path, "due", "--within", "5") == 0
    assert capsys.readouterr().out.startswith("Nothing is overdue")


def test_due_json_is_a_list_of_objects(
    tmp_path: Path, example_draft: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(tmp_path, "due", "--json", "--today", "2026-03-02") == 1
    data = json.loads(capsys.readouterr().out)
    assert data == [
        {
            "assessment_id": ID,
            "title": "Customer Service Policy",
            "kind": "review",
            "key": "monitoring.review_date",
            "date": "2016-07-27",
            "overdue": True,
            "days": -3505,
            "message": "Customer Service Policy: the review was due on 27/07/2016, 3,505 days ago.",
        }
    ]


def test_due_json_when_nothing_is_due(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(tmp_path, "due", "--json") == 0
    assert json.loads(capsys.readouterr().out) == []


def test_due_skips_a_broken_draft_with_a_note(
    tmp_path: Path, example_draft: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (example_draft.parent / "broken.toml").write_text("x = = 1", encoding="utf-8")
    assert run(tmp_path, "due") == 1
    captured = capsys.readouterr()
    assert "1 draft could not be read and was skipped: broken" in captured.err
    assert ID in captured.out


@pytest.mark.parametrize("days", ["-1", "soon"])
def test_due_refuses_a_bad_number_of_days(
    tmp_path: Path, days: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as caught:
        run(tmp_path, "due", "--within", days)
    assert caught.value.code == 2
    err = capsys.readouterr().err
    assert "--within" in err
    assert "Traceback" not in err
