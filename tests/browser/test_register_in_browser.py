"""The published register (`eqia register --format html --with-documents -o DIR`) opened in
headless Chromium: every page audited with axe-core at WCAG 2.2 AA, the register pages printed
with no table row split, and every link leading to a file in the folder."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from eqia_tui.cli import COMMANDS, main
from unit.helpers import EXAMPLE, REPO

from .chromium import (
    Chromium,
    audit,
    file_of,
    ids_in,
    links,
    print_problems,
    printed,
    violations_message,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif("register" not in COMMANDS, reason="register not built yet"),
]

FIXTURES = REPO / "tests" / "fixtures" / "register"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The register of the fixtures and the example, with each assessment's own page, written
    once for this module (with its own data, settings and cache folders, as every test has)."""
    out = tmp_path_factory.mktemp("register") / "site"
    with pytest.MonkeyPatch.context() as patch:
        for name in ("EQIA_HOME", "EQIA_CONFIG_DIR", "EQIA_STATE_DIR", "EQIA_CACHE_DIR"):
            patch.setenv(name, str(tmp_path_factory.mktemp(name.lower())))
        code = main(
            [
                "register",
                str(FIXTURES),
                str(EXAMPLE.parent),
                "--format",
                "html",
                "--with-documents",
                "-o",
                str(out),
            ]
        )
    assert code == 0
    assert (out / "index.html").is_file()
    yield out


def _pages(site: Path) -> list[Path]:
    """The register's own pages: the index and the pages beside it (sorted and filtered)."""
    return sorted(site.glob("*.html"))


def _documents(site: Path) -> list[Path]:
    return sorted((site / "documents").glob("*.html"))


def test_every_page_passes_the_accessibility_audit(chromium: Chromium, site: Path) -> None:
    pages = _pages(site) + _documents(site)
    assert len(_documents(site)) >= 2, "no documents were written beside the register"
    problems = []
    for page in pages:
        # The register is also audited as printed: its print stylesheet restyles the table.
        media = ("screen", "print") if page.name == "index.html" else ("screen",)
        found = chromium.run(audit, page.as_uri(), media)
        if found:
            problems.append(violations_message(str(page.relative_to(site)), found))
    assert problems == [], "\n".join(problems)


def test_the_register_prints_with_no_row_split(chromium: Chromium, site: Path) -> None:
    problems = []
    for page in _pages(site):
        result = chromium.run(printed, page.as_uri())
        assert result.rows, f"{page.name}: no table rows printed"
        problems += print_problems(page.name, result, most_pages=12)
    assert problems == [], "printed to PDF:\n" + "\n".join(f"  {p}" for p in problems)


def test_every_link_leads_to_a_file_in_the_folder(chromium: Chromium, site: Path) -> None:
    """A council puts the folder on its website as it is: every link is relative, stays in the
    folder and finds its file, and a link to a place in a page finds that place."""
    ids: dict[Path, set[str]] = {}
    broken = []
    linked: set[Path] = set()
    for page in _pages(site) + _documents(site):
        name = page.relative_to(site)
        for written, resolved in chromium.run(links, page.as_uri()):
            if written.startswith(("/", "file:")) or "://" in written:
                broken.append(f"{name}: {written!r} is not a link inside the folder")
                continue
            target = file_of(resolved.split("#")[0])
            if not target.is_file():
                broken.append(f"{name}: {written!r} leads to no file")
                continue
            if site.resolve() not in target.resolve().parents:
                broken.append(f"{name}: {written!r} leads out of the folder")
                continue
            linked.add(target.resolve())
            if "#" in resolved:
                anchor = resolved.split("#", 1)[1]
                if target not in ids:
                    ids[target] = chromium.run(ids_in, target.as_uri())
                if anchor and anchor not in ids[target]:
                    broken.append(f"{name}: {written!r}: {target.name} has no id {anchor!r}")
    assert broken == [], "\n".join(broken)
    # Every document written is linked from the register.
    unlinked = [d.name for d in _documents(site) if d.resolve() not in linked]
    assert unlinked == [], f"documents no page links to: {unlinked}"
