"""Finding questionnaires: built in, in the user's folder, or by path."""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from eqia_tui.problems import BadInput
from eqia_tui.registry import Registry, builtin_files, user_files

from .helpers import KCC_DATA, KCC_PATH

WriteToml = Callable[[Path, dict[str, Any]], Path]


def user_dir(eqia_dirs: Any) -> Path:
    folder = eqia_dirs.config / "questionnaires"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def test_builtins_are_listed() -> None:
    entries = Registry().entries()
    kcc = next(e for e in entries if e.id == "kcc-eqia")
    assert kcc.builtin is True
    assert kcc.version == "1.0"
    assert kcc.title == "Equality Impact Assessment"
    assert Path(kcc.source).name == "kcc-eqia.toml"
    assert kcc.error == ""
    assert all(e.builtin for e in entries)
    assert len(entries) == len(builtin_files())
    assert all(not e.error for e in entries)


def test_no_user_folder_means_no_user_files() -> None:
    assert user_files() == []


def test_get_by_id_is_cached() -> None:
    registry = Registry()
    first = registry.get("kcc-eqia")
    assert first.id == "kcc-eqia"
    assert registry.get("kcc-eqia") is first


def test_get_unknown_lists_what_is_installed(eqia_dirs: Any) -> None:
    with pytest.raises(BadInput) as caught:
        Registry().get("nope")
    (problem,) = caught.value.problems
    assert problem.line().startswith('the questionnaire "nope" is not installed; installed: ')
    assert '"kcc-eqia"' in problem.message
    assert str(eqia_dirs.config / "questionnaires") in problem.message


def test_user_questionnaire_wins_over_builtin(eqia_dirs: Any, write_toml: WriteToml) -> None:
    data = copy.deepcopy(KCC_DATA)
    data["version"] = "9.9"
    data["title"] = "Our own EqIA"
    path = write_toml(user_dir(eqia_dirs) / "ours.toml", data)
    registry = Registry()
    assert registry.get("kcc-eqia").version == "9.9"
    entries = [e for e in registry.entries() if e.id == "kcc-eqia"]
    assert len(entries) == 1
    assert entries[0].source == str(path)
    assert entries[0].builtin is False
    assert entries[0].title == "Our own EqIA"


def test_new_user_questionnaire_is_listed_and_found(eqia_dirs: Any, write_toml: WriteToml) -> None:
    data = copy.deepcopy(KCC_DATA)
    data["id"] = "district-eqia"
    data["area"] = "Ashford"
    write_toml(user_dir(eqia_dirs) / "district.toml", data)
    registry = Registry()
    ids = [e.id for e in registry.entries()]
    assert "district-eqia" in ids and "kcc-eqia" in ids
    assert registry.get("district-eqia").area == "Ashford"


def test_broken_user_questionnaire_is_listed_with_the_reason(
    eqia_dirs: Any, write_toml: WriteToml
) -> None:
    data = copy.deepcopy(KCC_DATA)
    data["id"] = "broken-one"
    data["weighting"]["rules"][0]["level"] = "severe"
    path = write_toml(user_dir(eqia_dirs) / "broken.toml", data)
    (user_dir(eqia_dirs) / "syntax.toml").write_text("id = \n", encoding="utf-8")
    entries = Registry().entries()
    broken = [e for e in entries if e.error]
    assert sorted(Path(e.source).name for e in broken) == ["broken.toml", "syntax.toml"]
    by_name = {Path(e.source).name: e for e in broken}
    assert by_name["broken.toml"].error.startswith(f"{path}: weighting.rules[0].level: ")
    assert "TOML syntax error" in by_name["syntax.toml"].error
    assert any(e.id == "kcc-eqia" for e in entries)
    with pytest.raises(BadInput) as caught:
        Registry().get("broken-one")
    assert caught.value.problems[0].key == "weighting.rules[0].level"


def test_choose_by_path_or_id(tmp_path: Path, write_toml: WriteToml) -> None:
    data = copy.deepcopy(KCC_DATA)
    data["id"] = "from-a-file"
    path = write_toml(tmp_path / "custom.toml", data)
    registry = Registry()
    chosen = registry.choose(str(path))
    assert chosen.id == "from-a-file"
    assert chosen.source == str(path)
    # Once chosen by path it is findable by id for the rest of the run.
    assert registry.get("from-a-file") is chosen
    assert registry.choose("kcc-eqia").id == "kcc-eqia"
    with pytest.raises(BadInput) as caught:
        registry.choose(str(tmp_path / "missing.toml"))
    assert caught.value.problems[0].message == "no such file"


def test_load_path_is_cached() -> None:
    registry = Registry()
    assert registry.load_path(KCC_PATH) is registry.load_path(KCC_PATH)
