"""The reader exports: Markdown and CSV against golden files, the web page parsed for its
structure, the Word document reopened and its screening grid read cell by cell.

To accept a deliberate change to the Markdown or CSV, run with UPDATE_GOLDEN=1 and review
the diff of tests/fixtures/golden/.
"""

from __future__ import annotations

import csv
import io
import itertools
import os
import shutil
import subprocess
import tomllib
from datetime import UTC, datetime
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import docx
import pytest
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn

from eqia_tui.cli import main
from eqia_tui.core import signing
from eqia_tui.core.model.assessment import Assessment, parse_assessment
from eqia_tui.core.model.questionnaire import Questionnaire, load_questionnaire_file
from eqia_tui.core.text.problems import BadInput
from eqia_tui.exports import BINARY_FORMATS, FORMATS, export_document
from eqia_tui.exports.view import answer_words, build_view

from .helpers import EXAMPLE

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
CLEAN = FIXTURES / "checks" / "clean.toml"
MINI_QUESTIONNAIRE = FIXTURES / "checks" / "mini-questionnaire.toml"
MINI = FIXTURES / "checks" / "mini.toml"
GOLDEN = FIXTURES / "golden"

GRID_HEADER = [
    "Characteristic",
    "Affected less favourably",
    "Positive impact",
    "Negative impact",
    "Action needed",
    "Promotes equal opportunities",
    "Evidence",
]
# The clean fixture's screening grid as the Word table must show it, row by row.
GRID_ROWS = [
    [
        "Age",
        "Yes\nOlder people who visit on Monday mornings for the reading group may lose their "
        "regular meeting.",
        "Medium",
        "Unknown",
        "Ask the reading group and other Monday visitors what times would suit them.",
        "Yes\nEvening opening lets working parents bring children after school.",
        "Visitor counts show about 30 people on Monday mornings, but not their ages. The "
        "reading group told staff most members are over 70.",
    ],
    [
        "Disability",
        "Yes\nThe mobile library stop for people who cannot travel moves from Monday to Tuesday.",
        "Low",
        "Medium",
        "Tell every mobile library user about the new day in large print and by phone.",
        "No",
        "The mobile library list has 42 users who cannot travel to a branch.",
    ],
    ["Gender", "No", "Low", "None", "Not given", "No", "Not given"],
    ["Gender identity", "No", "None", "None", "Not given", "No", "Not given"],
    [
        "Race",
        "No",
        "Low",
        "Low",
        "Put the new times on the notice board in the five most used languages.",
        "No",
        "Not given",
    ],
    ["Religion or belief", "No", "None", "None", "Not given", "No", "Not given"],
    ["Sexual orientation", "No", "None", "None", "Not given", "No", "Not given"],
    ["Pregnancy and maternity", "No", "Low", "Low", "Not given", "No", "Not given"],
    ["Marriage and civil partnership", "No", "None", "None", "Not given", "No", "Not given"],
    [
        "Carers",
        "No",
        "Low",
        "Low",
        "Not given",
        "Yes\nCarers who work in the day can visit in the evening.",
        "Not given",
    ],
]


@pytest.fixture
def clean(kcc: Questionnaire) -> Assessment:
    data = tomllib.loads(CLEAN.read_text(encoding="utf-8"))
    return parse_assessment(data, str(CLEAN), kcc).assessment


@pytest.fixture(scope="module")
def mini() -> tuple[Questionnaire, Assessment]:
    questionnaire = load_questionnaire_file(MINI_QUESTIONNAIRE)
    data = tomllib.loads(MINI.read_text(encoding="utf-8"))
    return questionnaire, parse_assessment(data, str(MINI), questionnaire).assessment


def _sign(questionnaire: Questionnaire, assessment: Assessment) -> None:
    """Submit, approve (kcc-eqia needs a review before sign-off) and sign off on 10/02/2026."""
    at = datetime(2026, 2, 10, 17, 0, tzinfo=UTC)
    signing.submit(questionnaire, assessment, "Sam Patel", at)
    signing.approve(questionnaire, assessment, "Jo Reviewer", at)
    signing.sign(questionnaire, assessment, by="Sam Patel", at=at)


def _golden(name: str, content: str) -> None:
    path = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN"):
        path.write_bytes(content.encode("utf-8"))
    assert content == path.read_bytes().decode("utf-8")


# --- Markdown -----------------------------------------------------------------------------------


def test_markdown_golden(kcc: Questionnaire, clean: Assessment) -> None:
    _golden("library-opening-hours.md", str(export_document(kcc, clean, "md")))


def test_markdown_grid_is_a_table_with_levels_as_words(
    kcc: Questionnaire, clean: Assessment
) -> None:
    text = str(export_document(kcc, clean, "md"))
    assert "| " + " | ".join(GRID_HEADER) + " |" in text
    assert "| **Gender** | No | Low | None | Not given | No | Not given |" in text
    for heading in ("## Version history", "## Action plan", "## Sign-off", "## Judgement"):
        assert heading in text


def test_markdown_keeps_a_pipe_from_breaking_the_table(
    kcc: Questionnaire, clean: Assessment
) -> None:
    clean.set("action_plan", "actions", [{**clean.answers["action_plan"]["actions"][0]}])
    clean.answers["action_plan"]["actions"][0]["owner"] = "Team A | Team B\nand C"
    text = str(export_document(kcc, clean, "md"))
    assert "| Team A \\| Team B<br>and C |" in text


@pytest.mark.parametrize(
    ("typed", "shown"),
    [
        ("# Not a heading", "\\# Not a heading"),
        ("- not a list", "\\- not a list"),
        ("1. not a numbered list", "1\\. not a numbered list"),
        ("<script>alert(1)</script>", "\\<script\\>alert(1)\\</script\\>"),
        ("*not bold* and [not a link](x)", "\\*not bold\\* and \\[not a link\\](x)"),
        ("Fish &amp; chips", "Fish \\&amp; chips"),
        ("12.5% of people, -5 degrees", "12.5% of people, -5 degrees"),
    ],
)
def test_markdown_shows_answers_as_typed_not_as_markup(
    kcc: Questionnaire, clean: Assessment, typed: str, shown: str
) -> None:
    clean.set("details", "subject", f"First line\n{typed}")  # a short answer: in a table
    clean.set("judgement", "option", "full-assessment")
    clean.set("full_assessment", "context", f"First line\n{typed}")
    text = str(export_document(kcc, clean, "md"))
    assert f"| First line<br>{shown} |" in text  # in a table cell
    assert f"\n\n{shown}\n\n" in text  # a paragraph of its own


def test_reader_exports_say_a_draft_is_not_signed_off(
    kcc: Questionnaire, clean: Assessment
) -> None:
    assert build_view(kcc, clean).status == "Draft, not yet signed off"
    assert "Status: Draft, not yet signed off." in str(export_document(kcc, clean, "md"))
    assert '<p class="status">Draft, not yet signed off</p>' in str(
        export_document(kcc, clean, "html")
    )
    _sign(kcc, clean)
    assert build_view(kcc, clean).status == "Signed off on 10/02/2026"
    clean.set("details", "owner", "Somebody else")
    assert build_view(kcc, clean).status == "Signed off on 10/02/2026, but changed since"


def test_reader_exports_leave_out_an_optional_column_empty_in_every_row(
    kcc: Questionnaire, clean: Assessment
) -> None:
    for action in clean.answers["action_plan"]["actions"]:
        action.pop("due", None)
    plan = next(t for t in build_view(kcc, clean).tables() if t.key == "action_plan.actions")
    assert "Due date" not in plan.columns
    assert all(len(row) == len(plan.columns) == len(plan.weights) for row in plan.rows)
    # The spreadsheet keeps every column, so its layout never changes under a formula.
    header = str(export_document(kcc, clean, "csv")).splitlines()[0]
    assert "Due date" in header


# --- CSV ------------------------------------------------------------------------------------------


def test_csv_golden(kcc: Questionnaire, clean: Assessment) -> None:
    _golden("library-opening-hours.csv", str(export_document(kcc, clean, "csv")))


def test_csv_rows_read_back(kcc: Questionnaire, clean: Assessment) -> None:
    text = str(export_document(kcc, clean, "csv"))
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))
    assert rows[0] == [
        "Protected characteristics",
        "Issue identified",
        "Action to be taken",
        "Expected outcome",
        "Owner",
        "Timescale",
        "Due date",
        "Cost implications",
    ]
    assert len(rows) == 4
    assert rows[1][0] == "Age" and rows[1][6] == "31/03/2026"
    assert rows[2][0] == "Disability; Carers" and rows[2][7] == "Postage, about £40"
    assert rows[3][0] == "All"


def test_csv_of_a_questionnaire_without_a_table_says_why(
    mini: tuple[Questionnaire, Assessment],
) -> None:
    with pytest.raises(BadInput) as caught:
        export_document(*mini, "csv")
    assert "has no action plan (roles.action_plan)" in str(caught.value)


def test_csv_with_no_actions_is_just_the_header(kcc: Questionnaire, clean: Assessment) -> None:
    del clean.answers["action_plan"]
    rows = list(csv.reader(io.StringIO(str(export_document(kcc, clean, "csv"))[1:])))
    assert len(rows) == 1 and rows[0][0] == "Protected characteristics"


def test_csv_cells_never_run_as_formulas(kcc: Questionnaire, clean: Assessment) -> None:
    action = clean.answers["action_plan"]["actions"][0]
    action["owner"] = '=HYPERLINK("http://example.invalid","click")'
    action["cost"] = "-50 from the training budget"
    action["issue"] = "@risk"
    rows = list(csv.reader(io.StringIO(str(export_document(kcc, clean, "csv"))[1:])))
    assert rows[1][4] == '\'=HYPERLINK("http://example.invalid","click")'
    assert rows[1][7] == "'-50 from the training budget"
    assert rows[1][1] == "'@risk"
    assert rows[2][4] == "Mobile Library Team"


# --- HTML -----------------------------------------------------------------------------------------


class _Page(HTMLParser):
    """Collect what the accessibility checks need."""

    def __init__(self) -> None:
        super().__init__()
        self.lang: str | None = None
        self.title = ""
        self.headings: list[tuple[int, str]] = []
        self.th: list[dict[str, str | None]] = []
        self.tables = 0
        self.captions: list[str] = []
        self.first_in_table: list[str] = []
        self.external: list[str] = []
        self.styles = ""
        self.level_cells: list[tuple[str, str]] = []
        self._stack: list[str] = []
        self._text: list[str] = []
        self._capture: str | None = None
        self._level_class = ""
        self._after_table = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if self._after_table:
            self.first_in_table.append(tag)
            self._after_table = False
        if tag == "html":
            self.lang = attributes.get("lang")
        if tag == "table":
            self.tables += 1
            self._after_table = True
        if tag == "th":
            self.th.append(attributes)
        if tag in ("script", "link", "img", "iframe", "object"):
            self.external.append(tag)
        for name in ("src", "href"):
            value = attributes.get(name)
            if value is not None and not value.startswith("#"):
                self.external.append(f"{name}={value}")
        if tag in ("title", "caption", "style", "h1", "h2", "h3", "h4", "td"):
            self._capture = tag
            self._text = []
            self._level_class = attributes.get("class") or ""

    def handle_endtag(self, tag: str) -> None:
        if tag != self._capture:
            return
        text = "".join(self._text).strip()
        if tag == "title":
            self.title = text
        elif tag == "caption":
            self.captions.append(text)
        elif tag == "style":
            self.styles += text
        elif tag == "td":
            if "level-" in self._level_class:
                self.level_cells.append((self._level_class, text))
        else:
            self.headings.append((int(tag[1]), text))
        self._capture = None

    def handle_data(self, data: str) -> None:
        if self._capture:
            self._text.append(data)


def _page(questionnaire: Questionnaire, assessment: Assessment) -> _Page:
    page = _Page()
    page.feed(str(export_document(questionnaire, assessment, "html")))
    return page


def test_html_is_one_accessible_page(kcc: Questionnaire, clean: Assessment) -> None:
    page = _page(kcc, clean)
    assert page.lang == "en-GB"
    assert page.title == "Equality Impact Assessment: Library opening hours"
    levels = [level for level, _ in page.headings]
    assert levels[0] == 1 and levels.count(1) == 1
    assert all(b - a <= 1 for a, b in itertools.pairwise(levels)), levels
    names = [text for level, text in page.headings if level == 2]
    assert names[1:] == [
        "About the policy",
        "Version history",
        "Screening grid",
        "Proportionality",
        "Judgement",
        "Action plan",
        "The equality duty",
        "Monitoring and review",
        "Sign-off",
    ]
    assert page.tables == 3 and page.first_in_table == ["caption"] * 3
    assert page.captions == [
        "Version history",
        "Screening grid: answers for each protected characteristic",
        "Action plan",
    ]
    assert page.th and all(th.get("scope") in ("col", "row") for th in page.th)
    row_headers = [th for th in page.th if th.get("scope") == "row"]
    assert len(row_headers) == 10
    assert page.external == []
    assert "@media print" in page.styles


def test_html_levels_are_words_with_colour_as_an_extra(
    kcc: Questionnaire, clean: Assessment
) -> None:
    page = _page(kcc, clean)
    # Negative impact (and only that grid column) is coloured; the word is always there.
    assert ("level level-unknown", "Unknown") in page.level_cells
    assert ("level level-medium", "Medium") in page.level_cells
    assert all(text for _, text in page.level_cells)
    assert len(page.level_cells) == 10
    assert ".level-high" in page.styles


def test_html_escapes_answers(kcc: Questionnaire, clean: Assessment) -> None:
    clean.set("details", "title", "<script>alert(1)</script> & more")
    text = str(export_document(kcc, clean, "html"))
    assert "<script>" not in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; more" in text


def test_html_keeps_long_words_and_yes_details_readable(
    kcc: Questionnaire, clean: Assessment
) -> None:
    text = str(export_document(kcc, clean, "html"))
    assert "overflow-wrap: anywhere" in text
    assert '<col style="width:' in text
    # Without styles (reader view, copy and paste) "Yes" and its details stay apart.
    assert '<strong>Yes:</strong> <span class="detail">Older people' in text
    # The officer's weighting is coloured like the grid's levels.
    assert '<dd class="level level-medium">Medium</dd>' in text
    assert "counter(pages)" in text


def test_html_running_footer_cannot_break_out_of_the_style(
    kcc: Questionnaire, clean: Assessment
) -> None:
    clean.set("details", "title", 'Closing "quotes" </style><script>x</script>')
    text = str(export_document(kcc, clean, "html"))
    style = text.split("<style>", 1)[1].split("</style>", 1)[0]
    assert "<" not in style and "\\22 quotes\\22" in style


# --- Word -----------------------------------------------------------------------------------------


def _document(questionnaire: Questionnaire, assessment: Assessment) -> Any:
    content = export_document(questionnaire, assessment, "docx")
    assert isinstance(content, bytes)
    return docx.Document(io.BytesIO(content))


def _table_text(table: Any) -> list[list[str]]:
    return [[cell.text for cell in row.cells] for row in table.rows]


def test_docx_grid_cell_by_cell(kcc: Questionnaire, clean: Assessment) -> None:
    document = _document(kcc, clean)
    grids = [t for t in document.tables if _table_text(t)[0] == GRID_HEADER]
    assert len(grids) == 1
    rows = _table_text(grids[0])[1:]
    assert len(rows) == len(GRID_ROWS)
    for expected, actual in zip(GRID_ROWS, rows, strict=True):
        for column, (want, got) in enumerate(zip(expected, actual, strict=True)):
            assert got == want, f"{expected[0]}, {GRID_HEADER[column]}"


def test_docx_is_laid_out_like_the_council_template(kcc: Questionnaire, clean: Assessment) -> None:
    document = _document(kcc, clean)
    tables = [_table_text(t) for t in document.tables]
    details, versions = tables[0], tables[1]
    assert details[0] == ["Directorate", "Growth, Environment and Transport"]
    assert ["Name of the policy, procedure, project or service", "Library opening hours"] in (
        details
    )
    assert versions == [
        ["Version", "Author", "Date", "Comment"],
        ["0.1", "SP", "05/01/2026", "First draft"],
        ["0.2", "SP", "10/02/2026", "Added the action plan"],
    ]
    assert tables[2][0] == GRID_HEADER
    proportionality = tables[3]
    assert ["Weighting", "Medium"] in proportionality
    assert proportionality[-1][0] == "State the rating and your reasons"
    assert ["What happens next?", "Option 2: internal action needed"] in tables[4]
    actions = tables[5]
    assert actions[0][0] == "Protected characteristics" and len(actions) == 4
    assert actions[2][0] == "Disability, Carers"
    # Monitoring is mostly long answers: each under its own heading, not in a table.
    texts = [p.text for p in document.paragraphs]
    assert texts[texts.index("Review date") + 1] == "05/01/2027"
    assert ["Senior officer: name", "Sam Patel"] in tables[6]
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings == [
        "About the policy",
        "Version history",
        "Screening grid",
        "Proportionality",
        "Judgement",
        "Action plan",
        "The equality duty",
        "Monitoring and review",
        "Sign-off",
    ]
    assert document.core_properties.title == "Equality Impact Assessment: Library opening hours"
    assert document.core_properties.language == "en-GB"
    # The wide tables (grid, action plan) are on landscape pages.
    orientations = [s.orientation for s in document.sections]
    assert WD_ORIENT.LANDSCAPE in orientations and orientations[0] == WD_ORIENT.PORTRAIT


def test_docx_keeps_rows_whole_and_numbers_pages(kcc: Questionnaire, clean: Assessment) -> None:
    document = _document(kcc, clean)
    for table in document.tables:
        for row in table.rows[1:]:
            assert row._tr.trPr is not None
            assert row._tr.trPr.find(qn("w:cantSplit")) is not None, _table_text(table)[0]
    footer = document.sections[0].footer.paragraphs[0]
    codes = [t.text.strip() for t in footer._p.iter(qn("w:instrText"))]
    assert codes == ["PAGE", "NUMPAGES"]
    assert footer.text.startswith("Equality Impact Assessment: Library opening hours. Draft")
    assert document.paragraphs[1].text == "Draft, not yet signed off"


def test_docx_headings_are_arial_and_not_word_2010(kcc: Questionnaire, clean: Assessment) -> None:
    document = _document(kcc, clean)
    for name in ("Title", "Heading 1", "Heading 2"):
        fonts = document.styles[name].element.rPr.find(qn("w:rFonts"))
        assert fonts.get(qn("w:ascii")) == "Arial"
        assert fonts.get(qn("w:asciiTheme")) is None
    modes = [
        s.get(qn("w:val"))
        for s in document.settings.element.iter(qn("w:compatSetting"))
        if s.get(qn("w:name")) == "compatibilityMode"
    ]
    assert modes == ["15"]


# Debian's libreoffice-writer-nogui installs both names; other systems may have only one.
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


@pytest.mark.skipif(
    SOFFICE is None, reason="LibreOffice (soffice) is not installed; .ci/run installs it"
)
def test_docx_opens_in_libreoffice(kcc: Questionnaire, clean: Assessment, tmp_path: Path) -> None:
    assert SOFFICE is not None
    path = tmp_path / "assessment.docx"
    content = export_document(kcc, clean, "docx")
    assert isinstance(content, bytes)
    path.write_bytes(content)
    result = subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation=file://{tmp_path / 'profile'}",
            "--headless",
            "--convert-to",
            "txt:Text",
            "--outdir",
            str(tmp_path),
            str(path),
        ],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    text = (tmp_path / "assessment.txt").read_text(encoding="utf-8-sig")
    assert "Library opening hours" in text and "Mobile Library Team" in text


# --- Any questionnaire, the example, the shared words ----------------------------------------


@pytest.mark.parametrize("fmt", ["md", "html", "docx"])
def test_a_questionnaire_without_grid_or_table_exports(
    mini: tuple[Questionnaire, Assessment], fmt: str
) -> None:
    content = export_document(*mini, fmt)
    assert content
    if fmt == "md":
        assert "## About the review" in str(content) and "## Findings" in str(content)


@pytest.mark.parametrize("fmt", ["md", "html", "docx", "csv"])
def test_the_example_exports(capsys: pytest.CaptureFixture[str], tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"example.{fmt}"
    assert main(["export", str(EXAMPLE), "--format", fmt, "-o", str(out)]) == 0
    assert out.stat().st_size > 1000


def test_answer_words_are_shared(kcc: Questionnaire) -> None:
    section = kcc.section("action_plan")
    assert section is not None
    table = section.question("actions")
    assert table is not None and hasattr(table, "columns")
    column = table.columns[0]
    assert answer_words(kcc, column, ["age", "race"]) == "Age, Race"
    assert answer_words(kcc, column, ["age", "race"], joiner="; ") == "Age; Race"
    assert answer_words(kcc, column, "all") == "All"
    assert answer_words(kcc, column, []) == ""


def test_view_leaves_out_sections_not_asked(kcc: Questionnaire, clean: Assessment) -> None:
    """The full assessment is asked only after a full-assessment judgement."""
    ids = [p.id for p in build_view(kcc, clean).parts]
    assert "full_assessment" not in ids
    clean.set("judgement", "option", "full-assessment")
    ids = [p.id for p in build_view(kcc, clean).parts]
    assert "full_assessment" in ids


# --- The command -------------------------------------------------------------------------------


def test_formats_are_registered() -> None:
    assert set(FORMATS) == {"toml", "json", "md", "html", "docx", "csv"}
    assert {"docx"} == BINARY_FORMATS


def test_cli_docx_needs_an_output_file(capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    code = main(["export", str(CLEAN), "--format", "docx"])
    out, err = capsys.readouterr()
    assert code == 2 and out == ""
    assert "give a file to write with -o" in err


def test_cli_csv_without_table_exits_2(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    config = Path(os.environ["EQIA_CONFIG_DIR"]) / "questionnaires"
    config.mkdir(parents=True)
    shutil.copy(MINI_QUESTIONNAIRE, config / "mini-review.toml")
    capsys.readouterr()
    code = main(["export", str(MINI), "--format", "csv"])
    out, err = capsys.readouterr()
    assert code == 2 and out == ""
    assert err.startswith('--format csv: the questionnaire "mini-review" has no action plan')


@pytest.mark.parametrize("fmt", ["md", "html", "docx", "csv"])
def test_cli_never_overwrites_without_force(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, fmt: str
) -> None:
    out = tmp_path / f"out.{fmt}"
    out.write_text("keep me", encoding="utf-8")
    assert main(["export", str(CLEAN), "--format", fmt, "-o", str(out)]) == 2
    assert out.read_text(encoding="utf-8") == "keep me"
    assert "already exists; add --force" in capsys.readouterr().err
    assert main(["export", str(CLEAN), "--format", fmt, "-o", str(out), "--force"]) == 0
    assert out.read_bytes() != b"keep me"


def test_cli_md_to_stdout(capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    assert main(["export", str(CLEAN), "--format", "md"]) == 0
    out = capsys.readouterr().out
    assert out == (GOLDEN / "library-opening-hours.md").read_text(encoding="utf-8")


def test_sign_off_record_says_whether_answers_changed(
    kcc: Questionnaire, clean: Assessment
) -> None:
    _sign(kcc, clean)
    text = str(export_document(kcc, clean, "md"))
    assert "## Sign-off record" in text
    assert "| Signed off by | Sam Patel |" in text
    assert "| Changed since sign-off | No: the answers are the same as when they were" in text
    clean.set("details", "owner", "Somebody else")
    text = str(export_document(kcc, clean, "md"))
    assert "| Changed since sign-off | Yes: details.owner changed after sign-off. |" in text
