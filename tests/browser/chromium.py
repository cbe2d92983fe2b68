"""Headless Chromium for the browser tests: an accessibility audit with axe-core, and the page
printed to PDF to count its pages and find table rows split across two pages.

The browser is the Debian `chromium` package (no browser is downloaded). Playwright's sync API
keeps an asyncio loop marked as running in the thread that started it, which would break every
async (Textual) test run after it in the same process. So the browser lives in a thread of its
own, and each job (`audit`, `printed`, `links`, `ids_in`) runs there through `Chromium.run`.
"""

from __future__ import annotations

import importlib.util
import math
import os
import re
import shutil
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar
from urllib.parse import unquote, urlsplit

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page, Playwright

DEBIAN_CHROMIUM = Path("/usr/bin/chromium")

LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
"""Every rule axe-core has for WCAG 2.0, 2.1 and 2.2 at levels A and AA."""

CSS_PX_PER_MM = 96 / 25.4
CSS_PX_PER_PT = 96 / 72
A4_PT = (841.89, 595.28)
"""A4 in PDF points, landscape (297 mm by 210 mm)."""

T = TypeVar("T")


def find_chromium() -> Path | None:
    """The Chromium to test with: $EQIA_CHROMIUM when set (empty: none), else `chromium` on
    the PATH, else the Debian package's path."""
    chosen = os.environ.get("EQIA_CHROMIUM")
    if chosen is not None:
        return Path(chosen) if chosen and Path(chosen).is_file() else None
    found = shutil.which("chromium")
    if found:
        return Path(found)
    return DEBIAN_CHROMIUM if DEBIAN_CHROMIUM.is_file() else None


def why_not_available() -> str | None:
    """Why the browser tests cannot run here, or None when they can."""
    for module, package in (
        ("playwright", "playwright"),
        ("axe_playwright_python", "axe-playwright-python"),
    ):
        if importlib.util.find_spec(module) is None:
            return (
                f"{package} is not installed: install the test extras with pip install -e '.[test]'"
            )
    if find_chromium() is None:
        return (
            "Chromium is not installed (no `chromium` on the PATH, no /usr/bin/chromium, "
            "or $EQIA_CHROMIUM names no file): install the Debian package `chromium`, "
            "as .ci/run does"
        )
    return None


@dataclass
class Tabs:
    """The two tabs every job uses: opening a tab costs more than loading a page in it."""

    audit: Page
    """axe-core is put in every page this tab loads, before the page's own content."""
    plain: Page
    """For printing, links and pictures."""


class Chromium:
    """One headless Chromium, started once, driven from a thread of its own."""

    def __init__(self, executable: Path) -> None:
        self._thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="chromium")
        self._playwright: Playwright | None = None
        self._browser: Browser | None = None
        self._tabs: Tabs | None = None
        try:
            self._thread.submit(self._start, executable).result()
        except BaseException:
            self.close()
            raise

    def _start(self, executable: Path) -> None:
        from axe_playwright_python.sync_playwright import Axe  # deferred: slow import
        from playwright.sync_api import sync_playwright  # deferred: slow import

        self._playwright = sync_playwright().start()
        self._browser = self._playwright.chromium.launch(
            executable_path=str(executable), args=LAUNCH_ARGS
        )
        self._tabs = Tabs(audit=self._browser.new_page(), plain=self._browser.new_page())
        self._tabs.audit.add_init_script(script=Axe().axe_script)

    def run(self, job: Callable[..., T], *args: Any) -> T:
        """Run `job(tabs, *args)` in the browser's thread and return what it returns."""
        return self._thread.submit(self._job, job, *args).result()

    def _job(self, job: Callable[..., T], *args: Any) -> T:
        assert self._tabs is not None
        return job(self._tabs, *args)

    def close(self) -> None:
        self._thread.submit(self._stop).result()
        self._thread.shutdown()

    def _stop(self) -> None:
        if self._browser is not None:
            self._browser.close()
        if self._playwright is not None:
            self._playwright.stop()


# --- The accessibility audit --------------------------------------------------------------------


@dataclass(frozen=True)
class Violation:
    """One axe-core rule the page breaks, and where."""

    id: str
    impact: str
    help: str
    targets: tuple[str, ...]

    def __str__(self) -> str:
        where = "; ".join(self.targets[:8]) + (" ..." if len(self.targets) > 8 else "")
        return f"{self.id} ({self.impact}): {self.help}. Where: {where}"


def audit(tabs: Tabs, url: str, media: tuple[str, ...] = ("screen",)) -> list[Violation]:
    """axe-core's WCAG 2.2 A and AA rules over the page, as shown on each of `media`."""
    # Only the violations in full: the rules passed are the bulk of a full report.
    options = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}
    page = tabs.audit
    page.emulate_media(media="screen")
    page.goto(url)
    found: list[Violation] = []
    for shown_on in media:
        page.emulate_media(media=shown_on)  # type: ignore[arg-type]
        rules = page.evaluate("options => axe.run(document, options)", options)["violations"]
        found += [
            Violation(
                id=rule["id"] + ("" if shown_on == "screen" else f" ({shown_on})"),
                impact=str(rule.get("impact")),
                help=rule.get("help", ""),
                targets=tuple(
                    " ".join(str(part) for part in node["target"]) for node in rule["nodes"]
                ),
            )
            for rule in rules
        ]
    return found


# --- Printing -----------------------------------------------------------------------------------

# How a split row is found. Measuring the page on screen and cutting it into page-high slices
# does not work: printing moves a row that would not fit to the next page (`break-inside:
# avoid`), repeats table headers and honours `break-after`, so every break after the first
# lands somewhere else. Instead the test asks the printed PDF itself. Before printing, tiny
# links are put in the page as marks (absolutely placed, so nothing else moves: the test checks
# the page count is the same with and without them). Chromium writes every link into the PDF
# as an annotation on the page where it is drawn, so each mark's page can be read back.
#
# Each thing that must not be cut by a page break gets a mark where it starts and one where
# it ends: a table row (its top edge and its bottom edge; a row split by a page break has its
# top mark on one page and its bottom mark on the next), a table's header row with the first
# row under it (a header alone at the foot of a page says nothing), and a heading with the
# start of what follows it. A header row repeated on each page has its marks on every page:
# what counts is the page where each mark is first drawn.

MARK_SPANS = """
() => {
  const shown = element => element !== null && element.getClientRects().length > 0;
  const words = element => element.innerText.trim().replace(/\\s+/g, ' ').slice(0, 60);
  let count = 0;
  const mark = (element, edge) => {
    const id = count++;
    if (getComputedStyle(element).position === 'static') element.style.position = 'relative';
    const link = document.createElement('a');
    link.href = `https://mark.invalid/${id}`;
    link.setAttribute('style',
      `position: absolute; left: 0; ${edge}: 0; width: 4px; height: 1px; display: block`);
    (element.tagName === 'TR' ? element.cells[0] : element).appendChild(link);
    return id;
  };
  const rowsOf = sections => sections.flatMap(section => Array.from(section.rows))
    .filter(row => shown(row) && row.cells.length > 0);
  const spans = [];
  for (const row of rowsOf([{rows: document.querySelectorAll('tr')}])) {
    spans.push({kind: 'row', what: words(row.cells[0]), start: mark(row, 'top'),
                end: mark(row, 'bottom')});
  }
  for (const table of document.querySelectorAll('table')) {
    const head = rowsOf(table.tHead ? [table.tHead] : []);
    const body = rowsOf(Array.from(table.tBodies));
    if (head.length > 0 && body.length > 0 && shown(table)) {
      const caption = table.caption ? table.caption.textContent.trim() : words(head[0]);
      spans.push({kind: 'header', what: caption.slice(0, 60),
                  start: mark(head[head.length - 1], 'top'), end: mark(body[0], 'bottom')});
    }
  }
  for (const heading of document.querySelectorAll('h1, h2, h3, h4, h5, h6')) {
    let next = heading.nextElementSibling;
    while (next !== null && !shown(next)) next = next.nextElementSibling;
    // A heading hidden for all but screen readers is not printed: it cannot be cut.
    const hidden = heading.getBoundingClientRect().height <= 1;
    if (!shown(heading) || hidden || next === null) continue;
    const first = next.tagName === 'TABLE' ? rowsOf([next])[0] : next;
    if (!first) continue;
    spans.push({kind: 'heading', what: words(heading), start: mark(heading, 'top'),
                end: mark(first, 'top')});
  }
  return spans;
}
"""

ROWS_NOT_KEPT_WHOLE = """
() => Array.from(document.querySelectorAll('tr'))
  .filter(row => row.getClientRects().length > 0)
  .filter(row => getComputedStyle(row).breakInside !== 'avoid'
              && getComputedStyle(row).pageBreakInside !== 'avoid')
  .map(row => row.innerText.trim().slice(0, 60))
"""

PAGE_MARGINS = """
() => {
  const found = [];
  const walk = rules => {
    for (const rule of rules) {
      if (rule instanceof CSSPageRule) {
        const style = rule.style;
        found.push([style.marginTop, style.marginRight, style.marginBottom, style.marginLeft]);
      } else if (rule.cssRules) {
        walk(rule.cssRules);
      }
    }
  };
  for (const sheet of document.styleSheets) walk(sheet.cssRules);
  return found;
}
"""

_UNITS = {"mm": CSS_PX_PER_MM, "cm": 10 * CSS_PX_PER_MM, "in": 96.0, "pt": CSS_PX_PER_PT, "px": 1.0}


def css_px(length: str) -> float | None:
    """A CSS length such as "12mm" in CSS pixels; None for "" or a length in other units."""
    match = re.fullmatch(r"(-?[\d.]+)(mm|cm|in|pt|px)", length.strip())
    return float(match[1]) * _UNITS[match[2]] if match else None


@dataclass(frozen=True)
class Cut:
    """Something a page break cut: its kind ("row", "header" or "heading"), its words, and the
    pages where its start and its end are first drawn (0: not drawn)."""

    kind: str
    what: str
    start_page: int
    end_page: int

    def __str__(self) -> str:
        kinds = {
            "row": "the table row",
            "header": "the header row of the table",
            "heading": "the heading",
        }
        ends = {
            "row": "it ends",
            "header": "the first row under it is",
            "heading": "what follows it starts",
        }
        return (
            f"{kinds[self.kind]} {self.what!r} is on page {self.start_page}; "
            f"{ends[self.kind]} on page {self.end_page}"
        )


@dataclass
class Printed:
    """A page printed to PDF by Chromium, on the page size its print stylesheet asks for."""

    pages: int
    page_size_pt: tuple[float, float]
    """The first page's width and height in PDF points."""
    printable_px: tuple[float, float]
    """The width and height inside the page margins, in CSS pixels."""
    height_px: float
    """The whole page's height when laid out for print at the printable width, in one piece."""
    width_px: float
    """Its width, laid out the same way: more than the printable width means it is shrunk."""
    rows: int
    """How many table rows were printed."""
    cuts: list[Cut] = field(default_factory=list)
    """What the page breaks cut: rows, a header row from its table, a heading from its text."""
    rows_not_kept_whole: list[str] = field(default_factory=list)
    """Rows whose computed style allows a page break inside them."""
    pages_with_marks: int = 0

    @property
    def expected_pages(self) -> float:
        """How many pages the content fills if it were cut into page-high slices."""
        return self.height_px / self.printable_px[1]


def printed(tabs: Tabs, url: str) -> Printed:
    page = tabs.plain
    page.emulate_media(media="print")  # page.pdf prints with the emulated media
    page.goto(url)
    pdf = page.pdf(format="A4", prefer_css_page_size=True)
    size = page_size(pdf)
    # Each side's margin from the last @page rule that sets it (0 when none does).
    top, right, bottom, left = [0.0, 0.0, 0.0, 0.0]
    for rule in page.evaluate(PAGE_MARGINS):
        sides = [css_px(length) for length in rule]
        top, right, bottom, left = (
            new if new is not None else old
            for new, old in zip(sides, (top, right, bottom, left), strict=True)
        )
    width = size[0] * CSS_PX_PER_PT - left - right
    height = size[1] * CSS_PX_PER_PT - top - bottom
    page.set_viewport_size({"width": round(width), "height": round(height)})
    height_px, width_px = page.evaluate(
        "[document.documentElement.scrollHeight, document.documentElement.scrollWidth]"
    )
    not_whole = page.evaluate(ROWS_NOT_KEPT_WHOLE)
    spans = page.evaluate(MARK_SPANS)
    marked = page.pdf(format="A4", prefer_css_page_size=True)
    first = first_pages(marked)
    cuts = [
        Cut(span["kind"], span["what"], first.get(span["start"], 0), first.get(span["end"], 0))
        for span in spans
        if first.get(span["start"], 0) != first.get(span["end"], 0) or span["start"] not in first
    ]
    return Printed(
        pages=len(page_tree(pdf)),
        page_size_pt=size,
        printable_px=(width, height),
        height_px=float(height_px),
        width_px=float(width_px),
        rows=sum(span["kind"] == "row" for span in spans),
        cuts=cuts,
        rows_not_kept_whole=not_whole,
        pages_with_marks=len(page_tree(marked)),
    )


def violations_message(url: str, found: list[Violation]) -> str:
    return f"axe-core found {len(found)} problems in {url}:\n" + "\n".join(f"  {v}" for v in found)


def print_problems(url: str, result: Printed, most_pages: int) -> list[str]:
    """What is wrong with the printed page: a page break that cuts a table row, or leaves a
    header row or a heading at the foot of a page without what it heads; rows that a break
    may cut; a page wider than the paper; too few or too many pages."""
    problems = [f"{url}: {cut}" for cut in result.cuts]
    if result.rows_not_kept_whole:
        problems.append(
            f"{url}: rows a page break may cut (no break-inside: avoid when printed): "
            f"{result.rows_not_kept_whole}"
        )
    if result.pages_with_marks != result.pages:
        problems.append(f"{url}: the test's marks changed the page breaks")
    # Wider than the page: Chromium would shrink the whole document to fit.
    if result.width_px > result.printable_px[0] + 1:
        problems.append(
            f"{url}: {result.width_px:.0f} CSS pixels wide; the printed page has "
            f"{result.printable_px[0]:.0f}"
        )
    # No fewer pages than the content fills in one piece, and not many more: rows moved to
    # the next page and headers repeated add a little, blank pages or a break before every
    # section much more.
    lowest = math.floor(result.expected_pages)
    highest = min(most_pages, math.ceil(result.expected_pages * 1.3) + 1)
    if not lowest <= result.pages <= highest:
        problems.append(
            f"{url}: {result.pages} pages printed; the content fills "
            f"{result.expected_pages:.1f}, so between {lowest} and {highest} were expected"
        )
    return problems


def check_print(url: str, result: Printed, most_pages: int) -> None:
    problems = print_problems(url, result, most_pages)
    assert problems == [], "printed to PDF:\n" + "\n".join(f"  {p}" for p in problems)


# --- Reading the PDF ----------------------------------------------------------------------------
# Chromium (Skia) writes plain PDF objects, with only the page contents compressed, so the page
# tree and the link annotations can be read with a few patterns: no PDF library needed.

_OBJECT = re.compile(rb"(\d+) 0 obj\s*(.*?)\bendobj", re.S)
_REF = re.compile(rb"(\d+) 0 R")


def _objects(pdf: bytes) -> dict[int, bytes]:
    return {int(m[1]): m[2] for m in _OBJECT.finditer(pdf)}


def page_tree(pdf: bytes) -> list[bytes]:
    """The page objects, in page order (read from the page tree's /Kids)."""
    objects = _objects(pdf)
    roots = [
        body
        for body in objects.values()
        if re.search(rb"/Type\s*/Pages\b", body) and b"/Parent" not in body
    ]
    assert len(roots) == 1, "the PDF has no single page tree"
    pages: list[bytes] = []

    def walk(node: bytes) -> None:
        if re.search(rb"/Type\s*/Pages\b", node):
            kids = re.search(rb"/Kids\s*\[([^\]]*)\]", node)
            for ref in _REF.findall(kids[1] if kids else b""):
                walk(objects[int(ref)])
        else:
            pages.append(node)

    walk(roots[0])
    return pages


def page_size(pdf: bytes) -> tuple[float, float]:
    box = re.search(rb"/MediaBox\s*\[\s*([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s*\]", pdf)
    assert box, "the PDF has no page size"
    return (float(box[3]) - float(box[1]), float(box[4]) - float(box[2]))


def first_pages(pdf: bytes) -> dict[int, int]:
    """For each mark, the page (from 1) where it is first drawn."""
    objects = _objects(pdf)
    found: dict[int, int] = {}
    for number, page in enumerate(page_tree(pdf), start=1):
        annots = re.search(rb"/Annots\s*\[([^\]]*)\]", page)
        for ref in _REF.findall(annots[1] if annots else b""):
            mark = re.search(rb"/URI\s*\(https://mark\.invalid/(\d+)\)", objects.get(int(ref), b""))
            if mark:
                found.setdefault(int(mark[1]), number)
    return found


# --- Links ----------------------------------------------------------------------------------


def links(tabs: Tabs, url: str) -> list[tuple[str, str]]:
    """Every link on the page: its href as written and as the browser resolves it."""
    tabs.plain.goto(url)
    found: list[tuple[str, str]] = tabs.plain.evaluate(
        "() => Array.from(document.querySelectorAll('a[href]'))"
        ".map(a => [a.getAttribute('href'), a.href])"
    )
    return found


def ids_in(tabs: Tabs, url: str) -> set[str]:
    tabs.plain.goto(url)
    found: list[str] = tabs.plain.evaluate(
        "() => Array.from(document.querySelectorAll('[id]')).map(e => e.id)"
    )
    return set(found)


def file_of(url: str) -> Path:
    """The file a file:// address names."""
    parts = urlsplit(url)
    assert parts.scheme == "file", url
    return Path(unquote(parts.path))
