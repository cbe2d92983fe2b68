"""A Word document laid out like the council template (python-docx).

Short answers go in two-column tables (the details table, the weighting, the judgement,
monitoring, sign-off); long answers under their own headings; the version table, the
screening grid and the action plan as tables with a header row that repeats on every page.
Wide tables (the grid, the action plan) are put on landscape pages. Levels are words, with a
light shading as an extra.

One module, a little over 400 lines, on purpose: it is the whole Word layout, and the only
code that knows python-docx (and Word's XML, for the rows that must not split).
"""

from __future__ import annotations

import io
import re
from typing import Any

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Emu, Pt, RGBColor
from lxml.etree import SubElement  # type: ignore[import-untyped]

from eqia_tui.core.model.assessment import Assessment
from eqia_tui.core.model.questionnaire import Questionnaire
from eqia_tui.exports.document import readable
from eqia_tui.exports.view import (
    LEVEL_COLOURS,
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

SHADES = {level: colour.upper() for level, colour in LEVEL_COLOURS.items()}
LABEL_SHADE = "F3F2F1"

# The WordprocessingML names the table rows are written with (see `_add_rows`).
_W_TR, _W_TR_PR, _W_CANT_SPLIT = qn("w:tr"), qn("w:trPr"), qn("w:cantSplit")
_W_TC, _W_TC_PR, _W_TC_W, _W_SHD = qn("w:tc"), qn("w:tcPr"), qn("w:tcW"), qn("w:shd")
_W_P, _W_R, _W_R_PR, _W_T = qn("w:p"), qn("w:r"), qn("w:rPr"), qn("w:t")
_W_B, _W_I, _W_SZ, _W_TAB, _W_BR = qn("w:b"), qn("w:i"), qn("w:sz"), qn("w:tab"), qn("w:br")
_W_GRID_COL, _W_W, _W_TYPE, _W_VAL = qn("w:gridCol"), qn("w:w"), qn("w:type"), qn("w:val")
_W_COLOR, _W_FILL, _XML_SPACE = qn("w:color"), qn("w:fill"), qn("xml:space")
_RUN_BREAKS = re.compile(r"([\t\r\n])")
"""What python-docx writes as its own element in a run: a tab, or a line ending as a break."""
FONT = "Arial"
LANGUAGE = "en-GB"


def to_docx(questionnaire: Questionnaire, assessment: Assessment, comments: bool = True) -> bytes:
    return render_docx(build_view(questionnaire, assessment, comments))


def render_docx(view: DocumentView) -> bytes:
    view = readable(view)
    document: Any = Document()
    _setup(document, view)
    document.add_heading(view.title, level=0)
    if view.status:
        status = document.add_paragraph()
        status.add_run(view.status).bold = True
    about = [f for f in view.about if f.key != "status"]
    document.add_paragraph(" ".join(f"{f.label}: {f.value.shown}." for f in about))
    for part in view.parts:
        _part(document, part)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


KEPT_WHOLE = 8
"""A table of label and answer with up to this many rows is kept on one page (a review
comment with its replies, the monitoring table); a longer one may run on to the next."""

TITLE_PROPERTY_LIMIT = 255
"""The most characters Word's title property holds (the heading keeps the whole title)."""


def _setup(document: Any, view: DocumentView) -> None:
    properties = document.core_properties
    title = view.title
    if len(title) > TITLE_PROPERTY_LIMIT:
        title = title[: TITLE_PROPERTY_LIMIT - 1] + "…"
    properties.title = title
    properties.language = LANGUAGE
    properties.author = "eqia"
    properties.comments = "Written by eqia from the assessment file."
    if view.updated is not None:
        stamp = view.updated.replace(tzinfo=None)
        properties.created = properties.modified = stamp
    normal = document.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(11)
    # The language and font of every run, unless a style says otherwise.
    rpr = (
        document.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    )
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), LANGUAGE)
    lang.set(qn("w:eastAsia"), LANGUAGE)
    _plain_font(rpr)
    for name in ("Title", "Heading 1", "Heading 2", "Heading 3", "Caption"):
        style = document.styles[name]
        style.font.name = FONT
        style.font.color.rgb = RGBColor(0x0B, 0x0C, 0x0C)
        _plain_font(style.element.get_or_add_rPr())
    _current_word(document)
    document.styles["Title"].font.size = Pt(24)
    document.styles["Caption"].font.size = Pt(10)
    document.styles["Caption"].font.italic = False
    document.styles["Caption"].font.bold = True
    document.styles["Caption"].paragraph_format.space_before = Pt(10)
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(2))
    _footer(section, view)


def _plain_font(rpr: Any) -> None:
    """Arial for every script. A theme font (Calibri, Cambria) would win over a named one."""
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attribute in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
        fonts.attrib.pop(qn(f"w:{attribute}"), None)
    for attribute in ("ascii", "hAnsi", "cs"):
        fonts.set(qn(f"w:{attribute}"), FONT)


def _current_word(document: Any) -> None:
    """Open in current Word, not "Compatibility Mode" (the blank template is Word 2010's)."""
    for setting in document.settings.element.iter(qn("w:compatSetting")):
        if setting.get(qn("w:name")) == "compatibilityMode":
            setting.set(qn("w:val"), "15")


def _footer(section: Any, view: DocumentView) -> None:
    """The title and status, and "Page X of Y", at the foot of every page.

    Later sections (landscape pages) take the same footer: Word links them to the one before.
    """
    paragraph = section.footer.paragraphs[0]
    paragraph.style.font.size = Pt(8)  # the page numbers Word fills in take the style's size
    words = f"{view.title}. {view.status}" if view.status else view.title
    paragraph.add_run(f"{words}. Page ").font.size = Pt(8)
    _field(paragraph, "PAGE")
    paragraph.add_run(" of ").font.size = Pt(8)
    _field(paragraph, "NUMPAGES")


def _field(paragraph: Any, code: str) -> None:
    """A field Word and LibreOffice fill in when they lay out the page, such as PAGE."""
    run = paragraph.add_run()
    run.font.size = Pt(8)
    for kind, text in (("begin", None), ("instr", f" {code} "), ("separate", None), ("end", None)):
        if kind == "instr":
            instruction = OxmlElement("w:instrText")
            instruction.set(qn("xml:space"), "preserve")
            instruction.text = text
            run._r.append(instruction)
            continue
        char = OxmlElement("w:fldChar")
        char.set(qn("w:fldCharType"), kind)
        run._r.append(char)
        if kind == "separate":
            placeholder = OxmlElement("w:t")
            placeholder.text = "1"
            run._r.append(placeholder)


def _orient(document: Any, landscape: bool) -> None:
    """Start a new page in the orientation wanted, unless the page is already that way."""
    current = document.sections[-1]
    if (current.orientation == WD_ORIENT.LANDSCAPE) == landscape:
        return
    section = document.add_section(WD_SECTION.NEW_PAGE)
    short, long_ = Cm(21), Cm(29.7)
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = long_, short
    else:
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = short, long_


def _part(document: Any, part: Part) -> None:
    wide = any(isinstance(item, Table) and item.wide and item.rows for item in part.items)
    _orient(document, wide)
    document.add_heading(part.title, level=1)
    for block in blocks(part):
        if isinstance(block, Table):
            _table(document, block, part.title)
        elif isinstance(block, Heading):
            document.add_heading(block.text, level=block.level + 1)
        elif isinstance(block, Note):
            document.add_paragraph(block.text).paragraph_format.space_before = Pt(6)
        else:
            _fields(document, block, part.layout)


def _fields(document: Any, fields: list[Field], layout: str) -> None:
    if layout == "text":
        for f in fields:
            document.add_heading(f.label, level=2)
            _write(document.add_paragraph(), f.value)
        return
    table = document.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    _padding(table)
    for index, f in enumerate(fields):
        added = table.add_row()
        _keep_together(added)
        cells = added.cells
        if index < len(fields) - 1 and len(fields) <= KEPT_WHOLE:
            for cell in cells:  # the next row comes on the same page
                cell.paragraphs[0].paragraph_format.keep_with_next = True
        label = cells[0].paragraphs[0].add_run(f.label)
        label.bold = True
        _shade(cells[0], LABEL_SHADE)
        _write(cells[1].paragraphs[0], f.value)
        _shade(cells[1], SHADES.get(f.value.tone, ""))
    _widths(table, [Cm(6), Cm(11)])


def _table(document: Any, table_view: Table, heading: str) -> None:
    if table_view.caption != heading:
        document.add_paragraph(table_view.caption, style="Caption")
    if not table_view.rows:
        document.add_paragraph(table_view.empty_text)
        return
    table = document.add_table(rows=1, cols=len(table_view.columns))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    _padding(table)
    header = table.rows[0]
    _repeat_header(header)
    size = Pt(9) if table_view.wide else None
    for cell, text in zip(header.cells, table_view.columns, strict=True):
        run = cell.paragraphs[0].add_run(text)
        run.bold = True
        run.font.size = size
        _shade(cell, LABEL_SHADE)
    if table_view.weights:
        total = sum(table_view.weights)
        room = _usable_width(document)
        _widths(table, [int(room * w / total) for w in table_view.weights])
    _add_rows(table, table_view, size)
    for short, full in table_view.legend:
        note = document.add_paragraph()
        note.paragraph_format.space_after = Pt(2)
        label = note.add_run(f"{short}: ")
        label.bold = True
        label.font.size = Pt(9)
        note.add_run(full).font.size = Pt(9)


def _usable_width(document: Any) -> int:
    section = document.sections[-1]
    return int(section.page_width - section.left_margin - section.right_margin)


def _add_rows(table: Any, table_view: Table, size: Any) -> None:
    """The table's rows after its header, kept together on a page, each cell as wide as its
    column (set the columns' widths first).

    The rows are written as XML elements directly: python-docx's `add_row` looks the grid up
    again for each row, and its cells and runs take a long way round, which made a long
    action plan slow (7.5 ms a row at 50,000 rows). The elements are the ones python-docx
    writes, in the same order (tests/unit/test_docx_rows.py compares them).
    """
    tbl = table._tbl
    widths = [column.get(_W_W) for column in tbl.tblGrid.iterchildren(_W_GRID_COL)]
    half_points = _half_points(size)
    for row in table_view.rows:
        tr = SubElement(tbl, _W_TR)
        SubElement(SubElement(tr, _W_TR_PR), _W_CANT_SPLIT)
        for index, (value, width) in enumerate(zip(row, widths, strict=True)):
            header = index == 0 and table_view.row_headers
            colour = "" if header else SHADES.get(value.tone, "")
            tc = SubElement(tr, _W_TC)
            if width is not None or colour:
                properties = SubElement(tc, _W_TC_PR)
                if width is not None:
                    SubElement(properties, _W_TC_W, {_W_TYPE: "dxa", _W_W: width})
                if colour:
                    shading = {_W_VAL: "clear", _W_COLOR: "auto", _W_FILL: colour}
                    SubElement(properties, _W_SHD, shading)
            p = SubElement(tc, _W_P)
            if header:
                _run(p, value.shown, half_points, bold=True)
            else:
                _runs(p, value, half_points)


def _write(paragraph: Any, cell: Cell, size: Any = None) -> None:
    """A cell's words: the answer, then its detail on a new line, line breaks kept."""
    _runs(paragraph._p, cell, _half_points(size))


def _runs(p: Any, cell: Cell, half_points: str | None) -> None:
    """A cell's words as runs of the paragraph element `p`: the first line bold when the
    answer is a level or has a detail, italic when there is no answer (the words then say
    so); each further line, and each line of the detail, after a line break."""
    lines = cell.shown.splitlines() or [""]
    bold = bool(cell.detail) or bool(cell.tone)
    _run(p, lines[0], half_points, bold=bold, italic=not cell.text)
    rest = lines[1:] + [line for line in cell.detail.splitlines() if line.strip()]
    for line in rest:
        SubElement(SubElement(p, _W_R), _W_BR)
        _run(p, line, half_points)


def _run(
    p: Any,
    text: str,
    half_points: str | None,
    bold: bool | None = None,
    italic: bool | None = None,
) -> None:
    """One run of `text`, as python-docx's `add_run(text)` and then `bold`, `italic` and
    `font.size` would write it: a tab as a tab, a line ending as a line break."""
    r = SubElement(p, _W_R)
    properties = SubElement(r, _W_R_PR)
    for tag, on in ((_W_B, bold), (_W_I, italic)):
        if on is not None:
            element = SubElement(properties, tag)
            if not on:
                element.set(_W_VAL, "0")
    if half_points is not None:
        SubElement(properties, _W_SZ, {_W_VAL: half_points})
    for piece in _RUN_BREAKS.split(text):
        if piece == "\t":
            SubElement(r, _W_TAB)
        elif piece in ("\r", "\n"):
            SubElement(r, _W_BR)
        elif piece:
            t = SubElement(r, _W_T)
            t.text = piece
            if len(piece.strip()) < len(piece):
                t.set(_XML_SPACE, "preserve")


def _half_points(size: Any) -> str | None:
    """A font size as Word writes it, in half points ("18" for 9 pt); None for no size."""
    return None if size is None else str(int(Emu(size).pt * 2))


def _shade(cell: Any, colour: str) -> None:
    if not colour:
        return
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), colour)
    cell._tc.get_or_add_tcPr().append(shading)


def _repeat_header(row: Any) -> None:
    """Mark the header row so it repeats on each page and screen readers know it."""
    trpr = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    trpr.append(header)


def _padding(table: Any) -> None:
    """A little room above and below the words in every cell (in twentieths of a point)."""
    margins = OxmlElement("w:tblCellMar")
    for side, size in (("top", 40), ("left", 100), ("bottom", 40), ("right", 100)):
        element = OxmlElement(f"w:{side}")
        element.set(qn("w:w"), str(size))
        element.set(qn("w:type"), "dxa")
        margins.append(element)
    properties = table._tbl.tblPr
    look = properties.find(qn("w:tblLook"))
    if look is not None:  # Word wants the table properties in the schema's order
        look.addprevious(margins)
    else:
        properties.append(margins)


def _keep_together(row: Any) -> None:
    """Do not split a row across two pages."""
    row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))


def _widths(table: Any, widths: list[Any]) -> None:
    """Column widths, set on the grid (LibreOffice reads these) and on each cell (Word)."""
    table.autofit = False
    for column, width in zip(table.columns, widths, strict=False):
        column.width = width
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=False):
            cell.width = width
