"""Questionnaire files: the built-ins load, and every broken file is reported with its key path."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from eqia_tui.core.model.questionnaire import (
    ChoiceQuestion,
    Condition,
    Questionnaire,
    load_questionnaire_data,
    load_questionnaire_file,
    reason_problems,
)
from eqia_tui.core.storage.registry import builtin_files
from eqia_tui.core.text.problems import BadInput, Problem

from .helpers import KCC_CHARACTERISTICS, KCC_PATH

FILE = "q.toml"

# Indexes into kcc-eqia's sections and its screening grid's questions.
DETAILS, SCREENING, PROPORTIONALITY, JUDGEMENT, FULL, ACTION_PLAN = 0, 1, 2, 3, 4, 5
AFFECTS, AFFECTS_DETAILS, POSITIVE, NEGATIVE, ACTION_DETAILS = 0, 1, 2, 3, 4


def problems_for(data: dict[str, Any]) -> list[Problem]:
    with pytest.raises(BadInput) as caught:
        load_questionnaire_data(data, FILE)
    assert caught.value.problems, "BadInput must carry at least one problem"
    return caught.value.problems


def grid_question(data: dict[str, Any], index: int) -> dict[str, Any]:
    return data["sections"][SCREENING]["questions"][index]


def tiny_questionnaire(**extra: Any) -> dict[str, Any]:
    """The smallest valid questionnaire: one section, one text question, no weighting."""
    data: dict[str, Any] = {
        "id": "tiny",
        "version": "1",
        "title": "Tiny",
        "area": "Testshire",
        "sections": [
            {
                "id": "details",
                "title": "Details",
                "questions": [{"id": "title", "type": "text", "label": "Name", "help": "A name."}],
            }
        ],
    }
    data.update(extra)
    return data


# --- The built-in questionnaires -------------------------------------------------------------


def test_builtin_files_include_kcc() -> None:
    names = [p.name for p in builtin_files()]
    assert "kcc-eqia.toml" in names


@pytest.mark.parametrize("path", builtin_files(), ids=lambda p: p.name)
def test_every_builtin_questionnaire_loads(path: Path) -> None:
    questionnaire = load_questionnaire_file(path)
    assert questionnaire.source == str(path)
    assert questionnaire.sections


def test_kcc_shape(kcc: Questionnaire) -> None:
    assert kcc.id == "kcc-eqia"
    assert kcc.version == "1.3"
    assert kcc.area == "Kent"
    assert [c.id for c in kcc.characteristics] == KCC_CHARACTERISTICS
    assert [s.id for s in kcc.sections] == [
        "details",
        "screening",
        "proportionality",
        "judgement",
        "full_assessment",
        "action_plan",
        "due_regard",
        "monitoring",
        "sign_off",
    ]
    assert [s.id for s in kcc.grids()] == ["screening"]
    assert kcc.weighting is not None
    assert [r.id for r in kcc.weighting.rules] == [
        "high_negative_impact",
        "medium_or_unknown_negative_impact",
        "affected_but_not_rated",
    ]
    assert [r.level for r in kcc.weighting.rules] == ["high", "medium", "medium"]
    assert kcc.weighting.otherwise == "low"
    assert kcc.weighting.needs == ["affects_less_favourably", "negative_impact"]
    assert kcc.weighting.judgement_for == {
        "high": "full-assessment",
        "medium": "internal-action",
        "low": "screening-sufficient",
    }


def test_impact_scale_ranks_unknown_as_medium(kcc: Questionnaire) -> None:
    impact = kcc.scales["impact"]
    assert impact.values() == ["high", "medium", "low", "none", "unknown"]
    ranks = {v: impact.rank(v) for v in impact.values()}
    assert ranks["high"] > ranks["medium"] > ranks["low"] > ranks["none"]
    assert ranks["unknown"] == ranks["medium"]
    assert impact.rank("mediun") is None


def test_words_fill_in_the_area(kcc: Questionnaire) -> None:
    found = kcc.resolve("screening.affects_less_favourably")
    assert found is not None
    text = kcc.words(found[1].label)
    assert "{area}" not in text
    assert text.endswith("than others in Kent?")


def test_resolve_and_options(kcc: Questionnaire) -> None:
    assert kcc.resolve("details.nope") is None
    assert kcc.resolve("nope.title") is None
    section, question = kcc.resolve("judgement.option") or (None, None)
    assert section is not None and section.id == "judgement"
    assert isinstance(question, ChoiceQuestion)
    assert [o.value for o in kcc.options_for(question)] == [
        "screening-sufficient",
        "internal-action",
        "full-assessment",
    ]
    _, rating = kcc.resolve("proportionality.rating") or (None, None)
    assert isinstance(rating, ChoiceQuestion)
    assert [o.value for o in kcc.options_for(rating)] == ["high", "medium", "low"]
    assert kcc.scale_for(rating) is kcc.scales["weighting"]


def test_label_of_answers(kcc: Questionnaire) -> None:
    def question(ref: str) -> Any:
        found = kcc.resolve(ref)
        assert found is not None
        return found[1]

    assert kcc.label_of(question("screening.negative_impact"), "unknown") == "Unknown"
    assert kcc.label_of(question("screening.negative_impact"), "bogus") == "bogus"
    assert kcc.label_of(question("screening.affects_less_favourably"), True) == "Yes"
    assert kcc.label_of(question("screening.affects_less_favourably"), False) == "No"
    assert kcc.label_of(question("details.screening_date"), date(2026, 12, 1)) == "01/12/2026"
    columns = question("action_plan.actions").columns
    chars = next(c for c in columns if c.id == "characteristics")
    assert kcc.label_of(chars, "all") == "All"
    assert kcc.label_of(chars, ["age", "carers"]) == "Age, Carers"


def test_condition_describe() -> None:
    assert Condition(question="a", equals=True).describe() == "a is yes"
    assert Condition(question="a", equals=False).describe() == "a is no"
    assert Condition(question="a", equals="x").describe() == "a is x"
    assert Condition.model_validate({"question": "a", "in": ["x", "y"]}).describe() == (
        "a is one of x, y"
    )
    assert Condition(question="a", at_least="medium").describe() == "a is at least medium"
    assert Condition(question="a", answered=False).describe() == "a is not answered"


def test_single_condition_table_and_list_both_accepted(kcc: Questionnaire) -> None:
    affects_details = kcc.resolve("screening.affects_details")
    assert affects_details is not None
    assert affects_details[1].ask_when == (
        Condition(question="affects_less_favourably", equals=True),
    )
    rule = kcc.weighting.rules[2] if kcc.weighting else None
    assert rule is not None and len(rule.when) == 2


def test_tiny_questionnaire_without_weighting_or_characteristics_loads() -> None:
    questionnaire = load_questionnaire_data(tiny_questionnaire(), FILE)
    assert questionnaire.weighting is None
    assert questionnaire.characteristics == []
    assert questionnaire.source == FILE


def test_loaded_questionnaires_are_frozen(kcc: Questionnaire) -> None:
    with pytest.raises(Exception, match="frozen"):
        kcc.title = "changed"  # type: ignore[misc]


# --- Broken questionnaires: every problem with its key path ------------------------------------

Mutation = Callable[[dict[str, Any]], Any]

BAD_CASES: list[tuple[str, Mutation, str, str]] = [
    (
        "unknown top-level key",
        lambda d: d.update(colour="red"),
        "colour",
        "unknown key",
    ),
    (
        "unknown key in a question",
        lambda d: d["sections"][DETAILS]["questions"][1].update(colour="red"),
        "sections[0].questions[1].colour",
        "unknown key",
    ),
    (
        "unknown key in a rule",
        lambda d: d["weighting"]["rules"][0].update(priority=1),
        "weighting.rules[0].priority",
        "unknown key",
    ),
    (
        "missing required key",
        lambda d: d["sections"][DETAILS]["questions"][1].pop("help"),
        "sections[0].questions[1].help",
        "is required but missing",
    ),
    (
        "bad question type tag",
        lambda d: d["sections"][DETAILS]["questions"][1].update(type="txt"),
        "sections[0].questions[1]",
        'unknown question type "txt"; allowed: "text", "long_text"',
    ),
    (
        "question without a type",
        lambda d: d["sections"][DETAILS]["questions"][1].pop("type"),
        "sections[0].questions[1]",
        "needs a type",
    ),
    (
        "id that is not a valid id",
        lambda d: d["sections"][DETAILS]["questions"][1].update(id="Title"),
        "sections[0].questions[1].id",
        '"Title" is not a valid id',
    ),
    (
        "empty label",
        lambda d: d["sections"][DETAILS]["questions"][1].update(label="   "),
        "sections[0].questions[1].label",
        "must not be empty",
    ),
    (
        "label of the wrong type",
        lambda d: d["sections"][DETAILS]["questions"][1].update(label=3),
        "sections[0].questions[1].label",
        "must be text in quotes, not the number 3",
    ),
    (
        "duplicate question id",
        lambda d: d["sections"][DETAILS]["questions"][1].update(id="directorate"),
        "sections[0].questions[1].id",
        'question id "directorate" is used twice',
    ),
    (
        "duplicate characteristic id",
        lambda d: d["characteristics"][1].update(id="age"),
        "characteristics[1].id",
        'characteristic id "age" is used twice',
    ),
    (
        "duplicate column id",
        lambda d: d["sections"][ACTION_PLAN]["questions"][0]["columns"][1].update(
            id="characteristics"
        ),
        "sections[5].questions[0].columns[1].id",
        'column id "characteristics" is used twice',
    ),
    (
        "unresolved scale",
        lambda d: grid_question(d, POSITIVE).update(scale="impakt"),
        "sections[1].questions[2].scale",
        'no scale "impakt"; defined: "impact" or "weighting"',
    ),
    (
        "choice with both scale and options",
        lambda d: d["sections"][JUDGEMENT]["questions"][0].update(scale="weighting"),
        "sections[3].questions[0]",
        "needs either scale or options",
    ),
    (
        "duplicate option in a scale",
        lambda d: d["scales"]["weighting"]["options"][1].update(value="high"),
        "scales.weighting.options[1].value",
        "used twice in this scale",
    ),
    (
        "counts_as not a level",
        lambda d: d["scales"]["impact"]["options"][4].update(counts_as="mid"),
        "scales.impact.options[4].counts_as",
        '"mid" is not a level of this scale; allowed: "high", "medium", "low" or "none"',
    ),
    (
        "condition referring to a later question",
        lambda d: grid_question(d, AFFECTS).update(
            ask_when={"question": "negative_impact", "equals": "high"}
        ),
        "sections[1].questions[0].ask_when.question",
        '"negative_impact" is not a question asked before this one',
    ),
    (
        "condition referring to itself",
        lambda d: grid_question(d, NEGATIVE).update(
            required_when={"question": "negative_impact", "equals": "high"}
        ),
        "sections[1].questions[3].required_when.question",
        "is not a question asked before this one",
    ),
    (
        "condition referring to an unknown question",
        lambda d: grid_question(d, ACTION_DETAILS).update(
            required_when=[
                {"question": "negative_impact", "at_least": "medium"},
                {"question": "nope", "answered": True},
            ]
        ),
        "sections[1].questions[4].required_when[1].question",
        '"nope" is not a question asked before this one',
    ),
    (
        "section condition on a later section",
        lambda d: d["sections"][PROPORTIONALITY].update(
            ask_when={"question": "judgement.option", "equals": "full-assessment"}
        ),
        "sections[2].ask_when.question",
        '"judgement.option" is not a question asked before this one',
    ),
    (
        "section condition on a grid question",
        lambda d: d["sections"][PROPORTIONALITY].update(
            ask_when={"question": "screening.negative_impact", "equals": "high"}
        ),
        "sections[2].ask_when.question",
        "is not a question asked before this one",
    ),
    (
        "at_least on a yes/no question",
        lambda d: grid_question(d, ACTION_DETAILS).update(
            required_when={"question": "affects_less_favourably", "at_least": "medium"}
        ),
        "sections[1].questions[4].required_when",
        'at_least needs "affects_less_favourably" to be a choice on a scale',
    ),
    (
        "at_least with a value not in the scale",
        lambda d: grid_question(d, ACTION_DETAILS).update(
            required_when={"question": "negative_impact", "at_least": "mediun"}
        ),
        "sections[1].questions[4].required_when",
        '"mediun" is not an option of "negative_impact"; allowed: "high", "medium"',
    ),
    (
        "at_least on a choice with inline options",
        lambda d: d["sections"][JUDGEMENT]["questions"][1].update(
            ask_when={"question": "option", "at_least": "internal-action"}
        ),
        "sections[3].questions[1].ask_when",
        'at_least needs "option" to be a choice on a scale',
    ),
    (
        "condition with two tests",
        lambda d: grid_question(d, ACTION_DETAILS).update(
            required_when=[
                {"question": "negative_impact", "at_least": "medium", "equals": "high"},
                {"question": "affects_less_favourably", "equals": True},
            ]
        ),
        "sections[1].questions[4].required_when[0]",
        "exactly one of equals, in, at_least or answered (found equals, at_least)",
    ),
    (
        "condition with no test",
        lambda d: grid_question(d, AFFECTS_DETAILS).update(
            ask_when=[{"question": "affects_less_favourably"}, {"question": "x", "answered": 1}]
        ),
        "sections[1].questions[1].ask_when[0]",
        "a condition needs exactly one of equals, in, at_least or answered",
    ),
    (
        "equals text on a yes/no question",
        lambda d: grid_question(d, AFFECTS_DETAILS).update(
            ask_when={"question": "affects_less_favourably", "equals": "yes"}
        ),
        "sections[1].questions[1].ask_when",
        "is a yes/no question: equals must be true or false",
    ),
    (
        "equals true on a choice question",
        lambda d: grid_question(d, ACTION_DETAILS).update(
            required_when={"question": "negative_impact", "equals": True}
        ),
        "sections[1].questions[4].required_when",
        "is not a yes/no question: equals needs a value",
    ),
    (
        "in on a yes/no question",
        lambda d: grid_question(d, AFFECTS_DETAILS).update(
            ask_when={"question": "affects_less_favourably", "in": ["yes"]}
        ),
        "sections[1].questions[1].ask_when",
        '"in" needs "affects_less_favourably" to be a choice question',
    ),
    (
        "in with a value that is not an option",
        lambda d: d["sections"][ACTION_PLAN].update(
            ask_when={"question": "judgement.option", "in": ["internal-action", "full"]}
        ),
        "sections[5].ask_when",
        '"full" is not an option of "judgement.option"',
    ),
    (
        "table tested with equals",
        lambda d: d["sections"][6]["questions"][0].update(
            ask_when={"question": "action_plan.actions", "equals": "x"}
        ),
        "sections[6].questions[0].ask_when",
        '"action_plan.actions" is a table: only "answered" can test it',
    ),
    (
        "characteristics question with no characteristics",
        lambda d: (
            d.pop("characteristics"),
            d["sections"].pop(SCREENING),
            d.pop("weighting"),
        ),
        "sections[4].questions[0].columns[0].type",
        "the questionnaire lists no characteristics to choose from",
    ),
    (
        "unknown reason placeholder",
        lambda d: d["weighting"]["rules"][0].update(reason="High for {matches}."),
        "weighting.rules[0].reason",
        "{matches} is not known; use {matched}, {characteristics} or {count}",
    ),
    (
        "rule level not in the scale",
        lambda d: d["weighting"]["rules"][1].update(level="severe"),
        "weighting.rules[1].level",
        '"severe" is not a level; allowed: "high", "medium" or "low"',
    ),
    (
        "rule condition on an unknown grid question",
        lambda d: d["weighting"]["rules"][0]["when"][0].update(question="harm"),
        "weighting.rules[0].when[0].question",
        '"harm" is not a question of "screening"',
    ),
    (
        "rule condition with a value not an option",
        lambda d: d["weighting"]["rules"][0]["when"][0].update(equals="severe"),
        "weighting.rules[0].when[0]",
        '"severe" is not an option of "negative_impact"',
    ),
    (
        "rule with no conditions",
        lambda d: d["weighting"]["rules"][0].update(when=[]),
        "weighting.rules[0].when",
        "must not be empty",
    ),
    (
        "min_count below one",
        lambda d: d["weighting"]["rules"][0].update(min_count=0),
        "weighting.rules[0].min_count",
        "must be 1 or more",
    ),
    (
        "judgement_for missing a level",
        lambda d: d["weighting"]["judgement_for"].pop("medium"),
        "weighting.judgement_for",
        'no judgement given for the level "medium"',
    ),
    (
        "judgement_for with a level not in the scale",
        lambda d: d["weighting"]["judgement_for"].update(severe="full-assessment"),
        "weighting.judgement_for.severe",
        'not a level; allowed: "high", "medium" or "low"',
    ),
    (
        "judgement_for with an option the judgement question lacks",
        lambda d: d["weighting"]["judgement_for"].update(medium="think-again"),
        "weighting.judgement_for.medium",
        '"think-again" is not an option of "judgement.option"',
    ),
    (
        "otherwise not a level",
        lambda d: d["weighting"].update(otherwise="none"),
        "weighting.otherwise",
        '"none" is not a level',
    ),
    (
        "grid that is not a grid",
        lambda d: d["weighting"].update(grid="details"),
        "weighting.grid",
        '"details" is not a grid section; grids: "screening"',
    ),
    (
        "weighting scale that does not exist",
        lambda d: d["weighting"].update(scale="levels"),
        "weighting.scale",
        'no scale "levels"',
    ),
    (
        "needs an unknown grid question",
        lambda d: d["weighting"].update(needs=["affects_less_favourably", "harm"]),
        "weighting.needs[1]",
        '"harm" is not a question of "screening"',
    ),
    (
        "rating question that is not a choice",
        lambda d: d["weighting"].update(rating_question="details.title"),
        "weighting.rating_question",
        '"details.title" must be a choice question',
    ),
    (
        "rating question on another scale",
        lambda d: d["weighting"].update(rating_question="judgement.option"),
        "weighting.rating_question",
        'must use the scale "weighting"',
    ),
    (
        "judgement question that does not exist",
        lambda d: d["weighting"].update(judgement_question="judgement.verdict"),
        "weighting.judgement_question",
        '"judgement.verdict" is not a question of a section',
    ),
    (
        "rating question not written as section.question",
        lambda d: d["weighting"].update(rating_question="rating"),
        "weighting.rating_question",
        '"rating" must be written as section.question',
    ),
    (
        "per_characteristic with no characteristics",
        lambda d: (d.pop("characteristics"), d.pop("weighting"), d["sections"].pop(ACTION_PLAN)),
        "sections[1].per_characteristic",
        "the questionnaire lists no characteristics",
    ),
    (
        "no sections",
        lambda d: d.update(sections=[]),
        "sections",
        "must not be empty",
    ),
]


@pytest.mark.parametrize(
    ("mutate", "key", "text"),
    [pytest.param(m, k, t, id=name) for name, m, k, t in BAD_CASES],
)
def test_broken_questionnaire_reports_key_path(
    kcc_data: dict[str, Any], mutate: Mutation, key: str, text: str
) -> None:
    mutate(kcc_data)
    problems = problems_for(kcc_data)
    keys = [p.key for p in problems]
    assert key in keys, f"no problem at {key!r}; got {[p.line() for p in problems]}"
    matching = [p for p in problems if p.key == key]
    assert any(text in p.message for p in matching), [p.line() for p in matching]
    for p in problems:
        assert p.file == FILE
        assert p.line().startswith(f"{FILE}: {p.key}: ")


def test_single_mistake_gives_exactly_one_problem(kcc_data: dict[str, Any]) -> None:
    kcc_data["weighting"]["rules"][0]["reason"] = "High for {matches}."
    problems = problems_for(kcc_data)
    assert [p.line() for p in problems] == [
        "q.toml: weighting.rules[0].reason: {matches} is not known; "
        "use {matched}, {characteristics} or {count}"
    ]


def test_every_problem_is_reported_at_once(kcc_data: dict[str, Any]) -> None:
    kcc_data["weighting"]["rules"][0]["level"] = "severe"
    kcc_data["weighting"]["rules"][1]["reason"] = "{why}"
    kcc_data["weighting"]["judgement_for"].pop("low")
    grid_question(kcc_data, POSITIVE)["scale"] = "impakt"
    keys = {p.key for p in problems_for(kcc_data)}
    assert keys >= {
        "weighting.rules[0].level",
        "weighting.rules[1].reason",
        "weighting.judgement_for",
        "sections[1].questions[2].scale",
    }


def test_structural_errors_are_all_reported_together(kcc_data: dict[str, Any]) -> None:
    kcc_data["colour"] = "red"
    kcc_data["sections"][DETAILS]["questions"][0]["type"] = "txt"
    kcc_data["sections"][DETAILS]["questions"][2].pop("label")
    keys = [p.key for p in problems_for(kcc_data)]
    assert "colour" in keys
    assert "sections[0].questions[0]" in keys
    assert "sections[0].questions[2].label" in keys


def test_load_questionnaire_file_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "mine.toml"
    path.write_text('colour = "red"\n' + KCC_PATH.read_text(encoding="utf-8"), encoding="utf-8")
    with pytest.raises(BadInput) as caught:
        load_questionnaire_file(path)
    assert [p.line() for p in caught.value.problems] == [
        f"{path}: colour: unknown key (check the spelling; "
        "see docs/questionnaires.md for the keys allowed)"
    ]


def test_load_questionnaire_file_syntax_error_gives_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "broken.toml"
    path.write_text('id = "x"\ntitle = "unclosed\n', encoding="utf-8")
    with pytest.raises(BadInput) as caught:
        load_questionnaire_file(path)
    (problem,) = caught.value.problems
    assert problem.file == str(path)
    assert problem.key == "line 2, column 18"
    assert problem.message.startswith("TOML syntax error: ")


def test_load_questionnaire_file_missing(tmp_path: Path) -> None:
    with pytest.raises(BadInput) as caught:
        load_questionnaire_file(tmp_path / "nope.toml")
    assert caught.value.problems[0].message == "no such file"


def test_counts_as_chain_is_refused() -> None:
    data = tiny_questionnaire(
        scales={
            "levels": {
                "label": "Levels",
                "options": [
                    {"value": "high", "label": "High"},
                    {"value": "unsure", "label": "Unsure", "counts_as": "high"},
                    {"value": "maybe", "label": "Maybe", "counts_as": "unsure"},
                ],
            }
        }
    )
    problems = problems_for(data)
    assert [p.key for p in problems] == ["scales.levels.options[2].counts_as"]
    assert 'allowed: "high"' in problems[0].message


# --- Known bugs --------------------------------------------------------------------------------


def test_characteristics_key_path_is_kept(kcc_data: dict[str, Any]) -> None:
    kcc_data["characteristics"][0].pop("label")
    keys = [p.key for p in problems_for(kcc_data)]
    assert keys == ["characteristics[0].label"]


def test_column_type_message_does_not_offer_table(kcc_data: dict[str, Any]) -> None:
    kcc_data["sections"][ACTION_PLAN]["questions"][0]["columns"][1]["type"] = "table"
    (problem,) = problems_for(kcc_data)
    assert problem.key == "sections[5].questions[0].columns[1]"
    assert '"table"' not in problem.message.split("allowed:", 1)[1]


def test_single_condition_table_key_path_has_no_index(kcc_data: dict[str, Any]) -> None:
    grid_question(kcc_data, AFFECTS_DETAILS)["ask_when"] = {
        "question": "affects_less_favourably",
        "equals": True,
        "colour": "red",
    }
    keys = [p.key for p in problems_for(kcc_data)]
    assert keys == ["sections[1].questions[1].ask_when.colour"]


def test_rating_question_pattern_message_asks_for_section_dot_question(
    kcc_data: dict[str, Any],
) -> None:
    kcc_data["weighting"]["rating_question"] = "rating"
    (problem,) = problems_for(kcc_data)
    assert problem.key == "weighting.rating_question"
    assert "section.question" in problem.message


# --- Strict types and key paths --------------------------------------------------------------


def test_required_must_be_true_or_false_not_text(kcc_data: dict[str, Any]) -> None:
    kcc_data["sections"][ACTION_PLAN]["questions"][0]["columns"][1]["required"] = "yes"
    (problem,) = problems_for(kcc_data)
    assert problem.key == "sections[5].questions[0].columns[1].required"
    assert problem.message == 'must be true or false, not the text "yes"'


def test_conditions_as_a_list_still_load_in_strict_mode(kcc: Questionnaire) -> None:
    assert kcc.weighting is not None
    assert all(isinstance(rule.when, tuple) for rule in kcc.weighting.rules)


def test_conditions_of_the_wrong_type_are_one_plain_line(kcc_data: dict[str, Any]) -> None:
    grid_question(kcc_data, AFFECTS_DETAILS)["ask_when"] = "affects_less_favourably"
    (problem,) = problems_for(kcc_data)
    assert problem.key == "sections[1].questions[1].ask_when"
    assert problem.message.startswith("must be a table or a list of tables")


def test_equals_of_the_wrong_type_is_one_line(kcc_data: dict[str, Any]) -> None:
    grid_question(kcc_data, AFFECTS_DETAILS)["ask_when"] = {
        "question": "affects_less_favourably",
        "equals": 3,
    }
    (problem,) = problems_for(kcc_data)
    assert problem.key == "sections[1].questions[1].ask_when.equals"
    assert problem.message == "must be true or false, or text in quotes, not the number 3"


def test_rule_condition_table_with_unknown_key_is_one_line(kcc_data: dict[str, Any]) -> None:
    kcc_data["weighting"]["rules"][0]["when"] = [
        {"question": "negative_impact", "equals": "high", "colour": "red"}
    ]
    keys = [p.key for p in problems_for(kcc_data)]
    assert keys == ["weighting.rules[0].when[0].colour"]


def test_bad_scale_name_is_reported_at_the_scale(kcc_data: dict[str, Any]) -> None:
    kcc_data["scales"]["Impact"] = kcc_data["scales"]["impact"]
    (problem,) = problems_for(kcc_data)
    assert problem.key == "scales.Impact"
    assert '"Impact" is not a valid id' in problem.message


def test_key_named_like_a_question_type_is_kept(kcc_data: dict[str, Any]) -> None:
    kcc_data["sections"][DETAILS]["questions"][1]["text"] = "x"
    keys = [p.key for p in problems_for(kcc_data)]
    assert keys == ["sections[0].questions[1].text"]


def test_column_without_a_type_is_not_offered_table(kcc_data: dict[str, Any]) -> None:
    kcc_data["sections"][ACTION_PLAN]["questions"][0]["columns"][1].pop("type")
    (problem,) = problems_for(kcc_data)
    assert problem.key == "sections[5].questions[0].columns[1]"
    assert problem.message.startswith("needs a type; allowed: ")
    assert '"table"' not in problem.message


@pytest.mark.parametrize(
    ("where", "value", "text"),
    [
        (("weighting", "judgement_question"), "option", "must be written as section.question"),
        (("weighting", "reasons_question"), "Reasons", "must be written as section.question"),
        (("id",), "KCC", "is not a valid questionnaire id"),
    ],
)
def test_pattern_messages_say_what_is_expected(
    kcc_data: dict[str, Any], where: tuple[str, ...], value: str, text: str
) -> None:
    target = kcc_data
    for part in where[:-1]:
        target = target[part]
    target[where[-1]] = value
    (problem,) = problems_for(kcc_data)
    assert problem.key == ".".join(where)
    assert text in problem.message
    assert f'"{value}"' in problem.message
    assert "'" not in problem.message


def test_condition_question_pattern_message(kcc_data: dict[str, Any]) -> None:
    grid_question(kcc_data, AFFECTS_DETAILS)["ask_when"] = {"question": "Affects", "equals": True}
    (problem,) = problems_for(kcc_data)
    assert problem.key == "sections[1].questions[1].ask_when.question"
    assert "is not a question id or section.question" in problem.message


def test_option_value_pattern_message(kcc_data: dict[str, Any]) -> None:
    kcc_data["scales"]["impact"]["options"][0]["value"] = "Very high"
    (problem,) = problems_for(kcc_data)
    assert problem.key == "scales.impact.options[0].value"
    assert "is not a valid value" in problem.message


@pytest.mark.parametrize(
    ("reason", "problems"),
    [
        ("Plain words.", []),
        ("{matched}, {characteristics}, {count} and {{braces}}.", []),
        ("{matched!s}", ["{matched!s} has more than a name inside the braces; write {matched}"]),
        ("{count:>3}", ["{count:>3} has more than a name inside the braces; write {count}"]),
        ("{why}", ["{why} is not known; use {matched}, {characteristics} or {count}"]),
        (
            "{",
            [
                "has a { or } that does not close; braces may only wrap {matched}, "
                "{characteristics} or {count}; write {{ or }} for a brace"
            ],
        ),
    ],
)
def test_reason_placeholders_are_checked_so_formatting_cannot_fail(
    reason: str, problems: list[str]
) -> None:
    assert reason_problems(reason) == problems
    if not problems:
        reason.format(matched="m", characteristics="c", count=1)
