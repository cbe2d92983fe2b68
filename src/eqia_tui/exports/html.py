"""One self-contained, accessible web page: real headings, tables with captions and header
cells, the page language set, levels as words with colour only as an extra, and a print
stylesheet. No scripts, fonts, images or links to anything outside the page."""

from __future__ import annotations

from html import escape

from eqia_tui.core.model.assessment import Assessment
from eqia_tui.core.model.questionnaire import Questionnaire
from eqia_tui.exports.document import readable
from eqia_tui.exports.view import (
    LEVEL_COLOURS,
    TONES,
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

_LEVEL_EXTRA = {"unknown": " outline: 2px dashed #a35b00; outline-offset: -4px;"}
"""Told from "medium" by more than colour."""

STYLE = (
    """
:root { color-scheme: light; }
body { font-family: Arial, Helvetica, sans-serif; font-size: 1rem; line-height: 1.5;
  color: #0b0c0c; background: #fff; margin: 0 auto; padding: 1rem 1.5rem 3rem; max-width: 80rem; }
h1 { font-size: 2rem; line-height: 1.2; margin: 0.5rem 0 0.5rem; }
h2 { font-size: 1.5rem; margin: 2.5rem 0 0.5rem; padding-top: 0.5rem;
  border-top: 2px solid #0b0c0c; }
h3 { font-size: 1.15rem; margin: 1.5rem 0 0.25rem; }
h4 { font-size: 1rem; margin: 1.25rem 0 0.25rem; }
p { margin: 0 0 0.75rem; max-width: 45rem; }
p, li, dd, th, td { overflow-wrap: anywhere; }
.about { color: #383f43; }
.status { display: inline-block; font-weight: bold; padding: 0.25rem 0.75rem;
  border: 2px solid #0b0c0c; margin: 0 0 0.75rem; }
nav ol { columns: 2; max-width: 45rem; padding-left: 1.5rem; }
dl.fields { display: grid; grid-template-columns: minmax(12rem, 20rem) 1fr; gap: 0;
  margin: 0 0 1rem; border-top: 1px solid #b1b4b6; }
dl.fields dt, dl.fields dd { margin: 0; padding: 0.5rem 0.75rem 0.5rem 0;
  border-bottom: 1px solid #b1b4b6; }
dl.fields dt { font-weight: bold; }
table { border-collapse: collapse; width: 100%; margin: 0 0 1rem; font-size: 0.9rem; }
caption { text-align: left; font-weight: bold; font-size: 1.05rem; padding: 0 0 0.5rem; }
th, td { border: 1px solid #b1b4b6; padding: 0.4rem 0.5rem; text-align: left; vertical-align: top; }
thead th { background: #f3f2f1; }
tbody th { background: #f8f8f8; }
.missing { font-style: italic; color: #6f3000; }
.empty { color: #505a5f; }
.detail { display: block; margin-top: 0.25rem; }
.level { font-weight: bold; }
"""
    + "".join(
        f".level-{level} {{ background: #{colour};{_LEVEL_EXTRA.get(level, '')} }}\n"
        for level, colour in LEVEL_COLOURS.items()
    )
    + """.legend { font-size: 0.9rem; color: #383f43; }
.visually-hidden { position: absolute; width: 1px; height: 1px; margin: -1px; padding: 0;
  overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; border: 0; }
@media print {
  @page { size: A4 landscape; margin: 12mm; }
  body { font-size: 10pt; max-width: none; padding: 0; }
  nav { display: none; }
  @page { @bottom-right { content: "Page " counter(page) " of " counter(pages); font-size: 8pt; } }
  h2 { break-before: auto; break-after: avoid; }
  h3, h4, caption { break-after: avoid; }
  table { font-size: 9pt; table-layout: fixed; }
  thead { display: table-header-group; }
  tr, dt, dd, dl.fields { break-inside: avoid; }
  tbody > tr:first-child { break-before: avoid; }
  .level { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
"""
).strip()


def to_html(questionnaire: Questionnaire, assessment: Assessment, comments: bool = True) -> str:
    return render_html(build_view(questionnaire, assessment, comments))


def render_html(view: DocumentView) -> str:
    view = readable(view)
    out = [
        "<!DOCTYPE html>",
        '<html lang="en-GB">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(view.title)}</title>",
        f"<style>\n{STYLE}\n{_running_footer(view)}\n</style>",
        "</head>",
        "<body>",
        "<header>",
        f"<h1>{escape(view.title)}</h1>",
        *([f'<p class="status">{escape(view.status)}</p>'] if view.status else []),
        '<p class="about">'
        + " ".join(
            f"{escape(f.label)}: {escape(f.value.shown)}." for f in view.about if f.key != "status"
        )
        + "</p>",
        "</header>",
        '<nav aria-label="Contents">',
        "<h2>Contents</h2>",
        "<ol>",
        *(f'<li><a href="#{_anchor(p)}">{escape(p.title)}</a></li>' for p in view.parts),
        "</ol>",
        "</nav>",
        "<main>",
    ]
    for part in view.parts:
        out.extend(_part(part))
    out += ["</main>", "</body>", "</html>"]
    return "\n".join(out) + "\n"


def _running_footer(view: DocumentView) -> str:
    """The title and status at the foot of every printed page."""
    words = f"{view.title}. {view.status}" if view.status else view.title
    return (
        "@media print { @page { @bottom-left { "
        f"content: {_css_string(words)}; font-size: 8pt; }} }} }}"
    )


def _css_string(text: str) -> str:
    """A quoted CSS string that cannot end the string or the style element early."""
    escaped = "".join(
        ch if ch.isalnum() or ch in " .,:;!?()'-" else f"\\{ord(ch):x} " for ch in text
    )
    return f'"{escaped}"'


def _anchor(part: Part) -> str:
    return f"part-{part.id.replace('_', '-')}"


def _id(key: str) -> str:
    """An element id from a key such as review.comments.c1: letters, digits and dashes."""
    return "".join(ch if ch.isascii() and ch.isalnum() else "-" for ch in key)


def _part(part: Part) -> list[str]:
    anchor = _anchor(part)
    out = [f'<section aria-labelledby="{anchor}">', f'<h2 id="{anchor}">{escape(part.title)}</h2>']
    for block in blocks(part):
        if isinstance(block, Table):
            out.extend(_table(block, part.title))
        elif isinstance(block, Heading):
            level = block.level + 2
            out.append(f'<h{level} id="{_id(block.key)}">{escape(block.text)}</h{level}>')
        elif isinstance(block, Note):
            out += [
                f"<p>{escape(line.strip())}</p>" for line in block.text.splitlines() if line.strip()
            ]
        else:
            out.extend(_fields(block, part.layout))
    out.append("</section>")
    return out


def _fields(fields: list[Field], layout: str) -> list[str]:
    if layout == "text":
        out = []
        for f in fields:
            out.append(f"<h3>{escape(f.label)}</h3>")
            out.extend(_paragraphs(f.value))
        return out
    out = ['<dl class="fields">']
    for f in fields:
        out.append(f"<dt>{escape(f.label)}</dt>")
        out.append(f"<dd{_class(f.value)}>{_inline(f.value)}</dd>")
    out.append("</dl>")
    return out


def _table(table: Table, heading: str) -> list[str]:
    if not table.rows:
        return [f"<p><strong>{escape(table.caption)}</strong>: {escape(table.empty_text)}</p>"]
    # A caption that repeats the heading above is for screen readers only.
    hidden = ' class="visually-hidden"' if table.caption == heading else ""
    out = ["<table>", f"<caption{hidden}>{escape(table.caption)}</caption>"]
    if table.weights:
        total = sum(table.weights)
        out.append("<colgroup>")
        out += [f'<col style="width: {100 * w / total:.1f}%">' for w in table.weights]
        out.append("</colgroup>")
    out += ["<thead>", "<tr>"]
    out += [f'<th scope="col">{escape(c)}</th>' for c in table.columns]
    out += ["</tr>", "</thead>", "<tbody>"]
    for row in table.rows:
        cells = []
        for index, cell in enumerate(row):
            if index == 0 and table.row_headers:
                cells.append(f'<th scope="row">{escape(cell.shown)}</th>')
            else:
                cells.append(f"<td{_class(cell)}>{_inline(cell)}</td>")
        out.append("<tr>" + "".join(cells) + "</tr>")
    out += ["</tbody>", "</table>"]
    if table.legend:
        out.append('<ul class="legend">')
        out += [
            f"<li><strong>{escape(short)}</strong>: {escape(full)}</li>"
            for short, full in table.legend
        ]
        out.append("</ul>")
    return out


def _class(cell: Cell) -> str:
    names = []
    if cell.tone in TONES:
        names += ["level", f"level-{cell.tone}"]
    if not cell.text:
        names.append("missing" if cell.missing else "empty")
    return f' class="{" ".join(names)}"' if names else ""


def _inline(cell: Cell) -> str:
    text = _lines(cell.shown)
    if not cell.text and not cell.tone:
        text = f'<span class="{"missing" if cell.missing else "empty"}">{text}</span>'
    if cell.detail:
        # The colon keeps "Yes" apart from its details where the page has no style.
        text = f'<strong>{text}:</strong> <span class="detail">{_lines(cell.detail)}</span>'
    return text


def _lines(text: str) -> str:
    return "<br>".join(escape(line.strip()) for line in text.splitlines() if line.strip())


def _paragraphs(cell: Cell) -> list[str]:
    if not cell.text:
        return [f'<p class="{"missing" if cell.missing else "empty"}">{escape(cell.shown)}</p>']
    return [f"<p>{escape(line.strip())}</p>" for line in cell.text.splitlines() if line.strip()]
