"""Bad input never crashes the `eqia` command and never loses data.

Each problem is one plain line, with exit code 2 and no traceback; output that cannot be
written is reported the same way; the input file is never changed.
"""

from __future__ import annotations

import copy
import errno
import io
import os
import subprocess
import sys
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from eqia_tui.cli import main
from eqia_tui.cli.commands import open_draft
from eqia_tui.cli.output import CLOSED_PIPE

from .helpers import EXAMPLE, KCC_DATA, KCC_PATH, Run, assessment_data, complete_answers

WriteToml = Callable[[Path, dict[str, Any]], Path]
ID = "customer-service-policy"


@pytest.fixture(autouse=True)
def full_screen(monkeypatch: pytest.MonkeyPatch) -> None:
    """`new` and `open` here are the full-screen app's: standard input is not a terminal
    under pytest, which would choose plain mode (tests/functional/test_plain_mode.py)."""
    monkeypatch.setenv("EQIA_PLAIN", "0")


@pytest.fixture
def example(tmp_path: Path) -> Path:
    path = tmp_path / "example.toml"
    path.write_bytes(EXAMPLE.read_bytes())
    return path


def eqia(*args: str | Path, **kwargs: Any) -> subprocess.CompletedProcess[bytes]:
    """Run `eqia` as its own process, as a shell would."""
    command = [sys.executable, "-m", "eqia_tui", *(str(a) for a in args)]
    kwargs.setdefault("stdin", subprocess.DEVNULL)
    kwargs.setdefault("timeout", 60)
    return subprocess.run(command, check=False, **kwargs)


def snapshot(path: Path) -> tuple[bytes, int]:
    return path.read_bytes(), path.stat().st_mtime_ns


def one_line(err: str) -> str:
    assert "Traceback" not in err
    lines = err.splitlines()
    assert len(lines) == 1, lines
    return lines[0]


def no_python(text: str) -> None:
    """Plain English: no None, no 'single-quoted' values, no type names."""
    assert "None" not in text
    assert "'" not in text
    for word in ("float", " int ", " str ", "dict", "NoneType"):
        assert word not in text


# --- A1, B5, B6: writing OUT -----------------------------------------------------------------


def test_an_output_inside_a_file_is_refused(run: Run, example: Path, tmp_path: Path) -> None:
    out = example / "x.md"
    before = snapshot(example)
    code, stdout, err = run("export", example, "--format", "md", "-o", out)
    assert code == 2
    assert stdout == ""
    assert one_line(err) == f"{out}: {example} is a file, not a folder"
    assert snapshot(example) == before


def test_an_output_in_a_missing_folder_is_refused_not_made(
    run: Run, example: Path, tmp_path: Path
) -> None:
    out = tmp_path / "nosuchdir" / "sub" / "x.md"
    code, _, err = run("export", example, "--format", "md", "-o", out)
    assert code == 2
    assert one_line(err) == (
        f"{out}: the folder {out.parent} does not exist; make it first, or write elsewhere"
    )
    assert not (tmp_path / "nosuchdir").exists()


@pytest.mark.parametrize(
    ("error", "words"),
    [
        (OSError(errno.EROFS, "Read-only file system"), "read-only file system"),
        (PermissionError(errno.EACCES, "Permission denied"), "permission denied"),
        (OSError(errno.ENOSPC, "No space left on device"), "no space left on device"),
    ],
)
@pytest.mark.parametrize("command", [["export", "EXAMPLE", "--format", "md"], ["schema"]])
def test_an_output_that_cannot_be_written_is_one_line(
    run: Run,
    example: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    error: OSError,
    words: str,
    command: list[str],
) -> None:
    def refuse(*_args: Any, **_kwargs: Any) -> Any:
        raise error

    monkeypatch.setattr("tempfile.mkstemp", refuse)
    out = tmp_path / "out.md"
    args = [str(example) if a == "EXAMPLE" else a for a in command]
    code, stdout, err = run(*args, "-o", out)
    assert code == 2
    assert stdout == ""
    assert one_line(err) == f"{out}: cannot be written: {words}"
    assert not out.exists()


@pytest.mark.skipif(not Path("/proc/self").is_dir(), reason="needs /proc")
def test_an_output_in_proc_is_one_line(run: Run, example: Path) -> None:
    code, _, err = run("schema", "-o", "/proc/x.json")
    assert code == 2
    assert one_line(err).startswith("/proc/x.json: cannot be written: ")


def test_force_onto_a_link_writes_the_file_it_points_at(
    run: Run, example: Path, tmp_path: Path
) -> None:
    real = tmp_path / "real.md"
    real.write_text("old", encoding="utf-8")
    real.chmod(0o640)
    link = tmp_path / "link.md"
    link.symlink_to(real.name)
    code, _, err = run("export", example, "--format", "md", "-o", link, "--force")
    assert code == 0, err
    assert link.is_symlink()
    assert os.readlink(link) == real.name
    assert real.read_text(encoding="utf-8").startswith("# ")
    assert real.stat().st_mode & 0o777 == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["example.toml", "link.md", "real.md"]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes")
def test_an_output_that_is_not_a_regular_file_is_never_replaced(
    run: Run, example: Path, tmp_path: Path
) -> None:
    # A named pipe stands for a device such as /dev/null, which must never be replaced.
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    code, _, err = run("export", example, "-o", fifo, "--force")
    assert code == 2
    assert (
        one_line(err) == f"{fifo}: is not a regular file; leave out -o to write to standard output"
    )
    assert not fifo.is_file()


# --- A2: rule reasons ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("reason", "message"),
    [
        ("{matched!x}", "{matched!x} has more than a name inside the braces; write {matched}"),
        ("{matched:d}", "{matched:d} has more than a name inside the braces; write {matched}"),
        ("{count!r:>3}", "{count!r:>3} has more than a name inside the braces; write {count}"),
        ("{count:{matched}}", "{count:{matched}} has more than a name inside the braces"),
        ("{matched[0]}", "{matched[0]} is not known; use {matched}, {characteristics} or {count}"),
        ("{matched.x}", "{matched.x} is not known"),
        ("{0}", "{0} is not known"),
        ("{}", "{} is empty"),
        ("Open {matched", "has a { or } that does not close"),
        ("Close } here", "has a { or } that does not close"),
    ],
)
def test_questionnaire_check_refuses_a_reason_str_format_cannot_fill(
    run: Run, tmp_path: Path, write_toml: WriteToml, reason: str, message: str
) -> None:
    data = copy.deepcopy(KCC_DATA)
    data["weighting"]["rules"][1]["reason"] = reason
    path = write_toml(tmp_path / "q.toml", data)
    code, out, err = run("questionnaire", "check", path)
    assert code == 2
    assert out == ""
    line = one_line(err)
    assert line.startswith(f"{path}: weighting.rules[1].reason: {message}")


def test_a_reason_with_doubled_braces_and_every_placeholder_is_fine(
    run: Run, tmp_path: Path, write_toml: WriteToml
) -> None:
    data = copy.deepcopy(KCC_DATA)
    data["weighting"]["rules"][1]["reason"] = "{{{count}}} for {matched} ({characteristics})."
    path = write_toml(tmp_path / "q.toml", data)
    assert run("questionnaire", "check", path)[0] == 0


def test_list_survives_a_draft_whose_suggestion_fails(
    run: Run, eqia_dirs: Any, write_toml: WriteToml, monkeypatch: pytest.MonkeyPatch
) -> None:
    drafts = eqia_dirs.home / "drafts"
    write_toml(drafts / "one.toml", assessment_data(complete_answers(), "one"))

    def broken(*_args: Any) -> Any:
        raise ValueError("Unknown conversion specifier x")

    monkeypatch.setattr("eqia_tui.core.storage.summarising.suggest", broken)
    code, out, err = run("list")
    assert code == 0
    assert err == ""
    assert out.startswith("one ")
    assert 'broken: the suggestion cannot be worked out with the questionnaire "kcc-eqia"' in out


# --- A3, C13, D14: reading -------------------------------------------------------------------


@pytest.mark.parametrize("depth", [101, 500, 5000])
@pytest.mark.parametrize("command", [["validate"], ["rate"], ["questionnaire", "check"]])
def test_deeply_nested_lists_are_one_line(
    run: Run, tmp_path: Path, depth: int, command: list[str]
) -> None:
    path = tmp_path / "deep.toml"
    path.write_text("x = " + "[" * depth + "]" * depth + "\n", encoding="utf-8")
    code, out, err = run(*command, path)
    assert code == 2
    assert out == ""
    assert "nested too deeply: at most 100 levels are allowed" in one_line(err)


def test_nesting_up_to_the_limit_reads(tmp_path: Path) -> None:
    from eqia_tui.core.disk.files import read_toml

    path = tmp_path / "deep.toml"
    path.write_text("x = " + "[" * 99 + "]" * 99 + "\n", encoding="utf-8")
    assert "x" in read_toml(path)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes")
def test_a_named_pipe_is_refused_without_waiting(tmp_path: Path) -> None:
    fifo = tmp_path / "fifo.toml"
    os.mkfifo(fifo)
    done = eqia("validate", fifo, capture_output=True, timeout=30)
    assert done.returncode == 2
    assert done.stderr.decode() == f"{fifo}: is a named pipe, not a file\n"


def test_a_device_is_refused(run: Run) -> None:
    code, _, err = run("validate", os.devnull)
    assert code == 2
    assert one_line(err) == f"{os.devnull}: is a device, not a file"


def test_a_byte_order_mark_is_accepted(run: Run, tmp_path: Path) -> None:
    path = tmp_path / "bom.toml"
    path.write_bytes(b"\xef\xbb\xbf" + EXAMPLE.read_bytes())
    before = snapshot(path)
    code, out, err = run("validate", path)
    assert code == 0, err
    assert "a well-formed assessment" in out
    assert snapshot(path) == before
    bom_q = tmp_path / "q.toml"
    bom_q.write_bytes(b"\xef\xbb\xbf" + KCC_PATH.read_bytes())
    assert run("questionnaire", "check", bom_q)[0] == 0


# --- A4: standard output -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "command",
    [["rate"], ["check"], ["check", "--json"], ["history"], ["export", "--format", "html"]],
)
def test_a_closed_pipe_ends_quietly(command: list[str]) -> None:
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        done = eqia(*command[:1], EXAMPLE, *command[1:], stdout=write_end, stderr=subprocess.PIPE)
    finally:
        os.close(write_end)
    assert done.stderr.decode() == ""
    assert done.returncode == CLOSED_PIPE


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
@pytest.mark.parametrize("command", [["check"], ["rate", "--json"], ["list"]])
def test_a_full_disk_is_one_line(command: list[str]) -> None:
    with open("/dev/full", "w") as full:
        done = eqia(
            *command[:1],
            *([EXAMPLE] if command != ["list"] else []),
            *command[1:],
            stdout=full,
            stderr=subprocess.PIPE,
        )
    assert done.returncode == 2
    assert done.stderr.decode() == "eqia: the output cannot be written: no space left on device\n"


class _Failing(io.StringIO):
    def __init__(self, error: OSError) -> None:
        super().__init__()
        self.error = error

    def write(self, text: str) -> int:
        raise self.error


def test_a_failed_write_in_process_is_one_line(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "stdout", _Failing(OSError(errno.EIO, "Input/output error")))
    assert main(["rate", str(EXAMPLE)]) == 2
    assert capsys.readouterr().err == "eqia: the output cannot be written: input/output error\n"
    monkeypatch.setattr(sys, "stdout", _Failing(BrokenPipeError(errno.EPIPE, "Broken pipe")))
    assert main(["rate", str(EXAMPLE)]) == CLOSED_PIPE
    assert capsys.readouterr().err == ""


# --- C7: answers set aside ----------------------------------------------------------------


def test_validate_exits_1_for_a_misspelt_level_in_an_older_version(
    run: Run, tmp_path: Path, write_toml: WriteToml
) -> None:
    data = assessment_data(complete_answers())
    data["questionnaire_version"] = "0.9"
    data["screening"]["age"]["positive_impact"] = "mediun"
    path = write_toml(tmp_path / "older.toml", data)
    before = snapshot(path)
    code, out, err = run("validate", path)
    assert code == 1
    assert err == (
        "note: screening.age.positive_impact: this answer is no longer an option: answer "
        "again; the answer is kept aside under [set_aside]\n"
    )
    assert ", but 1 answer is set aside under [set_aside]" in out
    assert snapshot(path) == before


def test_validate_lists_answers_set_aside_before(
    run: Run, tmp_path: Path, write_toml: WriteToml
) -> None:
    data = assessment_data(complete_answers())
    data["set_aside"] = {
        "details": {"budget": "1m"},
        "action_plan": {"actions": [{"cost": "5k"}]},
    }
    path = write_toml(tmp_path / "aside.toml", data)
    code, out, err = run("validate", path)
    assert code == 1
    assert err.splitlines() == [
        "note: details.budget: this answer was set aside when the questionnaire changed and "
        "is kept under [set_aside]; answer again if need be, then delete it there",
        "note: action_plan.actions[0].cost: this answer was set aside when the questionnaire "
        "changed and is kept under [set_aside]; answer again if need be, then delete it there",
    ]
    assert ", but 2 answers are set aside" in out


def test_a_newer_questionnaire_version_is_refused_plainly(
    run: Run, tmp_path: Path, write_toml: WriteToml
) -> None:
    data = assessment_data(complete_answers())
    data["questionnaire_version"] = "1.4"
    path = write_toml(tmp_path / "newer.toml", data)
    for command in ("validate", "rate", "export"):
        code, out, err = run(command, path)
        assert code == 2
        assert out == ""
        assert one_line(err) == (
            f'{path}: questionnaire_version: is "1.4", newer than the installed kcc-eqia 1.3; '
            "install version 1.4 of the questionnaire, or update eqia, to open it"
        )


# --- C8, C9: the version history and the sign-off -----------------------------------------


def test_a_junk_history_entry_is_refused_with_key_paths(
    run: Run, tmp_path: Path, example_data: dict[str, Any], write_toml: WriteToml
) -> None:
    example_data["history"].append({"version": 0.1, "author": 7, "date": "yesterday", "x": 1})
    path = write_toml(tmp_path / "junk.toml", example_data)
    n = len(example_data["history"]) - 1
    for command in ("validate", "history"):
        code, out, err = run(command, path)
        assert code == 2
        assert out == ""
        assert err.splitlines() == [
            f'{path}: history[{n}].version: must be text in quotes, such as "1.0", '
            "not the number 0.1",
            f'{path}: history[{n}].author: must be text in quotes, such as "Jo Smith", '
            "not the number 7",
            f"{path}: history[{n}].date: must be a TOML date such as 2015-07-27 (no quotes), "
            'not the text "yesterday"',
            f"{path}: history[{n}].x: unknown key; allowed: version, author, date, comment",
        ]


def test_a_junk_signed_table_is_refused(
    run: Run, tmp_path: Path, example_data: dict[str, Any], write_toml: WriteToml
) -> None:
    example_data["signed"] = {"by": 3, "at": "x", "sha256": 5, "colour": "red"}
    path = write_toml(tmp_path / "junk.toml", example_data)
    code, _, err = run("validate", path)
    assert code == 2
    assert [line.split(": ")[1] for line in err.splitlines()] == [
        "signed.by",
        "signed.at",
        "signed.sha256",
        "signed.colour",
    ]
    no_python(err.replace(str(path), ""))


def test_verify_of_an_unreadable_signature_exits_2(
    run: Run, tmp_path: Path, example_data: dict[str, Any], write_toml: WriteToml
) -> None:
    example_data["signed"] = {
        "by": "Jo Smith",
        "at": example_data["updated"],
        "version": "2.0",
        "canonical_form": 1,
        "sha256": "zz",
        "answers": {"details.title": "not hex"},
    }
    path = write_toml(tmp_path / "signed.toml", example_data)
    code, out, err = run("verify", path)
    assert code == 2
    assert out == ""
    assert err.splitlines() == [
        f"{path}: signed.sha256: must be the SHA-256 hash of the answers: 64 hexadecimal "
        'characters (0-9 and a-f) in quotes, not the text "zz"',
        f"{path}: signed.answers.details.title: must be a fingerprint: 16 hexadecimal "
        'characters (0-9 and a-f) in quotes, not the text "not hex"',
    ]


# --- C10: --home -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "command", [["list"], ["due"], ["rate", ID], ["rate", str(EXAMPLE)], ["new"]]
)
def test_home_that_is_a_file_is_refused(
    run: Run, example: Path, command: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(open_draft.HANDLERS, "new", lambda _home, _args: 0)
    code, out, err = run("--home", example, *command)
    assert code == 2
    assert out == ""
    assert one_line(err) == f"{example}: is a file, not a folder: --home must be a folder"


@pytest.mark.parametrize(
    "command", [["list"], ["due"], ["rate", ID], ["history", ID], ["open", ID]]
)
def test_missing_home_is_refused_for_reading(run: Run, tmp_path: Path, command: list[str]) -> None:
    typo = tmp_path / "typo-home"
    code, out, err = run("--home", typo, *command)
    assert code == 2
    assert out == ""
    assert one_line(err) == f"{typo}: no such folder: check the folder given to --home"
    assert not typo.exists()


def test_missing_home_does_not_matter_for_a_path(run: Run, tmp_path: Path) -> None:
    code, _, _ = run("--home", tmp_path / "typo-home", "rate", EXAMPLE)
    assert code == 0


def test_missing_home_is_made_for_new(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    started: list[Path] = []
    monkeypatch.setitem(open_draft.HANDLERS, "new", lambda home, _args: started.append(home) or 0)
    home = tmp_path / "new-home"
    assert run("--home", home, "new")[0] == 0
    assert started == [home]
    assert home.is_dir()


def test_default_home_that_does_not_exist_yet_is_fine(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("EQIA_HOME", str(tmp_path / "not-yet"))
    code, out, _ = run("list")
    assert code == 0
    assert out.startswith("No drafts in ")
    assert run("due")[0] == 0


# --- C11: the names of draft files ---------------------------------------------------------


def test_list_reports_a_file_name_that_is_not_an_id(
    run: Run, eqia_dirs: Any, write_toml: WriteToml
) -> None:
    drafts = eqia_dirs.home / "drafts"
    write_toml(drafts / "Bad Name.toml", assessment_data({}, "bad-name"))
    code, out, _ = run("list")
    assert code == 0
    assert out.splitlines() == [
        f"{'Bad Name':<32} broken: the file name is not a valid id: rename it to bad-name.toml "
        "(use 1 to 64 lower-case letters, digits and hyphens)"
    ]
    code, _, err = run("due")
    assert code == 0
    assert "1 draft could not be read and was skipped: Bad Name.toml" in err


def test_a_draft_whose_id_differs_from_its_file_name_is_broken(
    run: Run, eqia_dirs: Any, write_toml: WriteToml
) -> None:
    drafts = eqia_dirs.home / "drafts"
    write_toml(drafts / "first.toml", assessment_data(complete_answers(), "first"))
    write_toml(drafts / "copy.toml", assessment_data(complete_answers(), "first"))
    code, out, _ = run("list", "--json")
    assert code == 0
    import json

    rows = {row["id"]: row for row in json.loads(out)}
    assert set(rows) == {"first", "copy"}
    assert "error" not in rows["first"]
    assert rows["copy"]["error"] == (
        'the file is named copy.toml but its id is "first": make them the same, by renaming '
        'the file or changing its id to "copy"'
    )
    code, _, err = run("rate", "copy")
    assert code == 2
    assert one_line(err).startswith(f"{drafts / 'copy.toml'}: id: the file is named copy.toml")
    code, _, err = run("due")
    assert "skipped: copy" in err


# --- C12: characteristics ----------------------------------------------------------------


ROW = {"issue": "i", "action": "a", "owner": "o", "timescale": "t"}


@pytest.mark.parametrize(
    ("chosen", "message"),
    [
        (["race", "race"], '"race" is listed twice; list each characteristic once'),
        (["race", "race", "all"], '"race" is listed twice; list each characteristic once'),
        (
            ["age", "all"],
            '"all" cannot be mixed with other characteristics: write "all" on its own, '
            "or list the ones you mean",
        ),
        (["all", "all"], '"all" is listed twice; list each characteristic once'),
    ],
)
def test_characteristics_each_once_and_all_alone(
    run: Run, tmp_path: Path, write_toml: WriteToml, chosen: list[str], message: str
) -> None:
    answers = complete_answers()
    answers["judgement"]["option"] = "internal-action"
    answers["action_plan"] = {"actions": [{**ROW, "characteristics": chosen}]}
    path = write_toml(tmp_path / "chars.toml", assessment_data(answers))
    code, _, err = run("validate", path)
    assert code == 2
    assert one_line(err) == f"{path}: action_plan.actions[0].characteristics: {message}"


def test_an_empty_list_of_characteristics_is_not_answered(
    run: Run, tmp_path: Path, write_toml: WriteToml
) -> None:
    answers = complete_answers()
    answers["judgement"]["option"] = "internal-action"
    answers["action_plan"] = {"actions": [{**ROW, "characteristics": []}]}
    path = write_toml(tmp_path / "chars.toml", assessment_data(answers))
    code, out, _ = run("validate", path)
    assert code == 0
    assert "(98% of required answers given)" in out
    code, out, _ = run("export", path)
    assert "characteristics" not in tomllib.loads(out)["action_plan"]["actions"][0]


# --- D15, D16, D17: plain words naming the real thing ---------------------------------------


def test_an_empty_file_says_what_is_missing(run: Run, tmp_path: Path) -> None:
    path = tmp_path / "empty.toml"
    path.write_text("", encoding="utf-8")
    code, _, err = run("validate", path)
    assert code == 2
    assert err.splitlines() == [
        f'{path}: format: is missing; it must be "eqia-assessment"',
        f"{path}: format_version: is missing; it must be the whole number 1",
        f'{path}: questionnaire: is missing; name the questionnaire answered, such as "kcc-eqia"',
        f'{path}: questionnaire_version: is missing; it must be text, such as "1.0"',
        f"{path}: id: is missing; give the assessment an id: use 1 to 64 lower-case letters, "
        "digits and hyphens",
    ]


@pytest.mark.parametrize(
    ("change", "line"),
    [
        ({"id": "KCC EQIA"}, 'id: "KCC EQIA" is not a valid questionnaire id'),
        ({"version": 1.0}, "version: must be text in quotes, not the number 1.0"),
        ({"title": True}, "title: must be text in quotes, not true (a yes/no value)"),
    ],
)
def test_questionnaire_problems_have_no_python_in_them(
    run: Run, tmp_path: Path, write_toml: WriteToml, change: dict[str, Any], line: str
) -> None:
    data = copy.deepcopy(KCC_DATA)
    data.update(change)
    path = write_toml(tmp_path / "q.toml", data)
    code, _, err = run("questionnaire", "check", path)
    assert code == 2
    assert one_line(err).startswith(f"{path}: {line}")
    no_python(err.replace(str(path), ""))


def test_a_target_that_is_neither_a_file_nor_an_id(run: Run) -> None:
    code, _, err = run("rate", "Not A Slug")
    assert code == 2
    assert one_line(err) == (
        "Not A Slug: no such file, and not a valid draft id: use 1 to 64 lower-case letters, "
        "digits and hyphens"
    )


def test_a_questionnaire_that_is_not_installed_is_named(run: Run, eqia_dirs: Any) -> None:
    code, _, err = run("new", "--questionnaire", "nope")
    assert code == 2
    assert one_line(err) == (
        'the questionnaire "nope" is not installed; installed: "commissioning-cycle" and '
        f'"kcc-eqia". Add your own as a .toml file in {eqia_dirs.config / "questionnaires"}'
    )


def test_an_unreadable_draft_is_one_plain_reason(
    run: Run, eqia_dirs: Any, write_toml: WriteToml, monkeypatch: pytest.MonkeyPatch
) -> None:
    locked = write_toml(eqia_dirs.home / "drafts" / "locked.toml", assessment_data({}, "locked"))
    real_open = os.open

    def deny(path: Any, *args: Any, **kwargs: Any) -> int:
        if Path(path) == locked:
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(os, "open", deny)
    code, out, _ = run("list")
    assert code == 0
    assert out == f"{'locked':<32} broken: cannot be read: permission denied\n"
    code, _, err = run("validate", locked)
    assert code == 2
    assert err == f"{locked}: cannot be read: permission denied\n"


def test_a_folder_given_as_the_target_is_named(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "adir").mkdir()
    monkeypatch.chdir(tmp_path)
    for command in ("validate", "rate", "export"):
        code, _, err = run(command, "adir")
        assert code == 2
        assert one_line(err) == "adir: is a folder, not an assessment file"


def test_a_syntax_error_has_no_python_quoting(run: Run, tmp_path: Path) -> None:
    path = tmp_path / "bad.toml"
    path.write_text('title = "not closed\n', encoding="utf-8")
    code, _, err = run("validate", path)
    assert code == 2
    assert one_line(err) == (
        f"{path}: line 1, column 20: TOML syntax error: Illegal character (a line break) "
        "in the value of title"
    )


# --- D18: usage ----------------------------------------------------------------------------


def test_an_option_before_its_command_says_where_it_goes(run: Run) -> None:
    code, out, err = run.exits("--questionnaire", "q.toml", "new")
    assert code == 2
    assert out == ""
    assert err.splitlines()[-1] == (
        "eqia: --questionnaire goes after the command, as in: eqia new --questionnaire q.toml"
    )
    code, _, err = run.exits("--json", "list")
    assert err.splitlines()[-1] == "eqia: --json goes after the command, as in: eqia list --json"


def test_an_extra_argument_shows_the_usage_of_its_command(run: Run) -> None:
    code, _, err = run.exits("rate", str(EXAMPLE), "extra")
    assert code == 2
    assert err.splitlines() == [
        "usage: eqia rate [-h] [--json] ID|PATH",
        "eqia: unrecognized arguments: extra",
    ]
    code, _, err = run.exits("questionnaire", "check", "q.toml", "more")
    assert err.splitlines()[0].startswith("usage: eqia questionnaire check ")


def test_an_unknown_command_is_named_plainly(run: Run) -> None:
    code, _, err = run.exits("frobnicate")
    assert code == 2
    last = err.splitlines()[-1]
    assert last.startswith('eqia: "frobnicate" is not a command; the commands are: new, open,')
    assert "'" not in last
    code, _, err = run.exits("export", "x", "--format", "xml")
    assert err.splitlines()[-1] == (
        'eqia: argument --format: "xml" is not allowed; choose from toml, json, md, html, docx, csv'
    )


# --- D19: notes on stderr --------------------------------------------------------------------


def test_notes_go_to_stderr_and_results_to_stdout(
    run: Run, tmp_path: Path, write_toml: WriteToml
) -> None:
    data = assessment_data(complete_answers())
    data["questionnaire_version"] = "0.9"
    data["details"]["budget"] = "1m"
    path = write_toml(tmp_path / "older.toml", data)
    code, out, err = run("validate", path)
    assert code == 1
    assert "note:" not in out
    assert err.startswith("note: details.budget: ")


# --- D20: help ---------------------------------------------------------------------------


HELP_FIRST_LINES = {
    "new": "Start a new assessment and open it in the app.",
    "open": "Open an assessment in the app.",
    "list": "List the drafts, newest first. Each shows its progress and suggested weighting,",
    "review": "Open an assessment for review in the app.",
    "comments": "List the comments on an assessment, open ones first.",
    "rate": "Show the weighting and judgement the answers suggest, and why.",
    "validate": "Check that a file is a well-formed assessment",
    "export": "Write the assessment in another format",
    "history": "Print each version of an assessment",
    "verify": "Check that the answers are unchanged since sign-off",
    "due": "List the reviews and actions that are due or overdue",
    "check": "Challenge an assessment as a reviewer or an equality group would",
    "schema": "Write the JSON Schema of the assessment file",
    "questionnaires": "List the questionnaires found",
    "questionnaire": "Work with questionnaire files.",
}


@pytest.mark.parametrize("command", sorted(HELP_FIRST_LINES))
def test_each_command_help_starts_with_what_it_does(run: Run, command: str) -> None:
    code, out, _ = run.exits(command, "--help")
    assert code == 0
    paragraphs = out.split("\n\n")
    assert paragraphs[0].startswith(f"usage: eqia {command}")
    assert " ".join(paragraphs[1].split()).startswith(HELP_FIRST_LINES[command])
    if "ID|PATH" in paragraphs[0] and command not in ("new", "schema"):
        assert "a draft's id, or the path of an assessment file" in " ".join(out.split())


def test_help_details(run: Run) -> None:
    _, out, _ = run.exits("--help")
    assert "exit codes:" in out
    assert "2    bad input or usage" in out
    _, out, _ = run.exits("questionnaire", "check", "--help")
    assert out.startswith("usage: eqia questionnaire check [-h] PATH")
    _, out, _ = run.exits("export", "--help")
    flat = " ".join(out.split())
    assert "toml (the default)" in flat
    assert "the file to write (default: standard output)" in flat
    _, out, _ = run.exits("new", "--help")
    assert "the new draft's id, which is also its file name" in " ".join(out.split())
