"""Shared test setup: every test runs with its own eqia data and settings folders."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest


@dataclass(frozen=True)
class EqiaDirs:
    home: Path
    """What $EQIA_HOME points at (drafts live in `home / "drafts"`)."""
    config: Path
    """What $EQIA_CONFIG_DIR points at (user questionnaires live in `config / "questionnaires"`)."""
    state: Path
    """What $EQIA_STATE_DIR points at (crash logs go to `state / "crashes"`)."""
    cache: Path
    """What $EQIA_CACHE_DIR points at (the summary index lives there)."""


@pytest.fixture(autouse=True)
def eqia_dirs(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> EqiaDirs:
    """Point EQIA_HOME, EQIA_CONFIG_DIR, EQIA_STATE_DIR and EQIA_CACHE_DIR at fresh temporary
    folders, so no test can read or write the real user's drafts, settings, questionnaires,
    crash logs or summary index."""
    home = tmp_path_factory.mktemp("eqia-home")
    config = tmp_path_factory.mktemp("eqia-config")
    state = tmp_path_factory.mktemp("eqia-state")
    cache = tmp_path_factory.mktemp("eqia-cache")
    monkeypatch.setenv("EQIA_HOME", str(home))
    monkeypatch.setenv("EQIA_CONFIG_DIR", str(config))
    monkeypatch.setenv("EQIA_STATE_DIR", str(state))
    monkeypatch.setenv("EQIA_CACHE_DIR", str(cache))
    return EqiaDirs(home=home, config=config, state=state, cache=cache)
