"""`eqia register` (issue 13): every assessment in a folder, one row each, as CSV, JSON or
web pages to publish.

tests/fixtures/register/drafts holds a file of every kind: signed off, submitted with its
review due soon, the example with its review long overdue, an action overdue, both built-in
questionnaires, titles that try formula and HTML injection, and files that cannot be read (bad
TOML, a questionnaire not installed, an id that is not the file name, a name that is not an
id). The register of that folder, read as the drafts folder, is kept as golden files beside
it. To accept a deliberate change, run

    UPDATE_GOLDEN=1 .venv/bin/python -m pytest -n 0 tests/unit/test_register.py

and read the diff of tests/fixtures/register/. Times are on the computer's clock, so these
tests set its time zone to UTC.
"""

from __future__ import annotations

import csv
import importlib
import importlib.util
import io
import json
import os
import shutil
import time
from collections.abc import Iterator
from datetime import date
from html import escape
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from conftest import EqiaDirs
from eqia_tui import __version__
from eqia_tui.cli import parser as cli_parser
from eqia_tui.core.storage.summary import Summary
from eqia_tui.exports.csv import FORMULA_STARTS
from eqia_tui.exports.register import REGISTER_FORMATS, Entry, make_register, to_csv
from eqia_tui.exports.register_page import to_html
from eqia_tui.exports.register_schema import REGISTER_SCHEMA

from .helpers import EXAMPLE_DATA, Run

JSONSCHEMA: Any = (
    importlib.import_module("jsonschema") if importlib.util.find_spec("jsonschema") else None
)
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "register"
DRAFTS = FIXTURES / "drafts"
TODAY = "2026-06-01"
BROKEN = {"Old Parking EqIA", "bad-toml", "renamed-copy", "unknown-questionnaire"}


@pytest.fixture(autouse=True)
def utc_clock(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Show times as UTC whatever the machine's time zone (the fixtures' are UTC)."""
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.fixture
def drafts(eqia_dirs: EqiaDirs) -> Path:
    """The fixtures, copied in as the drafts folder."""
    folder = eqia_dirs.home / "drafts"
    shutil.copytree(DRAFTS, folder)
    return folder


def _normal(text: str, eqia_dirs: EqiaDirs) -> str:
    """Without what changes from one machine or release to the next."""
    return text.replace(str(eqia_dirs.config), "CONFIG").replace(
        f"eqia {__version__}", "eqia VERSION"
    )


def _golden(name: str, content: str) -> None:
    path = FIXTURES / name
    if os.environ.get("UPDATE_GOLDEN"):
        path.write_bytes(content.encode("utf-8"))
    assert content == path.read_bytes().decode("utf-8")


def _written(run: Run, tmp_path: Path, fmt: str, *more: str | Path) -> str:
    out = tmp_path / f"register.{fmt}"
    code, stdout, err = run("register", "--format", fmt, "--today", TODAY, "-o", out, *more)
    assert (code, stdout) == (0, ""), err
    return out.read_bytes().decode("utf-8")


# --- The golden files --------------------------------------------------------------------------


@pytest.mark.usefixtures("drafts")
def test_csv_golden(run: Run, tmp_path: Path, eqia_dirs: EqiaDirs) -> None:
    _golden("register.csv", _normal(_written(run, tmp_path, "csv"), eqia_dirs))


@pytest.mark.usefixtures("drafts")
def test_json_golden(run: Run, tmp_path: Path, eqia_dirs: EqiaDirs) -> None:
    _golden("register.json", _normal(_written(run, tmp_path, "json"), eqia_dirs))


@pytest.mark.usefixtures("drafts")
def test_html_golden(run: Run, tmp_path: Path, eqia_dirs: EqiaDirs) -> None:
    _golden("register.html", _normal(_written(run, tmp_path, "html"), eqia_dirs))


@pytest.mark.usefixtures("drafts")
def test_every_kind_of_file_has_its_row(run: Run, tmp_path: Path) -> None:
    data = json.loads(_written(run, tmp_path, "json"))
    rows = {row["id"]: row for row in data["assessments"]}
    assert len(rows) == data["register"]["count"] == 13
    assert {i for i, row in rows.items() if row["error"]} == BROKEN
    assert "no-such-form" in rows["unknown-questionnaire"]["error"]
    assert "another-id" in rows["renamed-copy"]["error"]
    assert "TOML syntax error" in rows["bad-toml"]["error"]
    signed = rows["library-opening-hours"]
    assert signed["status"] == "signed"
    assert signed["signed"] == {"by": "Jo Smith", "at": "2026-03-02T12:00:00+00:00"}
    assert rows["parking-permits"]["review"] == {"date": "2026-06-20", "state": "due-soon"}
    assert rows["customer-service-policy"]["review"]["state"] == "overdue"
    assert rows["school-transport"]["actions_overdue"] == 1
    assert rows["home-care-contract"]["questionnaire"]["id"] == "commissioning-cycle"
    assert [
        (i["characteristic"], i["level"]) for i in rows["parking-permits"]["negative_impacts"]
    ] == [
        ("Age", "High"),
        ("Disability", "Unknown"),
    ]
    counts = data["register"]["counts"]
    assert counts["cannot_be_read"] == 4
    assert counts["by_status"] == {"draft": 6, "submitted": 1, "changes-requested": 1, "signed": 1}
    assert (counts["review_overdue"], counts["review_due_soon"]) == (1, 1)
    assert counts["with_actions_overdue"] == 1


@pytest.mark.usefixtures("drafts")
def test_rows_by_directorate_then_title_broken_last(run: Run, tmp_path: Path) -> None:
    rows = json.loads(_written(run, tmp_path, "json"))["assessments"]
    readable = [r for r in rows if not r["error"]]
    assert rows[: len(readable)] == readable
    keys = [(not r["directorate"], r["directorate"].casefold()) for r in readable]
    assert keys == sorted(keys)
    assert readable[-1]["id"] == "customer-service-policy"  # no directorate: last


# --- The JSON Schema ---------------------------------------------------------------------------


def _check(value: Any, schema: dict[str, Any], where: str = "") -> None:
    """The parts of JSON Schema that REGISTER_SCHEMA uses (jsonschema is not installed)."""
    if "anyOf" in schema:
        failures = []
        for option in schema["anyOf"]:
            try:
                _check(value, option, where)
                return
            except AssertionError as error:
                failures.append(str(error))
        raise AssertionError(f"{where}: matches no option: {failures}")
    kinds = {
        "object": dict,
        "array": list,
        "string": str,
        "integer": int,
        "boolean": bool,
        "null": type(None),
    }
    if "type" in schema:
        assert isinstance(value, kinds[schema["type"]]), f"{where}: not {schema['type']}"
        if schema["type"] == "integer":
            assert not isinstance(value, bool), where
    if "const" in schema:
        assert value == schema["const"], where
    if "enum" in schema:
        assert value in schema["enum"], f"{where}: {value!r} not in {schema['enum']}"
    if "minimum" in schema:
        assert value >= schema["minimum"], where
    if isinstance(value, dict):
        for key in schema.get("required", []):
            assert key in value, f"{where}: {key} missing"
        properties = schema.get("properties", {})
        extra = schema.get("additionalProperties", True)
        for key, item in value.items():
            if "propertyNames" in schema:
                _check(key, schema["propertyNames"], f"{where}.{key}")
            if key in properties:
                _check(item, properties[key], f"{where}.{key}")
            else:
                assert extra is not False, f"{where}: {key} not allowed"
                if isinstance(extra, dict):
                    _check(item, extra, f"{where}.{key}")
    if isinstance(value, list) and "items" in schema:
        for index, item in enumerate(value):
            _check(item, schema["items"], f"{where}[{index}]")


def validate(data: Any) -> None:
    """With jsonschema when it is installed; else with `_check`."""
    if JSONSCHEMA is None:
        _check(data, REGISTER_SCHEMA)
    else:
        JSONSCHEMA.validate(data, REGISTER_SCHEMA)


def test_the_golden_json_matches_its_schema() -> None:
    validate(json.loads((FIXTURES / "register.json").read_text(encoding="utf-8")))


def test_the_schema_check_can_fail() -> None:
    data = json.loads((FIXTURES / "register.json").read_text(encoding="utf-8"))
    data["assessments"][0]["status"] = "lost"
    with pytest.raises(AssertionError):
        _check(data, REGISTER_SCHEMA)
    del data["assessments"][0]["status"]
    with pytest.raises(AssertionError):
        _check(data, REGISTER_SCHEMA)


def test_schema_register_prints_the_schema(run: Run) -> None:
    code, out, err = run("schema", "--register")
    assert (code, err) == (0, "")
    assert json.loads(out) == REGISTER_SCHEMA


def test_the_parser_offers_the_formats_of_the_register() -> None:
    assert cli_parser.REGISTER_FORMATS == REGISTER_FORMATS


# --- Injection ---------------------------------------------------------------------------------


@pytest.mark.usefixtures("drafts")
def test_no_csv_cell_is_run_as_a_formula(run: Run, tmp_path: Path) -> None:
    text = _written(run, tmp_path, "csv")
    assert text.startswith("\ufeffID,Title,")
    rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))
    assert all(not cell.startswith(FORMULA_STARTS) for row in rows for cell in row)
    titles = {row[0]: row[1] for row in rows[1:]}
    assert titles["formula-injection"] == """'=HYPERLINK("http://evil.example","Click me")"""
    assert titles["at-sign"] == "'@SUM(A1:A2)"
    assert titles["tab-start"] == "'\tTab first"
    by_id = {row[0]: row for row in rows[1:]}
    assert by_id["formula-injection"][2:4] == ["'+SUM(1,2)", "'-2+3"]
    assert by_id["at-sign"][4] == "'=1+1"


def _summary(title: str, **more: Any) -> Summary:
    return Summary(id="x", path="x.toml", title=title, **more)


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_a_formula_start_in_any_text_cell_is_made_text(start: str) -> None:
    summary = _summary(
        f"{start}1", directorate=f"{start}2", owner=f"{start}3", decision_maker=f"{start}4"
    )
    text = to_csv(make_register([Entry(summary, f"{start}x.toml")], date(2026, 6, 1)))
    row = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline="")))[1]
    assert row[1:5] == [f"'{start}1", f"'{start}2", f"'{start}3", f"'{start}4"]
    assert row[17] == f"'{start}x.toml"


class _Tags(HTMLParser):
    """Every element of a page, with its attributes, and the text of each."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.open: list[str] = []
        self.texts: dict[str, list[str]] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag not in ("meta", "br", "col", "link"):
            self.open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in self.open:
            while self.open.pop() != tag:
                pass

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        for tag in self.open:
            self.texts.setdefault(tag, []).append(data)

    def named(self, name: str) -> list[dict[str, str | None]]:
        return [attrs for tag, attrs in self.tags if tag == name]


def parsed(page: str) -> _Tags:
    tags = _Tags()
    tags.feed(page)
    tags.close()
    return tags


def test_html_injection_is_shown_as_text() -> None:
    summary = _summary(
        "<script>alert(1)</script>",
        directorate='"><img src=x onerror=alert(1)>',
        owner="<b>Bold</b> & Co",
        judgement_words="</td></tr></table><h1>Gone</h1>",
        questionnaire="kcc-eqia",
    )
    broken = Summary(id="b", path="b.toml", error="<iframe src=x>")
    page = to_html(
        make_register(
            [Entry(summary, "<i>x</i>.toml", '"><script>x</script>'), Entry(broken, "b.toml")],
            date(2026, 6, 1),
        )
    )
    tags = parsed(page)
    names = {tag for tag, _ in tags.tags}
    assert not names & {"script", "img", "b", "i", "iframe"}
    assert [t for t, _ in tags.tags].count("h1") == 1
    text = "".join(tags.text)
    for shown in (
        "<script>alert(1)</script>",
        '"><img src=x onerror=alert(1)>',
        "<b>Bold</b> & Co",
        "</td></tr></table><h1>Gone</h1>",
        "<i>x</i>.toml",
        "<iframe src=x>",
    ):
        assert shown in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


@pytest.mark.usefixtures("drafts")
def test_the_fixtures_injections_stay_text(run: Run, tmp_path: Path) -> None:
    tags = parsed(_written(run, tmp_path, "html"))
    assert not {tag for tag, _ in tags.tags} & {"script", "img", "b"}
    assert all(not (a.get("onerror") or "") for _, a in tags.tags)


# --- The page ----------------------------------------------------------------------------------


@pytest.mark.usefixtures("drafts")
def test_the_page_has_landmarks_a_caption_and_headers(run: Run, tmp_path: Path) -> None:
    page = _written(run, tmp_path, "html")
    assert page.startswith('<!DOCTYPE html>\n<html lang="en-GB">')
    tags = parsed(page)
    names = [tag for tag, _ in tags.tags]
    for landmark in ("header", "main", "footer"):
        assert names.count(landmark) == 1
    assert names.index("header") < names.index("main") < names.index("footer")
    skip = tags.named("a")[0]
    assert skip["class"] == "skip-link"
    target = str(skip["href"]).removeprefix("#")
    assert any(a.get("id") == target for _, a in tags.tags)
    register = next(a for t, a in tags.tags if t == "table" and a.get("class") == "register")
    assert register is not None
    assert "Every assessment (13), by directorate, then title" in tags.texts["caption"]
    # Every header cell says what it heads; every table has a caption.
    assert all(a.get("scope") in ("col", "row") for a in tags.named("th"))
    assert names.count("caption") == names.count("table") == 4
    csp = [a for a in tags.named("meta") if a.get("http-equiv") == "Content-Security-Policy"]
    assert csp and "default-src 'none'" in str(csp[0]["content"])
    assert "http://" not in page.replace("http://evil.example", "")
    assert "@media print" in page and "break-inside: avoid" in page
    assert "thead { display: table-header-group; }" in page


@pytest.mark.usefixtures("drafts")
def test_the_page_counts_by_weighting_and_status(run: Run, tmp_path: Path) -> None:
    tags = parsed(_written(run, tmp_path, "html"))
    rows = []
    for table in ("By weighting", "By review status", "What is due"):
        assert table in tags.texts["caption"]
    cells = [t.strip() for t in tags.texts["tr"] if t.strip()]
    for label, number in [
        ("High", "1"),
        ("Medium", "2"),
        ("Low", "5"),
        ("Not chosen yet", "1"),
        ("Draft", "6"),
        ("Signed off", "1"),
        ("Reviews overdue", "1"),
        ("Files that cannot be read", "4"),
    ]:
        at = cells.index(label)
        rows.append((cells[at], cells[at + 1]))
        assert cells[at + 1] == number


# --- A folder ----------------------------------------------------------------------------------


def _links(page: Path) -> list[str]:
    return [str(a["href"]) for a in parsed(page.read_text(encoding="utf-8")).named("a")]


@pytest.mark.usefixtures("drafts")
def test_with_documents_writes_each_page_and_links_it(run: Run, tmp_path: Path) -> None:
    site = tmp_path / "site"
    code, out, err = run("register", "--today", TODAY, "--with-documents", "-o", site)
    assert (code, out) == (0, ""), err
    documents = sorted(p.name for p in (site / "documents").iterdir())
    assert len(documents) == 9  # every readable file, none of the 4 broken ones
    assert "library-opening-hours.html" in documents
    links = _links(site / "index.html")
    for name in documents:
        assert f"documents/{name}" in links
    # Published without the review's comments.
    example = (site / "documents" / "customer-service-policy.html").read_text(encoding="utf-8")
    assert "Customer Service Policy</title>" in example
    assert "comments are left out of this copy" in example
    for comment in EXAMPLE_DATA["review_record"]["comments"]:
        assert escape(comment["text"]) not in example
    # Every link of every page leads to a file that is there.
    pages = sorted(site.glob("*.html"))
    assert {p.name for p in pages} >= {
        "index.html",
        "by-weighting.html",
        "by-status.html",
        "by-review-date.html",
        "status-signed.html",
        "weighting-high.html",
        "due.html",
        "cannot-be-read.html",
    }
    for page in pages:
        for link in _links(page):
            if not link.startswith("#"):
                assert (site / link).is_file(), (page.name, link)


@pytest.mark.usefixtures("drafts")
def test_each_order_and_filter_is_a_page(run: Run, tmp_path: Path) -> None:
    site = tmp_path / "site/"
    code, _, err = run("register", "--today", TODAY, "-o", f"{site}/")
    assert code == 0, err
    assert not (site / "documents").exists()

    def row_ids(name: str) -> list[str]:
        text = (site / name).read_text(encoding="utf-8")
        return [
            part.split("</span>")[0]
            for part in text.split('<span class="id">')[1:]
            if "Cannot be read" not in part.split("</span>")[0]
        ]

    assert row_ids("by-weighting.html")[0] == "parking-permits"
    assert row_ids("by-review-date.html")[0] == "customer-service-policy"
    assert row_ids("by-status.html")[-1] == "library-opening-hours"
    assert row_ids("status-signed.html") == ["library-opening-hours"]
    assert row_ids("weighting-high.html") == ["parking-permits"]
    assert sorted(row_ids("due.html")) == [
        "customer-service-policy",
        "parking-permits",
        "school-transport",
    ]
    assert "Show every assessment" in (site / "due.html").read_text(encoding="utf-8")


def test_with_documents_needs_a_folder(run: Run) -> None:
    code, out, err = run("register", "--with-documents")
    assert (code, out) == (2, "")
    assert err.startswith("--with-documents: ") and "-o" in err
    assert len(err.splitlines()) == 1


@pytest.mark.usefixtures("drafts")
def test_a_register_written_before_needs_force(run: Run, tmp_path: Path) -> None:
    site = tmp_path / "site"
    assert run("register", "--today", TODAY, "-o", f"{site}/")[0] == 0
    before = (site / "index.html").read_bytes()
    code, _, err = run("register", "-o", site)
    assert (
        code == 2 and err == f"{site / 'index.html'}: already exists; add --force to replace it\n"
    )
    assert (site / "index.html").read_bytes() == before
    assert run("register", "--today", "2026-06-02", "-o", site, "--force")[0] == 0
    assert (site / "index.html").read_bytes() != before


# --- Folders -----------------------------------------------------------------------------------


def test_a_folder_that_does_not_exist_is_one_line(run: Run, tmp_path: Path) -> None:
    out = tmp_path / "out.csv"
    code, stdout, err = run("register", tmp_path / "nope", "--format", "csv", "-o", out)
    assert (code, stdout) == (2, "")
    assert err == f"{tmp_path / 'nope'}: no such folder\n"
    assert not out.exists()


def test_every_bad_folder_is_named(run: Run, tmp_path: Path) -> None:
    (tmp_path / "a.toml").write_text("", encoding="utf-8")
    code, _, err = run("register", tmp_path / "nope", tmp_path / "a.toml")
    assert code == 2
    assert err.splitlines() == [
        f"{tmp_path / 'nope'}: no such folder",
        f"{tmp_path / 'a.toml'}: is a file, not a folder: give the folder it is in",
    ]


def test_a_folder_given_is_read_with_files_named_freely(run: Run, tmp_path: Path) -> None:
    code, out, err = run("register", DRAFTS, "--format", "json", "--today", TODAY)
    assert code == 0, err
    rows = {row["path"]: row for row in json.loads(out)["assessments"]}
    # The name need not be the id: the id is the one in the file.
    assert rows["renamed-copy.toml"]["id"] == "another-id"
    assert rows["renamed-copy.toml"]["error"] is None
    assert rows["archive/Old Parking EqIA.toml"]["id"] == "old-parking"
    assert rows["archive/Old Parking EqIA.toml"]["review"]["state"] == "overdue"
    assert {r["id"] for r in rows.values() if r["error"]} == {"bad-toml", "unknown-questionnaire"}


def test_several_folders_show_each_path_from_its_folder(run: Run, tmp_path: Path) -> None:
    first, second = tmp_path / "first", tmp_path / "second"
    shutil.copytree(DRAFTS / "archive", first)
    second.mkdir()
    shutil.copy(DRAFTS / "parking-permits.toml", second)
    code, out, err = run("register", first, second, "--format", "json")
    assert code == 0, err
    paths = sorted(row["path"] for row in json.loads(out)["assessments"])
    assert paths == [f"{first}/Old Parking EqIA.toml", f"{second}/parking-permits.toml"]


def test_no_drafts_is_an_empty_register(run: Run) -> None:
    code, out, err = run("register", "--format", "json", "--today", TODAY)
    assert (code, err) == (0, "")
    data = json.loads(out)
    assert data["assessments"] == [] and data["register"]["count"] == 0
    code, out, _ = run("register", "--today", TODAY)
    assert code == 0 and "Every assessment (0)" in out and "No assessment here." in out


@pytest.mark.usefixtures("drafts")
def test_csv_on_standard_output(run: Run) -> None:
    code, out, err = run("register", "--format", "csv", "--today", TODAY)
    assert (code, err) == (0, "")
    assert out.splitlines()[0].removeprefix("\ufeff").startswith("ID,Title,Directorate")
    assert len(list(csv.reader(io.StringIO(out.removeprefix("\ufeff"))))) == 14


def test_escape_sequences_are_shown_not_obeyed(run: Run, drafts: Path) -> None:
    path = drafts / "parking-permits.toml"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace('title = "Resident parking permits"', 'title = "\\u001b]0;pwned\\u0007 x"'),
        encoding="utf-8",
    )
    for fmt in REGISTER_FORMATS:
        code, out, err = run("register", "--format", fmt)
        assert (code, err) == (0, "")
        assert "\x1b" not in out and "\x07" not in out
    page = run("register")[1]
    assert "\u241b]0;pwned\u2407 x" in page
    data = json.loads(run("register", "--format", "json")[1])
    titles = {row["id"]: row["title"] for row in data["assessments"]}
    assert titles["parking-permits"] == "\x1b]0;pwned\x07 x"
