"""No tracebacks, ever; one bad draft is one bad row (issue 9, items 6 and 7).

An error eqia did not expect is a bug: the command prints one line naming a crash log and
exits 3. The crashes found by trying files as an attacker would are each a test here: they
now give a result, or one line naming the key and exit 2.
"""

from __future__ import annotations

import json
import os
import tomllib
import zipfile
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import tomli_w

from conftest import EqiaDirs
from eqia_tui import cli
from eqia_tui.cli.commands import drafts
from eqia_tui.cli.parser import EXIT_CODES
from eqia_tui.core.review.history import next_version, record_version
from eqia_tui.core.storage.registry import Registry
from eqia_tui.core.storage.store import Store

from .helpers import EXAMPLE, Run, make_assessment

ID = "customer-service-policy"


def example_data(**changes: Any) -> dict[str, Any]:
    data = tomllib.loads(EXAMPLE.read_text(encoding="utf-8"))
    data.update(changes)
    return data


def write(path: Path, data: dict[str, Any] | str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    text = data if isinstance(data, str) else tomli_w.dumps(data)
    path.write_text(text, encoding="utf-8")
    return path


def example_text(old: str, new: str) -> str:
    text = EXAMPLE.read_text(encoding="utf-8")
    assert old in text
    return text.replace(old, new)


def no_traceback(code: int, err: str) -> None:
    assert code in (0, 1, 2), (code, err)
    assert "Traceback" not in err


# --- The last resort ------------------------------------------------------------------------


def test_an_unexpected_error_is_one_line_naming_a_crash_log(
    run: Run, eqia_dirs: EqiaDirs, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(home: Path, args: Any) -> int:
        raise RuntimeError("something eqia did not expect")

    monkeypatch.setitem(drafts.HANDLERS, "list", broken)
    code, _, err = run("list")
    assert code == 3
    assert "Traceback" not in err
    lines = err.splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("eqia failed; this is a bug. The details are in ")
    log = Path(lines[0].rsplit(" ", 1)[1])
    assert log.parent == eqia_dirs.state / "crashes"
    details = log.read_text(encoding="utf-8")
    assert "RuntimeError: something eqia did not expect" in details
    assert "Traceback" in details
    assert os.stat(log).st_mode & 0o077 == 0  # private: it names files and folders


def test_a_crash_log_that_cannot_be_written_still_gives_one_line(
    run: Run, eqia_dirs: EqiaDirs, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv("EQIA_STATE_DIR", str(blocker))  # a file, not a folder
    monkeypatch.setenv("TMPDIR", str(blocker))
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", str(blocker))

    def broken(home: Path, args: Any) -> int:
        raise ValueError("boom")

    monkeypatch.setitem(drafts.HANDLERS, "list", broken)
    code, _, err = run("list")
    assert code == 3
    assert err == "eqia failed; this is a bug. Its details could not be written to a crash log.\n"


def test_the_exit_codes_name_3() -> None:
    assert "3    eqia failed; this is a bug" in EXIT_CODES


# --- Item 6: one bad draft is one bad row ---------------------------------------------------

OUT_OF_RANGE = [
    ("updated", "updated = 2015-08-12T11:20:00Z", "updated = 9999-12-31T23:59:59-23:59"),
    ("created", "created = 2014-12-01T09:00:00Z", "created = 0001-01-01T00:00:00+05:00"),
    ("updated", "updated = 2015-08-12T11:20:00Z", "updated = 0001-01-01T00:00:00"),
]


@pytest.mark.parametrize(("key", "old", "new"), OUT_OF_RANGE)
def test_a_date_and_time_out_of_range_is_bad_input_naming_the_key(
    run: Run, tmp_path: Path, key: str, old: str, new: str
) -> None:
    path = write(tmp_path / "far.toml", example_text(old, new))
    before = path.read_bytes()
    code, _, err = run("validate", path)
    assert code == 2
    assert err.startswith(f"{path}: {key}: ")
    assert "between" in err
    assert len(err.splitlines()) == 1
    assert path.read_bytes() == before


def test_a_number_with_too_many_digits_is_bad_input_naming_the_key(
    run: Run, tmp_path: Path
) -> None:
    """Python reads at most 4,300 digits of a whole number."""
    text = example_text('questionnaire_version = "1.3"', f"questionnaire_version = {'1' * 4301}")
    path = write(tmp_path / "digits.toml", text)
    code, _, err = run("validate", path)
    assert code == 2
    assert err.startswith(f"{path}: questionnaire_version: ")
    assert "digits" in err
    assert len(err.splitlines()) == 1


def test_a_version_with_too_many_digits_is_bad_input(run: Run, tmp_path: Path) -> None:
    text = example_text('questionnaire_version = "1.3"', f'questionnaire_version = "{"9" * 5000}"')
    path = write(tmp_path / "digits.toml", text)
    code, _, err = run("validate", path)
    no_traceback(code, err)
    assert code == 2


def bad_drafts(eqia_dirs: EqiaDirs) -> Path:
    """The example as a draft, and beside it the drafts that used to take the list down."""
    drafts = eqia_dirs.home / "drafts"
    write(drafts / f"{ID}.toml", EXAMPLE.read_text(encoding="utf-8"))
    far = example_text("updated = 2015-08-12T11:20:00Z", "updated = 9999-12-31T23:59:59-23:59")
    write(drafts / "far.toml", far.replace(f'id = "{ID}"', 'id = "far"'))
    year0 = example_text("updated = 2015-08-12T11:20:00Z", "updated = 0000-01-01T00:00:00Z")
    write(drafts / "year-zero.toml", year0.replace(f'id = "{ID}"', 'id = "year-zero"'))
    digits = example_text('questionnaire_version = "1.3"', f"questionnaire_version = {'1' * 4301}")
    write(drafts / "digits.toml", digits.replace(f'id = "{ID}"', 'id = "digits"'))
    return drafts


def test_list_shows_each_bad_draft_as_one_broken_row(run: Run, eqia_dirs: EqiaDirs) -> None:
    bad_drafts(eqia_dirs)
    code, out, err = run("list")
    no_traceback(code, err)
    assert code == 0
    rows = {line.split()[0]: line for line in out.splitlines() if line[:1] != " "}
    assert rows[ID] == f"{ID}  Customer Service Policy"
    for broken in ("far", "year-zero", "digits"):
        assert " broken: " in rows[broken], rows[broken]
    assert "updated" in rows["far"]
    assert "in the value of updated" in rows["year-zero"]
    assert "questionnaire_version" in rows["digits"]
    code, out, err = run("list", "--json")
    assert code == 0
    assert sum(1 for row in json.loads(out) if "error" in row) == 3


def test_due_reports_broken_drafts_and_exits_on_what_is_due(run: Run, eqia_dirs: EqiaDirs) -> None:
    """A broken draft is named on standard error; the exit code is 1 only for overdue work."""
    drafts = bad_drafts(eqia_dirs)
    code, _, err = run("due", "--today", "2015-01-01")
    no_traceback(code, err)
    assert code == 0, err  # nothing of the readable draft is overdue on that day
    assert "3 drafts could not be read and were skipped: digits, far, year-zero" in err
    code, _, err = run("due", "--today", "2030-01-01")
    assert code == 1  # the example's review is overdue: that alone makes it 1
    (drafts / f"{ID}.toml").unlink()
    code, _, err = run("due", "--today", "2030-01-01")
    assert code == 0
    assert "could not be read" in err


def test_the_store_makes_any_error_reading_a_draft_a_broken_row(
    eqia_dirs: EqiaDirs, monkeypatch: pytest.MonkeyPatch
) -> None:
    drafts = eqia_dirs.home / "drafts"
    write(drafts / f"{ID}.toml", EXAMPLE.read_text(encoding="utf-8"))
    write(drafts / "other.toml", example_text(f'id = "{ID}"', 'id = "other"'))
    import eqia_tui.core.storage.summarising as summarising_module

    real = summarising_module.load_file

    def sometimes_broken(path: Path, registry: Registry) -> Any:
        if path.stem == "other":
            raise RecursionError("maximum recursion depth exceeded")
        return real(path, registry)

    monkeypatch.setattr(summarising_module, "load_file", sometimes_broken)
    summaries = {s.id: s for s in Store(eqia_dirs.home, Registry(eqia_dirs.home)).summaries()}
    assert not summaries[ID].broken
    assert summaries["other"].broken
    assert "could not be read" in summaries["other"].error


# --- Item 7: the crashes on valid input -----------------------------------------------------


def docx_text(path: Path) -> str:
    with zipfile.ZipFile(path) as archive:
        return archive.read("word/document.xml").decode("utf-8")


def docx_title(path: Path) -> str:
    with zipfile.ZipFile(path) as archive:
        core = archive.read("docProps/core.xml").decode("utf-8")
    return core.split("<dc:title>", 1)[1].split("</dc:title>", 1)[0]


def test_word_export_of_a_long_title_cuts_it_for_the_property_only(
    run: Run, tmp_path: Path
) -> None:
    title = "A" * 300
    path = write(tmp_path / "long.toml", example_text("Customer Service Policy", title))
    before = path.read_bytes()
    out = tmp_path / "long.docx"
    code, _, err = run("export", path, "--format", "docx", "-o", out)
    no_traceback(code, err)
    assert code == 0
    assert title in docx_text(out)  # the whole title in the document
    assert len(docx_title(out)) <= 255
    assert path.read_bytes() == before


def test_word_export_replaces_characters_xml_cannot_hold(run: Run, tmp_path: Path) -> None:
    title = 'title = "Customer\\u0001 Service\\ufffe Policy\\uffff"'
    text = example_text('title = "Customer Service Policy"', title)
    text = text.replace(
        'owner = "Corporate Director', 'owner = "Corporate\\u001b[2J\\u0000 Director'
    )
    path = write(tmp_path / "controls.toml", text)
    before = path.read_bytes()
    out = tmp_path / "controls.docx"
    code, _, err = run("export", path, "--format", "docx", "-o", out)
    no_traceback(code, err)
    assert code == 0
    document = docx_text(out)
    assert "Customer␁ Service&lt;U+FFFE&gt; Policy&lt;U+FFFF&gt;" in document
    assert "Corporate␛[2J␀ Director" in document
    assert path.read_bytes() == before


@pytest.mark.parametrize("at", ["0001-01-01T00:00:00+05:00", "9999-12-31T23:59:59-05:00"])
def test_verify_with_a_signing_time_out_of_range_names_the_key(
    run: Run, tmp_path: Path, at: str
) -> None:
    text = EXAMPLE.read_text(encoding="utf-8") + f'\n[signed]\nat = {at}\nsha256 = "{"0" * 64}"\n'
    path = write(tmp_path / "signed.toml", text)
    code, _, err = run("verify", path)
    no_traceback(code, err)
    assert code == 2
    assert err.startswith(f"{path}: signed.at: ")


def test_json_export_of_a_time_set_aside(run: Run, tmp_path: Path) -> None:
    text = EXAMPLE.read_text(encoding="utf-8") + "\n[set_aside]\nold_time = 10:30:00\n"
    path = write(tmp_path / "time.toml", text)
    code, out, err = run("export", path, "--format", "json")
    no_traceback(code, err)
    assert code == 0
    assert json.loads(out)["set_aside"]["old_time"] == "10:30:00"


def test_saving_a_version_after_a_huge_version_number() -> None:
    huge = "9" * 5000
    assessment = make_assessment()
    assessment.history = [{"version": f"{huge}.1", "author": "X", "date": date(2026, 1, 1)}]
    entry = record_version(assessment, "Jo Smith", "Next", date(2026, 1, 2))
    assert entry["version"]  # some version, and no crash
    assert next_version([{"version": "2.3"}, {"version": f"{huge}.{huge}"}]) in ("2.4",)


def test_history_of_a_huge_version_number(run: Run, tmp_path: Path) -> None:
    data = example_data()
    data["history"].append({"version": f"{'9' * 5000}.1", "author": "X"})
    path = write(tmp_path / "huge.toml", data)
    code, _, err = run("history", path)
    no_traceback(code, err)


def test_a_symlink_loop_among_the_questionnaires(run: Run, eqia_dirs: EqiaDirs) -> None:
    folder = eqia_dirs.config / "questionnaires"
    folder.mkdir(parents=True)
    (folder / "loop.toml").symlink_to("loop.toml")
    (folder / "a.toml").symlink_to("b.toml")
    (folder / "b.toml").symlink_to("a.toml")
    code, out, err = run("questionnaires")
    no_traceback(code, err)
    assert code == 0
    assert "kcc-eqia" in out
    assert "loop.toml" in out
    code, out, err = run("validate", EXAMPLE)
    no_traceback(code, err)
    assert code == 0


def test_the_app_records_an_unexpected_error_and_exits_3(
    eqia_dirs: EqiaDirs, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """`eqia` (the app): an error in a screen stops the app with one line and code 3."""
    from eqia_tui.tui import app as app_module
    from eqia_tui.tui.screens.drafts import DraftsScreen

    def broken(self: DraftsScreen) -> None:
        raise RuntimeError("a screen that breaks")

    monkeypatch.setattr(DraftsScreen, "on_mount", broken)
    real_run = app_module.EqiaApp.run

    def headless(self: app_module.EqiaApp, **kwargs: Any) -> Any:
        return real_run(self, headless=True, size=(100, 30))

    monkeypatch.setattr(app_module.EqiaApp, "run", headless)
    monkeypatch.setenv("EQIA_PLAIN", "0")  # the app, though the tests have no terminal
    code = cli.main([])
    err = capsys.readouterr().err
    assert code == 3
    assert "Traceback" not in err
    assert "eqia failed; this is a bug. The details are in " in err
    logs = list((eqia_dirs.state / "crashes").iterdir())
    assert len(logs) == 1
    assert "RuntimeError: a screen that breaks" in logs[0].read_text(encoding="utf-8")
