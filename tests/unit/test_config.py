"""The user's settings: defaults, saving and reading back, and bad files reported by key."""

from __future__ import annotations

from pathlib import Path

import pytest

from eqia_tui.core.disk import locations
from eqia_tui.core.storage.config import Config, load_config, save_config
from eqia_tui.core.text.problems import BadInput


@pytest.fixture(autouse=True)
def settings_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "settings"
    monkeypatch.setenv("EQIA_CONFIG_DIR", str(folder))
    return folder


def test_a_missing_file_gives_the_defaults(settings_folder: Path) -> None:
    assert not locations.config_file().exists()
    config = load_config()
    assert config == Config()
    assert config.author == ""


def test_save_then_load_round_trip(settings_folder: Path) -> None:
    path = save_config(Config(author="Jo Smith"))
    assert path == settings_folder / "config.toml"
    assert path.is_file()
    assert load_config() == Config(author="Jo Smith")
    assert 'author = "Jo Smith"' in path.read_text(encoding="utf-8")


def test_save_replaces_the_whole_file(settings_folder: Path) -> None:
    save_config(Config(author="Jo Smith"))
    save_config(Config(author="PK"))
    assert load_config() == Config(author="PK")
    assert [p.name for p in settings_folder.iterdir()] == ["config.toml"]


def test_names_are_trimmed() -> None:
    assert Config(author="  Jo Smith ").author == "Jo Smith"


def test_an_explicit_path_is_used(tmp_path: Path) -> None:
    path = tmp_path / "elsewhere" / "settings.toml"
    save_config(Config(author="PBC"), path)
    assert load_config(path).author == "PBC"
    assert not locations.config_file().exists()


def test_a_bad_file_names_every_key(settings_folder: Path) -> None:
    settings_folder.mkdir()
    locations.config_file().write_text('author = 3\ncolour = "blue"\n', encoding="utf-8")
    with pytest.raises(BadInput) as caught:
        load_config()
    lines = [p.line() for p in caught.value.problems]
    file = str(locations.config_file())
    assert lines == [
        f'{file}: author: must be text in quotes, such as "Jo Smith", not the number 3',
        f"{file}: colour: unknown setting; allowed: author, theme",
    ]


def test_a_file_from_an_earlier_eqia_still_opens_and_loses_the_retired_setting(
    settings_folder: Path,
) -> None:
    # Earlier versions had a `directorate` setting that nothing used, and wrote it every time.
    settings_folder.mkdir()
    path = locations.config_file()
    path.write_text(
        '# eqia settings.\nauthor = "Jo Smith"\ndirectorate = "Growth"\n', encoding="utf-8"
    )
    assert load_config() == Config(author="Jo Smith")
    assert "directorate" not in Config.model_fields
    save_config(load_config())
    assert "directorate" not in path.read_text(encoding="utf-8")
    assert load_config() == Config(author="Jo Smith")


def test_a_file_that_is_not_toml_is_one_line(settings_folder: Path) -> None:
    settings_folder.mkdir()
    locations.config_file().write_text("author = Jo Smith\n", encoding="utf-8")
    with pytest.raises(BadInput) as caught:
        load_config()
    assert len(caught.value.problems) == 1
    assert "TOML syntax error" in caught.value.problems[0].message


def test_every_setting_explains_itself() -> None:
    # The docstring under each field becomes its description, which the app can show as help.
    for name, field in Config.model_fields.items():
        assert field.description, name
    assert "version history" in (Config.model_fields["author"].description or "")
