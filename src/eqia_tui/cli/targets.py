"""The drafts a command reads, and the assessment its ID|PATH argument names."""

from __future__ import annotations

import argparse
from pathlib import Path

from eqia_tui.cli.home import require_home
from eqia_tui.core.model.assessment import Loaded
from eqia_tui.core.storage.registry import Registry
from eqia_tui.core.storage.resolve import Target, resolve
from eqia_tui.core.storage.store import Store


def open_store(home: Path) -> Store:
    """The drafts in `home`, with the questionnaires installed and kept there."""
    return Store(home, Registry(home))


def find_target(home: Path, args: argparse.Namespace) -> tuple[Store, Target]:
    """The draft or file that `args.target` names. A draft needs the folder --home names."""
    store = open_store(home)
    target = resolve(args.target, store)
    if target.draft_id is not None:
        require_home(home, args)
    return store, target


def load_target(home: Path, args: argparse.Namespace) -> Loaded:
    """The assessment that `args.target` names, read and checked."""
    store, target = find_target(home, args)
    return target.load(store)
