"""The user's settings: `config.toml` in the settings folder (see `locations.config_file`).

Asked once and remembered: who you are, for the version history, and the directorate new
assessments start with. A missing file means the defaults; a file that cannot be used is
reported one line per problem, with the key path.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import tomli_w
from pydantic import BaseModel, ConfigDict, ValidationError, field_validator

from eqia_tui.core.disk import locations
from eqia_tui.core.disk.files import atomic_write, read_toml
from eqia_tui.core.text.problems import BadInput, Problem, described, format_key

HEADER = "# eqia settings. Written by eqia; you may edit it by hand. See docs/format.md.\n"


class Config(BaseModel):
    """Settings that apply to every assessment you work on."""

    model_config = ConfigDict(
        extra="forbid", strict=True, validate_assignment=True, use_attribute_docstrings=True
    )

    author: str = ""
    """Your name or initials, as it goes in the version history of each assessment."""

    directorate: str = ""
    """The directorate a new assessment starts with. You can change it in each assessment."""

    @field_validator("author", "directorate")
    @classmethod
    def _strip(cls, value: str) -> str:
        return value.strip()


FIELDS = tuple(Config.model_fields)


def load_config(path: Path | None = None) -> Config:
    """Read the settings. A missing file gives the defaults; a bad one raises BadInput."""
    path = path if path is not None else locations.config_file()
    if not path.exists():
        return Config()
    data = read_toml(path)
    try:
        return Config.model_validate(data)
    except ValidationError as error:
        raise BadInput(_problems(error, path)) from None


def save_config(config: Config, path: Path | None = None) -> Path:
    """Write the settings atomically, creating the settings folder if needed."""
    path = path if path is not None else locations.config_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(path, dumps_config(config))
    return path


def dumps_config(config: Config) -> str:
    return HEADER + tomli_w.dumps(config.model_dump())


def _problems(error: ValidationError, path: Path) -> list[Problem]:
    out = []
    for item in error.errors():
        loc = list(item["loc"])
        out.append(Problem(str(path), format_key(loc), _message(item)))
    return out


def _message(item: Any) -> str:
    kind = item["type"]
    if kind == "extra_forbidden":
        return f"unknown setting; allowed: {', '.join(FIELDS)}"
    if kind == "string_type":
        given = item["input"]
        return f'must be text in quotes, such as "Jo Smith", not {described(given)}'
    return str(item["msg"]).removeprefix("Value error, ")
