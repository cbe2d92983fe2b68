"""`eqia register`: every assessment in the drafts folder, or in the folders given, as one
register to publish (CSV, JSON or a web page; see `eqia_tui.exports.register`).

The drafts folder is read as the app reads it: a file's name must be its id, so a file the
app cannot open shows as one that cannot be read. A folder given is read as a shared folder:
files may be named freely, and the id is the one inside the file.
"""

from __future__ import annotations

import argparse
import os
import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from eqia_tui.cli.commands import Handler
from eqia_tui.cli.commands.exports import write_output
from eqia_tui.cli.home import require_home
from eqia_tui.cli.output import OK, one
from eqia_tui.core.disk import locations
from eqia_tui.core.disk.files import atomic_write, reason
from eqia_tui.core.model.assessment import is_slug
from eqia_tui.core.storage import listing
from eqia_tui.core.storage.reading import first_problem, load_file
from eqia_tui.core.storage.registry import Registry
from eqia_tui.core.storage.summary import Summary
from eqia_tui.core.text.problems import BadInput, Problem
from eqia_tui.exports import export_document
from eqia_tui.exports.register import (
    MAIN_PAGE,
    Entry,
    Register,
    make_register,
    to_csv,
    to_json,
)
from eqia_tui.exports.register_page import pages, to_html

DOCUMENTS = "documents"
"""The folder, inside the register's folder, that holds each assessment as a web page."""

FOLDER_FILES = {"html": MAIN_PAGE, "csv": "register.csv", "json": "register.json"}
"""The register's own file when it is written to a folder."""


@dataclass(frozen=True)
class Found:
    """An assessment file, and its path as the register shows it."""

    path: Path
    shown: str


def register(home: Path, args: argparse.Namespace) -> int:
    folders, named = _folders(home, args)
    out = _destination(args)
    found = _files(folders)
    registry = Registry(home)
    _note(f"Reading {len(found):,} files...", len(found))
    summaries = listing.summaries([f.path for f in found], registry, named=named, parallel=True)
    documents: dict[int, str] = {}
    if args.with_documents:
        assert out is not None  # _destination makes sure of it
        documents = _write_documents(found, summaries, registry, out / DOCUMENTS)
    entries = [
        Entry(summary, f.shown, documents.get(index, ""))
        for index, (f, summary) in enumerate(zip(found, summaries, strict=True))
    ]
    made = args.today or date.today()
    built = make_register(entries, made)
    if out is None or not _is_folder(args):
        return write_output(_render(built, args.format), out, args.force)
    return _write_folder(built, args.format, out, args.force)


def _folders(home: Path, args: argparse.Namespace) -> tuple[list[Path], bool]:
    """The folders to read, and whether files there must be named by their id."""
    if not args.folders:
        require_home(home, args)
        drafts = locations.drafts_dir(home)
        return ([drafts] if drafts.is_dir() else []), True
    problems = []
    for text in args.folders:
        folder = Path(text)
        if not folder.exists():
            problems.append(Problem(text, "", "no such folder"))
        elif not folder.is_dir():
            problems.append(Problem(text, "", "is a file, not a folder: give the folder it is in"))
    if problems:
        raise BadInput(problems)
    return [Path(text) for text in args.folders], False


def _files(folders: list[Path]) -> list[Found]:
    """Every assessment file in the folders, each once. Its path is shown from the folder it
    was found in; with several folders, the folder as given comes first."""
    seen: set[Path] = set()
    out = []
    for folder in folders:
        for path in listing.assessment_files([folder]):
            if path in seen:
                continue
            seen.add(path)
            inside = path.relative_to(folder)
            shown = inside if len(folders) == 1 else folder / inside
            out.append(Found(path, shown.as_posix()))
    return out


def _is_folder(args: argparse.Namespace) -> bool:
    """-o names a folder: with --with-documents, when it ends in "/" or is a folder already."""
    text: str | None = args.output
    if text is None:
        return False
    return bool(args.with_documents or text.endswith(("/", os.sep)) or Path(text).is_dir())


def _destination(args: argparse.Namespace) -> Path | None:
    """Where to write, checked before any file is read: None for standard output."""
    if args.output is None:
        if args.with_documents:
            raise BadInput.one(
                "--with-documents",
                "",
                "writes a web page for each assessment: give a folder to write to with -o, "
                "such as -o site/",
            )
        return None
    out = Path(args.output)
    if not _is_folder(args):
        return out
    if out.exists() and not out.is_dir():
        raise BadInput.one(out, "", "is a file, not a folder: give a folder to write to")
    if not out.exists() and not out.parent.is_dir():
        raise BadInput.one(
            out, "", f"the folder {out.parent} does not exist; make it first, or write elsewhere"
        )
    main = out / FOLDER_FILES[args.format]
    if main.exists() and not args.force:
        raise BadInput.one(main, "", "already exists; add --force to replace it")
    return out


def _render(built: Register, fmt: str) -> str:
    if fmt == "csv":
        return to_csv(built)
    if fmt == "json":
        return to_json(built)
    return to_html(built)


def _write_folder(built: Register, fmt: str, out: Path, force: bool) -> int:
    """The register written into the folder `out`: for html, a page for each order and
    filter beside index.html."""
    files = (
        [(out / page.name, page.html) for page in pages(built)]
        if fmt == "html"
        else [(out / FOLDER_FILES[fmt], _render(built, fmt))]
    )
    try:
        out.mkdir(exist_ok=True)
        for path, content in files:
            atomic_write(path, content)
    except OSError as error:
        raise BadInput.one(out, "", f"cannot be written: {reason(error)}") from None
    more = len(files) - 1
    also = f", and {more} more page{'' if more == 1 else 's'} beside it" if more else ""
    print(f"Wrote {files[0][0]}{also}", file=sys.stderr)
    return OK


def _write_documents(
    found: list[Found], summaries: list[Summary], registry: Registry, folder: Path
) -> dict[int, str]:
    """Each readable assessment as a web page, without the review's comments, in `folder`:
    the link to it from the register, by the file's place in `found`. A file that cannot be
    written as a page keeps its row, without a link, and is named on standard error."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise BadInput.one(folder, "", f"cannot be made: {reason(error)}") from None
    links: dict[int, str] = {}
    taken: set[str] = set()
    _note(f"Writing {len(found):,} web pages...", len(found))
    for index, (f, summary) in enumerate(zip(found, summaries, strict=True)):
        if summary.error or not is_slug(summary.id):
            continue
        name = _unique(summary.id, taken)
        try:
            loaded = load_file(f.path, registry)
            page = export_document(loaded.questionnaire, loaded.assessment, "html", comments=False)
            atomic_write(folder / name, page)
        except BadInput as error:
            _not_written(f, first_problem(error, f.path))
            continue
        except OSError as error:
            _not_written(f, reason(error))
            continue
        taken.add(name)
        links[index] = f"{DOCUMENTS}/{name}"
    if links:
        count = len(links)
        print(f"Wrote {count} web page{'' if count == 1 else 's'} in {folder}", file=sys.stderr)
    return links


MANY = 500
"""From this many files on, a person at a terminal is told what is going on."""


def _note(line: str, count: int) -> None:
    """One line on standard error while many files are read, when a person is watching."""
    if count >= MANY and sys.stderr.isatty():
        print(line, file=sys.stderr, flush=True)


def _unique(assessment_id: str, taken: set[str]) -> str:
    """The page's file name: the id, with a number added when two files share an id."""
    name, number = f"{assessment_id}.html", 1
    while name in taken:
        number += 1
        name = f"{assessment_id}-{number}.html"
    return name


def _not_written(found: Found, why: str) -> None:
    print(f"{one(found.shown)}: no web page written: {one(why)}", file=sys.stderr)


HANDLERS: dict[str, Handler] = {"register": register}
