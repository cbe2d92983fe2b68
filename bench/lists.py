"""Benchmarks for many drafts: the start screen, `eqia list --json` and `eqia register`.

    .venv/bin/python bench/lists.py                 # print the tables
    .venv/bin/python bench/lists.py --write-docs    # and put them in docs/performance.md
    .venv/bin/python bench/lists.py --quick         # fewer sizes and rounds, to try it out
    make bench

Every figure is a ratio against a baseline run side by side, in pairs whose order swaps
each round. Each measurement is a fresh process started with the real entry point, timed
in wall-clock seconds from launch by this process (docs/performance.md says more):

1. Start screen. bench/startup_driver.py runs `eqia_tui.cli.main([])` headless with 0, 5 and
   1,000 drafts, the index warm, until the screen has SETTLED: every draft in the table,
   no worker running, nothing left to repaint. Against bench/minimal_app.py, settled the
   same way. With 1,000 drafts and no index (an empty cache folder every run): the first
   frame with some drafts in the table, and the moment all are listed.
2. `python -m eqia_tui list --json` over 100 to 10,000 drafts, the index warm and cold,
   against a fresh `python -c` that reads every file and parses it with tomllib alone.
3. `python -m eqia_tui register --format html -o FILE` over the largest folder, index warm,
   against the cold `eqia list --json` of the same folder.

The drafts are copies of examples/customer-service-policy.toml, each with its own id and
file name. EQIA_HOME, EQIA_CONFIG_DIR, EQIA_CACHE_DIR and the bytecode cache are temporary
folders, for every child. These are benchmarks, not tests: nothing fails when a ratio is high.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from run import (
    DOCS,
    EXAMPLE,
    PYTHON,
    ROOT,
    Results,
    child_env,
    machine,
    start_once,
    text_table,
)

COMMAND = ".venv/bin/python bench/lists.py --write-docs"
START_MARK = "<!-- bench:lists:start -->"
END_MARK = "<!-- bench:lists:end -->"
SCREEN_DRAFTS = (0, 5, 1000)
COLD_SCREEN_DRAFTS = 1000
LIST_SIZES = (100, 1000, 3000, 10000)
QUICK_LIST_SIZES = (100, 1000, 3000)
TARGET_SCREEN = 1.25
TARGET_FIRST_ROWS = 2.0
TARGET_WARM = 0.1
TARGET_COLD = 1.2
TOMLLIB = (
    "import sys, tomllib\n"
    "from pathlib import Path\n"
    "files = sorted(Path(sys.argv[1]).glob('*.toml'))\n"
    "for path in files:\n"
    "    tomllib.loads(path.read_text(encoding='utf-8'))\n"
    "print(len(files))\n"
)
"""The baseline for `eqia list`: read every draft and parse it, nothing more."""


# --- Records -------------------------------------------------------------------------------------


def median(samples: list[float]) -> float:
    return statistics.median(samples) if samples else float("nan")


def spread(ratios: list[float]) -> tuple[float, float]:
    if len(ratios) < 2:
        return (ratios[0], ratios[0]) if ratios else (float("nan"), float("nan"))
    q1, _, q3 = statistics.quantiles(ratios, n=4, method="inclusive")
    return q1, q3


@dataclass
class Timed:
    """One side of a pair: wall seconds from launch, and the child's CPU seconds."""

    wall: float
    cpu: float


@dataclass
class Paired:
    """One line of a table: eqia and its baseline, measured in pairs."""

    name: str
    baseline: str
    target: float | None = None
    eqia: list[Timed] = field(default_factory=list)
    base: list[Timed] = field(default_factory=list)

    def add(self, eqia: Timed, base: Timed) -> None:
        self.eqia.append(eqia)
        self.base.append(base)

    @property
    def ratios(self) -> list[float]:
        return [e.wall / b.wall for e, b in zip(self.eqia, self.base, strict=True) if b.wall > 0]

    @property
    def cpu_ratios(self) -> list[float]:
        return [e.cpu / b.cpu for e, b in zip(self.eqia, self.base, strict=True) if b.cpu > 0]

    @property
    def ratio(self) -> float:
        return median(self.ratios)

    def verdict(self) -> str:
        if self.target is None or not self.ratios:
            return "-"
        met = "meets" if self.ratio <= self.target else "misses"
        return f"{self.target:g}x: {met}"


@dataclass
class Point:
    """`eqia list --json` over one number of drafts."""

    files: int
    warm: Paired
    cold: Paired
    register: Paired | None = None


@dataclass
class Report:
    screen: list[Paired] = field(default_factory=list)
    points: list[Point] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    seconds: float = 0.0
    context: Results = field(default_factory=Results)  # the load average when the run began


# --- Setup ---------------------------------------------------------------------------------------


def set_drafts(folder: Path, count: int) -> None:
    """Make `folder` hold exactly `count` copies of the example, customer-service-policy-1
    to -count, each with the id line changed to match its file name. Copies already there
    are left alone (so a warm index stays warm for them).

    Each new copy is dated as if saved in the past day, a second apart, as the drafts in a
    real folder were saved before eqia starts. (A file saved a moment before the index
    records it is read again next time, in case a second save came in the same instant:
    copies dated now would make the first runs with a warm index read them all.)"""
    folder.mkdir(parents=True, exist_ok=True)
    day_ago = time.time() - 86_400
    lines = EXAMPLE.read_text(encoding="utf-8").splitlines(keepends=True)
    at = next(i for i, line in enumerate(lines) if line.startswith("id = "))
    for path in folder.glob("*.toml"):
        tail = path.stem.rsplit("-", 1)[-1]
        if not tail.isdigit() or int(tail) > count:
            path.unlink()
    for number in range(1, count + 1):
        draft_id = f"customer-service-policy-{number}"
        path = folder / f"{draft_id}.toml"
        if not path.exists():
            lines[at] = f'id = "{draft_id}"\n'
            path.write_text("".join(lines), encoding="utf-8")
            os.utime(path, (day_ago + number, day_ago + number))


def with_cache(env: dict[str, str], cache: Path) -> dict[str, str]:
    return {**env, "EQIA_CACHE_DIR": str(cache)}


class ColdCache:
    """A new, empty cache folder for one run: no index at all. Removed afterwards."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def __enter__(self) -> Path:
        self.path = Path(tempfile.mkdtemp(prefix="cold-", dir=self.root))
        return self.path

    def __exit__(self, *_: object) -> None:
        shutil.rmtree(self.path, ignore_errors=True)


def index_files(cache: Path) -> int:
    """How many files are in the cache folder: 0 means eqia wrote no index there."""
    return sum(1 for path in cache.rglob("*") if path.is_file()) if cache.exists() else 0


# --- Running children ----------------------------------------------------------------------------


class Failed(Exception):
    """A child that failed or printed the wrong thing: that case is left out, with a note."""


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_child(command: list[str], env: dict[str, str], cwd: Path) -> tuple[Timed, str]:
    """Run one process to its end: its wall and CPU seconds, and what it printed."""
    cpu = _children_cpu()
    started = time.perf_counter()
    done = subprocess.run(
        command, env=env, cwd=cwd, capture_output=True, text=True, timeout=1800, check=False
    )
    wall = time.perf_counter() - started
    if done.returncode != 0:
        shown = " ".join(command[:4])
        raise Failed(f"{shown} failed ({done.returncode}):\n{done.stderr[-3000:]}")
    return Timed(wall, _children_cpu() - cpu), done.stdout


def start(which: str, env: dict[str, str], drafts: int = 0) -> dict[str, Timed]:
    """One run of the start-up driver (bench/run.py `start_once`): each moment it stamped,
    from launch, with the CPU time so far."""
    try:
        stamps = start_once(which, env, drafts)
    except SystemExit as failed:  # start_once ends the script; here the case is left out
        raise Failed(str(failed)) from None
    if "settled" not in stamps:
        raise Failed(f"start-up driver for {which} never settled: {sorted(stamps)}")
    return {
        name: Timed(seconds, stamps[name + "_cpu"])
        for name, seconds in stamps.items()
        if name + "_cpu" in stamps
    }


def list_json(env: dict[str, str], home: Path, expected: int) -> Timed:
    timed, out = run_child([PYTHON, "-m", "eqia_tui", "list", "--json"], env, home)
    rows = json.loads(out)
    broken = [row["id"] for row in rows if "error" in row]
    if len(rows) != expected or broken:
        raise Failed(
            f"eqia list --json gave {len(rows)} rows for {expected} drafts; broken: {broken[:5]}"
        )
    return timed


def tomllib_all(env: dict[str, str], folder: Path, expected: int) -> Timed:
    timed, out = run_child([PYTHON, "-c", TOMLLIB, str(folder)], env, folder)
    if int(out) != expected:
        raise Failed(f"tomllib read {out.strip()} files, not {expected}")
    return timed


def register_html(env: dict[str, str], home: Path, out: Path) -> Timed:
    out.unlink(missing_ok=True)
    command = [PYTHON, "-m", "eqia_tui", "register", "--format", "html", "-o", str(out)]
    timed, _ = run_child(command, env, home)
    if not out.is_file() or out.stat().st_size == 0:
        raise Failed(f"eqia register wrote nothing to {out}")
    return timed


def has_register(env: dict[str, str], home: Path) -> bool:
    done = subprocess.run(
        [PYTHON, "-m", "eqia_tui", "register", "--help"],
        env=env,
        cwd=home,
        capture_output=True,
        timeout=60,
        check=False,
    )
    return done.returncode == 0


def rotations(names: list[str], rounds: int) -> list[list[str]]:
    """The order of the sides in each round: each side goes first in turn."""
    return [names[r % len(names) :] + names[: r % len(names)] for r in range(rounds)]


# --- 1. The start screen -------------------------------------------------------------------------


def bench_screen(
    root: Path, folder: Path, env: dict[str, str], rounds: int, cold_rounds: int, report: Report
) -> None:
    for drafts in SCREEN_DRAFTS:
        label = f"{drafts:,} draft{'' if drafts == 1 else 's'}"
        listed = Paired(f"{label}, index warm: drafts listed", "minimal app", TARGET_SCREEN)
        settled = Paired(f"{label}, index warm: screen settled", "minimal app", TARGET_SCREEN)
        try:
            warm_screen(root, folder, env, rounds, drafts, listed, settled, report)
        except Failed as error:
            report.notes.append(f"Start screen with {label}: not measured. {error}")
        report.screen += [row for row in (listed, settled) if row.ratios]

    drafts = COLD_SCREEN_DRAFTS
    first = Paired(
        f"{drafts:,} drafts, no index: first drafts shown", "minimal app", TARGET_FIRST_ROWS
    )
    listed = Paired(f"{drafts:,} drafts, no index: all listed", "minimal app")
    try:
        set_drafts(folder, drafts)
        for order in rotations(["eqia", "base"], cold_rounds):
            got = {}
            for side in order:
                with ColdCache(root) as cache:
                    cold = with_cache(env, cache)
                    if side == "eqia":
                        got[side] = start("eqia", cold, drafts)
                    else:
                        got[side] = start("minimal", cold)
            first.add(got["eqia"]["first_rows"], got["base"]["settled"])
            listed.add(got["eqia"]["listed"], got["base"]["settled"])
    except Failed as error:
        report.notes.append(f"Start screen with {drafts:,} drafts, no index: not measured. {error}")
    report.screen += [row for row in (first, listed) if row.ratios]


def warm_screen(
    root: Path,
    folder: Path,
    env: dict[str, str],
    rounds: int,
    drafts: int,
    listed: Paired,
    settled: Paired,
    report: Report,
) -> None:
    set_drafts(folder, drafts)
    cache = root / f"cache-screen-{drafts}"
    warm = with_cache(env, cache)
    # Warm-up: fills the index, the bytecode cache and the disk cache.
    list_json(warm, folder.parent, drafts)
    for _ in range(2):
        start("eqia", warm, drafts)
        start("minimal", warm)
    if drafts and not index_files(cache):
        report.notes.append(
            f"No index was written with {drafts:,} drafts: the runs read every file."
        )
    for order in rotations(["eqia", "base"], rounds):
        got = {
            side: start("eqia", warm, drafts) if side == "eqia" else start("minimal", warm)
            for side in order
        }
        listed.add(got["eqia"]["listed"], got["base"]["settled"])
        settled.add(got["eqia"]["settled"], got["base"]["settled"])


# --- 2 and 3. `eqia list --json` and `eqia register` ---------------------------------------------


def bench_lists(
    root: Path,
    home: Path,
    env: dict[str, str],
    sizes: tuple[int, ...],
    rounds: int,
    with_register: bool,
    report: Report,
) -> None:
    register_ok = with_register and has_register(env, home)
    if with_register and not register_ok:
        report.notes.append("`eqia register` does not exist yet in this tree: its row was skipped.")
    for files in sizes:
        point = Point(
            files,
            Paired(f"eqia list --json, {files:,} drafts, index warm", "tomllib", TARGET_WARM),
            Paired(f"eqia list --json, {files:,} drafts, no index", "tomllib", TARGET_COLD),
        )
        if register_ok and files == max(sizes):
            point.register = Paired(
                f"eqia register --format html, {files:,} drafts, index warm",
                "eqia list --json, no index",
                1.0,
            )
        try:
            measure_point(root, home, env, point, rounds, report)
        except Failed as error:
            report.notes.append(f"eqia list with {files:,} drafts: not measured. {error}")
        if not point.warm.ratios:
            continue
        report.points.append(point)
        print(
            f"    {files:,} drafts: tomllib {_seconds(point.warm.base):.2f} s, "
            f"warm {_seconds(point.warm.eqia):.2f} s, cold {_seconds(point.cold.eqia):.2f} s",
            flush=True,
        )


def measure_point(
    root: Path, home: Path, env: dict[str, str], point: Point, rounds: int, report: Report
) -> None:
    """The rounds of one point: tomllib, eqia list warm and cold, and perhaps the register."""
    files, folder = point.files, home / "drafts"
    set_drafts(folder, files)
    warm_cache = root / f"cache-list-{files}"
    warm = with_cache(env, warm_cache)
    page = root / "register.html"
    # Warm-up: fills the index, and reads every file into the disk cache.
    list_json(warm, home, files)
    if not index_files(warm_cache):
        report.notes.append(f"`eqia list` wrote no index with {files:,} drafts.")
    if point.register is not None:
        try:
            register_html(warm, home, page)
        except Failed as error:
            report.notes.append(f"eqia register: not measured. {error}")
            point.register = None
    sides = ["tomllib", "warm", "cold"] + (["register"] if point.register else [])
    for order in rotations(sides, rounds):
        got: dict[str, Timed] = {}
        for side in order:
            if side == "tomllib":
                got[side] = tomllib_all(env, folder, files)
            elif side == "warm":
                got[side] = list_json(warm, home, files)
            elif side == "cold":
                with ColdCache(root) as cache:
                    got[side] = list_json(with_cache(env, cache), home, files)
            else:
                got[side] = register_html(warm, home, page)
        point.warm.add(got["warm"], got["tomllib"])
        point.cold.add(got["cold"], got["tomllib"])
        if point.register is not None:
            point.register.add(got["register"], got["cold"])


# --- Output --------------------------------------------------------------------------------------


def _seconds(samples: list[Timed]) -> float:
    return median([t.wall for t in samples])


def _ratio_cells(row: Paired) -> list[str]:
    low, high = spread(row.ratios)
    cpu = median(row.cpu_ratios)
    return [f"{row.ratio:.2f}x", f"{low:.2f}-{high:.2f}x", f"{cpu:.2f}x"]


PAIRED_HEADER = [
    "Measurement",
    "Baseline",
    "pairs",
    "eqia median",
    "baseline median",
    "ratio",
    "ratio p25-p75",
    "CPU ratio",
    "target",
]


def paired_rows(rows: list[Paired]) -> list[list[str]]:
    return [
        [
            row.name,
            row.baseline,
            str(len(row.ratios)),
            f"{_seconds(row.eqia):.3f} s",
            f"{_seconds(row.base):.3f} s",
            *_ratio_cells(row),
            row.verdict(),
        ]
        for row in rows
    ]


POINT_HEADER = [
    "files",
    "pairs",
    "tomllib",
    "eqia warm",
    "warm ratio",
    "eqia cold",
    "cold ratio",
    "per 1,000 files: tomllib",
    "warm",
    "cold",
]


def point_rows(points: list[Point]) -> list[list[str]]:
    rows = []
    for point in points:
        base, warm = _seconds(point.warm.base), _seconds(point.warm.eqia)
        cold = _seconds(point.cold.eqia)
        per = 1000 / point.files
        rows.append(
            [
                f"{point.files:,}",
                str(len(point.warm.ratios)),
                f"{base:.2f} s",
                f"{warm:.2f} s",
                f"{point.warm.ratio:.3f}x",
                f"{cold:.2f} s",
                f"{point.cold.ratio:.2f}x",
                f"{base * per:.2f} s",
                f"{warm * per:.2f} s",
                f"{cold * per:.2f} s",
            ]
        )
    return rows


def fit(points: list[Point], side: Callable[[Point], list[Timed]]) -> tuple[float, float]:
    """Least squares, seconds = start + slope x files: (start s, s per 1,000 files)."""
    xs = [float(p.files) for p in points]
    ys = [_seconds(side(p)) for p in points]
    mean_x, mean_y = statistics.fmean(xs), statistics.fmean(ys)
    slope = sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True)) / sum(
        (x - mean_x) ** 2 for x in xs
    )
    return mean_y - slope * mean_x, slope * 1000


def render(report: Report) -> str:
    parts = []
    if report.screen:
        parts.append("The start screen, from launch (seconds):")
        parts.append(text_table(PAIRED_HEADER, paired_rows(report.screen)))
    if report.points:
        parts.append("eqia list --json against tomllib alone, each point (median seconds):")
        parts.append(text_table(POINT_HEADER, point_rows(report.points)))
        if len(report.points) >= 2:
            lines = ["Straight-line fit, seconds = start + files x slope:"]
            for name, side in (
                ("tomllib", lambda p: p.warm.base),
                ("eqia, index warm", lambda p: p.warm.eqia),
                ("eqia, no index", lambda p: p.cold.eqia),
            ):
                begin, slope = fit(report.points, side)
                lines.append(f"  {name}: {begin:.2f} s + {slope:.3f} s per 1,000 files")
            parts.append("\n".join(lines))
        largest = report.points[-1]
        rows = [largest.warm, largest.cold]
        if largest.register is not None:
            rows.append(largest.register)
        parts.append(f"Against the targets, {largest.files:,} drafts:")
        parts.append(text_table(PAIRED_HEADER, paired_rows(rows)))
    parts += report.notes
    parts.append(f"Whole run: {report.seconds:.0f} s.")
    return "\n\n".join(parts)


def docs_block(report: Report, printed: str, command: str) -> str:
    stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    return "\n".join(
        [
            START_MARK,
            f"Latest run: {stamp}, with `{command}`.",
            "",
            "Machine:",
            "",
            *(f"- {name}: {value}" for name, value in machine(report.context)),
            "",
            "```text",
            printed,
            "```",
            END_MARK,
        ]
    )


def write_docs(report: Report, printed: str, command: str) -> None:
    text = DOCS.read_text(encoding="utf-8")
    if START_MARK not in text or END_MARK not in text:
        text = text.rstrip("\n") + "\n\n## Many drafts\n\n" + START_MARK + "\n" + END_MARK + "\n"
    before, _, rest = text.partition(START_MARK)
    _, _, after = rest.partition(END_MARK)
    DOCS.write_text(before + docs_block(report, printed, command) + after, encoding="utf-8")
    print(f"\nWrote the figures to {DOCS.relative_to(ROOT)}.")


# --- Main ----------------------------------------------------------------------------------------

PARTS = ("screen", "list", "register")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--write-docs", action="store_true", help="update docs/performance.md")
    parser.add_argument("--quick", action="store_true", help="fewer sizes and rounds")
    parser.add_argument(
        "--only", default=",".join(PARTS), help=f"comma-separated parts (default: all of {PARTS})"
    )
    parser.add_argument(
        "--sizes", help="comma-separated numbers of drafts for eqia list (default 100,...,10000)"
    )
    args = parser.parse_args(argv)
    parts = {p.strip() for p in args.only.split(",") if p.strip()}
    if parts - set(PARTS):
        parser.error(f"unknown parts: {', '.join(sorted(parts - set(PARTS)))}")
    sizes: tuple[int, ...] = QUICK_LIST_SIZES if args.quick else LIST_SIZES
    if args.sizes:
        sizes = tuple(sorted(int(n.replace(",", "")) for n in args.sizes.split(",")))
    screen_rounds, cold_rounds, list_rounds = (3, 2, 1) if args.quick else (7, 5, 3)
    started = time.perf_counter()
    report = Report()
    print("; ".join(f"{name}: {value}" for name, value in machine(report.context)), flush=True)
    with tempfile.TemporaryDirectory(prefix="eqia-bench-lists-") as tmp:
        root = Path(tmp)
        config, home = root / "config", root / "home"
        config.mkdir()
        (home / "drafts").mkdir(parents=True)
        env = child_env(home, config, root / "pycache", root / "cache")
        if "screen" in parts:
            print(f"[{time.perf_counter() - started:5.0f} s] start screen ...", flush=True)
            bench_screen(root, home / "drafts", env, screen_rounds, cold_rounds, report)
            # Shown now too: the lists take much longer.
            print(text_table(PAIRED_HEADER, paired_rows(report.screen)), flush=True)
        if parts & {"list", "register"}:
            print(f"[{time.perf_counter() - started:5.0f} s] eqia list ...", flush=True)
            bench_lists(root, home, env, sizes, list_rounds, "register" in parts, report)
    report.seconds = time.perf_counter() - started
    report.notes.append(f"Load average (1 min) when the run ended: {Results().load}.")
    printed = render(report)
    print()
    print(printed)
    if args.write_docs:
        command = "python bench/lists.py " + " ".join(sys.argv[1:] if argv is None else argv)
        write_docs(report, printed, ".venv/bin/" + command.strip())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
