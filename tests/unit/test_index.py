"""The summary index (core.storage.index): a cache of each file's summary, in SQLite.

Most tests plant a made-up title in a row of the index. Seeing the made-up title proves the
row was used; seeing the file's own title proves the file was read again.

Decided here: `index.cached` compares `stat` only (size, both times and the inode), and
`listing.summaries` reads and hashes a file whose times moved. A rewrite that keeps the size
and the modification time is still seen by both: the change time and the inode move, and a
file saved moments before it was indexed is checked by its bytes next time.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
import textwrap
from importlib import resources
from pathlib import Path

import pytest

from conftest import EqiaDirs
from eqia_tui.core.storage import index, listing
from eqia_tui.core.storage.registry import Registry
from eqia_tui.core.storage.store import Store
from eqia_tui.core.storage.summary import Summary

from .helpers import EXAMPLE, Run

OLD = 1_600_000_000_000_000_000
"""A modification time well in the past (September 2020), in nanoseconds."""


def draft(folder: Path, draft_id: str, title: str = "Customer Service Policy") -> Path:
    """A copy of the example with another id and title. Titles of the same length give files
    of the same size."""
    text = EXAMPLE.read_text(encoding="utf-8")
    text = text.replace('id = "customer-service-policy"', f'id = "{draft_id}"', 1)
    text = text.replace('title = "Customer Service Policy"', f'title = "{title}"', 1)
    path = folder / f"{draft_id}.toml"
    folder.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def aged(path: Path, when: int = OLD) -> Path:
    """Set the file's times back, so the index trusts its `stat` without reading it."""
    os.utime(path, ns=(when, when))
    return path


@pytest.fixture
def drafts(eqia_dirs: EqiaDirs) -> Path:
    return eqia_dirs.home / "drafts"


@pytest.fixture
def registry(eqia_dirs: EqiaDirs) -> Registry:
    return Registry(eqia_dirs.home)


def summaries(
    files: list[Path], registry: Registry, *, named: bool = True, parallel: bool = False
) -> list[Summary]:
    """The summaries, read as a new run of eqia would: with a registry of its own."""
    fresh = Registry(registry.kept_folder.parent)
    return listing.summaries(files, fresh, named=named, parallel=parallel)


def titles(found: list[Summary]) -> list[str]:
    return [s.title for s in found]


def database() -> sqlite3.Connection:
    return sqlite3.connect(index.index_file())


def plant(path: Path, title: str) -> None:
    """Change the title kept in the index for `path`, as if the file had said so."""
    key = os.path.realpath(path)
    with database() as db:
        rows = db.execute("SELECT summary FROM files WHERE path = ?", (key,)).fetchall()
        assert rows, f"no row for {key}"
        for (text,) in rows:
            data = json.loads(text)
            data["title"] = title
            db.execute(
                "UPDATE files SET summary = ? WHERE path = ? AND summary = ?",
                (json.dumps(data), key, text),
            )
    db.close()


def keys() -> set[str]:
    db = database()
    try:
        return {key for (key,) in db.execute("SELECT path FROM files")}
    finally:
        db.close()


def test_a_fresh_row_is_used_without_reading_the_file(drafts: Path, registry: Registry) -> None:
    path = aged(draft(drafts, "one"))
    assert titles(summaries([path], registry)) == ["Customer Service Policy"]
    plant(path, "From the index")
    assert titles(summaries([path], registry)) == ["From the index"]
    fresh, stale = index.cached([path])
    assert (titles(fresh), stale) == (["From the index"], [])


def test_a_summary_from_the_index_is_the_one_read_from_the_file(
    drafts: Path, registry: Registry
) -> None:
    files = [aged(draft(drafts, "one")), aged(draft(drafts, "two", "Another"))]
    read = summaries(files, registry)
    assert index.cached(files) == (read, [])
    assert summaries(files, registry) == read
    assert read[0].negative_impacts and read[0].dated and read[0].review_at


def test_a_changed_file_of_the_same_size_is_read_again(drafts: Path, registry: Registry) -> None:
    path = aged(draft(drafts, "one", "Title A"))
    summaries([path], registry)
    plant(path, "From the index")
    size = path.stat().st_size
    aged(draft(drafts, "one", "Title B"), OLD + 10**9)
    assert path.stat().st_size == size
    assert index.cached([path]) == ([], [path])
    assert titles(summaries([path], registry)) == ["Title B"]
    assert titles(index.cached([path])[0]) == ["Title B"]


def test_a_rewrite_keeping_size_and_modification_time_is_still_seen(
    drafts: Path, registry: Registry
) -> None:
    path = aged(draft(drafts, "one", "Title A"))
    summaries([path], registry)
    aged(draft(drafts, "one", "Title B"))  # the same size, the same time: only ctime moves
    assert index.cached([path]) == ([], [path])
    assert titles(summaries([path], registry)) == ["Title B"]


def test_a_second_save_in_the_same_instant_is_seen(
    drafts: Path, registry: Registry, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On a file system whose times move in steps (and with no change time, as on Windows),
    a second save moments after the first may leave every time as it was."""
    real = index._stat

    def no_change_time(path: Path) -> tuple[int, int, int, int] | None:
        found = real(path)
        return None if found is None else (found[0], found[1], 0, found[3])

    monkeypatch.setattr(index, "_stat", no_change_time)
    path = draft(drafts, "one", "Title A")
    stat = path.stat()
    summaries([path], registry)
    with path.open("r+b") as handle:  # in place: the same inode
        text = handle.read().replace(b"Title A", b"Title B")
        handle.seek(0)
        handle.write(text)
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert titles(summaries([path], registry)) == ["Title B"]


def test_touching_a_file_keeps_its_row_once_its_bytes_are_checked(
    drafts: Path, registry: Registry
) -> None:
    path = aged(draft(drafts, "one"))
    summaries([path], registry)
    plant(path, "From the index")
    aged(path, OLD + 10**9)
    assert index.cached([path]) == ([], [path])  # stat only
    assert titles(summaries([path], registry)) == ["From the index"]  # same bytes
    assert titles(index.cached([path])[0]) == ["From the index"]  # recorded as checked


def test_a_deleted_file_leaves_the_index(
    eqia_dirs: EqiaDirs, drafts: Path, registry: Registry
) -> None:
    one, two = draft(drafts, "one"), draft(drafts, "two")
    store = Store(eqia_dirs.home, registry)
    assert sorted(s.id for s in store.summaries()) == ["one", "two"]
    assert keys() == {os.path.realpath(one), os.path.realpath(two)}
    two.unlink()
    assert [s.id for s in store.summaries()] == ["one"]
    assert keys() == {os.path.realpath(one)}


def test_listing_one_file_keeps_the_rows_of_the_others(
    eqia_dirs: EqiaDirs, drafts: Path, registry: Registry
) -> None:
    one, two = draft(drafts, "one"), draft(drafts, "two")
    store = Store(eqia_dirs.home, registry)
    store.summaries()
    assert store.summary("one").id == "one"
    assert keys() == {os.path.realpath(one), os.path.realpath(two)}


def test_another_folder_keeps_its_rows(
    eqia_dirs: EqiaDirs, drafts: Path, registry: Registry, tmp_path: Path
) -> None:
    elsewhere = draft(tmp_path / "elsewhere", "far")
    summaries([elsewhere], registry, named=False)
    one = draft(drafts, "one")
    Store(eqia_dirs.home, registry).summaries()
    assert keys() == {os.path.realpath(one), os.path.realpath(elsewhere)}


def test_an_added_file_is_listed(eqia_dirs: EqiaDirs, drafts: Path, registry: Registry) -> None:
    draft(drafts, "one")
    store = Store(eqia_dirs.home, registry)
    assert [s.id for s in store.summaries()] == ["one"]
    draft(drafts, "two", "Another Service Policy")
    assert sorted(s.title for s in store.summaries()) == [
        "Another Service Policy",
        "Customer Service Policy",
    ]


def test_a_renamed_file_is_read_again_under_its_new_name(
    eqia_dirs: EqiaDirs, drafts: Path, registry: Registry
) -> None:
    old = aged(draft(drafts, "one"))
    store = Store(eqia_dirs.home, registry)
    assert not store.summaries()[0].broken
    new = drafts / "renamed.toml"
    old.rename(new)  # the same inode and times, but the id inside is no longer its name
    (found,) = store.summaries()
    assert found.id == "renamed"
    assert found.path == new
    assert "its id is" in found.error
    assert keys() == {os.path.realpath(new)}


def test_a_file_listed_as_a_draft_and_in_a_register_keeps_both_rows(
    drafts: Path, registry: Registry
) -> None:
    odd = aged(draft(drafts, "one"))
    named_name = odd.with_name("Not An Id.toml")
    odd.rename(named_name)
    (as_draft,) = summaries([named_name], registry)
    (in_register,) = summaries([named_name], registry, named=False)
    assert as_draft.broken
    assert not in_register.broken
    assert index.cached([named_name])[0][0].broken
    assert not index.cached([named_name], named=False)[0][0].broken


def test_a_damaged_index_is_made_again(drafts: Path, registry: Registry) -> None:
    path = aged(draft(drafts, "one"))
    summaries([path], registry)
    index.index_file().write_bytes(b"this is not a database" * 100)
    assert index.cached([path]) == ([], [path])
    assert titles(summaries([path], registry)) == ["Customer Service Policy"]
    assert keys() == {os.path.realpath(path)}
    assert titles(index.cached([path])[0]) == ["Customer Service Policy"]


def test_an_index_with_other_tables_is_made_again(drafts: Path, registry: Registry) -> None:
    path = draft(drafts, "one")
    summaries([path], registry)
    with database() as db:
        db.execute("DROP TABLE files")
        db.execute("CREATE TABLE files (path TEXT)")
    db.close()
    assert titles(summaries([path], registry)) == ["Customer Service Policy"]
    assert titles(summaries([path], registry)) == ["Customer Service Policy"]
    assert keys() == {os.path.realpath(path)}


def test_a_row_that_cannot_be_read_is_read_again(drafts: Path, registry: Registry) -> None:
    path = aged(draft(drafts, "one"))
    summaries([path], registry)
    with database() as db:
        db.execute("UPDATE files SET summary = '{not json'")
    db.close()
    assert index.cached([path]) == ([], [path])
    assert titles(summaries([path], registry)) == ["Customer Service Policy"]
    assert titles(index.cached([path])[0]) == ["Customer Service Policy"]


@pytest.mark.parametrize("key", ["index_form", "summary_form", "eqia_version"])
def test_an_index_from_another_form_is_not_trusted(
    drafts: Path, registry: Registry, key: str
) -> None:
    path = aged(draft(drafts, "one"))
    summaries([path], registry)
    plant(path, "From the index")
    with database() as db:
        db.execute("UPDATE meta SET value = 'older' WHERE key = ?", (key,))
    db.close()
    assert index.cached([path]) == ([], [path])
    assert titles(summaries([path], registry)) == ["Customer Service Policy"]
    db = database()
    assert dict(db.execute("SELECT key, value FROM meta"))[key] != "older"
    db.close()


def test_installing_a_questionnaire_makes_every_summary_stale(
    eqia_dirs: EqiaDirs, drafts: Path, registry: Registry
) -> None:
    path = aged(draft(drafts, "one"))
    summaries([path], registry)
    plant(path, "From the index")
    assert titles(summaries([path], registry)) == ["From the index"]
    mine = eqia_dirs.config / "questionnaires"
    mine.mkdir(parents=True)
    builtin = Path(str(resources.files("eqia_tui.questionnaires")))
    shutil.copy(builtin / "kcc-eqia-1.2.toml", mine / "kcc-eqia-1.2.toml")
    assert index.cached([path]) == ([], [path])
    assert titles(summaries([path], registry)) == ["Customer Service Policy"]


def test_changing_a_kept_questionnaire_makes_every_summary_stale(
    drafts: Path, registry: Registry
) -> None:
    path = aged(draft(drafts, "one"))
    kept = registry.kept_folder / "other-1.0.toml"
    kept.parent.mkdir(parents=True)
    kept.write_text("# a questionnaire another draft needs\n", encoding="utf-8")
    summaries([path], registry)
    plant(path, "From the index")
    assert titles(summaries([path], registry)) == ["From the index"]
    kept.write_text("# changed\n", encoding="utf-8")
    assert titles(summaries([path], registry)) == ["Customer Service Policy"]


def test_a_broken_draft_is_kept_with_its_reason(drafts: Path, registry: Registry) -> None:
    path = aged(draft(drafts, "one"))
    path.write_text(path.read_text(encoding="utf-8") + "\n[broken\n", encoding="utf-8")
    aged(path)
    (found,) = summaries([path], registry)
    assert found.broken
    (kept,), stale = index.cached([path])
    assert stale == []
    assert kept.error == found.error


def test_nothing_is_written_beside_the_drafts(
    eqia_dirs: EqiaDirs, drafts: Path, registry: Registry
) -> None:
    draft(drafts, "one")
    Store(eqia_dirs.home, registry).summaries()
    assert sorted(p.name for p in drafts.iterdir()) == ["one.toml"]
    assert index.index_file().parent == eqia_dirs.cache
    assert index.index_file().is_file()


def test_an_unwritable_cache_folder_falls_back_to_reading_the_files(
    eqia_dirs: EqiaDirs,
    drafts: Path,
    registry: Registry,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    if os.geteuid() == 0:  # root can write anywhere: a folder under a file cannot be made
        blocker = tmp_path / "a-file"
        blocker.write_text("", encoding="utf-8")
        monkeypatch.setenv("EQIA_CACHE_DIR", str(blocker / "cache"))
    else:
        eqia_dirs.cache.chmod(0o500)
    try:
        one = draft(drafts, "one")
        store = Store(eqia_dirs.home, registry)
        assert [s.title for s in store.summaries()] == ["Customer Service Policy"]
        assert [s.title for s in store.summaries()] == ["Customer Service Policy"]
        assert index.cached([one]) == ([], [one])
        assert not index.index_file().exists()
    finally:
        eqia_dirs.cache.chmod(0o700)


def test_the_list_command_prints_the_same_from_the_index(
    eqia_dirs: EqiaDirs, drafts: Path, run: Run
) -> None:
    draft(drafts, "one")
    draft(drafts, "two", "Another Service Policy")
    (drafts / "Bad Name.toml").write_text("", encoding="utf-8")
    cold = run("list", "--json")
    assert index.index_file().is_file()
    assert run("list", "--json") == cold
    assert run("list") == run("list")
    assert run("due", "--today", "2030-01-01")[1] == run("due", "--today", "2030-01-01")[1]


def test_files_read_in_several_processes_give_the_same_summaries(
    drafts: Path, registry: Registry, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(listing, "PARALLEL_FROM", 2)
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    files = [draft(drafts, f"d{i}", f"Title {i:02}") for i in range(9)]
    files.append(drafts / "Bad Name.toml")
    files[-1].write_text("", encoding="utf-8")
    together = summaries(files, registry, parallel=True)
    index.index_file().unlink()
    one_by_one = summaries(files, registry)
    assert together == one_by_one
    assert titles(together)[:3] == ["Title 00", "Title 01", "Title 02"]
    assert together[-1].broken


def test_two_processes_updating_at_once_both_finish(eqia_dirs: EqiaDirs, drafts: Path) -> None:
    files = [aged(draft(drafts, f"d{i:03}")) for i in range(60)]
    script = textwrap.dedent(
        """
        import sys
        from pathlib import Path
        from eqia_tui.core.storage.listing import summaries
        from eqia_tui.core.storage.registry import Registry
        files = sorted(Path(sys.argv[1]).glob("*.toml"))
        if sys.argv[2] == "reversed":
            files.reverse()
        found = summaries(files, Registry(), folders=[Path(sys.argv[1])])
        assert len(found) == len(files) and not any(s.broken for s in found)
        print("done")
        """
    )
    both = [
        subprocess.Popen(
            [sys.executable, "-c", script, str(drafts), order],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for order in ("sorted", "reversed")
    ]
    for process in both:
        out, err = process.communicate(timeout=300)
        assert (process.returncode, out.strip(), err) == (0, "done", "")
    db = database()
    assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    db.close()
    assert keys() == {os.path.realpath(f) for f in files}
    fresh, stale = index.cached(files)
    assert stale == []
    assert len(fresh) == len(files)


def test_the_light_lookup_loads_no_models() -> None:
    code = "import eqia_tui.core.storage.index, sys; print('pydantic' in sys.modules)"
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "False"


def test_a_named_pipe_among_the_drafts_is_listed_as_broken_without_waiting(
    drafts: Path,
) -> None:
    draft(drafts, "one")
    os.mkfifo(drafts / "pipe.toml")
    script = textwrap.dedent(
        """
        import sys
        from pathlib import Path
        from eqia_tui.core.storage.store import Store
        from eqia_tui.core.storage.registry import Registry
        home = Path(sys.argv[1])
        for found in Store(home, Registry(home)).summaries():
            print(found.id, bool(found.error))
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", script, str(drafts.parent)],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,  # opening the pipe to read it would wait for ever
    )
    assert sorted(done.stdout.splitlines()) == ["one False", "pipe True"]
    assert keys() == {os.path.realpath(drafts / "one.toml")}
