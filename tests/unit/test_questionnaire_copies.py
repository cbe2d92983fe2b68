"""A draft started from a questionnaire file keeps working after the file has gone.

`eqia new --questionnaire FILE` keeps a copy of the questionnaire beside the drafts, in
`$EQIA_HOME/questionnaires/`, so that every later command finds it by id and version.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from eqia_tui.core.storage.registry import Registry
from eqia_tui.core.storage.store import Store, load_file
from eqia_tui.tui.app import EqiaApp

from .helpers import KCC_PATH, Run

REPO = Path(__file__).resolve().parents[2]
MINI = REPO / "tests" / "fixtures" / "checks" / "mini-questionnaire.toml"


@pytest.fixture(autouse=True)
def app_not_started(monkeypatch: pytest.MonkeyPatch) -> list[EqiaApp]:
    """`eqia new` and `eqia open` do all their work, then would start the app: not here."""
    started: list[EqiaApp] = []
    monkeypatch.setattr(EqiaApp, "run", lambda self, *args, **kwargs: started.append(self))
    return started


def questionnaire_file(folder: Path, text: str | None = None) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "q.toml"
    path.write_text(MINI.read_text(encoding="utf-8") if text is None else text, encoding="utf-8")
    return path


def one_line(err: str) -> str:
    lines = err.splitlines()
    assert len(lines) == 1, err
    return lines[0]


def kept(home: Path) -> list[str]:
    folder = home / "questionnaires"
    return sorted(p.name for p in folder.iterdir()) if folder.is_dir() else []


def test_a_draft_from_a_file_works_after_the_file_is_deleted(
    run: Run, tmp_path: Path, eqia_dirs: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = questionnaire_file(tmp_path / "x")
    monkeypatch.chdir(source.parent)
    code, _, err = run("new", "--questionnaire", "q.toml", "--title", "T")
    assert (code, err) == (0, "")
    draft = eqia_dirs.home / "drafts" / "t.toml"
    assert draft.is_file()
    assert kept(eqia_dirs.home) == ["mini-review-1.0.toml"]
    assert (eqia_dirs.home / "questionnaires" / "mini-review-1.0.toml").read_bytes() == (
        MINI.read_bytes()
    )

    source.unlink()
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)

    code, out, err = run("list", "--json")
    assert code == 0, err
    (row,) = json.loads(out)
    assert row["id"] == "t" and row["questionnaire"] == "mini-review"
    assert "error" not in row
    code, out, err = run("rate", "t")
    assert code == 0, err
    assert "not installed" not in out + err
    code, _, err = run("validate", draft)
    assert code == 0, err
    code, _, err = run("export", "t", "--format", "md")
    assert code == 0, err
    code, _, err = run("open", "t")  # checks the file, then would start the app
    assert code == 0, err
    loaded = Store(eqia_dirs.home, Registry()).load("t")
    assert loaded.questionnaire.id == "mini-review"
    assert loaded.questionnaire.version == "1.0"


def test_a_draft_from_a_moved_file_works_with_a_home_given(
    run: Run, tmp_path: Path, eqia_dirs: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = questionnaire_file(tmp_path / "x")
    team = tmp_path / "team"
    code, _, err = run("--home", team, "new", "--questionnaire", source, "--title", "T")
    assert (code, err) == (0, "")
    # The copy travels with the drafts: a shared folder carries its questionnaires.
    assert kept(team) == ["mini-review-1.0.toml"]
    assert kept(eqia_dirs.home) == []
    assert not (eqia_dirs.config / "questionnaires").exists()

    source.rename(tmp_path / "moved.toml")
    # Another officer, with settings of their own, opens the shared folder.
    monkeypatch.setenv("EQIA_CONFIG_DIR", str(tmp_path / "other-config"))
    monkeypatch.chdir(tmp_path)
    code, out, err = run("--home", team, "list", "--json")
    assert code == 0, err
    assert "error" not in json.loads(out)[0]
    code, _, err = run("--home", team, "rate", "t")
    assert code == 0, err


def test_the_same_file_again_keeps_one_copy(run: Run, tmp_path: Path, eqia_dirs: Any) -> None:
    source = questionnaire_file(tmp_path / "x")
    assert run("new", "--questionnaire", source, "--title", "One")[0] == 0
    copy = eqia_dirs.home / "questionnaires" / "mini-review-1.0.toml"
    before = copy.stat().st_mtime_ns
    assert run("new", "--questionnaire", source, "--title", "Two")[0] == 0
    assert kept(eqia_dirs.home) == ["mini-review-1.0.toml"]
    assert copy.stat().st_mtime_ns == before
    # Giving the kept copy itself is fine too.
    assert run("new", "--questionnaire", copy, "--title", "Three")[0] == 0
    assert kept(eqia_dirs.home) == ["mini-review-1.0.toml"]
    # A copy of a built-in questionnaire is installed already: nothing more is kept.
    builtin = tmp_path / "y" / "kcc.toml"
    builtin.parent.mkdir()
    shutil.copy(KCC_PATH, builtin)
    assert run("new", "--questionnaire", builtin, "--title", "Four")[0] == 0
    builtin.unlink()
    assert kept(eqia_dirs.home) == ["mini-review-1.0.toml"]
    for draft in ("one", "two", "three", "four"):
        assert run("rate", draft)[0] == 0, draft


def test_a_different_questionnaire_with_the_same_id_and_version_is_refused(
    run: Run, tmp_path: Path, eqia_dirs: Any
) -> None:
    installed = questionnaire_file(eqia_dirs.config / "questionnaires")
    changed = MINI.read_text(encoding="utf-8").replace(
        'title = "Service review"', 'title = "Our service review"'
    )
    source = questionnaire_file(tmp_path / "x", changed)
    code, out, err = run("new", "--questionnaire", source, "--title", "T")
    assert code == 2
    assert out == ""
    assert one_line(err) == (
        f'{source}: version: a different questionnaire with the id "mini-review" and version '
        f'"1.0" is already installed at {installed}; give yours a new version'
    )
    assert not (eqia_dirs.home / "drafts").exists()
    assert kept(eqia_dirs.home) == []
    # The same refusal for a file that differs from a copy kept earlier.
    installed.unlink()
    assert run("new", "--questionnaire", questionnaire_file(tmp_path / "y"), "--title", "A")[0] == 0
    code, _, err = run("new", "--questionnaire", source, "--title", "B")
    assert code == 2
    assert "is already installed at " + str(eqia_dirs.home / "questionnaires") in err
    assert kept(eqia_dirs.home) == ["mini-review-1.0.toml"]


def test_a_new_version_of_an_installed_questionnaire_is_kept_and_used(
    run: Run, tmp_path: Path, eqia_dirs: Any
) -> None:
    questionnaire_file(eqia_dirs.config / "questionnaires")  # version 1.0, installed
    newer = MINI.read_text(encoding="utf-8").replace('version = "1.0"', 'version = "1.1"')
    source = questionnaire_file(tmp_path / "x", newer)
    assert run("new", "--questionnaire", source, "--title", "T")[0] == 0
    assert kept(eqia_dirs.home) == ["mini-review-1.1.toml"]
    source.unlink()
    code, _, err = run("validate", "t")
    assert code == 0, err
    loaded = load_file(eqia_dirs.home / "drafts" / "t.toml", Registry())
    assert loaded.questionnaire.version == "1.1"
    assert loaded.notes == []


def test_a_version_that_is_not_a_safe_file_name_is_kept_safely(
    run: Run, tmp_path: Path, eqia_dirs: Any
) -> None:
    odd = MINI.read_text(encoding="utf-8").replace('version = "1.0"', 'version = "../2 beta/x"')
    source = questionnaire_file(tmp_path / "x", odd)
    assert run("new", "--questionnaire", source, "--title", "T")[0] == 0
    (name,) = kept(eqia_dirs.home)
    assert "/" not in name and " " not in name and name.startswith("mini-review-")
    source.unlink()
    assert run("rate", "t")[0] == 0


def test_a_questionnaire_that_cannot_be_found_says_what_to_do(
    run: Run, tmp_path: Path, eqia_dirs: Any
) -> None:
    source = questionnaire_file(tmp_path / "x")
    assert run("new", "--questionnaire", source, "--title", "T")[0] == 0
    (eqia_dirs.home / "questionnaires" / "mini-review-1.0.toml").unlink()
    draft = eqia_dirs.home / "drafts" / "t.toml"
    folder = eqia_dirs.config / "questionnaires"
    reason = f'"mini-review" version "1.0" is not installed: put the questionnaire file in {folder}'
    for command in ("rate", "validate", "check", "open"):
        code, out, err = run(command, "t")
        assert code == 2, command
        assert one_line(err) == f"{draft}: questionnaire: {reason}"
    code, out, _ = run("list")
    assert code == 0
    assert out == f"{'t':<32} broken: questionnaire: {reason}\n"
    code, out, _ = run("list", "--json")
    assert json.loads(out)[0]["error"] == f"questionnaire: {reason}"


@pytest.mark.parametrize(
    ("old", "new", "where"),
    [
        ('title = "Service review"', 'title = ""', "title: "),
        ('version = "1.0"', "version = 1.0", "version: "),
        ('area = "Kent"', 'area = "Kent', "line "),
    ],
)
def test_a_kept_copy_edited_by_hand_is_named_with_its_problem(
    run: Run, tmp_path: Path, eqia_dirs: Any, old: str, new: str, where: str
) -> None:
    source = questionnaire_file(tmp_path / "x")
    assert run("new", "--questionnaire", source, "--title", "T")[0] == 0
    copy = eqia_dirs.home / "questionnaires" / "mini-review-1.0.toml"
    text = copy.read_text(encoding="utf-8")
    assert old in text
    copy.write_text(text.replace(old, new, 1), encoding="utf-8")
    code, out, err = run("rate", "t")
    assert code == 2
    assert one_line(err).startswith(f"{copy}: {where}")
    assert "Traceback" not in err
    code, out, _ = run("list")
    assert code == 0
    assert out.startswith(f"{'t':<32} broken: {copy}: {where}")


def test_a_copy_that_cannot_be_written_is_one_line_and_no_draft(
    run: Run, tmp_path: Path, eqia_dirs: Any
) -> None:
    source = questionnaire_file(tmp_path / "x")
    eqia_dirs.home.mkdir(exist_ok=True)
    (eqia_dirs.home / "questionnaires").write_text("not a folder", encoding="utf-8")
    code, _, err = run("new", "--questionnaire", source, "--title", "T")
    assert code == 2
    assert one_line(err) == (
        f"{eqia_dirs.home / 'questionnaires'}: a copy of the questionnaire cannot be kept here: "
        "it is a file, not a folder"
    )
    assert not (eqia_dirs.home / "drafts").exists()
