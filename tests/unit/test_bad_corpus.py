"""The bad-input corpus through every command (issue 9).

`tests/fixtures/bad/` holds files from someone else, as an attacker or an accident makes
them (see its MANIFEST.tsv; `make_corpus.py` writes them). Beside them the test makes what
git cannot hold or should not: symbolic links out of the drafts folder and in a loop, a
named pipe, file names with escape sequences, answers of a megabyte.

Every file goes through every command, in this process. For each run: no traceback, no
crash log, nothing a terminal would act on in the output, exit 0 or 1 for a file that can
be read and 2 with a message for one that cannot; and afterwards no file has changed.
"""

from __future__ import annotations

import filecmp
import hashlib
import io
import os
import shutil
import subprocess
import sys
import tomllib
from dataclasses import dataclass
from pathlib import Path

import pytest
import tomli_w

from conftest import EqiaDirs
from eqia_tui.cli import main
from hostile import HOSTILE, unsafe

from .helpers import EXAMPLE

CORPUS = Path(__file__).resolve().parents[1] / "fixtures" / "bad"
MAKER = CORPUS / "make_corpus.py"


@dataclass(frozen=True)
class Case:
    path: Path
    expect: str
    why: str


def manifest() -> list[Case]:
    lines = (CORPUS / "MANIFEST.tsv").read_text(encoding="utf-8").splitlines()
    cases = []
    for line in lines[1:]:
        name, expect, why = line.split("\t")
        cases.append(Case(CORPUS / name, expect, why))
    return cases


CASES = manifest()
DRAFTS = [c for c in CASES if c.path.parent.name == "drafts"]
QUESTIONNAIRES = [c for c in CASES if c.path.parent.name == "questionnaires"]


def test_the_corpus_has_at_least_100_files_each_listed_once() -> None:
    assert len(CASES) >= 100
    on_disk = {p for folder in ("drafts", "questionnaires") for p in (CORPUS / folder).iterdir()}
    assert on_disk == {c.path for c in CASES}
    assert {c.expect for c in CASES} <= {"bad", "valid", "any"}


def test_the_corpus_is_what_make_corpus_writes(tmp_path: Path) -> None:
    subprocess.run(
        [sys.executable, str(MAKER), str(tmp_path)], check=True, capture_output=True, timeout=120
    )
    compared = filecmp.dircmp(tmp_path, CORPUS, ignore=["make_corpus.py", "__pycache__"])
    assert compared.left_only == [] and compared.right_only == []
    for folder in ("drafts", "questionnaires"):
        sub = compared.subdirs[folder]
        assert sub.left_only == [] and sub.right_only == []
        _, mismatch, errors = filecmp.cmpfiles(
            tmp_path / folder, CORPUS / folder, sub.common_files, shallow=False
        )
        assert mismatch == [] and errors == []
    assert (tmp_path / "MANIFEST.tsv").read_bytes() == (CORPUS / "MANIFEST.tsv").read_bytes()


# --- Running the commands ------------------------------------------------------------------


class Runs:
    """Call `eqia` in-process, check every run, and count them."""

    def __init__(self, capsys: pytest.CaptureFixture[str]) -> None:
        self.capsys = capsys
        self.count = 0

    def __call__(
        self, *args: str | Path, codes: tuple[int, ...] = (0, 1, 2), stdin: str | None = ""
    ) -> int:
        """`stdin`: what standard input holds; None when it is closed (`<&-`)."""
        self.capsys.readouterr()
        before = sys.stdin
        sys.stdin = None if stdin is None else io.StringIO(stdin)
        try:
            code = main([str(a) for a in args])
        except SystemExit as stop:  # argparse's own exits
            code = int(stop.code or 0)
        finally:
            sys.stdin = before
        out, err = self.capsys.readouterr()
        self.count += 1
        shown = " ".join(str(a) for a in args)
        assert code in codes, f"eqia {shown}: exit {code}\n{err[:2000]}"
        assert "Traceback" not in out + err, f"eqia {shown}"
        if code == 2:
            assert err.strip(), f"eqia {shown}: exit 2 without a message"
        assert unsafe(out) == [], f"eqia {shown}: {unsafe(out)} on standard output"
        assert unsafe(err) == [], f"eqia {shown}: {unsafe(err)} on standard error"
        return code


@pytest.fixture
def runs(capsys: pytest.CaptureFixture[str]) -> Runs:
    return Runs(capsys)


def fingerprint(folder: Path) -> dict[str, str]:
    """Every file under `folder` (links not followed) by its path: its content's hash and
    the time it was last written."""
    out = {}
    for root, _, files in os.walk(folder):
        for name in files:
            path = Path(root, name)
            if path.is_symlink() or not path.is_file():
                out[str(path)] = (
                    f"link or special: {os.readlink(path) if path.is_symlink() else ''}"
                )
                continue
            written = path.stat().st_mtime_ns
            out[str(path)] = f"{hashlib.sha256(path.read_bytes()).hexdigest()} {written}"
    return out


def changes(before: dict[str, str], after: dict[str, str]) -> list[str]:
    """Files changed, removed or added between two fingerprints. A command that holds a
    draft while it works (`open --plain`, `review --plain`, `upgrade`) leaves the empty lock
    file beside it, as documented (core/disk/draft_lock.py): that one is not a change."""
    changed = [f"changed or removed: {p}" for p, h in before.items() if after.get(p) != h]
    for path in sorted(after.keys() - before.keys()):
        name = Path(path).name
        lock = name.startswith(".") and name.endswith(".lock") and os.path.getsize(path) == 0
        if not lock:
            changed.append(f"added: {path}")
    return changed


EXPORTS = ["md", "html", "csv", "json", "toml"]


REFUSED_TOO = (["check"], ["history"], ["export", "--format", "md"])
REFUSED_TOO_SAMPLED = (
    ["comments"],
    ["upgrade", "--dry-run"],
    ["open", "--plain"],
    ["review", "--plain"],
)
"""Commands that must refuse a file `validate` refuses; the second lot only when the file is
in the sample (see `every_command`). Plain mode has standard input closed, as from a script:
it must not wait for an answer."""


def every_command(runs: Runs, path: Path, out: Path, expect: str, every: bool = True) -> None:
    """One assessment file through every command that takes one; through the newer ones
    (plain mode, `upgrade --dry-run`, `comments --json`, and for a file refused `comments`
    too) only when `every`: the test samples the corpus for them, to keep `make test` quick.
    Each reads the file as the others do (plain mode and `upgrade` twice)."""
    code = runs("validate", path)
    if expect == "bad":
        assert code == 2, f"{path.name}: expected to be refused"
    elif expect == "valid":
        assert code in (0, 1), f"{path.name}: expected to be read"
    if code == 2:
        # Refused when read: every command refuses it the same way.
        for args in REFUSED_TOO + (REFUSED_TOO_SAMPLED if every else ()):
            assert runs(args[0], path, *args[1:], stdin=None) == 2, args
        return
    runs("check", path)
    runs("check", path, "--json")
    runs("rate", path)
    runs("rate", path, "--json")
    runs("history", path)
    runs("verify", path)
    for fmt in EXPORTS:
        runs("export", path, "--format", fmt)
    runs("export", path, "--format", "docx", "-o", out / f"{path.stem}.docx")
    runs("comments", path)
    if every:
        runs("comments", path, "--json")
        runs("upgrade", path, "--dry-run")
        # Plain mode walks to the first question still to answer, then meets the end of
        # its input: it must leave the file as it was.
        runs("open", path, "--plain", stdin="")
        runs("review", path, "--plain", stdin=None)


def with_extras(home: Path, config: Path, tmp_path: Path) -> list[tuple[Path, str]]:
    """What the corpus cannot hold, made here: (path, expectation)."""
    drafts = home / "drafts"
    data = tomllib.loads(EXAMPLE.read_text(encoding="utf-8"))
    extras: list[tuple[Path, str]] = []

    def draft(name: str, content: dict[str, object] | bytes, expect: str) -> Path:
        path = drafts / name
        path.write_bytes(content if isinstance(content, bytes) else tomli_w.dumps(content).encode())
        extras.append((path, expect))
        return path

    huge = dict(data)
    huge["details"] = {**data["details"], "subject": "word " * 200_000, "title": "T" * 100_000}
    draft("huge-answer.toml", {**huge, "id": "huge-answer"}, "valid")
    many = dict(data)
    many["action_plan"] = {"actions": [{"action": f"Action {i} {HOSTILE}"} for i in range(2000)]}
    draft("many-rows.toml", {**many, "id": "many-rows"}, "valid")
    draft(f"{HOSTILE.replace('/', '')}.toml", {**data, "id": "x"}, "valid")
    draft("name\nwith-line-break.toml", {**data, "id": "x"}, "valid")
    draft("..toml", b"", "bad")
    draft("-rf.toml", {**data, "id": "x"}, "valid")
    draft("UPPER.toml", {**data, "id": "upper"}, "valid")
    # Links: out of the drafts folder, to a folder, in a loop, dangling; and a named pipe.
    secret = tmp_path / "outside" / "secret.toml"
    secret.parent.mkdir()
    secret.write_text('password = "hunter2"\n', encoding="utf-8")
    for name, target in (
        ("out-of-folder.toml", secret),
        ("to-etc.toml", Path("/etc/passwd")),
        ("to-folder.toml", tmp_path / "outside"),
        ("loop.toml", drafts / "loop.toml"),
        ("dangling.toml", tmp_path / "nowhere.toml"),
    ):
        (drafts / name).symlink_to(target)
        extras.append((drafts / name, "bad"))
    if hasattr(os, "mkfifo"):
        os.mkfifo(drafts / "pipe.toml")
        extras.append((drafts / "pipe.toml", "bad"))
    # A draft answering a questionnaire whose every label is hostile.
    hostile_q = CORPUS / "questionnaires" / "004-q-hostile-labels.toml"
    qid = tomllib.loads(hostile_q.read_text(encoding="utf-8"))["id"]
    draft("hostile-labels.toml", {**data, "id": "hostile-labels", "questionnaire": qid}, "valid")
    questionnaires = config / "questionnaires"
    questionnaires.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(hostile_q, questionnaires / hostile_q.name)
    (questionnaires / "loop.toml").symlink_to(questionnaires / "loop.toml")
    return extras


def test_every_file_through_every_command(runs: Runs, eqia_dirs: EqiaDirs, tmp_path: Path) -> None:
    home, config = eqia_dirs.home, eqia_dirs.config
    drafts = home / "drafts"
    drafts.mkdir(parents=True)
    for case in DRAFTS:
        shutil.copyfile(case.path, drafts / case.path.name)
    extras = with_extras(home, config, tmp_path)
    out = tmp_path / "out"
    out.mkdir()
    before = {**fingerprint(home), **fingerprint(config), **fingerprint(tmp_path / "outside")}

    # The newer commands take every third file of the corpus, and every extra: the fuzzing
    # and test_upgrade_changes_only_what_it_moves try them further.
    for number, case in enumerate(DRAFTS):
        every_command(runs, drafts / case.path.name, out, case.expect, every=number % 3 == 0)
    for path, expect in extras:
        every_command(runs, path, out, expect)
    # The questionnaires last: every command reads each one in the settings folder.
    questionnaires = config / "questionnaires"
    for case in QUESTIONNAIRES:
        shutil.copyfile(case.path, questionnaires / case.path.name)
    before.update(fingerprint(questionnaires))
    for case in QUESTIONNAIRES:
        path = questionnaires / case.path.name
        code = runs("questionnaire", "check", path)
        assert code == (2 if case.expect == "bad" else code), case.path.name
        if code == 0:
            runs("schema", "--questionnaire", path)
    for args in (["list"], ["list", "--json"], ["due"], ["due", "--json"], ["questionnaires"]):
        runs(*args)
    runs("questionnaires", "--json")
    for fmt in ("csv", "json", "html"):
        runs("register", "--format", fmt)
        runs("register", drafts, "--format", fmt)
    runs("clean")  # nothing was left by a save cut short: nothing to remove
    stems = sorted(p.stem for p in drafts.iterdir() if p.suffix == ".toml")
    for draft_id in stems[:20]:
        runs("validate", draft_id)
        runs("restore", draft_id, "1", codes=(2,))  # no recovery copies: none to bring back
    for draft_id in stems:  # every name, the hostile ones too: listed as none, or refused
        runs("restore", draft_id)

    assert runs.count > 1000
    after = {**fingerprint(home), **fingerprint(config), **fingerprint(tmp_path / "outside")}
    assert changes(before, after) == [], "a command changed a file"
    assert not (eqia_dirs.state / "crashes").exists(), "a command crashed"


def test_upgrade_changes_only_what_it_moves(runs: Runs, eqia_dirs: EqiaDirs) -> None:
    """`eqia upgrade` writes by design, so it has its own test: a file it refuses is left as
    it was; a file it moves reads afterwards, and its recovery copy lists safely and comes
    back with `eqia restore`."""
    drafts = eqia_dirs.home / "drafts"
    drafts.mkdir(parents=True)
    # Every third file of the corpus (each read twice, as `upgrade` does), and:
    files = [(case.path, drafts / case.path.name) for case in DRAFTS[::3]]
    # One the corpus holds on an older version, named by its id as a draft is: the copy kept
    # before the move is filed under the draft's id, so it comes back by that id.
    older = CORPUS / "drafts" / "082-version-older.toml"
    files.append((older, drafts / f"{tomllib.loads(older.read_text(encoding='utf-8'))['id']}.toml"))
    for source, path in files:
        shutil.copyfile(source, path)
    brought_back = 0
    for source, path in files:
        before = fingerprint(drafts)
        code = runs("upgrade", path, "--by", HOSTILE)
        if code == 2:
            assert changes(before, fingerprint(drafts)) == [], f"{path.name}: refused, but changed"
            continue
        assert code == 0, path.name
        assert runs("validate", path) in (0, 1), f"{path.name}: moved, but does not read"
        assert runs("restore", path.stem) == 0
        if tomllib.loads(source.read_text(encoding="utf-8")).get("id") == path.stem:
            assert runs("restore", path.stem, "1") == 0
            assert path.read_bytes() == source.read_bytes(), f"{path.name}: not brought back"
            brought_back += 1
    assert brought_back >= 1
    assert not (eqia_dirs.state / "crashes").exists(), "a command crashed"
