"""Summaries of many assessment files at once: a drafts folder, or folders given to the
register. Reads through the summary index (`core.storage.index`): only files that are new
or changed since they were last summarised are read and checked again."""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from eqia_tui.core.storage import index
from eqia_tui.core.storage.registry import Registry
from eqia_tui.core.storage.summarising import summarise
from eqia_tui.core.storage.summary import Summary

PARALLEL_FROM = 200
"""With `parallel`, this many files or more to read are shared among processes."""


def summaries(
    files: Sequence[Path],
    registry: Registry,
    *,
    named: bool = True,
    folders: Iterable[Path] = (),
    parallel: bool = False,
) -> list[Summary]:
    """The summary of each file, in the order given. `named`: see `summarise`.

    `folders`: folders whose `.toml` files `files` lists in full (not the folders inside
    them): the index forgets the files that are gone from them.

    `parallel`: read many new or changed files in several processes at once, where the
    system can start them by forking. Only for the command line: a program running threads,
    such as the full-screen app, must never fork.
    """
    folders = list(folders)
    context = index.questionnaires_signature(registry.kept_folder)
    looked = index.look(files, context, named=named)
    stale = looked.stale()
    paths = [looked.probes[i].path for i in stale]
    made = _summarise_all(paths, registry, named, parallel)
    out = list(looked.summaries)
    entries: list[index.Entry] = []
    for position, (digest, summary) in zip(stale, made, strict=True):
        out[position] = summary
        if digest is not None:
            entries.append(index.Entry(looked.probes[position], digest, summary))
    if looked.usable and (entries or looked.checked or folders):
        index.keep(
            context,
            entries,
            looked.checked,
            named=named,
            folders=folders,
            present=looked.probes,
        )
    return [s for s in out if s is not None]


def _one(path: Path, registry: Registry, named: bool) -> tuple[str | None, Summary]:
    """The hash of the file's bytes (None when it cannot be read), then its summary: hashed
    first, so a file changed in between is found changed next time."""
    try:
        digest: str | None = index.digest_of(path)
    except OSError:
        digest = None
    return digest, summarise(path, registry, named=named)


def _summarise_all(
    paths: list[Path], registry: Registry, named: bool, parallel: bool
) -> list[tuple[str | None, Summary]]:
    workers = os.cpu_count() or 1
    if (
        not parallel
        or len(paths) < PARALLEL_FROM
        or workers < 2
        or "fork" not in multiprocessing.get_all_start_methods()
    ):
        return [_one(path, registry, named) for path in paths]
    global _registry  # handed to the forked workers, which inherit it
    _registry = registry
    size = max(1, len(paths) // (workers * 4))
    chunks = [paths[i : i + size] for i in range(0, len(paths), size)]
    context = multiprocessing.get_context("fork")
    try:
        with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
            done = list(pool.map(_chunk, chunks, [named] * len(chunks)))
    except (OSError, BrokenProcessPool):  # no processes to be had: read them here
        return [_one(path, registry, named) for path in paths]
    finally:
        _registry = None
    return [pair for chunk in done for pair in chunk]


_registry: Registry | None = None


def _chunk(paths: list[Path], named: bool) -> list[tuple[str | None, Summary]]:
    """In a worker process: summarise some files with the registry it was forked with."""
    registry = _registry if _registry is not None else Registry()
    return [_one(path, registry, named) for path in paths]


def assessment_files(folders: Iterable[Path]) -> list[Path]:
    """Every `.toml` file in the folders and the folders inside them, sorted, each once.
    Hidden files and folders (a name starting with ".") are left out."""
    found: dict[Path, None] = {}
    for folder in folders:
        for path in sorted(folder.rglob("*.toml")):
            if any(part.startswith(".") for part in path.relative_to(folder).parts):
                continue
            if path.is_file():
                found.setdefault(path, None)
    return list(found)
