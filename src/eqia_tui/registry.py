"""Finding questionnaires: built in, in the user's settings folder, or at a path given."""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from eqia_tui import locations
from eqia_tui.files import read_toml
from eqia_tui.problems import BadInput, Problem, quoted_list
from eqia_tui.questionnaire import Questionnaire, load_questionnaire_data

BUILTIN_PACKAGE = "eqia_tui.questionnaires"


class NotInstalled(BadInput):
    """No questionnaire with this id is installed. `reason` says so, and what is installed."""

    def __init__(self, questionnaire_id: str, reason: str) -> None:
        self.questionnaire_id = questionnaire_id
        self.reason = reason
        super().__init__([Problem("", "", f'the questionnaire "{questionnaire_id}" {reason}')])


@dataclass(frozen=True)
class Entry:
    """A questionnaire file found on disk, read just enough to list it."""

    id: str
    version: str
    title: str
    source: str
    builtin: bool
    error: str = ""


def builtin_files() -> list[Path]:
    folder = resources.files(BUILTIN_PACKAGE)
    return sorted(Path(str(item)) for item in folder.iterdir() if item.name.endswith(".toml"))


def user_files() -> list[Path]:
    folder = locations.user_questionnaires_dir()
    if not folder.is_dir():
        return []
    return sorted(folder.glob("*.toml"))


class Registry:
    """Questionnaires by id. A file in the user's folder wins over a built-in with the same id."""

    def __init__(self) -> None:
        self._loaded: dict[str, Questionnaire] = {}
        self._by_path: dict[Path, Questionnaire] = {}

    def _candidates(self) -> list[tuple[Path, bool]]:
        return [(p, False) for p in user_files()] + [(p, True) for p in builtin_files()]

    def entries(self) -> list[Entry]:
        """Every questionnaire found, fully checked; a broken file is listed with the reason."""
        out: list[Entry] = []
        seen: set[str] = set()
        for path, builtin in self._candidates():
            try:
                q = self.load_path(path)
            except BadInput as error:
                out.append(Entry("", "", "", str(path), builtin, error.problems[0].line()))
                continue
            if q.id in seen:
                continue
            seen.add(q.id)
            out.append(Entry(q.id, q.version, q.title, str(path), builtin))
        return out

    def get(self, questionnaire_id: str) -> Questionnaire:
        if questionnaire_id in self._loaded:
            return self._loaded[questionnaire_id]
        for path, _ in self._candidates():
            if _peek_id(path) == questionnaire_id:
                questionnaire = self.load_path(path)
                self._loaded[questionnaire_id] = questionnaire
                return questionnaire
        known = sorted({e.id for e in self.entries() if e.id})
        raise NotInstalled(
            questionnaire_id,
            f"is not installed; installed: {quoted_list(known, 'and')}. "
            f"Add your own as a .toml file in {locations.user_questionnaires_dir()}",
        )

    def load_path(self, path: Path) -> Questionnaire:
        resolved = path.resolve()
        if resolved not in self._by_path:
            self._by_path[resolved] = load_questionnaire_data(read_toml(path), str(path))
        return self._by_path[resolved]

    def choose(self, id_or_path: str) -> Questionnaire:
        """`--questionnaire` takes an id or a path to a file."""
        candidate = Path(id_or_path)
        if id_or_path.endswith(".toml") or candidate.is_file():
            questionnaire = self.load_path(candidate)
            self._loaded.setdefault(questionnaire.id, questionnaire)
            return questionnaire
        return self.get(id_or_path)

    def add(self, questionnaire: Questionnaire) -> None:
        """Make a questionnaire given by path findable by id for the rest of this run."""
        self._loaded[questionnaire.id] = questionnaire


def _peek_id(path: Path) -> str | None:
    try:
        data = read_toml(path)
    except BadInput:
        return None
    value = data.get("id")
    return value if isinstance(value, str) else None
