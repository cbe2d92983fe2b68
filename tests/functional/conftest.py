"""Fixtures shared by the app's behaviour tests."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from eqia_tui.tui.app import EqiaApp

from .helpers import Said


@pytest.fixture
def said(monkeypatch: pytest.MonkeyPatch) -> Iterator[Said]:
    """Every message the app shows, with its severity, however long ago it went away."""
    shown: Said = []
    notify = EqiaApp.notify

    def recording(self: EqiaApp, message: str, *args: Any, **kwargs: Any) -> None:
        shown.append((str(message), str(kwargs.get("severity", "information"))))
        notify(self, message, *args, **kwargs)

    monkeypatch.setattr(EqiaApp, "notify", recording)
    yield shown
