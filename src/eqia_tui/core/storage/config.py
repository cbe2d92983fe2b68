"""The user's settings: `config.toml` in the settings folder (see `locations.config_file`).

Asked once and remembered: who you are, for the version history. Chosen in the app's palette
and remembered: the colour theme. A missing file means the defaults; a file that cannot be
used is reported one line per problem, with the key path.
"""

from __future__ import annotations

from pathlib import Path

import tomli_w
from pydantic import BaseModel, ConfigDict, ValidationError, field_validator

from eqia_tui.core.disk import locations
from eqia_tui.core.disk.files import atomic_write, read_toml
from eqia_tui.core.text.problems import BadInput
from eqia_tui.core.text.validation import Failure, must_be, plain_problems

HEADER = "# eqia settings. Written by eqia; you may edit it by hand. See docs/format.md.\n"

RETIRED = frozenset({"directorate"})
"""Settings earlier versions of eqia wrote (every file they saved holds `directorate = ""`, a
setting nothing used): ignored on reading, and gone from the file at the next save."""


class Config(BaseModel):
    """Settings that apply to every assessment you work on."""

    model_config = ConfigDict(
        extra="forbid", strict=True, validate_assignment=True, use_attribute_docstrings=True
    )

    author: str = ""
    """Your name or initials, as it goes in the version history of each assessment."""

    theme: str = ""
    """The app's colour theme, such as "high-contrast" ("" for the default). The app checks
    the name against the themes it has (only it knows them): a name it does not have is
    reported when it starts, which then uses the default colours. Nothing else is affected."""

    @field_validator("author", "theme")
    @classmethod
    def _strip(cls, value: str) -> str:
        return value.strip()


FIELDS = tuple(Config.model_fields)


def load_config(path: Path | None = None) -> Config:
    """Read the settings. A missing file gives the defaults; a bad one raises BadInput."""
    path = path if path is not None else locations.config_file()
    if not path.exists():
        return Config()
    data = {key: value for key, value in read_toml(path).items() if key not in RETIRED}
    try:
        return Config.model_validate(data)
    except ValidationError as error:
        raise BadInput(plain_problems(error, data, str(path), _message)) from None


def save_config(config: Config, path: Path | None = None) -> Path:
    """Write the settings atomically, creating the settings folder if needed."""
    path = path if path is not None else locations.config_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(path, dumps_config(config))
    return path


def dumps_config(config: Config) -> str:
    """The settings as TOML. No theme chosen means no `theme` line."""
    return HEADER + tomli_w.dumps(config.model_dump(exclude=None if config.theme else {"theme"}))


def _message(found: list[Failure]) -> str:
    """A setting has one type and no union: pydantic reports one failure for each."""
    failure = found[0]
    if failure.kind == "extra_forbidden":
        return f"unknown setting; allowed: {', '.join(FIELDS)}"
    if failure.kind == "string_type" and failure.key == "theme":
        return must_be('a theme\'s name in quotes, such as "high-contrast"', failure.given)
    if failure.kind == "string_type":
        return must_be('text in quotes, such as "Jo Smith"', failure.given)
    return failure.said
