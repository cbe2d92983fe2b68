"""Finding questionnaires: built in, in the user's settings folder, kept beside the drafts,
or at a path given.

A draft names its questionnaire by id and version. `eqia new --questionnaire FILE` keeps a
copy of that file in the data folder (`$EQIA_HOME/questionnaires/`), so the draft still
opens once the file has moved or gone.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, replace
from importlib import resources
from pathlib import Path

from eqia_tui.core.disk import locations
from eqia_tui.core.disk.files import atomic_write, parse_toml, read_bytes, read_toml, reason
from eqia_tui.core.model.assessment import is_newer_version
from eqia_tui.core.model.questionnaire import Questionnaire, load_questionnaire_data
from eqia_tui.core.text.problems import BadInput, Problem, quoted_list

BUILTIN_PACKAGE = "eqia_tui.questionnaires"

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")
_MAX_VERSION_IN_NAME = 100


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


@dataclass(frozen=True)
class _Found:
    """A questionnaire file and the id and version written in it (None when unreadable)."""

    path: Path
    place: int
    """0: the user's folder, 1: kept beside the drafts, 2: built in. Lower wins."""
    builtin: bool
    id: str | None
    version: str | None


def builtin_files() -> list[Path]:
    folder = resources.files(BUILTIN_PACKAGE)
    return sorted(Path(str(item)) for item in folder.iterdir() if item.name.endswith(".toml"))


def user_files() -> list[Path]:
    return _toml_files(locations.user_questionnaires_dir())


def _toml_files(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(folder.glob("*.toml"))


def kept_name(questionnaire_id: str, version: str) -> str:
    """The file name of a kept copy: `kcc-eqia-1.0.toml`. Safe whatever the version holds."""
    safe = _UNSAFE.sub("_", version)[:_MAX_VERSION_IN_NAME] or "_"
    return f"{questionnaire_id}-{safe}.toml"


class Registry:
    """Questionnaires by id and version.

    eqia looks in the user's folder, then in the copies kept beside the drafts of `home`
    (the data folder: `--home`, else `$EQIA_HOME`, else the platform's), then at the
    built-in ones. The first place that has the id wins, unless the draft asks for a
    version that place cannot serve (an older one) and a later place has it.
    """

    def __init__(self, home: Path | None = None) -> None:
        self._home = home
        self._chosen: dict[str, Questionnaire] = {}
        self._found: dict[tuple[str, str | None], Questionnaire] = {}
        self._by_path: dict[Path, Questionnaire] = {}

    @property
    def kept_folder(self) -> Path:
        return locations.kept_questionnaires_dir(locations.home(self._home))

    def _scan(self) -> list[_Found]:
        """Every questionnaire file, in the order the places are searched."""
        places = [
            (user_files(), False),
            (_toml_files(self.kept_folder), False),
            (builtin_files(), True),
        ]
        out: list[_Found] = []
        seen: set[Path] = set()
        for place, (files, builtin) in enumerate(places):
            for path in files:
                resolved = _real(path)
                if resolved in seen:  # the same folder given twice
                    continue
                seen.add(resolved)
                questionnaire_id, version = _peek(path)
                out.append(_Found(path, place, builtin, questionnaire_id, version))
        return out

    def entries(self) -> list[Entry]:
        """Every questionnaire found, fully checked; a broken file is listed with the reason.

        Each id is listed once: the file `get` would use for it.
        """
        slots: list[Entry | str] = []
        by_id: dict[str, list[_Found]] = {}
        for found in self._scan():
            try:
                q = self.load_path(found.path)
            except BadInput as error:
                line = error.problems[0].line()
                slots.append(Entry("", "", "", str(found.path), found.builtin, line))
                continue
            if q.id not in by_id:
                by_id[q.id] = []
                slots.append(q.id)
            by_id[q.id].append(replace(found, id=q.id, version=q.version))
        out: list[Entry] = []
        for slot in slots:
            if isinstance(slot, Entry):
                out.append(slot)
                continue
            best = _choose(by_id[slot], None)
            assert best is not None
            q = self.load_path(best.path)
            out.append(Entry(q.id, q.version, q.title, str(best.path), best.builtin))
        return out

    def get(self, questionnaire_id: str, version: str | None = None) -> Questionnaire:
        """The questionnaire with this id: for a draft, give the version it was answered with."""
        chosen = self._chosen.get(questionnaire_id)
        if chosen is not None and version in (None, chosen.version):
            return chosen
        key = (questionnaire_id, version)
        if key in self._found:
            return self._found[key]
        best = _choose([f for f in self._scan() if f.id == questionnaire_id], version)
        if best is None:
            self._raise_for_kept_copy(questionnaire_id, version)
            raise self._not_installed(questionnaire_id, version)
        questionnaire = self.load_path(best.path)
        self._found[key] = questionnaire
        return questionnaire

    def _raise_for_kept_copy(self, questionnaire_id: str, version: str | None) -> None:
        """A kept copy edited by hand so that its id cannot be read: say what is wrong in it."""
        if version is None:
            return
        path = self.kept_folder / kept_name(questionnaire_id, version)
        if path.is_file():
            self.load_path(path)  # raises the file's own problem, with its key

    def _not_installed(self, questionnaire_id: str, version: str | None) -> NotInstalled:
        folder = locations.user_questionnaires_dir()
        if version is not None:
            return NotInstalled(
                questionnaire_id,
                f'version "{version}" is not installed: put the questionnaire file in {folder}',
            )
        known = sorted({e.id for e in self.entries() if e.id})
        return NotInstalled(
            questionnaire_id,
            f"is not installed; installed: {quoted_list(known, 'and')}. "
            f"Add your own as a .toml file in {folder}",
        )

    def load_path(self, path: Path) -> Questionnaire:
        resolved = _real(path)
        if resolved not in self._by_path:
            self._by_path[resolved] = load_questionnaire_data(read_toml(path), str(path))
        return self._by_path[resolved]

    def choose(self, id_or_path: str) -> Questionnaire:
        """`--questionnaire` takes an id or a path to a file."""
        candidate = Path(id_or_path)
        if id_or_path.endswith(".toml") or candidate.is_file():
            questionnaire = self.load_path(candidate)
            self._remember(questionnaire)
            return questionnaire
        return self.get(id_or_path)

    def _remember(self, questionnaire: Questionnaire) -> None:
        """Make a questionnaire given by path findable by id for the rest of this run."""
        self._chosen[questionnaire.id] = questionnaire

    def keep(self, questionnaire: Questionnaire) -> Questionnaire:
        """Make sure the file a new draft is started from can be found again later.

        A questionnaire installed already (the same id, version and content, in the user's
        folder, among the kept copies or built in) is used as it is. Otherwise a copy of its
        file is written to the kept folder, and that copy is used. A different questionnaire
        with the same id and version is refused: a draft could not tell the two apart.
        """
        if not questionnaire.source:
            return questionnaire
        path = Path(questionnaire.source)
        everything = self._scan()
        if any(_real(found.path) == _real(path) for found in everything):
            self._remember(questionnaire)  # in one of the places searched: installed already
            return questionnaire
        raw = read_bytes(path)
        data = parse_toml(raw, path)
        given = load_questionnaire_data(data, str(path))
        for found in everything:
            if (found.id, found.version) != (given.id, given.version):
                continue
            if read_toml(found.path) != data:
                raise BadInput.one(
                    path,
                    "version",
                    f'a different questionnaire with the id "{given.id}" and version '
                    f'"{given.version}" is already installed at {found.path}; '
                    "give yours a new version",
                )
            installed = self.load_path(found.path)
            self._remember(installed)
            return installed
        kept = self.load_path(self._write_copy(given, raw))
        self._remember(kept)
        return kept

    def _write_copy(self, questionnaire: Questionnaire, raw: bytes) -> Path:
        folder = self.kept_folder
        name = kept_name(questionnaire.id, questionnaire.version)
        target, number = folder / name, 2
        try:
            folder.mkdir(parents=True, exist_ok=True)
            # A name taken by another file (a version with the same safe name, or a copy
            # broken by hand) is left alone: the copy gets a number.
            while target.exists() or target.is_symlink():
                target = folder / f"{name.removesuffix('.toml')}-{number}.toml"
                number += 1
            atomic_write(target, raw)
        except OSError as error:
            why = "it is a file, not a folder" if folder.is_file() else reason(error)
            raise BadInput.one(
                folder, "", f"a copy of the questionnaire cannot be kept here: {why}"
            ) from None
        return target


def _real(path: Path) -> Path:
    """The file a path leads to, following links. A loop of links is not an error here: the
    path comes back as it is, and reading it says what is wrong."""
    return Path(os.path.realpath(path))


def _choose(found: list[_Found], version: str | None) -> _Found | None:
    """The file to use among those with one id (in search order), for a draft's version.

    In each place: the file with that version, else the newest. Then the first place whose
    file can serve the version (the same or newer), else simply the first place.
    """
    places: dict[int, list[_Found]] = {}
    for item in found:
        places.setdefault(item.place, []).append(item)
    picks = [_best(places[place], version) for place in sorted(places)]
    if not picks:
        return None
    if version is not None:
        for pick in picks:
            if pick.version == version or (
                pick.version is not None and is_newer_version(pick.version, version)
            ):
                return pick
    return picks[0]


def _best(found: list[_Found], version: str | None) -> _Found:
    exact = [item for item in found if version is not None and item.version == version]
    if exact:
        return exact[0]
    best = found[0]
    for item in found[1:]:
        if item.version and best.version and is_newer_version(item.version, best.version):
            best = item
    return best


def _peek(path: Path) -> tuple[str | None, str | None]:
    try:
        data = read_toml(path)
    except BadInput:
        return None, None
    questionnaire_id, version = data.get("id"), data.get("version")
    return (
        questionnaire_id if isinstance(questionnaire_id, str) else None,
        version if isinstance(version, str) else None,
    )
