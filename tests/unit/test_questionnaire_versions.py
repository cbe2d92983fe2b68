"""The built-in questionnaires changed their wording in version 1.1 (issue 11, plain English).
Version 1.0 is kept beside them, word for word, so that drafts answered with it open with the
words their officer saw, and a sign-off made with it still verifies: the fingerprint covers
the questionnaire.

kcc-eqia 1.3 and commissioning-cycle 1.2 (issue 13) only add two roles, the questions that
name the directorate and the owner, for the register. The fingerprint covers the roles too, so
kcc-eqia 1.2 and commissioning-cycle 1.1 are kept beside them word for word, for the same
reasons."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import pytest

from conftest import EqiaDirs
from eqia_tui.core.review.fingerprint import verify
from eqia_tui.core.storage.registry import Registry, builtin_files
from eqia_tui.core.storage.store import load_file
from eqia_tui.core.storage.summarising import summarise

from .helpers import EXAMPLE, Run
from .readability import TEXT_KEYS

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
SIGNED_1_0 = FIXTURES / "signed" / "customer-service-policy-signed-1.0.toml"
SIGNED_1_2 = FIXTURES / "signed" / "library-opening-hours-signed-1.2.toml"
"""Signed off with kcc-eqia 1.2 by eqia as it was before 1.3 was built in."""
IDS = ("kcc-eqia", "commissioning-cycle")


def _builtin(questionnaire_id: str, version: str) -> Path:
    for path in builtin_files():
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        if (data["id"], data["version"]) == (questionnaire_id, version):
            return path
    raise AssertionError(f"{questionnaire_id} {version} is not built in")


def _without_words(node: Any) -> Any:
    """The file less every text a person reads and the version: its ids, types, options,
    conditions, rules and roles."""
    if isinstance(node, dict):
        return {k: _without_words(v) for k, v in node.items() if k not in TEXT_KEYS | {"version"}}
    if isinstance(node, list):
        return [_without_words(v) for v in node]
    return node


NEWEST = {"kcc-eqia": "1.3", "commissioning-cycle": "1.2"}
"""kcc-eqia 1.2 added the questions of the legal tests (tests/unit/test_checks_legal.py);
kcc-eqia 1.3 and commissioning-cycle 1.2 add the roles `directorate` and `owner`."""
KEPT = {"kcc-eqia": ("1.0", "1.1", "1.2"), "commissioning-cycle": ("1.0", "1.1")}
"""The older versions built in beside the newest, each in a file of its own."""
ROLES_ONLY = {"kcc-eqia": ("1.2", "1.3"), "commissioning-cycle": ("1.1", "1.2")}
"""The versions that differ only in the two roles the register needs."""


@pytest.mark.parametrize("questionnaire_id", IDS)
def test_new_drafts_get_the_newest_and_old_drafts_keep_theirs(questionnaire_id: str) -> None:
    registry = Registry()
    assert registry.get(questionnaire_id).version == NEWEST[questionnaire_id]
    assert Path(registry.get(questionnaire_id).source).name == f"{questionnaire_id}.toml"
    for version in KEPT[questionnaire_id]:
        kept = registry.get(questionnaire_id, version)
        assert kept.version == version
        assert kept.source == str(_builtin(questionnaire_id, version))
        assert Path(kept.source).name == f"{questionnaire_id}-{version}.toml"
    listed = {e.id: e.version for e in registry.entries()}
    assert listed[questionnaire_id] == NEWEST[questionnaire_id]


@pytest.mark.parametrize("questionnaire_id", IDS)
def test_the_newest_only_adds_the_directorate_and_owner_roles(questionnaire_id: str) -> None:
    """Every question, word and rule of the version before is kept: only the version, two
    roles and the comments (which TOML does not read) differ."""
    old, new = (
        tomllib.loads(_builtin(questionnaire_id, v).read_text(encoding="utf-8"))
        for v in ROLES_ONLY[questionnaire_id]
    )
    assert new["roles"].pop("directorate") == "details.directorate"
    assert new["roles"].pop("owner") == "details.owner"
    assert "directorate" not in old["roles"] and "owner" not in old["roles"]
    assert new.pop("version") == NEWEST[questionnaire_id]
    old.pop("version")
    assert new == old


@pytest.mark.parametrize("questionnaire_id", IDS)
def test_1_1_changes_only_words(questionnaire_id: str) -> None:
    """Every id and option of 1.0 is in 1.1, so a draft moved on to 1.1 loses nothing."""
    old, new = (
        tomllib.loads(_builtin(questionnaire_id, v).read_text(encoding="utf-8"))
        for v in ("1.0", "1.1")
    )
    assert _without_words(new) == _without_words(old)
    assert old != new


def test_a_sign_off_made_with_1_0_still_verifies(run: Run) -> None:
    code, out, err = run("verify", SIGNED_1_0)
    assert code == 0, out + err
    assert "unchanged since signed by Jo Smith" in out


def test_the_same_sign_off_read_with_1_1_would_name_the_questionnaire() -> None:
    """Why 1.0 is kept: read with the new wording, the sign-off no longer matches."""
    loaded = load_file(SIGNED_1_0, Registry())
    assert loaded.questionnaire.version == "1.0"
    newer = Registry().get("kcc-eqia")
    assert [c.key for c in verify(newer, loaded.assessment).changes] == ["questionnaire"]


def test_a_sign_off_made_with_1_2_still_verifies(run: Run) -> None:
    loaded = load_file(SIGNED_1_2, Registry())
    assert loaded.questionnaire.version == "1.2"
    assert loaded.questionnaire.source == str(_builtin("kcc-eqia", "1.2"))
    assert loaded.assessment.signed is not None
    assert loaded.assessment.signed["canonical_form"] == 3  # it covers the questionnaire
    code, out, err = run("verify", SIGNED_1_2)
    assert code == 0, out + err
    assert out.startswith("Library opening hours: unchanged since signed by Jo Smith")


def test_the_1_2_sign_off_read_with_1_3_would_name_the_questionnaire() -> None:
    """Why 1.2 is kept: 1.3 asks the same questions, but its roles differ, and the
    fingerprint covers the roles."""
    loaded = load_file(SIGNED_1_2, Registry())
    newer = Registry().get("kcc-eqia")
    assert newer.version == "1.3"
    assert [c.key for c in verify(newer, loaded.assessment).changes] == ["questionnaire"]


def test_eqia_upgrade_moves_a_1_2_draft_to_1_3_with_every_answer(
    eqia_dirs: EqiaDirs, run: Run
) -> None:
    """The example as it was before 1.3: the move adds no question and sets nothing aside,
    and the register then finds its directorate and owner."""
    newest = 'questionnaire_version = "1.3"'
    text = EXAMPLE.read_text(encoding="utf-8")
    assert text.count(newest) == 1
    path = eqia_dirs.home / "drafts" / "customer-service-policy.toml"
    path.parent.mkdir(parents=True)
    path.write_text(text.replace(newest, 'questionnaire_version = "1.2"'), encoding="utf-8")
    before = load_file(path, Registry())
    assert before.questionnaire.version == "1.2"
    assert summarise(path, Registry()).directorate == ""

    code, out, err = run("upgrade", "customer-service-policy", "--by", "Jo Smith")

    assert (code, err) == (0, "")
    assert out == (
        "Customer Service Policy: moved from kcc-eqia 1.2 to 1.3: no new questions; "
        "nothing set aside.\n"
    )
    after = load_file(path, Registry())
    assert after.questionnaire.version == after.assessment.questionnaire_version == "1.3"
    assert after.notes == []
    assert after.assessment.set_aside == {}
    assert after.assessment.answers == before.assessment.answers
    assert after.assessment.review == before.assessment.review
    assert after.assessment.history[:-1] == before.assessment.history
    assert after.assessment.history[-1]["comment"] == "Moved to kcc-eqia 1.3 from 1.2"
    summary = summarise(path, Registry())
    assert summary.directorate == before.assessment.answers["details"]["directorate"]
    assert summary.owner == before.assessment.answers["details"]["owner"]
