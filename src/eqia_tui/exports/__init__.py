"""Exports: the same assessment written for other tools (TOML, JSON) and for readers
(Markdown, a web page, a Word document, the action plan as CSV)."""

from __future__ import annotations

from eqia_tui.core.model.assessment import Assessment
from eqia_tui.core.model.questionnaire import Questionnaire
from eqia_tui.core.text.problems import BadInput
from eqia_tui.exports.data import to_json, to_toml

FORMATS = ("toml", "json", "md", "html", "docx", "csv")
BINARY_FORMATS = frozenset({"docx"})
"""Formats written as bytes: they need a file (-o), never the terminal."""
SUFFIXES = {
    "toml": ".toml",
    "json": ".json",
    "md": ".md",
    "html": ".html",
    "docx": ".docx",
    "csv": ".csv",
}
"""The usual file name ending for each format, for offering a file name."""
DESCRIPTIONS = {
    "toml": "TOML: the answers with the suggested weighting, for other tools",
    "json": "JSON: the answers with the suggested weighting, for other tools",
    "md": "Markdown: the whole assessment as text, the grid as a table",
    "html": "Web page: one accessible page that opens in any browser",
    "docx": "Word document: laid out like the council template",
    "csv": "CSV: the action plan, one row per action, for a spreadsheet",
}


def export_document(questionnaire: Questionnaire, assessment: Assessment, fmt: str) -> str | bytes:
    """The assessment in `fmt` (one of FORMATS). Word is bytes; everything else is text."""
    if fmt == "toml":
        return to_toml(questionnaire, assessment)
    if fmt == "json":
        return to_json(questionnaire, assessment)
    if fmt == "md":
        from eqia_tui.exports.markdown import to_markdown

        return to_markdown(questionnaire, assessment)
    if fmt == "html":
        from eqia_tui.exports.html import to_html

        return to_html(questionnaire, assessment)
    if fmt == "docx":
        from eqia_tui.exports.docx import to_docx

        return to_docx(questionnaire, assessment)
    if fmt == "csv":
        from eqia_tui.exports.csv import to_csv

        return to_csv(questionnaire, assessment)
    raise BadInput.one("--format", "", f'"{fmt}" is not a format; allowed: {", ".join(FORMATS)}')
