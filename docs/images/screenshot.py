"""Make the README's pictures: `.venv/bin/python docs/images/screenshot.py`.

It opens a copy of the example in the wizard at 120x36 and writes two pictures: the grid at
Disability with the help panel showing (docs/images/screening-grid.svg), and the summary with
the equality group's review: its status, the moves allowed and the open comments
(docs/images/review-summary.svg).
"""

from __future__ import annotations

import asyncio
import os
import shutil
import tempfile
from pathlib import Path

from eqia_tui.tui.app import EqiaApp
from eqia_tui.tui.screens.wizard import saving

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "customer-service-policy.toml"
OUT = ROOT / "docs" / "images" / "screening-grid.svg"
REVIEW = ROOT / "docs" / "images" / "review-summary.svg"


async def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        home = Path(folder)
        os.environ["EQIA_CONFIG_DIR"] = str(home / "config")
        (home / "drafts").mkdir()
        draft = home / "drafts" / EXAMPLE.name
        shutil.copy(EXAMPLE, draft)
        saving.SAVE_DELAY = 10_000  # no "Saved hh:mm:ss" in the picture
        app = EqiaApp(home, open_path=draft)
        async with app.run_test(size=(120, 36)) as pilot:
            await pilot.pause(0.5)
            app.screen.goto("screening", "disability")  # type: ignore[attr-defined]
            await pilot.pause(0.5)
            for widget in app.screen.query("Input, TextArea"):
                widget.cursor_blink = False  # type: ignore[attr-defined]
            await pilot.pause(0.2)
            app.save_screenshot(filename=OUT.name, path=str(OUT.parent))
            app.screen.goto("summary")  # type: ignore[attr-defined]
            await pilot.pause(0.5)
            app.save_screenshot(filename=REVIEW.name, path=str(REVIEW.parent))
    print(f"Wrote {OUT.relative_to(ROOT)} and {REVIEW.relative_to(ROOT)}")


if __name__ == "__main__":
    asyncio.run(main())
