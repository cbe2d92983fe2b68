"""`eqia new` and `eqia open` check their input before the app starts: exit 2, files untouched."""

from __future__ import annotations

from pathlib import Path

import pytest

from eqia_tui.cli import main
from eqia_tui.cli.commands import open_draft
from eqia_tui.tui.app import EqiaApp

from .helpers import EXAMPLE, home_with_example


@pytest.fixture(autouse=True)
def full_screen(monkeypatch: pytest.MonkeyPatch) -> None:
    """These tests are about the full-screen app: under pytest standard input is not a
    terminal, which would choose plain mode (tests/functional/test_plain_mode.py)."""
    monkeypatch.setenv("EQIA_PLAIN", "0")


def test_new_refuses_an_id_that_is_taken(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    home = home_with_example(tmp_path)
    draft = home / "drafts" / EXAMPLE.name
    before = draft.read_bytes()
    code = main(["--home", str(home), "new", "--title", "Customer Service Policy"])
    err = capsys.readouterr().err
    assert code == 2
    assert "already exists" in err and "eqia open customer-service-policy" in err
    assert "Traceback" not in err
    assert draft.read_bytes() == before


def test_new_refuses_an_id_that_is_not_a_slug(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["--home", str(tmp_path), "new", "--title", "X", "--id", "../escape"])
    assert code == 2
    assert "not a valid id" in capsys.readouterr().err
    assert not (tmp_path / "drafts").exists()


def test_new_refuses_an_unknown_questionnaire(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["--home", str(tmp_path), "new", "--title", "X", "--questionnaire", "nope"])
    assert code == 2
    assert "is not installed" in capsys.readouterr().err


def test_open_refuses_a_missing_draft(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["--home", str(tmp_path), "open", "no-such-draft"])
    assert code == 2
    assert 'no draft with the id "no-such-draft"' in capsys.readouterr().err


def test_open_refuses_a_broken_file_before_the_app_starts(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text(
        EXAMPLE.read_text().replace('negative_impact = "medium"', 'negative_impact = "mediun"', 1)
    )
    before = bad.read_bytes()
    code = main(["--home", str(tmp_path), "open", str(bad)])
    err = capsys.readouterr().err
    assert code == 2
    assert "screening.age.negative_impact" in err and '"mediun"' in err
    assert bad.read_bytes() == before


def test_new_on_a_disk_that_refuses_writes_is_one_line_and_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import errno
    import os

    import eqia_tui.core.storage.store

    def refuse(path: Path, content: str | bytes) -> None:
        raise OSError(errno.EROFS, os.strerror(errno.EROFS), str(path))

    monkeypatch.setattr(eqia_tui.core.storage.store, "atomic_write", refuse)
    code = main(["--home", str(tmp_path), "new", "--title", "Parking permits"])
    err = capsys.readouterr().err
    assert code == 2
    assert err.splitlines() == [
        f"{tmp_path / 'drafts' / 'parking-permits.toml'}: cannot be written: "
        "read-only file system; nothing was created"
    ]


@pytest.fixture()
def started(monkeypatch: pytest.MonkeyPatch) -> list[EqiaApp]:
    """The apps that `eqia open` would have started: none when it refuses its input."""
    apps: list[EqiaApp] = []
    monkeypatch.setattr(EqiaApp, "run", lambda self, *args, **kwargs: apps.append(self))
    return apps


@pytest.mark.parametrize("target", ["Not An Id", "a-folder", "no-such-draft"])
def test_open_reads_id_or_path_as_every_other_command_does(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    started: list[EqiaApp],
    target: str,
) -> None:
    home = home_with_example(tmp_path)
    (tmp_path / "a-folder").mkdir()
    monkeypatch.chdir(tmp_path)
    assert main(["--home", str(home), "open", target]) == 2
    opened = capsys.readouterr().err
    assert main(["--home", str(home), "rate", target]) == 2
    assert opened == capsys.readouterr().err
    assert len(opened.splitlines()) == 1
    assert started == []


def test_open_refuses_a_draft_whose_id_is_not_its_file_name(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], started: list[EqiaApp]
) -> None:
    """As the drafts list and every other command do: the draft would be saved under a
    name that does not match it."""
    home = home_with_example(tmp_path)
    draft = home / "drafts" / EXAMPLE.name
    draft.rename(draft.with_name("other-name.toml"))
    assert main(["--home", str(home), "open", "other-name"]) == 2
    err = capsys.readouterr().err
    assert 'the file is named other-name.toml but its id is "customer-service-policy"' in err
    assert started == []


def test_open_starts_the_app_on_a_draft_or_a_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[Path | None] = []

    def run(home: Path, *, open_path: Path | None = None, **kwargs: object) -> int:
        opened.append(open_path)
        return 0

    monkeypatch.setattr(open_draft, "run", run)
    home = home_with_example(tmp_path)
    monkeypatch.chdir(home / "drafts")
    for target in ("customer-service-policy", EXAMPLE.name, str(EXAMPLE)):
        assert main(["--home", str(home), "open", target]) == 0
    assert opened == [home / "drafts" / EXAMPLE.name, Path(EXAMPLE.name), EXAMPLE]
