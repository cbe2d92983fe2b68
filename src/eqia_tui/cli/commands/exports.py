"""Writing files for other people and tools: `eqia export` (the assessment in another
format) and `eqia schema` (the JSON Schema of the assessment file, for editors, or with
`--register` that of `eqia register --format json`)."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from eqia_tui.cli.commands import Handler
from eqia_tui.cli.output import OK
from eqia_tui.cli.targets import load_target
from eqia_tui.core.disk.files import atomic_write, reason
from eqia_tui.core.storage.registry import Registry
from eqia_tui.core.storage.schema import schema_text
from eqia_tui.core.text.problems import BadInput
from eqia_tui.exports import BINARY_FORMATS, export_document
from eqia_tui.exports.register_schema import schema_text as register_schema_text


def export(home: Path, args: argparse.Namespace) -> int:
    if args.format in BINARY_FORMATS and args.output is None:
        raise BadInput.one(
            f"--format {args.format}",
            "",
            f"writes a binary file, not text: give a file to write with -o, "
            f"such as -o assessment.{args.format}",
        )
    loaded = load_target(home, args)
    text = export_document(
        loaded.questionnaire, loaded.assessment, args.format, comments=args.comments
    )
    return write_output(text, args.output, args.force)


def schema(home: Path, args: argparse.Namespace) -> int:
    if args.register:
        return write_output(register_schema_text(), args.output, args.force)
    questionnaire = Registry(home).choose(args.questionnaire)
    return write_output(schema_text(questionnaire), args.output, args.force)


def write_output(content: str | bytes, output: Path | None, force: bool) -> int:
    """Write to the file given with -o, or to standard output when there is none."""
    if output is None:
        if isinstance(content, bytes):
            sys.stdout.buffer.write(content)
        else:
            sys.stdout.write(content)
        return OK
    # A link is written through to the file it points at; check that file's folder.
    real = Path(os.path.realpath(output)) if output.is_symlink() else output
    folder = real.parent
    if output.exists() and not force:
        raise BadInput.one(output, "", "already exists; add --force to replace it")
    if output.is_dir():
        raise BadInput.one(output, "", "is a folder; give a file name")
    if output.exists() and not real.is_file():
        raise BadInput.one(
            output, "", "is not a regular file; leave out -o to write to standard output"
        )
    if not folder.exists():
        raise BadInput.one(
            output, "", f"the folder {folder} does not exist; make it first, or write elsewhere"
        )
    if not folder.is_dir():
        raise BadInput.one(output, "", f"{folder} is a file, not a folder")
    try:
        atomic_write(output, content)
    except OSError as error:
        raise BadInput.one(output, "", f"cannot be written: {reason(error)}") from None
    print(f"Wrote {output}", file=sys.stderr)
    return OK


HANDLERS: dict[str, Handler] = {"export": export, "schema": schema}
