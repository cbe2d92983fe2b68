"""The whole assessment as Markdown: headings, the grid and the action plan as tables.

Answers are the officer's words, not Markdown: characters that would turn them into markup
(emphasis, links, raw HTML, a heading or a list at the start of a line) are escaped, so the
text reads the same raw and rendered.
"""

from __future__ import annotations

import re

from eqia_tui.core.model.assessment import Assessment
from eqia_tui.core.model.questionnaire import Questionnaire
from eqia_tui.exports.document import readable
from eqia_tui.exports.view import (
    Cell,
    DocumentView,
    Field,
    Heading,
    Note,
    Part,
    Table,
    blocks,
    build_view,
)


def to_markdown(questionnaire: Questionnaire, assessment: Assessment, comments: bool = True) -> str:
    return render_markdown(build_view(questionnaire, assessment, comments))


def render_markdown(view: DocumentView) -> str:
    view = readable(view)
    lines: list[str] = [f"# {_text(view.title)}", ""]
    lines.append(" ".join(f"{f.label}: {_text(f.value.shown)}." for f in view.about))
    lines.append("")
    for part in view.parts:
        lines.extend(_part(part))
    return "\n".join(lines).rstrip("\n") + "\n"


def _part(part: Part) -> list[str]:
    lines = [f"## {_text(part.title)}", ""]
    for block in blocks(part):
        if isinstance(block, Table):
            lines.extend(_table(block, part.title))
        elif isinstance(block, Heading):
            lines += [f"{'#' * (block.level + 2)} {_text(block.text)}", ""]
        elif isinstance(block, Note):
            lines += [*_paragraphs(block.text), ""]
        else:
            lines.extend(_fields(block, part.layout, part.headings))
    return lines


def _fields(fields: list[Field], layout: str, headings: tuple[str, str]) -> list[str]:
    if layout == "text":
        lines: list[str] = []
        for f in fields:
            lines += [f"### {_text(f.label)}", ""]
            lines += [*_paragraphs(f.value.shown), ""]
        return lines
    lines = [f"| {headings[0]} | {headings[1]} |", "| --- | --- |"]
    lines += [f"| {_cell_text(f.label)} | {_cell(f.value)} |" for f in fields]
    return [*lines, ""]


def _table(table: Table, heading: str) -> list[str]:
    lines = [f"**{_text(table.caption)}**", ""] if table.caption != heading else []
    if not table.rows:
        return [*lines, _text(table.empty_text), ""]
    lines.append("| " + " | ".join(_cell_text(c) for c in table.columns) + " |")
    lines.append("|" + " --- |" * len(table.columns))
    for row in table.rows:
        cells = [_cell(c) for c in row]
        if table.row_headers and cells:
            cells[0] = f"**{cells[0]}**"
        lines.append("| " + " | ".join(cells) + " |")
    lines.append("")
    if table.legend:
        lines += ["Questions in this table:", ""]
        lines += [f"- {_text(short)}: {_text(full)}" for short, full in table.legend]
        lines.append("")
    return lines


def _cell(cell: Cell) -> str:
    return _cell_text(cell.flat())


_INLINE = re.compile(r"([\\`*_\[\]<>|])")
"""Characters that start markup anywhere in a line (the pipe ends a table cell)."""
_ENTITY = re.compile(r"&(?=#?\w+;)")
"""An ampersand that would otherwise be read as a character reference, such as &amp;."""
_LINE_START = re.compile(r"^(\s*)(#{1,6}(?=\s|$)|>|[-+](?=\s|$)|\d+(?=[.)](?:\s|$))|-+\s*$|~~~)")
"""What makes a line a heading, quote, list, rule or underline when it comes first."""


def _escape(line: str) -> str:
    """One line of an answer, escaped so that it shows as typed."""
    line = _ENTITY.sub("\\\\&", _INLINE.sub(r"\\\1", line))
    match = _LINE_START.match(line)
    if match is None:
        return line
    marker = match[2]
    if marker.isdigit():  # "1. Do this" would start a numbered list
        return f"{match[1]}{marker}\\{line[match.end() :]}"
    return f"{match[1]}\\{line[match.start(2) :]}"


def _cell_text(text: str) -> str:
    """Text safe inside a table cell: escaped, one row however many lines it has."""
    return "<br>".join(_escape(line.strip()) for line in text.splitlines() if line.strip())


def _text(text: str) -> str:
    return _escape(" ".join(text.split()))


def _paragraphs(text: str) -> list[str]:
    out: list[str] = []
    for line in text.splitlines():
        if line.strip():
            out += [_escape(line.strip()), ""]
    return out[:-1] if out else [""]
