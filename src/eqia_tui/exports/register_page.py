"""The register as web pages: one accessible, printable page, or a folder of them.

The page has landmarks, a skip link, a summary of the counts, and one table with a caption
and column headers. It has no scripts: the other orders and the filters are pages of their
own, linked from the top of each page. Every text from a file is escaped.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from html import escape
from typing import Any

from eqia_tui import __version__
from eqia_tui.core.model.statuses import STATUS_WORDS, STATUSES, in_words
from eqia_tui.core.review.due_dates import DueItem
from eqia_tui.core.storage.summary import Summary
from eqia_tui.core.text.safe_text import shown
from eqia_tui.exports.register import (
    MAIN_PAGE,
    NOT_CHOSEN,
    Counts,
    Entry,
    Register,
    actions_overdue,
    counts,
    impacts_words,
    review_state,
    signed_day,
    status_words,
    suggested_words,
    weighting_rank,
)

# --- The web page ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Order:
    """One order of the rows, a page of its own in a folder."""

    name: str
    """Its page, beside index.html."""
    words: str
    """ "directorate, then title" """
    key: Callable[[Entry], tuple[Any, ...]]


ORDERS = (
    Order(MAIN_PAGE, "directorate, then title", lambda e: ()),
    Order(
        "by-weighting.html",
        "weighting, highest first",
        lambda e: (bool(e.summary.error), weighting_rank(e.summary.own_rating)),
    ),
    Order(
        "by-status.html",
        "review status",
        lambda e: (bool(e.summary.error), _status_rank(e.summary.review_status)),
    ),
    Order(
        "by-review-date.html",
        "review date, soonest first",
        lambda e: (
            bool(e.summary.error),
            e.summary.review_date is None,
            e.summary.review_date or date.min,
        ),
    ),
)
"""The orders offered; each sorts by its key first, then in the register's order."""


def _status_rank(status: str) -> int:
    return STATUSES.index(status) if status in STATUSES else len(STATUSES)


@dataclass(frozen=True)
class Page:
    """One page of a register written to a folder."""

    name: str
    html: str


@dataclass(frozen=True)
class _Filter:
    name: str
    """The page's file name."""
    words: str
    """What it shows, in words: "review status: Signed off"."""
    keep: Callable[[int, Entry], bool]


def to_html(register: Register) -> str:
    """The register as one page, in the register's order, with no links to other pages."""
    return _page(register, counts(register), ORDERS[0], None, list(range(len(register.entries))))


def pages(register: Register) -> list[Page]:
    """The register as a folder of pages: index.html, a page for each other order, and a
    page for each filter offered in the counts (one status, one weighting, what is due,
    the files that cannot be read). Each page links to the others: no script is needed."""
    c = counts(register)
    everything = list(range(len(register.entries)))
    out = []
    for order in ORDERS:
        rows = sorted(everything, key=lambda i: order.key(register.entries[i]))
        out.append(Page(order.name, _page(register, c, order, None, rows, folder=True)))
    for one in _filters(register, c):
        rows = [i for i in everything if one.keep(i, register.entries[i])]
        out.append(Page(one.name, _page(register, c, ORDERS[0], one, rows, folder=True)))
    return out


def _filters(register: Register, c: Counts) -> list[_Filter]:
    out = [
        _Filter(
            f"status-{_file_part(status)}.html",
            f"review status {STATUS_WORDS.get(status, status)}",
            _with_status(status),
        )
        for status in c.by_status
    ]
    out += [
        _Filter(
            f"weighting-{_file_part(weighting)}.html",
            f"weighting {c.weighting_words[weighting]}",
            _with_weighting(weighting),
        )
        for weighting in c.by_weighting
    ]
    if c.review_overdue or c.review_due_soon or c.actions_overdue:
        out.append(
            _Filter(
                "due.html", "a review or an action due", lambda i, e: bool(register.due_items(i))
            )
        )
    if c.cannot_be_read:
        out.append(_Filter("cannot-be-read.html", "files that cannot be read", _broken))
    return out


def _with_status(status: str) -> Callable[[int, Entry], bool]:
    return lambda i, e: not e.summary.error and e.summary.review_status == status


def _with_weighting(weighting: str) -> Callable[[int, Entry], bool]:
    return lambda i, e: not e.summary.error and (e.summary.own_rating or NOT_CHOSEN) == weighting


def _broken(index: int, entry: Entry) -> bool:
    return bool(entry.summary.error)


def _file_part(text: str) -> str:
    """A part of a file name from an id: lower-case letters, digits and hyphens."""
    return "".join(ch if ch.isascii() and ch.isalnum() else "-" for ch in text.lower()) or "x"


def _text(value: str) -> str:
    """Text from a file, on one line, safe in a page: nothing in it is markup."""
    return escape(shown(value))


STYLE = """
:root { color-scheme: light; }
body { font-family: Arial, Helvetica, sans-serif; font-size: 1rem; line-height: 1.5;
  color: #0b0c0c; background: #fff; margin: 0 auto; padding: 0 1.5rem 3rem; max-width: 100rem; }
a { color: #1d70b8; text-decoration: underline; text-underline-offset: 0.15em; }
a:visited { color: #4c2c92; }
a:hover { color: #003078; text-decoration-thickness: 3px; }
a:focus, .table-wrap:focus { outline: 3px solid #ffdd00; outline-offset: 0;
  background: #ffdd00; color: #0b0c0c; box-shadow: 0 4px #0b0c0c; text-decoration: none; }
.table-wrap:focus { background: #fff; }
.skip-link { position: absolute; left: -999rem; top: 0; padding: 0.5rem 1rem; }
.skip-link:focus { position: static; display: inline-block; margin-top: 0.5rem; }
header { border-bottom: 2px solid #0b0c0c; padding: 1rem 0 0.5rem; margin-bottom: 1rem; }
h1 { font-size: 2rem; line-height: 1.2; margin: 0 0 0.5rem; }
h2 { font-size: 1.5rem; margin: 1.5rem 0 0.5rem; }
p { margin: 0 0 0.75rem; max-width: 50rem; }
.about { color: #383f43; }
.counts { display: flex; flex-wrap: wrap; gap: 0 2rem; }
.counts table { width: auto; min-width: 16rem; }
nav ul { list-style: none; padding: 0; margin: 0 0 1rem; display: flex; flex-wrap: wrap;
  gap: 0.25rem 1.5rem; }
nav h2 { font-size: 1.15rem; margin: 0.5rem 0 0.25rem; }
[aria-current="page"] { font-weight: bold; text-decoration: none; color: #0b0c0c; }
.table-wrap { overflow-x: auto; margin: 0 0 1rem; }
table { border-collapse: collapse; width: 100%; margin: 0 0 1rem; font-size: 0.9rem; }
table.register { table-layout: fixed; min-width: 72rem; }
caption { text-align: left; font-weight: bold; font-size: 1.15rem; padding: 0 0 0.5rem; }
th, td { border: 1px solid #b1b4b6; padding: 0.4rem 0.5rem; text-align: left;
  vertical-align: top; overflow-wrap: break-word; }
thead th { background: #f3f2f1; }
tbody th { background: #f8f8f8; font-weight: bold; }
td.number { text-align: right; font-variant-numeric: tabular-nums; }
.id, .note { display: block; font-weight: normal; color: #383f43; font-size: 0.9em; }
.problem { font-weight: bold; }
.overdue { font-weight: bold; }
.empty { color: #505a5f; }
footer { border-top: 1px solid #b1b4b6; margin-top: 2rem; padding-top: 0.5rem;
  color: #383f43; font-size: 0.9rem; }
@media print {
  @page { size: A4 landscape; margin: 10mm; }
  body { font-size: 9pt; max-width: none; padding: 0; }
  .skip-link, nav { display: none; }
  .table-wrap { overflow: visible; }
  table { font-size: 8pt; }
  table.register { min-width: 0; }
  thead { display: table-header-group; }
  tr { break-inside: avoid; page-break-inside: avoid; }
  tbody > tr:first-child { break-before: avoid; }
  caption, h2 { break-after: avoid; }
  a { color: #0b0c0c; }
  a.document::after { content: " (" attr(href) ")"; font-weight: normal; }
}
""".strip()

CSS_POLICY = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; "
    "base-uri 'none'; form-action 'none'"
)
"""The page's content security policy: styles in the page only, no script, and nothing
loaded from elsewhere."""

COLUMNS = (
    ("Assessment", 12),
    ("Directorate", 9),
    ("Owner and decision-maker", 10),
    ("Status", 8),
    ("Weighting", 8),
    ("Judgement", 9),
    ("Negative impacts", 11),
    ("Signed off", 8),
    ("Review", 8),
    ("Question\u00adnaire", 9),
    ("File", 8),
)
"""The columns of the register's table, with their share of its width (in hundredths);
the first holds each row's header."""


def _page(
    register: Register,
    c: Counts,
    order: Order,
    only: _Filter | None,
    rows: list[int],
    *,
    folder: bool = False,
) -> str:
    title = "Register of equality impact assessments"
    made = in_words(register.made)
    shown_rows = "".join(_row(register, i) for i in rows)
    what = f"{len(rows):,} of {c.total:,}" if only else f"{c.total:,}"
    caption = (
        f"Assessments with {escape(only.words)} ({what}), by {escape(order.words)}"
        if only
        else f"Every assessment ({what}), by {escape(order.words)}"
    )
    out = [
        "<!DOCTYPE html>",
        '<html lang="en-GB">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f'<meta http-equiv="Content-Security-Policy" content="{CSS_POLICY}">',
        f"<title>{title}{': ' + escape(only.words) if only else ''}</title>",
        f"<style>\n{STYLE}\n</style>",
        "</head>",
        "<body>",
        '<a class="skip-link" href="#assessments">Skip to the assessments</a>',
        "<header>",
        f"<h1>{title}</h1>",
        f'<p class="about">{c.total:,} assessment{"" if c.total == 1 else "s"}, '
        f"as they stood on {made}. Each row gives an assessment's status, weighting "
        "and judgement, and the groups it may affect.</p>",
        "</header>",
        "<main>",
        *_summary(c, register, folder),
        *(_navigation(order, only) if folder else []),
        '<h2 id="assessments" tabindex="-1">Assessments</h2>',
        '<div class="table-wrap" role="region" aria-labelledby="register-caption" tabindex="0">',
        '<table class="register">',
        f'<caption id="register-caption">{caption}</caption>',
        "<colgroup>" + "".join(f'<col style="width: {w}%">' for _, w in COLUMNS) + "</colgroup>",
        "<thead>",
        "<tr>" + "".join(f'<th scope="col">{name}</th>' for name, _ in COLUMNS) + "</tr>",
        "</thead>",
        "<tbody>",
        shown_rows,
        "</tbody>",
        "</table>",
        "</div>",
        *([] if rows else ["<p>No assessment here.</p>"]),
        "</main>",
        "<footer>",
        f"<p>Made by eqia {escape(__version__)} on {made}. A review is due soon when its "
        f"date is {register.due_within} days away or fewer. The weighting is the "
        "officer's; the one the answers suggest is under it.</p>",
        "</footer>",
        "</body>",
        "</html>",
    ]
    return "\n".join(out) + "\n"


def _summary(c: Counts, register: Register, folder: bool) -> list[str]:
    def count(number: int, page: str) -> str:
        if folder and number:
            return f'<td class="number"><a href="{page}">{number:,}</a></td>'
        return f'<td class="number">{number:,}</td>'

    def table(caption: str, which: str, rows: list[tuple[str, int, str]]) -> list[str]:
        return [
            "<table>",
            f"<caption>{caption}</caption>",
            f'<thead><tr><th scope="col">{which}</th><th scope="col">Assessments</th></tr></thead>',
            "<tbody>",
            *(f'<tr><th scope="row">{escape(w)}</th>{count(n, p)}</tr>' for w, n, p in rows),
            "</tbody>",
            "</table>",
        ]

    by_weighting = [
        (c.weighting_words[w], n, f"weighting-{_file_part(w)}.html")
        for w, n in c.by_weighting.items()
    ]
    by_status = [
        (STATUS_WORDS.get(s, s), n, f"status-{_file_part(s)}.html") for s, n in c.by_status.items()
    ]
    due = [
        ("Reviews overdue", c.review_overdue, "due.html"),
        (f"Reviews due in {register.due_within} days", c.review_due_soon, "due.html"),
        ("With actions overdue", c.actions_overdue, "due.html"),
    ]
    if c.cannot_be_read:
        due.append(("Files that cannot be read", c.cannot_be_read, "cannot-be-read.html"))
    out = ['<section aria-labelledby="summary">', '<h2 id="summary">Summary</h2>']
    if folder:
        out.append("<p>Choose a number to see only those assessments.</p>")
    out += [
        '<div class="counts">',
        *table("By weighting", "Weighting", by_weighting),
        *table("By review status", "Review status", by_status),
        *table("What is due", "Due", due),
        "</div>",
        "</section>",
    ]
    return out


def _navigation(order: Order, only: _Filter | None) -> list[str]:
    links = []
    for one in ORDERS:
        current = one is order and only is None
        mark = ' aria-current="page"' if current else ""
        links.append(f'<li><a href="{one.name}"{mark}>{escape(one.words.capitalize())}</a></li>')
    out = [
        '<nav aria-labelledby="orders">',
        '<h2 id="orders">Sort by</h2>',
        "<ul>",
        *links,
        "</ul>",
    ]
    if only is not None:
        out.append(
            f"<p>Showing only assessments with {escape(only.words)}. "
            f'<a href="{MAIN_PAGE}">Show every assessment</a>.</p>'
        )
    out.append("</nav>")
    return out


def _row(register: Register, index: int) -> str:
    entry = register.entries[index]
    s = entry.summary
    path = _text(entry.path)
    if s.error:
        return (
            f'<tr><th scope="row">{path} <span class="id">Cannot be read</span></th>'
            f'<td colspan="{len(COLUMNS) - 2}" class="problem">{_text(s.error)}</td>'
            f"<td>{path}</td></tr>\n"
        )
    items = register.due_items(index)
    title = _text(s.title) or '<span class="empty">No title</span>'
    if entry.document:
        title = f'<a class="document" href="{escape(entry.document)}">{title}</a>'
    people = []
    if s.owner:
        people.append(f"Owner: {_text(s.owner)}")
    if s.decision_maker:
        people.append(f"Decision-maker: {_text(s.decision_maker)}")
    status = escape(status_words(s))
    if s.version:
        status += f' <span class="note">Version {_text(s.version)}</span>'
    weighting = _text(s.own_rating_words) or '<span class="empty">Not chosen yet</span>'
    suggested = suggested_words(s)
    if suggested:
        weighting += f' <span class="note">Suggested: {_text(suggested)}</span>'
    signed = signed_day(s)
    signed_words = ""
    if signed is not None:
        signed_words = in_words(signed) + (f" by {_text(s.signed_by)}" if s.signed_by else "")
    cells = [
        f'<th scope="row">{title} <span class="id">{_text(s.id)}</span></th>',
        _cell(_text(s.directorate)),
        _cell("<br>".join(people)),
        _cell(status),
        _cell(weighting),
        _cell(_text(s.judgement_words)),
        _cell(_text(impacts_words(s)), none="None found"),
        _cell(signed_words, none="Not signed off"),
        _cell(_review(s, items)),
        _cell(f"{_text(s.questionnaire)} {_text(s.questionnaire_version)}"),
        _cell(path),
    ]
    return "<tr>" + "".join(cells) + "</tr>\n"


def _cell(html: str, none: str = "Not given") -> str:
    return f"<td>{html}</td>" if html else f'<td><span class="empty">{none}</span></td>'


def _review(s: Summary, items: list[DueItem]) -> str:
    parts = []
    if s.review_date is not None:
        parts.append(in_words(s.review_date))
    state = review_state(items)
    if state == "overdue":
        parts.append('<strong class="overdue">Review overdue</strong>')
    elif state == "due-soon":
        parts.append("<strong>Review due soon</strong>")
    late = actions_overdue(items)
    if late:
        parts.append(
            f'<strong class="overdue">{late} action{"" if late == 1 else "s"} overdue</strong>'
        )
    return "<br>".join(parts)
