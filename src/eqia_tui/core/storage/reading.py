"""Reading one assessment file, and why a file in the drafts folder cannot be used."""

from __future__ import annotations

from pathlib import Path

from eqia_tui.core.disk.files import read_toml
from eqia_tui.core.model.assessment import (
    SLUG_RULE,
    Loaded,
    check_header,
    parse_assessment,
    slugify,
)
from eqia_tui.core.storage.registry import NotInstalled, Registry
from eqia_tui.core.text.problems import BadInput


def load_file(path: Path, registry: Registry) -> Loaded:
    """Read and check an assessment file. Never changes the file."""
    data = read_toml(path)
    questionnaire_id, questionnaire_version = check_header(data, str(path))
    try:
        questionnaire = registry.get(questionnaire_id, questionnaire_version)
    except NotInstalled as error:
        raise BadInput.one(path, "questionnaire", f'"{questionnaire_id}" {error.reason}') from None
    return parse_assessment(data, str(path), questionnaire)


def unreadable(error: Exception) -> str:
    """Why a draft could not be read, when reading it failed in a way eqia did not foresee."""
    return (
        f"the file could not be read ({type(error).__name__}); this is a bug in eqia: "
        "please report it with the file"
    )


def bad_name(path: Path) -> str:
    """Why a file in `drafts/` with a name that is not an id cannot be used."""
    return f"the file name is not a valid id: rename it to {slugify(path.stem)}.toml ({SLUG_RULE})"


def mismatch(inner_id: str, path: Path) -> str:
    """Why a draft whose `id` is not its file name cannot be used."""
    return (
        f'the file is named {path.name} but its id is "{inner_id}": '
        f'make them the same, by renaming the file or changing its id to "{path.stem}"'
    )


def first_problem(error: BadInput, path: Path) -> str:
    """The first problem of a file, in a few words, and how many more there are."""
    first = error.problems[0]
    if first.file and first.file != str(path):
        reason = first.line()  # the problem is in another file, such as the questionnaire
    else:
        reason = f"{first.key}: {first.message}" if first.key else first.message
    more = len(error.problems) - 1
    if more:
        reason += f" (and {more} more)"
    return reason
