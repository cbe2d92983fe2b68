"""Huge inputs: `eqia check` on a 10 MB answer, and the Word export of 50,000 action rows.

    .venv/bin/python bench/huge_inputs.py                 # print the table (a minute or two)
    .venv/bin/python bench/huge_inputs.py --write-docs    # and put it in docs/performance.md
    .venv/bin/python bench/huge_inputs.py --quick         # 1 MB answers and up to 5,000 rows
    .venv/bin/python bench/huge_inputs.py --src OLD/src   # the eqia_tui found in OLD/src

Each case runs in a fresh process, on a copy of examples/customer-service-policy.toml written
to a temporary folder (EQIA_HOME and EQIA_CONFIG_DIR point there too):

- check: one answer replaced by a long text of one kind, then the real command,
  `eqia_tui.cli.main(["check", PATH])`, timed in the process (reading the file and printing
  the findings count; starting Python does not). "check()" is the part spent in
  `eqia_tui.core.checks.check`. The kinds are plain prose, and texts that once made a part of
  the check slow: a word with no spaces, lines in capitals, a short form followed by a
  bracket that never closes, brackets only, and many short sentences.
- docx: the action plan made of N rows (the example's 16 actions over and over), then
  `eqia_tui.cli.main(["export", PATH, "--format", "docx", "-o", OUT])`. The time per row
  stays the same as the rows grow when the export is linear.

Times are wall clock and CPU time of the process; on a busy machine trust the CPU time. A case
that takes longer than --timeout seconds (default 600) is stopped and shown as "> 600 s".
To compare with an older eqia, unpack its sources (`git archive COMMIT src | tar -x -C
/tmp/old`) and pass --src /tmp/old/src. These are benchmarks, not tests: nothing fails.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
import tomllib
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "customer-service-policy.toml"
DOCS = ROOT / "docs" / "performance.md"
COMMAND = ".venv/bin/python bench/huge_inputs.py --write-docs"
START_MARK = "<!-- bench:huge:start -->"
END_MARK = "<!-- bench:huge:end -->"

MB = 1_000_000
PROSE = (
    "Some older residents may be shut out if services move online without care. "
    "Less face-to-face contact could leave some people more isolated, and the Kent "
    "County Council (KCC) team will test new systems with a mix of customers.\n"
)
KINDS: dict[str, tuple[str, str]] = {
    # name: (what it is, the text repeated to the size wanted)
    "prose": ("plain prose, in paragraphs", PROSE),
    "word": ("one word, no spaces", "a"),
    "capitals": ('lines in capitals, "AB CD EF"', "AB CD EF\n"),
    "bracket": ('"KCC (a" again and again, no closing bracket', "KCC (a "),
    "brackets": ('"(" only', "("),
    "sentences": ('short sentences, "Go."', "Go. "),
}
GRID_ANSWER = ("screening", "age", "affects_details")
ROW_ANSWER = ("action_plan", "actions", 0, "issue")


@dataclass
class Case:
    kind: str  # "check" or "docx"
    name: str
    size: int  # characters of the answer, or rows of the action plan
    where: str = "grid"  # "grid" or "row": which answer holds the text (check only)

    @property
    def label(self) -> str:
        if self.kind == "docx":
            return f"Word export, {self.size:,} action rows"
        place = "a grid answer" if self.where == "grid" else "an action's cell"
        return f"check, {self.size / MB:g} MB in {place}: {KINDS[self.name][0]}"

    def args(self) -> list[str]:
        return ["--case", self.kind, self.name, str(self.size), self.where]


# --- One case, in a child process -----------------------------------------------------------------


def _text(kind: str, size: int) -> str:
    unit = KINDS[kind][1]
    return (unit * (size // len(unit) + 1))[:size]


def _assessment(folder: Path, case: Case) -> Path:
    import tomli_w

    data: Any = tomllib.loads(EXAMPLE.read_text(encoding="utf-8"))
    if case.kind == "check":
        target = data
        path = GRID_ANSWER if case.where == "grid" else ROW_ANSWER
        for part in path[:-1]:
            target = target[part]
        target[path[-1]] = _text(case.name, case.size)
    else:
        actions = data["action_plan"]["actions"]
        data["action_plan"]["actions"] = [dict(actions[i % len(actions)]) for i in range(case.size)]
    path_ = folder / "huge.toml"
    path_.write_text(tomli_w.dumps(data), encoding="utf-8")
    return path_


def run_case(case: Case) -> dict[str, float]:
    """Time the command in this process; return wall and CPU seconds, and the part inside."""
    from eqia_tui import cli
    from eqia_tui.core import checks
    from eqia_tui.exports import docx

    inner = {"wall": 0.0, "cpu": 0.0}

    def timed(function: Any) -> Any:
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            wall, cpu = time.perf_counter(), time.process_time()
            try:
                return function(*args, **kwargs)
            finally:
                inner["wall"] += time.perf_counter() - wall
                inner["cpu"] += time.process_time() - cpu

        return wrapper

    with tempfile.TemporaryDirectory(prefix="eqia-huge-") as tmp:
        folder = Path(tmp)
        os.environ["EQIA_HOME"] = str(folder / "home")
        os.environ["EQIA_CONFIG_DIR"] = str(folder / "config")
        path = _assessment(folder, case)
        if case.kind == "check":
            checks.check = timed(checks.check)  # the command imports it when it runs
            argv = ["check", str(path)]
        else:
            docx.to_docx = timed(docx.to_docx)  # the same
            argv = ["export", str(path), "--format", "docx", "-o", str(folder / "out.docx")]
        out = io.StringIO()
        wall, cpu = time.perf_counter(), time.process_time()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
            code = cli.main(argv)
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    if code not in (0, 1):
        raise SystemExit(f"{case.label}: eqia exited {code}")
    return {"wall": wall, "cpu": cpu, "inner_wall": inner["wall"], "inner_cpu": inner["cpu"]}


# --- The run --------------------------------------------------------------------------------------


def cases(quick: bool) -> list[Case]:
    size = MB if quick else 10 * MB
    out = [Case("check", name, size) for name in KINDS]
    out += [Case("check", "prose", size, "row"), Case("check", "capitals", size, "row")]
    rows = (1_250, 2_500, 5_000) if quick else (12_500, 25_000, 50_000)
    out += [Case("docx", "rows", n) for n in rows]
    return out


def run_child(case: Case, src: str | None, timeout: float) -> dict[str, float] | None:
    env = dict(os.environ)
    if src:
        env["PYTHONPATH"] = os.pathsep.join([src, env.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    command = [sys.executable, __file__, *case.args()]
    try:
        done = subprocess.run(
            command, env=env, capture_output=True, text=True, timeout=timeout, check=False
        )
    except subprocess.TimeoutExpired:
        return None
    if done.returncode != 0:
        raise SystemExit(f"{case.label}: the child failed:\n{done.stderr}")
    result: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def _seconds(value: float | None, timeout: float) -> str:
    return f"> {timeout:.0f} s" if value is None else f"{value:.2f} s"


def table(results: list[tuple[Case, dict[str, float] | None]], timeout: float) -> str:
    header = ["Case", "wall", "CPU", "inside", "CPU per row"]
    rows = []
    for case, got in results:
        inside = "check()" if case.kind == "check" else "to_docx()"
        if got is None:
            rows.append([case.label, _seconds(None, timeout), "-", "-", "-"])
            continue
        per_row = f"{got['cpu'] / case.size * 1000:.2f} ms" if case.kind == "docx" else ""
        rows.append(
            [
                case.label,
                _seconds(got["wall"], timeout),
                _seconds(got["cpu"], timeout),
                f"{inside} {got['inner_cpu']:.2f} s",
                per_row,
            ]
        )
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]

    def line(cells: list[str]) -> str:
        return "  ".join(
            c.ljust(w) if i == 0 else c.rjust(w)
            for i, (c, w) in enumerate(zip(cells, widths, strict=True))
        ).rstrip()

    return "\n".join([line(header), "  ".join("-" * w for w in widths), *map(line, rows)])


def _shown_path(path: Path) -> str:
    """`path` from the top of the project when it is inside it, else in full."""
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)


def write_docs(block: str) -> None:
    text = DOCS.read_text(encoding="utf-8")
    if START_MARK not in text or END_MARK not in text:
        raise SystemExit(f"{DOCS}: no {START_MARK} ... {END_MARK} block to fill")
    before, _, rest = text.partition(START_MARK)
    _, _, after = rest.partition(END_MARK)
    DOCS.write_text(before + START_MARK + "\n" + block + "\n" + END_MARK + after, encoding="utf-8")
    print(f"\nWrote the figures to {DOCS.relative_to(ROOT)}.")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write-docs", action="store_true", help="update docs/performance.md")
    parser.add_argument("--quick", action="store_true", help="1 MB answers, up to 5,000 rows")
    parser.add_argument("--src", help="import eqia_tui from this folder (an older version)")
    parser.add_argument("--timeout", type=float, default=600.0, help="seconds a case may take")
    parser.add_argument("--only", choices=("check", "docx"), help="run one kind of case")
    parser.add_argument("--case", nargs=4, help=argparse.SUPPRESS)  # a child runs one case
    args = parser.parse_args(argv)
    if args.case:
        kind, name, size, where = args.case
        print(json.dumps(run_case(Case(kind, name, int(size), where))))
        return 0
    import eqia_tui

    source = Path(args.src).resolve() if args.src else Path(eqia_tui.__file__).parents[1]
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    started = time.perf_counter()
    results: list[tuple[Case, dict[str, float] | None]] = []
    for case in cases(args.quick):
        if args.only and case.kind != args.only:
            continue
        print(f"[{time.perf_counter() - started:6.1f} s] {case.label} ...", flush=True)
        results.append((case, run_child(case, args.src, args.timeout)))
    printed = table(results, args.timeout)
    stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    block = "\n".join(
        [
            f"Latest run: {stamp}, with `{COMMAND}`, on {os.cpu_count()} CPUs, "
            f"Python {platform.python_version()}, load average {load:.2f} when it began.",
            "",
            "```text",
            printed,
            f"\neqia_tui from {_shown_path(source)}. "
            f"Whole run: {time.perf_counter() - started:.0f} s.",
            "```",
        ]
    )
    print()
    print(printed)
    if args.write_docs:
        if args.quick or args.src or args.only:
            raise SystemExit("--write-docs records a full run of this eqia only")
        write_docs(block)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
