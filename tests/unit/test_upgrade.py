"""`eqia upgrade`: a draft answered with an older version of its questionnaire moves on to
the newest version installed, with every answer, its review record and a history entry.

Two kinds of draft: one of kcc-eqia for each built-in version older than the newest (1.0,
1.1 and 1.2 now that 1.3 is built in), and one of a small questionnaire pair of this file's own,
where the new version adds questions and a characteristic, or drops a question."""

from __future__ import annotations

import copy
import shutil
import tomllib
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import tomli_w

from conftest import EqiaDirs
from eqia_tui.core.disk.draft_lock import DraftLock
from eqia_tui.core.model.assessment import is_newer_version
from eqia_tui.core.storage.registry import Registry, builtin_files
from eqia_tui.core.storage.store import load_file
from eqia_tui.core.storage.upgrade import prepare

from .helpers import EXAMPLE_DATA, Run

WriteToml = Callable[[Path, dict[str, Any]], Path]
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
SIGNED_1_0 = FIXTURES / "signed" / "customer-service-policy-signed-1.0.toml"
AT = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)


def _kcc_versions() -> dict[str, dict[str, Any]]:
    """Every built-in version of kcc-eqia, by version."""
    out = {}
    for path in builtin_files():
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        if data["id"] == "kcc-eqia":
            out[data["version"]] = data
    return out


KCC = _kcc_versions()
NEWEST = next(v for v in KCC if not any(is_newer_version(w, v) for w in KCC))
OLDER = sorted(v for v in KCC if v != NEWEST)


def _ids(questionnaire: dict[str, Any]) -> set[str]:
    return {f"{s['id']}.{q['id']}" for s in questionnaire["sections"] for q in s["questions"]}


def _answered_with(version: str) -> dict[str, Any]:
    """The example's answers as a draft of kcc-eqia `version`: only what it asks, unsigned,
    with its review record (the comments and the status moves)."""
    data = copy.deepcopy(EXAMPLE_DATA)
    data["questionnaire_version"] = version
    data.pop("signed", None)
    asked = _ids(KCC[version])
    sections = {s["id"]: s for s in KCC[version]["sections"]}
    every = {s["id"] for q in KCC.values() for s in q["sections"]}
    for key in list(data):
        section = sections.get(key)
        if section is None:
            if key in every:
                del data[key]  # a section a later version added
            continue
        rows = data[key].values() if section.get("per_characteristic") else [data[key]]
        for row in rows:
            for question in list(row):
                if f"{key}.{question}" not in asked:
                    del row[question]
    assert data["review_record"]["comments"], "the example carries comments"
    return data


def _draft(home: Path, data: dict[str, Any]) -> Path:
    path = home / "drafts" / f"{data['id']}.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(tomli_w.dumps(data), encoding="utf-8")
    return path


# --- kcc-eqia: every older built-in version moves to the newest --------------------------


def test_there_is_an_older_kcc_eqia_to_move_from() -> None:
    assert OLDER, f"only {NEWEST} is built in"
    assert NEWEST == "1.3"
    assert OLDER == ["1.0", "1.1", "1.2"]  # 1.2 to 1.3: the same questions, two new roles


@pytest.mark.parametrize("version", OLDER)
def test_a_kcc_eqia_draft_moves_to_the_newest_with_every_answer(
    version: str, eqia_dirs: EqiaDirs, run: Run
) -> None:
    path = _draft(eqia_dirs.home, _answered_with(version))
    before = load_file(path, Registry())
    assert before.questionnaire.version == version

    code, out, err = run("upgrade", "customer-service-policy", "--by", "Jo Smith")

    assert (code, err) == (0, "")
    new = sorted(_ids(KCC[NEWEST]) - _ids(KCC[version]))
    count = f"{len(new)} new question{'' if len(new) == 1 else 's'}" if new else "no new questions"
    assert out.splitlines()[0] == (
        f"Customer Service Policy: moved from kcc-eqia {version} to {NEWEST}: "
        f"{count}; nothing set aside."
    )
    assert sorted(line.split(": ")[1] for line in out.splitlines()[1:]) == new
    after = load_file(path, Registry())
    assert after.questionnaire.version == NEWEST
    assert after.assessment.questionnaire_version == NEWEST
    assert after.notes == []
    assert after.assessment.set_aside == {}
    assert after.assessment.answers == before.assessment.answers
    assert after.assessment.review == before.assessment.review
    assert after.assessment.history[:-1] == before.assessment.history
    entry = after.assessment.history[-1]
    assert entry["author"] == "Jo Smith"
    assert entry["comment"] == f"Moved to kcc-eqia {NEWEST} from {version}"
    assert run("validate", path)[0] == 0
    # The file as it was is kept as a recovery copy.
    assert len(list((eqia_dirs.home / "recovery").rglob("*.toml"))) == 1


def test_a_draft_on_the_newest_version_is_refused(eqia_dirs: EqiaDirs, run: Run) -> None:
    path = _draft(eqia_dirs.home, _answered_with(OLDER[-1]))
    assert run("upgrade", path, "--by", "Jo")[0] == 0
    text = path.read_bytes()

    code, out, err = run("upgrade", path, "--by", "Jo")

    assert (code, out) == (2, "")
    assert err == (
        f'{path}: questionnaire_version: is "{NEWEST}", the newest version of kcc-eqia '
        "installed; there is nothing to move it to\n"
    )
    assert path.read_bytes() == text


def test_a_signed_assessment_is_refused_and_left_as_it_is(eqia_dirs: EqiaDirs, run: Run) -> None:
    path = eqia_dirs.home / "drafts" / "customer-service-policy.toml"
    path.parent.mkdir(parents=True)
    shutil.copy(SIGNED_1_0, path)
    text = path.read_bytes()

    code, out, err = run("upgrade", "customer-service-policy", "--by", "Jo")

    assert (code, out) == (2, "")
    assert len(err.splitlines()) == 1
    assert err.startswith(f"{path}: signed: is signed off")
    assert "Reopen it first" in err
    assert path.read_bytes() == text
    assert run("verify", path)[0] == 0  # the sign-off still holds


def test_a_dry_run_says_what_would_change_and_writes_nothing(eqia_dirs: EqiaDirs, run: Run) -> None:
    path = _draft(eqia_dirs.home, _answered_with("1.0"))
    text = path.read_bytes()

    code, out, err = run("upgrade", "customer-service-policy", "--dry-run")

    assert (code, err) == (0, "")
    assert out.startswith(f"Customer Service Policy: would move from kcc-eqia 1.0 to {NEWEST}: ")
    assert out.endswith("Nothing was written: this was a dry run.\n")
    assert path.read_bytes() == text
    assert not (eqia_dirs.home / "recovery").exists()


def test_a_draft_open_in_another_window_is_refused(eqia_dirs: EqiaDirs, run: Run) -> None:
    path = _draft(eqia_dirs.home, _answered_with("1.0"))
    text = path.read_bytes()
    lock = DraftLock(path)
    assert lock.acquire() is None
    try:
        code, out, err = run("upgrade", "customer-service-policy", "--by", "Jo")
    finally:
        lock.release()

    assert (code, out) == (2, "")
    assert len(err.splitlines()) == 1
    assert err.startswith(f"{path}: is open in another window (")
    assert path.read_bytes() == text


def test_a_dry_run_of_a_draft_open_in_another_window_still_says_what_would_change(
    eqia_dirs: EqiaDirs, run: Run
) -> None:
    """A dry run writes nothing, so it needs no lock: the officer with the draft open can
    ask what an upgrade would do without closing it first."""
    path = _draft(eqia_dirs.home, _answered_with("1.0"))
    text = path.read_bytes()
    lock = DraftLock(path)
    assert lock.acquire() is None
    try:
        code, out, err = run("upgrade", "customer-service-policy", "--dry-run")
    finally:
        lock.release()

    assert (code, err) == (0, "")
    assert out.startswith(f"Customer Service Policy: would move from kcc-eqia 1.0 to {NEWEST}: ")
    assert path.read_bytes() == text


def test_without_a_name_it_asks_for_one(eqia_dirs: EqiaDirs, run: Run) -> None:
    path = _draft(eqia_dirs.home, _answered_with("1.0"))
    text = path.read_bytes()

    code, out, err = run("upgrade", "customer-service-policy")

    assert (code, out) == (2, "")
    assert err == (
        "customer-service-policy: the version history needs a name: give yours with "
        "--by NAME, or set author in your config.toml\n"
    )
    assert path.read_bytes() == text


# --- A questionnaire pair of this file's own ---------------------------------------------


def _meals(version: str, *, more: bool, drop_how: bool = False) -> dict[str, Any]:
    """meal-review `version`; `more` adds two questions and a characteristic; `drop_how`
    leaves out the grid's "how" question."""
    grid_questions: list[dict[str, Any]] = [
        {"id": "impact", "type": "choice", "scale": "level", "label": "Impact?", "help": "h"},
    ]
    if not drop_how:
        grid_questions.append({"id": "how", "type": "text", "label": "How?", "help": "h"})
    details: list[dict[str, Any]] = [
        {"id": "title", "type": "text", "label": "Title", "help": "h", "required": True},
    ]
    characteristics = [
        {"id": "age", "label": "Age", "help": "h"},
        {"id": "disability", "label": "Disability", "help": "h"},
    ]
    if more:
        details.append({"id": "owner", "type": "text", "label": "Owner", "help": "h"})
        grid_questions.append({"id": "evidence", "type": "long_text", "label": "Why?", "help": "h"})
        characteristics.append({"id": "carers", "label": "Carers", "help": "h"})
    return {
        "id": "meal-review",
        "version": version,
        "title": "Meal review",
        "area": "Testshire",
        "scales": {
            "level": {
                "label": "Level",
                "options": [{"value": "high", "label": "High"}, {"value": "low", "label": "Low"}],
            }
        },
        "characteristics": characteristics,
        "sections": [
            {"id": "details", "title": "Details", "questions": details},
            {
                "id": "screening",
                "title": "Screening",
                "per_characteristic": True,
                "questions": grid_questions,
            },
        ],
    }


MEALS_DRAFT: dict[str, Any] = {
    "format": "eqia-assessment",
    "format_version": 1,
    "id": "meals",
    "questionnaire": "meal-review",
    "questionnaire_version": "1.0",
    "created": AT,
    "updated": AT,
    "details": {"title": "School meals"},
    "screening": {
        "age": {"impact": "high", "how": "Fewer hot meals."},
        "disability": {"impact": "low"},
    },
    "history": [
        {"version": "0.1", "author": "Sam", "date": AT.date(), "comment": "First draft"},
    ],
    "review_record": {
        "status": "submitted",
        "moves": [{"status": "submitted", "by": "Sam", "at": AT}],
        "comments": [
            {
                "id": "c1",
                "on": "screening.age.how",
                "by": "Kim",
                "at": AT,
                "text": "Which schools?",
                "replies": [{"by": "Sam", "at": AT, "text": "All twelve."}],
            }
        ],
    },
}


def _pair(eqia_dirs: EqiaDirs, write_toml: WriteToml, *, drop_how: bool = False) -> None:
    folder = eqia_dirs.config / "questionnaires"
    write_toml(folder / "meals-1.0.toml", _meals("1.0", more=False))
    write_toml(folder / "meals.toml", _meals("1.1", more=True, drop_how=drop_how))


def test_the_pair_moves_a_draft_on_with_every_answer(
    eqia_dirs: EqiaDirs, run: Run, write_toml: WriteToml
) -> None:
    _pair(eqia_dirs, write_toml)
    path = _draft(eqia_dirs.home, MEALS_DRAFT)
    assert load_file(path, Registry()).questionnaire.version == "1.0"

    code, out, err = run("upgrade", "meals", "--by", "Jo")

    assert (code, err) == (0, "")
    assert out == (
        "School meals: moved from meal-review 1.0 to 1.1: 2 new questions and 1 new "
        "characteristic; nothing set aside.\n"
        "  new question: details.owner\n"
        "  new question: screening.evidence\n"
    )
    saved = tomllib.loads(path.read_text(encoding="utf-8"))
    assert saved["questionnaire_version"] == "1.1"
    for key in ("details", "screening", "review_record"):
        assert saved[key] == MEALS_DRAFT[key], key
    assert saved["history"] == [
        *MEALS_DRAFT["history"],
        {
            "version": "0.2",
            "author": "Jo",
            "date": datetime.now().astimezone().date(),
            "comment": "Moved to meal-review 1.1 from 1.0",
        },
    ]
    assert "set_aside" not in saved
    assert run("validate", "meals")[0] == 0


def test_an_answer_the_new_version_no_longer_asks_is_set_aside(
    eqia_dirs: EqiaDirs, run: Run, write_toml: WriteToml
) -> None:
    _pair(eqia_dirs, write_toml, drop_how=True)
    path = _draft(eqia_dirs.home, MEALS_DRAFT)

    code, out, err = run("upgrade", "meals", "--by", "Jo")

    assert (code, err) == (0, "")
    assert out.splitlines()[0].endswith("; 1 answer set aside.")
    assert out.splitlines()[-1] == (
        "  set aside: screening.age.how: this question is no longer asked; "
        "the answer is kept aside under [set_aside]"
    )
    saved = tomllib.loads(path.read_text(encoding="utf-8"))
    assert saved["set_aside"] == {"screening": {"age": {"how": "Fewer hot meals."}}}
    assert saved["screening"] == {"age": {"impact": "high"}, "disability": {"impact": "low"}}
    assert saved["review_record"] == MEALS_DRAFT["review_record"]


def test_prepare_leaves_the_data_it_is_given_as_it_was(
    eqia_dirs: EqiaDirs, write_toml: WriteToml
) -> None:
    _pair(eqia_dirs, write_toml, drop_how=True)
    data = copy.deepcopy(MEALS_DRAFT)

    upgrade = prepare(Registry(), data, "meals.toml", "Jo", AT)

    assert data == MEALS_DRAFT
    assert upgrade.summary() == "2 new questions and 1 new characteristic; 1 answer set aside"
    assert upgrade.moved.assessment.questionnaire_version == "1.1"


def test_a_draft_whose_version_is_no_longer_installed_moves_on_too(
    eqia_dirs: EqiaDirs, run: Run, write_toml: WriteToml
) -> None:
    """Only 1.1 is installed: the 1.0 draft opens with it already, its dropped answer set
    aside on reading. Moving it on writes that down, and names the version it had."""
    write_toml(
        eqia_dirs.config / "questionnaires" / "meals.toml", _meals("1.1", more=True, drop_how=True)
    )
    path = _draft(eqia_dirs.home, MEALS_DRAFT)

    code, out, err = run("upgrade", "meals", "--by", "Jo")

    assert (code, err) == (0, "")
    assert out.splitlines() == [
        "School meals: moved from meal-review 1.0 to 1.1: no new questions; 1 answer set aside.",
        "  set aside: screening.age.how: this question is no longer asked; "
        "the answer is kept aside under [set_aside]",
    ]
    after = load_file(path, Registry())
    assert (after.assessment.questionnaire_version, after.notes) == ("1.1", [])
    assert after.assessment.set_aside == {"screening": {"age": {"how": "Fewer hot meals."}}}
