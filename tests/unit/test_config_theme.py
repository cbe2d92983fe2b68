"""The `theme` setting in config.toml: kept only once chosen, read back, and a value that is
not text reported by key. Whether the app has the theme is the app's to say
(tests/functional/test_themes.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from eqia_tui.core.disk import locations
from eqia_tui.core.storage.config import Config, dumps_config, load_config, save_config
from eqia_tui.core.text.problems import BadInput


@pytest.fixture(autouse=True)
def settings_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "settings"
    monkeypatch.setenv("EQIA_CONFIG_DIR", str(folder))
    return folder


def test_no_theme_chosen_means_no_theme_line() -> None:
    assert Config().theme == ""
    assert "theme" not in dumps_config(Config(author="Jo Smith"))


def test_a_chosen_theme_is_written_and_read_back() -> None:
    path = save_config(Config(author="Jo Smith", theme="high-contrast"))
    assert 'theme = "high-contrast"' in path.read_text(encoding="utf-8")
    assert load_config() == Config(author="Jo Smith", theme="high-contrast")


def test_a_theme_name_is_trimmed() -> None:
    assert Config(theme=" high-contrast ").theme == "high-contrast"


def test_a_theme_the_app_may_not_have_is_still_read(settings_folder: Path) -> None:
    """Only the app knows its themes: the settings keep the name, and the name already
    there, so a mistyped theme never costs the officer their name."""
    settings_folder.mkdir()
    locations.config_file().write_text('author = "PK"\ntheme = "nope"\n', encoding="utf-8")
    assert load_config() == Config(author="PK", theme="nope")


def test_a_theme_that_is_not_text_is_reported_by_key(settings_folder: Path) -> None:
    settings_folder.mkdir()
    locations.config_file().write_text("theme = 3\n", encoding="utf-8")
    with pytest.raises(BadInput) as caught:
        load_config()
    assert [p.line() for p in caught.value.problems] == [
        f"{locations.config_file()}: theme: must be a theme's name in quotes, "
        'such as "high-contrast", not the number 3'
    ]
