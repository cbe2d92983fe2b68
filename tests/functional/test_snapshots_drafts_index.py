"""A snapshot of the start screen while drafts the summary index does not know are still being
read: the first batch listed, and the line under the list saying how many are left.

Update it after a deliberate change with:
    pytest tests/functional/test_snapshots_drafts_index.py --snapshot-update
and look at the SVG before keeping it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from .helpers import make_app, no_blink
from .test_drafts_index import Gate, add_draft, listed
from .test_snapshots import steady  # noqa: F401

SnapCompare = Callable[..., bool]


@pytest.fixture
def gate(monkeypatch: pytest.MonkeyPatch) -> Iterator[Gate]:
    held = Gate(monkeypatch)
    yield held
    held.open()  # the reading left after the picture ends


def test_drafts_while_the_rest_are_read(
    snap_compare: SnapCompare, tmp_path: Path, gate: Gate
) -> None:
    for n in range(12):
        add_draft(tmp_path, f"draft-{n:02d}", f"Library review {n:02d}", changed=1.6e9 - n)
    app = make_app(tmp_path)

    async def first_batch(pilot: Pilot[Any]) -> None:
        await gate.one_batch(pilot, until=lambda: bool(listed(app)))
        await pilot.pause()
        no_blink(app)

    assert snap_compare(app, terminal_size=(80, 24), run_before=first_batch)
