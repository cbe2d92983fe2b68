"""The HTML export opened in headless Chromium: audited with axe-core at WCAG 2.2 AA, and
printed to PDF with a sane number of A4 pages and no table row split across two pages."""

from __future__ import annotations

import tomllib
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest

from eqia_tui.core import signing
from eqia_tui.core.model.assessment import Assessment, new_assessment, parse_assessment
from eqia_tui.core.model.questionnaire import Questionnaire
from eqia_tui.core.storage.registry import Registry
from eqia_tui.core.storage.store import load_file
from eqia_tui.exports import export_document, html
from unit.helpers import EXAMPLE, REPO, approve, ready_to_sign

from .chromium import A4_PT, Chromium, Printed, audit, check_print, printed, violations_message

pytestmark = pytest.mark.browser

KCC_DRAFT = REPO / "tests" / "fixtures" / "checks" / "clean.toml"


def _example() -> tuple[Questionnaire, Assessment]:
    loaded = load_file(EXAMPLE, Registry())
    return loaded.questionnaire, loaded.assessment


def _signed() -> tuple[Questionnaire, Assessment]:
    """The example with its gaps filled, approved and signed off."""
    questionnaire, assessment = _example()
    ready_to_sign(assessment.answers)
    approve(assessment)
    signing.sign(questionnaire, assessment, "Jo Smith", datetime(2026, 3, 2, 14, 30, tzinfo=UTC))
    return questionnaire, assessment


def _kcc_draft() -> tuple[Questionnaire, Assessment]:
    """A complete kcc-eqia draft (the checks' clean fixture), not yet sent for review."""
    registry = Registry()
    data = tomllib.loads(KCC_DRAFT.read_text(encoding="utf-8"))
    questionnaire = registry.get(data["questionnaire"], data["questionnaire_version"])
    return questionnaire, parse_assessment(data, str(KCC_DRAFT), questionnaire).assessment


def _new(questionnaire_id: str) -> tuple[Questionnaire, Assessment]:
    """A draft just started: every answer shows as not given."""
    questionnaire = Registry().get(questionnaire_id)
    return questionnaire, new_assessment(questionnaire, "just-started", "Street lighting")


def _commissioning_draft() -> tuple[Questionnaire, Assessment]:
    """A commissioning-cycle draft at the review stage with every answer given but one."""
    questionnaire = Registry().get("commissioning-cycle")
    assessment = new_assessment(questionnaire, "home-care", "Home care for older people")
    for section in questionnaire.sections:
        for question in section.questions:
            if question.type == "choice" and question.options:
                assessment.set(section.id, question.id, question.options[-1].value)
            elif question.type in ("text", "long_text") and question.id != "title":
                assessment.set(
                    section.id,
                    question.id,
                    f"What we found for {question.id.replace('_', ' ')}.\n"
                    "A second paragraph, with more detail about the people who use the service.",
                )
    assessment.set("review", "senior_officer_scrutiny", "")
    return questionnaire, assessment


DOCUMENTS: dict[str, Callable[[], tuple[Questionnaire, Assessment]]] = {
    "example": _example,
    "signed": _signed,
    "kcc-eqia-draft": _kcc_draft,
    "kcc-eqia-new": lambda: _new("kcc-eqia"),
    "commissioning-cycle-draft": _commissioning_draft,
}

MOST_PAGES = {"example": 20, "signed": 20}
"""The most pages each may print on (12 for the others): the example prints on 13 today, the
others on 6 or fewer."""


def _write(name: str, folder: Path) -> str:
    questionnaire, assessment = DOCUMENTS[name]()
    path = folder / f"{name}.html"
    path.write_text(str(export_document(questionnaire, assessment, "html")), encoding="utf-8")
    return path.as_uri()


@pytest.mark.parametrize("name", list(DOCUMENTS))
def test_the_html_export_passes_the_accessibility_audit(
    chromium: Chromium, tmp_path: Path, name: str
) -> None:
    url = _write(name, tmp_path)
    # The print stylesheet hides and restyles parts: the example is audited as printed too.
    media = ("screen", "print") if name in ("example", "signed") else ("screen",)
    found = chromium.run(audit, url, media)
    assert found == [], violations_message(url, found)


@pytest.mark.parametrize("name", list(DOCUMENTS))
def test_the_html_export_prints_on_a4_with_no_row_split(
    chromium: Chromium, tmp_path: Path, name: str
) -> None:
    url = _write(name, tmp_path)
    result = chromium.run(printed, url)
    width, height = result.page_size_pt
    assert (round(width), round(height)) == (round(A4_PT[0]), round(A4_PT[1])), (
        f"{url}: not A4 landscape but {width:.0f} by {height:.0f} points"
    )
    assert result.rows or name == "commissioning-cycle-draft"
    check_print(url, result, MOST_PAGES.get(name, 12))


# --- The checks themselves can fail -------------------------------------------------------------

ROW = "<tr><th scope='row'>Row {n}</th><td>{lines}</td></tr>"
PAGE = (
    "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>Rows</title>"
    "<style>@page {{ size: A4 landscape; margin: 12mm; }} {style}</style></head>"
    "<body><main>{body}</main></body></html>"
)


def _page(folder: Path, name: str, style: str, body: str) -> str:
    path = folder / f"{name}.html"
    path.write_text(PAGE.format(style=style, body=body), encoding="utf-8")
    return path.as_uri()


def _long_table(folder: Path, keep_rows_whole: bool) -> str:
    rows = "".join(
        ROW.format(n=n, lines="<br>".join(["A line of text in this cell."] * (n % 7 + 1)))
        for n in range(120)
    )
    avoid = "avoid" if keep_rows_whole else "auto"
    return _page(
        folder,
        f"rows-{avoid}",
        f"tr {{ break-inside: {avoid}; }}",
        "<table><caption>Rows</caption>"
        f"<tr><th scope='col'>Row</th><th scope='col'>Text</th></tr>{rows}</table>",
    )


def test_a_row_split_across_pages_is_found(chromium: Chromium, tmp_path: Path) -> None:
    url = _long_table(tmp_path, keep_rows_whole=False)
    result = chromium.run(printed, url)
    assert len(result.rows_not_kept_whole) == 121
    split = [cut for cut in result.cuts if cut.kind == "row"]
    assert split, "a table whose rows may break printed with no row split"
    assert all(cut.start_page + 1 == cut.end_page for cut in split)
    result.rows_not_kept_whole = []  # as if the style kept them whole: the split is still found
    with pytest.raises(
        AssertionError, match=r"the table row 'Row \d+' is on page \d+; it ends on page"
    ):
        check_print(url, result, 99)


def test_the_same_rows_kept_whole_print_with_none_split(chromium: Chromium, tmp_path: Path) -> None:
    url = _long_table(tmp_path, keep_rows_whole=True)
    check_print(url, chromium.run(printed, url), 99)


HIDDEN = ".hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; }"


def _near_the_foot(folder: Path, style: str, filler: int = 460) -> str:
    """A heading and a table that start near the foot of the first page (`filler` pixels
    down): the table's first row cannot fit under its header row. The caption repeats the
    heading, so it is hidden, as in the export."""
    tall = "<br>".join(["A line of text in this cell."] * 8)
    return _page(
        folder,
        f"near-the-foot-{abs(hash(style))}-{filler}",
        f"{HIDDEN} tr {{ break-inside: avoid; }} {style}",
        f"<div style='height: {filler}px'></div><section><h2>Plans</h2><table>"
        "<caption class='hidden visually-hidden'>Plans</caption>"
        "<thead><tr><th scope='col'>Plan</th><th scope='col'>Text</th></tr></thead><tbody>"
        + "".join(ROW.format(n=n, lines=tall) for n in range(3))
        + "</tbody></table></section>",
    )


def _cuts(result: Printed) -> list[tuple[str, str]]:
    return [(cut.kind, cut.what) for cut in result.cuts]


def test_a_header_row_left_at_the_foot_of_a_page_is_found(
    chromium: Chromium, tmp_path: Path
) -> None:
    url = _near_the_foot(tmp_path, "h2 { break-after: avoid; }")
    assert _cuts(chromium.run(printed, url)) == [("header", "Plans")]


def test_a_heading_left_at_the_foot_of_a_page_is_found(chromium: Chromium, tmp_path: Path) -> None:
    url = _near_the_foot(tmp_path, "", filler=640)  # room for the heading only
    assert _cuts(chromium.run(printed, url)) == [("heading", "Plans")]


@pytest.mark.parametrize("filler", [380, 420, 460, 500, 540, 580, 620])
def test_the_export_keeps_a_heading_its_header_row_and_first_row_together(
    chromium: Chromium, tmp_path: Path, filler: int
) -> None:
    """The export's own stylesheet, with a table starting at several places near the foot of
    a page (the documents above break where their contents happen to fall)."""
    url = _near_the_foot(tmp_path, html.STYLE, filler)
    assert _cuts(chromium.run(printed, url)) == []


def test_a_violation_is_found(chromium: Chromium, tmp_path: Path) -> None:
    page = tmp_path / "bad.html"
    page.write_text(
        "<!DOCTYPE html><html><head><title>Bad</title></head><body><main>"
        "<p style='color: #aaa; background: #fff'>Pale text</p>"
        "<table><tr><td>No headers</td></tr></table></main></body></html>",
        encoding="utf-8",
    )
    found = {v.id for v in chromium.run(audit, page.as_uri())}
    assert {"html-has-lang", "color-contrast"} <= found
