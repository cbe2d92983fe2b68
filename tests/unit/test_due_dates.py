"""What is due from dates alone: the drafts list's few words agree with the full items."""

from __future__ import annotations

from datetime import date, timedelta
from itertools import product

from eqia_tui.core.review.due_dates import Dated, due_from, due_words, due_words_on
from eqia_tui.core.storage.summary import Summary

TODAY = date(2026, 6, 1)
OFFSETS = (-400, -1, 0, 1, 30, 31, 365)


def test_the_short_words_agree_with_the_items_for_every_mix_of_dates() -> None:
    seen = set()
    for review, first, second in product((None, *OFFSETS), OFFSETS, (None, *OFFSETS)):
        dated: list[Dated] = []
        if review is not None:
            dated.append(Dated("review", "monitoring.review_date", TODAY + timedelta(review)))
        for n, offset in enumerate((first, second)):
            if offset is not None:
                key = f"action_plan.actions[{n}].due"
                dated.append(Dated("action", key, TODAY + timedelta(offset), "the action"))
        full = due_words(due_from("x", "X", dated, TODAY, 30))
        assert due_words_on(tuple(dated), TODAY, 30) == full
        seen.add(full)
    # The mixes above reach every kind of words, so the comparison means something.
    assert {"", "review overdue", "review due soon", "2 actions overdue"} <= seen


def test_a_summary_read_back_from_the_index_is_the_same_summary() -> None:
    dated = (Dated("review", "monitoring.review_date", TODAY, ""),)
    summary = Summary(id="a", path="/a.toml", title="A", dated=dated, review_date=TODAY)
    again = Summary.from_json(summary.to_json())
    assert again == summary
    assert again.due(TODAY)[0].message == "A: the review is due today (01/06/2026)."


def test_a_row_with_other_fields_is_not_a_summary() -> None:
    text = Summary(id="a", path="/a.toml").to_json().replace('"title"', '"heading"')
    try:
        Summary.from_json(text)
    except KeyError:
        return
    raise AssertionError("a row with an unknown field was read as a summary")
