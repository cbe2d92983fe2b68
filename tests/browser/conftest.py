"""The browser tests: one headless Chromium for the whole run, or a skip that says why not."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from .chromium import Chromium, find_chromium, why_not_available


@pytest.fixture(scope="session")
def chromium() -> Iterator[Chromium]:
    """Headless Chromium (the Debian package), started once. Every test that uses it is
    skipped, with the reason, when Chromium or the Python packages that drive it are missing."""
    reason = why_not_available()
    if reason:
        pytest.skip(reason)
    executable = find_chromium()
    assert executable is not None
    try:
        browser = Chromium(executable)
    except Exception as error:  # Playwright's own errors, or a browser that will not start
        first_line = str(error).strip().splitlines()[0] if str(error).strip() else ""
        pytest.fail(
            f"Chromium at {executable} did not start: {type(error).__name__}: {first_line}. "
            "Set EQIA_CHROMIUM to another Chromium, or to nothing to skip the browser tests.",
            pytrace=False,
        )
    yield browser
    browser.close()
