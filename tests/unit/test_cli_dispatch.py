"""How `eqia` finds a command: every command has its function, and only the chosen command's
module is imported, so that `eqia --help` and `eqia list` start quickly.

Also the one reading of ID|PATH (`core.storage.resolve`) that every command uses.
"""

from __future__ import annotations

import importlib
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from eqia_tui.cli import COMMANDS, handler
from eqia_tui.cli.parser import Parser, build_parser
from eqia_tui.core.storage.registry import Registry
from eqia_tui.core.storage.resolve import Target, resolve
from eqia_tui.core.storage.store import Store
from eqia_tui.core.text.problems import BadInput

from .helpers import EXAMPLE

ID = "customer-service-policy"


def test_every_command_has_its_function_in_the_module_named() -> None:
    parser = build_parser()
    assert isinstance(parser, Parser)
    assert set(COMMANDS) == {"", *parser.subcommands}
    for command, module_name in COMMANDS.items():
        module = importlib.import_module(f"eqia_tui.cli.commands.{module_name}")
        assert command in module.HANDLERS, (command, module_name)
        assert handler(command) is module.HANDLERS[command]
    for module_name in set(COMMANDS.values()):
        module = importlib.import_module(f"eqia_tui.cli.commands.{module_name}")
        assert {c for c, m in COMMANDS.items() if m == module_name} == set(module.HANDLERS)


def _loaded_after(code: str, tmp_path: Path) -> list[str]:
    """The slow packages a fresh interpreter has loaded after running `code`."""
    script = (
        "import contextlib, io, json, sys\n"
        f"{code}\n"
        "print(json.dumps(sorted({m.split('.')[0] for m in sys.modules}"
        " & {'textual', 'rich', 'pydantic'})))\n"
    )
    env = {"EQIA_HOME": str(tmp_path), "EQIA_CONFIG_DIR": str(tmp_path / "config")}
    result = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        check=True,
        env={"PATH": "/usr/bin:/bin", **env},
    )
    loaded: list[str] = json.loads(result.stdout.splitlines()[-1])
    return loaded


def test_help_loads_neither_the_models_nor_textual(tmp_path: Path) -> None:
    code = (
        "from eqia_tui.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()), contextlib.suppress(SystemExit):\n"
        "    main(['--help'])"
    )
    assert _loaded_after(code, tmp_path) == []


def test_a_command_loads_no_textual(tmp_path: Path) -> None:
    code = (
        "from eqia_tui.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    assert main(['list']) == 0"
    )
    assert _loaded_after(code, tmp_path) == ["pydantic"]


# --- ID|PATH ---------------------------------------------------------------------------------


@pytest.fixture()
def store(tmp_path: Path) -> Store:
    (tmp_path / "home" / "drafts").mkdir(parents=True)
    shutil.copy(EXAMPLE, tmp_path / "home" / "drafts" / EXAMPLE.name)
    return Store(tmp_path / "home", Registry(tmp_path / "home"))


def test_an_id_names_a_draft_and_a_path_names_a_file(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    draft = store.drafts / EXAMPLE.name
    assert resolve(ID, store) == Target(draft, ID)
    assert resolve(str(EXAMPLE), store) == Target(EXAMPLE)
    assert resolve("missing.toml", store) == Target(Path("missing.toml"))
    assert resolve("new-one", store) == Target(store.drafts / "new-one.toml", "new-one")
    assert resolve(ID, store).load(store).assessment.id == ID
    (tmp_path / ID).write_text("", encoding="utf-8")
    assert resolve(ID, store) == Target(Path(ID))  # a file that is there comes first


@pytest.mark.parametrize(
    ("target", "message"),
    [
        ("a-folder", "is a folder, not an assessment file"),
        ("Not An Id", "no such file, and not a valid draft id: use 1 to 64"),
    ],
)
def test_neither_a_file_nor_an_id_is_refused(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, target: str, message: str
) -> None:
    (tmp_path / "a-folder").mkdir()
    monkeypatch.chdir(tmp_path)
    with pytest.raises(BadInput) as raised:
        resolve(target, store)
    (problem,) = raised.value.problems
    assert problem.file == target
    assert problem.message.startswith(message)
