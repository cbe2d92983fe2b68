"""The review record in the file: status moves, comments and replies, read and written back,
kept out of the signed answers, and the moves the status allows."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from eqia_tui.core.model.statuses import APPROVED, CHANGES_REQUESTED, DRAFT, SIGNED, SUBMITTED
from eqia_tui.core.review import comments, status
from eqia_tui.core.review.fingerprint import verify
from eqia_tui.core.signing import approve, reopen, sign, submit
from eqia_tui.core.storage.registry import Registry
from eqia_tui.core.storage.store import dumps, load_file
from eqia_tui.core.text.problems import BadInput

from .helpers import ready_to_sign

EXAMPLE = Path(__file__).parents[2] / "examples" / "customer-service-policy.toml"
WHEN = datetime(2026, 3, 2, 14, 30, tzinfo=UTC)


@pytest.fixture
def example(tmp_path: Path) -> Path:
    path = tmp_path / "customer-service-policy.toml"
    shutil.copy(EXAMPLE, path)
    return path


def read(path: Path):  # type: ignore[no-untyped-def]
    return load_file(path, Registry())


def test_the_example_carries_a_review_with_three_comments_one_resolved() -> None:
    loaded = read(EXAMPLE)
    review = loaded.assessment.review
    assert status.status_of(loaded.assessment) == CHANGES_REQUESTED
    assert [m.status for m in review.moves] == [SUBMITTED, CHANGES_REQUESTED]
    assert [c.id for c in review.comments] == ["c1", "c2", "c3"]
    assert [c.is_open for c in review.comments] == [True, True, False]
    assert review.comments[2].resolved_by == "Jordan Hale"
    assert status.status_words(loaded.assessment).startswith("Changes requested by Jordan Hale")


def test_the_review_is_written_back_as_read(example: Path) -> None:
    loaded = read(example)
    text = dumps(loaded.questionnaire, loaded.assessment)
    example.write_text(text, encoding="utf-8")
    again = read(example)
    assert again.assessment.review == loaded.assessment.review
    assert dumps(again.questionnaire, again.assessment) == text


def test_comments_and_replies_keep_any_text_and_round_trip(example: Path) -> None:
    loaded = read(example)
    a, q = loaded.assessment, loaded.questionnaire
    hostile = "Line one\nline two \"\"\" ''' \x1b]0;pwned\x07 <b>bold</b>"
    made = comments.add_comment(q, a, "screening.age.negative_impact", "Sam", WHEN, hostile)
    comments.reply(a, made.id, "Jo", WHEN, "A reply\n\nwith a gap")
    example.write_text(dumps(q, a), encoding="utf-8")
    again = read(example).assessment.review.comments[-1]
    assert again.id == "c4"
    assert again.text == hostile.strip()
    assert again.replies[0].text == "A reply\n\nwith a gap"


@pytest.mark.parametrize(
    ("key", "fine"),
    [
        ("", True),
        ("screening", True),
        ("screening.age", True),
        ("screening.age.negative_impact", True),
        ("details.title", True),
        ("action_plan.actions[0]", True),
        ("action_plan.actions[0].cost", True),
        ("screening.martians", False),
        ("nowhere", False),
        ("details.title[0]", False),
        ("action_plan.actions[0].colour", False),
        ("screening..age", False),
    ],
)
def test_a_comment_goes_on_a_step_a_row_a_question_or_an_action(key: str, fine: bool) -> None:
    loaded = read(EXAMPLE)
    problem = comments.target_problem(loaded.questionnaire, key)
    assert (problem is None) == fine, problem


def test_a_comment_on_nothing_or_an_empty_one_is_refused_and_changes_nothing() -> None:
    loaded = read(EXAMPLE)
    a, q = loaded.assessment, loaded.questionnaire
    before = dumps(q, a)
    with pytest.raises(BadInput, match="names no step"):
        comments.add_comment(q, a, "nowhere", "Sam", WHEN, "text")
    with pytest.raises(BadInput, match="empty"):
        comments.add_comment(q, a, "details.title", "Sam", WHEN, "   ")
    with pytest.raises(BadInput, match="give your name"):
        comments.add_comment(q, a, "details.title", " ", WHEN, "text")
    assert dumps(q, a) == before


def test_resolve_then_open_again_and_ids_are_never_reused() -> None:
    loaded = read(EXAMPLE)
    a, q = loaded.assessment, loaded.questionnaire
    comments.resolve(a, "c1", "Jordan Hale", WHEN)
    assert not comments.find(a, "c1").is_open
    with pytest.raises(BadInput, match="resolved already"):
        comments.resolve(a, "c1", "Jordan Hale", WHEN)
    comments.open_again(a, "c1")
    assert comments.find(a, "c1").is_open
    a.review.comments.pop()  # c3 deleted by hand
    assert comments.add_comment(q, a, "", "Sam", WHEN, "Overall").id == "c3"
    assert comments.add_comment(q, a, "", "Sam", WHEN, "Again").id == "c4"


def test_open_counts_mark_the_step_the_row_and_the_question() -> None:
    loaded = read(EXAMPLE)
    a, q = loaded.assessment, loaded.questionnaire
    comments.add_comment(q, a, "screening.religion_or_belief.negative_impact", "S", WHEN, "Why?")
    counts = comments.open_counts(a)
    assert counts[""] == 3
    assert counts["screening"] == 2
    assert counts["screening.religion_or_belief"] == 2
    assert counts["screening.religion_or_belief.negative_impact"] == 1
    assert counts["action_plan"] == 0  # c3 is resolved
    assert [c.id for c in comments.comments_under(a, "screening")] == ["c1", "c4"]
    assert [c.id for c in comments.in_order(a)] == ["c1", "c2", "c4", "c3"]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            ('status = "changes-requested"', 'status = "approved"'),
            'review_record.status: is "approved", but the last of',
        ),
        (('id = "c2"', 'id = "c1"'), 'review_record.comments[1].id: "c1" is used twice'),
        (
            ('resolved_by = "Jordan Hale"\n', ""),
            "review_record.comments[2]: a resolved comment needs both",
        ),
        (('status = "submitted"', 'status = "lost"'), "review_record.moves[0].status"),
        (("at = 2015-08-10T10:05:00Z", 'at = "yesterday"'), "review_record.comments[0].at"),
        (
            ('text = "Who will', 'colour = "red"\ntext = "Who will'),
            "review_record.comments[2].colour",
        ),
    ],
)
def test_a_broken_review_table_is_one_line_per_problem(
    example: Path, change: tuple[str, str], message: str
) -> None:
    text = example.read_text(encoding="utf-8")
    assert change[0] in text
    example.write_text(text.replace(change[0], change[1], 1), encoding="utf-8")
    with pytest.raises(BadInput) as caught:
        read(example)
    lines = [p.line() for p in caught.value.problems]
    assert any(message in line for line in lines), lines


def test_the_moves_allowed_and_refused() -> None:
    a = read(EXAMPLE).assessment
    a.review.moves.clear()
    assert status.status_of(a) == DRAFT
    assert status.allowed(a) == (SUBMITTED,)
    with pytest.raises(BadInput, match="cannot approve it now; you can submit it for review"):
        status.move(a, APPROVED, "Sam", WHEN)
    status.move(a, SUBMITTED, "Jo", WHEN)
    with pytest.raises(BadInput, match="so Jo cannot approve it"):
        status.move(a, APPROVED, "jo", WHEN)
    status.move(a, APPROVED, "Sam", WHEN + timedelta(hours=1))
    assert status.status_of(a) == APPROVED
    status.move(a, CHANGES_REQUESTED, "Sam", WHEN + timedelta(hours=2), "One more thing")
    assert status.status_words(a).startswith("Changes requested by Sam on 2 March 2026")


def test_sign_off_needs_approval_of_the_answers_as_they_are(example: Path) -> None:
    loaded = read(example)
    a, q = loaded.assessment, loaded.questionnaire
    q = q.model_copy(update={"review": q.review.model_copy(update={"required": True})})
    a.review.moves.clear()
    with pytest.raises(BadInput, match="needs a reviewer's approval before sign-off"):
        sign(q, a, "Jo", WHEN)
    findings = submit(q, a, "Jo", WHEN, "Ready.")
    errors = sum(1 for f in findings if f.severity == "error")
    assert a.review.moves[-1].note.startswith(f"Ready. The check found {errors} error")
    approve(q, a, "Sam", WHEN)
    a.set("details", "title", "Customer Service Policy (changed)")
    with pytest.raises(BadInput, match="the answers changed after they were approved by Sam"):
        sign(q, a, "Jo", WHEN)


def test_signing_and_reopening_move_the_status_and_comments_keep_the_fingerprint(
    example: Path,
) -> None:
    loaded = read(example)
    a, q = loaded.assessment, loaded.questionnaire
    ready_to_sign(a.answers)
    if q.review.required:
        a.review.moves.clear()
        submit(q, a, "Jo", WHEN)
        approve(q, a, "Sam", WHEN)
    sign(q, a, "Jo", WHEN)
    assert status.status_of(a) == SIGNED
    assert a.review.moves[-1].status == SIGNED
    comments.add_comment(q, a, "details.title", "Sam", WHEN, "Read after sign-off")
    assert verify(q, a).ok
    reopen(a, "Jo", WHEN)
    assert status.status_of(a) == DRAFT
    assert a.review.moves[-1].status == DRAFT


def test_signed_without_moves_is_signed_and_a_signed_move_without_signed_is_draft() -> None:
    a = read(EXAMPLE).assessment
    a.review.moves.clear()
    a.signed = {"by": "Jo"}
    assert status.status_of(a) == SIGNED
    a.signed = None
    status.move(a, SUBMITTED, "Jo", WHEN)
    status.move(a, APPROVED, "Sam", WHEN)
    a.review.moves.append(type(a.review.moves[0])(SIGNED, "Jo", WHEN))
    assert status.status_of(a) == DRAFT
