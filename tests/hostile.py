"""Files from someone else: text that would take over a terminal, shared by the tests of
issue 9 (the command line, the app, the bad-input corpus and the fuzzing)."""

from __future__ import annotations

import copy
import tomllib
from importlib import resources
from pathlib import Path
from typing import Any

HOSTILE = (
    "\x1b]0;PWNED\x07"  # retitle the window (OSC 0)
    "\x1b[2J\x1b[H"  # clear the screen (CSI 2J)
    "\x1b]52;c;SGVsbG8=\x07"  # write to the clipboard (OSC 52)
    "\x9b31m\x9d0;C1\x9c"  # the same, as C1 controls
    "\x08\x7f\r"  # back over what was printed
    "\u202eevil\u202c\u2066x\u2069"  # bidirectional override and isolate
    "[/] [@click=app.quit]markup[/]"  # Rich and Textual markup
)
"""Every kind of text a terminal would act on, and markup, in one string (no NUL)."""

KCC_PATH = Path(str(resources.files("eqia_tui.questionnaires") / "kcc-eqia.toml"))
KCC_DATA = tomllib.loads(KCC_PATH.read_text(encoding="utf-8"))


def unsafe(text: str) -> list[str]:
    """The characters of `text` a terminal would act on: controls (but line breaks and
    tabs) and bidirectional overrides and isolates, as U+XXXX."""
    return sorted(
        {
            f"U+{ord(c):04X}"
            for c in text
            if (ord(c) < 0x20 and c not in "\n\t")
            or 0x7F <= ord(c) <= 0x9F
            or 0x202A <= ord(c) <= 0x202E
            or 0x2066 <= ord(c) <= 0x2069
        }
    )


def hostile_everywhere(value: Any, text: str = HOSTILE) -> Any:
    """Every free text in `value` with `text` appended (ids, dates and choices left alone)."""
    if isinstance(value, dict):
        return {k: hostile_everywhere(v, text) for k, v in value.items()}
    if isinstance(value, list):
        return [hostile_everywhere(v, text) for v in value]
    if isinstance(value, str) and " " in value:  # free text, not an id or a choice
        return value + text
    return value


def hostile_questionnaire(
    questionnaire_id: str = "hostile-q", text: str = HOSTILE
) -> dict[str, Any]:
    """kcc-eqia with `text` in every label, title, help and description, under another id."""
    data = copy.deepcopy(KCC_DATA)

    def walk(value: Any) -> None:
        if isinstance(value, dict):
            for key, item in value.items():
                if key in ("title", "label", "help", "description") and isinstance(item, str):
                    value[key] = item + text
                else:
                    walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    walk(data)
    data["id"] = questionnaire_id
    return data
