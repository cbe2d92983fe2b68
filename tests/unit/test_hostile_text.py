"""Nothing from a file reaches the terminal raw (issue 9, item 4).

A draft received by email can hold escape sequences in any answer, in its id, in a
questionnaire's labels or in a file name. Every command prints such text with the
characters a terminal would act on made visible: no ESC, no C1 control, no BEL, no
bidirectional override ever comes out, on standard output or standard error.
"""

from __future__ import annotations

import io
import json
import os
import time
import tomllib
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import tomli_w

from conftest import EqiaDirs
from eqia_tui.core.model.assessment import is_newer_version
from eqia_tui.core.signing import sign
from eqia_tui.core.storage.recovery import keep_copy
from eqia_tui.core.storage.registry import Registry, builtin_files
from eqia_tui.core.storage.store import Store, load_file
from eqia_tui.core.text.problems import Problem
from hostile import HOSTILE, hostile_everywhere, hostile_questionnaire, unsafe

from .helpers import EXAMPLE, Run, approve, ready_to_sign

ID = "hostile"
OLD = "old"


@pytest.fixture
def hostile_home(eqia_dirs: EqiaDirs) -> Path:
    """A data folder with a signed draft full of hostile text, a draft answering a hostile
    questionnaire, and drafts whose id or file name is hostile."""
    home = eqia_dirs.home
    store = Store(home, Registry(home))
    store.drafts.mkdir(parents=True, exist_ok=True)
    data = tomllib.loads(EXAMPLE.read_text(encoding="utf-8"))
    answers = {k: v for k, v in data.items() if isinstance(v, dict)}
    header = {k: v for k, v in data.items() if not isinstance(v, dict | list)}
    hostile = {**header, **hostile_everywhere(answers), "id": ID}
    hostile["history"] = [
        {"version": "0.1", "author": HOSTILE, "date": data["created"].date(), "comment": HOSTILE}
    ]
    hostile["set_aside"] = {"old": {"answer": HOSTILE}}
    path = store.drafts / f"{ID}.toml"
    path.write_text(tomli_w.dumps(hostile), encoding="utf-8")
    loaded = load_file(path, store.registry)
    ready_to_sign(loaded.assessment.answers)
    approve(loaded.assessment)
    sign(loaded.questionnaire, loaded.assessment, HOSTILE, datetime(2026, 3, 2, tzinfo=UTC))
    store.save(loaded.questionnaire, loaded.assessment)
    # A copy changed after sign-off, for `verify` to name what changed.
    changed = path.read_text(encoding="utf-8").replace(f'id = "{ID}"', 'id = "changed"')
    changed = changed.replace('rating = "medium"', 'rating = "high"')
    (store.drafts / "changed.toml").write_text(changed, encoding="utf-8")
    # A questionnaire with hostile labels, and a draft that answers it.
    questionnaires = eqia_dirs.config / "questionnaires"
    questionnaires.mkdir(parents=True, exist_ok=True)
    (questionnaires / "hostile-q.toml").write_text(
        tomli_w.dumps(hostile_questionnaire()), encoding="utf-8"
    )
    other = {**hostile, "id": "other", "questionnaire": "hostile-q"}
    other.pop("set_aside")
    (store.drafts / "other.toml").write_text(tomli_w.dumps(other), encoding="utf-8")
    # An id that is not an id, and a file name that is not an id.
    (store.drafts / "bad-id.toml").write_text(
        tomli_w.dumps({**header, "id": HOSTILE}), encoding="utf-8"
    )
    (store.drafts / f"{HOSTILE.replace('/', '')}.toml").write_text("x", encoding="utf-8")
    # For `upgrade`: the hostile draft as answered with the previous version of kcc-eqia.
    older = previous_kcc()
    old = {**answered_with(hostile, older), "id": OLD, "questionnaire_version": older["version"]}
    (store.drafts / f"{OLD}.toml").write_text(tomli_w.dumps(old), encoding="utf-8")
    # For `restore`: a recovery copy with a hostile title. For `clean`: files left by a save
    # cut short, one of a draft whose name is hostile, newer than their drafts.
    keep_copy(home, ID, path.read_bytes())
    settled = time.time() - 3600
    for name in (f"{ID}.toml", f"{HOSTILE.replace('/', '')}.toml"):
        leftover = store.drafts / f".{name}.a1b2c3.tmp"
        leftover.write_text(tomli_w.dumps(hostile), encoding="utf-8")
        os.utime(store.drafts / name, (settled - 60, settled - 60))
        os.utime(leftover, (settled, settled))
    return home


def previous_kcc() -> dict[str, Any]:
    """The newest built-in version of kcc-eqia but one, as data."""
    versions = [tomllib.loads(p.read_text(encoding="utf-8")) for p in builtin_files()]
    kcc = [v for v in versions if v["id"] == "kcc-eqia"]

    def newest(among: list[dict[str, Any]]) -> dict[str, Any]:
        return next(
            v for v in among if not any(is_newer_version(w["version"], v["version"]) for w in among)
        )

    return newest([v for v in kcc if v is not newest(kcc)])


def answered_with(data: dict[str, Any], questionnaire: dict[str, Any]) -> dict[str, Any]:
    """`data` with only the sections and questions `questionnaire` asks."""
    sections = {s["id"]: s for s in questionnaire["sections"]}
    out: dict[str, Any] = {}
    for key, value in data.items():
        section = sections.get(key)
        if section is None:
            if not isinstance(value, dict) or key in ("review_record", "set_aside"):
                out[key] = value
            continue
        asked = {q["id"] for q in section["questions"]}
        if section.get("per_characteristic"):
            out[key] = {c: {q: a for q, a in row.items() if q in asked} for c, row in value.items()}
        elif isinstance(value, dict):
            out[key] = {q: a for q, a in value.items() if q in asked}
        else:
            out[key] = value
    out.pop("set_aside", None)
    return out


COMMANDS = [
    ["list"],
    ["list", "--json"],
    ["history", ID],
    ["due"],
    ["due", "--json"],
    ["validate", ID],
    ["validate", "bad-id"],
    ["validate", "other"],
    ["check", ID],
    ["check", "other"],
    ["check", ID, "--json"],
    ["verify", ID],
    ["verify", "changed"],
    ["rate", ID],
    ["rate", "other"],
    ["rate", "other", "--json"],
    ["export", ID, "--format", "md"],
    ["export", ID, "--format", "html"],
    ["export", ID, "--format", "csv"],
    ["export", ID, "--format", "json"],
    ["export", ID, "--format", "toml"],
    ["export", "other", "--format", "md"],
    ["questionnaires"],
    ["questionnaires", "--json"],
    ["schema", "--questionnaire", "hostile-q"],
    ["comments", ID],
    ["comments", ID, "--json"],
    ["comments", "other", "--open"],
    ["upgrade", ID, "--dry-run"],
    ["upgrade", OLD, "--dry-run"],
    ["upgrade", OLD, "--by", HOSTILE],
    ["open", "other", "--plain"],
    ["open", "bad-id", "--plain"],
    ["review", ID, "--plain"],
    ["review", "other", "--plain"],
    ["restore", ID],
    ["restore", ID, "9"],
    ["clean"],
    ["register", "--format", "csv"],
    ["register", "--format", "json"],
    ["register", "--format", "html"],
]
"""Plain mode (`open --plain`, `review --plain`) reads an empty standard input, or a closed
one for `review hostile`, as from a script."""


@pytest.mark.parametrize("args", COMMANDS, ids=[" ".join(c) for c in COMMANDS])
def test_no_command_prints_a_control_character_from_a_file(
    hostile_home: Path, run: Run, args: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    closed = args[:2] == ["review", ID]
    monkeypatch.setattr("sys.stdin", None if closed else io.StringIO())
    code, out, err = run(*args)
    assert code in (0, 1, 2), (code, err)
    assert "Traceback" not in err
    assert unsafe(out) == [], out
    assert unsafe(err) == [], err


def test_the_hostile_text_is_shown_not_dropped(hostile_home: Path, run: Run) -> None:
    code, out, _ = run("history", ID)
    assert code == 0
    assert "␛]0;PWNED␇" in out
    assert "<U+202E>evil" in out
    code, out, _ = run("list")
    assert "␛]0;PWNED␇" in out


def test_a_title_cannot_start_a_new_line_in_the_list(hostile_home: Path, run: Run) -> None:
    """A line break in a title would forge a row of its own: it is shown as ␤."""
    path = hostile_home / "drafts" / "other.toml"
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    data["details"]["title"] = "Real\nforged-row   Forged title"
    path.write_text(tomli_w.dumps(data), encoding="utf-8")
    code, out, _ = run("list")
    assert code == 0
    assert not any(line.startswith("forged-row") for line in out.splitlines())
    assert "Real␤forged-row" in out


def test_json_output_keeps_the_text_exactly(hostile_home: Path, run: Run) -> None:
    """JSON escapes the characters, so a program reading it gets the text as stored."""
    code, out, _ = run("export", ID, "--format", "json")
    assert code == 0
    assert json.loads(out)["details"]["title"].endswith(HOSTILE)
    code, out, _ = run("export", ID, "--format", "toml")
    assert tomllib.loads(out)["details"]["title"].endswith(HOSTILE)


def test_a_problem_line_is_one_safe_line() -> None:
    line = Problem("a\x1b]0;x\x07.toml", "details.\u202etitle", "is\nwrong").line()
    assert unsafe(line) == []
    assert "\n" not in line
