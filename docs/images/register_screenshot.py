"""Make the pictures of the web pages: `.venv/bin/python docs/images/register_screenshot.py`.

It writes the register of the test fixtures and the example (`eqia register --format html
--with-documents`) to a temporary folder, opens it in headless Chromium (the Debian package
`chromium`, driven by Playwright) and writes two pictures of the top of a page, as a browser
1200 pixels wide shows it: the register (docs/images/register.png) and the example's own page
(docs/images/export-html.png).
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

from eqia_tui.cli import main as eqia

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests"))
from browser.chromium import LAUNCH_ARGS, find_chromium  # noqa: E402 - the tests' browser

EXAMPLE = ROOT / "examples" / "customer-service-policy.toml"
FIXTURES = ROOT / "tests" / "fixtures" / "register"
REGISTER = ROOT / "docs" / "images" / "register.png"
EXPORT = ROOT / "docs" / "images" / "export-html.png"


def run() -> None:
    chromium = find_chromium()
    if chromium is None:
        sys.exit("Chromium is not installed: install the Debian package chromium")
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        # Nothing from the user's own drafts, settings or cache gets into the pictures.
        for name in ("EQIA_HOME", "EQIA_CONFIG_DIR", "EQIA_STATE_DIR", "EQIA_CACHE_DIR"):
            os.environ[name] = str(work / name.lower())
        site = work / "site"
        os.chdir(ROOT)  # the register shows each file's path as given: keep them short
        folders = [str(FIXTURES.relative_to(ROOT)), str(EXAMPLE.parent.relative_to(ROOT))]
        args = ["register", *folders, "--format", "html"]
        example = work / "example.html"
        if eqia([*args, "--with-documents", "-o", str(site)]) != 0:
            sys.exit("eqia register failed")
        if eqia(["export", str(EXAMPLE), "--format", "html", "-o", str(example)]) != 0:
            sys.exit("eqia export failed")
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium, args=LAUNCH_ARGS)
            page = browser.new_page(viewport={"width": 1200, "height": 1400})
            page.goto((site / "index.html").as_uri())
            page.screenshot(path=str(REGISTER))
            page.set_viewport_size({"width": 1200, "height": 1600})
            page.goto(example.as_uri())
            page.screenshot(path=str(EXPORT))
            browser.close()
    print(f"Wrote {REGISTER.relative_to(ROOT)} and {EXPORT.relative_to(ROOT)}")


if __name__ == "__main__":
    run()
