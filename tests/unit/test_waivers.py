"""Issue 8, item 3: sign-off only on a clean check, or with a waiver for each error.

The example assessment, with its gaps filled (`ready_to_sign`), has no error; with its own
review date (27/07/2016) left in, it has exactly one: `review-date-passed`.
"""

from __future__ import annotations

import io
import json
import zipfile
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
import tomli_w

from eqia_tui.core.checks import check, has_errors, summary
from eqia_tui.core.model.questionnaire import Questionnaire
from eqia_tui.core.review.fingerprint import verify
from eqia_tui.core.review.waivers import Waiver, waivers_of
from eqia_tui.core.signing import SignOffRefused, reopen, sign
from eqia_tui.core.storage.registry import Registry
from eqia_tui.core.storage.store import Store, load_file
from eqia_tui.core.text.problems import BadInput
from eqia_tui.exports import export_document

from .helpers import EXAMPLE, EXAMPLE_DATA, Run, approve, ready_to_sign

SIGNED_AT = datetime(2026, 3, 2, 14, 30, tzinfo=UTC)
PASSED = date(2016, 7, 27)
REASON = "The review is booked for the directorate meeting in April."
ID = "customer-service-policy"


def review_waiver(
    key: str = "monitoring.review_date", finding: str = "review-date-passed"
) -> Waiver:
    return Waiver(finding, key, REASON, "Priya Shah", SIGNED_AT)


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return Store(tmp_path, Registry())


def example(store: Store, review_date: date = PASSED):  # type: ignore[no-untyped-def]
    """The example with its gaps filled; by default its review date has passed."""
    loaded = load_file(EXAMPLE, store.registry)
    ready_to_sign(loaded.assessment.answers, review_date)
    approve(loaded.assessment)
    return loaded


def signed_with_waiver(store: Store) -> Path:
    """The example signed off over its passed review date, with a waiver; saved as a draft."""
    loaded = example(store)
    sign(loaded.questionnaire, loaded.assessment, "Jo Smith", SIGNED_AT, waivers=[review_waiver()])
    return store.save(loaded.questionnaire, loaded.assessment)


# --- Signing is refused while the check has errors ---------------------------------------------


def test_sign_is_refused_while_the_check_has_an_error(store: Store) -> None:
    loaded = example(store)
    q, a = loaded.questionnaire, loaded.assessment
    history = list(a.history)
    with pytest.raises(SignOffRefused) as caught:
        sign(q, a, "Jo Smith", SIGNED_AT)
    assert [(f.id, f.key) for f in caught.value.findings] == [
        ("review-date-passed", "monitoring.review_date")
    ]
    (line,) = str(caught.value).splitlines()
    assert line.startswith(f"{ID}: monitoring.review_date: cannot sign off while")
    assert "The review date, 27/07/2016, has passed." in line
    assert "waiver" in line
    assert isinstance(caught.value, BadInput)
    assert a.signed is None
    assert a.history == history, "a refused sign-off records no version"


def test_sign_is_refused_over_missing_answers_too(store: Store) -> None:
    loaded = load_file(EXAMPLE, store.registry)
    approve(loaded.assessment)
    with pytest.raises(SignOffRefused) as caught:
        sign(loaded.questionnaire, loaded.assessment, "Jo Smith", SIGNED_AT)
    errors = [f for f in check(loaded.questionnaire, loaded.assessment, SIGNED_AT.date())]
    assert len(caught.value.findings) == sum(1 for f in errors if f.severity == "error") == 23
    assert loaded.assessment.signed is None


def test_the_review_date_is_compared_with_the_day_of_signing(store: Store) -> None:
    loaded = example(store, review_date=date(2026, 3, 2))
    sign(loaded.questionnaire, loaded.assessment, "Jo Smith", SIGNED_AT)
    assert loaded.assessment.signed is not None


def test_warnings_never_block_sign_off(store: Store) -> None:
    loaded = example(store, review_date=date(2027, 7, 27))
    findings = check(loaded.questionnaire, loaded.assessment, SIGNED_AT.date())
    assert findings and {f.severity for f in findings} == {"warning"}
    signed = sign(loaded.questionnaire, loaded.assessment, "Jo Smith", SIGNED_AT)
    assert "waivers" not in signed


# --- Waivers ----------------------------------------------------------------------------------


def test_sign_is_accepted_when_every_error_is_waived(store: Store) -> None:
    loaded = example(store)
    q, a = loaded.questionnaire, loaded.assessment
    signed = sign(q, a, "Jo Smith", SIGNED_AT, waivers=[review_waiver()])
    assert signed["waivers"] == [
        {
            "finding": "review-date-passed",
            "key": "monitoring.review_date",
            "message": "The review date, 27/07/2016, has passed.",
            "reason": REASON,
            "by": "Priya Shah",
            "at": SIGNED_AT,
        }
    ]
    assert a.history[-1]["comment"] == "Signed off by Jo Smith, with 1 error waived"
    assert verify(q, a).ok
    assert verify(q, a).waivers == waivers_of(signed)


@pytest.mark.parametrize(
    "waiver",
    [
        pytest.param(review_waiver(key="monitoring.arrangements"), id="another key"),
        pytest.param(review_waiver(finding="no-review-date"), id="another finding"),
    ],
)
def test_a_waiver_matches_only_the_same_finding_and_key(store: Store, waiver: Waiver) -> None:
    loaded = example(store)
    with pytest.raises(BadInput) as caught:
        sign(loaded.questionnaire, loaded.assessment, "Jo Smith", SIGNED_AT, waivers=[waiver])
    assert "waives nothing" in str(caught.value)
    assert loaded.assessment.signed is None


def test_a_waiver_needs_a_reason(store: Store) -> None:
    loaded = example(store)
    blank = Waiver("review-date-passed", "monitoring.review_date", "  ", "Priya Shah", SIGNED_AT)
    with pytest.raises(BadInput) as caught:
        sign(loaded.questionnaire, loaded.assessment, "Jo Smith", SIGNED_AT, waivers=[blank])
    assert "reason" in str(caught.value)
    assert loaded.assessment.signed is None


def test_a_missing_answer_cannot_be_waived(store: Store) -> None:
    loaded = example(store)
    del loaded.assessment.answers["sign_off"]["dmt_member_name"]
    waivers = [
        review_waiver(),
        Waiver("required-missing", "sign_off.dmt_member_name", REASON, "Priya Shah", SIGNED_AT),
    ]
    with pytest.raises(BadInput) as caught:
        sign(loaded.questionnaire, loaded.assessment, "Jo Smith", SIGNED_AT, waivers=waivers)
    assert "sign_off.dmt_member_name: a missing answer cannot be waived" in str(caught.value)
    assert loaded.assessment.signed is None


def test_reopening_clears_the_waivers_and_the_history_notes_them(store: Store) -> None:
    loaded = example(store)
    q, a = loaded.questionnaire, loaded.assessment
    sign(q, a, "Jo Smith", SIGNED_AT, waivers=[review_waiver()])
    entry = reopen(a, "Priya Shah", date(2026, 4, 1))
    assert a.signed is None
    assert entry["comment"] == (
        "Reopened after sign-off by Jo Smith. 1 waiver cleared: "
        "review-date-passed at monitoring.review_date"
    )
    assert has_errors(check(q, a, date(2026, 4, 1))), "the error is back until waived again"


# --- The fingerprint covers the waivers -------------------------------------------------------


def test_a_waiver_survives_saving_and_reading(store: Store) -> None:
    path = signed_with_waiver(store)
    text = path.read_text(encoding="utf-8")
    assert "[[signed.waivers]]" in text
    again = store.load(ID)
    assert waivers_of(again.assessment.signed) == [
        Waiver(
            "review-date-passed",
            "monitoring.review_date",
            REASON,
            "Priya Shah",
            SIGNED_AT,
            "The review date, 27/07/2016, has passed.",
        )
    ]
    assert verify(again.questionnaire, again.assessment).ok


@pytest.mark.parametrize(
    ("edit", "kind"),
    [
        pytest.param(lambda t: t.replace("booked for", "planned for"), "changed", id="reason"),
        pytest.param(
            lambda t: t.replace('by = "Priya Shah"', 'by = "Someone"'), "changed", id="by"
        ),
        pytest.param(lambda t: t[: t.index("[[signed.waivers]]")], "changed", id="deleted"),
    ],
)
def test_editing_a_waiver_breaks_the_fingerprint(store: Store, edit, kind: str) -> None:  # type: ignore[no-untyped-def]
    path = signed_with_waiver(store)
    text = path.read_text(encoding="utf-8")
    assert text.index("[[signed.waivers]]") > text.index("[signed.answers]")
    edited = edit(text)
    assert edited != text
    path.write_text(edited, encoding="utf-8")
    again = store.load(ID)
    result = verify(again.questionnaire, again.assessment)
    assert not result.ok
    assert [(c.key, c.kind) for c in result.changes] == [("signed.waivers", kind)]
    assert result.summary().startswith("The waivers have changed since signed by Jo Smith")
    found = check(again.questionnaire, again.assessment, SIGNED_AT.date())
    (changed,) = [f for f in found if f.id == "changed-since-signed"]
    assert "These changed: the waivers recorded at sign-off." in changed.message
    assert has_errors(found)


def test_a_waiver_added_by_hand_breaks_the_fingerprint(store: Store) -> None:
    loaded = example(store, review_date=date(2027, 7, 27))
    sign(loaded.questionnaire, loaded.assessment, "Jo Smith", SIGNED_AT)
    assert loaded.assessment.signed is not None
    loaded.assessment.signed["waivers"] = [review_waiver().as_table()]
    result = verify(loaded.questionnaire, loaded.assessment)
    assert [(c.key, c.kind) for c in result.changes] == [("signed.waivers", "changed")]


# --- check and verify report the waivers ------------------------------------------------------


def test_check_marks_a_waived_finding_and_does_not_count_it(store: Store) -> None:
    signed_with_waiver(store)
    again = store.load(ID)
    findings = check(again.questionnaire, again.assessment, date(2026, 11, 23))
    (waived,) = [f for f in findings if f.waiver is not None]
    assert (waived.id, waived.severity, waived.key) == (
        "review-date-passed",
        "error",
        "monitoring.review_date",
    )
    assert waived.line().startswith("error (waived): monitoring.review_date: The review date")
    assert waived.line().endswith(f"Waived: {REASON} (Priya Shah, 02/03/2026)")
    assert not has_errors(findings)
    assert summary(findings) == "Found 1 waived error and 2 warnings."


def test_cli_check_reports_the_waiver_and_exits_0(store: Store, run: Run) -> None:
    path = signed_with_waiver(store)
    code, out, _ = run("check", path, "--today", "2026-11-23")
    assert code == 0
    assert out.splitlines()[0].startswith("error (waived): monitoring.review_date:")
    assert out.splitlines()[-1] == "Found 1 waived error and 2 warnings."
    code, out, _ = run("check", path, "--today", "2026-11-23", "--json")
    assert code == 0
    first = json.loads(out)[0]
    assert first["id"] == "review-date-passed"
    assert first["waived"] == {
        "reason": REASON,
        "by": "Priya Shah",
        "at": "2026-03-02T14:30:00+00:00",
    }
    assert all("waived" not in f for f in json.loads(out)[1:])


def test_cli_verify_lists_the_waivers(store: Store, run: Run) -> None:
    path = signed_with_waiver(store)
    code, out, _ = run("verify", path)
    assert code == 0
    assert out.splitlines() == [
        "Customer Service Policy: unchanged since signed by Jo Smith on "
        f"{SIGNED_AT.astimezone().strftime('%d/%m/%Y at %H:%M')} (version 2.0).",
        "1 error was waived at sign-off:",
        "  monitoring.review_date (review-date-passed): The review date, 27/07/2016, has passed. "
        f"Waived by Priya Shah on 02/03/2026: {REASON}",
    ]


def test_cli_verify_names_a_changed_waiver_and_exits_1(store: Store, run: Run) -> None:
    path = signed_with_waiver(store)
    path.write_text(path.read_text(encoding="utf-8").replace("booked", "planned"), "utf-8")
    code, out, _ = run("verify", path)
    assert code == 1
    lines = out.splitlines()
    assert lines[0].startswith("Customer Service Policy: the waivers changed since signed by")
    assert lines[1:3] == ["  changed: signed.waivers", "1 error was waived at sign-off:"]
    assert lines[3].endswith(REASON.replace("booked", "planned"))


def test_cli_verify_is_about_the_fingerprint_not_the_check(store: Store, run: Run) -> None:
    """A review date that passes after sign-off does not change the answers: verify still
    exits 0, and check reports the error (and exits 1)."""
    loaded = example(store, review_date=date(2026, 6, 1))
    sign(loaded.questionnaire, loaded.assessment, "Jo Smith", SIGNED_AT)
    path = store.save(loaded.questionnaire, loaded.assessment)
    assert run("verify", path)[0] == 0
    assert run("check", path, "--today", "2026-11-23")[0] == 1


# --- Reading [[signed.waivers]] ---------------------------------------------------------------


def _signed_file(tmp_path: Path, waiver: dict[str, object]) -> Path:
    data = dict(EXAMPLE_DATA)
    data["signed"] = {"by": "Jo Smith", "sha256": "a" * 64, "waivers": [waiver]}
    path = tmp_path / "bad.toml"
    path.write_text(tomli_w.dumps(data), encoding="utf-8")
    return path


GOOD = review_waiver().as_table()


@pytest.mark.parametrize(
    ("waiver", "line"),
    [
        pytest.param(
            {k: v for k, v in GOOD.items() if k != "reason"},
            "signed.waivers[0].reason: is missing: a waiver needs the reason why the assessment "
            "was signed off despite the finding",
            id="no reason",
        ),
        pytest.param(
            {**GOOD, "reason": "   "},
            "signed.waivers[0].reason: is missing: a waiver needs the reason why the assessment "
            "was signed off despite the finding",
            id="blank reason",
        ),
        pytest.param(
            {**GOOD, "at": "yesterday"},
            "signed.waivers[0].at: must be a TOML date and time such as 2026-11-25T10:15:00Z "
            '(no quotes), not the text "yesterday"',
            id="at as text",
        ),
        pytest.param(
            {**GOOD, "colour": "red"},
            "signed.waivers[0].colour: unknown key; allowed: finding, key, message, reason, by, at",
            id="unknown key",
        ),
    ],
)
def test_a_bad_waiver_is_one_line_and_exit_2(
    tmp_path: Path, run: Run, waiver: dict[str, object], line: str
) -> None:
    path = _signed_file(tmp_path, waiver)
    before = path.read_bytes()
    code, _, err = run("verify", path)
    assert code == 2
    assert err.splitlines() == [f"{path}: {line}"]
    assert path.read_bytes() == before


# --- Every export shows the waivers -----------------------------------------------------------


def test_the_document_exports_show_the_waiver(store: Store, kcc: Questionnaire) -> None:
    signed_with_waiver(store)
    again = store.load(ID)
    q, a = again.questionnaire, again.assessment
    md = str(export_document(q, a, "md"))
    signed_part = md[md.index("## Sign-off record") :]
    assert "**Errors waived at sign-off**" in signed_part
    assert "The review date, 27/07/2016, has passed." in signed_part
    assert REASON in signed_part
    assert "Priya Shah" in signed_part
    html = str(export_document(q, a, "html"))
    assert REASON in html[html.index("Sign-off record") :]
    assert "Errors waived at sign-off" in html
    docx = export_document(q, a, "docx")
    assert isinstance(docx, bytes)
    with zipfile.ZipFile(io.BytesIO(docx)) as archive:
        body = archive.read("word/document.xml").decode("utf-8")
    assert "Errors waived at sign-off" in body
    assert REASON in body
    toml_text = str(export_document(q, a, "toml"))
    assert "[[signed.waivers]]" in toml_text
    data = json.loads(str(export_document(q, a, "json")))
    assert data["signed"]["waivers"][0]["reason"] == REASON
