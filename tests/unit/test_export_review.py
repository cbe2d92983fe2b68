"""Every export carries the review record (issue 12, "Exports"): the status now, each move
of it, and the comments with where they are, their replies and who resolved them.

The example carries a realistic review: two moves (submitted, then changes requested) and
three comments, c3 resolved. Its review part in Markdown, in the web page and in the Word
document (as text) are golden files. To accept a deliberate change (to the example's review,
or to how the documents lay it out), run

    UPDATE_GOLDEN=1 .venv/bin/python -m pytest -n 0 tests/unit/test_export_review.py

and read the diff of tests/fixtures/golden/. Times are shown on the computer's clock, so
these tests set the clock's time zone to UTC.
"""

from __future__ import annotations

import io
import json
import os
import re
import time
import tomllib
from collections.abc import Iterator
from datetime import UTC, datetime
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import docx
import pytest
from docx.oxml.ns import qn
from docx.table import Table as DocxTable
from docx.text.paragraph import Paragraph

from eqia_tui.core.model.assessment import Assessment
from eqia_tui.core.model.assessment.review_record import Comment
from eqia_tui.core.model.questionnaire import Questionnaire
from eqia_tui.core.model.statuses import DRAFT
from eqia_tui.core.review.comments import add_comment, reply, resolve
from eqia_tui.core.review.status import move
from eqia_tui.core.storage.registry import Registry
from eqia_tui.core.storage.schema import assessment_schema
from eqia_tui.core.storage.store import load_file
from eqia_tui.core.text.problems import BadInput
from eqia_tui.exports import COMMENT_FORMATS, FORMATS, export_document
from eqia_tui.exports.record import place_words
from eqia_tui.exports.view import build_view
from hostile import HOSTILE, unsafe

from .helpers import EXAMPLE, EXAMPLE_DATA, Run
from .test_schema import validate

GOLDEN = Path(__file__).resolve().parents[1] / "fixtures" / "golden"
CLEAN = Path(__file__).resolve().parents[1] / "fixtures" / "checks" / "clean.toml"

STATUS = "Changes requested by Jordan Hale on 11/08/2015"
MOVES = [
    ("Submitted for review", "Pat Brown-Clarke", "28/07/2015 at 09:15"),
    ("Changes requested", "Jordan Hale", "11/08/2015 at 15:40"),
]
COMMENTS = [c["text"] for c in EXAMPLE_DATA["review_record"]["comments"]]
REPLIES = [
    r["text"] for c in EXAMPLE_DATA["review_record"]["comments"] for r in c.get("replies", [])
]
RESOLVED = "Resolved by Jordan Hale on 12/08/2015 at 11:20"
DOCUMENTS = ("md", "html", "docx")
REVIEW_SECTION = '<section aria-labelledby="part-review">'


@pytest.fixture(autouse=True)
def utc_clock(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Show times as UTC whatever the machine's time zone (the example's are UTC)."""
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.fixture
def example() -> tuple[Questionnaire, Assessment]:
    loaded = load_file(EXAMPLE, Registry(Path(os.environ["EQIA_HOME"])))
    return loaded.questionnaire, loaded.assessment


def _golden(name: str, content: str) -> None:
    path = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN"):
        path.write_bytes(content.encode("utf-8"))
    assert content == path.read_bytes().decode("utf-8")


def docx_text(content: bytes) -> str:
    """The Word document's text in reading order: a paragraph a line (headings marked with
    their style), a table row a line with its cells between bars."""
    document = docx.Document(io.BytesIO(content))
    lines: list[str] = []
    for element in document.element.body.iterchildren():
        if element.tag == qn("w:p"):
            paragraph = Paragraph(element, document)
            style = paragraph.style.name if paragraph.style is not None else ""
            mark = f"[{style}] " if style.startswith(("Heading", "Title", "Caption")) else ""
            if paragraph.text.strip():
                lines.append(mark + paragraph.text)
        elif element.tag == qn("w:tbl"):
            for row in DocxTable(element, document).rows:
                lines.append("| " + " | ".join(c.text.replace("\n", " / ") for c in row.cells))
    return "\n".join(lines) + "\n"


def rendered(questionnaire: Questionnaire, assessment: Assessment, fmt: str, **kw: Any) -> str:
    content = export_document(questionnaire, assessment, fmt, **kw)
    return docx_text(content) if isinstance(content, bytes) else content


def flat(text: str) -> str:
    """Text as a reader sees it: HTML entities and Markdown escapes undone, spaces joined."""
    text = re.sub(r"\\(.)", r"\1", text)
    text = text.replace("&quot;", '"').replace("&#x27;", "'").replace("&amp;", "&")
    return " ".join(text.split())


# --- The example, in every document ---------------------------------------------------------


def test_markdown_golden(example: tuple[Questionnaire, Assessment]) -> None:
    text = rendered(*example, "md")
    _golden("customer-service-policy.review.md", text[text.index("\n## Review\n") + 1 :])


def test_html_golden(example: tuple[Questionnaire, Assessment]) -> None:
    page = rendered(*example, "html")
    _golden("customer-service-policy.review.html", page[page.index(REVIEW_SECTION) :])


def test_word_golden(example: tuple[Questionnaire, Assessment]) -> None:
    text = rendered(*example, "docx")
    _golden("customer-service-policy.review.docx.txt", text[text.index("[Heading 1] Review") :])


@pytest.mark.parametrize("fmt", DOCUMENTS)
def test_every_document_shows_the_whole_review(
    example: tuple[Questionnaire, Assessment], fmt: str
) -> None:
    text = flat(rendered(*example, fmt))
    review = text[text.index("Review status") :]
    assert review.index("Review status") < review.index("Status history")
    assert STATUS in review
    for status, by, when in MOVES:
        assert re.search(f"{status}.{{0,12}}{by}.{{0,12}}{when}", review), (status, review)
    for comment in [*COMMENTS, *REPLIES]:
        assert comment in review
    # Open comments first, each marked "Open" in words; then the resolved one, with who and when.
    c1, c2, c3 = (review.index(f"Comment c{n}: ") for n in (1, 2, 3))
    assert c1 < c2 < c3
    assert review[c1:c2].count("Open: not resolved yet") == 1
    assert review[c2:c3].count("Open: not resolved yet") == 1
    assert "Open" not in review[c3:] and RESOLVED in review[c3:]
    # Where each comment is, in words.
    assert "Screening grid: Religion or belief" in review[c1:c2]
    assert "Full assessment: Involvement and engagement" in review[c2:c3]
    assert 'Action plan: Action 3 ("The council has no digital strategy."): Owner' in review[c3:]
    assert "Reply from Pat Brown-Clarke on 12/08/2015 at 11:10" in review[c2:c3]
    # After the sign-off part, and named at the top with the other facts about the document.
    assert text.index("Review status") > text.index("Sign-off")
    assert f"Review: {STATUS}." in text[: text.index("About the policy")]


@pytest.mark.parametrize("fmt", DOCUMENTS)
def test_no_comments_leaves_every_comment_out_and_keeps_the_moves(
    example: tuple[Questionnaire, Assessment], fmt: str
) -> None:
    text = flat(rendered(*example, fmt, comments=False))
    for words in [*COMMENTS, *REPLIES, "Comment c1", "Reply from", "Open comments"]:
        assert words not in text
    assert STATUS in text
    for status, by, when in MOVES:
        assert status in text and by in text and when in text
    assert "The comments are left out of this copy." in text


@pytest.mark.parametrize("fmt", DOCUMENTS)
def test_cli_no_comments(run: Run, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"public.{fmt}"
    code, _, err = run("export", EXAMPLE, "--format", fmt, "--no-comments", "-o", out)
    assert code == 0, err
    content = out.read_bytes()
    text = flat(docx_text(content) if fmt == "docx" else content.decode("utf-8"))
    assert not any(comment in text for comment in COMMENTS)
    assert "Jordan Hale" in text and "Status history" in text


@pytest.mark.parametrize("fmt", [f for f in FORMATS if f not in COMMENT_FORMATS])
def test_cli_no_comments_is_refused_where_it_means_nothing(
    run: Run, tmp_path: Path, fmt: str
) -> None:
    out = tmp_path / f"out.{fmt}"
    code, stdout, err = run("export", EXAMPLE, "--format", fmt, "--no-comments", "-o", out)
    assert code == 2
    assert err.strip() == f"--no-comments: works only with md, html and docx, not with {fmt}"
    assert stdout == "" and not out.exists()


def test_the_html_review_is_structured_for_screen_readers(
    example: tuple[Questionnaire, Assessment],
) -> None:
    page = rendered(*example, "html")
    review = page[page.index(REVIEW_SECTION) :]
    review = review[: review.index("</section>")]
    headings = re.findall(r"<h([2-4])[^>]*>([^<]*)</h\1>", review)
    assert headings == [
        ("2", "Review"),
        ("3", "Comments"),
        ("4", "Comment c1: Open"),
        ("4", "Comment c2: Open"),
        ("4", "Comment c3: Resolved"),
    ]
    assert "<caption>Status history</caption>" in review
    assert re.findall(r'<th scope="col">([^<]*)</th>', review) == ["Status", "By", "When", "Note"]
    # Each comment's details are a description list: a term, then its description.
    assert review.count("<dt>State</dt>") == 3 and review.count("<dt>About</dt>") == 3

    class Checker(HTMLParser):
        stack: list[str] = []

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            if tag not in ("col", "br"):
                self.stack.append(tag)

        def handle_endtag(self, tag: str) -> None:
            assert self.stack.pop() == tag

    checker = Checker()
    checker.stack = []
    checker.feed(review + "</section>")
    assert checker.stack == []


def test_word_review_has_headings_and_tables(example: tuple[Questionnaire, Assessment]) -> None:
    content = export_document(*example, "docx")
    assert isinstance(content, bytes)
    document = docx.Document(io.BytesIO(content))
    headings = [
        (p.style.name, p.text)
        for p in document.paragraphs
        if p.style is not None and p.style.name.startswith("Heading")
    ]
    review = headings[headings.index(("Heading 1", "Review")) :]
    assert review == [
        ("Heading 1", "Review"),
        ("Heading 2", "Comments"),
        ("Heading 3", "Comment c1: Open"),
        ("Heading 3", "Comment c2: Open"),
        ("Heading 3", "Comment c3: Resolved"),
    ]
    moves = next(t for t in document.tables if t.rows[0].cells[0].text == "Status")
    assert [c.text for c in moves.rows[0].cells] == ["Status", "By", "When", "Note"]
    header = moves.rows[0]._tr.trPr
    assert header is not None and header.find(qn("w:tblHeader")) is not None, "a header row"
    assert [[c.text for c in row.cells][:3] for row in moves.rows[1:]] == [list(m) for m in MOVES]


# --- Text from the file is text in every format ----------------------------------------------

SCRIPT = "<script>alert(1)</script>"
MARKUP = f"{SCRIPT} **not bold** [not a link](x)\n# not a heading"


@pytest.fixture
def hostile(example: tuple[Questionnaire, Assessment]) -> tuple[Questionnaire, Assessment]:
    questionnaire, assessment = example
    at = datetime(2015, 8, 13, 9, 0, tzinfo=UTC)
    comment = add_comment(
        questionnaire, assessment, "details.title", f"Eve{HOSTILE}", at, MARKUP + HOSTILE
    )
    reply(assessment, comment.id, f"<b>Mallory</b>{HOSTILE}", at, f"Reply {SCRIPT}{HOSTILE}")
    resolve(assessment, "c2", f"Trent{HOSTILE}", at)
    # A key path written by hand that names nothing: shown as it is, so escaped too.
    assessment.review.comments.append(Comment("c9", "Eve", at, "Where?", on=f"{SCRIPT}{HOSTILE}"))
    return questionnaire, assessment


def test_a_hostile_comment_is_text_in_markdown(hostile: tuple[Questionnaire, Assessment]) -> None:
    text = rendered(*hostile, "md")
    assert unsafe(text) == []
    assert SCRIPT not in text and r"\<script\>alert(1)\</script\>" in text
    assert r"\*\*not bold\*\* \[not a link\](x)" in text
    assert not re.search(r"^#+ not a heading", text, re.MULTILINE)
    assert r"␛\]0;PWNED␇" in text, "the control characters are shown, not dropped"
    assert r"\<U+202E\>evil" in text


def test_a_hostile_comment_is_text_in_html(hostile: tuple[Questionnaire, Assessment]) -> None:
    page = rendered(*hostile, "html")
    assert unsafe(page) == []
    assert SCRIPT not in page and "<b>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;b&gt;Mallory&lt;/b&gt;" in page
    assert "␛]0;PWNED␇" in page


def test_a_hostile_comment_is_text_in_word(hostile: tuple[Questionnaire, Assessment]) -> None:
    text = rendered(*hostile, "docx")  # python-docx reads the file back: it is well formed
    assert unsafe(text.replace("\n", " ")) == []
    assert SCRIPT in text and "<b>Mallory</b>" in text
    assert "␛]0;PWNED␇" in text


# --- Where a comment is, in words ------------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "words"),
    [
        ("", "The whole assessment"),
        ("screening", "The whole step: Screening grid"),
        ("screening.age", "Screening grid: Age"),
        ("screening.age.negative_impact", "Screening grid: Age: Negative impact"),
        ("details.title", "About the policy: Name"),
        (
            "action_plan.actions[0]",
            'Action plan: Action 1 ("Customers found the wording of the policy hard to…")',
        ),
        (
            "action_plan.actions[2].owner",
            'Action plan: Action 3 ("The council has no digital strategy."): Owner',
        ),
        ("action_plan.actions[99]", "Action plan: Action 100"),
        ("nothing.here", "nothing.here"),
        ("screening.nobody", "Screening grid: nobody"),
    ],
)
def test_place_words(example: tuple[Questionnaire, Assessment], key: str, words: str) -> None:
    assert place_words(*example, key) == words


# --- The data files and the action plan ------------------------------------------------------


def test_json_and_toml_carry_the_review_record_as_the_file_does(
    example: tuple[Questionnaire, Assessment],
) -> None:
    record = EXAMPLE_DATA["review_record"]
    as_toml = tomllib.loads(str(export_document(*example, "toml")))
    assert as_toml["review_record"] == record
    as_json = json.loads(str(export_document(*example, "json")))
    assert as_json["review_record"]["status"] == "changes-requested"
    assert as_json["review_record"]["moves"][0]["at"] == "2015-07-28T09:15:00+00:00"
    assert as_json["review_record"]["comments"][2]["resolved_at"] == "2015-08-12T11:20:00+00:00"
    times = as_json["review_record"]["comments"][1]["replies"][0]["at"]
    assert datetime.fromisoformat(times) == record["comments"][1]["replies"][0]["at"]


def test_the_schema_covers_the_review_record(example: tuple[Questionnaire, Assessment]) -> None:
    schema = assessment_schema(example[0])
    document = json.loads(str(export_document(*example, "json")))
    assert "review_record" in schema["properties"]
    assert validate(document, schema, schema) == []
    document["review_record"]["moves"][1]["status"] = "rubber-stamped"
    document["review_record"]["comments"][0]["colour"] = "red"
    errors = validate(document, schema, schema)
    assert errors and all(e.startswith(".review_record.") for e in errors), errors
    assert any(e.startswith(".review_record.moves[1].status") for e in errors)
    assert any(e.startswith(".review_record.comments[0].colour") for e in errors)


def test_the_action_plan_spreadsheet_has_no_comments(
    example: tuple[Questionnaire, Assessment],
) -> None:
    text = str(export_document(*example, "csv"))
    assert not any(comment in text for comment in COMMENTS)
    assert "Jordan Hale" not in text


def test_a_file_with_no_review_has_no_review_part(kcc: Questionnaire) -> None:
    loaded = load_file(CLEAN, Registry(Path(os.environ["EQIA_HOME"])))
    view = build_view(loaded.questionnaire, loaded.assessment)
    assert view.part("review") is None
    assert all(f.key != "review" for f in view.about)


def test_a_review_with_moves_and_no_comments(example: tuple[Questionnaire, Assessment]) -> None:
    questionnaire, assessment = example
    assessment.review.comments.clear()
    text = flat(rendered(questionnaire, assessment, "md"))
    assert "No comments." in text and STATUS in text and "Open comments" not in text


def test_no_comments_in_python_is_refused_for_data(
    example: tuple[Questionnaire, Assessment],
) -> None:
    with pytest.raises(BadInput):
        export_document(*example, "json", comments=False)


def test_a_move_back_to_draft_reads_as_one(example: tuple[Questionnaire, Assessment]) -> None:
    questionnaire, assessment = example
    at = datetime(2015, 8, 14, 16, 0, tzinfo=UTC)
    move(assessment, DRAFT, "Pat Brown-Clarke", at, "Taken back to add the equality duty.")
    text = flat(rendered(questionnaire, assessment, "md"))
    assert "Review status | Draft by Pat Brown-Clarke on 14/08/2015" in text
    assert "| Back to draft | Pat Brown-Clarke | 14/08/2015 at 16:00 | Taken back" in text
