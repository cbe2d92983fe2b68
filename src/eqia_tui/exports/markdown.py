"""The whole assessment as Markdown: headings, the grid and the action plan as tables."""

from __future__ import annotations

from eqia_tui.assessment import Assessment
from eqia_tui.exports.view import Cell, DocumentView, Field, Part, Table, build_view
from eqia_tui.questionnaire import Questionnaire


def to_markdown(questionnaire: Questionnaire, assessment: Assessment) -> str:
    return render_markdown(build_view(questionnaire, assessment))


def render_markdown(view: DocumentView) -> str:
    lines: list[str] = [f"# {_text(view.title)}", ""]
    lines.append(" ".join(f"{f.label}: {_text(f.value.shown)}." for f in view.about))
    lines.append("")
    for part in view.parts:
        lines.extend(_part(part))
    return "\n".join(lines).rstrip("\n") + "\n"


def _part(part: Part) -> list[str]:
    lines = [f"## {_text(part.title)}", ""]
    if part.intro:
        lines += [f"_{_text(part.intro)}_", ""]
    pending: list[Field] = []

    def flush() -> None:
        if pending:
            lines.extend(_fields(pending, part.layout))
            pending.clear()

    for item in part.items:
        if isinstance(item, Table):
            flush()
            lines.extend(_table(item, part.title))
        else:
            pending.append(item)
    flush()
    return lines


def _fields(fields: list[Field], layout: str) -> list[str]:
    if layout == "text":
        lines: list[str] = []
        for f in fields:
            lines += [f"### {_text(f.label)}", ""]
            lines += [*_paragraphs(f.value.shown), ""]
        return lines
    lines = ["| Question | Answer |", "| --- | --- |"]
    lines += [f"| {_cell_text(f.label)} | {_cell(f.value)} |" for f in fields]
    return [*lines, ""]


def _table(table: Table, heading: str) -> list[str]:
    lines = [f"**{_text(table.caption)}**", ""] if table.caption != heading else []
    if not table.rows:
        return [*lines, table.empty_text, ""]
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


def _cell_text(text: str) -> str:
    """Text safe inside a table cell: no pipes breaking the row, line breaks kept."""
    lines = [line.strip() for line in text.replace("|", "\\|").splitlines() if line.strip()]
    return "<br>".join(lines)


def _text(text: str) -> str:
    return " ".join(text.split())


def _paragraphs(text: str) -> list[str]:
    out: list[str] = []
    for line in text.splitlines():
        if line.strip():
            out += [line.strip(), ""]
    return out[:-1] if out else [""]
