"""ID|PATH: whether what a command was given names a draft in the store or a file.

The one place that decides, for the command line (`eqia open`, `rate`, `check` ...): a
file that is there, or anything written as a path (it ends in .toml, or has a folder in
it), is a file; else a valid id names a draft in the store.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from eqia_tui.core.model.assessment import SLUG_RULE, Loaded, is_slug
from eqia_tui.core.storage.store import Store, load_file
from eqia_tui.core.text.problems import BadInput


@dataclass(frozen=True)
class Target:
    """What ID|PATH names: a draft in the store (`draft_id` set), or a file."""

    path: Path
    draft_id: str | None = None

    def load(self, store: Store) -> Loaded:
        """The assessment. A draft's file name and the id inside it must agree."""
        if self.draft_id is not None:
            return store.load(self.draft_id)
        return load_file(self.path, store.registry)


def written_as_path(target: str) -> bool:
    """Whether ID|PATH is written as a path, not an id: it ends in .toml or names a folder."""
    return target.endswith(".toml") or "/" in target or os.sep in target


def resolve(target: str, store: Store) -> Target:
    """The draft or file that ID|PATH names. A draft id is never turned into a path before
    it is checked, so "../x" cannot reach outside the drafts folder. Something that is
    neither a file nor a valid id is refused, naming both."""
    path = Path(target)
    if path.is_file() or written_as_path(target):
        return Target(path)
    if is_slug(target) and store.path_for(target).exists():
        return Target(store.path_for(target), target)
    if path.is_dir():
        raise BadInput.one(target, "", "is a folder, not an assessment file")
    if path.exists():
        return Target(path)  # a pipe or a device: loading it says why it cannot be read
    if not is_slug(target):
        raise BadInput.one(target, "", f"no such file, and not a valid draft id: {SLUG_RULE}")
    return Target(store.path_for(target), target)  # no such draft: loading it says so
