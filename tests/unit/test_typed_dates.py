"""Dates as officers type them: day/month/year, the year in four figures (issue 11)."""

from __future__ import annotations

from datetime import date

import pytest

from eqia_tui.core.text.dates import parse_day


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("04/01/2017", date(2017, 1, 4)),
        ("4/1/2017", date(2017, 1, 4)),
        (" 31 / 12 / 2026 ", date(2026, 12, 31)),
        ("", None),
        ("   ", None),
    ],
)
def test_a_date_in_full_is_read_day_first(typed: str, meant: date | None) -> None:
    assert parse_day(typed) == meant


@pytest.mark.parametrize(
    ("typed", "said"),
    [
        ("04/01/17", "Write the year in four figures, like 04/01/2017."),
        ("4/1/17", "Write the year in four figures, like 04/01/2017."),
        ("31/12/9", "Write the year in four figures, like 31/12/2009."),
        ("04/01/017", "Write the year in four figures, like 01/12/2026."),
        ("04/01/20177", "Write the year in four figures, like 01/12/2026."),
    ],
)
def test_a_year_not_in_four_figures_is_refused_saying_how_to_write_it(
    typed: str, said: str
) -> None:
    """04/01/17 could be 1917 or 2017: the record must say which, so the officer is asked."""
    with pytest.raises(ValueError) as caught:
        parse_day(typed)
    assert str(caught.value) == said


@pytest.mark.parametrize(
    ("typed", "said"),
    [
        ("31/02/2015", "There is no such date: February 2015 has no day 31."),
        ("1/13/2020", "There is no month 13: the month comes second, from 1 to 12."),
        ("01/01/0000", "The year 0 is too early."),
        ("12-1-2020", "Type the date as day/month/year, for example 01/12/2026."),
        ("2020/01/12", "Type the date as day/month/year, for example 01/12/2026."),
    ],
)
def test_other_mistakes_keep_their_own_words(typed: str, said: str) -> None:
    with pytest.raises(ValueError) as caught:
        parse_day(typed)
    assert str(caught.value).startswith(said)
