"""The built-in questionnaires changed their wording in version 1.1 (issue 11, plain English).
Version 1.0 is kept beside them, word for word, so that drafts answered with it open with the
words their officer saw, and a sign-off made with it still verifies: the fingerprint covers
the questionnaire."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import pytest

from eqia_tui.core.review.fingerprint import verify
from eqia_tui.core.storage.registry import Registry, builtin_files
from eqia_tui.core.storage.store import load_file

from .helpers import Run
from .readability import TEXT_KEYS

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
SIGNED_1_0 = FIXTURES / "signed" / "customer-service-policy-signed-1.0.toml"
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


NEWEST = {"kcc-eqia": "1.2", "commissioning-cycle": "1.1"}
"""kcc-eqia 1.2 adds the questions of the legal tests (tests/unit/test_checks_legal.py)."""


@pytest.mark.parametrize("questionnaire_id", IDS)
def test_new_drafts_get_the_newest_and_old_drafts_keep_1_0(questionnaire_id: str) -> None:
    registry = Registry()
    assert registry.get(questionnaire_id).version == NEWEST[questionnaire_id]
    assert registry.get(questionnaire_id, "1.0").version == "1.0"
    assert registry.get(questionnaire_id, "1.0").source == str(_builtin(questionnaire_id, "1.0"))
    assert registry.get(questionnaire_id, "1.1").source == str(_builtin(questionnaire_id, "1.1"))
    listed = {e.id: e.version for e in registry.entries()}
    assert listed[questionnaire_id] == NEWEST[questionnaire_id]


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
