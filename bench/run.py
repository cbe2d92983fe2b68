"""Benchmarks for eqia: each figure is a ratio against a baseline measured in the same run.

    .venv/bin/python bench/run.py                 # print the table
    .venv/bin/python bench/run.py --write-docs    # and put it in docs/performance.md
    make bench

What is measured (docs/performance.md says more):

1. Start-up. A fresh interpreter runs the real entry point, `eqia_tui.cli.main([])`, headless
   at 120x40 with five drafts in a temporary EQIA_HOME, until the first frame of the start
   screen is drawn (and, second row, until the first frame with the drafts listed). The
   baseline is bench/minimal_app.py in a fresh interpreter, until its first frame. The parent
   takes time.perf_counter() before starting the process; the child prints perf_counter()
   when the frame is done (CLOCK_MONOTONIC, shared by all processes). Imports count. The
   child also reports its CPU time at that point: on a busy machine it moves less than
   wall time. Children share a temporary bytecode cache (see child_env).
2. Import. Process start to `import eqia_tui.tui.app` done, against the same for
   `import textual.app`, and a `-X importtime` breakdown of where the import time goes.
3. Keystroke. In this process, with `App.run_test()` and `pilot.press`: one character typed
   into a long-text answer on the screening grid of kcc-eqia, against one character typed
   into the minimal app's Input. The figure is CPU time (time.process_time) per key, repaint
   included: pilot.press sleeps at least 40 ms per key waiting for the app to go idle, so
   wall time would mostly measure that sleep.
4. Save. One autosave of the example assessment, `store.dumps` + `files.atomic_write` (what
   the wizard does), against `tomli_w.dumps` + `Path.write_text` of the same document.

Pairs are interleaved, their order alternating, so drift hits both sides alike. Each row
shows both medians, the median of the paired ratios and the spread (25th to 75th percentile)
of those ratios. Everything happens in temporary folders: EQIA_HOME, EQIA_CONFIG_DIR and
EQIA_CACHE_DIR point there for this process and every child, so no real draft, setting or
index is touched. bench/lists.py measures the start screen and `eqia list` with many drafts.
These are benchmarks, not tests: nothing fails when a ratio is high.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT / "bench"
EXAMPLE = ROOT / "examples" / "customer-service-policy.toml"
DOCS = ROOT / "docs" / "performance.md"
DRIVER = BENCH / "startup_driver.py"
PYTHON = sys.executable
COMMAND = ".venv/bin/python bench/run.py --write-docs"
START_MARK = "<!-- bench:results:start -->"
END_MARK = "<!-- bench:results:end -->"
DRAFTS = 5
SIZE = (120, 40)
TARGET_STARTUP_RATIO = 1.25
TYPED = "the service must stay open to everyone "


@dataclass
class Row:
    """One line of the table: samples of eqia and of its baseline, paired."""

    name: str
    baseline: str
    eqia: list[float] = field(default_factory=list)
    base: list[float] = field(default_factory=list)
    ratios: list[float] = field(default_factory=list)
    unit: str = "ms"

    def add_pair(self, eqia: float, base: float) -> None:
        self.eqia.append(eqia)
        self.base.append(base)
        self.ratios.append(eqia / base if base > 0 else float("nan"))

    @property
    def ratio(self) -> float:
        return statistics.median(self.ratios)

    @property
    def spread(self) -> tuple[float, float]:
        if len(self.ratios) < 2:
            return self.ratios[0], self.ratios[0]
        q1, _, q3 = statistics.quantiles(self.ratios, n=4, method="inclusive")
        return q1, q3


@dataclass
class Results:
    rows: list[Row] = field(default_factory=list)
    importtime: list[tuple[str, float, float]] = field(default_factory=list)
    top_eqia_modules: list[tuple[str, float]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    seconds: float = 0.0
    load: str = field(default_factory=lambda: _load_average())


def _load_average() -> str:
    """The 1-minute load average when the run began: other work on the machine adds noise."""
    try:
        return f"{os.getloadavg()[0]:.2f}"
    except OSError:
        return "unknown"


# --- Setup ---------------------------------------------------------------------------------------


def make_home(root: Path, drafts: int) -> Path:
    """An EQIA_HOME with `drafts` copies of the example assessment, each under its own id."""
    home = root / "home"
    folder = home / "drafts"
    folder.mkdir(parents=True, exist_ok=True)
    text = EXAMPLE.read_text(encoding="utf-8")
    for number in range(1, drafts + 1):
        draft_id = f"customer-service-policy-{number}"
        copy = re.sub(r'(?m)^id = "[^"]*"$', f'id = "{draft_id}"', text, count=1)
        (folder / f"{draft_id}.toml").write_text(copy, encoding="utf-8")
    return home


def child_env(home: Path, config: Path, pycache: Path, cache: Path) -> dict[str, str]:
    """The environment of every child: temporary eqia folders (data, settings and the cache
    that holds the summary index) and a bytecode cache.

    With PYTHONDONTWRITEBYTECODE set (some shells and containers set it) and an editable
    install, eqia's own modules would be compiled from source at every start while the
    installed libraries load ready-made bytecode: an unfair handicap no installed eqia has.
    So the children write and read bytecode under a temporary PYTHONPYCACHEPREFIX, for
    every module alike, filled by a warm-up run. Nothing is written next to the sources.
    """
    env = dict(os.environ)
    env["EQIA_HOME"] = str(home)
    env["EQIA_CONFIG_DIR"] = str(config)
    env["EQIA_CACHE_DIR"] = str(cache)
    env["PYTHONPYCACHEPREFIX"] = str(pycache)
    env["EQIA_PLAIN"] = "0"  # the full-screen app, though its output goes to a pipe
    for name in ("PYTHONDONTWRITEBYTECODE", "PYTHONPROFILEIMPORTTIME", "TEXTUAL"):
        env.pop(name, None)
    return env


def interleave(rounds: int) -> list[tuple[str, str]]:
    """Orders for each round: eqia first, then baseline first, and so on."""
    return [("eqia", "base") if r % 2 == 0 else ("base", "eqia") for r in range(rounds)]


# --- 1. Start-up ---------------------------------------------------------------------------------


def start_once(which: str, env: dict[str, str], drafts: int = DRAFTS) -> dict[str, float]:
    """One run of bench/startup_driver.py: the moments it stamped, in seconds from launch."""
    started = time.perf_counter()
    done = subprocess.run(
        [PYTHON, str(DRIVER), which, str(drafts)],
        env=env,
        cwd=BENCH,
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
    )
    wall = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"start-up driver for {which} failed ({done.returncode}):\n{done.stderr}")
    stamps = {"wall": wall}
    for line in done.stdout.splitlines():
        fields = line.split()
        if len(fields) == 3:
            stamps[fields[0]] = float(fields[1]) - started
            stamps[fields[0] + "_cpu"] = float(fields[2])
    if "first_paint" not in stamps:
        raise SystemExit(f"start-up driver for {which} printed no time:\n{done.stdout}")
    return stamps


def bench_startup(env: dict[str, str], rounds: int, results: Results) -> None:
    drawn = Row("Start-up: start screen drawn", "minimal app drawn")
    listed = Row("Start-up: drafts listed", "minimal app drawn")
    drawn_cpu = Row("  CPU time to start screen", "minimal app CPU", unit="ms CPU")
    listed_cpu = Row("  CPU time to drafts listed", "minimal app CPU", unit="ms CPU")
    for _ in range(2):  # warm-up: fills the bytecode cache and the disk cache
        start_once("eqia", env)
        start_once("minimal", env)
    for order in interleave(rounds):
        got = {side: start_once("eqia" if side == "eqia" else "minimal", env) for side in order}
        eqia, base = got["eqia"], got["base"]
        drawn.add_pair(eqia["first_paint"] * 1000, base["first_paint"] * 1000)
        listed.add_pair(eqia["listed"] * 1000, base["first_paint"] * 1000)
        drawn_cpu.add_pair(eqia["first_paint_cpu"] * 1000, base["first_paint_cpu"] * 1000)
        listed_cpu.add_pair(eqia["listed_cpu"] * 1000, base["first_paint_cpu"] * 1000)
    results.rows += [drawn, drawn_cpu, listed, listed_cpu]


# --- 2. Import time ------------------------------------------------------------------------------


def import_once(module: str, env: dict[str, str]) -> tuple[float, float]:
    """Process start to `module` imported: (wall ms, CPU ms). The child stamps the times and
    leaves at once, so the interpreter's teardown does not count."""
    code = (
        f"import os, time, {module}; "
        "os.write(1, f'{time.perf_counter()!r} {time.process_time()!r}'.encode()); os._exit(0)"
    )
    started = time.perf_counter()
    done = subprocess.run(
        [PYTHON, "-c", code], env=env, capture_output=True, text=True, check=True, timeout=60
    )
    wall, cpu = (float(value) for value in done.stdout.split())
    return (wall - started) * 1000, cpu * 1000


def importtime_by_package(
    module: str, env: dict[str, str]
) -> tuple[dict[str, float], dict[str, float]]:
    """Self time (ms) of every module `import module` loads, summed by top-level package."""
    done = subprocess.run(
        [PYTHON, "-X", "importtime", "-c", f"import {module}"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    packages: dict[str, float] = {}
    modules: dict[str, float] = {}
    for line in done.stderr.splitlines():
        if not line.startswith("import time:") or "self [us]" in line:
            continue
        self_us, _cumulative, name = (part.strip() for part in line[12:].split("|"))
        top = name.split(".")[0]
        packages[top] = packages.get(top, 0.0) + int(self_us) / 1000
        modules[name] = int(self_us) / 1000
    return packages, modules


def bench_imports(env: dict[str, str], rounds: int, results: Results) -> None:
    row = Row("Import eqia_tui.tui.app", "import textual.app")
    cpu_row = Row("  CPU time to import", "textual.app CPU", unit="ms CPU")
    # What the start screen itself needs, for comparison: the drafts screen's module.
    screen_row = Row("  CPU, start screen module only", "textual.app CPU", unit="ms CPU")
    modules = {
        "eqia": "eqia_tui.tui.app",
        "screen": "textual.app, eqia_tui.tui.screens.drafts",
        "base": "textual.app",
    }
    for module in modules.values():
        import_once(module, env)  # warm-up
    for number in range(rounds):
        sides = list(modules)
        sides = sides[number % 3 :] + sides[: number % 3]
        got = {side: import_once(modules[side], env) for side in sides}
        row.add_pair(got["eqia"][0], got["base"][0])
        cpu_row.add_pair(got["eqia"][1], got["base"][1])
        screen_row.add_pair(got["screen"][1], got["base"][1])
    results.rows += [row, cpu_row, screen_row]

    # Five runs of -X importtime each. Noise only ever adds time, so each package and each
    # module gets the lowest of its five figures.
    eqia_runs = [importtime_by_package("eqia_tui.tui.app", env) for _ in range(5)]
    base_runs = [importtime_by_package("textual.app", env)[0] for _ in range(5)]
    names = set().union(*(p for p, _ in eqia_runs), *base_runs)

    def lowest(runs: list[dict[str, float]], name: str) -> float:
        return min(run.get(name, 0.0) for run in runs)

    table = [
        (name, lowest([p for p, _ in eqia_runs], name), lowest(base_runs, name)) for name in names
    ]
    table.sort(key=lambda item: item[1], reverse=True)
    big = [item for item in table if item[1] >= 3.0 or item[2] >= 3.0]
    rest = [item for item in table if item not in big]
    big.append(("(all others)", sum(i[1] for i in rest), sum(i[2] for i in rest)))
    big.append(("total", sum(i[1] for i in table), sum(i[2] for i in table)))
    results.importtime = big
    module_names = {m for _, mods in eqia_runs for m in mods if m.startswith("eqia_tui")}
    own = [(m, lowest([mods for _, mods in eqia_runs], m)) for m in module_names]
    own.sort(key=lambda item: item[1], reverse=True)
    results.top_eqia_modules = own[:6]


# --- 3. Keystroke --------------------------------------------------------------------------------


async def _type_keys(pilot: Any, keys: int) -> list[float]:
    """CPU ms for each key: the press, every handler it sets off, and the repaint."""
    samples = []
    for number in range(keys):
        char = TYPED[number % len(TYPED)]
        started = time.process_time()
        await pilot.press(char)
        samples.append((time.process_time() - started) * 1000)
    return samples


async def eqia_keys(home: Path, keys: int) -> list[float]:
    from textual.widgets import TextArea

    from eqia_tui.tui.app import EqiaApp
    from eqia_tui.tui.screens.wizard import WizardScreen

    path = home / "drafts" / "customer-service-policy-1.toml"
    app = EqiaApp(home, open_path=path)
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, WizardScreen), f"expected the wizard, got {screen!r}"
        screen.goto("screening", "age")
        for _ in range(3):
            await pilot.pause()
        area = screen.query_one("#step-screening #field-action_details TextArea", TextArea)
        area.cursor_blink = False
        area.focus()
        area.move_cursor(area.document.end)
        await pilot.pause()
        before = area.text
        samples = await _type_keys(pilot, keys)
        stored = screen.draft.assessment.answers["screening"]["age"]["action_details"]
        assert len(area.text) == len(before) + keys, "eqia: not every key reached the answer"
        assert stored == area.text, "eqia: the typed answer was not stored"
    return samples


async def minimal_keys(keys: int) -> list[float]:
    from textual.widgets import Input

    sys.path.insert(0, str(BENCH))
    from minimal_app import MinimalApp

    app = MinimalApp()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        box = app.query_one("#notes", Input)
        box.cursor_blink = False
        box.focus()
        await pilot.pause()
        samples = await _type_keys(pilot, keys)
        assert len(box.value) == keys, "minimal app: not every key reached the Input"
    return samples


def bench_keystroke(home: Path, rounds: int, keys: int, results: Results) -> None:
    row = Row("Keystroke in a long answer", "minimal app Input", unit="ms CPU")
    warm = 5  # the first keys of a run warm caches; they are typed but not counted
    eqia_all: list[float] = []
    base_all: list[float] = []
    ratios: list[float] = []
    for order in interleave(rounds):
        got = {}
        for side in order:
            if side == "eqia":
                got[side] = asyncio.run(eqia_keys(home, keys + warm))[warm:]
            else:
                got[side] = asyncio.run(minimal_keys(keys + warm))[warm:]
        eqia_all += got["eqia"]
        base_all += got["base"]
        ratios.append(statistics.median(got["eqia"]) / statistics.median(got["base"]))
    # Per-key samples for the medians; one paired ratio per round for the spread.
    row.eqia, row.base, row.ratios = eqia_all, base_all, ratios
    results.rows.append(row)


# --- 4. Save -------------------------------------------------------------------------------------


def bench_save(root: Path, repetitions: int, results: Results) -> None:
    import tomli_w

    from eqia_tui.core.disk.files import atomic_write
    from eqia_tui.core.model.assessment import to_document
    from eqia_tui.core.storage.registry import Registry
    from eqia_tui.core.storage.store import dumps, load_file

    loaded = load_file(EXAMPLE, Registry())
    q, a = loaded.questionnaire, loaded.assessment
    document = to_document(q, a)
    folder = root / "save"
    folder.mkdir()
    eqia_path, raw_path = folder / "eqia.toml", folder / "raw.toml"

    def eqia_save() -> None:
        a.updated = datetime.now(UTC)
        atomic_write(eqia_path, dumps(q, a))

    def raw_save() -> None:
        raw_path.write_text(tomli_w.dumps(document), encoding="utf-8")

    def eqia_dumps() -> None:
        dumps(q, a)

    def raw_dumps() -> None:
        tomli_w.dumps(document)

    text = dumps(q, a)

    def eqia_write() -> None:
        atomic_write(eqia_path, text)

    def raw_write() -> None:
        raw_path.write_text(text, encoding="utf-8")

    def timed(action: Callable[[], None]) -> float:
        # Start each write from a clean disk cache: on ext4 an fsync also flushes other
        # files' pending data, so without this one side would pay for the other's writes.
        os.sync()
        started = time.perf_counter()
        action()
        return (time.perf_counter() - started) * 1000

    pairs = [
        (Row("Save: one autosave", "tomli_w + write_text"), eqia_save, raw_save),
        (Row("  of which: serialise", "tomli_w.dumps"), eqia_dumps, raw_dumps),
        (Row("  of which: write the file", "Path.write_text"), eqia_write, raw_write),
    ]
    for _ in range(5):  # warm-up
        for _row, eqia_action, base_action in pairs:
            eqia_action()
            base_action()
    # All three rows in the same loop, so the parts and the whole see the same disk: on a
    # shared machine fsync can take ten times longer one minute than the next.
    for order in interleave(repetitions):
        for row, eqia_action, base_action in pairs:
            got = {side: timed(eqia_action if side == "eqia" else base_action) for side in order}
            row.add_pair(got["eqia"], got["base"])
    results.rows += [row for row, _, _ in pairs]
    results.notes.append(
        f"Save: {len(text.encode())} bytes written, in {tempfile.gettempdir()} "
        f"({_filesystem(Path(tempfile.gettempdir()))}). atomic_write syncs the file and the "
        "folder; write_text does not. os.sync() runs, untimed, before every timed save."
    )


def _filesystem(path: Path) -> str:
    """The file system type of `path`, from /proc/mounts (Linux), else "unknown"."""
    try:
        mounts = Path("/proc/mounts").read_text().splitlines()
    except OSError:
        return "unknown"
    best, kind = "", "unknown"
    resolved = str(path.resolve())
    for line in mounts:
        parts = line.split()
        if len(parts) < 3:
            continue
        point = parts[1]
        inside = resolved == point or resolved.startswith(point.rstrip("/") + "/")
        if inside and len(point) > len(best):
            best, kind = point, parts[2]
    return kind


# --- Output --------------------------------------------------------------------------------------


def machine(results: Results) -> list[tuple[str, str]]:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return [
        ("CPUs (nproc)", str(usable)),
        ("CPU", cpu),
        ("OS", f"{platform.system()} {platform.release()}"),
        ("Python", platform.python_version()),
        ("Textual", metadata.version("textual")),
        ("pydantic", metadata.version("pydantic")),
        ("eqia-tui", metadata.version("eqia-tui")),
        ("Load average (1 min) when the run began", results.load),
    ]


def _value(samples: list[float]) -> str:
    return f"{statistics.median(samples):.2f}" if samples else "-"


def table_rows(results: Results) -> list[list[str]]:
    rows = []
    for row in results.rows:
        low, high = row.spread
        rows.append(
            [
                row.name,
                row.baseline,
                str(len(row.ratios)),
                f"{_value(row.eqia)} {row.unit}",
                f"{_value(row.base)} {row.unit}",
                f"{row.ratio:.2f}x",
                f"{low:.2f}-{high:.2f}x",
            ]
        )
    return rows


HEADER = [
    "Measurement",
    "Baseline",
    "pairs",
    "eqia median",
    "baseline median",
    "ratio",
    "ratio p25-p75",
]


def text_table(header: list[str], rows: list[list[str]]) -> str:
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]

    def line(cells: list[str]) -> str:
        out = []
        for i, (cell, width) in enumerate(zip(cells, widths, strict=True)):
            out.append(cell.ljust(width) if i < 2 else cell.rjust(width))
        return "  ".join(out).rstrip()

    rule = "  ".join("-" * w for w in widths)
    return "\n".join([line(header), rule, *(line(r) for r in rows)])


def importtime_rows(results: Results) -> list[list[str]]:
    return [[name, f"{e:.1f}", f"{b:.1f}"] for name, e, b in results.importtime]


IMPORT_HEADER = ["package (self time, ms)", "eqia_tui.tui.app", "textual.app"]


def report(results: Results) -> str:
    parts = [text_table(HEADER, table_rows(results))]
    startup = next((r for r in results.rows if r.name.startswith("Start-up: start")), None)
    if startup is not None:
        verdict = "meets" if startup.ratio <= TARGET_STARTUP_RATIO else "misses"
        parts.append(
            f"Start-up target: within {TARGET_STARTUP_RATIO}x of the minimal app; "
            f"this run {verdict} it ({startup.ratio:.2f}x)."
        )
    if results.importtime:
        parts.append("Where the import time goes (python -X importtime, lowest of 5 runs):")
        parts.append(text_table(IMPORT_HEADER, importtime_rows(results)))
        own = ", ".join(f"{name} {ms:.1f}" for name, ms in results.top_eqia_modules)
        parts.append(f"Slowest eqia_tui modules to import (self ms): {own}")
    parts += results.notes
    parts.append(f"Whole run: {results.seconds:.0f} s.")
    return "\n\n".join(parts)


def markdown_table(header: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(cells) + " |" for cells in rows]
    return "\n".join(lines)


def docs_block(results: Results, printed: str) -> str:
    stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    lines = [
        START_MARK,
        f"Latest run: {stamp}, with `{COMMAND}`.",
        "",
        "Machine:",
        "",
        *(f"- {name}: {value}" for name, value in machine(results)),
        "",
        "The table as the script printed it:",
        "",
        "```text",
        printed,
        "```",
        END_MARK,
    ]
    return "\n".join(lines)


SKELETON = f"""# Performance

How fast eqia starts, answers a keystroke and saves, each against a baseline measured
side by side in the same run. Rerun with:

    {COMMAND}

## Latest figures

{START_MARK}
{END_MARK}
"""


def write_docs(results: Results, printed: str) -> None:
    text = DOCS.read_text(encoding="utf-8") if DOCS.exists() else SKELETON
    if START_MARK not in text or END_MARK not in text:
        text = text.rstrip("\n") + "\n\n## Latest figures\n\n" + START_MARK + "\n" + END_MARK + "\n"
    before, _, rest = text.partition(START_MARK)
    _, _, after = rest.partition(END_MARK)
    DOCS.write_text(before + docs_block(results, printed) + after, encoding="utf-8")
    print(f"\nWrote the figures to {DOCS.relative_to(ROOT)}.")


# --- Main ----------------------------------------------------------------------------------------

PARTS = ("startup", "import", "keys", "save")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write-docs", action="store_true", help="update docs/performance.md")
    parser.add_argument("--quick", action="store_true", help="fewer repetitions, to try it out")
    parser.add_argument(
        "--only", default=",".join(PARTS), help=f"comma-separated parts (default: all of {PARTS})"
    )
    args = parser.parse_args(argv)
    parts = {p.strip() for p in args.only.split(",") if p.strip()}
    unknown = parts - set(PARTS)
    if unknown:
        parser.error(f"unknown parts: {', '.join(sorted(unknown))}")
    quick = args.quick
    rounds = 3 if quick else 9  # start-up and import pairs
    key_rounds, keys = (2, 15) if quick else (4, 40)
    saves = 30 if quick else 200
    started = time.perf_counter()
    results = Results()
    print("; ".join(f"{name}: {value}" for name, value in machine(results)), flush=True)
    with tempfile.TemporaryDirectory(prefix="eqia-bench-") as tmp:
        root = Path(tmp)
        config = root / "config"
        config.mkdir()
        home = make_home(root, DRAFTS)
        # This process too: the keystroke and save benchmarks run eqia in-process.
        os.environ["EQIA_HOME"] = str(home)
        os.environ["EQIA_CONFIG_DIR"] = str(config)
        os.environ["EQIA_CACHE_DIR"] = str(root / "cache")
        env = child_env(home, config, root / "pycache", root / "cache")
        steps: list[tuple[str, Callable[[], None]]] = [
            ("startup", lambda: bench_startup(env, rounds, results)),
            ("import", lambda: bench_imports(env, rounds, results)),
            ("keys", lambda: bench_keystroke(home, key_rounds, keys, results)),
            ("save", lambda: bench_save(root, saves, results)),
        ]
        for name, step in steps:
            if name in parts:
                print(f"[{time.perf_counter() - started:5.1f} s] {name} ...", flush=True)
                step()
        shutil.rmtree(home, ignore_errors=True)
    results.seconds = time.perf_counter() - started
    printed = report(results)
    print()
    print(printed)
    if args.write_docs:
        write_docs(results, printed)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
