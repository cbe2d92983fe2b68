"""Finding questionnaires: built in, in the user's folder, or by path."""

from __future__ import annotations

import copy
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from eqia_tui.core.storage.registry import Registry, builtin_files, user_files
from eqia_tui.core.text.problems import BadInput

from .helpers import KCC_DATA, KCC_PATH, REPO

MINI = REPO / "tests" / "fixtures" / "checks" / "mini-questionnaire.toml"

WriteToml = Callable[[Path, dict[str, Any]], Path]


def user_dir(eqia_dirs: Any) -> Path:
    folder = eqia_dirs.config / "questionnaires"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def test_builtins_are_listed() -> None:
    entries = Registry().entries()
    kcc = next(e for e in entries if e.id == "kcc-eqia")
    assert kcc.builtin is True
    assert kcc.version == "1.3"
    assert kcc.title == "Equality Impact Assessment"
    assert Path(kcc.source).name == "kcc-eqia.toml"
    assert kcc.error == ""
    assert all(e.builtin for e in entries)
    # Each id once: kcc-eqia 1.0 and commissioning-cycle 1.0 are kept for older drafts.
    ids = {tomllib.loads(p.read_text(encoding="utf-8"))["id"] for p in builtin_files()}
    assert len(entries) == len(ids) < len(builtin_files())
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


def mini_data(version: str, title: str = "Service review") -> dict[str, Any]:
    data = tomllib.loads(MINI.read_text(encoding="utf-8"))
    data["version"] = version
    data["title"] = title
    return data


def test_a_draft_gets_the_version_it_was_answered_with(
    eqia_dirs: Any, write_toml: WriteToml
) -> None:
    write_toml(user_dir(eqia_dirs) / "mini.toml", mini_data("1.0", "Installed"))
    kept = eqia_dirs.home / "questionnaires"
    write_toml(kept / "mini-review-1.1.toml", mini_data("1.1", "Kept"))
    registry = Registry()
    # The installed file wins when it can serve the draft...
    assert registry.get("mini-review").title == "Installed"
    assert registry.get("mini-review", "1.0").title == "Installed"
    assert registry.get("mini-review", "0.9").title == "Installed"
    # ...and the kept copy serves a draft answered with a version the installed one lacks.
    assert registry.get("mini-review", "1.1").title == "Kept"


def test_a_newer_installed_version_still_wins_over_an_older_kept_copy(
    eqia_dirs: Any, write_toml: WriteToml
) -> None:
    write_toml(user_dir(eqia_dirs) / "mini.toml", mini_data("2.0", "Installed"))
    write_toml(eqia_dirs.home / "questionnaires" / "a.toml", mini_data("1.0", "Kept"))
    # An older draft moves on to the council's newer questionnaire, as before.
    assert Registry().get("mini-review", "1.0").title == "Installed"
    assert Registry().get("mini-review", "2.0").title == "Installed"


def test_the_newest_kept_version_is_used_by_id(eqia_dirs: Any, write_toml: WriteToml) -> None:
    kept = eqia_dirs.home / "questionnaires"
    for version in ("1.9", "1.10", "1.2"):
        write_toml(kept / f"mini-review-{version}.toml", mini_data(version))
    registry = Registry()
    assert registry.get("mini-review").version == "1.10"
    assert registry.get("mini-review", "1.2").version == "1.2"
    assert [e.version for e in registry.entries() if e.id == "mini-review"] == ["1.10"]


def test_the_kept_folder_is_the_one_of_the_home_given(
    tmp_path: Path, eqia_dirs: Any, write_toml: WriteToml
) -> None:
    team = tmp_path / "team"
    write_toml(team / "questionnaires" / "mini-review-1.0.toml", mini_data("1.0"))
    assert Registry(team).get("mini-review", "1.0").id == "mini-review"
    assert "mini-review" in [e.id for e in Registry(team).entries()]
    with pytest.raises(BadInput) as caught:
        Registry().get("mini-review", "1.0")
    assert caught.value.problems[0].line() == (
        'the questionnaire "mini-review" version "1.0" is not installed: put the questionnaire '
        f"file in {eqia_dirs.config / 'questionnaires'}"
    )
