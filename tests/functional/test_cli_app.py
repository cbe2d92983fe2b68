"""`eqia new` and `eqia open` check their input before the app starts: exit 2, files untouched."""

from __future__ import annotations

from pathlib import Path

import pytest

from eqia_tui.cli import main

from .helpers import EXAMPLE, home_with_example


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
