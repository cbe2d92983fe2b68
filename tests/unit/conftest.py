"""Fixtures for the unit tests: the built-in questionnaire, the example assessment, helpers."""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import tomli_w

from eqia_tui.core.model.questionnaire import Questionnaire, load_questionnaire_file

from .helpers import EXAMPLE_DATA, KCC_DATA, KCC_PATH, Run


@pytest.fixture(scope="session")
def kcc() -> Questionnaire:
    """The built-in kcc-eqia questionnaire, loaded and checked."""
    return load_questionnaire_file(KCC_PATH)


@pytest.fixture
def kcc_data() -> dict[str, Any]:
    """The raw TOML data of kcc-eqia, a fresh copy each time, to break on purpose."""
    return copy.deepcopy(KCC_DATA)


@pytest.fixture
def example_data() -> dict[str, Any]:
    """The raw TOML data of the example assessment, a fresh copy each time."""
    return copy.deepcopy(EXAMPLE_DATA)


@pytest.fixture
def write_toml() -> Callable[[Path, dict[str, Any]], Path]:
    def write(path: Path, data: dict[str, Any]) -> Path:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(tomli_w.dumps(data), encoding="utf-8")
        return path

    return write


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str]) -> Run:
    return Run(capsys)
