"""The layers hold: the contracts in pyproject.toml say which code may import what, and
`lint-imports` (run by `make test`) enforces them. These tests make sure the contracts
cannot quietly weaken, and that they catch what they are there to catch.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")

EXPECTED = {
    "layers": [
        "eqia_tui.cli",
        "eqia_tui.tui | eqia_tui.plain",
        "eqia_tui.exports",
        "eqia_tui.core",
    ],
    "core-layers": ["signing", "checks", "storage", "review", "rules", "model", "disk", "text"],
    "tui-layers": ["app", "screens", "steps", "dialogs", "widgets"],
}


def contracts() -> dict[str, dict[str, object]]:
    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    return {c["id"]: c for c in config["tool"]["importlinter"]["contracts"]}


def test_every_layer_rule_is_still_there() -> None:
    found = contracts()
    for contract_id, layers in EXPECTED.items():
        assert found[contract_id]["type"] == "layers"
        assert found[contract_id]["layers"] == layers, f"the {contract_id} contract changed"
    plain = found["core-plain"]
    assert plain["type"] == "forbidden"
    assert set(plain["source_modules"]) >= {"eqia_tui.core", "eqia_tui.exports", "eqia_tui.plain"}  # type: ignore[arg-type]
    assert set(plain["forbidden_modules"]) >= {"textual", "rich"}  # type: ignore[arg-type]
    assert found["no-cycles"]["type"] == "acyclic_siblings"


def test_every_layer_exists() -> None:
    """A layer named in the contract but missing from the tree would check nothing."""
    core = REPO / "src" / "eqia_tui" / "core"
    for name in EXPECTED["core-layers"]:
        assert (core / name).is_dir() or (core / f"{name}.py").is_file(), name
    tui = REPO / "src" / "eqia_tui" / "tui"
    for name in EXPECTED["tui-layers"]:
        assert (tui / name).is_dir() or (tui / f"{name}.py").is_file(), name
    for layer in EXPECTED["layers"]:
        for dotted in layer.split(" | "):  # independent packages side by side in one layer
            assert (REPO / "src" / Path(*dotted.split("."))).is_dir(), dotted


def _lint(src: Path, config: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache", str(config)],
        cwd=config.parent,
        env={"PYTHONPATH": str(src), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.fixture()
def copy(tmp_path: Path) -> Path:
    """A copy of the package and its contracts, to break on purpose."""
    shutil.copytree(REPO / "src" / "eqia_tui", tmp_path / "src" / "eqia_tui")
    shutil.copy(REPO / "pyproject.toml", tmp_path / "pyproject.toml")
    return tmp_path


def test_the_contracts_hold(copy: Path) -> None:
    result = _lint(copy / "src", copy / "pyproject.toml")
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize(
    ("module", "line", "broken"),
    [
        ("core/model/steps.py", "import textual", "never import Textual or Rich"),
        ("core/text/problems.py", "import rich.text", "never import Textual or Rich"),
        ("exports/csv.py", "import eqia_tui.tui.app", "over exports over the core"),
        ("core/model/roles.py", "import eqia_tui.core.checks", "Inside the core"),
        ("core/text/safe_text.py", "import eqia_tui.core.text.problems", "No cycles"),
        ("tui/widgets/plain.py", "import eqia_tui.tui.dialogs.confirm", "Inside the terminal"),
        ("plain/asking.py", "import rich.text", "never import Textual or Rich"),
        ("plain/walk.py", "import eqia_tui.tui.app", "over exports over the core"),
        ("tui/app.py", "import eqia_tui.plain.walk", "over exports over the core"),
    ],
)
def test_a_forbidden_import_fails(copy: Path, module: str, line: str, broken: str) -> None:
    path = copy / "src" / "eqia_tui" / module
    path.write_text(path.read_text(encoding="utf-8") + f"\n{line}\n", encoding="utf-8")
    result = _lint(copy / "src", copy / "pyproject.toml")
    assert result.returncode != 0
    assert broken in result.stdout


def test_importing_the_core_and_plain_mode_loads_no_textual() -> None:
    """The contracts read the source; this checks what really happens at run time."""
    script = (
        "import json, pkgutil, importlib, sys\n"
        "import eqia_tui.core, eqia_tui.exports, eqia_tui.plain\n"
        "for pkg in (eqia_tui.core, eqia_tui.exports, eqia_tui.plain):\n"
        "    for info in pkgutil.walk_packages(pkg.__path__, prefix=pkg.__name__ + '.'):\n"
        "        importlib.import_module(info.name)\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in"
        " ('textual', 'rich'))))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    assert json.loads(result.stdout) == []
