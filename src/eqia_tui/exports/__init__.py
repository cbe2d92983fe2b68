"""Exports: the same assessment written for other tools (TOML, JSON) and for readers
(Markdown, a web page, a Word document, the action plan as CSV).

`EXPORT_FORMATS` is the one list of formats: the command line and the wizard's export
dialog both offer it, and `export_document` writes from it. The documents for readers
(Markdown, the web page, Word) can leave the review's comments out, for publication.
Importing this package is cheap; each format's module is imported when an assessment is
first written in it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import PurePath
from typing import TYPE_CHECKING

from eqia_tui.core.text.problems import BadInput, english_list

if TYPE_CHECKING:
    from eqia_tui.core.model.assessment import Assessment
    from eqia_tui.core.model.questionnaire import Questionnaire

    Render = Callable[[Questionnaire, Assessment, bool], str | bytes]


# Each format's module is imported on first use (deferred: slow import; Word alone takes
# some 45 ms), so listing the formats, or writing one, does not load the others.


def _toml(questionnaire: Questionnaire, assessment: Assessment, comments: bool) -> str:
    from eqia_tui.exports.data import to_toml  # deferred: slow import

    return to_toml(questionnaire, assessment)


def _json(questionnaire: Questionnaire, assessment: Assessment, comments: bool) -> str:
    from eqia_tui.exports.data import to_json  # deferred: slow import

    return to_json(questionnaire, assessment)


def _markdown(questionnaire: Questionnaire, assessment: Assessment, comments: bool) -> str:
    from eqia_tui.exports.markdown import to_markdown  # deferred: slow import

    return to_markdown(questionnaire, assessment, comments)


def _html(questionnaire: Questionnaire, assessment: Assessment, comments: bool) -> str:
    from eqia_tui.exports.html import to_html  # deferred: slow import

    return to_html(questionnaire, assessment, comments)


def _docx(questionnaire: Questionnaire, assessment: Assessment, comments: bool) -> bytes:
    from eqia_tui.exports.docx import to_docx  # deferred: slow import

    return to_docx(questionnaire, assessment, comments)


def _csv(questionnaire: Questionnaire, assessment: Assessment, comments: bool) -> str:
    from eqia_tui.exports.csv import to_csv  # deferred: slow import

    return to_csv(questionnaire, assessment)


@dataclass(frozen=True)
class ExportFormat:
    """One format an assessment can be exported in."""

    name: str
    """What `--format` takes: toml, json, md, html, docx, csv."""
    suffix: str
    """The usual file name ending, for offering a file name."""
    label: str
    """What the wizard's export dialog calls it."""
    description: str
    """What it is for, in a line."""
    render: Render
    """Writes an assessment in it: text, or bytes for a `binary` format."""
    binary: bool = False
    """Written as bytes: it needs a file (-o), never the terminal."""
    noun: str = ""
    """What a file in it is, in a sentence: "a Word document"."""
    drops_comments: bool = False
    """It can leave the review's comments out (`--no-comments`), for publication."""


EXPORT_FORMATS = (
    ExportFormat(
        "toml",
        ".toml",
        "Assessment file (TOML), to open again or share",
        "TOML: the answers with the suggested weighting, for other tools",
        _toml,
        noun="an assessment file (TOML)",
    ),
    ExportFormat(
        "json",
        ".json",
        "Data file (JSON), for other tools",
        "JSON: the answers with the suggested weighting, for other tools",
        _json,
        noun="a data file (JSON)",
    ),
    ExportFormat(
        "md",
        ".md",
        "Plain text with headings (Markdown)",
        "Markdown: the whole assessment as text, the grid as a table",
        _markdown,
        noun="a Markdown file",
        drops_comments=True,
    ),
    ExportFormat(
        "html",
        ".html",
        "Web page (HTML)",
        "Web page: one accessible page that opens in any browser",
        _html,
        noun="a web page (HTML)",
        drops_comments=True,
    ),
    ExportFormat(
        "docx",
        ".docx",
        "Word document",
        "Word document: laid out like the council template",
        _docx,
        binary=True,
        noun="a Word document",
        drops_comments=True,
    ),
    ExportFormat(
        "csv",
        ".csv",
        "Action plan as a spreadsheet (CSV)",
        "CSV: the action plan, one row per action, for a spreadsheet",
        _csv,
        noun="a spreadsheet (CSV)",
    ),
)
FORMATS = tuple(f.name for f in EXPORT_FORMATS)
BINARY_FORMATS = frozenset(f.name for f in EXPORT_FORMATS if f.binary)
"""Formats written as bytes: they need a file (-o), never the terminal."""
COMMENT_FORMATS = tuple(f.name for f in EXPORT_FORMATS if f.drops_comments)
"""Formats that can leave the review's comments out (`--no-comments`)."""


def mismatch(path: PurePath, fmt: str) -> str:
    """When `path` is named like a file of another format than `fmt`, a sentence that says so
    (the officer confirms before the file is written); else ""."""
    like = next((f for f in EXPORT_FORMATS if f.suffix == path.suffix.lower()), None)
    chosen = next((f for f in EXPORT_FORMATS if f.name == fmt), None)
    if like is None or chosen is None or like is chosen:
        return ""
    return f"{path.name} is named like {like.noun}, but the export is {chosen.noun}."


def export_document(
    questionnaire: Questionnaire, assessment: Assessment, fmt: str, comments: bool = True
) -> str | bytes:
    """The assessment in `fmt` (one of FORMATS). Word is bytes; everything else is text.

    Without `comments`, the review's comments are left out (only for COMMENT_FORMATS: the
    data files keep the whole file, and the action plan has no comments to leave out)."""
    for export in EXPORT_FORMATS:
        if export.name == fmt:
            if not comments and not export.drops_comments:
                raise BadInput.one(
                    "--no-comments",
                    "",
                    f"works only with {english_list(list(COMMENT_FORMATS), 'and')}, not with {fmt}",
                )
            return export.render(questionnaire, assessment, comments)
    raise BadInput.one("--format", "", f'"{fmt}" is not a format; allowed: {", ".join(FORMATS)}')
