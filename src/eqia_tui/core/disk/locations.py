"""Where eqia keeps its files. One place, easy to point elsewhere in tests."""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import (
    user_cache_dir,
    user_config_dir,
    user_data_dir,
    user_documents_dir,
    user_state_dir,
)

APP_NAME = "eqia-tui"


def home(override: Path | None = None) -> Path:
    """The data folder: `--home`, else `$EQIA_HOME`, else the platform's user data folder."""
    if override is not None:
        return override
    env = os.environ.get("EQIA_HOME")
    if env:
        return Path(env)
    return Path(user_data_dir(APP_NAME, appauthor=False))


def drafts_dir(home_dir: Path) -> Path:
    return home_dir / "drafts"


def config_dir() -> Path:
    """The settings folder: `$EQIA_CONFIG_DIR`, else the platform's user config folder."""
    env = os.environ.get("EQIA_CONFIG_DIR")
    if env:
        return Path(env)
    return Path(user_config_dir(APP_NAME, appauthor=False))


def state_dir() -> Path:
    """Where eqia writes what it needs for itself, such as crash logs: `$EQIA_STATE_DIR`, else
    the platform's user state folder (on Linux `~/.local/state/eqia-tui`)."""
    env = os.environ.get("EQIA_STATE_DIR")
    if env:
        return Path(env)
    return Path(user_state_dir(APP_NAME, appauthor=False))


def cache_dir() -> Path:
    """Where eqia keeps what it can always work out again, such as the summary index:
    `$EQIA_CACHE_DIR`, else the platform's user cache folder (on Linux `~/.cache/eqia-tui`).
    Anything in it may be deleted at any time."""
    env = os.environ.get("EQIA_CACHE_DIR")
    if env:
        return Path(env)
    return Path(user_cache_dir(APP_NAME, appauthor=False))


def user_questionnaires_dir() -> Path:
    return config_dir() / "questionnaires"


def kept_questionnaires_dir(home_dir: Path) -> Path:
    """Copies of the questionnaire files drafts were started from, kept beside the drafts.

    In the data folder, not the settings folder: a folder of drafts shared with `--home`
    carries the questionnaires its drafts need.
    """
    return home_dir / "questionnaires"


def config_file() -> Path:
    return config_dir() / "config.toml"


def export_folder() -> Path:
    """Where an export is offered first: the user's documents folder, else their home.

    Not the working folder: started with `make run`, that is the program's own folder.
    """
    documents = Path(user_documents_dir())
    return documents if documents.is_dir() else Path.home()
