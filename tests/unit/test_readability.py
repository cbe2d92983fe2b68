"""Plain English, measured: every built-in question, help text and message reads at Flesch
reading ease 60 or more (textstat), has no sentence over 25 words, and explains each short
form on first use. The rules and what counts as a text are in tests/unit/readability.py;
the figures are in docs/accessibility.md."""

from __future__ import annotations

from pathlib import Path

import pytest

from . import readability
from .readability import Report, Text

REPORTS = {report.name: report for report in readability.reports()}


@pytest.mark.parametrize("name", list(REPORTS))
def test_built_in_texts_are_plain(name: str) -> None:
    report = REPORTS[name]
    assert report.texts, f"{name}: no texts found"
    assert not report.problems, f"{len(report.problems)} texts to reword in {name}:\n" + "\n".join(
        report.problems
    )


def test_both_questionnaires_and_every_part_of_the_app_are_read() -> None:
    names = " ".join(REPORTS)
    assert "kcc-eqia.toml" in names
    assert "commissioning-cycle.toml" in names
    app = next(r for r in REPORTS.values() if r.known is None)
    parts = {t.group for t in app.texts}
    for part in ("cli", "core", "exports", "tui"):
        assert f"src/eqia_tui/{part}" in parts


def _report(*texts: str, known: dict[str, str] | None = None) -> Report:
    return Report(
        "sample", [Text(f"x.py:{n}", t, "x") for n, t in enumerate(texts, 1)], known
    ).measure()


def test_a_hard_text_fails_with_its_place_and_score() -> None:
    hard = (
        "Notwithstanding the aforementioned considerations, organisational accountability "
        "necessitates comprehensive documentation of institutional responsibilities."
    )
    [problem] = _report(hard).problems
    assert problem.startswith("x.py:1: Flesch reading ease ")
    assert "under 60" in problem


def test_a_plain_text_passes() -> None:
    assert _report("Say who will use the service and how it will change for them.").problems == []


def test_a_long_sentence_fails_even_when_easy() -> None:
    long = " ".join(["the cat sat on the mat"] * 5) + "."
    [problem] = _report(long).problems
    assert "a sentence of 30 words, over 25" in problem


def test_short_forms_are_explained_on_first_use_in_a_questionnaire() -> None:
    known = {"DMT": "directorate management team"}
    late = _report("Ask the DMT.", "The directorate management team (DMT) agrees it.", known=known)
    assert [p.split(":")[0] for p in late.problems] == ["x.py"]
    assert "DMT not explained on first use" in late.problems[0]
    early = _report("The directorate management team (DMT) agrees.", "Ask the DMT.", known=known)
    assert early.problems == []


def test_a_message_explains_its_own_short_forms() -> None:
    problems = _report("Send the EqIA to your manager.").problems
    assert ["EqIA not explained" in p for p in problems] == [True]
    explained = _report("Send the equality impact assessment (EqIA) to your manager.")
    assert not [p for p in explained.problems if "not explained" in p]


def test_short_sentences_are_scored_together_and_names_are_not_scored() -> None:
    report = _report("Disability", "Next option", "Save the draft.", "Open a file.")
    assert [len(s.texts) for s in report.scores] == [2]
    assert report.problems == []


def test_code_is_not_read_as_text(tmp_path: Path) -> None:
    module = tmp_path / "sample.py"
    module.write_text(
        '"""A docstring is not a message."""\n'
        'CSS = "Screen { height: 1fr; }"\n'
        'x = Static("Press Enter to save", classes="dialog dialog-wide")\n'
        'y = f"{path}: cannot be read, try again"\n'
        'if mode == "plain text": pass\n',
        encoding="utf-8",
    )
    texts = readability.source_texts(module, tmp_path)
    assert [(t.where, t.text) for t in texts] == [
        ("sample.py:3", "Press Enter to save"),
        ("sample.py:4", "it: cannot be read, try again"),
    ]
