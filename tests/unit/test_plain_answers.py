"""Plain mode's answers as typed: numbers, words, y and n, characteristics, dates, and the
commands, read without any input or output; and when plain mode is wanted at all."""

from __future__ import annotations

import io
from datetime import date

import pytest

from eqia_tui.core.model.questionnaire import ALL, ChoiceQuestion, Questionnaire, YesNoQuestion
from eqia_tui.core.storage.registry import Registry
from eqia_tui.plain import asking, lines
from eqia_tui.plain.asking import Command, Wrong, command_in, read_answer
from eqia_tui.plain.lines import Lines

TASKS = frozenset({"check", "sign", "reopen", "version", "export"})


@pytest.fixture(scope="module")
def kcc() -> Questionnaire:
    return Registry(None).get("kcc-eqia")


def grid_question(kcc: Questionnaire, question_id: str) -> object:
    found = kcc.resolve(f"screening.{question_id}")
    assert found is not None
    return found[1]


@pytest.mark.parametrize(
    ("typed", "value"),
    [
        ("1", "high"),
        ("2", "medium"),
        ("medium", "medium"),
        ("MEDIUM", "medium"),
        ("Unknown", "unknown"),
        (" 5 ", "unknown"),
    ],
)
def test_a_choice_by_number_or_words(kcc: Questionnaire, typed: str, value: str) -> None:
    question = grid_question(kcc, "negative_impact")
    assert isinstance(question, ChoiceQuestion)
    assert read_answer(kcc, question, typed) == value


@pytest.mark.parametrize("typed", ["0", "6", "maybe", "med"])
def test_a_wrong_choice_says_why(kcc: Questionnaire, typed: str) -> None:
    question = grid_question(kcc, "negative_impact")
    with pytest.raises(Wrong) as refused:
        read_answer(kcc, question, typed)  # type: ignore[arg-type]
    said = str(refused.value)
    assert said.endswith(".") and "\n" not in said
    assert asking.allowed_line(kcc, question) == (  # type: ignore[arg-type]
        "1 High, 2 Medium, 3 Low, 4 None or 5 Unknown"
    )


@pytest.mark.parametrize(
    ("typed", "value"),
    [
        ("y", True),
        ("Y", True),
        ("yes", True),
        ("1", True),
        ("n", False),
        ("No", False),
        ("2", False),
    ],
)
def test_yes_or_no_also_y_or_n(kcc: Questionnaire, typed: str, value: bool) -> None:
    question = grid_question(kcc, "affects_less_favourably")
    assert isinstance(question, YesNoQuestion)
    assert read_answer(kcc, question, typed) is value


def test_characteristics_by_numbers_names_all_or_none(kcc: Questionnaire) -> None:
    assert asking.read_characteristics(kcc, "2, 1") == ["age", "disability"]
    assert asking.read_characteristics(kcc, "Race, disability") == ["disability", "race"]
    assert asking.read_characteristics(kcc, "1,1") == ["age"]
    assert asking.read_characteristics(kcc, "all") == ALL
    assert asking.read_characteristics(kcc, "None") is None
    with pytest.raises(Wrong):
        asking.read_characteristics(kcc, "1, 40")
    with pytest.raises(Wrong):
        asking.read_characteristics(kcc, ",")


def test_dates_as_the_wizard_takes_them() -> None:
    assert asking.read_date("01/12/2026") == date(2026, 12, 1)
    assert asking.read_date(" 1/2/2027 ") == date(2027, 2, 1)
    with pytest.raises(Wrong, match="four figures"):
        asking.read_date("04/01/17")
    with pytest.raises(Wrong, match="no month 13"):
        asking.read_date("01/13/2026")
    with pytest.raises(Wrong, match="no day 30"):
        asking.read_date("30/02/2026")
    with pytest.raises(Wrong, match="day/month/year"):
        asking.read_date("next Tuesday")


@pytest.mark.parametrize(
    ("line", "free_text", "found"),
    [
        ("back", False, Command("back")),
        ("  BACK ", True, Command("back")),
        ("?", False, Command("help")),
        ("help", True, Command("help")),
        ("jump 4", False, Command("jump", "4")),
        ("jump Disability", True, Command("jump", "Disability")),
        ("status", False, Command("status")),
        ("export md", False, Command("export", "md")),
        ("check", True, Command("check")),
        # An answer, not a command:
        ("\\back", False, None),
        ("back to basics", False, None),
        ("check the signs at the office", True, None),
        ("export md", True, None),
        ("Medium", False, None),
        ("", False, None),
    ],
)
def test_commands_and_answers(line: str, free_text: bool, found: Command | None) -> None:
    assert command_in(line, TASKS, free_text) == found


def test_a_backslash_makes_a_command_word_an_answer() -> None:
    assert asking.answer_text("\\back") == "back"
    assert asking.answer_text("  plain words ") == "plain words"


def test_the_current_answer_is_the_default(kcc: Questionnaire) -> None:
    question = grid_question(kcc, "negative_impact")
    assert asking.default_line(kcc, question, "medium") == "Enter keeps: Medium"  # type: ignore[arg-type]
    assert asking.default_line(kcc, question, None) == "Enter leaves it unanswered."  # type: ignore[arg-type]


# --- Lines ---------------------------------------------------------------------------------------


def test_lines_print_text_made_safe() -> None:
    out = io.StringIO()
    Lines(io.StringIO(), out, interactive=False).say("Hello\x1b[2J\u202eworld\nsecond line")
    assert out.getvalue() == "Hello\u241b[2J<U+202E>world\nsecond line\n"


def test_lines_read_to_the_end_of_the_input() -> None:
    out = io.StringIO()
    got = Lines(io.StringIO("one\r\ntwo\nthree\n.\n"), out, interactive=False)
    assert got.ask("Answer: ") == "one"
    assert got.ask_long("Long: ") == "two\nthree"
    assert got.ask("Answer: ") is None
    assert got.ask_long("Long: ") is None
    assert out.getvalue() == "Answer: one\nLong: two\nthree\n.\nAnswer: Long: "


def test_an_empty_first_line_keeps_a_long_answer() -> None:
    assert Lines(io.StringIO("\nmore\n"), io.StringIO(), False).ask_long("Long: ") == ""


# --- When plain mode is wanted ---------------------------------------------------------------


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def at_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """Standard input and output at a terminal. Set in the test itself: pytest puts its own
    standard output back between a fixture and the test."""
    monkeypatch.setattr("sys.stdin", _Terminal())
    monkeypatch.setattr("sys.stdout", _Terminal())
    monkeypatch.delenv("EQIA_PLAIN", raising=False)
    monkeypatch.setenv("TERM", "xterm-256color")


def test_at_a_terminal_the_app_unless_asked(monkeypatch: pytest.MonkeyPatch) -> None:
    at_a_terminal(monkeypatch)
    assert lines.wanted(False) is False
    assert lines.wanted(True) is True
    monkeypatch.setenv("EQIA_PLAIN", "1")
    assert lines.wanted(False) is True
    monkeypatch.setenv("EQIA_PLAIN", "0")
    monkeypatch.setenv("TERM", "dumb")
    assert lines.wanted(False) is False, "EQIA_PLAIN=0 forces the full-screen app"
    assert lines.wanted(True) is True, "--plain wins over the setting"
    monkeypatch.delenv("EQIA_PLAIN")
    assert lines.wanted(False) is True, "TERM=dumb"


def test_no_terminal_means_plain(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("EQIA_PLAIN", raising=False)
    monkeypatch.setenv("TERM", "xterm")
    monkeypatch.setattr("sys.stdin", io.StringIO())
    monkeypatch.setattr("sys.stdout", _Terminal())
    assert lines.wanted(False) is True
    monkeypatch.setenv("EQIA_PLAIN", "0")
    assert lines.wanted(False) is False
