"""The `eqia` command: exit codes, output shapes, and bad input reported one line per problem."""

from __future__ import annotations

import copy
import json
import re
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from eqia_tui import __version__

from .helpers import EXAMPLE, KCC_DATA, KCC_PATH, Run, assessment_data, complete_answers

WriteToml = Callable[[Path, dict[str, Any]], Path]
RATE_KEYS = [
    "suggested_rating",
    "suggested_judgement",
    "judgement_basis",
    "judgement_reasons",
    "reasons",
    "rules_complete",
    "unanswered",
    "internal_action_written",
]
EXPORT_COMPUTED_KEYS = [*RATE_KEYS, "required_answered", "missing", "sign_off_missing"]
LIST_KEYS = [
    "id",
    "title",
    "questionnaire",
    "updated",
    "progress",
    "suggested_rating",
    "suggestion_complete",
    "review_status",
    "review",
    "open_comments",
]


def listed(out: str, assessment_id: str) -> list[str]:
    """What `eqia list` prints for one draft: its id and title, then its lines below."""
    lines = out.splitlines()
    at = next(i for i, line in enumerate(lines) if line.split()[:1] == [assessment_id])
    end = next((i for i in range(at + 1, len(lines)) if not lines[i].startswith(" ")), len(lines))
    return lines[at:end]


def snapshot(path: Path) -> tuple[bytes, int]:
    return path.read_bytes(), path.stat().st_mtime_ns


def assert_no_traceback(*texts: str) -> None:
    for text in texts:
        assert "Traceback" not in text
        assert 'File "' not in text


@pytest.fixture
def example(tmp_path: Path) -> Path:
    """A copy of the example file, so nothing can change the one in the repository."""
    path = tmp_path / "customer-service-policy.toml"
    path.write_bytes(EXAMPLE.read_bytes())
    return path


@pytest.fixture
def drafts(eqia_dirs: Any) -> Path:
    folder = eqia_dirs.home / "drafts"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


# --- Version, help, usage --------------------------------------------------------------------


def test_version(run: Run) -> None:
    code, out, _ = run.exits("--version")
    assert code == 0
    assert out.strip() == f"eqia {__version__}"


def test_help_lists_the_commands(run: Run) -> None:
    code, out, _ = run.exits("--help")
    assert code == 0
    for command in ("list", "rate", "validate", "export", "questionnaires", "questionnaire"):
        assert command in out
    assert "--home" in out


@pytest.mark.parametrize(
    "args",
    [
        ["frobnicate"],
        ["rate"],
        ["validate"],
        ["export", "x", "--format", "xml"],
        ["questionnaire"],
        ["questionnaire", "check"],
        ["list", "--jsn"],
    ],
    ids=lambda a: " ".join(a),
)
def test_usage_errors_exit_2_with_one_plain_line(run: Run, args: list[str]) -> None:
    code, out, err = run.exits(*args)
    assert code == 2
    assert out == ""
    eqia_lines = [line for line in err.splitlines() if line.startswith("eqia: ")]
    assert len(eqia_lines) == 1
    assert err.startswith("usage: ")
    assert_no_traceback(err)


# --- rate ------------------------------------------------------------------------------------


def test_rate_example_json_says_medium(run: Run, example: Path) -> None:
    code, out, err = run("rate", example, "--json")
    assert code == 0
    assert err == ""
    data = json.loads(out)
    assert list(data) == RATE_KEYS
    assert data["suggested_rating"] == "medium"
    assert data["suggested_judgement"] == "internal-action"
    assert isinstance(data["reasons"], list) and data["reasons"]
    assert all(isinstance(r, str) for r in data["reasons"])
    assert data["reasons"][0].startswith("Negative impact is medium or unknown for Age (Medium)")
    assert isinstance(data["rules_complete"], bool)
    assert data["rules_complete"] == (data["unanswered"] == [])


def test_rate_the_repository_example_directly(run: Run) -> None:
    code, out, _ = run("rate", EXAMPLE, "--json")
    assert code == 0
    assert json.loads(out)["suggested_rating"] == "medium"


def test_rate_text(run: Run, example: Path) -> None:
    code, out, _ = run("rate", example)
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "Suggested weighting: Medium"
    assert lines[1] == (
        "Suggested judgement: Option 2: internal action needed (from your own weighting)"
    )
    assert lines[2] == "Why:"
    assert lines[3].startswith("  - Negative impact is medium or unknown for Age (Medium)")
    assert lines[-2:] == [
        "Why this judgement:",
        '  - Your weighting is "Medium", which goes with "Option 2: internal action needed".',
    ]


def test_rate_partial_answers(run: Run, tmp_path: Path, write_toml: WriteToml) -> None:
    answers = {"screening": {"age": {"affects_less_favourably": True}}}
    path = write_toml(tmp_path / "partial.toml", assessment_data(answers))
    code, out, _ = run("rate", path, "--json")
    assert code == 0
    data = json.loads(out)
    assert data["suggested_rating"] == "medium"
    assert data["rules_complete"] is False
    assert data["unanswered"][0] == "age"
    assert len(data["unanswered"]) == len(KCC_DATA["characteristics"])
    assert data["reasons"][0].startswith("Age: marked as treated less well")


def test_rate_a_draft_by_id(run: Run, drafts: Path, write_toml: WriteToml) -> None:
    answers = complete_answers()
    answers["screening"]["race"]["negative_impact"] = "high"
    write_toml(drafts / "by-id.toml", assessment_data(answers, assessment_id="by-id"))
    code, out, _ = run("rate", "by-id", "--json")
    assert code == 0
    data = json.loads(out)
    assert data["suggested_rating"] == "high"
    # The officer's own weighting (low) decides the judgement, not the suggested one.
    assert data["suggested_judgement"] == "screening-sufficient"
    assert data["judgement_basis"] == "own weighting"
    assert data["rules_complete"] is True
    assert data["unanswered"] == []
    assert data["reasons"] == ["Negative impact is high for Race (High)."]


def test_rate_without_weighting_rules(
    run: Run, eqia_dirs: Any, tmp_path: Path, write_toml: WriteToml
) -> None:
    plain = {
        "id": "plain",
        "version": "1",
        "title": "Plain",
        "area": "Testshire",
        "sections": [
            {
                "id": "details",
                "title": "Details",
                "questions": [{"id": "title", "type": "text", "label": "Name", "help": "h"}],
            }
        ],
    }
    write_toml(eqia_dirs.config / "questionnaires" / "plain.toml", plain)
    data = assessment_data({"details": {"title": "Hello"}}, assessment_id="plain-one")
    data.update(questionnaire="plain", questionnaire_version="1")
    path = write_toml(tmp_path / "plain-one.toml", data)
    code, out, _ = run("rate", path)
    assert code == 0
    assert out.strip() == "This questionnaire has no weighting rules, so there is no suggestion."
    code, out, _ = run("rate", path, "--json")
    assert json.loads(out)["suggested_rating"] is None


def test_unknown_draft_id_exits_2(run: Run, eqia_dirs: Any) -> None:
    code, out, err = run("rate", "no-such-draft")
    assert code == 2
    assert out == ""
    (line,) = err.splitlines()
    assert line.startswith(str(eqia_dirs.home / "drafts" / "no-such-draft.toml"))
    assert 'no draft with the id "no-such-draft"' in line


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ("A B", "A B: no such file, and not a valid draft id: use 1 to 64 lower-case letters"),
        ("Caps", "Caps: no such file, and not a valid draft id: use 1 to 64"),
        ("../x", "../x: no such file"),
    ],
)
def test_bad_target_ids_exit_2_without_touching_the_store(
    run: Run,
    eqia_dirs: Any,
    target: str,
    expected: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # "../x" must name nothing: run from a folder whose parent holds no "x".
    here = tmp_path / "here"
    here.mkdir()
    monkeypatch.chdir(here)
    for command in ("rate", "validate", "export"):
        code, out, err = run(command, target)
        assert code == 2
        assert out == ""
        (line,) = err.splitlines()
        assert line.startswith(expected)
    assert list(eqia_dirs.home.iterdir()) == []


# --- validate --------------------------------------------------------------------------------


def test_validate_good_file(run: Run, example: Path) -> None:
    before = snapshot(example)
    code, out, err = run("validate", example)
    assert code == 0
    assert err == ""
    assert re.fullmatch(
        rf"{re.escape(str(example))}: a well-formed assessment for kcc-eqia 1\.3 "
        r"\(\d{1,3}% of required answers given\)\n",
        out,
    )
    assert snapshot(example) == before


def test_validate_complete_file_says_100(run: Run, tmp_path: Path, write_toml: WriteToml) -> None:
    path = write_toml(tmp_path / "done.toml", assessment_data(complete_answers()))
    code, out, _ = run("validate", path)
    assert code == 0
    assert out.endswith("(100% of required answers given)\n")


def test_validate_other_version_prints_notes_and_leaves_the_file(
    run: Run, tmp_path: Path, write_toml: WriteToml
) -> None:
    data = assessment_data(complete_answers())
    data["questionnaire_version"] = "0.9"
    data["details"]["budget"] = "1m"
    data["screening"]["age"]["colour"] = "red"
    path = write_toml(tmp_path / "older.toml", data)
    before = snapshot(path)
    code, out, err = run("validate", path)
    # Answers set aside are kept and listed, and validate says it found something.
    assert code == 1
    assert err.splitlines() == [
        "note: details.budget: this question is no longer asked; "
        "the answer is kept aside under [set_aside]",
        "note: screening.age.colour: this question is no longer asked; "
        "the answer is kept aside under [set_aside]",
    ]
    assert out == (
        f"{path}: an assessment for kcc-eqia 1.3 (100% of required answers given), but 2 "
        "answers are set aside under [set_aside]: answer again where need be, then delete "
        "them there\n"
    )
    assert snapshot(path) == before


# --- Bad input: exit 2, one line per problem, no traceback, the file untouched ---------------

Mutation = Callable[[dict[str, Any]], Any]

BAD_FILES: list[tuple[str, Mutation, str, str]] = [
    (
        "unknown key",
        lambda d: d["details"].update(ownr="x"),
        "details.ownr",
        'no question "ownr" in "details"; allowed: directorate, title',
    ),
    (
        "wrong type",
        lambda d: d["details"].update(owner=3),
        "details.owner",
        "3 is not allowed; use text in quotes",
    ),
    (
        "level misspelt",
        lambda d: d["screening"]["age"].update(negative_impact="mediun"),
        "screening.age.negative_impact",
        '"mediun" is not allowed; allowed: "high", "medium", "low", "none" or "unknown"',
    ),
    (
        "unknown characteristic",
        lambda d: d["screening"].update(carerz={"negative_impact": "low"}),
        "screening.carerz",
        'unknown characteristic "carerz"; allowed: age, disability',
    ),
    (
        "format_version newer",
        lambda d: d.update(format_version=2),
        "format_version",
        "is 2, but this version of eqia reads up to 1; update eqia to open it",
    ),
    (
        "questionnaire we do not have",
        lambda d: d.update(questionnaire="somewhere-else"),
        "questionnaire",
        '"somewhere-else" version "1.3" is not installed: put the questionnaire file in ',
    ),
    (
        "id not a slug",
        lambda d: d.update(id="Customer Service"),
        "id",
        '"Customer Service" is not a valid id: use 1 to 64 lower-case letters, digits and hyphens',
    ),
    (
        "format wrong",
        lambda d: d.update(format="eqia"),
        "format",
        'must be "eqia-assessment" (found "eqia")',
    ),
    (
        "date in quotes",
        lambda d: d["details"].update(screening_date="01/12/2014"),
        "details.screening_date",
        "use a TOML date such as 2026-12-01, without quotes",
    ),
]

COMMANDS = [["validate"], ["rate"], ["rate", "--json"], ["export"], ["export", "--format", "json"]]


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
@pytest.mark.parametrize(
    ("mutate", "key", "text"),
    [pytest.param(m, k, t, id=name) for name, m, k, t in BAD_FILES],
)
def test_bad_file_exits_2_with_one_line_naming_the_key(
    run: Run,
    tmp_path: Path,
    example_data: dict[str, Any],
    write_toml: WriteToml,
    command: list[str],
    mutate: Mutation,
    key: str,
    text: str,
) -> None:
    mutate(example_data)
    path = write_toml(tmp_path / "bad.toml", example_data)
    before = snapshot(path)
    code, out, err = run(command[0], path, *command[1:])
    assert code == 2
    assert out == ""
    assert_no_traceback(err)
    lines = err.splitlines()
    assert len(lines) == 1, lines
    assert lines[0].startswith(f"{path}: {key}: ")
    assert text in lines[0]
    assert snapshot(path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.toml"]


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_syntax_error_gives_line_and_column(run: Run, tmp_path: Path, command: list[str]) -> None:
    path = tmp_path / "syntax.toml"
    text = EXAMPLE.read_text(encoding="utf-8")
    text = text.replace('title = "Customer Service Policy"', 'title = "Customer Service Policy', 1)
    path.write_text(text, encoding="utf-8")
    line_no = text.splitlines().index('title = "Customer Service Policy') + 1
    before = snapshot(path)
    code, out, err = run(command[0], path, *command[1:])
    assert code == 2
    assert out == ""
    assert_no_traceback(err)
    (line,) = err.splitlines()
    assert re.match(
        rf"{re.escape(str(path))}: line {line_no}, column \d+: TOML syntax error: ", line
    ), line
    assert snapshot(path) == before


def test_missing_file_exits_2(run: Run, tmp_path: Path) -> None:
    code, out, err = run("validate", tmp_path / "nope.toml")
    assert code == 2
    assert out == ""
    assert err == f"{tmp_path / 'nope.toml'}: no such file\n"


def test_one_line_per_problem(
    run: Run, tmp_path: Path, example_data: dict[str, Any], write_toml: WriteToml
) -> None:
    example_data["screening"]["age"]["negative_impact"] = "mediun"
    example_data["screening"]["race"]["negative_impact"] = "severe"
    example_data["details"]["ownr"] = "x"
    path = write_toml(tmp_path / "many.toml", example_data)
    before = snapshot(path)
    code, out, err = run("validate", path)
    assert code == 2
    assert out == ""
    lines = err.splitlines()
    assert sorted(line.split(": ")[1] for line in lines) == [
        "details.ownr",
        "screening.age.negative_impact",
        "screening.race.negative_impact",
    ]
    assert all(line.startswith(f"{path}: ") for line in lines)
    assert snapshot(path) == before


def test_header_problems_are_all_reported(
    run: Run, tmp_path: Path, example_data: dict[str, Any], write_toml: WriteToml
) -> None:
    example_data.update(format="x", format_version=3, id="Bad Id")
    path = write_toml(tmp_path / "header.toml", example_data)
    code, _, err = run("rate", path, "--json")
    assert code == 2
    assert [line.split(": ")[1] for line in err.splitlines()] == ["format", "format_version", "id"]


def test_other_version_with_bad_set_aside_exits_2(
    run: Run, tmp_path: Path, example_data: dict[str, Any], write_toml: WriteToml
) -> None:
    example_data["questionnaire_version"] = "0.9"
    example_data["set_aside"] = "x"
    example_data["details"]["budget"] = "1m"
    path = write_toml(tmp_path / "aside.toml", example_data)
    code, out, err = run("validate", path)
    assert code == 2
    assert out == ""
    assert err.startswith(f"{path}: set_aside: ")


# --- export ----------------------------------------------------------------------------------


def test_export_toml_to_stdout(run: Run, example: Path) -> None:
    before = snapshot(example)
    source = tomllib.loads(example.read_text(encoding="utf-8"))
    code, out, err = run("export", example)
    assert code == 0
    assert err == ""
    data = tomllib.loads(out)
    computed = data.pop("computed")
    assert list(computed) == EXPORT_COMPUTED_KEYS
    assert computed["suggested_rating"] == "medium"
    assert computed["suggested_judgement"] == "internal-action"
    # The answers are exported as they are, the officer's own choices included.
    for section in ("details", "screening", "proportionality", "judgement"):
        assert data[section] == source[section]
    assert data["id"] == "customer-service-policy"
    assert "resume_at" not in data
    assert snapshot(example) == before


def test_export_keeps_the_officers_rating(run: Run, tmp_path: Path, write_toml: WriteToml) -> None:
    answers = complete_answers()
    answers["screening"]["age"]["negative_impact"] = "high"
    data = assessment_data(answers)
    data["resume_at"] = "screening"
    path = write_toml(tmp_path / "mine.toml", data)
    code, out, _ = run("export", path)
    assert code == 0
    exported = tomllib.loads(out)
    assert exported["computed"]["suggested_rating"] == "high"
    assert exported["computed"]["suggested_judgement"] == "screening-sufficient"
    assert exported["computed"]["judgement_basis"] == "own weighting"
    assert exported["proportionality"]["rating"] == "low"
    assert exported["judgement"]["option"] == "screening-sufficient"
    assert "resume_at" not in exported


def test_export_json_to_stdout(run: Run, example: Path) -> None:
    code, out, _ = run("export", example, "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert list(data["computed"]) == EXPORT_COMPUTED_KEYS
    assert data["computed"]["suggested_rating"] == "medium"
    assert data["details"]["screening_date"] == "2014-12-01"
    assert data["created"] == "2014-12-01T09:00:00+00:00"
    assert data["format"] == "eqia-assessment"


def test_export_to_a_file_and_never_overwrite_without_force(
    run: Run, example: Path, tmp_path: Path
) -> None:
    out_path = tmp_path / "out" / "export.json"
    out_path.parent.mkdir()
    code, out, err = run("export", example, "--format", "json", "-o", out_path)
    assert code == 0
    assert out == ""
    assert err == f"Wrote {out_path}\n"
    assert json.loads(out_path.read_text(encoding="utf-8"))["computed"]["suggested_rating"] == (
        "medium"
    )

    out_path.write_text("keep me", encoding="utf-8")
    before = snapshot(out_path)
    code, out, err = run("export", example, "--format", "json", "-o", out_path)
    assert code == 2
    assert out == ""
    assert err == f"{out_path}: already exists; add --force to replace it\n"
    assert snapshot(out_path) == before

    code, _, _ = run("export", example, "-o", out_path, "--force")
    assert code == 0
    assert tomllib.loads(out_path.read_text(encoding="utf-8"))["computed"]["suggested_rating"] == (
        "medium"
    )
    assert sorted(p.name for p in out_path.parent.iterdir()) == ["export.json"]


def test_export_to_a_folder_is_refused(run: Run, example: Path, tmp_path: Path) -> None:
    folder = tmp_path / "folder"
    folder.mkdir()
    code, _, err = run("export", example, "-o", folder, "--force")
    assert code == 2
    assert err == f"{folder}: is a folder; give a file name\n"
    assert list(folder.iterdir()) == []


def test_exported_toml_reads_back_as_the_same_assessment(
    run: Run, example: Path, tmp_path: Path
) -> None:
    exported = tmp_path / "exported.toml"
    assert run("export", example, "-o", exported)[0] == 0
    code, out, err = run("validate", exported)
    assert code == 0, err
    assert "a well-formed assessment for kcc-eqia 1.3" in out
    assert run("rate", exported, "--json")[1] == run("rate", example, "--json")[1]


def test_export_a_draft_by_id_with_home(
    run: Run, tmp_path: Path, write_toml: WriteToml, eqia_dirs: Any
) -> None:
    other_home = tmp_path / "other-home"
    write_toml(other_home / "drafts" / "elsewhere.toml", assessment_data({}, "elsewhere"))
    code, out, _ = run("--home", other_home, "export", "elsewhere", "--format", "json")
    assert code == 0
    assert json.loads(out)["id"] == "elsewhere"
    # Without --home the draft is not found in $EQIA_HOME.
    code, _, err = run("export", "elsewhere")
    assert code == 2
    assert str(eqia_dirs.home / "drafts" / "elsewhere.toml") in err


# --- list ------------------------------------------------------------------------------------


def test_list_empty(run: Run, eqia_dirs: Any) -> None:
    code, out, _ = run("list")
    assert code == 0
    assert out.startswith(f"No drafts in {eqia_dirs.home / 'drafts'}.")
    code, out, _ = run("list", "--json")
    assert code == 0
    assert json.loads(out) == []


def test_list_json_shape_with_a_broken_draft(run: Run, drafts: Path, write_toml: WriteToml) -> None:
    answers = complete_answers()
    answers["screening"]["age"]["negative_impact"] = "unknown"
    good = write_toml(drafts / "good.toml", assessment_data(answers, "good"))
    broken = drafts / "broken.toml"
    broken.write_text("this is not toml", encoding="utf-8")
    before = {p: snapshot(p) for p in (good, broken)}
    code, out, err = run("list", "--json")
    assert code == 0
    assert err == ""
    rows = {row["id"]: row for row in json.loads(out)}
    assert set(rows) == {"good", "broken"}
    assert list(rows["good"]) == LIST_KEYS
    assert rows["good"]["title"] == "Library opening hours"
    assert rows["good"]["questionnaire"] == "kcc-eqia"
    assert rows["good"]["updated"] == "2026-01-05T09:30:00+00:00"
    assert rows["good"]["progress"] == round(100 * 57 / 58)  # action_details is now required too
    assert rows["good"]["suggested_rating"] == "medium"
    assert list(rows["broken"]) == [*LIST_KEYS, "error"]
    assert rows["broken"]["error"].startswith("line 1, column ")
    assert {p: snapshot(p) for p in (good, broken)} == before


def test_list_text(run: Run, drafts: Path, write_toml: WriteToml) -> None:
    write_toml(drafts / "good.toml", assessment_data(complete_answers(), "good"))
    (drafts / "broken.toml").write_text("this is not toml", encoding="utf-8")
    code, out, _ = run("list")
    assert code == 0
    assert listed(out, "good") == [
        "good  Library opening hours",
        "    kcc-eqia, saved 05/01/2026 09:30, 100% answered, suggested low",
        "    Review: Draft",
    ]
    assert "broken: line 1, column" in listed(out, "broken")[0]


def test_list_says_when_the_suggestion_is_not_yet_worth_much(
    run: Run, drafts: Path, write_toml: WriteToml
) -> None:
    # A new draft would otherwise read "low", as if nothing could go wrong.
    write_toml(drafts / "empty.toml", assessment_data({}, "empty"))
    partial = {"screening": {"age": {"affects_less_favourably": False, "negative_impact": "low"}}}
    write_toml(drafts / "partial.toml", assessment_data(partial, "partial"))
    code, out, _ = run("list")
    assert code == 0
    assert listed(out, "empty")[1:3] == [
        "    kcc-eqia, saved 05/01/2026 09:30, 0% answered,",
        "      suggested not yet: nothing screened",
    ]
    assert listed(out, "partial")[1].endswith(", suggested low so far")
    _, out, _ = run("list", "--json")
    rows = {row["id"]: row for row in json.loads(out)}
    assert rows["partial"]["suggestion_complete"] is False


def test_home_option_overrides_eqia_home(
    run: Run, tmp_path: Path, drafts: Path, write_toml: WriteToml
) -> None:
    write_toml(drafts / "in-env-home.toml", assessment_data({}, "in-env-home"))
    other = tmp_path / "other"
    write_toml(other / "drafts" / "in-other.toml", assessment_data({}, "in-other"))
    _, out, _ = run("list", "--json")
    assert [row["id"] for row in json.loads(out)] == ["in-env-home"]
    _, out, _ = run("--home", other, "list", "--json")
    assert [row["id"] for row in json.loads(out)] == ["in-other"]


# --- questionnaires --------------------------------------------------------------------------


def test_questionnaires(run: Run) -> None:
    code, out, _ = run("questionnaires")
    assert code == 0
    kcc_line = next(line for line in out.splitlines() if line.startswith("kcc-eqia "))
    assert "Equality Impact Assessment" in kcc_line
    assert kcc_line.endswith("(built in)")
    code, out, _ = run("questionnaires", "--json")
    assert code == 0
    entries = json.loads(out)
    kcc = next(e for e in entries if e.get("id") == "kcc-eqia")
    assert kcc == {
        "id": "kcc-eqia",
        "version": "1.3",
        "title": "Equality Impact Assessment",
        "source": kcc["source"],
    }
    assert Path(kcc["source"]).name == "kcc-eqia.toml"


def test_questionnaires_lists_a_broken_user_file(
    run: Run, eqia_dirs: Any, write_toml: WriteToml
) -> None:
    data = copy.deepcopy(KCC_DATA)
    data["id"] = "ours"
    data["colour"] = "red"
    path = write_toml(eqia_dirs.config / "questionnaires" / "ours.toml", data)
    code, out, _ = run("questionnaires", "--json")
    assert code == 0
    broken = [e for e in json.loads(out) if "error" in e]
    assert broken == [{"source": str(path), "error": broken[0]["error"]}]
    assert broken[0]["error"].startswith(f"{path}: colour: unknown key")
    _, out, _ = run("questionnaires")
    assert f"broken: {path}: colour: unknown key" in out


# --- questionnaire check ---------------------------------------------------------------------


def test_questionnaire_check_valid(run: Run) -> None:
    code, out, err = run("questionnaire", "check", KCC_PATH)
    assert code == 0
    assert err == ""
    assert re.fullmatch(
        rf"{re.escape(str(KCC_PATH))}: valid questionnaire kcc-eqia 1\.3: \d+ sections and "
        r"\d+ questions, \d+ of them asked for each of 10 characteristics\n",
        out,
    )


def test_questionnaire_check_reports_every_problem(
    run: Run, tmp_path: Path, write_toml: WriteToml
) -> None:
    data = copy.deepcopy(KCC_DATA)
    data["weighting"]["rules"][0]["level"] = "severe"
    data["weighting"]["rules"][1]["reason"] = "{why}"
    data["weighting"]["judgement_for"].pop("low")
    path = write_toml(tmp_path / "mine.toml", data)
    before = snapshot(path)
    code, out, err = run("questionnaire", "check", path)
    assert code == 2
    assert out == ""
    assert_no_traceback(err)
    lines = err.splitlines()
    assert [line.split(": ")[1] for line in lines] == [
        "weighting.rules[0].level",
        "weighting.rules[1].reason",
        "weighting.judgement_for",
    ]
    assert all(line.startswith(f"{path}: ") for line in lines)
    assert snapshot(path) == before


def test_questionnaire_check_structural_problem(
    run: Run, tmp_path: Path, write_toml: WriteToml
) -> None:
    data = copy.deepcopy(KCC_DATA)
    data["sections"][0]["questions"][0]["type"] = "txt"
    path = write_toml(tmp_path / "mine.toml", data)
    code, _, err = run("questionnaire", "check", path)
    assert code == 2
    (line,) = err.splitlines()
    assert line.startswith(f'{path}: sections[0].questions[0]: unknown question type "txt"')


def test_questionnaire_check_missing_and_syntax(run: Run, tmp_path: Path) -> None:
    code, _, err = run("questionnaire", "check", tmp_path / "nope.toml")
    assert code == 2
    assert err == f"{tmp_path / 'nope.toml'}: no such file\n"
    bad = tmp_path / "bad.toml"
    bad.write_text('id = "x"\nversion = \n', encoding="utf-8")
    code, _, err = run("questionnaire", "check", bad)
    assert code == 2
    assert err.startswith(f"{bad}: line 2, column 11: TOML syntax error: ")
