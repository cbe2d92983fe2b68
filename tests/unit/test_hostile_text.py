"""Nothing from a file reaches the terminal raw (issue 9, item 4).

A draft received by email can hold escape sequences in any answer, in its id, in a
questionnaire's labels or in a file name. Every command prints such text with the
characters a terminal would act on made visible: no ESC, no C1 control, no BEL, no
bidirectional override ever comes out, on standard output or standard error.
"""

from __future__ import annotations

import json
import tomllib
from datetime import UTC, datetime
from pathlib import Path

import pytest
import tomli_w

from conftest import EqiaDirs
from eqia_tui.core.signing import sign
from eqia_tui.core.storage.registry import Registry
from eqia_tui.core.storage.store import Store, load_file
from eqia_tui.core.text.problems import Problem
from hostile import HOSTILE, hostile_everywhere, hostile_questionnaire, unsafe

from .helpers import EXAMPLE, Run, approve, ready_to_sign

ID = "hostile"


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
    return home


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
]


@pytest.mark.parametrize("args", COMMANDS, ids=[" ".join(c) for c in COMMANDS])
def test_no_command_prints_a_control_character_from_a_file(
    hostile_home: Path, run: Run, args: list[str]
) -> None:
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
