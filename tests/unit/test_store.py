"""The draft store and file handling: atomic writes, safe ids, reading never changes a file."""

from __future__ import annotations

import os
import tomllib
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from eqia_tui.core.disk import locations
from eqia_tui.core.disk.draft_lock import DraftLock
from eqia_tui.core.disk.files import atomic_write, parse_toml, read_toml, write_reason
from eqia_tui.core.model.assessment import new_assessment
from eqia_tui.core.model.questionnaire import Questionnaire
from eqia_tui.core.storage.registry import Registry
from eqia_tui.core.storage.store import HeldElsewhere, Store, dumps, load_file, write_file
from eqia_tui.core.text.problems import BadInput

from .helpers import EXAMPLE, assessment_data, complete_answers, make_assessment

WriteToml = Callable[[Path, dict[str, Any]], Path]

BAD_IDS = ["../x", "A B", "", "x/y", "..", "/etc/passwd", "Caps", "a" * 65, "draft.toml"]


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return Store(tmp_path / "home", Registry())


def snapshot(path: Path) -> tuple[bytes, int]:
    return path.read_bytes(), path.stat().st_mtime_ns


def folder_listing(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


# --- Locations ---------------------------------------------------------------------------------


def test_home_comes_from_the_environment(eqia_dirs: Any, tmp_path: Path) -> None:
    assert locations.home() == eqia_dirs.home
    assert locations.home(tmp_path) == tmp_path
    assert locations.drafts_dir(tmp_path) == tmp_path / "drafts"
    assert locations.config_dir() == eqia_dirs.config
    assert locations.user_questionnaires_dir() == eqia_dirs.config / "questionnaires"
    assert locations.config_file() == eqia_dirs.config / "config.toml"


# --- Saving and loading -----------------------------------------------------------------------


def test_save_and_load_round_trip(store: Store, kcc: Questionnaire) -> None:
    assessment = make_assessment(complete_answers(), assessment_id="library-hours")
    before = datetime.now(UTC).replace(microsecond=0)
    path = store.save(kcc, assessment)
    assert path == store.home / "drafts" / "library-hours.toml"
    assert folder_listing(store.drafts) == ["library-hours.toml"]
    assert assessment.updated >= before
    loaded = store.load("library-hours")
    assert loaded.assessment == assessment
    assert loaded.questionnaire.id == "kcc-eqia"
    assert loaded.notes == []
    assert path.read_text(encoding="utf-8") == dumps(kcc, assessment)
    assert store.exists("library-hours")
    assert store.ids() == ["library-hours"]


def test_saved_file_is_plain_toml(store: Store, kcc: Questionnaire) -> None:
    assessment = new_assessment(kcc, "plain", "Plain title")
    path = store.save(kcc, assessment)
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    assert data["format"] == "eqia-assessment"
    assert data["format_version"] == 1
    assert data["id"] == "plain"
    assert data["questionnaire"] == "kcc-eqia"
    assert data["details"] == {"title": "Plain title"}


def test_save_overwrites_the_previous_version(store: Store, kcc: Questionnaire) -> None:
    assessment = make_assessment(complete_answers(), assessment_id="x")
    store.save(kcc, assessment)
    assessment.set("details", "owner", "Someone else")
    store.save(kcc, assessment)
    assert store.load("x").assessment.get("details", "owner") == "Someone else"
    assert folder_listing(store.drafts) == ["x.toml"]


def test_delete(store: Store, kcc: Questionnaire) -> None:
    store.save(kcc, make_assessment({}, assessment_id="gone"))
    store.delete("gone")
    assert not store.exists("gone")
    store.delete("gone")  # deleting again is fine
    assert store.ids() == []


def test_delete_leaves_no_lock_files_behind(store: Store, kcc: Questionnaire) -> None:
    path = store.save(kcc, make_assessment({}, assessment_id="gone"))
    lock = DraftLock(path)
    assert lock.acquire() is None  # a window opened it once, and closed it
    lock.release()
    store.delete("gone")
    assert folder_listing(store.drafts) == []


def test_a_draft_open_in_another_window_is_not_deleted(store: Store, kcc: Questionnaire) -> None:
    path = store.save(kcc, make_assessment({}, assessment_id="open"))
    other = DraftLock(path)
    assert other.acquire() is None
    try:
        with pytest.raises(HeldElsewhere) as refused:
            store.delete("open")
        assert "on this computer" in refused.value.holder.words()
        assert store.exists("open")
    finally:
        other.release()


def test_load_missing_draft(store: Store) -> None:
    with pytest.raises(BadInput) as caught:
        store.load("nothing-here")
    (problem,) = caught.value.problems
    assert problem.file == str(store.drafts / "nothing-here.toml")
    assert problem.message.startswith('no draft with the id "nothing-here"')


def test_load_never_changes_the_file(store: Store, kcc: Questionnaire) -> None:
    path = store.save(kcc, make_assessment(complete_answers(), assessment_id="same"))
    before = snapshot(path)
    store.load("same")
    store.summaries()
    load_file(path, Registry())
    assert snapshot(path) == before


def test_load_of_another_version_does_not_rewrite_the_file(
    store: Store, write_toml: WriteToml
) -> None:
    data = assessment_data(complete_answers(), assessment_id="older")
    data["questionnaire_version"] = "0.9"
    data["details"]["budget"] = "1m"
    path = write_toml(store.drafts / "older.toml", data)
    before = snapshot(path)
    loaded = store.load("older")
    assert loaded.assessment.set_aside == {"details": {"budget": "1m"}}
    assert len(loaded.notes) == 1
    assert snapshot(path) == before


def test_load_names_the_missing_questionnaire(
    store: Store, write_toml: WriteToml, eqia_dirs: Any
) -> None:
    data = assessment_data({}, assessment_id="orphan")
    data["questionnaire"] = "not-installed"
    path = write_toml(store.drafts / "orphan.toml", data)
    with pytest.raises(BadInput) as caught:
        store.load("orphan")
    (problem,) = caught.value.problems
    assert problem.file == str(path)
    assert problem.key == "questionnaire"
    assert problem.message == (
        '"not-installed" version "1.3" is not installed: put the questionnaire file in '
        f"{eqia_dirs.config / 'questionnaires'}"
    )


def test_load_file_checks_the_header_first(tmp_path: Path, write_toml: WriteToml) -> None:
    data = assessment_data({}, assessment_id="x")
    data["format_version"] = 2
    data["questionnaire"] = "not-installed"
    path = write_toml(tmp_path / "new.toml", data)
    with pytest.raises(BadInput) as caught:
        load_file(path, Registry())
    assert [p.key for p in caught.value.problems] == ["format_version"]
    assert "reads up to 1" in caught.value.problems[0].message


def test_example_loads() -> None:
    loaded = load_file(EXAMPLE, Registry())
    assert loaded.assessment.id == "customer-service-policy"
    assert loaded.assessment.title == "Customer Service Policy"


# --- Ids are checked before any path is built ------------------------------------------------


@pytest.mark.parametrize("bad", BAD_IDS)
def test_bad_ids_are_refused_before_touching_disk(
    store: Store, monkeypatch: pytest.MonkeyPatch, bad: str
) -> None:
    def no_paths(_home: Path) -> Path:
        raise AssertionError("a path was built from a bad id")

    monkeypatch.setattr(locations, "drafts_dir", no_paths)
    for action in (store.path_for, store.exists, store.load, store.delete, store.summary):
        with pytest.raises(BadInput) as caught:
            action(bad)
        (problem,) = caught.value.problems
        assert problem.line() == (
            f'"{bad}" is not a valid id: use 1 to 64 lower-case letters, digits and hyphens'
        )
    assert not store.home.exists()


@pytest.mark.parametrize("bad", BAD_IDS)
def test_save_with_a_bad_id_writes_nothing(
    store: Store, kcc: Questionnaire, tmp_path: Path, bad: str
) -> None:
    assessment = make_assessment({}, assessment_id="fine")
    assessment.id = bad
    before = folder_listing(tmp_path)
    with pytest.raises(BadInput):
        store.save(kcc, assessment)
    assert folder_listing(tmp_path) == before
    assert not (tmp_path / "x").exists()


# --- Atomic writes ----------------------------------------------------------------------------


def test_atomic_write_text_and_bytes(tmp_path: Path) -> None:
    target = tmp_path / "folder" / "out.txt"
    target.parent.mkdir()
    atomic_write(target, "héllo\n")
    assert target.read_bytes() == "héllo\n".encode()
    atomic_write(target, b"\x00\x01")
    assert target.read_bytes() == b"\x00\x01"
    assert folder_listing(target.parent) == ["out.txt"]


def test_atomic_write_keeps_permissions_and_gives_new_files_the_usual_ones(
    tmp_path: Path,
) -> None:
    # The temporary file is private to its owner; the file written must not stay so.
    target = tmp_path / "shared.html"
    old = os.umask(0o022)
    try:
        atomic_write(target, "first")
    finally:
        os.umask(old)
    assert target.stat().st_mode & 0o777 == 0o644
    target.chmod(0o640)
    atomic_write(target, "second")
    assert target.stat().st_mode & 0o777 == 0o640


@pytest.mark.parametrize("failing", ["replace", "fsync"])
def test_failed_write_leaves_the_old_file_and_no_temp_file(
    store: Store, kcc: Questionnaire, monkeypatch: pytest.MonkeyPatch, failing: str
) -> None:
    assessment = make_assessment(complete_answers(), assessment_id="safe")
    path = store.save(kcc, assessment)
    old = path.read_bytes()

    def boom(*_args: Any, **_kwargs: Any) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, failing, boom)
    assessment.set("details", "owner", "Changed")
    with pytest.raises(OSError, match="No space left"):
        store.save(kcc, assessment)
    monkeypatch.undo()
    assert path.read_bytes() == old
    assert folder_listing(store.drafts) == ["safe.toml"]
    assert store.load("safe").assessment.get("details", "owner") == "Head of Libraries"


def test_interrupted_write_leaves_the_old_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "out.toml"
    target.write_bytes(b"old")

    def interrupted(*_args: Any, **_kwargs: Any) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        atomic_write(target, "new")
    monkeypatch.undo()
    assert target.read_bytes() == b"old"
    assert folder_listing(tmp_path) == ["out.toml"]


def test_write_goes_through_a_temp_file_in_the_same_folder(
    tmp_path: Path, kcc: Questionnaire, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[tuple[str, str]] = []
    real_replace = os.replace

    def spy(src: str, dst: str | Path) -> None:
        calls.append((str(src), str(dst)))
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", spy)
    target = tmp_path / "drafts" / "x.toml"
    target.parent.mkdir()
    write_file(target, kcc, make_assessment({}, assessment_id="x"))
    ((src, dst),) = calls
    assert Path(src).parent == target.parent
    assert Path(src).name.startswith(".x.toml.")
    assert src.endswith(".tmp")
    assert dst == str(target)
    assert not Path(src).exists()


# --- Reading TOML -----------------------------------------------------------------------------


def test_read_toml_errors(tmp_path: Path) -> None:
    with pytest.raises(BadInput) as caught:
        read_toml(tmp_path / "nope.toml")
    assert caught.value.problems[0].line() == f"{tmp_path / 'nope.toml'}: no such file"

    with pytest.raises(BadInput) as caught:
        read_toml(tmp_path)
    assert caught.value.problems[0].message == "is a folder, not a file"

    latin = tmp_path / "latin.toml"
    latin.write_bytes('title = "caf\xe9"\n'.encode("latin-1"))
    with pytest.raises(BadInput) as caught:
        read_toml(latin)
    assert caught.value.problems[0].message == "is not UTF-8 text"


def test_syntax_error_has_line_and_column() -> None:
    with pytest.raises(BadInput) as caught:
        parse_toml(b'a = 1\n\nb = "open\n', "f.toml")
    (problem,) = caught.value.problems
    assert problem.file == "f.toml"
    assert problem.key == "line 3, column 10"
    assert problem.message.startswith("TOML syntax error: ")
    assert problem.line().startswith("f.toml: line 3, column 10: TOML syntax error: ")


def test_duplicate_key_is_a_syntax_error() -> None:
    with pytest.raises(BadInput) as caught:
        parse_toml(b"a = 1\na = 2\n", "f.toml")
    assert caught.value.problems[0].message.startswith("TOML syntax error")


# --- Listing drafts ---------------------------------------------------------------------------


def test_summaries_newest_first_with_a_broken_draft(
    store: Store, kcc: Questionnaire, write_toml: WriteToml
) -> None:
    older = make_assessment(complete_answers(), assessment_id="older")
    newer = make_assessment({"details": {"title": "Newer one"}}, assessment_id="newer")
    newer.answers["screening"] = {"age": {"negative_impact": "high"}}
    store.save(kcc, older)
    store.save(kcc, newer)
    # Make the order certain without sleeping: rewrite the stamps directly.
    for assessment, stamp in ((older, 1), (newer, 2)):
        assessment.updated = datetime(2026, 1, stamp, tzinfo=UTC)
        write_file(store.path_for(assessment.id), kcc, assessment)

    broken = store.drafts / "broken.toml"
    broken.write_text('format = "eqia-assessment"\nthis is not toml\n', encoding="utf-8")
    bad_values = assessment_data({"details": {"owner": 3, "title": 4}}, assessment_id="bad")
    write_toml(store.drafts / "bad.toml", bad_values)
    (store.drafts / "Not A Slug.toml").write_text("x", encoding="utf-8")
    (store.drafts / "notes.txt").write_text("x", encoding="utf-8")
    before = {p.name: snapshot(p) for p in store.drafts.iterdir()}

    summaries = store.summaries()
    assert [s.id for s in summaries] == ["newer", "older", "broken", "bad", "Not A Slug"]
    newest, oldest, broken_summary, bad_summary, bad_name = summaries

    assert newest.title == "Newer one"
    assert newest.questionnaire == "kcc-eqia"
    assert newest.updated == datetime(2026, 1, 2, tzinfo=UTC)
    assert newest.suggested_rating == "high"
    assert 0 <= newest.progress < 100
    assert not newest.broken

    assert oldest.title == "Library opening hours"
    assert oldest.progress == 100
    assert oldest.suggested_rating == "low"

    assert broken_summary.broken
    assert broken_summary.path == broken
    assert broken_summary.error.startswith("line 2, column 6: TOML syntax error")
    assert broken_summary.suggested_rating is None

    assert bad_summary.broken
    assert bad_summary.error.startswith("details.")
    assert bad_summary.error.endswith("(and 1 more)")

    assert bad_name.broken
    assert bad_name.path == store.drafts / "Not A Slug.toml"
    assert bad_name.error.startswith(
        "the file name is not a valid id: rename it to not-a-slug.toml"
    )

    # Listing reads; it never writes.
    assert {p.name: snapshot(p) for p in store.drafts.iterdir()} == before


def test_summaries_of_an_empty_store(store: Store) -> None:
    assert store.summaries() == []
    assert store.ids() == []
    assert not store.drafts.exists()


def test_summary_updated_is_timezone_aware(store: Store, kcc: Questionnaire) -> None:
    assessment = make_assessment({}, assessment_id="tz")
    store.save(kcc, assessment)
    (summary,) = store.summaries()
    assert summary.updated is not None
    assert summary.updated.utcoffset() == timedelta(0)


# --- Links, folders and the names of draft files -----------------------------------------------


def test_atomic_write_goes_through_a_link_and_keeps_it(tmp_path: Path) -> None:
    real = tmp_path / "real.md"
    real.write_text("old", encoding="utf-8")
    real.chmod(0o600)
    link = tmp_path / "link.md"
    link.symlink_to(real.name)
    atomic_write(link, "new")
    assert link.is_symlink()
    assert real.read_text(encoding="utf-8") == "new"
    assert real.stat().st_mode & 0o777 == 0o600
    assert folder_listing(tmp_path) == ["link.md", "real.md"]


def test_atomic_write_never_makes_folders(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        atomic_write(tmp_path / "missing" / "x.md", "text")
    assert folder_listing(tmp_path) == []


def test_the_store_makes_its_own_folders(tmp_path: Path, kcc: Questionnaire) -> None:
    store = Store(tmp_path / "a" / "b", Registry())
    path = store.save(kcc, make_assessment({}, assessment_id="x"))
    assert path == tmp_path / "a" / "b" / "drafts" / "x.toml"


def test_a_draft_is_known_by_its_file_name(
    store: Store, kcc: Questionnaire, write_toml: WriteToml
) -> None:
    store.save(kcc, make_assessment({}, assessment_id="first"))
    write_toml(store.drafts / "second.toml", assessment_data({}, "first"))
    with pytest.raises(BadInput) as caught:
        store.load("second")
    (problem,) = caught.value.problems
    assert problem.key == "id"
    assert problem.message.startswith('the file is named second.toml but its id is "first"')
    summaries = {s.id: s.broken for s in store.summaries()}
    assert summaries == {"first": False, "second": True}


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes")
def test_read_toml_refuses_what_is_not_a_regular_file(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.toml"
    os.mkfifo(fifo)
    with pytest.raises(BadInput) as caught:
        read_toml(fifo)
    assert caught.value.problems[0].message == "is a named pipe, not a file"
    with pytest.raises(BadInput) as caught:
        read_toml(Path(os.devnull))
    assert caught.value.problems[0].message == "is a device, not a file"


def test_read_toml_accepts_a_byte_order_mark() -> None:
    assert parse_toml(b'\xef\xbb\xbftitle = "x"\n', "bom.toml") == {"title": "x"}


def test_read_toml_refuses_deep_nesting_with_the_key_path() -> None:
    text = "a = { b = " + "[" * 120 + "]" * 120 + " }\n"
    with pytest.raises(BadInput) as caught:
        parse_toml(text.encode(), "deep.toml")
    (problem,) = caught.value.problems
    assert problem.key == "a.b"
    assert problem.message == (
        "lists or tables are nested too deeply: at most 100 levels are allowed"
    )


def test_a_missing_folder_is_named_when_a_write_fails(tmp_path: Path) -> None:
    """Not the system's "no such file or directory": the folder that is not there."""
    target = tmp_path / "gone" / "deeper" / "policy.md"
    with pytest.raises(OSError) as caught:
        atomic_write(target, b"x")
    assert write_reason(caught.value, target) == f"there is no folder {tmp_path / 'gone'}"
    assert not (tmp_path / "gone").exists()
