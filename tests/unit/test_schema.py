"""`eqia schema`: the JSON Schema of the assessment file, from the pydantic models.

The `jsonschema` package is not a dependency, so a small validator below covers the
keywords the pydantic schema uses ($ref, anyOf, const, enum, type, pattern, properties,
additionalProperties, required, items). It checks that the schema accepts a real file and
rejects broken ones, which is what an editor will do with it.
"""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path
from typing import Any

import pytest

from eqia_tui.cli import main
from eqia_tui.core.model.assessment import parse_assessment
from eqia_tui.core.model.questionnaire import Questionnaire
from eqia_tui.core.storage.schema import DIALECT, assessment_schema
from eqia_tui.exports.data import to_json

from .helpers import KCC_CHARACTERISTICS

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "checks"
CLEAN = FIXTURES / "clean.toml"
MINI_QUESTIONNAIRE = FIXTURES / "mini-questionnaire.toml"

_TYPES: dict[str, Any] = {
    "object": dict,
    "array": list,
    "string": str,
    "boolean": bool,
    "null": type(None),
}


def validate(
    instance: Any, schema: dict[str, Any], root: dict[str, Any], at: str = ""
) -> list[str]:
    """Every place where `instance` breaks `schema`, as "path: what"."""
    if "$ref" in schema:
        name = schema["$ref"].removeprefix("#/$defs/")
        return validate(instance, root["$defs"][name], root, at)
    errors: list[str] = []
    if "anyOf" in schema:
        results = [validate(instance, option, root, at) for option in schema["anyOf"]]
        if all(results):
            # Report the branch that is not "null": that is where the mistake is.
            return min(results, key=lambda found: found[0].endswith("is not of type null"))
        return errors
    if "const" in schema and instance != schema["const"]:
        errors.append(f"{at}: is not {schema['const']!r}")
    if "enum" in schema and instance not in schema["enum"]:
        errors.append(f"{at}: {instance!r} is not one of {schema['enum']}")
    wanted = schema.get("type")
    if wanted == "integer":
        if not isinstance(instance, int) or isinstance(instance, bool):
            errors.append(f"{at}: is not an integer")
    elif wanted is not None and not isinstance(instance, _TYPES[wanted]):
        errors.append(f"{at}: is not of type {wanted}")
    if isinstance(instance, str) and not re.search(schema.get("pattern", ""), instance):
        errors.append(f"{at}: does not match {schema['pattern']}")
    if isinstance(instance, dict):
        properties = schema.get("properties", {})
        for key in schema.get("required", []):
            if key not in instance:
                errors.append(f"{at}.{key}: is required")
        for key, value in instance.items():
            if key in properties:
                errors += validate(value, properties[key], root, f"{at}.{key}")
            elif schema.get("additionalProperties") is False:
                errors.append(f"{at}.{key}: is not allowed")
    if isinstance(instance, list) and "items" in schema:
        for index, item in enumerate(instance):
            errors += validate(item, schema["items"], root, f"{at}[{index}]")
    return errors


@pytest.fixture
def clean_json(kcc: Questionnaire) -> dict[str, Any]:
    data = tomllib.loads(CLEAN.read_text(encoding="utf-8"))
    assessment = parse_assessment(data, str(CLEAN), kcc).assessment
    document: dict[str, Any] = json.loads(to_json(kcc, assessment))
    return document


def test_schema_shape(kcc: Questionnaire) -> None:
    schema = assessment_schema(kcc)
    assert schema["$schema"] == DIALECT
    assert schema["type"] == "object" and schema["additionalProperties"] is False
    assert set(schema["required"]) >= {"format", "format_version", "id", "questionnaire"}
    properties = schema["properties"]
    for key in ("details", "screening", "judgement", "action_plan", "history", "signed"):
        assert key in properties
    grid = schema["$defs"]["Grid_screening"]
    assert list(grid["properties"]) == KCC_CHARACTERISTICS
    row = schema["$defs"]["Section_screening"]["properties"]
    impact = row["negative_impact"]["anyOf"][0]
    assert impact["enum"] == ["high", "medium", "low", "none", "unknown"]
    assert row["negative_impact"]["description"] == "Potential negative impact"


def test_schema_accepts_a_real_file(kcc: Questionnaire, clean_json: dict[str, Any]) -> None:
    schema = assessment_schema(kcc)
    assert validate(clean_json, schema, schema) == []


@pytest.mark.parametrize(
    ("path", "value", "where"),
    [
        (("screening", "age", "negative_impact"), "huge", ".screening.age.negative_impact"),
        (("screening", "aged"), {}, ".screening.aged"),
        (("details", "owner"), 3, ".details.owner"),
        (("id",), "Not A Slug", ".id"),
        (("format",), "something-else", ".format"),
    ],
)
def test_schema_rejects_broken_files(
    kcc: Questionnaire,
    clean_json: dict[str, Any],
    path: tuple[str, ...],
    value: Any,
    where: str,
) -> None:
    target = clean_json
    for part in path[:-1]:
        target = target[part]
    target[path[-1]] = value
    schema = assessment_schema(kcc)
    errors = validate(clean_json, schema, schema)
    assert errors and all(e.startswith(where) for e in errors), errors


def test_cli_schema_prints_pretty_json(capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    assert main(["schema"]) == 0
    out = capsys.readouterr().out
    assert out.startswith('{\n  "$schema": ')
    assert json.loads(out)["properties"]["questionnaire"]["const"] == "kcc-eqia"


def test_cli_schema_for_a_questionnaire_file(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    out = tmp_path / "mini.schema.json"
    assert main(["schema", "--questionnaire", str(MINI_QUESTIONNAIRE), "-o", str(out)]) == 0
    schema = json.loads(out.read_text(encoding="utf-8"))
    assert schema["properties"]["questionnaire"]["const"] == "mini-review"
    assert "screening" not in schema["properties"]
    # The same no-overwrite rule as the exports.
    capsys.readouterr()
    assert main(["schema", "-o", str(out)]) == 2
    assert "already exists; add --force" in capsys.readouterr().err
    assert main(["schema", "-o", str(out), "--force"]) == 0
    assert json.loads(out.read_text(encoding="utf-8"))["properties"]["questionnaire"]["const"] == (
        "kcc-eqia"
    )


def test_cli_schema_unknown_questionnaire_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    assert main(["schema", "--questionnaire", "no-such-thing"]) == 2
    assert "is not installed" in capsys.readouterr().err
