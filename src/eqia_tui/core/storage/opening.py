"""Whether a file the officer chose can be opened as an assessment, and if not, why, in
words for the open dialog (a Word document, a web page, a file from another program)."""

from __future__ import annotations

from pathlib import Path

from eqia_tui.core.disk.files import read_toml
from eqia_tui.core.model.assessment import Loaded, check_header
from eqia_tui.core.storage.registry import Registry
from eqia_tui.core.storage.store import first_problem, load_file
from eqia_tui.core.text.problems import BadInput


def load_for_opening(path: Path, registry: Registry) -> Loaded | str:
    """The assessment in a file, or why it cannot be opened, in words for the open dialog."""
    try:
        data = read_toml(path)
    except BadInput as error:
        reason = error.problems[0].message
        if "UTF-8" in reason:
            reason = "it is not a text file (it may be a Word document or a PDF)"
        elif reason.startswith(("is ", "cannot ")):
            reason = f"it {reason}"
        elif path.suffix and path.suffix.lower() != ".toml":
            # A web page or a spreadsheet read as TOML fails on its first line: say what it is.
            kind = path.suffix.lstrip(".").upper()
            article = "an" if kind[:1] in "AEFHILMNORSX" else "a"  # letters said as "an"
            reason = f"it is {article} {kind} file, not the TOML file eqia saves"
        else:
            reason = first_problem(error, path)
        return f"This is not an assessment file: {reason}. Assessment files end in .toml."
    try:
        check_header(data, str(path))
    except BadInput as error:
        if any(problem.key == "format" for problem in error.problems):
            return (
                "This is not an assessment file: it does not have the line "
                'format = "eqia-assessment" that eqia writes at the top.'
            )
        return f"This assessment cannot be opened: {first_problem(error, path)}."
    try:
        return load_file(path, registry)
    except BadInput as error:
        return f"This assessment cannot be opened: {first_problem(error, path)}."
