"""The core never imports Textual: the CLI and the rules must work without a terminal UI.

Core modules are found by walking the package, so a new core module is covered without
editing this test. Only the UI packages (app, screens, widgets) may import Textual.
"""

from __future__ import annotations

import json
import pkgutil
import subprocess
import sys

import eqia_tui

UI_MODULES = ("eqia_tui.app", "eqia_tui.screens", "eqia_tui.widgets")
NOT_IMPORTABLE = ("eqia_tui.__main__",)
"""Running `python -m eqia_tui` starts the command; importing it would too."""

EXPECTED_CORE = {
    "eqia_tui",
    "eqia_tui.problems",
    "eqia_tui.files",
    "eqia_tui.locations",
    "eqia_tui.questionnaire",
    "eqia_tui.conditions",
    "eqia_tui.assessment",
    "eqia_tui.weighting",
    "eqia_tui.registry",
    "eqia_tui.store",
    "eqia_tui.exports",
    "eqia_tui.exports.data",
    "eqia_tui.cli",
}


def _is_ui(name: str) -> bool:
    return any(name == ui or name.startswith(ui + ".") for ui in UI_MODULES)


def core_modules() -> list[str]:
    names = ["eqia_tui"]
    for info in pkgutil.walk_packages(eqia_tui.__path__, prefix="eqia_tui."):
        if _is_ui(info.name) or info.name in NOT_IMPORTABLE:
            continue
        names.append(info.name)
    return sorted(names)


def test_walk_finds_every_core_module() -> None:
    modules = core_modules()
    assert set(modules) >= EXPECTED_CORE
    assert not any(_is_ui(name) for name in modules)
    assert "eqia_tui.__main__" not in modules


def test_is_ui() -> None:
    assert _is_ui("eqia_tui.app")
    assert _is_ui("eqia_tui.screens.wizard")
    assert _is_ui("eqia_tui.widgets")
    assert not _is_ui("eqia_tui.apparatus")
    assert not _is_ui("eqia_tui.store")


def test_core_modules_do_not_import_textual() -> None:
    modules = core_modules()
    # One fresh interpreter; note the first module after whose import Textual is loaded,
    # so a failure names the culprit.
    script = (
        "import importlib, json, sys\n"
        f"modules = {modules!r}\n"
        "culprit = None\n"
        "for name in modules:\n"
        "    importlib.import_module(name)\n"
        "    if culprit is None and 'textual' in sys.modules:\n"
        "        culprit = name\n"
        "loaded = sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.'))\n"
        "print(json.dumps({'imported': modules, 'textual': loaded, 'culprit': culprit}))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report["imported"] == modules
    assert report["culprit"] is None, f"{report['culprit']} imports Textual"
    assert report["textual"] == []


def test_the_cli_module_alone_stays_light() -> None:
    """`eqia --version` and `eqia rate` must not pay for the UI: importing the CLI loads
    neither Textual nor the app."""
    prefixes = ("textual", *UI_MODULES)
    code = (
        "import eqia_tui.cli, sys\n"
        f"print(sorted(m for m in sys.modules if m.startswith({prefixes!r})))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
