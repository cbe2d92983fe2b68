"""Sign-off: the canonical answers and their hash, sign, verify, reopen, read-only."""

from __future__ import annotations

import copy
import shutil
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

import eqia_tui.core.review.fingerprint as fingerprint
from eqia_tui.core.checks import check
from eqia_tui.core.model.assessment import Assessment, Loaded
from eqia_tui.core.model.questionnaire import Questionnaire, load_questionnaire_file
from eqia_tui.core.review.fingerprint import (
    CANONICAL_FORM,
    Change,
    answer_digests,
    answers_digest,
    canonical_answers,
    signed_digest,
    verify,
)
from eqia_tui.core.signing import is_read_only, reopen, sign
from eqia_tui.core.storage.registry import Registry
from eqia_tui.core.storage.store import Store, load_file
from eqia_tui.core.text.problems import BadInput
from eqia_tui.exports.view import Field, signed_part

from .helpers import EXAMPLE, KCC_PATH, approve, complete_answers, make_assessment, ready_to_sign

SIGNED_AT = datetime(2026, 3, 2, 14, 30, tzinfo=UTC)


@pytest.fixture
def example() -> Loaded:
    return load_file(EXAMPLE, Registry())


@pytest.fixture
def ready() -> Loaded:
    """The example with its gaps filled, so that the check finds no error and it can be
    signed off (sign-off is refused while the check finds errors)."""
    loaded = load_file(EXAMPLE, Registry())
    ready_to_sign(loaded.assessment.answers)
    approve(loaded.assessment)
    return loaded


def reversed_order(value: Any) -> Any:
    """The same data with every table's keys in the opposite order."""
    if isinstance(value, dict):
        return {k: reversed_order(value[k]) for k in reversed(list(value))}
    if isinstance(value, list):
        return [reversed_order(v) for v in value]
    return value


def leaves(value: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[tuple[Any, ...], Any]]:
    if isinstance(value, dict):
        for key, item in value.items():
            yield from leaves(item, (*path, key))
    elif isinstance(value, list) and value and isinstance(value[0], dict):
        for index, item in enumerate(value):
            yield from leaves(item, (*path, index))
    else:
        yield path, value


def changed(value: Any) -> Any:
    if isinstance(value, bool):
        return not value
    if isinstance(value, date):
        return value + timedelta(days=1)
    if isinstance(value, list):
        return [*value, "gender"] if "gender" not in value else value[:-1]
    return f"{value} (changed)"


def put(answers: dict[str, Any], path: tuple[Any, ...], value: Any) -> None:
    target: Any = answers
    for part in path[:-1]:
        target = target[part]
    target[path[-1]] = value


def no_none(value: Any) -> bool:
    if value is None:
        return False
    if isinstance(value, dict):
        return all(no_none(v) for v in value.values())
    if isinstance(value, list):
        return all(no_none(v) for v in value)
    return True


# --- The canonical form and its hash -------------------------------------------------------------


def test_the_same_answers_in_another_key_order_hash_the_same(
    kcc: Questionnaire, example: Loaded
) -> None:
    answers = example.assessment.answers
    other = make_assessment(reversed_order(answers))
    assert list(other.answers) != list(answers)
    assert list(other.answers["action_plan"]["actions"][0]) != list(
        answers["action_plan"]["actions"][0]
    )
    assert answers_digest(kcc, other) == answers_digest(kcc, example.assessment)
    assert canonical_answers(kcc, other) == canonical_answers(kcc, example.assessment)


def test_every_single_answer_change_changes_the_hash(kcc: Questionnaire, example: Loaded) -> None:
    before = answers_digest(kcc, example.assessment)
    paths = list(leaves(example.assessment.answers))
    assert len(paths) > 100, "the example should exercise every part of the questionnaire"
    for path, value in paths:
        answers = copy.deepcopy(example.assessment.answers)
        put(answers, path, changed(value))
        assert answers_digest(kcc, make_assessment(answers)) != before, path


def test_removing_or_adding_an_answer_changes_the_hash(kcc: Questionnaire) -> None:
    answers = complete_answers()
    before = answers_digest(kcc, make_assessment(answers))
    removed = copy.deepcopy(answers)
    del removed["details"]["subject"]
    added = copy.deepcopy(answers)
    added["details"]["full_assessment_date"] = date(2026, 2, 1)
    assert answers_digest(kcc, make_assessment(removed)) != before
    assert answers_digest(kcc, make_assessment(added)) != before


def test_history_and_bookkeeping_do_not_change_the_hash(
    kcc: Questionnaire, example: Loaded
) -> None:
    assessment = example.assessment
    before = answers_digest(kcc, assessment)
    assessment.history.append({"version": "9.9", "author": "X", "date": date(2030, 1, 1)})
    assessment.updated = datetime(2030, 1, 1, tzinfo=UTC)
    assessment.created = datetime(2001, 1, 1, tzinfo=UTC)
    assessment.resume_at = "monitoring"
    assessment.set_aside = {"old": {"question": "kept"}}
    assessment.signed = {"by": "Someone", "sha256": "0" * 64}
    assert answers_digest(kcc, assessment) == before


def test_empty_answers_count_as_not_given(kcc: Questionnaire) -> None:
    answers = complete_answers()
    before = answers_digest(kcc, make_assessment(answers))
    padded = copy.deepcopy(answers)
    padded["details"]["full_assessment_date"] = None
    padded["details"]["owner_note"] = "not a question: never written, never hashed"
    padded["full_assessment"] = {"context": "   "}
    padded["action_plan"] = {"actions": []}
    padded["screening"]["age"]["affects_details"] = ""
    assert answers_digest(kcc, make_assessment(padded)) == before


def test_characteristics_answers_are_compared_by_meaning(kcc: Questionnaire) -> None:
    def with_row(characteristics: Any) -> Assessment:
        row = {"characteristics": characteristics, "issue": "i", "action": "a"}
        return make_assessment({"action_plan": {"actions": [row]}})

    assert answers_digest(kcc, with_row("all")) == answers_digest(kcc, with_row(["all"]))
    assert answers_digest(kcc, with_row(["race", "age"])) == answers_digest(
        kcc, with_row(["age", "race"])
    )
    assert answers_digest(kcc, with_row(["age"])) != answers_digest(kcc, with_row(["race"]))


def test_line_endings_do_not_change_the_hash(kcc: Questionnaire) -> None:
    unix = make_assessment({"details": {"subject": "One.\nTwo."}})
    windows = make_assessment({"details": {"subject": "One.\r\nTwo."}})
    assert answers_digest(kcc, unix) == answers_digest(kcc, windows)


def test_the_order_of_actions_is_part_of_the_answers(kcc: Questionnaire, example: Loaded) -> None:
    answers = copy.deepcopy(example.assessment.answers)
    answers["action_plan"]["actions"].reverse()
    assert answers_digest(kcc, make_assessment(answers)) != answers_digest(kcc, example.assessment)


def test_per_answer_digests_are_named_by_key_path(kcc: Questionnaire, example: Loaded) -> None:
    digests = answer_digests(kcc, example.assessment)
    assert "details.title" in digests
    assert "screening.age.negative_impact" in digests
    assert "full_assessment.context" in digests
    assert "monitoring.review_date" in digests
    assert "action_plan.actions[0]" in digests
    assert "action_plan.actions[15]" in digests
    assert "action_plan.actions" not in digests
    assert "sign_off.senior_officer_name" not in digests
    assert all(len(d) == 16 for d in digests.values())
    # The same words in two places give two fingerprints.
    same = make_assessment({"screening": {"gender": {"action_details": "x"}, "race": {}}})
    same.answers["screening"]["race"]["action_details"] = "x"
    pair = answer_digests(kcc, same)
    assert pair["screening.gender.action_details"] != pair["screening.race.action_details"]


# --- Sign, verify, reopen ------------------------------------------------------------------------


def test_sign_records_who_when_the_hash_and_a_whole_version(
    kcc: Questionnaire, ready: Loaded
) -> None:
    assessment = ready.assessment
    signed = sign(kcc, assessment, " Jo Smith ", SIGNED_AT)
    assert assessment.signed is signed
    assert signed["by"] == "Jo Smith"
    assert signed["at"] == SIGNED_AT
    assert signed["canonical_form"] == CANONICAL_FORM == 3
    assert signed["sha256"] == signed_digest(kcc, assessment, [], signed=signed)
    assert signed["sha256"] != answers_digest(kcc, assessment), "form 3 covers more"
    assert len(signed["sha256"]) == 64
    assert "waivers" not in signed
    assert signed["answers"] == answer_digests(kcc, assessment)
    # The example's hand-kept history ends at 1.4, so this sign-off makes 2.0.
    assert signed["version"] == "2.0"
    assert assessment.history[-1] == {
        "version": "2.0",
        "author": "Jo Smith",
        "date": date(2026, 3, 2),
        "comment": "Signed off by Jo Smith",
    }
    assert no_none(signed)
    assert is_read_only(assessment)


def test_the_first_sign_off_is_version_1_0(kcc: Questionnaire) -> None:
    assessment = approve(make_assessment(complete_answers()))
    sign(kcc, assessment, "A. Officer", SIGNED_AT, comment="Agreed at the directorate meeting")
    assert [e["version"] for e in assessment.history] == ["1.0"]
    assert assessment.history[0]["comment"] == "Agreed at the directorate meeting"


def test_sign_write_read_verify_round_trip(tmp_path: Path, kcc: Questionnaire) -> None:
    store = Store(tmp_path, Registry())
    original = load_file(EXAMPLE, store.registry)
    ready_to_sign(original.assessment.answers)
    approve(original.assessment)
    sign(kcc, original.assessment, "Jo Smith", datetime(2026, 3, 2, 14, 30, 15, 999))
    store.save(original.questionnaire, original.assessment)

    again = store.load(original.assessment.id)
    assert again.assessment.signed == original.assessment.signed
    assert isinstance(again.assessment.signed, dict)
    assert again.assessment.signed["at"].microsecond == 0
    assert again.assessment.signed["at"].tzinfo is not None
    result = verify(again.questionnaire, again.assessment)
    assert result.signed and result.ok
    assert result.changes == []
    assert result.by == "Jo Smith"
    assert result.version == "2.0"
    assert "unchanged since signed by Jo Smith" in result.summary()


def test_verify_names_what_changed(tmp_path: Path, kcc: Questionnaire) -> None:
    store = Store(tmp_path, Registry())
    loaded = load_file(EXAMPLE, store.registry)
    ready_to_sign(loaded.assessment.answers)
    approve(loaded.assessment)
    sign(kcc, loaded.assessment, "Jo Smith", SIGNED_AT)
    store.save(loaded.questionnaire, loaded.assessment)

    path = store.path_for(loaded.assessment.id)
    text = path.read_text(encoding="utf-8")
    text = text.replace('negative_impact = "low"', 'negative_impact = "none"', 1)
    text = text.replace("review_date = 2027-07-27", "review_date = 2028-07-27")
    path.write_text(text, encoding="utf-8")
    edited = store.load(loaded.assessment.id)
    edited.assessment.answers["full_assessment"]["context"] += " And more."
    del edited.assessment.answers["details"]["full_assessment_date"]
    edited.assessment.answers["action_plan"]["actions"].pop()
    del edited.assessment.answers["sign_off"]["dmt_member_date"]
    edited.assessment.answers["sign_off"]["senior_officer_name"] = "Jo Smith"
    edited.assessment.answers["screening"]["religion_or_belief"]["affects_details"] = "New."

    result = verify(edited.questionnaire, edited.assessment)
    assert result.signed and not result.ok
    assert result.changes == [
        Change("action_plan.actions[15]", "removed"),
        Change("details.full_assessment_date", "removed"),
        Change("full_assessment.context", "changed"),
        Change("monitoring.review_date", "changed"),
        Change("screening.gender.negative_impact", "changed"),
        Change("screening.religion_or_belief.affects_details", "added"),
        Change("sign_off.dmt_member_date", "removed"),
        Change("sign_off.senior_officer_name", "changed"),
    ]
    assert result.changed[0] == "action_plan.actions[15]"
    assert "8 answers have changed since signed by Jo Smith" in result.summary()


def test_editing_one_action_names_that_row(kcc: Questionnaire, ready: Loaded) -> None:
    sign(kcc, ready.assessment, "Jo Smith", SIGNED_AT)
    ready.assessment.answers["action_plan"]["actions"][2]["timescale"] = "By March"
    result = verify(kcc, ready.assessment)
    assert result.changed == ["action_plan.actions[2]"]


def test_changes_are_listed_in_reading_order(kcc: Questionnaire, ready: Loaded) -> None:
    sign(kcc, ready.assessment, "Jo Smith", SIGNED_AT)
    actions = ready.assessment.answers["action_plan"]["actions"]
    for index in (10, 2, 1):
        actions[index]["cost"] = "Unknown"
    assert verify(kcc, ready.assessment).changed == [
        "action_plan.actions[1]",
        "action_plan.actions[2]",
        "action_plan.actions[10]",
    ]


def test_verify_an_unsigned_assessment(kcc: Questionnaire, example: Loaded) -> None:
    result = verify(kcc, example.assessment)
    assert not result.signed
    assert not result.ok
    assert "not signed" in result.summary()
    assert not is_read_only(example.assessment)


def test_verify_without_per_answer_digests_still_notices_a_change(
    kcc: Questionnaire, ready: Loaded
) -> None:
    sign(kcc, ready.assessment, "Jo Smith", SIGNED_AT)
    assert ready.assessment.signed is not None
    del ready.assessment.signed["answers"]
    assert verify(kcc, ready.assessment).ok
    ready.assessment.answers["details"]["title"] = "Another title"
    assert verify(kcc, ready.assessment).changed == ["answers"]


def test_a_sign_off_made_before_waivers_still_verifies(kcc: Questionnaire, ready: Loaded) -> None:
    """Canonical form 1, written before waivers existed, hashed the answers alone."""
    sign(kcc, ready.assessment, "Jo Smith", SIGNED_AT)
    assert ready.assessment.signed is not None
    ready.assessment.signed["canonical_form"] = 1
    ready.assessment.signed["sha256"] = answers_digest(kcc, ready.assessment)
    assert verify(kcc, ready.assessment).ok
    del ready.assessment.signed["canonical_form"]  # left out, the form is 1
    assert verify(kcc, ready.assessment).ok
    ready.assessment.answers["details"]["title"] = "Another title"
    assert verify(kcc, ready.assessment).changed == ["details.title"]


def test_a_signature_without_a_hash_cannot_be_checked(kcc: Questionnaire, example: Loaded) -> None:
    example.assessment.signed = {"by": "Jo Smith"}
    result = verify(kcc, example.assessment)
    assert result.signed
    assert not result.ok
    assert "sha256" in result.problem


def test_signing_twice_needs_a_reopen(kcc: Questionnaire, ready: Loaded) -> None:
    sign(kcc, ready.assessment, "Jo Smith", SIGNED_AT)
    with pytest.raises(BadInput) as caught:
        sign(kcc, ready.assessment, "Jo Smith", SIGNED_AT)
    assert "reopen" in str(caught.value)


def test_signing_needs_a_name(kcc: Questionnaire, example: Loaded) -> None:
    with pytest.raises(BadInput):
        sign(kcc, example.assessment, "  ", SIGNED_AT)
    assert example.assessment.signed is None


def test_reopen_clears_the_signature_and_records_a_version(kcc: Questionnaire) -> None:
    assessment = approve(make_assessment(complete_answers()))
    record_first = sign(kcc, assessment, "A. Officer", SIGNED_AT)
    assert record_first["version"] == "1.0"
    entry = reopen(assessment, "B. Writer", date(2026, 4, 1), comment="New consultation results")
    assert assessment.signed is None
    assert not is_read_only(assessment)
    assert entry == {
        "version": "1.1",
        "author": "B. Writer",
        "date": date(2026, 4, 1),
        "comment": "New consultation results",
    }
    assert [e["version"] for e in assessment.history] == ["1.0", "1.1"]
    assert not verify(kcc, assessment).signed
    approve(assessment)  # reopening took it back to draft
    assert sign(kcc, assessment, "A. Officer", SIGNED_AT)["version"] == "2.0"


def test_reopen_gives_a_comment_when_none_is_written(kcc: Questionnaire) -> None:
    assessment = approve(make_assessment(complete_answers()))
    sign(kcc, assessment, "A. Officer", SIGNED_AT)
    entry = reopen(assessment, "B. Writer", date(2026, 4, 1))
    assert entry["comment"] == "Reopened after sign-off by A. Officer"


def test_reopen_needs_a_signed_assessment(kcc: Questionnaire) -> None:
    assessment = approve(make_assessment(complete_answers()))
    with pytest.raises(BadInput) as caught:
        reopen(assessment, "B. Writer", date(2026, 4, 1))
    assert "not signed" in str(caught.value)
    assert assessment.history == []


def test_the_review_modules_do_not_import_textual() -> None:
    code = (
        "import sys\n"
        "import eqia_tui.core.storage.config, eqia_tui.core.review.due\n"
        "import eqia_tui.core.review.history, eqia_tui.core.signing\n"
        "assert 'textual' not in sys.modules, 'textual was imported'\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


# --- What the fingerprint covers: the sign-off record and the questionnaire (form 3) ------------


KCC_ID = "kcc-eqia"


def swapped_labels(tmp_path: Path) -> Questionnaire:
    """kcc-eqia with the impact labels "High" and "None" swapped: same id, same version."""
    text = KCC_PATH.read_text(encoding="utf-8")
    high = '{ value = "high", label = "High",'
    none = '{ value = "none", label = "None",'
    assert text.count(high) == 2 and text.count(none) == 1  # the impact and weighting scales
    text = text.replace(high, '{ value = "high", label = "None",', 1)
    text = text.replace(none, '{ value = "none", label = "High",')
    path = tmp_path / "kcc-eqia.toml"
    path.write_text(text, encoding="utf-8")
    copy_ = load_questionnaire_file(path)
    assert (copy_.id, copy_.version) == (KCC_ID, "1.3")
    return copy_


@pytest.mark.parametrize(
    ("key", "value", "words"),
    [
        ("by", "Sam Patel", "the name of the person who signed changed"),
        ("at", SIGNED_AT + timedelta(minutes=1), "the date and time of the sign-off changed"),
        ("version", "3.0", "the version number signed changed"),
    ],
)
def test_verify_notices_a_changed_sign_off_record(
    kcc: Questionnaire, ready: Loaded, key: str, value: Any, words: str
) -> None:
    sign(kcc, ready.assessment, "Jo Smith", SIGNED_AT)
    assert ready.assessment.signed is not None
    ready.assessment.signed[key] = value
    result = verify(kcc, ready.assessment)
    assert not result.ok
    assert result.changed == [f"signed.{key}"]
    assert result.changes[0].line() == f"changed: signed.{key}: {words}"


def test_verify_notices_the_questionnaire_changed(
    tmp_path: Path, kcc: Questionnaire, ready: Loaded
) -> None:
    sign(kcc, ready.assessment, "Jo Smith", SIGNED_AT)
    assert verify(kcc, ready.assessment).ok
    result = verify(swapped_labels(tmp_path), ready.assessment)
    assert not result.ok
    assert result.changed == ["questionnaire"]
    assert result.changes[0].line() == (
        "changed: questionnaire: the questionnaire's wording or rules changed since sign-off: "
        "questionnaire kcc-eqia 1.3 as installed now differs from the one signed"
    )
    assert "The questionnaire has changed since signed by Jo Smith" in result.summary()


def test_a_signed_file_read_back_with_another_questionnaire(
    tmp_path: Path, kcc: Questionnaire
) -> None:
    store = Store(tmp_path / "home", Registry())
    loaded = load_file(EXAMPLE, store.registry)
    ready_to_sign(loaded.assessment.answers)
    approve(loaded.assessment)
    sign(kcc, loaded.assessment, "Jo Smith", SIGNED_AT)
    store.save(loaded.questionnaire, loaded.assessment)
    again = store.load(loaded.assessment.id)
    assert verify(again.questionnaire, again.assessment).ok
    assert verify(swapped_labels(tmp_path), again.assessment).changed == ["questionnaire"]


def test_each_change_is_named_answers_first(kcc: Questionnaire, ready: Loaded) -> None:
    sign(kcc, ready.assessment, "Jo Smith", SIGNED_AT)
    assert ready.assessment.signed is not None
    ready.assessment.signed["by"] = "Sam Patel"
    ready.assessment.signed["version"] = "9.0"
    ready.assessment.answers["details"]["title"] = "Another title"
    result = verify(kcc, ready.assessment)
    assert result.changed == ["details.title", "signed.by", "signed.version"]
    assert result.what_changed() == (
        "1 answer, the name of the person who signed and the version number signed"
    )


def test_form_3_covers_the_record_and_the_questionnaire(
    tmp_path: Path, kcc: Questionnaire, ready: Loaded
) -> None:
    signed = sign(kcc, ready.assessment, "Jo Smith", SIGNED_AT)
    assert signed["canonical_form"] == CANONICAL_FORM == 3
    assert signed["sha256"] == signed_digest(kcc, ready.assessment, [], signed=signed)
    renamed = {**signed, "by": "Sam Patel"}
    assert signed_digest(kcc, ready.assessment, [], signed=renamed) != signed["sha256"]
    other = swapped_labels(tmp_path)
    assert signed_digest(other, ready.assessment, [], signed=signed) != signed["sha256"]
    assert fingerprint.questionnaire_digest(other) != fingerprint.questionnaire_digest(kcc)
    assert set(signed["parts"]) == {"by", "at", "version", "waivers", "questionnaire"}


def test_the_questionnaire_fingerprint_ignores_where_it_was_read_from(
    tmp_path: Path, kcc: Questionnaire
) -> None:
    path = tmp_path / "elsewhere.toml"
    shutil.copy(KCC_PATH, path)
    elsewhere = load_questionnaire_file(path)
    assert fingerprint.questionnaire_digest(elsewhere) == fingerprint.questionnaire_digest(kcc)


def test_a_sign_off_of_form_2_still_verifies_as_before(kcc: Questionnaire, ready: Loaded) -> None:
    """Form 2 covered the answers and the waivers, not who signed nor the questionnaire."""
    sign(kcc, ready.assessment, "Jo Smith", SIGNED_AT)
    signed = ready.assessment.signed
    assert signed is not None
    del signed["parts"]
    signed["canonical_form"] = 2
    signed["sha256"] = signed_digest(kcc, ready.assessment, [], form=2)
    assert verify(kcc, ready.assessment).ok
    signed["by"] = "Sam Patel"  # not covered by form 2
    assert verify(kcc, ready.assessment).ok
    ready.assessment.answers["details"]["title"] = "Another title"
    assert verify(kcc, ready.assessment).changed == ["details.title"]


def test_a_sign_off_record_without_its_parts_still_notices_a_change(
    kcc: Questionnaire, ready: Loaded
) -> None:
    sign(kcc, ready.assessment, "Jo Smith", SIGNED_AT)
    assert ready.assessment.signed is not None
    del ready.assessment.signed["parts"]
    assert verify(kcc, ready.assessment).ok
    ready.assessment.signed["by"] = "Sam Patel"
    assert verify(kcc, ready.assessment).changed == ["signed"]


def test_check_and_exports_name_a_changed_record_in_words(
    tmp_path: Path, kcc: Questionnaire, ready: Loaded
) -> None:
    sign(kcc, ready.assessment, "Jo Smith", SIGNED_AT)
    assert ready.assessment.signed is not None
    ready.assessment.signed["by"] = "Sam Patel"
    found = [f for f in check(kcc, ready.assessment, date(2026, 3, 3)) if f.severity == "error"]
    assert [(f.id, f.key) for f in found] == [("changed-since-signed", "signed")]
    assert found[0].message == (
        "The sign-off is not the one that was made. "
        "These changed: the name of the person who signed."
    )
    part = signed_part(kcc, ready.assessment)
    assert part is not None
    said = {f.key: f.value.text for f in part.items if isinstance(f, Field)}
    assert said["signed.changed"] == (
        "Yes: the name of the person who signed changed after sign-off."
    )
    other = swapped_labels(tmp_path)
    ready.assessment.signed["by"] = "Jo Smith"
    found = [f for f in check(other, ready.assessment, date(2026, 3, 3)) if f.severity == "error"]
    assert found[0].message == (
        "The sign-off is not the one that was made. "
        "These changed: the questionnaire (kcc-eqia 1.3)."
    )
